"""Why a metric is not measured in a run: the true reason, for the printed table and the report
(issue 24: a one-day export's 14-day indicator was "n/a" because it "needs 14 days" while the run
had 91 measured days and the unit worked one day a week).

:func:`na_reasons` decides, as (phrase key, its values) per metric; :func:`na_texts` words the
reasons in a language (sim/lang, keys ``na.*``).
"""

from __future__ import annotations

import math

import pandas as pd

from sim.config.schema import RunConfig

# metrics that are rates over time: a short measured period cannot support them
RATES_OVER_TIME = ("sick_leave_rate", "turnover_rate", "extra_shift_share", "uncovered_shift_share")

Reason = tuple[str, dict[str, object]]  # (phrase key in sim/lang, its values)


def rates_supported(horizon_days: int, min_days: int) -> bool:
    """Whether a measured period of ``horizon_days`` supports rates over time."""
    return horizon_days >= min_days


def _reason(metric: str, run: RunConfig) -> Reason | None:
    m, days = run.scenario.metrics, run.horizon_days
    if metric.startswith("staff_per_client_14d"):
        w = m.continuity_window_days
        if days < w:
            return "na.continuity_days", {"w": w, "days": days}
        hours = "-".join(m.continuity_hours)
        return "na.continuity_pattern", {"n": m.continuity_min_visits_per_day, "hours": hours, "w": w}
    if metric in RATES_OVER_TIME and not rates_supported(days, m.min_days_for_rates):
        return "na.rate", {"min": m.min_days_for_rates, "days": days}
    if metric.startswith("plan_kept_caregiver"):
        return "na.no_plan", {}
    if metric.startswith("alarm_"):
        return "na.no_alarm", {}
    return None


def na_reasons(run: RunConfig, summary: pd.DataFrame) -> dict[str, Reason]:
    """metric -> why it is not measured, for every metric with no value in any model (and a
    reason this module knows)."""
    out: dict[str, Reason] = {}
    if summary.empty:
        return out
    for metric, g in summary.groupby("metric"):
        if g["mean"].map(lambda x: x is None or (isinstance(x, float) and math.isnan(x))).all():
            why = _reason(str(metric), run)
            if why is not None:
                out[str(metric)] = why
    return out


def na_texts(run: RunConfig, summary: pd.DataFrame, lang: str) -> dict[str, str]:
    """metric -> why it is not measured, in ``lang``."""
    from sim.lang import tr

    return {metric: tr(lang, key, **values) for metric, (key, values) in na_reasons(run, summary).items()}
