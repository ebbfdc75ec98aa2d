"""A tiny real run of ``python -m sim``: what it writes and prints."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import yaml

ARGS = [
    "replications=2",
    "horizon_days=3",
    "warmup_days=1",
    "scenario.districts.centrum.n_clients=30",
    "seed=7",
    # no report here (its plots are most of a tiny run's time): the command line's report is
    # checked end to end in tests/test_import.py, its pages in tests/test_report_*.py
    "report.enabled=false",
]

VISIT_COLUMNS = {
    "replication",
    "model",
    "day",
    "client_id",
    "caregiver_id",
    "planned_start",
    "actual_start",
    "allotted_min",
    "base_need_min",
    "need_min",
    "delivered_min",
    "unmet_min",
}


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("cli")
    run_dir = cwd / "out" / "run1"
    proc = subprocess.run(
        [sys.executable, "-m", "sim", *ARGS, f"hydra.run.dir={run_dir}"],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return proc, run_dir


def test_cli_writes_every_file(cli_run):
    _, run_dir = cli_run
    for name in (
        "summary.csv",
        "comparison.csv",
        "visits.parquet",
        "shifts.parquet",
        "alarms.parquet",
        "staff_days.parquet",
        "metrics.parquet",
        "costs.csv",
        "config.yaml",
        "run_info.json",
    ):
        assert (run_dir / name).is_file(), name
    # no half-written staging folders or temporary files are left behind
    assert not [p for p in run_dir.iterdir() if p.name.startswith(".") and p.name != ".hydra"]


def test_summary_and_comparison_tables(cli_run):
    _, run_dir = cli_run
    summary = pd.read_csv(run_dir / "summary.csv")
    comparison = pd.read_csv(run_dir / "comparison.csv")
    assert list(summary.columns) == ["model", "metric", "mean", "ci_low", "ci_high", "n"]
    assert list(comparison.columns) == ["metric", "diff_mean", "ci_low", "ci_high", "n"]
    assert set(summary["model"]) == {"minute", "trust"}
    assert summary["n"].max() == 2 and comparison["n"].max() == 2
    ok = summary.dropna(subset=["ci_low"])
    assert len(ok) > 0
    assert ((ok["ci_low"] <= ok["mean"] + 1e-9) & (ok["mean"] <= ok["ci_high"] + 1e-9)).all()
    # with the same replications in both models, the mean paired difference is the difference of means
    wide = summary.pivot(index="metric", columns="model", values="mean")
    c = comparison.set_index("metric")["diff_mean"].dropna()
    np.testing.assert_allclose(c, (wide["trust"] - wide["minute"]).reindex(c.index), rtol=1e-9, atol=1e-9)


def test_event_tables(cli_run):
    _, run_dir = cli_run
    visits = pd.read_parquet(run_dir / "visits.parquet")
    shifts = pd.read_parquet(run_dir / "shifts.parquet")
    assert set(visits.columns) >= VISIT_COLUMNS
    assert set(visits["replication"]) == {0, 1} and set(visits["model"]) == {"minute", "trust"}
    assert set(visits["day"]) <= set(range(4)) and visits["day"].max() == 3
    assert visits["client_id"].nunique() <= 30
    assert {"replication", "model", "paid_min", "care_min", "overtime_min"} <= set(shifts.columns)
    assert len(shifts) > 0


def test_config_and_provenance(cli_run):
    _, run_dir = cli_run
    cfg = yaml.safe_load((run_dir / "config.yaml").read_text(encoding="utf-8"))
    assert cfg["replications"] == 2 and cfg["horizon_days"] == 3 and cfg["seed"] == 7
    assert cfg["scenario"]["districts"]["centrum"]["n_clients"] == 30
    info = json.loads((run_dir / "run_info.json").read_text(encoding="utf-8"))
    assert info["version"] and info["version"] != "unknown"
    assert isinstance(info["git_commit"], str) and info["git_commit"]
    assert info["git_commit"] == "unknown" or len(info["git_commit"].split("+")[0]) == 40
    assert set(info["files"]) >= {"summary.csv", "visits.parquet", "run_info.json"}


def test_printed_table_names_both_models(cli_run):
    proc, run_dir = cli_run
    out = proc.stdout
    assert "Minute-controlled" in out and "Trust-based" in out
    assert "Trust-based − Minute-controlled" in out
    assert "Traceback" not in proc.stderr
    assert str(run_dir) in proc.stderr


def test_cli_results_equal_api_results(cli_run):
    """The command line and the Python API run the same simulation."""
    import sim

    _, run_dir = cli_run
    res = sim.run(ARGS)
    cli_visits = pd.read_parquet(run_dir / "visits.parquet")
    pd.testing.assert_frame_equal(
        cli_visits.reset_index(drop=True), res.visits.reset_index(drop=True), check_dtype=False
    )
    cli_summary = pd.read_csv(run_dir / "summary.csv")
    np.testing.assert_allclose(cli_summary["mean"], res.summary["mean"], rtol=1e-9)
