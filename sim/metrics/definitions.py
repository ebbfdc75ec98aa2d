"""The headline metrics: name, unit, which direction is better, and the formula.

This table is the single source for ``docs/metrics.md`` (a test checks that the
document lists every metric) and for labels in tables, plots and reports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class MetricInfo:
    """What a metric means."""

    label: str
    unit: str
    better: str  # "lower" | "higher" | "-"
    group: str  # continuity | care | stress | time | cost | plan
    formula: str


METRICS: dict[str, MetricInfo] = {
    "staff_per_client_14d": MetricInfo(
        "Distinct staff per client, 14 days",
        "staff",
        "lower",
        "continuity",
        "Mean over client-windows of the number of distinct caregivers who made a visit "
        "(07–22, alarm visits excluded) in a 14-day window after warm-up; only clients with at "
        "least two such visits on every day of the window (Socialstyrelsen's indicator).",
    ),
    "staff_per_client_14d_median": MetricInfo(
        "Distinct staff per client, 14 days (median)",
        "staff",
        "lower",
        "continuity",
        "Median of the same client-window counts.",
    ),
    "staff_per_client_day": MetricInfo(
        "Distinct staff per client and day",
        "staff",
        "lower",
        "continuity",
        "Distinct caregivers (both of a double visit) who performed a client's visits of one day, "
        "averaged over measured client-days with at least two performed visits: the within-day "
        "continuity minute-controlled planners weigh.",
    ),
    "contact_person_share": MetricInfo(
        "Visits by the contact person",
        "share",
        "higher",
        "continuity",
        "Performed visits in which the client's contact person took part / performed visits.",
    ),
    "unmet_need_min_per_client_week": MetricInfo(
        "Unmet need per client and week",
        "min",
        "lower",
        "care",
        "Σ (need − delivered) × base need / need over all planned visits, missed ones at their "
        "full need / (clients × horizon_days / 7): the care clients went without, the unmet "
        "minutes shared between care and a new caregiver's familiarisation time in proportion "
        "to the need's two parts (familiarisation is reported apart).",
    ),
    "familiarisation_min_per_client_week": MetricInfo(
        "Familiarisation time per client and week",
        "min",
        "lower",
        "continuity",
        "Σ (need − base need) over performed visits / (clients × horizon_days / 7): the extra "
        "minutes caregivers new to a client needed to get to know them (the familiarity "
        "multiplier's part of the need), delivered or not.",
    ),
    "rushed_visit_share": MetricInfo(
        "Rushed visits",
        "share",
        "lower",
        "care",
        "Performed visits with delivered < need − rushed_tolerance_min / performed visits.",
    ),
    "missed_visit_share": MetricInfo(
        "Missed visits",
        "share",
        "lower",
        "care",
        "Planned visits nobody performed (cancelled at planning or in overtime) / planned visits.",
    ),
    "late_visit_share": MetricInfo(
        "Late visits",
        "share",
        "lower",
        "care",
        "Performed visits starting more than late_tolerance_min after the latest start the client "
        "was promised (the window's end) / performed visits.",
    ),
    "behind_plan_share": MetricInfo(
        "Visits later than planned",
        "share",
        "lower",
        "care",
        "Performed visits starting more than late_tolerance_min after their planned start (a "
        "handed-over visit: the start planned at hand-over) / performed visits: how far the day "
        "runs behind its own plan, whatever was promised.",
    ),
    "planned_late_share": MetricInfo(
        "Visits planned after their window",
        "share",
        "lower",
        "care",
        "Performed visits whose planned start lies after the latest start the client was promised "
        "(the window's end) / performed visits: lateness the plan itself builds in, before anyone "
        "falls behind.",
    ),
    "start_spread_min": MetricInfo(
        "Spread of a visit's time from day to day",
        "min",
        "lower",
        "continuity",
        "Median over a client's recurring visits (client, planned visit) made on two days or more "
        "of the standard deviation of the time of day each started: whether the same visit comes "
        "at about the same time every day (time consistency, as in the consistent vehicle routing "
        "literature; Groër, Golden & Wasil 2009).",
    ),
    "alarm_response_mean_min": MetricInfo(
        "Alarm response time (mean)",
        "min",
        "lower",
        "care",
        "Mean of (arrival at the client − call time) over alarm calls.",
    ),
    "alarm_response_p90_min": MetricInfo(
        "Alarm response time (90th percentile)",
        "min",
        "lower",
        "care",
        "90th percentile of (arrival − call time) over alarm calls.",
    ),
    "alarm_within_guarantee_share": MetricInfo(
        "Alarms answered within the guarantee",
        "share",
        "higher",
        "care",
        "Calls answered within guarantee_min / all calls (a call never answered counts as late).",
    ),
    "overtime_min_per_shift": MetricInfo(
        "Overtime per shift",
        "min",
        "lower",
        "stress",
        "Σ max(0, finish − scheduled end) / shifts worked (regular staff and substitutes).",
    ),
    "missed_break_share": MetricInfo(
        "Missed breaks",
        "share",
        "lower",
        "stress",
        "Shifts whose meal break was skipped because the caregiver was behind / shifts.",
    ),
    "strain_index": MetricInfo(
        "Daily strain index",
        "index",
        "lower",
        "stress",
        "Mean over shifts of the strain index (sim.stress.strain_index): the job demands "
        "(weighted overtime hours, mean lateness hours, missed breaks, excess of real over planned "
        "demand, distinct clients met) relieved by the shift's job control and support, plus "
        "conscience stress (rushed share, unmet-need hours).",
    ),
    "job_control": MetricInfo(
        "Job control",
        "index",
        "higher",
        "stress",
        "Mean over shifts of the job control the shift gave, 0–1 (sim.stress.job_control): the mean "
        "of the share of visits whose length the caregiver decided (1 − rushed / visits) and the "
        "share of the day's order that was the own unit's plan or the caregiver's own choice (mutual "
        "help) rather than a central planner's or a rule's (overtime hand-back, cancellations, "
        "dispatched alarm calls).",
    ),
    "job_support": MetricInfo(
        "Job support",
        "index",
        "higher",
        "stress",
        "Mean over shifts of the coworker support the shift gave, 0–1 (sim.stress.job_support): the "
        "mean of help exchanged (visits a colleague took when one was behind + visits taken over by "
        "choice, / support_help_reference, at most 1) and time with colleagues (meeting + "
        "double-staffed minutes, / support_together_reference_min, at most 1).",
    ),
    "sick_leave_rate": MetricInfo(
        "Sick leave",
        "share",
        "lower",
        "stress",
        "Rostered regular shifts lost to sickness / rostered shifts of employed staff.",
    ),
    "extra_shift_share": MetricInfo(
        "Shifts covered by a colleague's extra shift",
        "share",
        "lower",
        "stress",
        "Rostered shifts of an absent or vacant position worked by an off-duty colleague as an "
        "extra shift (paid as overtime) / rostered shifts.",
    ),
    "uncovered_shift_share": MetricInfo(
        "Absences nobody covered",
        "share",
        "lower",
        "stress",
        "Rostered shifts of an absent or vacant position that neither a substitute nor a colleague "
        "worked / rostered shifts: their visits fall on the rest of the crew.",
    ),
    "turnover_rate": MetricInfo(
        "Staff turnover",
        "1/year",
        "lower",
        "stress",
        "Quits / (positions × horizon_days / 365.25).",
    ),
    "care_time_share": MetricInfo(
        "Paid time in clients' homes (brukartid)",
        "share",
        "higher",
        "time",
        "Σ care minutes (visits and alarms) / Σ paid minutes.",
    ),
    "travel_time_share": MetricInfo(
        "Paid time travelling",
        "share",
        "-",
        "time",
        "Σ travel minutes / Σ paid minutes.",
    ),
    "admin_time_share": MetricInfo(
        "Paid time logging visits",
        "share",
        "lower",
        "time",
        "Σ logging minutes / Σ paid minutes.",
    ),
    "meeting_time_share": MetricInfo(
        "Paid time in team meetings",
        "share",
        "-",
        "time",
        "Σ meeting minutes / Σ paid minutes.",
    ),
    "idle_time_share": MetricInfo(
        "Paid time idle or waiting",
        "share",
        "-",
        "time",
        "Σ idle minutes (waiting for a window, a partner, or the shift end) / Σ paid minutes.",
    ),
    "break_time_share": MetricInfo(
        "Paid time on breaks",
        "share",
        "-",
        "time",
        "Σ break minutes / Σ paid minutes.",
    ),
    "visits_per_caregiver_day": MetricInfo(
        "Visits per caregiver and day",
        "visits",
        "-",
        "time",
        "Σ visits made (each caregiver of a double visit counts one) / caregiver-days worked.",
    ),
    "plan_kept_caregiver_share": MetricInfo(
        "Visits by their planned caregiver",
        "share",
        "-",
        "plan",
        "Visits made by the caregiver the unit's own plan gives them (and, for a double visit, by "
        "its planned second caregiver too) / visits with a planned caregiver (data.dir with "
        "visits.planned_caregiver; not measured without).",
    ),
    "plan_kept_time_share": MetricInfo(
        "Visits started within their window",
        "share",
        "higher",
        "plan",
        "Visits started no later than their window's latest start + late_tolerance_min (none start "
        "before the window opens) / all visits, missed ones included.",
    ),
    "cost_per_client_month_sek": MetricInfo(
        "Cost per client and month",
        "SEK",
        "lower",
        "cost",
        "Σ cost components (docs/metrics.md) after warm-up / (clients × horizon_days / 30.4375).",
    ),
    "cost_per_care_hour_sek": MetricInfo(
        "Cost per delivered care hour",
        "SEK",
        "lower",
        "cost",
        "Σ cost components / (Σ delivered visit minutes / 60).",
    ),
    "provider_payment_per_client_month_sek": MetricInfo(
        "Provider payment per client and month",
        "SEK",
        "-",
        "cost",
        "Hours paid to the provider under the model's payment_basis (granted minutes, logged "
        "minutes or staff hours) × provider_rate_per_hour_sek / client-months. Not comparable "
        "between models whose bases differ (one rate applied to granted care minutes in one and "
        "to all worked hours in the other): compare provider_payment_granted_per_client_month_sek.",
    ),
    "provider_payment_granted_per_client_month_sek": MetricInfo(
        "Provider payment per client and month, granted hours",
        "SEK",
        "-",
        "cost",
        "Granted minutes of the performed visits (the standard time with any reassessment's raise; "
        "under allotment=standard the allotted time) / 60 × provider_rate_per_hour_sek / "
        "client-months: every model paid on the same basis, LOV's per granted hour.",
    ),
}


def metric_range(metric: str) -> tuple[float, float]:
    """What a metric can be: [0, 1] for a share, [0, inf) for every other (counts, minutes, SEK);
    an unknown name is unbounded."""
    info = METRICS.get(metric)
    if info is None:
        return -math.inf, math.inf
    return (0.0, 1.0) if info.unit == "share" else (0.0, math.inf)


HEADLINE = (
    "staff_per_client_14d",
    "contact_person_share",
    "unmet_need_min_per_client_week",
    "rushed_visit_share",
    "late_visit_share",
    "overtime_min_per_shift",
    "strain_index",
    "sick_leave_rate",
    "turnover_rate",
    "care_time_share",
    "travel_time_share",
    "alarm_response_p90_min",
    "cost_per_client_month_sek",
    "cost_per_care_hour_sek",
)

COST_COMPONENTS = (
    "staff",
    "team_meetings",
    "overtime",
    "substitutes",
    "sick_pay",
    "recruitment",
    "travel",
    "planning_logging",
    "team_leaders",
    "alarm_unit",
)
