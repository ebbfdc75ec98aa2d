"""Bad inputs (issue 14), part two: the helper commands (sim.report, sim.trace, sim.export),
``python -m sim`` end to end in subprocesses, and runs that fail after Hydra started — each
one plain line, exit code 2 (or the failure's own), and nothing left behind. Part one, the
corpus of bad overrides, is tests/test_bad_inputs.py; the rules are listed in docs/errors.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------ helper commands


def test_report_and_trace_of_a_missing_folder(tmp_path, capsys):
    from sim.report.__main__ import main as report
    from sim.trace import main as trace

    missing = tmp_path / "nowhere"
    for command in (report, trace):
        assert command([str(missing)]) == 2
        err = capsys.readouterr().err
        assert err == f"error: no such folder: {missing}\n"
    assert list(tmp_path.iterdir()) == []


def test_trace_of_a_folder_that_is_no_run(tmp_path, capsys):
    from sim.trace import main as trace

    assert trace([str(tmp_path)]) == 2
    assert (
        capsys.readouterr().err == f"error: {tmp_path} is not a finished run folder (no config.yaml in it)\n"
    )


def test_export_with_bad_overrides(tmp_path, capsys):
    from sim.export import main as export

    out = tmp_path / "unit"
    assert export(["replicatons=2", "--out", str(out)]) == 2
    assert capsys.readouterr().err == "error: replicatons: unknown key; did you mean replications? " + (
        "(see docs/parameters.md for the keys)\n"
    )
    assert export(["scenario.staffing.skill_shares.delegation=0", "--out", str(out)]) == 2
    assert "nobody can do task 'insulin'" in capsys.readouterr().err
    assert not out.exists()


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> Path:
    """A finished run of two replications of 3 days (1 warm-up), with activities."""
    cwd = tmp_path_factory.mktemp("tiny")
    run_dir = cwd / "run"
    args = ["replications=2", "horizon_days=2", "warmup_days=1", "scenario.districts.centrum.n_clients=10"]
    args += ["report.enabled=false", "output.print_table=false", "n_jobs=1", f"hydra.run.dir={run_dir}"]
    done = subprocess.run(
        [sys.executable, "-m", "sim", *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=_env()
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return run_dir


@pytest.mark.parametrize(
    "args,says",
    [
        (["--replication", "5"], "error: --replication: this run has replications 0 to 1; got 5"),
        (
            ["--day", "9"],
            "error: --day: this run has days 0 to 2 (0 = the first warm-up day; measured days 1 to 2)",
        ),
        (
            ["--caregiver", "9999"],
            "error: --caregiver: caregiver 9999 did not work in this run; its caregiver ids are 0 to",
        ),
    ],
    ids=["replication", "day", "caregiver"],
)
def test_trace_names_the_valid_range(tiny_run, args, says, capsys):
    from sim.trace import main as trace

    assert trace([str(tiny_run), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(says) and err.count("\n") == 1, err


# ------------------------------------------------------------------ end to end, in subprocesses

END_TO_END = {
    "unknown-key": (["replicatons=3"], "did you mean replications?"),
    "skill": (["scenario.staffing.skill_shares.delegation=0"], "nobody can do task 'insulin'"),
    "sweep": (["-m", "seed=1,2", "scenario.staffing.caregivers_per_district=1,0"], "double-staffed"),
}


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    """Every command line of END_TO_END at once, in parallel processes."""
    procs = {}
    for name, (argv, _) in END_TO_END.items():
        cwd = tmp_path_factory.mktemp(name)
        cmd = [sys.executable, "-m", "sim", *argv, "hydra.run.dir=out", "hydra.sweep.dir=sw"]
        procs[name] = (
            subprocess.Popen(
                cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
            ),
            cwd,
        )
    return {name: (p.wait(timeout=300), p.communicate()[1], cwd) for name, (p, cwd) in procs.items()}


@pytest.mark.parametrize("name", list(END_TO_END))
def test_end_to_end_one_line_exit_2_nothing_written(cli_runs, name):
    code, err, cwd = cli_runs[name]
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("error: ") and END_TO_END[name][1] in err, err
    assert list(cwd.iterdir()) == []


FAILING_RUN = """
import sys, sim.cli as cli
def fail(*args, **kwargs):
    raise RuntimeError("stopped by the test")
cli.multiple_replications = fail
sys.argv = ["sim", *sys.argv[1:]]
cli.main()
"""
# the simulation runs; writing its tables stops after two are moved into place
FAILING_WRITE = """
import os, sys, sim.cli as cli
real_write, real_replace = cli.write_results, os.replace
def write(*args, **kwargs):
    moved = []
    def crash(src, dst):
        if len(moved) == 2:
            raise RuntimeError("stopped by the test")
        moved.append(dst)
        real_replace(src, dst)
    os.replace = crash
    try:
        return real_write(*args, **kwargs)
    finally:
        os.replace = real_replace
cli.write_results = write
sys.argv = ["sim", *sys.argv[1:]]
cli.main()
"""


@pytest.mark.parametrize(
    "script,argv",
    [
        (FAILING_RUN, ["replications=1", "horizon_days=1", "warmup_days=0"]),
        (FAILING_RUN, ["-m", "hydra/launcher=basic", "replications=1", "horizon_days=1,2", "warmup_days=0"]),
        (FAILING_WRITE, ["replications=1", "horizon_days=1", "warmup_days=0", "n_jobs=1"]),
    ],
    ids=["run", "sweep", "write-midway"],
)
def test_a_run_failing_after_hydra_started_leaves_nothing(script, argv, tmp_path):
    """Hydra made the folder (results/runs/<date>/<time>, .hydra/, cli.log); the failure removes
    them, any tables already moved into place, and the dated folders it made."""
    done = subprocess.run(
        [sys.executable, "-c", script, *argv, "scenario.districts.centrum.n_clients=5"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(),
    )
    assert done.returncode != 0 and "stopped by the test" in done.stderr, done.stderr[-2000:]
    assert list(tmp_path.iterdir()) == [], list(tmp_path.rglob("*"))
