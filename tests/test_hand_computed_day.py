"""Verification against a day computed by hand: no randomness, one caregiver, two clients.

The configuration removes every source of variability and pins every number the
day depends on, so that the simulated day can be reproduced with pencil and paper
(the computation is written out below, minute by minute, for both models):

* one district with two clients (ids 0 and 1, homes at locations 1 and 2) whose
  travel times come from a matrix file: office ↔ either client 10 min, client ↔
  client 6 min; no travel noise (cv 0), no winter factor;
* one care level, given to both clients, with two visits every day: a shower in
  the morning slot (07:30–10:30, standard 40 min, essential share 0.4) and a meal
  in the midday slot (11:00–13:30, standard 10 min, essential share 0.6);
* need = standard × need_to_standard_ratio exactly: client and day factors,
  extras, drift, hospital stays and the familiarity extra are all switched off;
* one full-time caregiver on the day shift 07:30–16:00 (30-min break, window
  11:00–13:30), rostered every weekend (``weekend_every=1``); the simulated day
  is Saturday 2025-05-03, so the caregiver is on duty; no sickness, no turnover;
* no alarms (``holder_share=0``).

Because both clients get the same plan and travel is symmetric, the route is
client a → b → a → b whichever client the planner takes first (visits are ordered
by window, then by creation order, which is the same for both slots); the
assertions therefore follow the order of the visits in time.

Times are minutes since midnight of day 0 (07:30 = 450, 11:00 = 660, 16:00 = 960).
"""

from __future__ import annotations

import pandas as pd
import pytest

import sim

D = "scenario.districts.centrum"
DAY_SHIFT = "scenario.staffing.shifts.day"


def _overrides(matrix: str, ratio: float) -> list[str]:
    return [
        "compare=[minute,trust]",
        "replications=1",
        "horizon_days=1",
        "warmup_days=0",
        "scenario.start_date=2025-05-03",  # a Saturday in May: on the rota, no winter
        f"{D}.n_clients=2",
        f"{D}.geography.travel_matrix_file={matrix}",
        f"{D}.geography.travel_noise_cv=0",
        f"{D}.geography.winter_travel_factor=1",
        f"{D}.geography.speed_kmh.car=25",  # road km of a matrix = minutes / 60 × car speed
        # the care plan: a shower in the morning and a meal at midday, every day
        "scenario.clients.care_levels=[{name:only,share:1,alarm_calls_per_day:0,visits:["
        "{slot:morning,tasks:[shower],probability:1,times_per_week:7,double_staffing_probability:0},"
        "{slot:midday,tasks:[meal],probability:1,times_per_week:7,double_staffing_probability:0}]}]",
        "scenario.clients.catalogue.shower.standard_min=40",
        "scenario.clients.catalogue.shower.essential_share=0.4",
        "scenario.clients.catalogue.meal.standard_min=10",
        "scenario.clients.catalogue.meal.essential_share=0.6",
        "scenario.clients.slots.morning.start=07:30",
        "scenario.clients.slots.morning.end=10:30",
        "scenario.clients.slots.midday.start=11:00",
        "scenario.clients.slots.midday.end=13:30",
        # need = standard × ratio, nothing else
        f"scenario.clients.need.need_to_standard_ratio={ratio}",
        # the grant is the standard time (no reassessment history carried in)
        "models.minute.reassessment.start_settled=false",
        "scenario.clients.need.client_factor_sigma=0",
        "scenario.clients.need.day_factor_sigma=0",
        "scenario.clients.need.extras_probability=0",
        "scenario.clients.need.drift_per_month=0",
        "scenario.clients.need.hospital_admissions_per_year=0",
        "scenario.clients.need.familiarity_extra_share=0",
        # one full-time day caregiver, on duty every weekend; nobody falls sick or quits
        "scenario.staffing.caregivers_per_district=1",
        "scenario.staffing.full_time_share=1",
        "scenario.staffing.weekend_every=1",
        f"{DAY_SHIFT}.start=07:30",
        f"{DAY_SHIFT}.end=16:00",
        f"{DAY_SHIFT}.break_min=30",
        f"{DAY_SHIFT}.break_earliest=11:00",
        f"{DAY_SHIFT}.break_latest=13:30",
        "scenario.stress.sick_start_probability=0",
        "scenario.stress.turnover_per_year=0",
        "scenario.alarms.holder_share=0",
        # the behaviours the day depends on, pinned to the shipped models' values
        "models.minute.overheads.logging_min_per_visit=1",
        "models.minute.overheads.daily_meeting_min=0",
        "models.minute.overheads.planners_per_caregiver=0.036",  # a central planner sets the order
        "models.minute.planning.allotment=standard",
        # the hand computation follows the greedy dispatcher's arithmetic (the optimiser's
        # routes are pinned in tests/test_routing.py)
        "models.minute.planning.router=greedy",
        "models.minute.execution.stay_for=allotted",
        "models.minute.execution.overrun_share=0.1",
        "models.minute.execution.use_slack=true",
        "models.minute.execution.behind_tolerance_min=5",
        "models.minute.execution.cut_when_behind=true",
        "models.trust.overheads.logging_min_per_visit=0",
        "models.trust.overheads.daily_meeting_min=20",
        "models.trust.overheads.planners_per_caregiver=0",  # the team plans its own day
        "models.trust.planning.allotment=learned",
        "models.trust.execution.stay_for=need",
        "models.trust.execution.overrun_share=0.5",
        "models.trust.execution.behind_tolerance_min=5",
        "models.trust.execution.mutual_help=true",
        "models.trust.execution.help_threshold_min=15",
        "scenario.metrics.late_tolerance_min=15",
        "scenario.metrics.rushed_tolerance_min=1",
    ]


@pytest.fixture(scope="module")
def matrix(tmp_path_factory) -> str:
    """Travel minutes: office ↔ each client 10, client ↔ client 6 (ids: 'office', '0', '1')."""
    path = tmp_path_factory.mktemp("hand") / "travel.csv"
    rows = [("office", "0", 10), ("0", "office", 10), ("office", "1", 10), ("1", "office", 10)]
    rows += [("0", "1", 6), ("1", "0", 6)]
    pd.DataFrame(rows, columns=["from_id", "to_id", "minutes"]).to_csv(path, index=False)
    return str(path)


def _day(matrix: str, ratio: float) -> sim.Results:
    res = sim.run(cfg=sim.config(_overrides(matrix, ratio)), n_jobs=1)
    assert set(res.visits["day"]) == {0} and len(res.visits) == 8, "2 clients × 2 visits × 2 models"
    return res


def _weights(matrix: str):
    """Strain weights of the test's configuration (the defaults: not pinned here)."""
    return sim.config(_overrides(matrix, 1.0)).scenario.stress.weights


def _model(res: sim.Results, model: str) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    v = res.visits[res.visits["model"] == model].sort_values("planned_start").reset_index(drop=True)
    s = res.shifts[res.shifts["model"] == model]
    assert len(s) == 1, "exactly one shift: the one caregiver"
    a = res.events["activities"]
    a = a[(a["model"] == model) & (a["start"] < a["end"])].sort_values("start").reset_index(drop=True)
    return v, s.iloc[0], a


def _check_shift(s: pd.Series, **expected: float) -> None:
    for col, value in expected.items():
        assert s[col] == pytest.approx(value, abs=1e-9), col


@pytest.fixture(scope="module")
def plain_day(matrix):
    """need = standard (ratio 1)."""
    return _day(matrix, 1.0)


@pytest.fixture(scope="module")
def bad_day(matrix):
    """Everyone needs 25% more than the standard (ratio 1.25)."""
    return _day(matrix, 1.25)


# ------------------------------------------------------------------------------------------------
# Day 1: need = standard.
#
# Planning (sim/planning/dispatch.py), minute model: work starts at 450 (no meeting); each
# visit goes to the only caregiver at arrive = max(free + travel, window start); free after
# a visit = start + allotted + logging (1 min). A break is put before the first visit planned
# when the caregiver is free at or after break_earliest (660).
#   a.shower  arrive max(450 + 10, 450) = 460   free 460 + 40 + 1 = 501
#   b.shower  arrive max(501 +  6, 450) = 507   free 507 + 40 + 1 = 548
#   a.meal    arrive max(548 +  6, 660) = 660   free 660 + 10 + 1 = 671
#   (break: 671 ≥ 660, so the 30-min break goes here: available at 701)
#   b.meal    arrive max(701 +  6, 660) = 707   free 707 + 10 + 1 = 718
# Execution (sim/engine/caregiver.py): need = allotted = 40 / 10, on time everywhere, so each
# visit delivers its need (stay_minutes: min(need, allotted + allowance) = need):
#   travel 450–460, care 460–500, log 500–501, travel 501–507, care 507–547, log 547–548,
#   travel 548–554, wait 554–660 (106), care 660–670, log 670–671, break 671–701,
#   travel 701–707, care 707–717, log 717–718, travel home 718–728, idle 728–960 (232).
#   paid 960 − 450 = 510 = care 100 + travel 38 + admin 4 + meeting 0 + idle 338 + break 30.
#
# Trust model: a 20-min meeting 450–470, so work starts at 470; no logging; allotted = the
# team's estimate of need, which starts at the standard time:
#   a.shower  max(470 + 10, 450) = 480   free 520
#   b.shower  max(520 +  6, 450) = 526   free 566
#   a.meal    max(566 +  6, 660) = 660   free 670   (break: 670 ≥ 660 → available 700)
#   b.meal    max(700 +  6, 660) = 706   free 716
# Execution: meeting 450–470, travel 470–480, care 480–520, travel 520–526, care 526–566,
#   travel 566–572, wait 572–660 (88), care 660–670, break 670–700, travel 700–706,
#   care 706–716, travel home 716–726, idle 726–960 (234).
#   paid 510 = care 100 + travel 38 + admin 0 + meeting 20 + idle 322 + break 30.
# Travel is 38 min = 38 / 60 × 25 km/h = 15.8333 road km (a matrix's km use the car speed).
# ------------------------------------------------------------------------------------------------


def test_plain_day_minute(plain_day):
    v, s, a = _model(plain_day, "minute")
    assert list(v["slot"]) == ["morning", "morning", "midday", "midday"]
    assert list(v["planned_start"]) == [460, 507, 660, 707]
    assert list(v["actual_start"]) == [460, 507, 660, 707]
    assert list(v["delivered_min"]) == [40, 40, 10, 10]
    assert list(v["need_min"]) == [40, 40, 10, 10]
    assert list(v["floor_min"]) == pytest.approx([16, 16, 6, 6])
    assert list(v["unmet_min"]) == [0, 0, 0, 0]
    assert not v["rushed"].any() and not v["late"].any() and not v["missed"].any()
    # the route alternates between the two clients
    assert (
        v["client_id"].iloc[0] == v["client_id"].iloc[2] != v["client_id"].iloc[1] == v["client_id"].iloc[3]
    )
    _check_shift(
        s,
        start=450,
        end=960,
        finish=960,
        paid_min=510,
        care_min=100,
        travel_min=38,
        admin_min=4,
        meeting_min=0,
        idle_min=338,
        break_min=30,
        overtime_min=0,
        travel_km=38 / 60 * 25,
        planned_demand_min=100,
        real_demand_min=100,
        behind_mean_min=0,
    )
    assert (s["visits"], s["distinct_clients"], s["missed_breaks"]) == (4, 2, 0)
    kinds = ["travel", "care", "logging"] * 2 + ["travel", "wait", "care", "logging", "break"]
    kinds += ["travel", "care", "logging", "travel", "idle"]
    assert list(a["kind"]) == kinds
    assert list(a["start"]) == [
        450,
        460,
        500,
        501,
        507,
        547,
        548,
        554,
        660,
        670,
        671,
        701,
        707,
        717,
        718,
        728,
    ]
    assert list(a["end"]) == [460, 500, 501, 507, 547, 548, 554, 660, 670, 671, 701, 707, 717, 718, 728, 960]


def test_plain_day_trust(plain_day):
    v, s, a = _model(plain_day, "trust")
    assert list(v["planned_start"]) == [480, 526, 660, 706]
    assert list(v["actual_start"]) == [480, 526, 660, 706]
    assert list(v["delivered_min"]) == [40, 40, 10, 10]
    assert list(v["allotted_min"]) == [40, 40, 10, 10]
    assert list(v["unmet_min"]) == [0, 0, 0, 0]
    assert v["is_contact_person"].all(), "the only day caregiver is everyone's contact person"
    _check_shift(
        s,
        paid_min=510,
        care_min=100,
        travel_min=38,
        admin_min=0,
        meeting_min=20,
        idle_min=322,
        break_min=30,
        overtime_min=0,
        finish=960,
    )
    assert list(a["kind"]) == [
        "meeting",
        "travel",
        "care",
        "travel",
        "care",
        "travel",
        "wait",
        "care",
        "break",
        "travel",
        "care",
        "travel",
        "idle",
    ]
    assert list(a["start"]) == [450, 470, 480, 520, 526, 566, 572, 660, 670, 700, 706, 716, 726]


# Job control and support (sim/stress.py), by hand. Nobody hands over (one caregiver), no alarms,
# no cancellation, no double visit. Minute: the 4 visits of the day's order are the central
# planner's (order 0); trust: the team's own (order 1). Length: 1 − rushed / 4. Support: no help
# exchanged; time with colleagues = the trust meeting, 20 of support_together_reference_min.
def _conditions(matrix: str, model: str, rushed: int) -> tuple[float, float]:
    st = sim.config(_overrides(matrix, 1.0)).scenario.stress
    if model == "minute":
        return (1 - rushed / 4 + 0) / 2, 0.0
    return (1 - rushed / 4 + 1) / 2, (0 + min(1.0, 20 / st.support_together_reference_min)) / 2


def _relief(matrix: str, model: str, rushed: int = 0) -> float:
    """What the shift's job control and support leave of the demands, by hand."""
    st = sim.config(_overrides(matrix, 1.0)).scenario.stress
    control, support = _conditions(matrix, model, rushed)
    return (1 - st.control_relief * control) * (1 - st.support_relief * support)


def test_plain_day_strain(plain_day, matrix):
    """Nothing went wrong, so the only strain is the per-client term (2 distinct clients),
    relieved by the model's job control and support."""
    w = _weights(matrix)
    for model in ("minute", "trust"):
        _, s, _ = _model(plain_day, model)
        control, support = _conditions(matrix, model, rushed=0)
        _check_shift(s, control=control, support=support)
        assert s["strain"] == pytest.approx(2 * w.per_distinct_client * _relief(matrix, model), abs=1e-12)


# ------------------------------------------------------------------------------------------------
# Day 2: need_to_standard_ratio = 1.25, so the shower needs 50 min (floor 0.4 × 50 = 20) and the
# meal 12.5 (floor 7.5). The plans are the same as on day 1 (planned from the allotted
# standard times). What changes is how long the caregiver stays.
#
# Minute model (stay_for=allotted; on time = at most behind_tolerance_min = 5 late; allowance
# when on time = max(overrun_share × allotted, slack), where slack = time before one must leave
# for the next planned visit, beyond the allotted minutes):
#   a.shower  start 460, on time. Next: b.shower planned 507, trip 6 → leave by 501;
#             slack = 501 − 460 − 40 = 1; allowance = max(0.1 × 40, 1) = 4 → stays 44 (< need 50:
#             rushed, unmet 6). care 460–504, log 504–505.
#   b.shower  travel 505–511; 4 min late ≤ 5: on time. Next visit a.meal planned 660 → leave by
#             654; slack = 654 − 511 − 40 = 103 → stays min(50, 40 + 103) = 50. care 511–561,
#             log 561–562.
#   a.meal    travel 562–568, wait 568–660 (92); the planned 30-min break comes before b.meal
#             (planned 707, trip 6), so one must leave by 707 − 6 − 30 = 671: slack = 671 − 660
#             − 10 − 1 (logging) = 0 → allowance = max(0.1 × 10, 0) = 1 → stays 11 (< need 12.5:
#             rushed, unmet 1.5). care 660–671, log 671–672.
#   break     next visit could start at 672 + 6 = 678 ≤ planned 707: not behind, so the
#             break is taken 672–702.
#   b.meal    travel 702–708; 1 min late: on time → stays 12.5. care 708–720.5, log 720.5–721.5.
#   home      travel 721.5–731.5, idle 731.5–960 (228.5).
#   paid 510 = care 117.5 + travel 38 + admin 4 + idle 320.5 + break 30. Unmet 7.5, two
#   rushed visits; behind: (0 + 4 + 0 + 1) / 4 = 1.25 min per visit; real/planned 125/100.
#
# Trust model (stay_for=need: stay min(need, 1.5 × allotted) = the need here; mutual help
# has nobody to hand over to and the projected overrun stays ≤ 15 min, so no cutting):
#   meeting 450–470; a.shower travel 470–480, care 480–530 (50);
#   b.shower travel 530–536 (10 late: not on time, but stay_for=need ignores it), care 536–586;
#   a.meal travel 586–592, wait 592–660 (68), care 660–672.5;
#   break 672.5–702.5 (next visit can start at 678.5 ≤ 706: not behind);
#   b.meal travel 702.5–708.5, care 708.5–721; home 721–731; idle 731–960 (229).
#   paid 510 = care 125 + travel 38 + meeting 20 + idle 297 + break 30. Nothing unmet.
# ------------------------------------------------------------------------------------------------


def test_bad_day_minute_cuts_the_first_visit(bad_day):
    v, s, _ = _model(bad_day, "minute")
    assert list(v["need_min"]) == [50, 50, 12.5, 12.5]
    assert list(v["floor_min"]) == pytest.approx([20, 20, 7.5, 7.5])
    assert list(v["planned_start"]) == [460, 507, 660, 707]
    assert list(v["actual_start"]) == [460, 511, 660, 708]
    assert list(v["delivered_min"]) == [44, 50, 11, 12.5]
    assert list(v["unmet_min"]) == [6, 0, 1.5, 0]
    assert list(v["rushed"]) == [True, False, True, False]
    assert not v["behind_plan"].any()  # 4 and 1 min behind plan: within late_tolerance_min = 15
    assert not v["late"].any()
    _check_shift(
        s,
        paid_min=510,
        care_min=117.5,
        travel_min=38,
        admin_min=4,
        meeting_min=0,
        idle_min=320.5,
        break_min=30,
        overtime_min=0,
        behind_mean_min=1.25,
        planned_demand_min=100,
        real_demand_min=125,
    )
    assert s["rushed_visits"] == 2


def test_bad_day_trust_stays_for_the_need(bad_day):
    v, s, a = _model(bad_day, "trust")
    assert list(v["planned_start"]) == [480, 526, 660, 706]
    assert list(v["actual_start"]) == [480, 536, 660, 708.5]
    assert list(v["delivered_min"]) == [50, 50, 12.5, 12.5]
    assert list(v["unmet_min"]) == [0, 0, 0, 0]
    assert not v["rushed"].any()
    _check_shift(
        s,
        paid_min=510,
        care_min=125,
        travel_min=38,
        admin_min=0,
        meeting_min=20,
        idle_min=297,
        break_min=30,
        overtime_min=0,
        behind_mean_min=(0 + 10 + 0 + 2.5) / 4,
    )
    breaks = a[a["kind"] == "break"]
    assert list(breaks["start"]) == [672.5] and list(breaks["end"]) == [702.5]


def test_bad_day_strain_follows_the_formula(bad_day, matrix):
    """strain = demands × relief + conscience: demands = w_behind × mean lateness h + w_demand ×
    (125/100 − 1) + w_clients × 2 (no overtime, no missed break); conscience = w_rush × rushed
    share + w_unmet × unmet h (minute: 2 of 4 rushed, 6 + 1.5 min unmet; trust: none)."""
    w = _weights(matrix)
    _, s, _ = _model(bad_day, "minute")
    demands = w.behind_per_hour * 1.25 / 60 + w.excess_demand * 0.25 + w.per_distinct_client * 2
    _check_shift(s, control=(0.5 + 0) / 2, support=0.0)  # 2 of 4 visits cut short: length 0.5
    conscience = w.rushed_share * 2 / 4 + w.unmet_per_hour * 7.5 / 60
    expected = demands * _relief(matrix, "minute", rushed=2) + conscience
    assert s["strain"] == pytest.approx(expected, abs=1e-12)
    assert float(s["unmet_min"]) == pytest.approx(7.5)
    _, s, _ = _model(bad_day, "trust")
    demands = w.behind_per_hour * 3.125 / 60 + w.excess_demand * 0.25 + w.per_distinct_client * 2
    assert s["strain"] == pytest.approx(demands * _relief(matrix, "trust"), abs=1e-12)
