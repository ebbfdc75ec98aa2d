"""Continuity: Socialstyrelsen's indicator (distinct staff per client in 14 days) and the
within-day count planners look at (distinct caregivers for a client's visits of one day)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.config.fields import clock_to_min
from sim.config.reads import Reads, When
from sim.config.schema import MetricsConfig, RunConfig


def _measured(run: RunConfig, model: str) -> str | None:
    """None when the indicator is measured: over a horizon of at least its window."""
    window = run.scenario.metrics.continuity_window_days
    return None if run.horizon_days >= window else f"horizon_days={run.horizon_days} < {window}"


# The config keys the continuity indicator reads (issue 25: sim/config/reads.py).
READS = Reads(
    "the continuity indicator (sim/metrics/continuity.py)",
    ("scenario.metrics.continuity_hours", "scenario.metrics.continuity_min_visits_per_day"),
    When("horizon_days >= scenario.metrics.continuity_window_days", _measured),
)


def _performers(v: pd.DataFrame, key: str, values: pd.Series) -> pd.DataFrame:
    """(client_id, ``key``, cg) for every caregiver of every visit: both of a double visit."""
    staff = pd.concat(
        [
            pd.DataFrame({"client_id": v["client_id"], key: values, "cg": v["caregiver_id"]}),
            pd.DataFrame({"client_id": v["client_id"], key: values, "cg": v["second_caregiver_id"]}),
        ]
    )
    return staff[staff["cg"] >= 0]


def staff_per_client_windows(
    visits: pd.DataFrame, cfg: MetricsConfig, first_day: int, last_day: int
) -> pd.Series:
    """Distinct caregivers per eligible (client, window), indexed by (client_id, window).

    Windows are consecutive blocks of ``continuity_window_days`` from ``first_day``
    that end by ``last_day`` (exclusive). A client is eligible in a window when it
    had at least ``continuity_min_visits_per_day`` performed visits between the
    indicator hours on every day of it. Alarm calls are not visits here.
    """
    length = cfg.continuity_window_days
    n_windows = (last_day - first_day) // length
    if n_windows < 1 or visits.empty:
        return pd.Series(dtype=float)
    lo, hi = (clock_to_min(x) for x in cfg.continuity_hours)
    v = visits[
        ~visits["missed"] & (visits["day"] >= first_day) & (visits["day"] < first_day + n_windows * length)
    ]
    tod = v["actual_start"].to_numpy() - v["day"].to_numpy() * 1440
    v = v[(tod >= lo) & (tod < hi)]
    window = (v["day"] - first_day) // length
    per_day = v.groupby([v["client_id"], window.rename("window"), v["day"]]).size()
    full_days = (per_day >= cfg.continuity_min_visits_per_day).groupby(level=[0, 1]).sum()
    eligible = full_days[full_days == length].index
    if len(eligible) == 0:
        return pd.Series(dtype=float)
    staff = _performers(v, "window", window)
    distinct = staff.groupby(["client_id", "window"])["cg"].nunique()
    return distinct.reindex(eligible).astype(float).rename("distinct_staff")


def summarise(distinct: pd.Series) -> tuple[float, float]:
    """(mean, median) of the client-window counts; NaN when no client is eligible."""
    if distinct.empty:
        return float("nan"), float("nan")
    return float(distinct.mean()), float(np.median(distinct.to_numpy()))


def staff_per_client_day(visits: pd.DataFrame, first_day: int, last_day: int) -> float:
    """Mean distinct caregivers per client-day, over client-days in [first_day, last_day) with at
    least two performed visits (both caregivers of a double visit count); NaN when there are none."""
    v = visits[~visits["missed"] & (visits["day"] >= first_day) & (visits["day"] < last_day)]
    if v.empty:
        return float("nan")
    n = v.groupby(["client_id", "day"]).size()
    keep = n[n >= 2].index
    if len(keep) == 0:
        return float("nan")
    staff = _performers(v, "day", v["day"])
    return float(staff.groupby(["client_id", "day"])["cg"].nunique().reindex(keep).mean())


def start_spread_min(visits: pd.DataFrame) -> float:
    """Median, over a client's recurring visits (client, planned visit) made on at least two
    days, of the standard deviation of the time of day it started (minutes): whether the same
    visit comes at about the same time from day to day (time consistency); NaN when none
    recurs."""
    v = visits[~visits["missed"]]
    if v.empty:
        return float("nan")
    at = v["actual_start"] - v["day"] * 1440.0
    sd = at.groupby([v["client_id"], v["planned_visit"]]).std(ddof=1).dropna()
    return float(sd.median()) if len(sd) else float("nan")
