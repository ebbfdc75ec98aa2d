"""The cost bridge as a waterfall: from one model's cost per client-month, through each cost
component's paired difference, to the other model's (issue 25).

Solid bars are what the simulation produced; hatched bars the organisational overhead set by
assumption before anything ran. Each difference carries its paired 95 % interval.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import blended_transform_factory

from sim.lang import fmt_num, tr
from sim.metrics.bridge import ASSUMED, SIMULATED
from sim.plots.style import model_palette, save, setup

SIMULATED_COLOUR = "#555555"  # dark grey, solid
ASSUMED_COLOUR = "#DDCC77"  # sand, hatched
HATCH = "///"


Row = dict[str, Any]


def parts_of(bridge: pd.DataFrame, model: str) -> dict[str, Row]:
    """``model``'s rows of a bridge (:func:`sim.metrics.bridge.cost_bridge`) by part: each
    component, ``simulated``, ``assumed`` and ``total`` (empty when the bridge has none)."""
    if bridge.empty or "model" not in bridge:
        return {}
    rows = bridge[bridge["model"].astype(str) == model].to_dict("records")
    return {str(r["part"]): {str(k): v for k, v in r.items()} for r in rows}


def shown_components(rows: dict[str, Row]) -> list[str]:
    """The components of one model's bridge rows drawn as bars: simulated first, then assumed;
    a component that differs in no replication (an exact 0 with a 0-wide interval, such as the
    alarm unit both models share) is left out."""
    out = []
    for comp in (*SIMULATED, *ASSUMED):
        if comp not in rows:
            continue
        r = rows[comp]
        d, lo, hi = float(r["diff_mean"]), float(r["ci_low"]), float(r["ci_high"])
        if not math.isfinite(d) or (d == 0 and (not math.isfinite(lo) or lo == hi == 0)):
            continue
        out.append(comp)
    return out


def signed(x: float, lang: str) -> str:
    """A whole number of kronor with its sign (``+270``, ``−876``)."""
    if not math.isfinite(x):
        return tr(lang, "na")
    return ("+" if x > 0 else "") + fmt_num(x, lang, 0)


def interval(r: Row, lang: str) -> str:
    """``[lo, hi]`` of a bridge row, or nothing when there is no interval (one replication)."""
    lo, hi = float(r["ci_low"]), float(r["ci_high"])
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return ""
    return f"[{fmt_num(lo, lang, 0)}, {fmt_num(hi, lang, 0)}]"


def with_ci(r: Row, lang: str, unit: bool = False) -> str:
    """A bridge row's signed difference (in SEK when ``unit``) and its interval."""
    value = signed(float(r["diff_mean"]), lang)
    if unit:
        value = tr(lang, "fmt.sek", x=value)
    ci = interval(r, lang)
    return f"{value} {ci}" if ci else value


def plot_cost_bridge(
    bridge: pd.DataFrame,
    base: str,
    model: str,
    out_dir: Path,
    lang: str = "en",
    names: dict[str, str] | None = None,
    name: str = "cost_bridge",
    colours: dict[str, str] | None = None,
) -> list[Path]:
    """A waterfall of ``model``'s cost bridge against ``base`` (rows of
    :func:`sim.metrics.bridge.cost_bridge`): ``base``'s mean cost per client-month, one bar per
    component's mean paired difference with its 95 % interval (simulated solid, assumed
    hatched), the subtotal of each group above it, and ``model``'s mean cost. The axis does not
    start at zero (the differences are small beside the totals). ``colours`` of the two end bars
    default to the models' own. PNG and SVG; the paths."""
    setup()
    names = names or {}
    rows = parts_of(bridge, model)
    comps = shown_components(rows)
    total = rows["total"]
    start, end = float(total["base_mean"]), float(total["model_mean"])
    colours = {**model_palette([base, model]), **(colours or {})}
    fig, ax = plt.subplots(figsize=(max(7.5, 2.8 + 0.8 * (len(comps) + 2)), 4.8))
    x_end = len(comps) + 1
    level = start
    levels = [start, end]
    labels: list[tuple[float, float, str]] = []  # each bar's difference, written above it
    for i, comp in enumerate(comps, start=1):
        r = rows[comp]
        d = float(r["diff_mean"])
        assumed = comp in ASSUMED
        ax.bar(
            i,
            d,
            bottom=level,
            width=0.6,
            color=ASSUMED_COLOUR if assumed else SIMULATED_COLOUR,
            hatch=HATCH if assumed else None,
            edgecolor="#7a6a20" if assumed else SIMULATED_COLOUR,
            linewidth=0.8,
        )
        lo, hi = float(r["ci_low"]), float(r["ci_high"])
        if math.isfinite(lo) and math.isfinite(hi):
            ax.errorbar(
                i, level + d, yerr=[[d - lo], [hi - d]], fmt="none", ecolor="#000000", capsize=4, lw=1
            )
            levels += [level + lo, level + hi]
        ax.plot([i - 0.7, i - 0.3], [level, level], color="#888888", lw=0.8, ls=":")
        top = max(level, level + d, level + hi if math.isfinite(hi) else level)
        labels.append((i, top, signed(d, lang)))
        level += d
        levels.append(level)
    ax.plot([x_end - 0.7, x_end - 0.3], [level, level], color="#888888", lw=0.8, ls=":")
    for x, value, m in ((0, start, base), (x_end, end, model)):
        ax.bar(x, value, width=0.6, color=colours.get(m, "#999999"), alpha=0.85)
        ax.text(
            x, value, tr(lang, "fmt.sek", x=fmt_num(value, lang, 0)), ha="center", va="bottom", fontsize=9
        )
    lo_y, hi_y = min(levels), max(levels)
    span = max(hi_y - lo_y, 0.02 * max(abs(start), abs(end), 1.0))
    ax.set_ylim(lo_y - 0.3 * span, hi_y + 0.6 * span)
    for xi, top, text in labels:
        ax.text(xi, top + 0.02 * span, text, fontsize=8, ha="center", va="bottom", color="#333333")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_num(v, lang, 0)))
    # the subtotal of each group over its bars
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    for group, members in (("simulated", SIMULATED), ("assumed", ASSUMED)):
        xs = [i for i, c in enumerate(comps, start=1) if c in members]
        if not xs or group not in rows:
            continue
        ax.plot([min(xs) - 0.35, max(xs) + 0.35], [0.86, 0.86], color="#333333", lw=1, transform=trans)
        text = f"{tr(lang, f'bridge.group.{group}')}\n{with_ci(rows[group], lang)}"
        ax.text((min(xs) + max(xs)) / 2, 0.875, text, ha="center", va="bottom", fontsize=8.5, transform=trans)
    ticks = [names.get(base, base), *(tr(lang, f"cost.{c}") for c in comps), names.get(model, model)]
    ax.set_xticks(np.arange(x_end + 1))
    ax.set_xticklabels(ticks, rotation=30, ha="right", fontsize=8.5)
    for tick, m in ((ax.get_xticklabels()[0], base), (ax.get_xticklabels()[-1], model)):
        tick.set_color(colours.get(m, "#333333"))
    ax.set_ylabel(tr(lang, "plot.costs.ylabel"))
    ax.set_title(
        tr(lang, "plot.bridge.title", b=names.get(model, model), a=names.get(base, base)), loc="left"
    )
    handles = [
        Patch(
            facecolor=SIMULATED_COLOUR, edgecolor=SIMULATED_COLOUR, label=tr(lang, "bridge.group.simulated")
        ),
        Patch(
            facecolor=ASSUMED_COLOUR, edgecolor="#7a6a20", hatch=HATCH, label=tr(lang, "bridge.group.assumed")
        ),
    ]
    ax.legend(handles=handles, frameon=False, fontsize=8.5, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.text(
        1.02, 0.0, tr(lang, "plot.bridge.axis"), transform=ax.transAxes, fontsize=7.5, ha="left", va="bottom"
    )
    ax.grid(axis="x", visible=False)
    fig.tight_layout()
    return save(fig, out_dir, name)
