"""Sweep plots: each headline metric against the swept parameter, one line per model.

* :func:`plot_sweep` — one figure per metric, the models' means with 95% CI bands
  (shares in %, their bands clipped to [0, 100]%; a panel per value of a second key);
* :func:`sweep_differences` and :func:`plot_sweep_differences` — the paired difference
  (later model − first) at every point with its CI, one panel per metric: where the
  band crosses 0 the verdict is not clear, where the line crosses 0 it flips.

Non-numeric swept values (a geography, a model option) are placed at equal steps.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.lang import metric_label, tr
from sim.metrics.definitions import HEADLINE, METRICS
from sim.plots.common import band, labels_for
from sim.plots.headline import title_with_unit
from sim.plots.style import model_palette, save, setup
from sim.stats import paired_differences


def _positions(values: pd.Series) -> tuple[np.ndarray, list[str] | None]:
    """x positions of swept values: the numbers themselves, or 0, 1, … with tick labels."""
    numeric = pd.to_numeric(values, errors="coerce")
    if numeric.notna().all():
        return numeric.to_numpy(dtype=float), None
    order = list(dict.fromkeys(str(v) for v in values))
    return np.array([order.index(str(v)) for v in values], dtype=float), order


def _title(metric: str, lang: str, width: int = 40) -> str:
    """The metric's label and unit, wrapped to ``width`` characters a line."""
    return textwrap.fill(title_with_unit(metric, lang), width)


def _share(metric: str) -> bool:
    return metric in METRICS and METRICS[metric].unit == "share"


def plot_sweep(
    summary: pd.DataFrame,
    keys: list[str],
    out_dir: Path,
    metrics: tuple[str, ...] = HEADLINE,
    lang: str = "en",
    labels: dict[str, str] | None = None,
) -> list[Path]:
    """One figure per metric (x = first swept key, a panel per value of a second key)."""
    setup()
    x = keys[0]
    facet = keys[1] if len(keys) > 1 else None
    models = list(dict.fromkeys(summary["model"]))
    colours = model_palette(models)
    names = labels_for(models, lang, labels)
    written: list[Path] = []
    for metric in metrics:
        data = summary[summary["metric"] == metric]
        if data.empty or data["mean"].isna().all():
            continue
        share = _share(metric)
        k = 100.0 if share else 1.0
        panels = list(dict.fromkeys(data[facet])) if facet else [None]
        fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 3.4), squeeze=False, sharey=True)
        for ax, value in zip(axes[0], panels, strict=True):
            part = data if facet is None else data[data[facet] == value]
            for model in models:
                d = part[part["model"] == model]
                if d.empty:
                    continue
                pos, ticks = _positions(d[x])
                order = np.argsort(pos, kind="stable")
                xs = pos[order]
                lo, hi = d["ci_low"].to_numpy()[order], d["ci_high"].to_numpy()[order]
                if share:
                    lo, hi = np.clip(lo, 0.0, 1.0), np.clip(hi, 0.0, 1.0)
                ax.plot(
                    xs, k * d["mean"].to_numpy()[order], marker="o", color=colours[model], label=names[model]
                )
                band(ax, xs, k * lo, k * hi, colours[model])
                if ticks is not None:
                    ax.set_xticks(range(len(ticks)))
                    ax.set_xticklabels(ticks, rotation=20)
            ax.set_xlabel(x.split(".")[-1])
            if facet is not None:
                ax.set_title(f"{facet.split('.')[-1]} = {value}", fontsize=10)
        axes[0][0].set_ylabel(_title(metric, lang, 32), fontsize=9)
        axes[0][-1].legend(frameon=False, fontsize=8.5)
        if facet is None:
            axes[0][0].set_title(metric_label(metric, lang), fontsize=11)
        else:
            fig.suptitle(metric_label(metric, lang), fontsize=11)
        written += save(fig, out_dir, metric)
    return written


def sweep_differences(
    metrics: pd.DataFrame, keys: list[str], models: list[str] | None = None
) -> pd.DataFrame:
    """Paired differences (each later model − the first) at every sweep point.

    ``metrics`` is ``sweep_metrics.parquet``: the swept keys, ``point, replication, model,
    metric, value``. Returns the keys, ``point, model, metric, diff_mean, ci_low, ci_high, n``.
    """
    models = models or list(dict.fromkeys(metrics["model"]))
    rows = []
    for point, g in metrics.groupby("point", sort=False):
        first = g.iloc[0]
        for other in models[1:]:
            d = paired_differences(g, models[0], other)
            for k in reversed(keys):
                d.insert(0, k, first[k])
            d.insert(len(keys), "point", point)
            d.insert(len(keys) + 1, "model", other)
            rows.append(d)
    cols = [*keys, "point", "model", "metric", "diff_mean", "ci_low", "ci_high", "n"]
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=cols)


def plot_sweep_differences(
    diffs: pd.DataFrame,
    keys: list[str],
    out_dir: Path,
    metrics: tuple[str, ...] = HEADLINE,
    lang: str = "en",
    labels: dict[str, str] | None = None,
    reference: str = "minute",
    name: str = "sweep_differences",
) -> list[Path]:
    """A panel per metric: the paired difference against the first swept key, with its CI band
    (one line per value of a second swept key) and a line at 0."""
    setup()
    x = keys[0]
    facet = keys[1] if len(keys) > 1 else None
    shown = [m for m in metrics if diffs[diffs["metric"] == m]["diff_mean"].notna().any()]
    if not shown:
        return []
    ncol = 3
    nrow = math.ceil(len(shown) / ncol)
    fig, axes = plt.subplots(nrow, ncol, figsize=(4.3 * ncol, 3.1 * nrow), squeeze=False)
    others = list(dict.fromkeys(diffs["model"]))
    names = labels_for([reference, *others], lang, labels)
    groups = list(dict.fromkeys(diffs[facet])) if facet else [None]
    greys = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#F0E442"]
    for ax, metric in zip(axes.flat, shown, strict=False):
        k = 100.0 if _share(metric) else 1.0
        d = diffs[(diffs["metric"] == metric) & (diffs["model"] == others[0])]
        for gi, gval in enumerate(groups):
            part = d if facet is None else d[d[facet] == gval]
            pos, ticks = _positions(part[x])
            order = np.argsort(pos, kind="stable")
            colour = greys[gi % len(greys)]
            lab = None if facet is None else f"{facet.split('.')[-1]} = {gval}"
            ax.plot(pos[order], k * part["diff_mean"].to_numpy()[order], marker="o", color=colour, label=lab)
            band(
                ax,
                pos[order],
                k * part["ci_low"].to_numpy()[order],
                k * part["ci_high"].to_numpy()[order],
                colour,
            )
            if ticks is not None:
                ax.set_xticks(range(len(ticks)))
                ax.set_xticklabels(ticks, rotation=20, fontsize=8)
        ax.axhline(0, color="#555555", lw=0.8)
        ax.set_title(_title(metric, lang), fontsize=9, loc="left")
        ax.set_xlabel(x.split(".")[-1], fontsize=8.5)
        ax.tick_params(labelsize=8)
        if facet is not None:
            ax.legend(frameon=False, fontsize=7)
    for ax in list(axes.flat)[len(shown) :]:
        ax.axis("off")
    fig.suptitle(tr(lang, "plot.sweep.diff_title", b=names[others[0]], a=names[reference]), fontsize=12)
    fig.tight_layout()
    return save(fig, out_dir, name)
