"""Ctrl-C and SIGTERM in the middle of a command (issue 28 item 1): one line saying what stopped
it and what is kept, the shell's exit code for the signal, no traceback, nothing of the
unfinished work left behind; a sweep keeps the points that had finished."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SMALL = ["scenario=classroom", "replications=1", "warmup_days=2"]


def _start(args: list[str], where: Path) -> tuple[subprocess.Popen[bytes], Path]:
    err = where / "stderr.txt"
    with open(err, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sim", *args],
            cwd=where,
            stdout=subprocess.DEVNULL,
            stderr=out,
            env={**os.environ, "MPLBACKEND": "Agg"},
            start_new_session=True,  # its own process group: Ctrl-C reaches its workers too
        )
    return proc, err


def _wait_for(proc: subprocess.Popen[bytes], ready: object, timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while not ready():  # type: ignore[operator]
        assert proc.poll() is None, "the command ended before it could be stopped"
        assert time.monotonic() < end, "the command never got going"
        time.sleep(0.2)


def _stop(proc: subprocess.Popen[bytes], how: str) -> int:
    if how == "ctrl-c":  # a terminal sends SIGINT to the whole foreground process group
        os.killpg(proc.pid, signal.SIGINT)
    else:  # `timeout`, `kill` and a cluster scheduler send SIGTERM to the command
        os.kill(proc.pid, signal.SIGTERM)
    try:
        return proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def _last_line(err: Path) -> str:
    text = err.read_text(errors="replace")
    assert "Traceback" not in text, text[-3000:]
    return [line for line in text.splitlines() if line.strip()][-1]


CODES = {"ctrl-c": 130, "sigterm": 143}
SAID = {"ctrl-c": "stopped (Ctrl-C)", "sigterm": "stopped (SIGTERM)"}
RUNS = {
    "run": (["horizon_days=150"], "Scenario classroom"),
    # its district runs go to worker processes, which a terminal's Ctrl-C reaches too (they
    # leave it to the command: test_a_sweeps_workers_leave_ctrl_c_to_the_command)
    "transition": (
        ["+experiment=phased_transition", "horizon_days=200", "transition.districts_per_wave=1"],
        "Transition ",
    ),
    "equal-budget": (["+experiment=equal_budget", "horizon_days=60"], "Equal budget in"),
}
CASES = [("run", "ctrl-c"), ("run", "sigterm"), ("transition", "ctrl-c"), ("equal-budget", "ctrl-c")]


@pytest.mark.parametrize(("kind", "how"), CASES, ids=[f"{k}-{h}" for k, h in CASES])
def test_a_stopped_run_says_so_in_one_line_and_leaves_nothing(tmp_path: Path, kind: str, how: str) -> None:
    extra, started = RUNS[kind]
    out = tmp_path / "results" / "run"
    proc, err = _start([*SMALL, *extra, f"hydra.run.dir={out}"], tmp_path)
    _wait_for(proc, lambda: started in err.read_text(errors="replace"))
    time.sleep(1.0)  # into the simulation
    code = _stop(proc, how)
    line = _last_line(err)
    assert code == CODES[how], err.read_text()[-2000:]
    assert line.startswith(SAID[how]) and "nothing of it is kept" in line, line
    assert not (tmp_path / "results").exists(), sorted(p.name for p in (tmp_path / "results").rglob("*"))


@pytest.mark.parametrize("how", ["ctrl-c"])  # SIGTERM: the run and the transition above
def test_a_stopped_sweep_keeps_its_finished_points_only(tmp_path: Path, how: str) -> None:
    sweep = tmp_path / "sweep"
    args = [
        "-m", *SMALL, "horizon_days=3", "models.trust.planning.buffer_share=0.0,0.1,0.2,0.3",
        "report.enabled=false", "hydra.launcher.n_jobs=1", f"hydra.sweep.dir={sweep}",
    ]  # fmt: skip
    proc, err = _start(args, tmp_path)
    _wait_for(proc, lambda: (sweep / "0" / "run_info.json").exists())
    code = _stop(proc, how)
    line = _last_line(err)
    assert code == CODES[how], err.read_text()[-3000:]
    points = sorted(p.name for p in sweep.iterdir() if p.is_dir() and p.name.isdigit())
    done = [p for p in points if (sweep / p / "run_info.json").exists()]
    assert points == done and "0" in done  # unfinished points removed, finished ones kept
    assert line.startswith(SAID[how]) and f"{len(done)} finished sweep point" in line, line
    assert "run the same command again" in line
    assert not list(sweep.rglob(".spool-*")) and not list(sweep.rglob(".partial-*"))


def _group(pgid: int) -> dict[int, str]:
    """The processes of a process group: pid -> command line (Linux /proc)."""
    out = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) == pgid:
                out[int(d.name)] = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, IndexError):
            continue
    return out


def _blocks_ctrl_c(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status").read_text()
    mask = int(next(line for line in status.splitlines() if line.startswith("SigBlk:")).split()[1], 16)
    return bool(mask & (1 << (signal.SIGINT - 1)))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the signal masks in /proc")
def test_a_sweeps_workers_leave_ctrl_c_to_the_command(tmp_path: Path) -> None:
    """A Ctrl-C while the local launcher's workers were still importing printed their own
    KeyboardInterrupt tracebacks: they now start with SIGINT blocked, and the command stops them."""
    sweep = tmp_path / "sweep"
    args = [
        "-m", *SMALL, "horizon_days=3", "seed=1,2,3,4", "report.enabled=false",
        "hydra.launcher.n_jobs=2", f"hydra.sweep.dir={sweep}",
    ]  # fmt: skip
    proc, err = _start(args, tmp_path)

    def workers() -> list[int]:
        return [pid for pid, cmd in _group(proc.pid).items() if "popen_loky_posix" in cmd]

    _wait_for(proc, lambda: len(workers()) >= 2)
    assert all(_blocks_ctrl_c(pid) for pid in workers())
    assert not _blocks_ctrl_c(proc.pid)  # the command itself still hears it
    code = _stop(proc, "ctrl-c")
    line = _last_line(err)  # no traceback from anyone
    assert code == 130 and line.startswith("stopped (Ctrl-C)"), err.read_text()[-2000:]
    end = time.monotonic() + 30
    while _group(proc.pid) and time.monotonic() < end:  # joblib ends its workers
        time.sleep(0.2)
    assert not _group(proc.pid)
