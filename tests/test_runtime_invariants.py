"""Run-time invariants (issue 28 item 6): each breach is planted in a running simulation and must
stop it with one line naming who, when and the rule — never a traceback, never tables with holes.

Already planted elsewhere: a person in two places and a shift past the limit from a unit's own
files (tests/test_unit_roster.py); here the same rules in a generated scenario, and non-finite or
negative times at every door they can come in by.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import sim
from sim.engine.time_checks import RULE, check_times
from sim.world.build import World

TINY = ["scenario=classroom", "replications=1", "horizon_days=2", "warmup_days=0"]
ROOT = Path(__file__).resolve().parents[1]


def _one_line(exc: BaseException) -> str:
    text = str(exc)
    assert "\n" not in text, text
    return text


def _plant_travel(monkeypatch: pytest.MonkeyPatch, value: float) -> None:
    """Today's real travel times (not the planners' matrix) all become ``value``."""
    real = World.travel

    def travel(self: World, district: int, day: int) -> np.ndarray:
        out = real(self, district, day).copy()
        out[...] = value
        return out

    monkeypatch.setattr(World, "travel", travel)


@pytest.mark.parametrize("value", [math.nan, -5.0, math.inf], ids=["nan", "negative", "infinite"])
def test_a_bad_travel_time_stops_the_run_naming_who_and_where(monkeypatch, value):
    _plant_travel(monkeypatch, value)
    with pytest.raises(sim.InvariantError) as err:
        sim.run(TINY, n_jobs=1, keep_events=False)
    line = _one_line(err.value)
    assert RULE in line and "travel" in line and repr(value) in line, line
    # a caregiver with their day and clock time, or the alarm unit's trip to a named client
    assert ("caregiver " in line and " at day " in line) or "the alarm unit of district" in line, line


def test_a_non_finite_need_stops_the_run_naming_the_visit(monkeypatch):
    from sim.engine.simulate import ModelRun

    monkeypatch.setattr(ModelRun, "learning_gap", lambda self, day: math.nan)
    with pytest.raises(sim.InvariantError) as err:
        sim.run(TINY, n_jobs=1, keep_events=False)
    line = _one_line(err.value)
    assert "the need of visit" in line and "nan min" in line and RULE in line, line


def test_a_bad_recorded_time_is_caught_before_anything_is_written(monkeypatch):
    """The net behind the doors: a negative duration that reaches the tables by another way."""
    from sim.engine.records import Records

    real = Records.staff_day

    def staff_day(self, day, district, slot, person, status, shift_min, stress, event=""):
        real(
            self,
            day,
            district,
            slot,
            person,
            status,
            -shift_min if status == "work" else shift_min,
            stress,
            event,
        )

    monkeypatch.setattr(Records, "staff_day", staff_day)
    with pytest.raises(sim.InvariantError) as err:
        sim.run(TINY, n_jobs=1, keep_events=False)
    line = _one_line(err.value)
    assert "staff_days.shift_min is negative" in line and "caregiver " in line and RULE in line, line


def test_a_shift_past_the_configured_limit_stops_a_generated_scenario():
    with pytest.raises(sim.InvariantError, match=r"is still going \d+ h after its end"):
        sim.run(
            [
                *TINY,
                "scenario.guards.max_hours_past_shift_end=0.001",
                "scenario.staffing.caregivers_per_district=2",
            ],
            n_jobs=1,
            keep_events=False,
        )


# ---- the net, case by case ----------------------------------------------------------------------


def _visits(**changes: list[object]) -> dict[str, list[object]]:
    rows = {
        "day": [3, 3],
        "caregiver": ["P-1", ""],
        "client": ["C-1", "C-2"],
        "missed": [False, True],
        "window_start": [480, 480],
        "window_end": [600, 600],
        "planned_start": [500.0, 510.0],
        "actual_start": [505.0, math.nan],  # a missed visit has no start or end
        "end": [530.0, math.nan],
        "standard_min": [25.0, 25.0],
        "allotted_min": [25.0, 25.0],
        "base_need_min": [25.0, 25.0],
        "need_min": [25.0, 25.0],
        "floor_min": [20.0, 20.0],
        "delivered_min": [25.0, 0.0],
        "unmet_min": [0.0, 25.0],
    }
    return {**rows, **changes}


@pytest.mark.parametrize(
    "table,lists,expected",
    [
        ("visits", _visits(), None),
        (
            "visits",
            _visits(delivered_min=[math.nan, 0.0]),
            "caregiver P-1 on day 3: visits.delivered_min is not a number",
        ),
        ("visits", _visits(need_min=[25.0, -1.0]), "client C-2 on day 3: visits.need_min is negative (-1)"),
        ("visits", _visits(end=[math.inf, math.nan]), "caregiver P-1 on day 3: visits.end is infinite (inf)"),
        (
            "activities",
            {"day": [1], "caregiver": ["P-2"], "start": [600.0], "end": [590.0]},
            "caregiver P-2 on day 1: activities.end is day 0 09:50, before its start at day 0 10:00",
        ),
        (
            "alarms",
            {"day": [0], "client": ["C-9"], "call_time": [100.0], "handling_min": [-3.0]},
            "client C-9 on day 0: alarms.handling_min is negative (-3)",
        ),
    ],
    ids=["clean", "nan", "negative", "infinite", "backwards", "alarm"],
)
def test_the_net_names_the_first_bad_time(table, lists, expected):
    if expected is None:
        check_times(table, lists)
        return
    with pytest.raises(sim.InvariantError) as err:
        check_times(table, lists)
    line = _one_line(err.value)
    assert line.startswith(expected) and RULE in line, line


PLANTED = """
import math, sys
from sim.world.build import World
real = World.travel
def travel(self, district, day):
    out = real(self, district, day).copy()
    out[...] = math.nan
    return out
World.travel = travel
from sim import cli
sys.argv = ["sim", *sys.argv[1:]]
cli.main()
"""


def test_the_command_line_says_it_in_one_line_exit_3_and_keeps_nothing(tmp_path: Path):
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", PLANTED, *TINY, "n_jobs=1", f"hydra.run.dir={out}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 3, done.stderr[-2000:]
    lines = [ln for ln in done.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and RULE in lines[0] and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert not out.exists(), list(out.rglob("*"))
