"""Time use: shares of paid time in clients' homes, travelling, logging, meetings, idle, breaks."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.lang import fmt_num, tr
from sim.plots.common import labels_for
from sim.plots.style import model_palette, save, setup

# shift account column per time-use category, in the order they are stacked
TIME_ACCOUNTS = {
    "care": "care_min",
    "travel": "travel_min",
    "admin": "admin_min",
    "meeting": "meeting_min",
    "idle": "idle_min",
    "break": "break_min",
}
TIME_COLOURS = {
    "care": "#009E73",
    "travel": "#56B4E9",
    "admin": "#F0E442",
    "meeting": "#CC79A7",
    "idle": "#BBBBBB",
    "break": "#E69F00",
}


def time_shares(shifts: pd.DataFrame) -> pd.DataFrame:
    """``model, category, share``: Σ minutes / Σ paid minutes per replication, then the mean."""
    keys = ["replication", "model"] if "replication" in shifts else ["model"]
    sums = shifts.groupby(keys, sort=False)[["paid_min", *TIME_ACCOUNTS.values()]].sum()
    rows = []
    for cat, col in TIME_ACCOUNTS.items():
        share = (sums[col] / sums["paid_min"]).groupby(level="model", sort=False).mean()
        rows += [{"model": m, "category": cat, "share": float(v)} for m, v in share.items()]
    return pd.DataFrame(rows, columns=["model", "category", "share"])


def plot_time_use(
    shifts: pd.DataFrame,
    models: list[str],
    out_dir: Path,
    lang: str = "en",
    labels: dict[str, str] | None = None,
    name: str = "time_use",
) -> list[Path]:
    """Horizontal stacked bars, one per model, of the shares of paid time (measured shifts only)."""
    setup()
    names = labels_for(models, lang, labels)
    data = time_shares(shifts)
    fig, ax = plt.subplots(figsize=(9, 1.1 * len(models) + 1.6))
    y = -np.arange(len(models))
    left = np.zeros(len(models))
    for cat in TIME_ACCOUNTS:
        d = data[data["category"] == cat].set_index("model")["share"]
        vals = np.array([float(d.get(m, 0.0)) for m in models])
        ax.barh(y, vals, left=left, color=TIME_COLOURS[cat], height=0.6, label=tr(lang, f"time.{cat}"))
        for yi, x0, v in zip(y, left, vals, strict=True):
            if v >= 0.035:
                ax.text(
                    x0 + v / 2,
                    float(yi),
                    tr(lang, "fmt.percent", x=fmt_num(100 * v, lang, 0)),
                    ha="center",
                    va="center",
                    fontsize=8.5,
                )
        left += vals
    ax.set_yticks(y)
    ax.set_yticklabels([names[m] for m in models])
    for tick, m in zip(ax.get_yticklabels(), models, strict=True):
        tick.set_color(model_palette(models)[m])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{100 * v:.0f}%"))
    ax.set_xlabel(tr(lang, "plot.time.xlabel"))
    ax.set_title(tr(lang, "plot.time.title"), fontsize=11, loc="left")
    ax.legend(frameon=False, fontsize=8.5, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.28))
    return save(fig, out_dir, name)
