"""The format additions of issue 24 on a small hand-made unit: night shifts and day_starts_at,
homes given as coordinates, breaks at set times, continuity without counts, a plan's second
caregiver and linked visits — read, checked, written back and simulated."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.data.checks import DataError
from sim.data.files import read_unit, write_unit
from sim.data.homes import CIRCUITY, SPEED_KMH
from sim.world.build import build_world
from sim.world.imported import REPLAY

DAY = "2026-03-11"
NEXT = "2026-03-12"
IDS = ["office", "h1", "h2", "h3"]
# car minutes between the office and three homes
CAR = [[0, 5, 6, 7], [5, 0, 4, 6], [6, 4, 0, 5], [7, 6, 5, 0]]
NO_ABSENCE = ["scenario.stress.sick_start_probability=0", "scenario.stress.turnover_per_year=0"]


def _unit(folder: Path, *, visits: list[dict], caregivers: list[dict], extra: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    meta = "name: Natt\noffice: office\ntravel_unit: minutes\nday_starts_at: '06:00'\n"
    (folder / "unit.yaml").write_text(meta)
    pd.DataFrame({"client_id": ["c1", "c2", "c3"], "location_id": ["h1", "h2", "h3"]}).to_csv(
        folder / "clients.csv", index=False
    )
    pd.DataFrame(visits).to_csv(folder / "visits.csv", index=False)
    pd.DataFrame(caregivers).to_csv(folder / "caregivers.csv", index=False)
    for mode in ("car", "walk"):
        k = 1 if mode == "car" else 3
        sq = pd.DataFrame([[k * x for x in row] for row in CAR], index=IDS, columns=IDS)
        sq.rename_axis("location_id").reset_index().to_csv(folder / f"travel_{mode}.csv", index=False)
    for name, df in (extra or {}).items():
        df.to_csv(folder / f"{name}.csv", index=False)
    return folder


def _night(folder: Path) -> Path:
    visits = [
        {"visit_id": "v1", "client_id": "c1", "dates": DAY, "earliest": "08:00", "latest": "09:00",
         "planned_start": "08:10", "granted_min": 30, "planned_caregiver": "D1"},
        {"visit_id": "v2", "client_id": "c2", "dates": DAY, "earliest": "08:30", "latest": "10:00",
         "planned_start": "09:00", "granted_min": 40, "planned_caregiver": "D2", "double_staffed": "true",
         "second_caregiver": "D1", "second_offset_min": 10, "second_min": 15},
        {"visit_id": "v3", "client_id": "c2", "dates": DAY, "earliest": "11:00", "latest": "13:00",
         "planned_start": "11:30", "granted_min": 15, "planned_caregiver": "D2", "follows": "v2",
         "follows_min_gap": 150, "follows_max_gap": 240},
        # 01:00 on the next date is the night of the 11th (day_starts_at 06:00)
        {"visit_id": "v4", "client_id": "c3", "dates": NEXT, "earliest": "01:00", "latest": "02:00",
         "planned_start": "01:15", "granted_min": 20, "planned_caregiver": "N1"},
    ]  # fmt: skip
    caregivers = [
        {"caregiver_id": "D1", "dates": DAY, "shift_start": "07:00", "shift_end": "15:00", "break_min": 30,
         "break_start": "12:00", "travel_mode": "car"},
        {"caregiver_id": "D2", "dates": DAY, "shift_start": "07:30", "shift_end": "15:30", "break_min": 30,
         "break_earliest": "11:45", "break_latest": "12:30", "travel_mode": "walk", "starts_at": "home",
         "home_lat": "63.8260", "home_lon": "20.2630"},
        {"caregiver_id": "N1", "dates": DAY, "shift_start": "21:30", "shift_end": "07:00", "break_min": 20,
         "travel_mode": "car"},
    ]  # fmt: skip
    locations = pd.DataFrame(
        {
            "location_id": IDS,
            "lat": [63.8250, 63.8270, 63.8300, 63.8200],
            "lon": [20.2600, 20.2650, 20.2700, 20.2500],
        }
    )
    continuity = pd.DataFrame({"client_id": ["c1", "c2"], "caregiver_id": ["D1", "D2"], "visits": ["", "12"]})
    return _unit(
        folder, visits=visits, caregivers=caregivers, extra={"locations": locations, "continuity": continuity}
    )


def test_night_shifts_and_the_days_start(tmp_path: Path):
    u = read_unit(_night(tmp_path / "u"))
    assert u.day_start_min == 360 and u.start_date == DAY and len(u.period()) == 1
    v4 = u.visits.set_index("visit_id").loc["v4"]
    assert v4["dates"] == DAY and v4["earliest_min"] == 1440 + 60 and v4["planned_start_min"] == 1440 + 75
    n1 = u.shifts.set_index("caregiver_id").loc["N1"]
    assert (n1["start_min"], n1["end_min"]) == (21 * 60 + 30, 1440 + 7 * 60)
    # the break, read on the shift's own clock, lies in the middle third of the night
    assert n1["start_min"] < n1["break_earliest_min"] or math.isnan(n1["break_earliest_min"])


def test_a_home_given_as_coordinates_is_reached_from_the_nearest_location(tmp_path: Path):
    u = read_unit(_night(tmp_path / "u"))
    d2 = u.shifts.set_index("caregiver_id").loc["D2"]
    assert d2["home_location_id"] == "home:D2" and "home:D2" in u.locations
    walk = u.travel["walk"]
    # the nearest located point of (63.8260, 20.2630) is h1 (63.8270, 20.2650): about 0.15 km
    leg = walk.loc["home:D2", "office"] - walk.loc["h1", "office"]
    assert 0.1 * CIRCUITY / SPEED_KMH["walk"] * 60 < leg < 0.2 * CIRCUITY / SPEED_KMH["walk"] * 60
    assert walk.loc["home:D2", "home:D2"] == 0


def test_breaks_at_set_times_and_in_windows(tmp_path: Path):
    u = read_unit(_night(tmp_path / "u"))
    g = u.shifts.set_index("caregiver_id")
    assert g.loc["D1", "break_earliest_min"] == g.loc["D1", "break_latest_min"] == 12 * 60
    assert (g.loc["D2", "break_earliest_min"], g.loc["D2", "break_latest_min"]) == (705, 750)


def test_the_files_round_trip(tmp_path: Path):
    u = read_unit(_night(tmp_path / "u"))
    write_unit(u, tmp_path / "again")
    back = read_unit(tmp_path / "again")
    pd.testing.assert_frame_equal(back.visits, u.visits)
    pd.testing.assert_frame_equal(back.shifts, u.shifts)
    assert back.day_start_min == u.day_start_min
    assert back.continuity["visits"].isna().tolist() == u.continuity["visits"].isna().tolist()


def test_the_night_and_the_plan_run_as_planned(tmp_path: Path):
    folder = _night(tmp_path / "u")
    run = sim.config(
        ["scenario=from_data", f"data.dir={folder}", "replications=1", "warmup_days=0", *NO_ABSENCE]
    )
    world = build_world(run, 0)
    history = {(c, s): n for c, s, n in world.districts[0].history}
    # a continuity row without a count is a usual caregiver: data.usual_caregiver_visits
    assert sorted(history.values()) == [run.data.usual_caregiver_visits, 12.0]
    res = sim.run(cfg=run, n_jobs=1)
    v = res.visits[res.visits["model"] == REPLAY].set_index("visit")
    assert v.loc["v4", "caregiver"] == "N1" and v.loc["v4", "actual_start"] >= 1440 + 75
    assert {v.loc["v2", "caregiver"], v.loc["v2", "second_caregiver"]} == {"D1", "D2"}
    assert v.loc["v3", "actual_start"] - v.loc["v2", "actual_start"] >= 150
    act = res.events["activities"]
    brk = act[(act["model"] == REPLAY) & (act["kind"] == "break") & (act["caregiver"] == "D1")]
    assert len(brk) == 1 and brk["start"].iloc[0] >= 12 * 60
    for model in ("minute", "trust"):
        made = res.visits[(res.visits["model"] == model)].set_index("visit")
        assert made.loc["v4", "caregiver"] == "N1"  # nobody else is on duty at 01:00


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"second_caregiver": "D2"}, "is the planned caregiver; a pair is two people"),
        ({"second_offset_min": 35}, "the second caregiver would stay past the visit's end"),
        ({"planned_start": "07:00"}, "07:00 lies outside the window 08:30-10:00"),
    ],
)
def test_a_plan_that_cannot_be_is_refused_in_one_line(tmp_path: Path, change: dict, words: str):
    folder = _night(tmp_path / "u")
    visits = pd.read_csv(folder / "visits.csv", dtype=str, keep_default_na=False)
    for col, value in change.items():
        visits.loc[visits["visit_id"] == "v2", col] = str(value)
    visits.to_csv(folder / "visits.csv", index=False)
    with pytest.raises(DataError, match=words) as err:
        read_unit(folder)
    assert "visits.csv line 3" in str(err.value)


def test_overlapping_shifts_of_one_caregiver_are_refused(tmp_path: Path):
    folder = _night(tmp_path / "u")
    g = pd.read_csv(folder / "caregivers.csv", dtype=str, keep_default_na=False)
    extra = g[g["caregiver_id"] == "D1"].assign(shift_start="14:00", shift_end="18:00", break_start="")
    pd.concat([g, extra]).to_csv(folder / "caregivers.csv", index=False)
    with pytest.raises(DataError, match="D1's shifts overlap on Wed 2026-03-11: 07:00-15:00 and 14:00-18:00"):
        read_unit(folder)
