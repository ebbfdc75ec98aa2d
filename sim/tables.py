"""The side-by-side table printed at the end of a run."""

from __future__ import annotations

import math
from typing import cast

import pandas as pd

from sim.metrics.definitions import HEADLINE, METRICS


def _fmt(x: float, unit: str) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if unit == "share":
        return f"{100 * x:.1f}%"
    if unit == "SEK":
        return f"{x:,.0f}".replace(",", " ")
    return f"{x:.2f}" if abs(x) < 100 else f"{x:.0f}"


def _cell(mean: float, lo: float, hi: float, unit: str) -> str:
    """``mean [low, high]`` as summary.csv holds them (already clipped to the metric's range)."""
    if math.isnan(lo):
        return _fmt(mean, unit)
    return f"{_fmt(mean, unit)} [{_fmt(lo, unit)}, {_fmt(hi, unit)}]"


# a unit's own plan beside the arms (issue 24): on paper, under simulated reality, both models
PLAN_METRICS = (
    "care_time_share",
    "travel_time_share",
    "break_time_share",
    "idle_time_share",
    "staff_per_client_day",
    "visits_per_caregiver_day",
    "overtime_min_per_shift",
    "late_visit_share",
    "plan_kept_caregiver_share",
    "plan_kept_time_share",
)
PAPER = "The unit's plan on paper"


def paper_figures(plan_audit: pd.DataFrame) -> dict[str, float]:
    """A plan audit table (figure, value, …) as figure -> value."""
    if plan_audit.empty:
        return {}
    return {str(f): float(v) for f, v in zip(plan_audit["figure"], plan_audit["value"], strict=True)}


def side_by_side(
    summary: pd.DataFrame,
    comparison: pd.DataFrame,
    models: list[str],
    labels: dict[str, str],
    metrics: tuple[str, ...] = HEADLINE,
    paper: dict[str, float] | None = None,
) -> str:
    """A plain-text table: metric, each model's mean [95% CI], and the paired difference (two
    models); ``paper``, a unit's plan audit, goes first as its own column."""
    s = {(str(r["model"]), str(r["metric"])): r for r in summary.to_dict("records")}
    c = {str(r["metric"]): r for r in comparison.to_dict("records")} if not comparison.empty else None
    header = ["Metric", *([PAPER] if paper is not None else []), *(labels.get(m, m) for m in models)]
    if c is not None and len(models) == 2:
        header.append(f"{labels.get(models[1], models[1])} − {labels.get(models[0], models[0])}")
    rows = [header]
    for metric in metrics:
        info = METRICS[metric]
        unit = info.unit
        row = [f"{info.label} ({'%' if unit == 'share' else unit})"]
        if paper is not None:
            row.append(_fmt(paper.get(metric, math.nan), unit))
        for m in models:
            r = s.get((m, metric))
            row.append("n/a" if r is None else _cell(r["mean"], r["ci_low"], r["ci_high"], unit))
        if c is not None and len(models) == 2 and metric in c:
            d = c[metric]
            row.append(_cell(d["diff_mean"], d["ci_low"], d["ci_high"], unit))
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    n = int(summary["n"].max()) if not summary.empty else 0
    lines.append(
        f"mean [95% CI] over {n} replications (intervals clipped to the metric's range); "
        "the difference is paired by replication."
    )
    return "\n".join(lines)


def bridge_lines(bridge: pd.DataFrame, labels: dict[str, str], base: str) -> list[str]:
    """One line per compared model: its cost difference to ``base`` (SEK per client-month, mean
    [95% CI]) split into what the simulation produced and the assumed organisational overhead
    (cost_bridge.csv)."""
    out: list[str] = []
    if bridge.empty:
        return out
    for model, b in bridge.groupby("model", sort=False):
        rows = b.set_index("part")

        def part(name: str, rows: pd.DataFrame = rows) -> str:
            r = cast(pd.Series, rows.loc[name])
            return _cell(float(r["diff_mean"]), float(r["ci_low"]), float(r["ci_high"]), "SEK")

        out.append(
            f"Cost per client-month, {labels.get(str(model), model)} − {labels.get(base, base)}: "
            f"{part('total')} SEK, of which simulated {part('simulated')} and assumed organisational "
            f"overhead {part('assumed')} (cost_bridge.csv)"
        )
    return out
