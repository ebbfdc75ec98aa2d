"""Cost of a model run after warm-up, by component (SEK).

* ``staff`` — regular staff's paid minutes (excluding overtime and team meetings) × hourly cost;
* ``team_meetings`` — the minutes every shift spends in the daily team meeting (and in
  training, during a transition), at the cost of the hours they are paid in (an organisational
  overhead set by ``overheads.daily_meeting_min``: kept apart for the cost bridge);
* ``overtime`` — overtime hours, and the whole of extra shifts (an off-duty colleague
  covering an absence), × monthly wage / overtime_divisor × (1 + contributions);
* ``substitutes`` — substitutes' paid minutes × hourly cost × (1 + substitute premium);
* ``sick_pay`` — rostered sick days except each spell's first (qualifying) day, up to
  ``sick_pay_days``, × shift hours × hourly cost × sick_pay_share;
* ``recruitment`` — hires × recruitment_cost_sek;
* ``travel`` — km by mode × cost per km;
* ``planning_logging`` — central planners and the visit-logging system;
* ``team_leaders`` — team-leader time spent on team planning;
* ``alarm_unit`` — alarm responders on duty round the clock (same in both models).

hourly cost = monthly_wage × (1 + employer_contribution_rate) / paid_hours_per_month.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sim.config.reads import ALWAYS, Reads
from sim.config.schema import ScenarioConfig
from sim.config.schema_models import ModelConfig

# The config keys the costs read (issue 25: sim/config/reads.py).
READS = Reads(
    "the costs (sim/metrics/costs.py)",
    (
        "scenario.costs.*",
        "scenario.staffing.hours_per_week_full_time",
        "scenario.alarms.responders_per_district",
        "models.*.overheads.logging_system",
        "models.*.overheads.planners_per_caregiver",
        "models.*.overheads.team_leader_fte_per_team",
    ),
    ALWAYS,
)


@dataclass(frozen=True)
class RunFacts:
    """Sizes of a model run the cost and rate metrics divide by."""

    warmup_days: int
    horizon_days: int
    n_clients: int
    n_positions: int
    n_units: int
    n_districts: int


def measured_days(df: pd.DataFrame, facts: RunFacts) -> pd.DataFrame:
    """Rows of ``df`` on the measured days (after warm-up, within the horizon)."""
    lo = facts.warmup_days
    return df[(df["day"] >= lo) & (df["day"] < lo + facts.horizon_days)]


def cost_components(
    shifts: pd.DataFrame,
    staff_days: pd.DataFrame,
    sc: ScenarioConfig,
    model: ModelConfig,
    facts: RunFacts,
) -> dict[str, float]:
    """Cost by component over the measured days.

    ``shifts`` holds the measured days only; ``staff_days`` may include the warm-up, so
    that a sick spell which began before the first measured day keeps its qualifying
    day and its pay limit where they fell (only the measured days of it are paid).
    """
    c = sc.costs
    contrib = 1.0 + c.employer_contribution_rate
    hourly = c.monthly_wage_sek * contrib / c.paid_hours_per_month
    months = facts.horizon_days / 30.4375
    regular = shifts["kind"] == "regular"
    extra = shifts["kind"] == "extra"
    ot_hours = shifts["overtime_min"] / 60.0
    meeting_hours = shifts["meeting_min"] / 60.0 if "meeting_min" in shifts else 0.0 * ot_hours
    base_hours = (shifts["paid_min"] - shifts["overtime_min"]) / 60.0 - meeting_hours
    ot_rate = c.monthly_wage_sek / c.overtime_divisor * contrib
    sub_rate = hourly * (1.0 + c.substitute_wage_premium)
    # each shift's meeting minutes at the rate its hours are paid (a regular's, a substitute's,
    # an extra shift's overtime rate)
    meetings = (
        meeting_hours[regular].sum() * hourly
        + meeting_hours[~regular & ~extra].sum() * sub_rate
        + meeting_hours[extra].sum() * ot_rate
    )
    sick = staff_days[staff_days["status"] == "sick"].sort_values(["slot_id", "day"])
    # the first day of a spell is the qualifying day; pay stops after sick_pay_days
    spell = (sick["event"] == "sick_start").groupby(sick["slot_id"]).cumsum()
    day_in_spell = sick.groupby([sick["slot_id"], spell]).cumcount()
    paid_sick = measured_days(sick[(sick["event"] != "sick_start") & (day_in_spell < c.sick_pay_days)], facts)
    sd = measured_days(staff_days, facts)
    travel_km = shifts.groupby("mode")["travel_km"].sum()
    ov = model.overheads
    planners = ov.planners_per_caregiver * facts.n_positions * c.planner_monthly_wage_sek * contrib
    logging = c.logging_system_per_caregiver_month_sek * facts.n_positions if ov.logging_system else 0.0
    leaders = ov.team_leader_fte_per_team * facts.n_units * c.team_leader_monthly_wage_sek * contrib
    # one responder position round the clock is 24 × 7 / (full-time hours per week) FTE
    fte_per_post = 24 * 7 / sc.staffing.hours_per_week_full_time
    responders = sc.alarms.responders_per_district * facts.n_districts * fte_per_post
    return {
        "staff": float(base_hours[regular].sum() * hourly),
        "team_meetings": float(meetings),
        "overtime": float((ot_hours.sum() + base_hours[extra].sum()) * ot_rate),
        "substitutes": float(base_hours[~regular & ~extra].sum() * sub_rate),
        "sick_pay": float((paid_sick["shift_min"] / 60.0).sum() * hourly * c.sick_pay_share),
        "recruitment": float((sd["event"] == "hire").sum() * c.recruitment_cost_sek),
        "travel": float(sum(km * c.travel_cost_per_km_sek.get(str(m), 0.0) for m, km in travel_km.items())),
        "planning_logging": float((planners + logging) * months),
        "team_leaders": float(leaders * months),
        "alarm_unit": float(responders * c.alarm_responder_monthly_wage_sek * contrib * months),
    }
