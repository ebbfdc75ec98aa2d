"""Progress of a long run on the terminal: replication, model, simulated day, time left.

On a terminal a tqdm bar counts simulated model-days (replications × models × days)
and names where the run is; when stderr is not a terminal (a log file, a SLURM job,
the tests) there is no bar, only one line per finished replication.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from typing import TextIO

from tqdm import tqdm


class RunProgress:
    """Reports a comparison's progress; use as ``on_day`` and ``progress`` callbacks."""

    def __init__(
        self,
        replications: int,
        labels: Mapping[str, str],
        n_days: int,
        stream: TextIO | None = None,
        min_interval_s: float = 0.5,
    ) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.labels, self.n_days, self.replications = dict(labels), n_days, replications
        self.t0 = time.perf_counter()
        self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self.bar: tqdm | None = None
        if self.interactive:
            self.bar = tqdm(
                total=replications * len(self.labels) * n_days,
                unit="day",
                file=self.stream,
                dynamic_ncols=True,
                leave=False,
                mininterval=min_interval_s,
                miniters=1,
                bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} model-days [{elapsed}<{remaining}{postfix}]",
            )
        self._counted = 0

    def on_day(self, replication: int, model: str, day: int) -> None:
        """A simulated day starts (serial runs)."""
        if self.bar is None:
            return
        self.bar.set_postfix_str(
            f"replication {replication + 1}/{self.replications}, {self.labels.get(model, model)}, "
            f"day {day + 1}/{self.n_days}",
            refresh=False,
        )
        self.bar.update(1)
        self._counted += 1

    def replication_done(self, done: int, total: int) -> None:
        """``done`` of ``total`` replications have finished."""
        if self.bar is not None:
            if total != self.replications:  # a precision target may add replications
                self.replications = total
                self.bar.total = total * len(self.labels) * self.n_days
            # parallel runs report no days: count the finished replications' days here
            self.bar.update(max(0, done * len(self.labels) * self.n_days - self._counted))
            self._counted = max(self._counted, done * len(self.labels) * self.n_days)
            return
        el = time.perf_counter() - self.t0
        left = el / done * (total - done)
        print(
            f"  replication {done}/{total} done, {el:.0f} s elapsed, ~{left:.0f} s left",
            file=self.stream,
            flush=True,
        )

    def close(self) -> None:
        """Remove the bar (the run's summary follows)."""
        if self.bar is not None:
            self.bar.close()


class TaskProgress:
    """Reports finished tasks of a long experiment (a bar on a terminal, else a line each)."""

    def __init__(self, total: int, unit: str, stream: TextIO | None = None) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.total, self.unit = total, unit
        self.t0 = time.perf_counter()
        interactive = bool(getattr(self.stream, "isatty", lambda: False)())
        self.bar: tqdm | None = (
            tqdm(total=total, unit=unit, file=self.stream, dynamic_ncols=True, leave=False)
            if interactive
            else None
        )

    def done(self, finished: int, what: str) -> None:
        """``finished`` of the tasks are done, the latest being ``what``."""
        if self.bar is not None:
            self.bar.set_postfix_str(what, refresh=False)
            self.bar.update(finished - self.bar.n)
            return
        el = time.perf_counter() - self.t0
        left = el / finished * (self.total - finished)
        print(
            f"  {self.unit} {finished}/{self.total} done ({what}), {el:.0f} s elapsed, ~{left:.0f} s left",
            file=self.stream,
            flush=True,
        )

    def close(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.close()
