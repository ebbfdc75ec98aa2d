"""Progress of long runs (issue 10.4): a bar on a terminal, one line per replication elsewhere."""

from __future__ import annotations

import io

import sim
from sim.experiment import multiple_replications
from sim.progress import RunProgress

TINY = ["replications=2", "horizon_days=2", "warmup_days=1", "scenario.districts.centrum.n_clients=20"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(stream: io.StringIO, n_jobs: int = 1) -> RunProgress:
    cfg = sim.config(TINY)
    labels = {m: cfg.models[m].label for m in cfg.compare}
    shown = RunProgress(cfg.replications, labels, cfg.warmup_days + cfg.horizon_days, stream, 0.0)
    multiple_replications(
        cfg, n_jobs=n_jobs, keep_events=False, progress=shown.replication_done, on_day=shown.on_day
    )
    shown.close()
    return shown


def test_outside_a_terminal_one_line_per_replication_and_no_bar():
    out = io.StringIO()
    _run(out)
    lines = out.getvalue().splitlines()
    assert [line.split(" done")[0].strip() for line in lines] == ["replication 1/2", "replication 2/2"]
    assert "model-days" not in out.getvalue()


def test_on_a_terminal_a_bar_over_every_model_day_names_where_the_run_is():
    out = _Terminal()
    shown = _run(out)
    text = out.getvalue()
    assert "model-days" in text and "replication 2/2" in text and "Trust-based" in text
    assert "day 3/3" in text
    assert shown.bar is not None and shown.bar.n == shown.bar.total == 2 * 2 * 3


def test_parallel_runs_count_whole_replications():
    shown = _run(_Terminal(), n_jobs=2)
    assert shown.bar is not None and shown.bar.n == shown.bar.total
