"""Plausibility of a run's figures: lines that flag a figure outside a plausible range and point
at the likely cause in the input (issue 24: a unit's files once gave 754 min of overtime per shift
and nobody was told). Printed under the side-by-side table and shown in the report."""

from __future__ import annotations

import math

import pandas as pd

from sim.config.schema import RunConfig


def _mean(summary: pd.DataFrame, model: str, metric: str) -> float:
    row = summary[(summary["model"] == model) & (summary["metric"] == metric)]
    return float(row["mean"].iloc[0]) if len(row) else math.nan


def plausibility_warnings(
    summary: pd.DataFrame, run: RunConfig, labels: dict[str, str], paper: dict[str, float] | None = None
) -> list[str]:
    """One line per (model, figure) outside the plausible ranges of ``scenario.guards``;
    ``paper`` is the unit's plan audit (its visits per caregiver-day are the yardstick)."""
    g = run.scenario.guards
    out = []
    imported = run.data.dir is not None
    cause = (
        "; check the unit's shifts (a caregiver on duty for the visits?), its visit windows and "
        "travel times (their unit)"
        if imported
        else "; check the staffing (capacity_factor) and the need settings"
    )
    for model in run.compare:
        name = labels.get(model, model)
        overtime = _mean(summary, model, "overtime_min_per_shift")
        if overtime > g.plausible_overtime_min_per_shift:
            out.append(
                f"{name}: {overtime:.0f} min of overtime per shift is implausible "
                f"(more than scenario.guards.plausible_overtime_min_per_shift = "
                f"{g.plausible_overtime_min_per_shift:g}){cause}"
            )
        late = _mean(summary, model, "late_visit_share")
        if late > g.plausible_late_visit_share:
            out.append(
                f"{name}: {late:.0%} of visits start late, implausibly many (more than "
                f"scenario.guards.plausible_late_visit_share = {g.plausible_late_visit_share:.0%}){cause}"
            )
        visits = _mean(summary, model, "visits_per_caregiver_day")
        planned = (paper or {}).get("visits_per_caregiver_day", math.nan)
        ratio = visits / planned if planned and planned > 0 else math.nan
        if math.isfinite(ratio) and not 1 / g.plausible_visits_vs_plan <= ratio <= g.plausible_visits_vs_plan:
            out.append(
                f"{name}: {visits:.1f} visits per caregiver-day against {planned:.1f} in the unit's plan "
                f"(×{ratio:.2f}, outside scenario.guards.plausible_visits_vs_plan = "
                f"{g.plausible_visits_vs_plan:g}): the planners do not share the day as the unit does{cause}"
            )
    return out
