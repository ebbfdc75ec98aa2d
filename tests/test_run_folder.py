"""The folder a command writes into (issue 28 item 2): a file in its place, a file among its
parents or another running command's folder is one line naming the key before anything runs;
a lock left by a process that has gone is taken over."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.config import ConfigError
from sim.run_folder import LOCK, check_writable, claim, release

TINY = ["scenario=classroom", "replications=1", "horizon_days=2", "warmup_days=1", "report.enabled=false"]


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def other_process():
    """A live process that is not this one (holds a lock in the tests)."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield proc.pid
    proc.kill()
    proc.wait()


def test_a_file_in_the_folders_place_or_among_its_parents_is_refused(tmp_path: Path) -> None:
    occupied = tmp_path / "taken"
    occupied.write_text("mine")
    with pytest.raises(ConfigError, match="is a file, not a folder") as got:
        check_writable(occupied, "hydra.run.dir")
    assert got.value.key == "hydra.run.dir"
    with pytest.raises(ConfigError, match=r"cannot be made: .*taken is a file"):
        check_writable(occupied / "deeper" / "run", "hydra.sweep.dir")
    check_writable(tmp_path / "new" / "run", "hydra.run.dir")  # a folder yet to be made is fine


def test_a_folder_held_by_a_live_process_is_refused_and_a_stale_lock_taken_over(
    tmp_path: Path, other_process: int
) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / LOCK).write_text(f"{other_process}\n")
    with pytest.raises(ConfigError, match=rf"in use by another run \(process {other_process}\)"):
        claim(folder, "hydra.run.dir")
    assert (folder / LOCK).read_text().strip() == str(other_process)  # not taken from it
    gone = subprocess.run(  # a process id that was real and has gone
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    (folder / LOCK).write_text(gone.stdout)
    lock = claim(folder, "hydra.run.dir")
    assert lock.read_text().strip() == str(os.getpid())
    release(lock)
    assert not lock.exists() and folder.is_dir()


def test_the_command_line_refuses_an_occupied_or_held_folder_in_one_line(
    tmp_path: Path, other_process: int
) -> None:
    occupied = tmp_path / "results.txt"
    occupied.write_text("not a folder")
    done = _cli([*TINY, f"hydra.run.dir={occupied}"], tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("error: hydra.run.dir: "), done.stderr
    assert occupied.read_text() == "not a folder"
    held = tmp_path / "held"
    held.mkdir()
    (held / LOCK).write_text(f"{other_process}\n")
    done = _cli(["-m", *TINY, "seed=1,2", f"hydra.sweep.dir={held}"], tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: hydra.sweep.dir: ") and "in use by another run" in last, done.stderr
    assert sorted(p.name for p in held.iterdir()) == [LOCK]  # nothing run, nothing written


def test_a_finished_run_leaves_no_lock(tmp_path: Path) -> None:
    out = tmp_path / "a" / "run"
    done = _cli([*TINY, f"hydra.run.dir={out}"], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (out / "run_info.json").exists() and not (out / LOCK).exists()
