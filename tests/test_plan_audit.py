"""The plan audit (sim.data.audit): the figures of a unit's own plan on paper, on tiny units whose
every figure is computed by hand in the comments.

The units are built directly as normalised :class:`Unit` objects (VISIT_COLUMNS, SHIFT_COLUMNS,
CONTINUITY_COLUMNS), so the audit is tested apart from the file parser.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sim.data.audit import FIGURES, PlanAudit, plan_audit
from sim.data.unit import CLIENT_COLUMNS, CONTINUITY_COLUMNS, SHIFT_COLUMNS, VISIT_COLUMNS, Unit

NAN = float("nan")
DAY1, DAY2 = "2026-03-11", "2026-03-12"  # a Wednesday and a Thursday


def _visit(vid: str, client: str, caregiver: str, earliest: float, latest: float, granted: float,
           **kw: Any) -> dict[str, Any]:  # fmt: skip
    row: dict[str, Any] = {
        "visit_id": vid, "client_id": client, "weekdays": "", "every_weeks": 1, "week_offset": 0,
        "dates": "", "earliest_min": earliest, "latest_min": latest, "planned_start_min": NAN,
        "granted_min": granted, "double_staffed": False, "second_min": NAN, "second_offset_min": NAN,
        "skill": "", "planned_caregiver": caregiver, "second_caregiver": "", "follows": "",
        "follows_min_gap": 0.0, "follows_max_gap": NAN,
    }  # fmt: skip
    row.update(kw)
    return row


def _shift(cg: str, start: float, end: float, mode: str, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "caregiver_id": cg, "weekdays": "", "every_weeks": 1, "week_offset": 0, "dates": "",
        "start_min": start, "end_min": end, "break_min": 0.0, "break_earliest_min": NAN,
        "break_latest_min": NAN, "travel_mode": mode, "skills": "", "contract_fte": 1.0,
        "starts_at": "office", "home_location_id": "",
    }  # fmt: skip
    row.update(kw)
    return row


def _matrix(ids: list[str], rows: list[list[float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, index=ids, columns=ids, dtype=float)


def _unit(clients: list[tuple[str, str]], visits: list[dict[str, Any]], shifts: list[dict[str, Any]],
          travel: dict[str, pd.DataFrame], continuity: list[tuple[str, str, float]] | None = None,
          start_date: str | None = None) -> Unit:  # fmt: skip
    return Unit(
        name="test",
        office="O",
        start_date=start_date,
        clients=pd.DataFrame([(c, loc, "", "") for c, loc in clients], columns=list(CLIENT_COLUMNS)),
        visits=pd.DataFrame(visits, columns=list(VISIT_COLUMNS)),
        shifts=pd.DataFrame(shifts, columns=list(SHIFT_COLUMNS)),
        travel=travel,
        continuity=pd.DataFrame(continuity or [], columns=list(CONTINUITY_COLUMNS)),
    )


# ---------------------------------------------------------------------------------------------
# Unit 1: a two-day dated period (2026-03-11 and -12), three caregivers, three clients.
#
# Locations O (office), L1 (c1), L2 (c2), L3 (c3), H (B's home). Car minutes, slightly
# asymmetric (O->L1 10, L1->O 11); walking takes twice as long.
IDS = ["O", "L1", "L2", "L3", "H"]
CAR = [
    [0, 10, 15, 20, 12],
    [11, 0, 5, 10, 8],
    [15, 5, 0, 7, 6],
    [20, 10, 7, 0, 9],
    [12, 8, 6, 9, 0],
]
WALK = [[2 * x for x in row] for row in CAR]
#
# Shifts:
#   A (car, office)   day 1: split shift 07:00-11:00 (420-660) and 16:00-20:00 (960-1200), no break
#                     day 2: 07:00-15:00 (420-900), break 30
#   B (walk, home H)  both days 08:00-16:00 (480-960), break 30
#   C (car, office)   day 1 only: 08:00-12:00 (480-720), no break
#
# Visits (start = planned_start_min, else earliest_min):
#   v1 c1 A   day 1 planned 450 (window 440-470), 30 min        -> A 450-480
#   v2 c2 A   day 1 no planned start: earliest 485 (485-500), 20 -> A 485-505
#   v3 c3 A+B day 1 planned 600 (window 560-590: LATE), 40 min; second B joins 10 min later for 20
#                                                                -> A 600-640, B 610-630
#   v4 c1 A   day 1 planned 1190 (1180-1200), 30 min            -> A 1190-1220: 20 min past 1200
#   v5 c2 B   day 1 planned 540 (520-540: on time, at the end), 60 -> B 540-600
#   v6 c3 -   weekday "23" (Wed and Thu): no planned caregiver  -> unplanned twice
#   v7 c3 C   day 1 double-staffed, no second caregiver; earliest 640 (640-700), 30 -> C 640-670
#   v8 c1 B   day 2 planned 510 (500-520), 45 min               -> B 510-555
#   v9 c1 A   day 2 planned 600 (590-610), 30 min               -> A 600-630
#
# Continuity: (c1, A, 5), (c3, B, no count), (c2, C, 3).


def unit_one() -> Unit:
    visits = [
        _visit("v1", "c1", "A", 440, 470, 30, dates=DAY1, planned_start_min=450.0),
        _visit("v2", "c2", "A", 485, 500, 20, dates=DAY1),
        _visit(
            "v3",
            "c3",
            "A",
            560,
            590,
            40,
            dates=DAY1,
            planned_start_min=600.0,
            double_staffed=True,
            second_caregiver="B",
            second_offset_min=10.0,
            second_min=20.0,
        ),
        _visit("v4", "c1", "A", 1180, 1200, 30, dates=DAY1, planned_start_min=1190.0),
        _visit("v5", "c2", "B", 520, 540, 60, dates=DAY1, planned_start_min=540.0),
        _visit("v6", "c3", "", 700, 760, 25, weekdays="23"),
        _visit("v7", "c3", "C", 640, 700, 30, dates=DAY1, double_staffed=True),
        _visit("v8", "c1", "B", 500, 520, 45, dates=DAY2, planned_start_min=510.0),
        _visit("v9", "c1", "A", 590, 610, 30, dates=DAY2, planned_start_min=600.0),
    ]
    shifts = [
        _shift("A", 420, 660, "car", dates=DAY1),
        _shift("A", 960, 1200, "car", dates=DAY1),
        _shift("A", 420, 900, "car", dates=DAY2, break_min=30.0),
        _shift(
            "B",
            480,
            960,
            "walk",
            dates=f"{DAY1}|{DAY2}",
            break_min=30.0,
            starts_at="home",
            home_location_id="H",
        ),
        _shift("C", 480, 720, "car", dates=DAY1),
    ]
    return _unit(
        [("c1", "L1"), ("c2", "L2"), ("c3", "L3")],
        visits,
        shifts,
        {"car": _matrix(IDS, CAR), "walk": _matrix(IDS, WALK)},
        continuity=[("c1", "A", 5.0), ("c3", "B", NAN), ("c2", "C", 3.0)],
        start_date=DAY1,
    )


@pytest.fixture(scope="module")
def audit_one() -> PlanAudit:
    audit = plan_audit(unit_one())
    assert audit is not None
    return audit


def test_counts(audit_one: PlanAudit) -> None:
    f = audit_one.figures
    assert f["days"] == 2  # the dated period: 2026-03-11 and -12
    assert f["caregivers"] == 3  # A, B, C
    assert f["caregiver_days"] == 5  # day 1: A, B, C; day 2: A, B (C has no shift)
    assert f["clients_with_visits"] == 3
    assert f["visits"] == 8  # v1-v5, v7 on day 1; v8, v9 on day 2
    assert f["unplanned_visits"] == 2  # v6 on its Wednesday and its Thursday
    # day 1: v1 v2 v3 v4 (A), v3 v5 (B), v7 (C: a double visit without a second caregiver is one)
    # day 2: v8 (B), v9 (A)
    assert f["caregiver_visits"] == 9
    assert f["visits_per_caregiver_day"] == pytest.approx(9 / 5)


def test_time_shares(audit_one: PlanAudit) -> None:
    f = audit_one.figures
    # paid: day 1 A 240 + 240 (split), B 480, C 240; day 2 A 480, B 480       = 2160
    # break: day 1 B 30; day 2 A 30, B 30                                       = 90
    # care: day 1 30 + 20 + 40 + 20 (B's part of v3) + 30 + 60 + 30 = 230; day 2 45 + 30 = 75 -> 305
    # travel (row = from, column = to):
    #   day 1 A morning O->L1 10, L1->L2 5, L2->L3 7, L3->O 20 = 42; evening O->L1 10, L1->O 11 = 21
    #   day 1 B (walking from home) H->L2 12, L2->L3 14, L3->H 18 = 44; C O->L3 20, L3->O 20 = 40
    #   day 2 A O->L1 10, L1->O 11 = 21; B H->L1 16, L1->H 16 = 32                  -> 200
    assert f["care_time_share"] == pytest.approx(305 / 2160)
    assert f["travel_time_share"] == pytest.approx(200 / 2160)
    assert f["break_time_share"] == pytest.approx(90 / 2160)
    assert f["idle_time_share"] == pytest.approx((2160 - 305 - 200 - 90) / 2160)


def test_continuity_figures(audit_one: PlanAudit) -> None:
    f = audit_one.figures
    # client-days: day 1 c1 {A} 1, c2 {A, B} 2, c3 {A, B, C} 3; day 2 c1 {A, B} 2 -> 8 / 4
    assert f["staff_per_client_day"] == pytest.approx(2.0)
    # usual pairs: (c1, A) v1, v4, v9; (c3, B) v3's second (its count is missing, still usual)
    assert f["usual_caregiver_share"] == pytest.approx(4 / 9)


def test_transitions(audit_one: PlanAudit) -> None:
    f = audit_one.figures
    # A morning: v1 ends 480, v2 starts 485: gap 5 = car L1->L2 5 (not short);
    #            v2 ends 505, v3 starts 600: gap 95, L2->L3 7
    # B day 1:   v5 ends 600, v3 (second) starts 610: gap 10 < walk L2->L3 14 -> short
    assert f["transitions"] == 3
    assert f["short_transitions"] == 1
    assert f["short_transition_share"] == pytest.approx(1 / 3)
    t = audit_one.transitions.set_index(["caregiver_id", "from_visit", "to_visit"])
    assert sorted(t.index) == [("A", "v1", "v2"), ("A", "v2", "v3"), ("B", "v5", "v3")]
    assert t.loc[("A", "v1", "v2"), ["gap_min", "travel_min", "short"]].tolist() == [5.0, 5.0, False]
    assert t.loc[("B", "v5", "v3"), ["gap_min", "travel_min", "short"]].tolist() == [10.0, 14.0, True]
    assert t.loc[("A", "v2", "v3"), "shift_start"] == 420  # the morning half of the split shift


def test_overtime_late_and_outside(audit_one: PlanAudit) -> None:
    f = audit_one.figures
    # six shifts; only A's evening runs over: v4 ends 1220, back L1->O 11 -> 1231 - 1200 = 31
    assert f["overtime_min_per_shift"] == pytest.approx(31 / 6)
    # v3 is planned at 600, after its window's end 590: 1 of 8 planned visits (v5, planned at
    # its window's end 540, is on time)
    assert f["late_visit_share"] == pytest.approx(1 / 8)
    assert f["planned_outside_shift"] == 1
    out = audit_one.outside_shift
    assert len(out) == 1
    row = out.iloc[0]
    assert (row["day"], row["visit_id"], row["client_id"], row["caregiver_id"], row["role"]) == (
        DAY1, "v4", "c1", "A", "first",
    )  # fmt: skip
    # 1190-1220 belongs to the evening shift 960-1200 and sticks out of it by 20 minutes
    assert [row["start"], row["end"], row["shift_start"], row["shift_end"], row["minutes_outside"]] == [
        1190, 1220, 960, 1200, 20,
    ]  # fmt: skip
    assert f["plan_kept_caregiver_share"] == 1.0
    assert f["plan_kept_time_share"] == 1.0


def test_caregiver_days(audit_one: PlanAudit) -> None:
    d = audit_one.caregiver_days.set_index(["day", "caregiver_id"])
    assert len(d) == 5
    # A on day 1: two shifts, paid 480, care 30 + 20 + 40 + 30 = 120, travel 42 + 21 = 63,
    # idle 480 - 120 - 63 = 297, four visits, overtime 31, one outside its shift
    a = d.loc[(DAY1, "A")]
    assert a[["shifts", "paid_min", "break_min", "care_min", "travel_min", "idle_min"]].tolist() == [
        2, 480, 0, 120, 63, 297,
    ]  # fmt: skip
    assert a[["caregiver_visits", "overtime_min", "outside_shift"]].tolist() == [4, 31, 1]
    # B on day 1: v5 60 + v3's second part 20 = 80 care, 44 travel, 30 break: idle 480 - 154 = 326
    b = d.loc[(DAY1, "B")]
    assert b[["care_min", "travel_min", "break_min", "idle_min", "caregiver_visits"]].tolist() == [
        80, 44, 30, 326, 2,
    ]  # fmt: skip
    # the days' columns add up to the figures
    paid = d["paid_min"].sum()
    assert paid == 2160
    assert d["care_min"].sum() / paid == pytest.approx(audit_one.figures["care_time_share"])
    assert d["travel_min"].sum() / paid == pytest.approx(audit_one.figures["travel_time_share"])


def test_table_is_tidy(audit_one: PlanAudit) -> None:
    t = audit_one.table()
    assert list(t.columns) == ["figure", "value", "unit", "description"]
    assert list(t["figure"]) == list(FIGURES)
    assert set(t["figure"]) == set(audit_one.figures)
    by = t.set_index("figure")
    assert by.loc["care_time_share", "unit"] == "share"
    assert by.loc["overtime_min_per_shift", "unit"] == "minutes"
    assert by.loc["staff_per_client_day", "unit"] == "per client-day"
    assert by.loc["transitions", "value"] == 3
    assert all(isinstance(s, str) and s.endswith(".") for s in t["description"])


def test_row_order_does_not_matter() -> None:
    # the same plan with the rows of every table reversed gives the same figures
    u = unit_one()
    u.visits = u.visits.iloc[::-1].reset_index(drop=True)
    u.shifts = u.shifts.iloc[::-1].reset_index(drop=True)
    audit, again = plan_audit(unit_one()), plan_audit(u)
    assert audit is not None and again is not None
    assert again.figures == pytest.approx(audit.figures, nan_ok=True)


# ---------------------------------------------------------------------------------------------
# Unit 2: a weekday pattern (one rota week from Monday 2026-03-09): a night shift past midnight,
# an adjacent split shift, a planned caregiver without a shift that day, a default break.
#
# Locations O, L1 (c1), L2 (c2); car O->L1 10, L1->O 11, O->L2 15, L2->O 16, L1<->L2 5.
#   N  Mon 21:30-07:00 (1290-1860), break 30
#   S  Mon 07:00-11:00 (420-660) and 11:00-15:00 (660-900), no break
#   X  Tue 08:00-12:00 (480-720), break not given (NaN: the files' default 30)
#   w1 c1 N Mon 1320, 30 min   (22:00)
#   w2 c2 N Mon 1500, 20 min   (01:00 the next morning, still Monday's night shift)
#   w3 c1 S Mon 660, 240 min   (starts on the border of both halves: belongs to the second)
#   w4 c2 X Mon 600, 15 min    (X works Tuesdays only)


def unit_two() -> Unit:
    ids = ["O", "L1", "L2"]
    car = [[0, 10, 15], [11, 0, 5], [16, 5, 0]]
    visits = [
        _visit("w1", "c1", "N", 1300, 1340, 30, weekdays="0", planned_start_min=1320.0),
        _visit("w2", "c2", "N", 1480, 1520, 20, weekdays="0", planned_start_min=1500.0),
        _visit("w3", "c1", "S", 600, 700, 240, weekdays="0", planned_start_min=660.0),
        _visit("w4", "c2", "X", 590, 620, 15, weekdays="0", planned_start_min=600.0),
    ]
    shifts = [
        _shift("N", 1290, 1860, "car", weekdays="0", break_min=30.0),
        _shift("S", 420, 660, "car", weekdays="0"),
        _shift("S", 660, 900, "car", weekdays="0"),
        _shift("X", 480, 720, "car", weekdays="1", break_min=NAN),
    ]
    return _unit([("c1", "L1"), ("c2", "L2")], visits, shifts, {"car": _matrix(ids, car)},
                 start_date="2026-03-09")  # fmt: skip


def test_night_shift_split_border_and_caregiver_off_duty() -> None:
    audit = plan_audit(unit_two())
    assert audit is not None
    f = audit.figures
    assert f["days"] == 7  # one rota week
    assert f["caregiver_days"] == 3  # N Mon, S Mon, X Tue (X's Tuesday has no visits)
    assert f["caregiver_visits"] == 4
    assert f["visits_per_caregiver_day"] == pytest.approx(4 / 3)
    # paid N 570 + S 240 + 240 + X 240 = 1290; break N 30 + X 30 (default) = 60
    # care 30 + 20 + 240 + 15 (X's visit counts, though X is off duty) = 305
    # travel N O->L1 10, L1->L2 5, L2->O 16 = 31; S second half O->L1 10, L1->O 11 = 21 -> 52
    assert f["care_time_share"] == pytest.approx(305 / 1290)
    assert f["travel_time_share"] == pytest.approx(52 / 1290)
    assert f["break_time_share"] == pytest.approx(60 / 1290)
    assert f["idle_time_share"] == pytest.approx((1290 - 305 - 52 - 60) / 1290)
    # N: w1 ends 1350, w2 starts 1500: gap 150 >= 5
    assert (f["transitions"], f["short_transitions"], f["short_transition_share"]) == (1, 0, 0)
    # w3 660-900 fits the second half exactly, back at 911: 11 overtime; 4 shifts -> 11 / 4
    # (counted in the first half it would be outside by 240 and 251 overtime)
    assert f["overtime_min_per_shift"] == pytest.approx(11 / 4)
    # only w4 is outside: X has no shift on Monday, so all 15 minutes are outside and no shift
    out = audit.outside_shift
    assert out["visit_id"].tolist() == ["w4"]
    assert out["minutes_outside"].tolist() == [15]
    assert out[["shift_start", "shift_end"]].isna().all(axis=None)
    assert f["late_visit_share"] == 0
    assert math.isnan(f["usual_caregiver_share"])  # no continuity table
    x = audit.caregiver_days.set_index("caregiver_id").loc["X"]
    columns = ["paid_min", "break_min", "care_min", "travel_min", "idle_min", "caregiver_visits"]
    assert x[columns].tolist() == [240, 30, 0, 0, 210, 0]


def test_a_plan_that_overfills_its_shifts_keeps_the_sign() -> None:
    # one 60-minute shift with a 90-minute visit: care share 1.5, travel 10 + 11 = 21 -> idle
    # 1 - 1.5 - 21/60 = -0.85 (not clipped)
    ids = ["O", "L1"]
    u = _unit([("c1", "L1")], [_visit("z", "c1", "A", 480, 500, 90, weekdays="0")],
              [_shift("A", 480, 540, "car", weekdays="0")], {"car": _matrix(ids, [[0, 10], [11, 0]])},
              start_date="2026-03-09")  # fmt: skip
    audit = plan_audit(u)
    assert audit is not None
    assert audit.figures["idle_time_share"] == pytest.approx(1 - 1.5 - 21 / 60)
    assert audit.figures["overtime_min_per_shift"] == pytest.approx((570 + 11 - 540) / 1)
    assert audit.outside_shift["minutes_outside"].tolist() == [30]


def test_no_planned_caregiver_gives_no_audit() -> None:
    u = unit_two()
    u.visits["planned_caregiver"] = ""
    assert plan_audit(u) is None
    u.visits["planned_caregiver"] = np.nan  # a messy frame: NaN for an empty cell
    assert plan_audit(u) is None
