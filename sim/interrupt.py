"""Stopping a run from outside: Ctrl-C (SIGINT) or SIGTERM (what ``timeout``, ``kill`` and a
cluster scheduler send) end a command with one line saying what was kept and how to go on,
after the unfinished work's files are removed (issue 28).

SIGTERM is turned into :class:`Stopped`, a ``KeyboardInterrupt``, so that every clean-up that
already runs on Ctrl-C (``finally`` blocks, the run folder's clean-up in :mod:`sim.cli`, joblib
stopping its workers) runs on SIGTERM too, instead of the process dying mid-write.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from sim.io import DONE_MARKER


class Stopped(KeyboardInterrupt):
    """The process was asked to stop by a signal other than Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)  # args == (signum,): SimPy re-raises it as type(exc)(*exc.args)
        self.signum = signum

    def __str__(self) -> str:
        return signal.Signals(self.signum).name


# the signal that stopped this process (0: none yet). Hydra and OmegaConf catch what is raised
# inside their own code and may end with an error of their own (a config node half-updated
# when the signal landed): the command line then still reports the stop, not that error
RECEIVED: list[int] = []


def _raise_stopped(signum: int, _frame: FrameType | None) -> None:
    RECEIVED.append(signum)
    raise Stopped(signum)


def _on_ctrl_c(signum: int, frame: FrameType | None) -> None:
    RECEIVED.append(signum)
    raise KeyboardInterrupt


def stopped_by() -> KeyboardInterrupt | None:
    """The stop this process received, as the exception it raised (None: none)."""
    if not RECEIVED:
        return None
    return Stopped(RECEIVED[0]) if RECEIVED[0] != signal.SIGINT else KeyboardInterrupt()


@contextlib.contextmanager
def handle_stops() -> Iterator[None]:
    """While inside, SIGTERM stops this process as Ctrl-C does and both are remembered (main
    thread only; elsewhere a no-op); the handlers before are put back after (``sim.cli.main`` is
    also called in-process)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    RECEIVED.clear()
    before = signal.signal(signal.SIGTERM, _raise_stopped)
    before_int = signal.signal(signal.SIGINT, _on_ctrl_c)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)
        signal.signal(signal.SIGINT, before_int)


def exit_code(exc: KeyboardInterrupt) -> int:
    """The shell's code for a process ended by the signal: 128 + its number."""
    return 128 + (exc.signum if isinstance(exc, Stopped) else signal.SIGINT)


def stopped_line(exc: KeyboardInterrupt, folder: Path | None, sweep: bool) -> str:
    """One line: what stopped the command, what of it is kept, how to go on."""
    what = f"stopped ({'SIGTERM' if isinstance(exc, Stopped) else 'Ctrl-C'})"
    again = "run the same command again to start over"
    if not sweep:
        return f"{what}: the unfinished run was removed, nothing of it is kept; {again}"
    points = []
    if folder is not None and folder.is_dir():
        points = [p for p in folder.iterdir() if p.is_dir() and p.name.isdigit()]
    done = sum((p / DONE_MARKER).exists() for p in points)
    if not done:
        return f"{what}: no sweep point had finished, nothing is kept; {again}"
    return (
        f"{what}: {done} finished sweep point{'s' if done != 1 else ''} kept in {folder}, the "
        "unfinished ones removed; run the same command again to run only what is missing"
    )


def workers_deaf_to_ctrl_c() -> None:
    """Start the local launcher's worker processes with Ctrl-C (SIGINT) blocked.

    A Ctrl-C typed in a terminal reaches every process of the foreground group: the sweep's
    workers too, and a worker still importing its libraries printed a KeyboardInterrupt
    traceback of its own under the command's one line. The command line itself stops the sweep
    (joblib then ends its workers), so the workers need not hear it: a blocked signal mask is
    inherited through fork and exec, and Python does not unblock it. joblib's loky starts every
    worker through one function, which is wrapped here (joblib's own shutdown still reaches the
    workers: it uses SIGTERM and SIGKILL)."""
    try:
        from joblib.externals.loky.backend import fork_exec as loky_launch
    except ImportError:  # another platform's loky: its workers keep the default
        return
    launch = loky_launch.fork_exec
    if getattr(launch, "deaf_to_ctrl_c", False):
        return

    def fork_exec_deaf(*args: object, **kwargs: object) -> int:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            return int(launch(*args, **kwargs))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)

    fork_exec_deaf.deaf_to_ctrl_c = True  # type: ignore[attr-defined]
    loky_launch.fork_exec = fork_exec_deaf  # looked up at each launch
