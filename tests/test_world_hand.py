"""Hand-computed cases of the world's deterministic parts (from mutation-testing survivors).

Travel minutes from distance, speed and the door overhead; a travel-matrix file in
CSV and Parquet; staff sizing on weekdays and weekends and with an explicit
headcount; the even split of shifts; alarm calls inside the period they belong to.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim
from sim.config.schema_world import GeographyConfig
from sim.world.alarms import day_hours, make_alarm_calls
from sim.world.build import build_world
from sim.world.clients import Calendar, Client, VisitPlan
from sim.world.geography import _base_minutes, load_travel_matrix
from sim.world.staff import _spread, standard_demand


def test_base_travel_is_distance_over_speed_plus_the_door_overhead() -> None:
    """3 km by bike at 15 km/h = 12 min, + 2.5 min at the door; walking 5 km/h = 36 + 2.5; none to itself."""
    g = GeographyConfig(speed_kmh={"walk": 5.0, "bike": 15.0}, door_overhead_min=2.5)
    road = np.array([[0.0, 3.0], [3.0, 0.0]])
    out = _base_minutes(road, g, ("walk", "bike"))
    np.testing.assert_allclose(out[:, 0, 1], [36.0 + 2.5, 12.0 + 2.5])
    assert (out[:, 0, 0] == 0).all()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_travel_matrix_file_in_csv_and_parquet(tmp_path: Path, suffix: str) -> None:
    df = pd.DataFrame({"from_id": ["office", "7", "office", "7"], "to_id": ["7", "office", "office", "7"]})
    df["minutes"] = [4.0, 5.0, 0.0, 0.0]
    path = tmp_path / f"m{suffix}"
    df.to_csv(path, index=False) if suffix == ".csv" else df.to_parquet(path)
    np.testing.assert_array_equal(load_travel_matrix(str(path), ["office", "7"], "k"), [[0, 4], [5, 0]])


def test_spread_splits_shifts_as_evenly_as_possible() -> None:
    assert _spread(7, 3) == [3, 2, 2]
    assert _spread(6, 3) == [2, 2, 2]


def _plan(weekdays: frozenset[int], shift: str = "day") -> VisitPlan:
    return VisitPlan(0, 0, "s", 480, 600, shift, ("t",), 30.0, 1.0, frozenset(), False, weekdays, 1, 0)


def test_standard_demand_puts_saturday_and_sunday_in_the_weekend() -> None:
    """A 30-minute visit every Saturday: weekday demand 0, weekend demand 30 × 4 / 8 weekend days."""
    cfg = sim.config([]).scenario.staffing
    cal = Calendar(dt.date(2025, 1, 6), 0)  # a Monday
    sat = Client(0, 0, 1, "x", 1.0, 0.0, (_plan(frozenset({5})),))
    demand = standard_demand([sat], cfg, cal, 0)
    assert demand["day"] == (0.0, pytest.approx(30.0 * 4 / 8))
    fri = Client(0, 0, 1, "x", 1.0, 0.0, (_plan(frozenset({4})),))
    assert standard_demand([fri], cfg, cal, 0)["day"] == (pytest.approx(30.0 * 4 / 20), 0.0)


def test_an_explicit_headcount_is_the_number_of_regular_staff() -> None:
    cfg = sim.config(["scenario.staffing.caregivers_per_district=24", "replications=1"])
    world = build_world(cfg, 0)
    assert sum(len(d.staff) for d in world.districts) == 24


def test_alarm_calls_fall_inside_the_period_they_were_drawn_for() -> None:
    """With no night calls, every call is between day start and night start of its own day."""
    cfg = sim.config(["scenario.alarms.night_rate_multiplier=0"])
    a = cfg.scenario.alarms
    clients = [Client(i, 0, i + 1, "x", 1.0, 2.0, ()) for i in range(50)]
    calls = make_alarm_calls(a, clients, 0, 90, cfg.seed, 0)
    lo, hi = day_hours(a)
    tod = calls.time_min % 1440
    assert calls.time_min.size > 1000
    assert ((tod >= lo) & (tod < hi)).all()
