"""A unit's own data (issue 13): export → import gives the same world, the imported unit runs
both models from the command line, bad files stop the run with the file and line named and
nothing written, and scenario files outside the repository are found (``--config-dir``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim
from sim.config import ConfigError
from sim.export import main as export_main
from sim.world.build import build_world

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "unit"
CLASSROOM = ["scenario=classroom", "replications=1", "horizon_days=7", "warmup_days=7"]


def _plan_key(p):  # type: ignore[no-untyped-def]
    return (
        p.earliest_min,
        p.latest_min,
        p.standard_min,
        p.double,
        p.skills,
        p.weekdays,
        p.every_weeks,
        p.week_offset,
    )


def _slot_key(s):  # type: ignore[no-untyped-def]
    return (s.id, s.shift, s.fte, s.cycle_days, s.skills, s.mode, s.place)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "unit"
    assert export_main([*CLASSROOM, "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_then_import_gives_the_same_world(tmp_path: Path, fmt: str):
    out = tmp_path / "unit"
    assert export_main([*CLASSROOM, "--out", str(out), "--format", fmt]) == 0
    generated = build_world(sim.config(CLASSROOM), 0)
    imported = build_world(sim.config([*CLASSROOM, "scenario=from_data", f"data.dir={out}"]), 0)
    g, i = generated.districts[0], imported.districts[0]
    assert [[_plan_key(p) for p in c.plans] for c in i.clients] == [
        [_plan_key(p) for p in c.plans] for c in g.clients
    ]
    same = [(c.loc, c.level, c.client_factor, c.alarm_rate_per_day) for c in g.clients]
    assert [(c.loc, c.level, c.client_factor, c.alarm_rate_per_day) for c in i.clients] == same
    assert [_slot_key(s) for s in i.staff] == [_slot_key(s) for s in g.staff]
    assert i.substitutes == g.substitutes
    np.testing.assert_array_equal(i.geography.base_min, g.geography.base_min)
    np.testing.assert_array_equal(i.alarms.time_min, g.alarms.time_min)
    # the same needs on the same day (keyed by district and home)
    np.testing.assert_array_equal(imported.need_noise(9)[0], generated.need_noise(9)[0])


def test_the_imported_unit_runs_both_models_and_the_report_says_what_was_imported(
    exported: Path, tmp_path: Path
):
    out = tmp_path / "run"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            *CLASSROOM,
            "scenario=from_data",
            f"data.dir={exported}",
            f"hydra.run.dir={out}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (out / "summary.csv").exists()
    html = (out / "report.html").read_text()
    assert "Imported" in html and "Assumed (from the configs)" in html
    n = len(pd.read_csv(exported / "clients.csv"))
    # only what the files held: the clients and their homes, no caregiver starting from home
    assert f"{n} clients and their homes" in html and "starting from home" not in html


def test_a_bad_unit_stops_before_anything_is_written(exported: Path, tmp_path: Path):
    bad = tmp_path / "bad"
    bad.mkdir()
    for p in exported.iterdir():
        (bad / p.name).write_bytes(p.read_bytes())
    visits = (bad / "visits.csv").read_text().splitlines()
    cells = visits[3].split(",")
    cells[1] = "nobody"  # client_id
    visits[3] = ",".join(cells)
    (bad / "visits.csv").write_text("\n".join(visits) + "\n")
    out = tmp_path / "run"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            *CLASSROOM,
            "scenario=from_data",
            f"data.dir={bad}",
            f"hydra.run.dir={out}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    assert "visits.csv" in done.stderr and "line 4" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()
    with pytest.raises(ConfigError) as err:
        sim.config(["scenario=from_data", f"data.dir={bad}"])
    assert err.value.key == "data.dir"


def test_export_refuses_a_folder_that_holds_files(exported: Path, capsys: pytest.CaptureFixture[str]):
    assert export_main([*CLASSROOM, "--out", str(exported)]) == 2
    assert "error:" in capsys.readouterr().err


def test_the_example_unit_in_the_repository_is_a_current_export(tmp_path: Path):
    """examples/unit is `python -m sim.export scenario=classroom --plan-from minute --out examples/unit`."""
    out = tmp_path / "unit"
    assert export_main(["scenario=classroom", "--plan-from", "minute", "--out", str(out)]) == 0
    for p in sorted(out.iterdir()):
        assert (EXAMPLE / p.name).read_text() == p.read_text(), f"regenerate examples/unit: {p.name} differs"


def test_an_own_scenario_file_outside_the_repository(tmp_path: Path):
    (tmp_path / "scenario").mkdir()
    (tmp_path / "scenario" / "mine.yaml").write_text(
        "defaults:\n"
        "  - /geography@districts.north.geography: urban\n"
        "  - /population@clients: swedish_default\n"
        "  - /staffing@staffing: kth_shifts\n"
        "  - /costs@costs: sek_2024\n"
        "  - _self_\n"
        "name: mine\n"
        "districts:\n  north:\n    n_clients: 25\n"
    )
    out = tmp_path / "run"
    args = [
        "--config-dir",
        str(tmp_path),
        "scenario=mine",
        "replications=1",
        "horizon_days=2",
        "warmup_days=1",
    ]
    done = subprocess.run(
        [sys.executable, "-m", "sim", *args, "report.enabled=false", f"hydra.run.dir={out}"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Scenario mine" in done.stderr
    # and the Python API finds it given the folder
    from sim.config import checked_config

    assert checked_config(["scenario=mine"], search=[str(tmp_path)]).scenario.name == "mine"


def test_the_own_plan_arm_sends_each_visit_to_its_planned_caregiver():
    run = sim.config(
        ["scenario=from_data", f"data.dir={EXAMPLE}", "replications=1", "horizon_days=7", "warmup_days=0"]
    )
    assert run.compare == ["minute", "trust", "own_plan"]
    assert run.models["own_plan"].planning.router == "replay"
    world = build_world(run, 0)
    slot_of = {(c.id, p.index): p.planned_slot for c in world.clients for p in c.plans}
    assert sum(s >= 0 for s in slot_of.values()) > 0.9 * len(slot_of)
    res = sim.run(cfg=run, n_jobs=1)
    v = res.visits
    share = {}
    for model in ("minute", "own_plan"):
        sh = res.shifts[res.shifts["model"] == model]
        # where the planned caregiver works that day themselves
        present = set(zip(sh["day"], sh["caregiver_id"], strict=True))
        mine = v[(v["model"] == model) & ~v["missed"] & (v["planned_caregiver_id"] >= 0)]
        here = [(d, p) in present for d, p in zip(mine["day"], mine["planned_caregiver_id"], strict=True)]
        made = (mine["caregiver_id"] == mine["planned_caregiver_id"]) | (
            mine["second_caregiver_id"] == mine["planned_caregiver_id"]
        )
        hits = made[here]
        share[model] = hits.mean()
    assert share["own_plan"] > 0.97, share
    assert share["own_plan"] > share["minute"]
