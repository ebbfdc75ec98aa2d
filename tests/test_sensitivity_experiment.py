"""The sensitivity experiment (issue 12): factors and ranges, the two-stage pipeline on a
function with known indices, the Hydra multirun end to end with resume, and the reports.

The pipeline test replaces the simulation by the Ishigami function: a fake launcher reads
each point's overrides, as a real job would, and writes the point's ``comparison.csv``;
the Sobol indices that come out must be Ishigami's. That checks the design, the overrides
the jobs get, the order the outputs are read back in and the analysis together.
"""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim
from sim.config import ConfigError
from sim.config.fields import iter_fields
from sim.io import DONE_MARKER
from sim.sensitivity.experiment import run_sensitivity
from sim.sensitivity.factors import baseline, factors_for, point_overrides

ON = ["sensitivity.enabled=true"]


def test_every_default_factor_has_a_documented_range_within_what_it_allows():
    run = sim.config(ON)
    factors = factors_for(run)
    assert 15 <= len(factors) <= 30
    # every organisational overhead the cost verdict rests on is varied (issue 25)
    keys = {f.key for f in factors}
    for overhead in (
        "models.minute.overheads.planners_per_caregiver",
        "scenario.costs.logging_system_per_caregiver_month_sek",
        "models.trust.overheads.team_leader_fte_per_team",
        "models.trust.overheads.daily_meeting_min",
    ):
        assert overhead in keys, overhead
    base = baseline(run, factors)
    for f in factors:
        assert f.low < f.high and f.source, f.key
        assert f.low <= base[f.key] <= f.high, f"{f.key}: the default lies outside its range"
    assert any(f.key.startswith("models.minute.") for f in factors), "fair: the minute model's too"
    # and every declared range anywhere lies within its parameter's allowed values
    for key, _value, meta in iter_fields(run):
        r = meta.get("sa_range")
        if r is None:
            continue
        for bound, ok in (
            ("ge", r[0] >= (meta["ge"] or -math.inf)),
            ("le", r[1] <= (meta["le"] or math.inf)),
        ):
            assert meta.get(bound) is None or ok, (key, bound)


@pytest.mark.parametrize(
    ("overrides", "key", "words"),
    [
        (
            ["sensitivity.factors=[scenario.stress.nope,scenario.stress.control_relief]"],
            "sensitivity.factors",
            "not a key",
        ),
        (
            ["sensitivity.factors=[scenario.name,scenario.stress.control_relief]"],
            "sensitivity.factors",
            "not a number",
        ),
        (
            ["sensitivity.factors=[scenario.alarms.guarantee_min,scenario.stress.control_relief]"],
            "sensitivity.factors",
            "sensitivity.ranges as scenario.alarms.guarantee_min:LOW:HIGH",
        ),
        (
            ["sensitivity.ranges=[scenario.stress.control_relief:0:2]"],
            "sensitivity.ranges.scenario.stress.control_relief",
            "allows",
        ),
        (
            ["sensitivity.ranges=[scenario.alarms.guarantee_min:20:60]"],
            "sensitivity.ranges.scenario.alarms.guarantee_min",
            "not one of",
        ),
        (["sensitivity.sobol_base=48"], "sensitivity.sobol_base", "power of 2"),
        (["sensitivity.outputs=[happiness]"], "sensitivity.outputs", "metrics"),
        (["sensitivity.factors=[scenario.stress.control_relief]"], "sensitivity.factors", "two"),
    ],
)
def test_a_design_that_cannot_run_is_refused_before_anything_runs(overrides, key, words):
    with pytest.raises(ConfigError) as err:
        sim.config([*ON, *overrides])
    assert err.value.key == key and words in str(err.value)


def test_a_nearby_key_is_suggested():
    with pytest.raises(ConfigError, match=r"did you mean scenario\.stress\.control_relief"):
        sim.config([*ON, "sensitivity.factors=[stress.control_relief,scenario.stress.support_relief]"])


def test_point_overrides_write_integers_as_integers():
    run = sim.config(
        [*ON, "sensitivity.factors=[scenario.stress.vacancy_days,scenario.stress.control_relief]"]
    )
    f = factors_for(run)
    assert f[0].integer and not f[1].integer
    assert point_overrides(f, np.array([30.4, 0.25])) == [
        "scenario.stress.vacancy_days=30",
        "scenario.stress.control_relief=0.25",
    ]


# ---- the pipeline on the Ishigami function ------------------------------------------------

ISHIGAMI = {
    "scenario.clients.need.day_factor_sigma": (0.05, 0.4),
    "scenario.stress.control_relief": (0.0, 0.5),
    "scenario.stress.support_relief": (0.0, 0.5),
}


def _ishigami(x1: float, x2: float, x3: float, a: float = 7.0, b: float = 0.1) -> float:
    return math.sin(x1) + a * math.sin(x2) ** 2 + b * x3**4 * math.sin(x1)


def _fake_launch(sweep_dir: Path, seen: list[list[str]]):  # type: ignore[no-untyped-def]
    keys = list(ISHIGAMI)

    def launch(jobs: list[list[str]], first: int) -> None:
        for i, job in enumerate(jobs):
            seen.append(job)
            given = dict(o.split("=", 1) for o in job if "=" in o)
            u = [
                (float(given[k]) - lo) / (hi - lo) * 2 * math.pi - math.pi for k, (lo, hi) in ISHIGAMI.items()
            ]
            y = _ishigami(*u)
            point = sweep_dir / str(first + i)
            point.mkdir(parents=True, exist_ok=True)
            # the comparison.csv a run writes, written as text (what DataFrame.to_csv writes, with
            # floats in full: repr round-trips) — thousands of points, pandas' writer is the cost
            rows = [("cost_per_client_month_sek", y), ("strain_index", 2.0 * u[0] - 0.5)]
            (point / "comparison.csv").write_text(
                "metric,diff_mean\n" + "".join(f"{m},{v!r}\n" for m, v in rows)
            )
            (point / DONE_MARKER).write_text(json.dumps({"files": []}))
        assert keys

    return launch


@pytest.fixture(scope="module")
def ishigami(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, pd.DataFrame], list[list[str]]]:
    sweep = tmp_path_factory.mktemp("ishigami")
    run = sim.config(
        [
            *ON,
            f"sensitivity.factors=[{','.join(ISHIGAMI)}]",
            "sensitivity.outputs=[cost_per_client_month_sek,strain_index]",
            "sensitivity.morris_trajectories=10",
            "sensitivity.sobol_factors=3",
            "sensitivity.sobol_base=1024",
            "sensitivity.resamples=200",
        ]
    )
    run = dataclasses.replace(run, report=dataclasses.replace(run.report, enabled=True))
    seen: list[list[str]] = []
    run_sensitivity(
        run, sweep, ["replications=1"], _fake_launch(sweep, seen), "scenario: {name: urban_district}\n"
    )
    tables = {
        p.name: (pd.read_csv(p) if p.suffix == ".csv" else pd.read_parquet(p))
        for p in sweep.glob("sensitivity_*")
    }
    return sweep, tables, seen


def test_the_pipeline_recovers_ishigamis_sobol_indices(ishigami):
    _, tables, _ = ishigami
    s = tables["sensitivity_sobol.csv"]
    s = s[s["output"] == "cost_per_client_month_sek"].set_index("parameter")
    keys = list(ISHIGAMI)
    for key, s1, st in zip(keys, (0.314, 0.442, 0.0), (0.558, 0.442, 0.244), strict=True):
        assert s.loc[key, "S1"] == pytest.approx(s1, abs=0.06), key
        assert s.loc[key, "ST"] == pytest.approx(st, abs=0.06), key
        assert s.loc[key, "ST_ci_low"] <= s.loc[key, "ST"] <= s.loc[key, "ST_ci_high"]


def test_every_job_gets_the_command_line_and_its_factor_values(ishigami):
    _, tables, seen = ishigami
    points = tables["sensitivity_points.parquet"]
    assert len(seen) == len(points) == 10 * 4 + 1024 * 5
    assert all(job[0] == "replications=1" and len(job) == 4 for job in seen)
    assert list(points["job"]) == list(range(len(points)))
    assert set(points["stage"]) == {"morris", "sobol"}


def test_morris_ranks_and_the_sign_flip_of_a_known_function(ishigami):
    _, tables, _ = ishigami
    m = tables["sensitivity_morris.csv"]
    strain = m[m["output"] == "strain_index"].set_index("parameter")
    first = "scenario.clients.need.day_factor_sigma"
    assert strain["mu_star"].idxmax() == first
    # 2·u1 − 0.5 changes sign at u1 = 0.25, i.e. at 0.05 + (0.25 + π)/(2π)·0.35
    flips = tables["sensitivity_flips.csv"]
    f = flips[(flips["output"] == "strain_index") & (flips["parameter"] == first)].iloc[0]
    assert f["flips_at"] == pytest.approx(0.05 + (0.25 + math.pi) / (2 * math.pi) * 0.35, abs=0.02)
    assert f["direction"] == "above"
    rob = tables["sensitivity_robustness.csv"].set_index("output")
    assert not rob.loc["strain_index", "robust"]


def test_the_report_names_drivers_and_what_flips_the_verdict(ishigami):
    sweep, _, _ = ishigami
    html = (sweep / "report.html").read_text()
    assert "depends mostly on" in html and "It reverses" in html and "Not robust" in html
    assert (sweep / "plots" / "tornado_cost_per_client_month_sek.png").stat().st_size > 0


def test_the_report_in_swedish(ishigami, tmp_path: Path):
    from sim.report.sensitivity_report import build_sensitivity_html

    _, tables, _ = ishigami
    run = sim.config([*ON, f"sensitivity.factors=[{','.join(ISHIGAMI)}]", "report.lang=sv"])
    html = build_sensitivity_html(run, tables, {}, "sv", {})
    assert "Hur säkert är resultatet" in html and "beror mest på" in html


# ---- the Hydra multirun end to end ---------------------------------------------------------

TINY = [
    "-m",
    "+experiment=sensitivity",
    "scenario=classroom",
    "replications=1",
    "horizon_days=3",
    "warmup_days=1",
    "sensitivity.factors=[scenario.clients.need.day_factor_sigma,models.trust.planning.buffer_share]",
    "sensitivity.outputs=[cost_per_client_month_sek,unmet_need_min_per_client_week]",
    "sensitivity.morris_trajectories=2",
    "sensitivity.sobol_factors=1",
    "sensitivity.sobol_base=2",
    "hydra.launcher.n_jobs=2",
]


def _multirun(sweep: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sim", *TINY, *extra, f"hydra.sweep.dir={sweep}"],
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_the_multirun_runs_both_stages_and_resumes_without_redoing_points(tmp_path: Path):
    sweep = tmp_path / "sa"
    done = _multirun(sweep)
    assert done.returncode == 0, done.stderr[-3000:]
    n = 2 * 3 + 2 * 3  # Morris r(k+1), Sobol n(k+2)
    assert sorted(int(p.name) for p in sweep.iterdir() if p.name.isdigit()) == list(range(n))
    first = pd.read_csv(sweep / "sensitivity_morris.csv")
    assert "Sensitivity stage 2 (Sobol)" in done.stderr
    assert (sweep / "report.html").exists() and not (sweep / "sweep_summary.csv").exists()
    # a killed sweep: one point lost
    import shutil

    shutil.rmtree(sweep / "3")
    # resumed on one worker: the launcher's settings are not part of a point's config hash, and
    # the points run in this process (no worker processes importing the package again)
    again = _multirun(sweep, "hydra.launcher.n_jobs=1")
    assert again.returncode == 0, again.stderr[-3000:]
    assert again.stderr.count("Already done, kept") == n - 1
    pd.testing.assert_frame_equal(pd.read_csv(sweep / "sensitivity_morris.csv"), first)
    # and the report is rebuilt from the folder, in Swedish
    from sim.report.__main__ import build

    assert "Hur säkert är resultatet" in build(sweep, "sv").read_text()


def test_a_run_report_quotes_the_robustness_of_a_finished_analysis(ishigami, tmp_path: Path):
    from sim.report import write_run_report

    sweep, _, _ = ishigami
    base = ["scenario=classroom", "replications=2", "horizon_days=7", "warmup_days=3"]
    res = sim.run(base, n_jobs=1, keep_events=False)
    quoted = write_run_report(tmp_path / "q", res, sim.config([*base, f"report.sensitivity={sweep}"]), "en")
    text = quoted.read_text()
    assert "Over the assumption ranges" in text and "not robust" in text
    assert "run on scenario urban_district, not on classroom" in text
    # without an analysis: the same page builder, without drawing the plots a second time
    from sim.plots.run import as_tables
    from sim.report.run_report import build_run_html

    plain = build_run_html(as_tables(res), sim.config(base), {}, "en", {}, tmp_path / "p")
    assert "was not assessed" in plain


def test_a_folder_without_an_analysis_is_refused(tmp_path: Path):
    with pytest.raises(ConfigError) as err:
        sim.config([f"report.sensitivity={tmp_path}"])
    assert err.value.key == "report.sensitivity" and "sensitivity_robustness.csv" in str(err.value)


def test_the_same_command_runs_on_slurm(tmp_path: Path):
    """Unchanged but for the launcher: hydra/launcher=submitit_slurm on the fake SLURM of
    tests/fake_slurm (sbatch, srun, sacct, scancel run the jobs on this machine)."""
    import os

    from test_sweeps import FAKE_SLURM, _env

    bin_dir, state = tmp_path / "bin", tmp_path / "slurm_state"
    subprocess.run(
        [sys.executable, str(FAKE_SLURM), "install", str(bin_dir)], check=True, capture_output=True
    )
    env = _env(PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", FAKE_SLURM_STATE=str(state))
    sweep = tmp_path / "sa"
    # the Morris stage alone (6 points): the launcher is what is under test
    args = [a for a in TINY if not a.startswith("hydra.launcher.")] + ["sensitivity.sobol_factors=0"]
    slurm = [
        "hydra/launcher=submitit_slurm",
        f"hydra.launcher.submitit_folder={tmp_path / 'submitit' / '%j'}",
        "hydra.launcher.partition=fake",
        "hydra.launcher.timeout_min=5",
        "hydra.launcher.cpus_per_task=1",
        "hydra.launcher.mem_gb=1",
        "hydra.launcher.array_parallelism=2",
    ]
    try:
        done = subprocess.run(
            [sys.executable, "-m", "sim", *args, *slurm, f"hydra.sweep.dir={sweep}"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=900,
            env=env,
        )
    finally:  # never leave fake jobs running
        jobs = sorted({p.stem.split("_")[0] for p in state.glob("*.json")}) if state.exists() else []
        if jobs:
            subprocess.run([str(bin_dir / "scancel"), *jobs], env=env, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert len(pd.read_parquet(sweep / "sensitivity_points.parquet")) == 6
    assert (sweep / "report.html").exists()
    assert list(state.glob("*.json")), "the points went through the fake sbatch"
