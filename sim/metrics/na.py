"""Why a metric is not measured in a run: the true reason, for the printed table and the report
(issue 24: a one-day export's 14-day indicator was "n/a" because it "needs 14 days" while the run
had 91 measured days and the unit worked one day a week)."""

from __future__ import annotations

import math

import pandas as pd

from sim.config.schema import RunConfig

# metrics that are rates over time: a short measured period cannot support them
RATES_OVER_TIME = ("sick_leave_rate", "turnover_rate", "extra_shift_share", "uncovered_shift_share")


def rates_supported(horizon_days: int, min_days: int) -> bool:
    """Whether a measured period of ``horizon_days`` supports rates over time."""
    return horizon_days >= min_days


def na_reasons(run: RunConfig, summary: pd.DataFrame) -> dict[str, str]:
    """metric -> why it is not measured, for every metric with no value in any model."""
    m = run.scenario.metrics
    out: dict[str, str] = {}
    empty = {
        str(metric)
        for metric, g in summary.groupby("metric")
        if g["mean"].map(lambda x: x is None or (isinstance(x, float) and math.isnan(x))).all()
    }
    for metric in sorted(empty):
        if metric.startswith("staff_per_client_14d"):
            w = m.continuity_window_days
            if run.horizon_days < w:
                out[metric] = f"needs {w} measured days; the run measures {run.horizon_days}"
            else:
                hours = "-".join(m.continuity_hours)
                out[metric] = (
                    f"no client has at least {m.continuity_min_visits_per_day} visits ({hours}) on every day "
                    f"of a {w}-day window (a unit visiting on some days only has none)"
                )
        elif metric in RATES_OVER_TIME and not rates_supported(run.horizon_days, m.min_days_for_rates):
            out[metric] = (
                f"a rate over time needs {m.min_days_for_rates} measured days "
                f"(scenario.metrics.min_days_for_rates); the run measures {run.horizon_days}"
            )
        elif metric.startswith("plan_kept_caregiver"):
            out[metric] = "needs a unit's own plan (data.dir with visits.planned_caregiver)"
        elif metric.startswith("alarm_"):
            out[metric] = "no alarm call in the measured days"
    return out
