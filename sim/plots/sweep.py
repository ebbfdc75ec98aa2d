"""Sweep plots: each headline metric against the swept parameter, one line per model."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from sim.metrics.definitions import HEADLINE, METRICS
from sim.plots.style import model_palette, save, setup


def plot_sweep(
    summary: pd.DataFrame, keys: list[str], out_dir: Path, metrics: tuple[str, ...] = HEADLINE
) -> list[Path]:
    """One figure per metric (x = first swept key, a panel per value of a second key)."""
    setup()
    x = keys[0]
    facet = keys[1] if len(keys) > 1 else None
    models = list(dict.fromkeys(summary["model"]))
    colours = model_palette(models)
    written: list[Path] = []
    for metric in metrics:
        data = summary[summary["metric"] == metric]
        if data.empty:
            continue
        info = METRICS[metric]
        panels = list(dict.fromkeys(data[facet])) if facet else [None]
        fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 3.4), squeeze=False, sharey=True)
        for ax, value in zip(axes[0], panels, strict=True):
            part = data if facet is None else data[data[facet] == value]
            for model in models:
                d = part[part["model"] == model].sort_values(x)
                if d.empty:
                    continue
                ax.plot(d[x], d["mean"], marker="o", color=colours[model], label=model)
                ax.fill_between(d[x], d["ci_low"], d["ci_high"], color=colours[model], alpha=0.2, linewidth=0)
            ax.set_xlabel(x.split(".")[-1])
            if facet is not None:
                ax.set_title(f"{facet.split('.')[-1]} = {value}")
        axes[0][0].set_ylabel(f"{info.label} ({info.unit})")
        axes[0][-1].legend(title="model", frameon=False)
        fig.suptitle(info.label if facet else "", fontsize=11)
        if facet is None:
            axes[0][0].set_title(info.label, fontsize=11)
        written += save(fig, out_dir, metric)
    return written
