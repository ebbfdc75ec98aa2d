"""Cost components against kronor computed by hand (``sim.metrics.costs.cost_components``).

Every test builds a few ``shifts`` / ``staff_days`` rows and a cost config of round
numbers, and compares each component with arithmetic written out as literals. The
prices used throughout (see :func:`prices`):

* monthly wage 30,000, employer contributions 50 %, 150 paid hours a month
  → hourly cost 30,000 × 1.5 / 150 = **300 SEK/h**;
* overtime divisor 120 → overtime 30,000 / 120 × 1.5 = **375 SEK/h** (not 300 × 1.5 = 450,
  and not 30,000 / 120 = 250 without contributions);
* substitute premium 20 % → 300 × 1.2 = **360 SEK/h**;
* sick pay 50 % → 150 SEK/h, i.e. **1,200 SEK per 8-hour sick day**; sick pay stops after
  ``sick_pay_days`` = 3 rostered days of a spell (so a spell pays its days 2 and 3);
* horizon 487 days = exactly 16 months (487 / 30.4375 = 16) for the fixed monthly costs.

The fixed components (planners, logging system, team leaders, alarm unit) are switched
off unless a test is about them, so each test sees the component it pins alone.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

import sim
from sim.config.schema import ScenarioConfig
from sim.config.schema_models import ModelConfig, OverheadConfig
from sim.config.schema_staff import AlarmConfig, CostConfig, StaffingConfig
from sim.metrics import compute_metrics
from sim.metrics.costs import RunFacts, cost_components
from sim.metrics.definitions import COST_COMPONENTS

SHIFT_COLS = ("kind", "paid_min", "overtime_min", "travel_km", "mode")
STAFF_DAY_COLS = ("slot_id", "day", "status", "event", "shift_min")


def prices(**changes: object) -> CostConfig:
    """The round-number price list of the module docstring, with ``changes``."""
    base = CostConfig(
        monthly_wage_sek=30000.0,
        employer_contribution_rate=0.5,
        paid_hours_per_month=150.0,
        overtime_divisor=120.0,
        substitute_wage_premium=0.2,
        sick_pay_share=0.5,
        sick_pay_days=3,
        recruitment_cost_sek=10000.0,
        travel_cost_per_km_sek={"walk": 0.0, "bike": 1.0, "car": 4.0},
        planner_monthly_wage_sek=40000.0,
        team_leader_monthly_wage_sek=50000.0,
        logging_system_per_caregiver_month_sek=200.0,
        alarm_responder_monthly_wage_sek=35000.0,
        provider_rate_per_hour_sek=500.0,
    )
    return replace(base, **changes)


def scenario(responders_per_district: int = 0, **cost_changes: object) -> ScenarioConfig:
    """A scenario with :func:`prices`, a 42-hour full-time week and no alarm unit by default."""
    return ScenarioConfig(
        costs=prices(**cost_changes),
        staffing=StaffingConfig(hours_per_week_full_time=42.0),
        alarms=AlarmConfig(responders_per_district=responders_per_district),
    )


def model(
    planners: float = 0.0, logging: bool = False, leaders: float = 0.0, basis: str = "allotted"
) -> ModelConfig:
    """A delivery model whose fixed overheads are off unless given."""
    ov = OverheadConfig(
        planners_per_caregiver=planners, team_leader_fte_per_team=leaders, logging_system=logging
    )
    return ModelConfig(overheads=ov, payment_basis=basis)


FACTS = RunFacts(warmup_days=0, horizon_days=487, n_clients=2, n_positions=20, n_units=4, n_districts=3)


def shifts(*rows: tuple) -> pd.DataFrame:
    """Shift rows (kind, paid_min, overtime_min, travel_km, mode)."""
    return pd.DataFrame(list(rows), columns=list(SHIFT_COLS))


def staff_days(*rows: tuple) -> pd.DataFrame:
    """Staff-day rows (slot_id, day, status, event, shift_min)."""
    return pd.DataFrame(list(rows), columns=list(STAFF_DAY_COLS))


NO_SHIFTS = shifts()
NO_DAYS = staff_days()


def sick_spell(slot: int, first_day: int, n_days: int, shift_min: float = 480.0) -> list[tuple]:
    """Rostered sick days of one spell: ``sick_start`` on the first, then plain sick days."""
    return [(slot, first_day + k, "sick", "sick_start" if k == 0 else "", shift_min) for k in range(n_days)]


def costs(
    sh: pd.DataFrame = NO_SHIFTS,
    sd: pd.DataFrame = NO_DAYS,
    sc: ScenarioConfig | None = None,
    mc: ModelConfig | None = None,
    facts: RunFacts = FACTS,
) -> dict[str, float]:
    return cost_components(sh, sd, sc or scenario(), mc or model(), facts)


def sick_pay(*spells: list[tuple], extra: list[tuple] | None = None, **cost_changes: object) -> float:
    rows = [r for s in spells for r in s] + list(extra or [])
    return costs(sd=staff_days(*rows), sc=scenario(**cost_changes))["sick_pay"]


# --- components keyed and empty --------------------------------------------------------------


def test_components_are_the_documented_ones_and_zero_without_events() -> None:
    """No events and no fixed overheads cost nothing; the keys are COST_COMPONENTS."""
    c = costs()
    assert tuple(c) == COST_COMPONENTS
    assert all(v == 0.0 for v in c.values())


# --- staff, overtime, substitutes --------------------------------------------------------------


def test_staff_is_regular_base_hours_at_hourly_cost() -> None:
    """Regular staff are paid their paid minutes minus overtime at 300 SEK/h; substitutes are not in it."""
    sh = shifts(
        ("regular", 540.0, 60.0, 0.0, "car"),  # 8 base hours + 1 overtime hour
        ("regular", 480.0, 0.0, 0.0, "car"),  # 8 base hours
        ("substitute", 480.0, 0.0, 0.0, "car"),  # not staff
    )
    c = costs(sh)
    assert c["staff"] == pytest.approx(16 * 300.0)  # 4,800
    assert c["staff"] == pytest.approx(4800.0)


def test_overtime_rate_is_monthly_wage_over_divisor_with_contributions() -> None:
    """Two overtime hours cost 2 × 30,000 / 120 × 1.5 = 750 (not hourly × 1.5, nor without contributions)."""
    sh = shifts(("regular", 600.0, 120.0, 0.0, "car"))
    c = costs(sh)
    assert c["overtime"] == pytest.approx(2 * 30000 / 120 * 1.5)  # 750
    assert c["overtime"] == pytest.approx(750.0)
    assert c["staff"] == pytest.approx(8 * 300.0)  # the 480 base minutes only


def test_overtime_is_per_minute() -> None:
    """Overtime is paid by the minute: 15 + 45 min = 1 h = 375 SEK."""
    sh = shifts(("regular", 495.0, 15.0, 0.0, "car"), ("regular", 525.0, 45.0, 0.0, "car"))
    assert costs(sh)["overtime"] == pytest.approx(375.0)


def test_substitutes_base_hours_with_premium_and_their_overtime_as_overtime() -> None:
    """A substitute's 8 base hours cost 8 × 300 × 1.2; its 30 overtime minutes go to overtime."""
    sh = shifts(("substitute", 510.0, 30.0, 0.0, "car"))
    c = costs(sh)
    assert c["substitutes"] == pytest.approx(8 * 300 * 1.2)  # 2,880
    assert c["overtime"] == pytest.approx(0.5 * 375)  # 187.5
    assert c["staff"] == 0.0


def test_staff_overtime_substitutes_together() -> None:
    """A mixed day adds up: staff 4,800, overtime (60 + 30 min) 562.5, substitutes 2,880."""
    sh = shifts(
        ("regular", 540.0, 60.0, 0.0, "car"),
        ("regular", 480.0, 0.0, 0.0, "car"),
        ("substitute", 510.0, 30.0, 0.0, "car"),
    )
    c = costs(sh)
    assert (c["staff"], c["overtime"], c["substitutes"]) == pytest.approx((4800.0, 562.5, 2880.0))


# --- sick pay --------------------------------------------------------------------------------------


def test_qualifying_day_is_unpaid() -> None:
    """A one-day spell is only its qualifying day (karensdag): no sick pay."""
    assert sick_pay(sick_spell(0, 5, 1)) == 0.0


def test_two_day_spell_pays_its_second_day() -> None:
    """Day 2 of a spell is paid: 8 h × 300 × 0.5 = 1,200."""
    assert sick_pay(sick_spell(0, 5, 2)) == pytest.approx(8 * 300 * 0.5)


def test_sick_pay_stops_after_sick_pay_days() -> None:
    """With sick_pay_days = 3 a spell pays days 2 and 3 only, however long it is."""
    assert sick_pay(sick_spell(0, 0, 3)) == pytest.approx(2 * 1200.0)
    assert sick_pay(sick_spell(0, 0, 4)) == pytest.approx(2 * 1200.0)  # day 4 is past the boundary
    assert sick_pay(sick_spell(0, 0, 9)) == pytest.approx(2 * 1200.0)


def test_sick_pay_days_14_pays_days_2_to_14() -> None:
    """The default rule (employer pays days 1–14, the first one unpaid): a 20-day spell pays 13 days."""
    assert sick_pay(sick_spell(0, 0, 20), sick_pay_days=14) == pytest.approx(13 * 1200.0)  # 15,600
    assert sick_pay(sick_spell(0, 0, 14), sick_pay_days=14) == pytest.approx(13 * 1200.0)
    assert sick_pay(sick_spell(0, 0, 13), sick_pay_days=14) == pytest.approx(12 * 1200.0)


def test_a_spell_that_began_in_warm_up_keeps_its_qualifying_day_and_limit() -> None:
    """Warm-up of 1 day, a 6-day spell from day 0, sick_pay_days = 3: the spell's days 2 and 3
    (simulation days 1 and 2) are paid; day 0 is the qualifying day and is not measured anyway."""
    warm = RunFacts(warmup_days=1, horizon_days=487, n_clients=2, n_positions=20, n_units=4, n_districts=3)
    sd = staff_days(*sick_spell(0, 0, 6))
    assert costs(sd=sd, facts=warm)["sick_pay"] == pytest.approx(2 * 1200.0)
    # and through compute_metrics, which passes the whole staff_days table
    frames = tiny_frames()
    frames["staff_days"] = sd
    _, c = compute_metrics(frames, scenario(), model(), replace(FACTS_WARM, n_positions=20))
    assert c["sick_pay"] == pytest.approx(2 * 1200.0)


def test_sick_days_after_the_horizon_are_not_paid() -> None:
    """A 6-day spell with sick_pay_days = 14 and 3 measured days pays days 1 and 2 only (not 5)."""
    short = replace(FACTS, horizon_days=3)
    sd, sc = staff_days(*sick_spell(0, 0, 6)), scenario(sick_pay_days=14)
    assert costs(sd=sd, sc=sc, facts=short)["sick_pay"] == pytest.approx(2 * 1200.0)


def test_two_spells_of_one_slot_each_have_a_qualifying_day_and_a_limit() -> None:
    """Spells of 5 and 4 days on one slot (with a working day between) pay 2 + 2 days."""
    work = [(0, 5, "work", "", 480.0)]
    assert sick_pay(sick_spell(0, 0, 5), sick_spell(0, 6, 4), extra=work) == pytest.approx(4 * 1200.0)


def test_back_to_back_spells_start_counting_again() -> None:
    """A new spell starting the day after the last one ends has its own qualifying day and limit."""
    # spell 1: days 0–1 (pays day 1); spell 2: days 2–6 (pays days 3, 4)
    assert sick_pay(sick_spell(0, 0, 2), sick_spell(0, 2, 5)) == pytest.approx(3 * 1200.0)


def test_interleaved_slots_are_counted_per_slot() -> None:
    """Two slots sick on the same days, rows day by day: each spell is counted on its own slot.

    Slot 0: 4-day spell of 8-h shifts → 2 paid days × 1,200. Slot 1: 2-day spell of 6-h
    shifts → 1 paid day × 6 × 300 × 0.5 = 900.
    """
    a, b = sick_spell(0, 10, 4), sick_spell(1, 10, 2, shift_min=360.0)
    rows = [a[0], b[0], a[1], b[1], a[2], a[3]]
    assert sick_pay(rows) == pytest.approx(2 * 1200.0 + 900.0)


def test_spells_out_of_row_order() -> None:
    """Rows in reverse order give the same sick pay as in day order (two slots, three spells)."""
    rows = sick_spell(0, 0, 5) + sick_spell(1, 1, 3, shift_min=360.0) + sick_spell(0, 7, 2)
    expected = 2 * 1200.0 + 2 * 900.0 + 1 * 1200.0  # 5,400
    assert sick_pay(rows) == pytest.approx(expected)
    assert sick_pay(rows[::-1]) == pytest.approx(expected)
    shuffled = [rows[i] for i in (9, 3, 0, 6, 1, 8, 4, 2, 7, 5)]
    assert sick_pay(shuffled) == pytest.approx(expected)
    # one long spell backwards: still days 2 and 3 paid, not the last three rows
    assert sick_pay(sick_spell(0, 0, 6)[::-1]) == pytest.approx(2 * 1200.0)


def test_sick_pay_uses_each_days_shift_length_and_ignores_other_statuses() -> None:
    """Paid days pay their own shift hours; work, vacant, quit and hire rows pay no sick pay."""
    spell = [(3, 0, "sick", "sick_start", 480.0), (3, 1, "sick", "", 600.0), (3, 2, "sick", "", 240.0)]
    other = [
        (4, 0, "work", "", 480.0),
        (5, 0, "vacant", "", 480.0),
        (6, 1, "quit", "quit", 0.0),
        (6, 2, "hire", "hire", 0.0),
    ]
    # day 2 (10 h) and day 3 (4 h) are paid: 14 h × 300 × 0.5
    assert sick_pay(spell, extra=other) == pytest.approx(14 * 300 * 0.5)  # 2,100


def test_sick_pay_share_scales() -> None:
    """Sick pay is proportional to sick_pay_share: 80 % of 8 h × 300 for one paid day = 1,920."""
    assert sick_pay(sick_spell(0, 0, 2), sick_pay_share=0.8) == pytest.approx(8 * 300 * 0.8)


# --- recruitment and travel ----------------------------------------------------------------------


def test_recruitment_is_per_hire_not_per_quit() -> None:
    """Two hires cost 2 × 10,000; the quit costs nothing by itself."""
    sd = staff_days(
        (0, 3, "quit", "quit", 0.0),
        (0, 33, "hire", "hire", 0.0),
        (1, 40, "hire", "hire", 0.0),
        (1, 40, "work", "", 480.0),
    )
    assert costs(sd=sd)["recruitment"] == pytest.approx(2 * 10000.0)


def test_recruitment_counts_hires_of_the_measured_days_only() -> None:
    """Warm-up 5 days, 10 measured: hires on days 5 and 14 count, on days 4 and 15 they do not."""
    facts = replace(FACTS, warmup_days=5, horizon_days=10)
    sd = staff_days(*[(k, day, "hire", "hire", 0.0) for k, day in enumerate((4, 5, 14, 15))])
    assert costs(sd=sd, facts=facts)["recruitment"] == pytest.approx(2 * 10000.0)


def test_travel_per_km_by_mode() -> None:
    """Car km at 4, bike km at 1, walking free: 15 car km + 20 bike km + 3 km walked = 80 SEK."""
    sh = shifts(
        ("regular", 480.0, 0.0, 10.0, "car"),
        ("regular", 480.0, 0.0, 5.0, "car"),
        ("substitute", 480.0, 0.0, 20.0, "bike"),
        ("regular", 480.0, 0.0, 3.0, "walk"),
    )
    assert costs(sh)["travel"] == pytest.approx(15 * 4.0 + 20 * 1.0 + 3 * 0.0)  # 80


def test_travel_mode_with_zero_km_costs_nothing() -> None:
    """A mode driven 0 km adds nothing, whatever its price: 12 bike km = 12 SEK."""
    sh = shifts(("regular", 480.0, 0.0, 0.0, "car"), ("regular", 480.0, 0.0, 12.0, "bike"))
    assert costs(sh)["travel"] == pytest.approx(12.0)


# --- fixed monthly costs -------------------------------------------------------------------------


def test_planners_per_caregiver() -> None:
    """0.05 planners × 20 positions = 1 planner × 40,000 × 1.5 × 16 months = 960,000."""
    c = costs(mc=model(planners=0.05))
    assert c["planning_logging"] == pytest.approx(0.05 * 20 * 40000 * 1.5 * 16)
    assert c["planning_logging"] == pytest.approx(960000.0)


def test_months_are_horizon_over_30_4375() -> None:
    """28 days are 28 / 30.4375 months of one planner: 60,000 × 0.919918… = 55,195.07."""
    facts = replace(FACTS, horizon_days=28)
    c = costs(mc=model(planners=0.05), facts=facts)
    assert c["planning_logging"] == pytest.approx(60000 * 28 / 30.4375)
    assert c["planning_logging"] == pytest.approx(55195.07, abs=0.01)


def test_logging_system_on_and_off() -> None:
    """The logging system costs 200 × 20 positions × 16 months = 64,000 only when the model has it."""
    assert costs(mc=model(logging=True))["planning_logging"] == pytest.approx(200 * 20 * 16)
    assert costs(mc=model(logging=False))["planning_logging"] == 0.0
    both = costs(mc=model(planners=0.05, logging=True))["planning_logging"]
    assert both == pytest.approx(960000.0 + 64000.0)


def test_team_leaders_per_unit() -> None:
    """0.25 FTE × 4 units = 1 team leader × 50,000 × 1.5 × 16 months = 1,200,000."""
    c = costs(mc=model(leaders=0.25))
    assert c["team_leaders"] == pytest.approx(0.25 * 4 * 50000 * 1.5 * 16)
    assert c["team_leaders"] == pytest.approx(1200000.0)
    assert c["planning_logging"] == 0.0


def test_alarm_unit_round_the_clock() -> None:
    """2 responders × 3 districts, each post 24 × 7 / 42 = 4 FTE: 24 FTE × 35,000 × 1.5 × 16 = 20,160,000."""
    c = costs(sc=scenario(responders_per_district=2))
    assert c["alarm_unit"] == pytest.approx(2 * 3 * 4 * 35000 * 1.5 * 16)
    assert c["alarm_unit"] == pytest.approx(20160000.0)


def test_fixed_costs_do_not_depend_on_events() -> None:
    """Planners, logging, team leaders and the alarm unit are the same with or without any events."""
    sc, mc = scenario(responders_per_district=1), model(planners=0.05, logging=True, leaders=0.25)
    sh = shifts(("regular", 540.0, 60.0, 10.0, "car"))
    sd = staff_days(*sick_spell(0, 0, 3), (1, 0, "hire", "hire", 0.0))
    empty, full = costs(sc=sc, mc=mc), costs(sh, sd, sc, mc)
    for k in ("planning_logging", "team_leaders", "alarm_unit"):
        assert full[k] == pytest.approx(empty[k])


def test_shipped_models_logging_and_planning() -> None:
    """In the shipped configs minute control pays planners and the logging system, trust neither.

    Shipped prices: planner 36,000, logging 250 per caregiver-month, contributions 42 %;
    minute control has 0.036 planners per caregiver. With 10 positions over 487 days (16 months)
    the cost per month is 0.036 × 10 × 36,000 × 1.42 + 250 × 10.
    """
    cfg = sim.config([])
    sc = cfg.scenario
    assert sc.costs.planner_monthly_wage_sek == 36000.0  # the hand numbers below assume these
    assert sc.costs.logging_system_per_caregiver_month_sek == 250.0
    assert sc.costs.employer_contribution_rate == 0.42
    facts = replace(FACTS, n_positions=10)
    minute = cost_components(NO_SHIFTS, NO_DAYS, sc, cfg.models["minute"], facts)["planning_logging"] / 16
    trust = cost_components(NO_SHIFTS, NO_DAYS, sc, cfg.models["trust"], facts)["planning_logging"] / 16
    assert minute == pytest.approx(0.036 * 10 * 36000 * 1.42 + 250 * 10)  # 18,403.2 + 2,500
    assert trust == 0.0


# --- through compute_metrics: cost per client-month, per care hour, provider payment ------------

VISIT_COLS = (
    "day",
    "client_id",
    "caregiver_id",
    "second_caregiver_id",
    "actual_start",
    "missed",
    "rushed",
    "late",
    "is_contact_person",
    "allotted_min",
    "delivered_min",
    "unmet_min",
)
FULL_SHIFT_COLS = (
    "day",
    *SHIFT_COLS,
    "care_min",
    "travel_min",
    "admin_min",
    "meeting_min",
    "idle_min",
    "break_min",
    "missed_breaks",
    "strain",
)


def tiny_frames() -> dict[str, pd.DataFrame]:
    """Two clients, one 8-hour shift with 10 car km, two performed visits and one missed.

    Day 0 is warm-up (FACTS_WARM): its shift, visit and hire must not be counted.
    """
    visits = pd.DataFrame(
        [
            # day, client, cg, 2nd, start, missed, rushed, late, contact, allotted, delivered, unmet
            (1, 0, 0, -1, 1440 + 480.0, False, False, False, True, 45.0, 60.0, 0.0),
            (1, 1, 0, -1, 1440 + 600.0, False, False, False, True, 30.0, 30.0, 0.0),
            (1, 1, -1, -1, float("nan"), True, False, False, False, 20.0, 0.0, 20.0),
            (0, 0, 0, -1, 480.0, False, False, False, True, 999.0, 999.0, 0.0),  # warm-up
        ],
        columns=list(VISIT_COLS),
    )
    visits["planned_start"] = visits["actual_start"]  # planned as done, inside a 2-hour window
    visits["window_end"] = visits["actual_start"] + 120.0
    visits["behind_plan"] = False
    visits["planned_visit"] = 0  # each client's one recurring visit
    visits["planned_caregiver_id"] = visits["planned_second_caregiver_id"] = -1  # no unit plan
    # granted as allotted (allotment=standard); need as delivered + unmet, nobody a stranger
    visits["standard_min"] = visits["allotted_min"]
    visits["need_min"] = visits["base_need_min"] = visits["delivered_min"] + visits["unmet_min"]
    shift_rows = [
        (1, "regular", 480.0, 0.0, 10.0, "car", 90.0, 30.0, 10.0, 0.0, 320.0, 30.0, 0, 0.0),
        (0, "regular", 999.0, 99.0, 99.0, "car", 90.0, 30.0, 10.0, 0.0, 320.0, 30.0, 0, 0.0),  # warm-up
    ]
    sh = pd.DataFrame(shift_rows, columns=list(FULL_SHIFT_COLS))
    sh["caregiver_id"], sh["visits"] = 0, 2
    sh["control"], sh["support"] = 1.0, 0.0  # job control and support as measured per shift
    sd = pd.DataFrame(
        [(0, 1, "work", "", 480.0), (0, 0, "hire", "hire", 0.0)],  # the hire is in warm-up
        columns=list(STAFF_DAY_COLS),
    )
    alarms = pd.DataFrame({"day": pd.Series([], dtype=int), "response_min": pd.Series([], dtype=float)})
    return {"visits": visits, "shifts": sh, "alarms": alarms, "staff_days": sd}


FACTS_WARM = RunFacts(warmup_days=1, horizon_days=487, n_clients=2, n_positions=1, n_units=1, n_districts=1)


def test_cost_per_client_month_and_per_care_hour() -> None:
    """Total = staff 8 h × 300 + travel 10 km × 4 = 2,440 over 2 clients × 16 months and 1.5 care hours."""
    m, c = compute_metrics(tiny_frames(), scenario(), model(), FACTS_WARM)
    assert sum(c.values()) == pytest.approx(2400.0 + 40.0)
    assert c["recruitment"] == 0.0  # the warm-up hire is not counted
    assert m["cost_per_client_month_sek"] == pytest.approx(2440.0 / (2 * 16))  # 76.25
    assert m["cost_per_care_hour_sek"] == pytest.approx(2440.0 / ((60 + 30) / 60))  # 1,626.67


@pytest.mark.parametrize(
    ("basis", "hours"),
    [
        ("allotted", (45 + 30) / 60),  # performed visits' allotted minutes; the missed 20 not paid
        ("logged", (60 + 30) / 60),  # performed visits' delivered minutes
        ("worked", 480 / 60),  # staff's paid minutes
    ],
)
def test_provider_payment_by_basis(basis: str, hours: float) -> None:
    """Provider payment = hours on the model's basis × 500 SEK/h / (2 clients × 16 months)."""
    m, _ = compute_metrics(tiny_frames(), scenario(), model(basis=basis), FACTS_WARM)
    assert m["provider_payment_per_client_month_sek"] == pytest.approx(hours * 500 / 32)


def test_provider_payment_literal_values() -> None:
    """The three bases as literal kronor: 19.53125, 23.4375 and 125 SEK per client-month."""
    got = [
        compute_metrics(tiny_frames(), scenario(), model(basis=b), FACTS_WARM)[0][
            "provider_payment_per_client_month_sek"
        ]
        for b in ("allotted", "logged", "worked")
    ]
    assert got == pytest.approx([19.53125, 23.4375, 125.0])
