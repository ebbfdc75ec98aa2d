"""Metrics on tiny hand-made event tables whose answers are known (``compute_metrics``).

The builders below make ``visits`` / ``shifts`` / ``alarms`` / ``staff_days`` frames with
every column of :mod:`sim.engine.records` and sensible defaults (a performed 30-minute
visit that met its need, an 8-hour shift …), so each test states only the rows and
values that matter. Times of day are given as "HH:MM"; a visit's ``actual_start`` is
day × 1440 + that time, as in a real run.

The continuity indicator (``staff_per_client_windows``) is Socialstyrelsen's: distinct
caregivers per client in consecutive windows after warm-up, over clients with at least
two performed visits between 07:00 and 22:00 on every day of the window. Most cases use
2-day windows (``continuity_window_days=2``) to keep the tables small; one uses the
real 14 days.
"""

from __future__ import annotations

import math
from itertools import count

import numpy as np
import pandas as pd
import pytest

from sim.config.fields import clock_to_min
from sim.config.schema import MetricsConfig, ScenarioConfig
from sim.config.schema_models import ModelConfig
from sim.config.schema_staff import AlarmConfig
from sim.engine.records import ALARM_COLUMNS, SHIFT_COLUMNS, STAFF_DAY_COLUMNS, VISIT_COLUMNS
from sim.metrics import compute_metrics
from sim.metrics.continuity import staff_per_client_windows, summarise
from sim.metrics.costs import RunFacts

Row = dict[str, object]
_uid = count()


def _minutes(at: str | float) -> float:
    return float(clock_to_min(at)) if isinstance(at, str) else float(at)


# --- builders ----------------------------------------------------------------------------------


def visit(
    day: int, client: int = 0, cg: int = 0, at: str | float = "08:00", second: int = -1, **kw: object
) -> Row:
    """A performed visit (or, with ``missed=True``, a missed one) of ``client`` by ``cg`` at ``at``."""
    start = day * 1440 + _minutes(at)
    row: Row = {
        "visit_uid": next(_uid),
        "day": day,
        "district": 0,
        "unit": 0,
        "client_id": client,
        "planned_visit": 0,
        "slot": "morning",
        "caregiver_id": cg,
        "second_caregiver_id": second,
        "scheduled_caregiver_id": cg,
        "planned_caregiver_id": cg,
        "planned_second_caregiver_id": -1,
        "is_contact_person": False,
        "double": second >= 0,
        "deferrable": False,
        "window_start": start,
        "window_end": start + 120.0,
        "planned_start": start,
        "actual_start": start,
        "end": start + 30.0,
        "standard_min": 30.0,
        "allotted_min": 30.0,
        "base_need_min": 30.0,
        "need_min": 30.0,
        "floor_min": 12.0,
        "delivered_min": 30.0,
        "unmet_min": 0.0,
        "rushed": False,
        "late": False,
        "behind_plan": False,
        "missed": False,
        "handed_over": False,
    }
    if kw.get("missed"):
        # as recorded: nobody performed it, no start, nothing delivered, the whole need unmet
        row.update(caregiver_id=-1, second_caregiver_id=-1, actual_start=math.nan, end=math.nan)
        row.update(delivered_min=0.0, unmet_min=row["need_min"])
    row.update(kw)
    return row


def shift(day: int, **kw: object) -> Row:
    """An 8-hour regular shift without overtime (all of it idle unless stated)."""
    row: Row = dict.fromkeys(SHIFT_COLUMNS, 0)
    row.update(
        day=day,
        kind="regular",
        shift="day",
        mode="car",
        start=day * 1440 + 450.0,
        end=day * 1440 + 930.0,
        finish=day * 1440 + 930.0,
        paid_min=480.0,
        idle_min=480.0,
        strain=0.0,
        stress_before=0.0,
    )
    row.update(kw)
    return row


def alarm(day: int, response: float, client: int = 0, **kw: object) -> Row:
    """An alarm call answered ``response`` minutes after it came (NaN: never answered)."""
    call = day * 1440 + 600.0
    answered = not math.isnan(response)
    row: Row = {
        "day": day,
        "district": 0,
        "client_id": client,
        "call_time": call,
        "responder": "alarm_unit" if answered else "",
        "responder_id": -1,
        "arrival_time": call + response,
        "response_min": response,
        "handling_min": 20.0,
    }
    row.update(kw)
    return row


def staff_day(day: int, slot: int = 0, status: str = "work", event: str = "", **kw: object) -> Row:
    """A rostered slot-day (work, sick, vacant) or a quit/hire row."""
    row: Row = {
        "day": day,
        "district": 0,
        "slot_id": slot,
        "caregiver_id": -1 if status == "vacant" else slot,
        "status": status,
        "shift_min": 0.0 if status in ("quit", "hire") else 480.0,
        "stress": 0.0,
        "event": event,
    }
    row.update(kw)
    return row


def table(rows: list[Row], columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


def frames(
    visits: list[Row] | None = None,
    shifts: list[Row] | None = None,
    alarms: list[Row] | None = None,
    staff_days: list[Row] | None = None,
) -> dict[str, pd.DataFrame]:
    """The four event tables of a model run, with every recorded column."""
    return {
        "visits": table(visits or [], VISIT_COLUMNS),
        "shifts": table(shifts or [], SHIFT_COLUMNS),
        "alarms": table(alarms or [], ALARM_COLUMNS),
        "staff_days": table(staff_days or [], STAFF_DAY_COLUMNS),
    }


def scenario(window_days: int = 2, guarantee_min: float = 30.0) -> ScenarioConfig:
    """Default scenario with a short continuity window and a 30-minute alarm guarantee."""
    return ScenarioConfig(
        metrics=MetricsConfig(continuity_window_days=window_days),
        alarms=AlarmConfig(guarantee_min=guarantee_min),
    )


def facts(warmup: int = 1, horizon: int = 14, clients: int = 3, positions: int = 10) -> RunFacts:
    return RunFacts(
        warmup_days=warmup,
        horizon_days=horizon,
        n_clients=clients,
        n_positions=positions,
        n_units=1,
        n_districts=1,
    )


def metrics(f: dict[str, pd.DataFrame], sc: ScenarioConfig | None = None, **kw: int) -> dict[str, float]:
    return compute_metrics(f, sc or scenario(), ModelConfig(), facts(**kw))[0]


def windows(rows: list[Row], first: int = 0, last: int = 2, days: int = 2) -> dict[tuple[int, int], float]:
    """{(client, window): distinct staff} of the indicator on ``rows``."""
    s = staff_per_client_windows(
        table(rows, VISIT_COLUMNS), MetricsConfig(continuity_window_days=days), first, last
    )
    return {(int(c), int(w)): float(v) for (c, w), v in s.items()}


def twice_daily(client: int, days: range, cgs: tuple[int, int] = (1, 1)) -> list[Row]:
    """Two performed visits a day (08:00 by ``cgs[0]``, 17:00 by ``cgs[1]``)."""
    return [visit(d, client, cg, at) for d in days for cg, at in zip(cgs, ("08:00", "17:00"), strict=True)]


# --- continuity: who counts -------------------------------------------------------------------


def test_double_staffed_visit_counts_both_caregivers() -> None:
    """A double visit counts its second caregiver, even one who never made a visit as first performer."""
    rows = [*twice_daily(0, range(2)), visit(0, 0, 1, "12:00", second=2)]
    assert windows(rows) == {(0, 0): 2.0}


def test_same_caregiver_counts_once() -> None:
    """A caregiver seen on several visits, as first or as second performer, counts once: 2 staff."""
    rows = [*twice_daily(0, range(2), cgs=(1, 2)), visit(1, 0, 2, "12:00", second=1)]
    assert windows(rows) == {(0, 0): 2.0}


def test_distinct_staff_count() -> None:
    """Caregivers 1, 2, 3, 4 on four visits in the window: 4 distinct staff."""
    rows = [
        visit(0, 0, 1, "08:00"),
        visit(0, 0, 2, "17:00"),
        visit(1, 0, 3, "08:00"),
        visit(1, 0, 4, "17:00"),
    ]
    assert windows(rows) == {(0, 0): 4.0}


def test_alarm_calls_never_count() -> None:
    """Alarm calls live in their own table: a team member answering one is not counted as staff."""
    v = twice_daily(0, range(1, 3))
    alarms = [alarm(1, 10.0, client=0, responder="team", responder_id=7)]
    m = metrics(frames(visits=v, alarms=alarms), horizon=2)
    assert m["staff_per_client_14d"] == 1.0


# --- continuity: eligibility ------------------------------------------------------------------


def test_one_day_with_a_single_visit_is_not_eligible() -> None:
    """Client 1 has only one visit on day 1: not in the indicator; client 0 (two a day) is."""
    rows = twice_daily(0, range(2)) + twice_daily(1, range(1)) + [visit(1, 1, 5, "08:00")]
    assert windows(rows) == {(0, 0): 1.0}


def test_eligibility_counts_visits_not_caregivers() -> None:
    """One double visit a day brings two caregivers but is one visit: not eligible."""
    rows = [visit(d, 0, 1, "09:00", second=2) for d in range(2)]
    assert windows(rows) == {}


def test_a_day_without_visits_is_not_eligible() -> None:
    """Four visits on day 0 and none on day 1: not eligible (every day must have two)."""
    rows = [visit(0, 0, 1, at) for at in ("08:00", "10:00", "12:00", "17:00")]
    assert windows(rows) == {}


def test_more_than_two_visits_a_day_is_eligible() -> None:
    """Three visits a day is at least two: eligible, with its three caregivers."""
    rows = [visit(d, 0, cg, at) for d in range(2) for cg, at in ((1, "08:00"), (2, "12:00"), (3, "17:00"))]
    assert windows(rows) == {(0, 0): 3.0}


@pytest.mark.parametrize(
    ("at", "eligible"),
    [("06:59", False), ("07:00", True), ("21:59", True), ("22:00", False), ("23:30", False)],
)
def test_indicator_hours_for_eligibility(at: str, eligible: bool) -> None:
    """A second visit of the day counts only if it starts in [07:00, 22:00)."""
    rows = [visit(d, 0, 1, "12:00") for d in range(2)] + [visit(0, 0, 1, "13:00"), visit(1, 0, 1, at)]
    assert windows(rows) == ({(0, 0): 1.0} if eligible else {})


@pytest.mark.parametrize(("at", "staff"), [("06:59", 1.0), ("07:00", 2.0), ("21:59", 2.0), ("22:00", 1.0)])
def test_indicator_hours_for_staff(at: str, staff: float) -> None:
    """An extra visit by caregiver 9 counts as staff only if it starts in [07:00, 22:00)."""
    rows = [*twice_daily(0, range(2)), visit(1, 0, 9, at)]
    assert windows(rows) == {(0, 0): staff}


def test_missed_visits_do_not_count_towards_eligibility() -> None:
    """Two planned visits on day 1, one missed: client not eligible.

    A missed visit is recorded without a start (NaN); the indicator must not count it even if a
    start time were recorded for it (only performed visits count).
    """
    rows = [*twice_daily(0, range(1)), visit(1, 0, 1, "08:00"), visit(1, 0, 1, "17:00", missed=True)]
    assert windows(rows) == {}
    rows[-1] = {**rows[-1], "caregiver_id": 1, "actual_start": 1440 + 1020.0}
    assert windows(rows) == {}


def test_missed_visits_do_not_count_as_staff() -> None:
    """A missed visit planned for caregiver 6 adds no staff (it was never performed)."""
    rows = [*twice_daily(0, range(2)), visit(1, 0, 6, "12:00", missed=True, planned_caregiver_id=6)]
    assert windows(rows) == {(0, 0): 1.0}


# --- continuity: windows ----------------------------------------------------------------------


def test_windows_are_blocks_from_first_day_and_a_partial_last_window_is_dropped() -> None:
    """first_day 3, last_day 8, 2-day windows: [3, 4] and [5, 6]; day 7 (partial) and day 2 are out.

    Client 0: caregiver 1 on days 3–4, caregiver 2 on 5–6, caregiver 8 on days 2 and 7.
    Client 1 has two visits a day only on days 4 and 5, which straddle two windows: never eligible.
    Client 2 is seen twice a day on days 7 and 8, but day 8 is past last_day: [7, 8] is no window.
    """
    rows = (
        twice_daily(0, range(3, 5), cgs=(1, 1))
        + twice_daily(0, range(5, 7), cgs=(2, 2))
        + [visit(2, 0, 8, "12:00"), visit(7, 0, 8, "12:00")]
        + twice_daily(1, range(4, 6))
        + twice_daily(2, range(7, 9))
    )
    assert windows(rows, first=3, last=8) == {(0, 0): 1.0, (0, 1): 1.0}


def test_second_window_counted_separately() -> None:
    """Caregivers 1 and 2 in window 0, only caregiver 3 in window 1: 2 and 1, not 3 overall."""
    rows = twice_daily(0, range(2), cgs=(1, 2)) + twice_daily(0, range(2, 4), cgs=(3, 3))
    assert windows(rows, last=4) == {(0, 0): 2.0, (0, 1): 1.0}


def test_client_eligible_in_one_window_only() -> None:
    """Client 0 has one visit on day 2: eligible in window 0 only."""
    rows = [*twice_daily(0, range(2), cgs=(1, 2)), visit(2, 0, 3, "08:00"), *twice_daily(0, range(3, 4))]
    assert windows(rows, last=4) == {(0, 0): 2.0}


def test_horizon_shorter_than_a_window_gives_nothing() -> None:
    """Three measured days with 4-day windows: no whole window, so no value (NaN metric)."""
    rows = twice_daily(0, range(3))
    assert windows(rows, last=3, days=4) == {}
    assert math.isnan(
        metrics(frames(visits=twice_daily(0, range(1, 4))), scenario(4), horizon=3)["staff_per_client_14d"]
    )


def test_mean_and_median_through_compute_metrics() -> None:
    """Client-windows of 1, 2 and 4 staff: mean 7/3, median 2 (warm-up day 0 not counted)."""
    rows = (
        twice_daily(0, range(0, 1), cgs=(7, 8))  # warm-up: caregivers 7 and 8 are not counted
        + twice_daily(0, range(1, 3), cgs=(1, 1))  # client 0: 1
        + twice_daily(1, range(1, 3), cgs=(1, 2))  # client 1: 2
        + [
            visit(d, 2, cg, at)
            for d, cg, at in ((1, 1, "08:00"), (1, 2, "17:00"), (2, 3, "08:00"), (2, 4, "17:00"))
        ]
    )
    m = metrics(frames(visits=rows), horizon=2)
    assert m["staff_per_client_14d"] == pytest.approx(7 / 3)
    assert m["staff_per_client_14d_median"] == 2.0
    assert summarise(pd.Series([1.0, 2.0, 4.0, 5.0])) == (3.0, 3.0)
    assert all(math.isnan(x) for x in summarise(pd.Series(dtype=float)))


def test_real_fourteen_day_windows() -> None:
    """Warm-up 14, horizon 30: windows days 14–27 and 28–41; days 42–43 are a partial window.

    Client 0 is seen twice a day by caregivers 1, 2, 3 in turn (day d by 1 + d % 3) in the first
    window, and by 4 and 5 in the second, plus caregiver 6 on day 42 (dropped).
    Client 1 has a single visit on day 20: eligible in the second window only (caregivers 1–2).
    Window values: 3, 2 and 2 → mean 7/3, median 2.
    """
    sc = scenario(window_days=14)
    rows = [visit(d, 0, 1 + d % 3, at) for d in range(14, 28) for at in ("08:00", "17:00")]
    rows += twice_daily(0, range(28, 42), cgs=(4, 5)) + twice_daily(0, range(42, 44), cgs=(6, 6))
    rows += [visit(d, 1, 1, "08:00") for d in range(14, 42)]
    rows += [visit(d, 1, 2, "19:30") for d in range(14, 42) if d != 20]
    got = staff_per_client_windows(table(rows, VISIT_COLUMNS), sc.metrics, 14, 44)
    assert {k: float(v) for k, v in got.items()} == {(0, 0): 3.0, (0, 1): 2.0, (1, 1): 2.0}
    m = metrics(frames(visits=rows), sc, warmup=14, horizon=30)
    assert m["staff_per_client_14d"] == pytest.approx(7 / 3)
    assert m["staff_per_client_14d_median"] == 2.0


# --- care delivered ---------------------------------------------------------------------------

# warm-up day 0, measured days 1–14, 3 clients → 6 client-weeks
CARE_VISITS = [
    visit(1, 0, 1, is_contact_person=True, unmet_min=5.0, delivered_min=25.0, rushed=True),
    visit(1, 1, 2, late=True),
    visit(2, 2, 3, late=True),
    visit(3, 0, 1, is_contact_person=False, behind_plan=True),
    visit(4, 1, -1, missed=True),  # unmet 30 (its whole need)
]


def test_contact_person_share_over_performed_visits() -> None:
    """One of four performed visits by the contact person: 1/4 (the missed visit is not in it)."""
    assert metrics(frames(visits=CARE_VISITS))["contact_person_share"] == pytest.approx(0.25)


def test_planned_late_share_counts_plans_past_the_window_end() -> None:
    """Window 08:00–10:00: planned at 10:00 is in time, at 10:01 late; missed visits are not counted."""
    rows = [
        visit(1, planned_start=1440 + 600.0),  # exactly the window's end
        visit(1, client=1, planned_start=1440 + 601.0, actual_start=1440 + 601.0),
        visit(1, client=2),
        visit(1, client=3, planned_start=1440 + 900.0, missed=True),
    ]
    assert metrics(frames(visits=rows))["planned_late_share"] == pytest.approx(1 / 3)


def test_start_spread_is_the_median_sd_of_a_recurring_visits_time_of_day() -> None:
    """Client 0's visit at 08:00, 08:20, 08:40 (SD 20), client 1's at 09:00 and 10:00 (SD 42.4),
    client 2's at 08:00, 08:00, 08:00 (SD 0), client 3's made once (not counted): median 20; a
    missed visit's time does not count."""
    rows = [
        visit(1, client=0, at="08:00"), visit(2, client=0, at="08:20"), visit(3, client=0, at="08:40"),
        visit(1, client=1, at="09:00"), visit(2, client=1, at="10:00"),
        *(visit(d, client=2, at="08:00") for d in (1, 2, 3)),
        visit(1, client=3, at="12:00"),
        visit(4, client=2, at="14:00", missed=True),
    ]  # fmt: skip
    assert metrics(frames(visits=rows), clients=4)["start_spread_min"] == pytest.approx(20.0)


def test_unmet_need_per_client_week() -> None:
    """Unmet 5 + 30 (missed at full need) over 3 clients × 14 / 7 = 6 client-weeks: 35 / 6."""
    assert metrics(frames(visits=CARE_VISITS))["unmet_need_min_per_client_week"] == pytest.approx(35 / 6)


def test_rushed_late_missed_shares() -> None:
    """Rushed 1/4, late 2/4 and behind plan 1/4 of performed visits; missed 1/5 of planned visits."""
    m = metrics(frames(visits=CARE_VISITS))
    assert m["rushed_visit_share"] == pytest.approx(0.25)
    assert m["late_visit_share"] == pytest.approx(0.5)
    assert m["behind_plan_share"] == pytest.approx(0.25)
    assert m["missed_visit_share"] == pytest.approx(0.2)


def test_alarm_response_mean_p90_and_guarantee() -> None:
    """Responses 10, 20, 30, 40, 100 and one never answered; guarantee 30 min.

    Mean 40; p90 by numpy's linear quantile: 40 + 0.6 × (100 − 40) = 76; within the guarantee
    10, 20 and exactly 30 = 3 of all 6 calls (the unanswered one counts as late).
    """
    al = [alarm(1, r) for r in (10.0, 20.0, 30.0, 40.0, 100.0, math.nan)]
    m = metrics(frames(alarms=al))
    assert m["alarm_response_mean_min"] == pytest.approx(40.0)
    assert m["alarm_response_p90_min"] == pytest.approx(76.0)
    assert m["alarm_response_p90_min"] == pytest.approx(float(np.quantile([10, 20, 30, 40, 100], 0.9)))
    assert m["alarm_within_guarantee_share"] == pytest.approx(0.5)


def test_no_alarms_gives_nan() -> None:
    """Without alarm calls the alarm metrics are NaN (left out of the means), not 0."""
    m = metrics(frames())
    for k in ("alarm_response_mean_min", "alarm_response_p90_min", "alarm_within_guarantee_share"):
        assert math.isnan(m[k])


# --- stress and time use ----------------------------------------------------------------------

SHIFTS = [
    shift(1, care_min=300.0, travel_min=60.0, admin_min=30.0, meeting_min=20.0, idle_min=40.0, break_min=30.0,
          strain=0.5),
    shift(2, paid_min=540.0, overtime_min=60.0, missed_breaks=1, care_min=250.0, travel_min=105.0,
          admin_min=25.0, meeting_min=20.0, idle_min=140.0, break_min=0.0, strain=1.0),
    shift(3, kind="substitute", care_min=200.0, travel_min=60.0, admin_min=20.0, meeting_min=20.0,
          idle_min=120.0, break_min=60.0, strain=1.5),
]  # fmt: skip


def test_time_use_shares_over_paid_minutes() -> None:
    """Paid 480 + 540 + 480 = 1,500 min: care 750, travel 225, admin 75, meeting 60, idle 300, break 90."""
    m = metrics(frames(shifts=SHIFTS))
    expected = {"care": 0.5, "travel": 0.15, "admin": 0.05, "meeting": 0.04, "idle": 0.2, "break": 0.06}
    assert {k: m[f"{k}_time_share"] for k in expected} == pytest.approx(expected)


def test_overtime_missed_breaks_and_strain_per_shift() -> None:
    """60 overtime minutes over 3 shifts (substitutes' included) = 20; 1 of 3 breaks missed; strain 1."""
    m = metrics(frames(shifts=SHIFTS))
    assert m["overtime_min_per_shift"] == pytest.approx(20.0)
    assert m["missed_break_share"] == pytest.approx(1 / 3)
    assert m["strain_index"] == pytest.approx(1.0)


def test_sick_leave_rate_excludes_vacant_days() -> None:
    """6 worked and 2 sick rostered days (3 vacant, a quit and a hire aside): 2 / 8."""
    sd = [staff_day(d, 0) for d in range(1, 7)]
    sd += [staff_day(1, 1, "sick", "sick_start"), staff_day(2, 1, "sick")]
    sd += [staff_day(d, 2, "vacant") for d in range(1, 4)]
    sd += [staff_day(4, 3, "quit", "quit"), staff_day(5, 3, "hire", "hire")]
    assert metrics(frames(staff_days=sd))["sick_leave_rate"] == pytest.approx(0.25)


def test_turnover_rate_per_position_year() -> None:
    """2 quits in 14 days among 10 positions: 2 / (10 × 14 / 365.25) = 5.2178… per position-year."""
    sd = [staff_day(3, 0, "quit", "quit"), staff_day(9, 4, "quit", "quit"), staff_day(10, 0, "hire", "hire")]
    assert metrics(frames(staff_days=sd))["turnover_rate"] == pytest.approx(2 * 365.25 / 140)
    assert metrics(frames(staff_days=sd))["turnover_rate"] == pytest.approx(5.2178571, rel=1e-6)


# --- measured period --------------------------------------------------------------------------


def _outside_rows() -> dict[str, list[Row]]:
    """Rows on warm-up day 0 and on day 15 (first day after the 14-day horizon), all extreme."""
    out: dict[str, list[Row]] = {"visits": [], "shifts": [], "alarms": [], "staff_days": []}
    for d in (0, 15):
        out["visits"] += [
            visit(d, 2, 50 + d, is_contact_person=True, rushed=True, late=True, unmet_min=999.0),
            visit(d, 2, 60 + d, "17:00", rushed=True, late=True),
            visit(d, 1, -1, missed=True, unmet_min=999.0),
        ]
        out["shifts"] += [
            shift(d, paid_min=900.0, overtime_min=420.0, care_min=900.0, missed_breaks=1, strain=9.0)
        ]
        out["alarms"] += [alarm(d, 500.0), alarm(d, math.nan)]
        out["staff_days"] += [staff_day(d, 7, "sick", "sick_start"), staff_day(d, 8, "quit", "quit")]
    return out


def test_rows_outside_the_measured_days_are_excluded() -> None:
    """Adding extreme rows on the warm-up day and after the horizon changes no metric and no cost."""
    base = {
        "visits": CARE_VISITS + twice_daily(2, range(1, 15), cgs=(1, 2)),
        "shifts": SHIFTS,
        "alarms": [alarm(1, r) for r in (10.0, 20.0, 30.0, 40.0, 100.0, math.nan)],
        "staff_days": [staff_day(d, 0) for d in range(1, 7)] + [staff_day(3, 0, "quit", "quit")],
    }
    extra = _outside_rows()
    sc, mc = scenario(window_days=7), ModelConfig()
    m0, c0 = compute_metrics(frames(**base), sc, mc, facts())
    m1, c1 = compute_metrics(frames(**{k: base[k] + extra[k] for k in base}), sc, mc, facts())
    # client 2: caregivers 1, 2 (and 3 on day 2) in window 1–7, caregivers 1, 2 in window 8–14
    assert m0["staff_per_client_14d"] == 2.5
    assert m0["missed_visit_share"] == pytest.approx(1 / 33)
    assert m1 == pytest.approx(m0, nan_ok=True)
    assert c1 == pytest.approx(c0)


def test_last_measured_day_is_included() -> None:
    """Day 14 (warm-up 1 + horizon 14 − 1) is measured; day 15 is not."""
    f = frames(visits=[visit(14, 0, 1, late=True), visit(15, 0, 1)])
    assert metrics(f)["late_visit_share"] == 1.0
    f = frames(visits=[visit(1, 0, 1, late=True), visit(0, 0, 1)])
    assert metrics(f)["late_visit_share"] == 1.0


def test_facts_scale_rates() -> None:
    """Unmet need and turnover divide by the run's size: doubling clients / positions halves them."""
    f = frames(visits=CARE_VISITS, staff_days=[staff_day(3, 0, "quit", "quit")])
    a, b = metrics(f), metrics(f, clients=6, positions=20)
    assert b["unmet_need_min_per_client_week"] == pytest.approx(a["unmet_need_min_per_client_week"] / 2)
    assert b["turnover_rate"] == pytest.approx(a["turnover_rate"] / 2)
