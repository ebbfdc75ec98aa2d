"""The equal-budget search: the gap to the target at every staffing level tried."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from sim.lang import tr
from sim.plots.style import model_palette, save, setup


def plot_search(evaluations: pd.DataFrame, tolerance: float, out_dir: Path, lang: str = "en") -> list[Path]:
    """Relative gap (with its 95% CI) against capacity_factor, one colour per searched model;
    the tolerance band shaded, the chosen level ringed, the order of evaluation numbered."""
    setup()
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    colours = model_palette(list(evaluations["model"].unique()))
    ax.axhspan(-100 * tolerance, 100 * tolerance, color="#dddddd", zorder=0, label=tr(lang, "eb.plot.band"))
    ax.axhline(0, color="#555555", linewidth=0.8)
    for model, g in evaluations.groupby("model", sort=False):
        g = g.sort_values("capacity_factor")
        scale = g["gap"] / g["rel_gap"]
        lo, hi = 100 * g["gap_ci_low"] / scale, 100 * g["gap_ci_high"] / scale
        y = 100 * g["rel_gap"]
        ax.errorbar(
            g["capacity_factor"],
            y,
            yerr=[y - lo, hi - y],
            fmt="o-",
            color=colours[str(model)],
            capsize=3,
            ms=4,
            label=str(model),
        )
        for _, r in g.iterrows():
            ax.annotate(
                str(int(r["evaluation"])),
                (r["capacity_factor"], 100 * r["rel_gap"]),
                textcoords="offset points",
                xytext=(4, 4),
                fontsize=8,
            )
        chosen = g[g["chosen"]]
        ax.scatter(
            chosen["capacity_factor"],
            100 * chosen["rel_gap"],
            s=140,
            facecolors="none",
            edgecolors="#000000",
            linewidths=1.2,
            zorder=5,
        )
    ax.set_xlabel(tr(lang, "eb.plot.x"))
    ax.set_ylabel(tr(lang, "eb.plot.y"))
    ax.set_title(tr(lang, "eb.plot.title"))
    ax.legend(frameon=False, fontsize=9)
    fig.tight_layout()
    return save(fig, out_dir, "equal_budget_search")
