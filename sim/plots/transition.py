"""The transition month by month: one line per arm with its 95% CI, switch months marked."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.lang import has, metric_label, tr
from sim.plots.common import band
from sim.plots.style import MODEL_COLOURS, save, setup

ARM_COLOURS = {"stay": MODEL_COLOURS["minute"], "phased": "#009E73", "switched": MODEL_COLOURS["trust"]}
PANELS = (
    "cost_sek",
    "overtime_hours",
    "unmet_hours",
    "staff_per_client_14d",
    "sick_leave_rate",
    "care_time_share",
)
SCALE = {"cost_sek": 1e-6}


def _label(metric: str, lang: str) -> str:
    key = f"transition.metric.{metric}"
    return tr(lang, key) if has(lang, key) else metric_label(metric, lang)


def plot_transition(
    summary: pd.DataFrame,
    switch_months: dict[str, str],
    out_dir: Path,
    district: str = "all",
    lang: str = "en",
    name: str | None = None,
) -> list[Path]:
    """Six monthly panels of ``district`` (``all``: the municipality) from the transition
    summary; dashed lines at the months in which districts switch (all of them for the
    municipality, its own for a district)."""
    setup()
    rows = summary[summary["district"] == district]
    months = sorted(rows["month"].unique())
    x = np.arange(len(months))
    fig, axes = plt.subplots(2, 3, figsize=(13, 6.8), sharex=True)
    marks = sorted(set(switch_months.values()) if district == "all" else {switch_months.get(district, "")})
    for ax, metric in zip(axes.flat, PANELS, strict=True):
        scale = SCALE.get(metric, 1.0)
        for arm, colour in ARM_COLOURS.items():
            g = rows[(rows["metric"] == metric) & (rows["arm"] == arm)].set_index("month").reindex(months)
            if g["mean"].isna().all():
                continue
            ax.plot(
                x, g["mean"] * scale, color=colour, marker="o", ms=3, label=tr(lang, f"transition.arm.{arm}")
            )
            band(ax, x, g["ci_low"].to_numpy() * scale, g["ci_high"].to_numpy() * scale, colour)
        for month in marks:
            if month in months:
                ax.axvline(months.index(month) - 0.5, color="#555555", linestyle="--", linewidth=0.9)
        ax.set_title(_label(metric, lang), fontsize=10)
    step = max(1, len(months) // 8)
    for ax in axes[1]:
        ax.set_xticks(x[::step], [months[i] for i in range(0, len(months), step)], rotation=45, ha="right")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    handles.append(plt.Line2D([], [], color="#555555", linestyle="--", linewidth=0.9))
    labels.append(tr(lang, "transition.switch"))
    fig.legend(handles, labels, loc="lower center", ncol=4, frameon=False, bbox_to_anchor=(0.5, -0.02))
    where = tr(lang, "transition.municipality") if district == "all" else district
    fig.suptitle(tr(lang, "transition.title", district=where))
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return save(fig, out_dir, name or f"transition_{district}")
