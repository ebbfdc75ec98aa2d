"""Sweeps for real: ``python -m sim -m ...`` through the joblib, submitit-local and
(fake) SLURM launchers; resuming a killed sweep; adaptive replications; bad sweep values.

Every point is tiny (15 clients, 1 warm-up and 2 measured days, 2 replications),
and each slow run is shared through one module-scoped fixture.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import sim.io
from sim.experiment import Results
from sim.metrics.definitions import HEADLINE
from sim.metrics.na import RATES_OVER_TIME
from sim.sweep import collect, expand, finished, sweep_overrides

HERE = Path(__file__).resolve().parent
FAKE_SLURM = HERE / "fake_slurm" / "fakeslurm.py"

BASE = ["horizon_days=2", "warmup_days=1", "scenario.districts.centrum.n_clients=15"]
TINY = ["replications=2", *BASE]
KEY = "models.trust.planning.buffer_share"
VALUES = (0.0, 0.2)
SWEEP = f"{KEY}={','.join(str(v) for v in VALUES)}"
SUMMARY_COLUMNS = ["model", "metric", "mean", "ci_low", "ci_high", "n"]
TIMEOUT = 240


def _env(**extra: str) -> dict[str, str]:
    """Environment of a ``python -m sim`` subprocess: headless, no cluster variables leaking in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLURM_", "SUBMITIT_", "HYDRA_"))}
    env["MPLBACKEND"] = "Agg"
    env.update(extra)
    return env


def run_sim(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m sim <args>`` in ``cwd``; must succeed."""
    proc = subprocess.run(
        [sys.executable, "-m", "sim", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env or _env(),
    )
    assert proc.returncode == 0, f"python -m sim {' '.join(args)} failed:\n{proc.stderr[-4000:]}"
    return proc


def point_folders(sweep_dir: Path) -> dict[str, Path]:
    """The job folders (``0``, ``1``, ...) of a sweep."""
    return {p.name: p for p in sweep_dir.iterdir() if p.is_dir() and p.name.isdigit()}


def info_of(point: Path) -> dict:
    return json.loads((point / "run_info.json").read_text())


def overrides_of(point: Path) -> dict[str, str]:
    """The overrides a finished point ran with, as key -> value text."""
    return dict(o.lstrip("+~").split("=", 1) for o in info_of(point)["overrides"])


def by_value(sweep_dir: Path, key: str = KEY) -> dict[float, Path]:
    """Finished points of a sweep keyed by the (float) value of ``key``."""
    return {float(overrides_of(p)[key]): p for p in point_folders(sweep_dir).values()}


def assert_same_results(a: Path, b: Path) -> None:
    """Two run folders hold identical summary.csv and metrics.parquet (and the same config hash)."""
    assert (a / "summary.csv").read_bytes() == (b / "summary.csv").read_bytes(), f"summary.csv: {a} != {b}"
    pd.testing.assert_frame_equal(
        pd.read_parquet(a / "metrics.parquet"), pd.read_parquet(b / "metrics.parquet"), check_exact=True
    )
    assert info_of(a)["config_hash"] == info_of(b)["config_hash"]


def complete_or_absent(point: Path) -> bool:
    """A point folder either has run_info.json with every file it lists, or no run_info.json."""
    if not (point / "run_info.json").exists():
        return True
    return all((point / name).is_file() for name in info_of(point)["files"])


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def joblib_sweep(tmp_path_factory):
    """Two points over one key on the joblib launcher, two workers."""
    root = tmp_path_factory.mktemp("joblib")
    sweep_dir = root / "sweep"
    proc = run_sim(["-m", *TINY, SWEEP, "hydra.launcher.n_jobs=2", f"hydra.sweep.dir={sweep_dir}"], root)
    return proc, sweep_dir


@pytest.fixture(scope="module")
def single_run(tmp_path_factory):
    """The second point of the sweep, run on its own."""
    root = tmp_path_factory.mktemp("single")
    run_dir = root / "alone"
    run_sim([*TINY, f"{KEY}={VALUES[1]}", f"hydra.run.dir={run_dir}"], root)
    return run_dir


@pytest.fixture(scope="module")
def submitit_local_sweep(tmp_path_factory):
    """The same sweep through submitit's local launcher (one process per point)."""
    root = tmp_path_factory.mktemp("submitit_local")
    sweep_dir = root / "sweep"
    proc = run_sim(
        [
            "-m",
            *TINY,
            SWEEP,
            "hydra/launcher=submitit_local",
            f"hydra.launcher.submitit_folder={root / 'submitit' / '%j'}",
            "hydra.launcher.timeout_min=5",
            "hydra.launcher.cpus_per_task=1",
            f"hydra.sweep.dir={sweep_dir}",
        ],
        root,
    )
    return proc, sweep_dir


@pytest.fixture(scope="module")
def slurm_sweep(tmp_path_factory):
    """The same sweep through ``hydra/launcher=submitit_slurm`` on a fake SLURM
    (tests/fake_slurm: sbatch, srun, sacct, scancel run the jobs on this machine)."""
    root = tmp_path_factory.mktemp("slurm")
    bin_dir, state = root / "bin", root / "slurm_state"
    install = [sys.executable, str(FAKE_SLURM), "install", str(bin_dir)]
    subprocess.run(install, check=True, capture_output=True)
    env = _env(PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", FAKE_SLURM_STATE=str(state))
    sweep_dir = root / "sweep"
    try:
        proc = run_sim(
            [
                "-m",
                *TINY,
                SWEEP,
                "hydra/launcher=submitit_slurm",
                f"hydra.launcher.submitit_folder={root / 'submitit' / '%j'}",
                "hydra.launcher.partition=fake",
                "hydra.launcher.timeout_min=5",
                "hydra.launcher.cpus_per_task=1",
                "hydra.launcher.mem_gb=1",
                "hydra.launcher.array_parallelism=2",
                f"hydra.sweep.dir={sweep_dir}",
            ],
            root,
            env,
        )
    finally:  # never leave fake jobs running
        jobs = sorted({p.stem.split("_")[0] for p in state.glob("*.json")}) if state.exists() else []
        if jobs:
            subprocess.run([str(bin_dir / "scancel"), *jobs], env=env, check=False)
    return proc, sweep_dir, state


@pytest.fixture(scope="module")
def resumed_sweep(tmp_path_factory):
    """A three-point sweep killed (SIGKILL to its process group) once its first point is
    done, then run again with the same command."""
    root = tmp_path_factory.mktemp("resume")
    sweep_dir = root / "sweep"
    # no report: what is checked here is which points are kept, redone and merged
    args = [
        "-m",
        *TINY,
        f"{KEY}=0.0,0.1,0.2",
        "report.enabled=false",
        "hydra.launcher.n_jobs=1",
        f"hydra.sweep.dir={sweep_dir}",
    ]
    with open(root / "first.out", "wb") as out, open(root / "first.err", "wb") as err:
        first = subprocess.Popen(
            [sys.executable, "-m", "sim", *args],
            cwd=root,
            stdout=out,
            stderr=err,
            env=_env(),
            start_new_session=True,  # its own process group, workers included
        )
        deadline = time.monotonic() + TIMEOUT
        marker = sweep_dir / "0" / "run_info.json"
        while not marker.exists():
            if first.poll() is not None or time.monotonic() > deadline:
                os.killpg(first.pid, signal.SIGKILL)
                first.wait()
                pytest.fail(f"first point never finished:\n{(root / 'first.err').read_text()[-3000:]}")
            time.sleep(0.02)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    survivors = True
    for _ in range(100):  # every process of the group is gone
        try:
            os.killpg(first.pid, 0)
        except ProcessLookupError:
            survivors = False
            break
        time.sleep(0.05)
    points = point_folders(sweep_dir)
    after_kill = {
        name: {
            "complete_or_absent": complete_or_absent(p),
            "finished": (p / "run_info.json").exists(),
            "mtimes": (
                {f: (p / f).stat().st_mtime_ns for f in info_of(p)["files"]}
                if (p / "run_info.json").exists() and complete_or_absent(p)
                else {}
            ),
        }
        for name, p in points.items()
    }
    second = run_sim(args, root)
    return {"after_kill": after_kill, "survivors": survivors, "second": second, "sweep_dir": sweep_dir}


@pytest.fixture(scope="module")
def adaptive_runs(tmp_path_factory):
    """Adaptive replications on the cost per client: a loose target (point 0) and an
    unreachable one (point 1, stops at the cap of 4); and a fixed run of 4 replications.
    Neither writes a report: only the replications and their metrics are compared."""
    root = tmp_path_factory.mktemp("adaptive")
    sweep_dir, fixed_dir = root / "sweep", root / "fixed"
    fixed_args = ["replications=4", *BASE, "report.enabled=false", f"hydra.run.dir={fixed_dir}"]
    fixed = subprocess.Popen(  # alongside the sweep
        [sys.executable, "-m", "sim", *fixed_args],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    run_sim(
        [
            "-m",
            *TINY,
            "precision.metric=cost_per_client_month_sek",
            "precision.rel_half_width=1000,1e-9",
            "precision.max_replications=4",
            "precision.batch=1",
            "report.enabled=false",
            "hydra.launcher.n_jobs=1",
            f"hydra.sweep.dir={sweep_dir}",
        ],
        root,
    )
    _, err = fixed.communicate(timeout=TIMEOUT)
    assert fixed.returncode == 0, err[-4000:]
    return by_value(sweep_dir, "precision.rel_half_width"), fixed_dir


# --------------------------------------------------------------------------- joblib sweep


def test_sweep_summary_has_the_swept_key_first(joblib_sweep):
    _, sweep_dir = joblib_sweep
    summary = pd.read_csv(sweep_dir / "sweep_summary.csv")
    assert list(summary.columns) == [KEY, *SUMMARY_COLUMNS]
    assert sorted(summary[KEY].unique()) == list(VALUES)
    assert set(summary["model"]) == {"minute", "trust"}
    # the sweep summary is exactly the points' summaries, labelled with their value
    for value, point in by_value(sweep_dir).items():
        part = summary[summary[KEY] == value].drop(columns=KEY).reset_index(drop=True)
        pd.testing.assert_frame_equal(part, pd.read_csv(point / "summary.csv"), check_exact=True)


def test_sweep_metrics_have_every_replication_of_every_point(joblib_sweep):
    _, sweep_dir = joblib_sweep
    metrics = pd.read_parquet(sweep_dir / "sweep_metrics.parquet")
    assert {KEY, "point", "replication", "model", "metric", "value"} <= set(metrics.columns)
    assert list(metrics.columns[:2]) == [KEY, "point"]
    assert sorted(metrics["point"].unique()) == ["0", "1"]
    for value, point in by_value(sweep_dir).items():
        part = metrics[metrics[KEY] == value]
        assert set(part["point"]) == {point.name}
        own = pd.read_parquet(point / "metrics.parquet")
        pd.testing.assert_frame_equal(
            part.drop(columns=[KEY, "point"]).reset_index(drop=True), own, check_exact=True
        )
        assert sorted(part["replication"].unique()) == [0, 1]


def test_sweep_writes_plots_report_and_one_folder_per_point(joblib_sweep):
    proc, sweep_dir = joblib_sweep
    plots = {p.name: p for p in (sweep_dir / "plots").iterdir()}
    summary = pd.read_csv(sweep_dir / "sweep_summary.csv")
    # every headline metric with a value (a 2-day run has no 14-day continuity window and no
    # rates over time: sick leave, turnover)
    shown = [m for m in HEADLINE if summary.loc[summary["metric"] == m, "mean"].notna().any()]
    expected = [m for m in HEADLINE if m not in RATES_OVER_TIME and not m.startswith("staff_per_client_14d")]
    assert set(expected) <= set(shown)
    for metric in [*shown, "sweep_differences"]:
        assert f"{metric}.png" in plots, metric
        assert plots[f"{metric}.png"].stat().st_size > 1000
    assert "<html" in (sweep_dir / "report.html").read_text(encoding="utf-8").lower()
    points = point_folders(sweep_dir)
    assert sorted(points) == ["0", "1"]
    for p in points.values():
        assert complete_or_absent(p) and (p / "run_info.json").exists()
        assert info_of(p)["replications"] == 2
    assert json.loads((sweep_dir / "sweep_plan.json").read_text())["points"] == 2
    # the swept value changes the results, so comparing points value by value means something
    assert (points["0"] / "summary.csv").read_bytes() != (points["1"] / "summary.csv").read_bytes()
    assert "2 points merged" in proc.stderr


# --------------------------------------------------------------------------- resume


def test_killed_sweep_leaves_no_half_written_results(resumed_sweep):
    after = resumed_sweep["after_kill"]
    assert not resumed_sweep["survivors"], "processes of the killed sweep survived SIGKILL of its group"
    assert all(a["complete_or_absent"] for a in after.values()), after
    finished = [n for n, a in after.items() if a["finished"]]
    assert "0" in finished
    assert len(finished) < 3, "the sweep was not interrupted midway"


def test_resumed_sweep_does_not_redo_finished_points(resumed_sweep):
    sweep_dir, stderr = resumed_sweep["sweep_dir"], resumed_sweep["second"].stderr
    done_before = {n: a for n, a in resumed_sweep["after_kill"].items() if a["finished"]}
    assert stderr.count("Already done") == len(done_before), stderr
    for name, a in done_before.items():
        assert f"Already done, kept: {sweep_dir / name}" in stderr
        now = {f: (sweep_dir / name / f).stat().st_mtime_ns for f in a["mtimes"]}
        assert now == a["mtimes"], f"point {name} was rewritten"


def test_resumed_sweep_finishes_every_point(resumed_sweep):
    sweep_dir = resumed_sweep["sweep_dir"]
    points = point_folders(sweep_dir)
    assert sorted(points) == ["0", "1", "2"]
    assert all((p / "run_info.json").exists() and complete_or_absent(p) for p in points.values())
    summary = pd.read_csv(sweep_dir / "sweep_summary.csv")
    assert sorted(summary[KEY].unique()) == [0.0, 0.1, 0.2]
    assert len(summary) == 3 * len(pd.read_csv(points["0"] / "summary.csv"))
    metrics = pd.read_parquet(sweep_dir / "sweep_metrics.parquet")
    assert metrics.groupby("point")["replication"].nunique().to_dict() == {"0": 2, "1": 2, "2": 2}


# --------------------------------------------------------------------------- identical results


def test_point_alone_equals_point_in_joblib_sweep(joblib_sweep, single_run):
    _, sweep_dir = joblib_sweep
    assert_same_results(single_run, by_value(sweep_dir)[VALUES[1]])


def test_submitit_local_sweep_equals_joblib_sweep(joblib_sweep, submitit_local_sweep):
    _, reference = joblib_sweep
    _, sweep_dir = submitit_local_sweep
    ref, got = by_value(reference), by_value(sweep_dir)
    assert sorted(got) == sorted(ref) == list(VALUES)
    for v in VALUES:
        assert_same_results(got[v], ref[v])
    assert (sweep_dir / "sweep_summary.csv").read_bytes() == (reference / "sweep_summary.csv").read_bytes()


def test_slurm_sweep_runs_one_job_per_point_through_sbatch_and_srun(slurm_sweep):
    _, sweep_dir, state = slurm_sweep
    calls = (state / "calls.log").read_text().splitlines()
    assert sum(c.startswith("sbatch ") for c in calls) == 1  # one job array ...
    assert sum(c.startswith("srun ") for c in calls) == len(VALUES)  # ... of one task per point
    tasks = {p.stem: json.loads(p.read_text()) for p in state.glob("*_*.json")}
    assert len(tasks) == len(VALUES)
    assert {t["state"] for t in tasks.values()} == {"COMPLETED"}
    assert sorted(point_folders(sweep_dir)) == ["0", "1"]


def test_slurm_sweep_equals_joblib_sweep(joblib_sweep, slurm_sweep):
    _, reference = joblib_sweep
    _, sweep_dir, _ = slurm_sweep
    ref, got = by_value(reference), by_value(sweep_dir)
    assert sorted(got) == sorted(ref) == list(VALUES)
    for v in VALUES:
        assert_same_results(got[v], ref[v])
    assert (sweep_dir / "sweep_summary.csv").read_bytes() == (reference / "sweep_summary.csv").read_bytes()


# --------------------------------------------------------------------------- adaptive replications


@pytest.mark.parametrize(("target", "expected"), [(1000.0, 2), (1e-9, 4)], ids=["loose", "unreachable"])
def test_adaptive_replications_stop_at_start_or_cap(adaptive_runs, target, expected):
    points, _ = adaptive_runs
    point = points[target]
    metrics = pd.read_parquet(point / "metrics.parquet")
    assert info_of(point)["replications"] == expected
    assert sorted(metrics["replication"].unique()) == list(range(expected))
    assert pd.read_csv(point / "summary.csv")["n"].max() == expected


def test_adaptive_replication_r_equals_fixed_replication_r(adaptive_runs):
    points, fixed_dir = adaptive_runs
    fixed = pd.read_parquet(fixed_dir / "metrics.parquet")
    assert info_of(fixed_dir)["replications"] == 4
    for point in points.values():
        got = pd.read_parquet(point / "metrics.parquet")
        want = fixed[fixed["replication"].isin(got["replication"].unique())].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want, check_exact=True)


# --------------------------------------------------------------------------- bad sweep values


@pytest.mark.parametrize(
    ("args", "end_to_end"),
    [
        (["scenario.clients.need.day_factor_sigma=0.1,-1"], True),
        # an experiment's sweep, its values replaced from the command line: the same entry point
        # called in this process (it stops before Hydra starts; tests/test_bad_inputs.py)
        (["+experiment=need_variability", "scenario.clients.need.day_factor_sigma=0.1,-1"], False),
    ],
    ids=["plain", "experiment"],
)
def test_bad_value_in_a_sweep_stops_before_anything_runs(tmp_path, args, end_to_end):
    sweep_dir = tmp_path / "sweep"
    if end_to_end:
        proc = subprocess.run(
            [sys.executable, "-m", "sim", "-m", *args, f"hydra.sweep.dir={sweep_dir}"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            env=_env(),
        )
        code, stderr = proc.returncode, proc.stderr
    else:
        from test_bad_inputs import _cli

        sweep_dir = tmp_path / "sw"  # the sweep folder _cli names
        code, stderr = _cli(["-m", *args], tmp_path)
    assert code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert "scenario.clients.need.day_factor_sigma" in lines[0]
    assert "Traceback" not in stderr
    assert not sweep_dir.exists()
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- how points are planned


def test_points_are_numbered_as_hydra_numbers_them():
    """Sweep params first, command line winning in place (Hydra's basic sweeper order)."""
    params = {"seed": "1,2", "replications": "3,4"}
    merged = sweep_overrides(["horizon_days=5", "seed=7,8,9"], params)
    assert merged == ["seed=7,8,9", "replications=3,4", "horizon_days=5"]
    keys, combos = expand(merged)
    assert keys == ["seed", "replications"]
    assert len(combos) == 6
    assert combos[0] == ["seed=7", "replications=3", "horizon_days=5"]
    assert combos[1] == ["seed=7", "replications=4", "horizon_days=5"]


# --------------------------------------------------------------------------- what counts as finished


def _copy_point(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".hydra", "*.log"))
    return dst


def test_a_write_interrupted_midway_is_not_a_finished_point(joblib_sweep, tmp_path, monkeypatch):
    """Files moved into place before the crash are not results: no run_info.json, not finished,
    not merged; the next write completes the point."""
    _, sweep_dir = joblib_sweep
    src = by_value(sweep_dir)[VALUES[0]]
    digest = info_of(src)["config_hash"]
    results = Results(
        metrics=pd.read_parquet(src / "metrics.parquet"),
        costs=pd.read_csv(src / "costs.csv"),
        summary=pd.read_csv(src / "summary.csv"),
        comparison=pd.read_csv(src / "comparison.csv"),
    )
    point = tmp_path / "sweep" / "0"
    real_replace, moved = os.replace, []

    def crash_after_two(a, b):
        if len(moved) == 2:
            raise KeyboardInterrupt("killed")
        moved.append(b)
        real_replace(a, b)

    monkeypatch.setattr(sim.io.os, "replace", crash_after_two)
    with pytest.raises(KeyboardInterrupt):
        sim.io.write_results(point, results, "x: 1\n", {"config_hash": digest}, write_events=False)
    monkeypatch.setattr(sim.io.os, "replace", real_replace)
    assert len(moved) == 2 and all(Path(m).exists() for m in moved)
    assert not (point / "run_info.json").exists()
    assert not finished(point, digest)
    assert collect(tmp_path / "sweep", [KEY], 1)[0].empty
    sim.io.write_results(
        point, results, "x: 1\n", {"config_hash": digest, "overrides": []}, write_events=False
    )
    assert finished(point, digest) and not finished(point, "another hash")


def test_a_point_missing_a_listed_file_is_not_finished(joblib_sweep, tmp_path):
    _, sweep_dir = joblib_sweep
    point = _copy_point(by_value(sweep_dir)[VALUES[0]], tmp_path / "0")
    digest = info_of(point)["config_hash"]
    assert finished(point, digest)
    (point / "visits.parquet").unlink()
    assert not finished(point, digest)


def test_points_of_an_earlier_larger_sweep_are_not_merged(joblib_sweep, tmp_path):
    _, sweep_dir = joblib_sweep
    copy = tmp_path / "sweep"
    for name, p in point_folders(sweep_dir).items():
        _copy_point(p, copy / name)
    _copy_point(point_folders(sweep_dir)["1"], copy / "5")  # left over from a 6-point sweep
    summary, metrics = collect(copy, [KEY], 2)
    assert sorted(metrics["point"].unique()) == ["0", "1"]
    assert len(summary) == 2 * len(pd.read_csv(copy / "0" / "summary.csv"))
    assert sorted(collect(copy, [KEY])[1]["point"].unique()) == ["0", "1", "5"]
