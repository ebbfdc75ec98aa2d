"""Metrics: from a model run's event tables to one number per metric (after warm-up).

Every metric is computed from the simulated events; :mod:`sim.metrics.definitions`
documents each formula.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.config.reads import ALWAYS, Reads
from sim.config.schema import ScenarioConfig
from sim.config.schema_models import ModelConfig
from sim.metrics.continuity import (
    staff_per_client_day,
    staff_per_client_windows,
    start_spread_min,
    summarise,
)
from sim.metrics.costs import RunFacts, cost_components, measured_days
from sim.metrics.definitions import COST_COMPONENTS, HEADLINE, METRICS
from sim.metrics.na import RATES_OVER_TIME, rates_supported

__all__ = [
    "COST_COMPONENTS",
    "HEADLINE",
    "METRICS",
    "METRIC_COLUMNS",
    "RunFacts",
    "compute_metrics",
]

# the columns of the event tables the metrics are computed from (the rest, and the whole
# activities table, are for charts and traces), so a long run reads back only these
METRIC_COLUMNS: dict[str, tuple[str, ...]] = {
    "visits": (
        "day",
        "client_id",
        "planned_visit",
        "caregiver_id",
        "second_caregiver_id",
        "planned_caregiver_id",
        "planned_second_caregiver_id",
        "is_contact_person",
        "window_end",
        "planned_start",
        "actual_start",
        "standard_min",
        "allotted_min",
        "base_need_min",
        "need_min",
        "delivered_min",
        "unmet_min",
        "rushed",
        "late",
        "behind_plan",
        "missed",
    ),
    "shifts": (
        "day",
        "caregiver_id",
        "slot_id",
        "kind",
        "paid_min",
        "care_min",
        "travel_min",
        "admin_min",
        "meeting_min",
        "idle_min",
        "break_min",
        "overtime_min",
        "travel_km",
        "mode",
        "visits",
        "missed_breaks",
        "unmet_min",
        "control",
        "support",
        "strain",
    ),
    "alarms": ("day", "client_id", "response_min"),
    "staff_days": ("day", "slot_id", "caregiver_id", "status", "shift_min", "stress", "event"),
}


# The config keys the metrics read (issue 25: sim/config/reads.py).
READS = Reads(
    "the metrics (sim/metrics)",
    (
        "models.*.payment_basis",
        "scenario.costs.provider_rate_per_hour_sek",
        "scenario.alarms.guarantee_min",
        "scenario.metrics.min_days_for_rates",
        "scenario.metrics.continuity_window_days",
    ),
    ALWAYS,
)


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den > 0 else float("nan")


def unmet_care_and_familiarisation(visits: pd.DataFrame) -> tuple[float, float]:
    """(care the clients lacked, minutes caregivers new to a client needed to get to know them)
    over ``visits``. A visit's need holds its familiarisation time (need − base need: what a
    stranger needs on top); the unmet minutes are shared between care and familiarisation in
    proportion to the need's two parts — a cut falls on both alike — so the care lacked is
    Σ unmet × base need / need, and a stranger's getting-to-know time is not counted as care
    the client went without (issue 25)."""
    need = visits["need_min"].to_numpy(dtype=float)
    base = visits["base_need_min"].to_numpy(dtype=float)
    unmet = visits["unmet_min"].to_numpy(dtype=float)
    care_part = np.divide(base, need, out=np.ones_like(need), where=need > 0)
    familiar = np.where(visits["missed"].to_numpy(dtype=bool), 0.0, np.maximum(0.0, need - base))
    return float((unmet * np.minimum(care_part, 1.0)).sum()), float(familiar.sum())


def granted_minutes(visits: pd.DataFrame, model: ModelConfig) -> float:
    """The granted minutes of the performed ``visits``: what the needs assessor granted (the
    standard time, raised by any reassessment). Under ``allotment=standard`` that is the
    allotted time; a team that allots its own estimate was still granted the standard time."""
    done = visits[~visits["missed"]]
    column = "allotted_min" if model.planning.allotment == "standard" else "standard_min"
    return float(done[column].sum())


def _provider_payment(
    visits: pd.DataFrame, shifts: pd.DataFrame, sc: ScenarioConfig, model: ModelConfig
) -> float:
    done = visits[~visits["missed"]]
    minutes = {
        "allotted": granted_minutes(visits, model),
        "logged": float(done["delivered_min"].sum()),
        "worked": float(shifts["paid_min"].sum()),
    }[model.payment_basis]
    return minutes / 60.0 * sc.costs.provider_rate_per_hour_sek


def plan_kept(visits: pd.DataFrame) -> tuple[float, float]:
    """(visits made by the unit plan's caregiver(s) / visits with one, visits started within their
    window / all visits) of the measured visits."""
    planned = visits[visits["planned_caregiver_id"] >= 0]
    made = ~planned["missed"]
    first, second = planned["caregiver_id"], planned["second_caregiver_id"]
    p1, p2 = planned["planned_caregiver_id"], planned["planned_second_caregiver_id"]
    kept = made & ((first == p1) | (second == p1)) & ((p2 < 0) | (first == p2) | (second == p2))
    on_time = ~visits["missed"] & ~visits["late"]
    return _ratio(float(kept.sum()), len(planned)), _ratio(float(on_time.sum()), len(visits))


def compute_metrics(
    frames: dict[str, pd.DataFrame], sc: ScenarioConfig, model: ModelConfig, facts: RunFacts
) -> tuple[dict[str, float], dict[str, float]]:
    """(metric -> value, cost component -> SEK) of one model run over the measured days."""
    lo, hi = facts.warmup_days, facts.warmup_days + facts.horizon_days

    # an empty table has object columns; make the flags booleans so masks select rows
    flags = {c: bool for c in ("missed", "rushed", "late", "behind_plan", "is_contact_person")}
    visits, shifts = (
        measured_days(frames["visits"].astype(flags), facts),
        measured_days(frames["shifts"], facts),
    )
    alarms, staff_days = measured_days(frames["alarms"], facts), measured_days(frames["staff_days"], facts)
    done = visits[~visits["missed"]]
    m: dict[str, float] = {}
    m["staff_per_client_14d"], m["staff_per_client_14d_median"] = summarise(
        staff_per_client_windows(frames["visits"], sc.metrics, lo, hi)
    )
    m["staff_per_client_day"] = staff_per_client_day(visits, lo, hi)
    m["contact_person_share"] = _ratio(done["is_contact_person"].sum(), len(done))
    client_weeks = facts.n_clients * facts.horizon_days / 7.0
    care_lacked, getting_to_know = unmet_care_and_familiarisation(visits)
    m["unmet_need_min_per_client_week"] = _ratio(care_lacked, client_weeks)
    m["familiarisation_min_per_client_week"] = _ratio(getting_to_know, client_weeks)
    m["rushed_visit_share"] = _ratio(done["rushed"].sum(), len(done))
    m["missed_visit_share"] = _ratio(visits["missed"].sum(), len(visits))
    m["late_visit_share"] = _ratio(done["late"].sum(), len(done))
    m["behind_plan_share"] = _ratio(done["behind_plan"].sum(), len(done))
    m["planned_late_share"] = _ratio((done["planned_start"] > done["window_end"]).sum(), len(done))
    m["start_spread_min"] = start_spread_min(visits)
    all_resp = alarms["response_min"].to_numpy(dtype=float)
    resp = all_resp[~np.isnan(all_resp)]  # calls still unanswered at the end have no time
    m["alarm_response_mean_min"] = float(resp.mean()) if resp.size else float("nan")
    m["alarm_response_p90_min"] = float(np.quantile(resp, 0.9)) if resp.size else float("nan")
    m["alarm_within_guarantee_share"] = (
        float((resp <= sc.alarms.guarantee_min).sum() / all_resp.size) if all_resp.size else float("nan")
    )
    m["overtime_min_per_shift"] = float(shifts["overtime_min"].mean()) if len(shifts) else float("nan")
    m["missed_break_share"] = _ratio((shifts["missed_breaks"] > 0).sum(), len(shifts))
    m["strain_index"] = float(shifts["strain"].mean()) if len(shifts) else float("nan")
    m["job_control"] = float(shifts["control"].mean()) if len(shifts) else float("nan")
    m["job_support"] = float(shifts["support"].mean()) if len(shifts) else float("nan")
    rostered = staff_days[staff_days["status"].isin(["work", "sick"])]
    m["sick_leave_rate"] = _ratio((rostered["status"] == "sick").sum(), len(rostered))
    slot_days = staff_days[staff_days["status"].isin(["work", "sick", "vacant"])]
    n_extra = int((shifts["kind"] == "extra").sum())
    n_absent = int(slot_days["status"].isin(["sick", "vacant"]).sum())
    m["extra_shift_share"] = _ratio(n_extra, len(slot_days))
    m["uncovered_shift_share"] = _ratio(
        n_absent - n_extra - int((shifts["kind"] == "substitute").sum()), len(slot_days)
    )
    m["turnover_rate"] = _ratio(
        (staff_days["event"] == "quit").sum(), facts.n_positions * facts.horizon_days / 365.25
    )
    paid = float(shifts["paid_min"].sum())
    for key, col in (
        ("care", "care_min"),
        ("travel", "travel_min"),
        ("admin", "admin_min"),
        ("meeting", "meeting_min"),
        ("idle", "idle_min"),
        ("break", "break_min"),
    ):
        m[f"{key}_time_share"] = _ratio(float(shifts[col].sum()), paid)
    m["visits_per_caregiver_day"] = _ratio(
        float(shifts["visits"].sum()), len(shifts[["caregiver_id", "day"]].drop_duplicates())
    )
    m["plan_kept_caregiver_share"], m["plan_kept_time_share"] = plan_kept(visits)
    if not rates_supported(facts.horizon_days, sc.metrics.min_days_for_rates):
        for key in RATES_OVER_TIME:  # why: sim.metrics.na
            m[key] = float("nan")
    # the whole staff_days table: a sick spell that began in warm-up keeps its qualifying day
    costs = cost_components(shifts, frames["staff_days"], sc, model, facts)
    total = sum(costs.values())
    client_months = facts.n_clients * facts.horizon_days / 30.4375
    m["cost_per_client_month_sek"] = _ratio(total, client_months)
    m["cost_per_care_hour_sek"] = _ratio(total, float(done["delivered_min"].sum()) / 60.0)
    # on one basis for every model (granted hours at the LOV rate), comparable between them
    m["provider_payment_granted_per_client_month_sek"] = _ratio(
        granted_minutes(visits, model) / 60.0 * sc.costs.provider_rate_per_hour_sek, client_months
    )
    m["provider_payment_per_client_month_sek"] = _ratio(
        _provider_payment(visits, shifts, sc, model), client_months
    )
    return {k: m[k] for k in METRICS}, costs
