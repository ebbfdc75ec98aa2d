"""Plausibility of a run's figures: which model's figure is outside a plausible range, and how to
say so (issue 24: a unit's files once gave 754 min of overtime per shift and nobody was told).

:func:`plausibility_flags` is the one place that decides; :func:`flag_text` words a flag in the
report's language, and :func:`plausibility_warnings` gives the English lines printed under the
side-by-side table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from sim.config.reads import ALWAYS, Reads
from sim.config.schema import RunConfig
from sim.lang import fmt_num, fmt_value, tr
from sim.metrics.definitions import METRICS

# the metric each check looks at -> its limit in scenario.guards
GUARD_OF = {
    "overtime_min_per_shift": "plausible_overtime_min_per_shift",
    "late_visit_share": "plausible_late_visit_share",
    "visits_per_caregiver_day": "plausible_visits_vs_plan",
}


# The config keys the plausibility check reads (issue 25: sim/config/reads.py).
READS = Reads(
    "the plausibility check (sim/plausibility.py)",
    (
        "scenario.guards.plausible_overtime_min_per_shift",
        "scenario.guards.plausible_late_visit_share",
        "scenario.guards.plausible_visits_vs_plan",
    ),
    ALWAYS,
)


@dataclass(frozen=True)
class Flag:
    """One model's figure outside its plausible range."""

    model: str
    metric: str
    value: float
    limit: float  # the guard's value (for visits per caregiver-day: the allowed ratio to the plan)
    paper: float = math.nan  # the unit's plan's figure, when the check compares with it

    @property
    def guard(self) -> str:
        """The config key of the limit."""
        return f"scenario.guards.{GUARD_OF[self.metric]}"


def _mean(summary: pd.DataFrame, model: str, metric: str) -> float:
    row = summary[(summary["model"] == model) & (summary["metric"] == metric)]
    return float(row["mean"].iloc[0]) if len(row) else math.nan


def plausibility_flags(
    summary: pd.DataFrame, run: RunConfig, paper: dict[str, float] | None = None
) -> list[Flag]:
    """Every compared model's figure outside the plausible ranges of ``scenario.guards``; ``paper``
    is a unit's plan audit (its visits per caregiver-day are the yardstick)."""
    g = run.scenario.guards
    out = []
    for model in run.compare:
        overtime = _mean(summary, model, "overtime_min_per_shift")
        if overtime > g.plausible_overtime_min_per_shift:
            out.append(Flag(model, "overtime_min_per_shift", overtime, g.plausible_overtime_min_per_shift))
        late = _mean(summary, model, "late_visit_share")
        if late > g.plausible_late_visit_share:
            out.append(Flag(model, "late_visit_share", late, g.plausible_late_visit_share))
        visits = _mean(summary, model, "visits_per_caregiver_day")
        planned = (paper or {}).get("visits_per_caregiver_day", math.nan)
        ratio = visits / planned if planned and planned > 0 else math.nan
        if math.isfinite(ratio) and not 1 / g.plausible_visits_vs_plan <= ratio <= g.plausible_visits_vs_plan:
            out.append(Flag(model, "visits_per_caregiver_day", visits, g.plausible_visits_vs_plan, planned))
    return out


def flag_text(flag: Flag, run: RunConfig, names: dict[str, str], lang: str) -> str:
    """A flagged figure, its limit and where to look for the cause, in ``lang``."""
    unit = METRICS[flag.metric].unit
    ratio = flag.value / flag.paper if flag.paper and math.isfinite(flag.paper) else math.nan
    per_visit = flag.metric == "visits_per_caregiver_day"
    text = tr(
        lang,
        f"plaus.{flag.metric}",
        model=names.get(flag.model, flag.model),
        value=fmt_value(flag.value, unit, lang),
        limit=fmt_num(flag.limit, lang) if per_visit else fmt_value(flag.limit, unit, lang),
        paper=fmt_num(flag.paper, lang),
        ratio=fmt_num(ratio, lang),
        guard=flag.guard,
    )
    cause = "plaus.cause_unit" if run.data.dir is not None else "plaus.cause_generated"
    return f"{text} {tr(lang, cause)}"


def plausibility_warnings(
    summary: pd.DataFrame, run: RunConfig, labels: dict[str, str], paper: dict[str, float] | None = None
) -> list[str]:
    """The flags as English lines (printed under the side-by-side table)."""
    return [flag_text(f, run, labels, "en") for f in plausibility_flags(summary, run, paper)]
