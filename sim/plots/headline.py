"""The headline comparison: each key metric per model with its 95% CI, and the paired difference.

* :func:`plot_headline` — a forest-plot table: one row per metric, the models' means
  with their CIs on the left, the paired difference with its CI on the right
  (a line at 0; a difference whose interval excludes 0 is marked better/worse).
* :func:`plot_relative_differences` — all differences on one axis, as % of the
  reference model's mean, coloured by verdict.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.lang import metric_label, tr
from sim.metrics.definitions import HEADLINE, METRICS
from sim.plots.common import labels_for
from sim.plots.style import model_palette, save, setup

# verdict colours (Okabe–Ito, distinct from the model colours) and markers
RELATIVE_CAP = 1.5  # relative differences beyond ±150% are drawn as arrows at the edge
VERDICT_STYLE = {
    "better": ("#009E73", "^"),
    "worse": ("#CC79A7", "v"),
    "different": ("#000000", "D"),
    "unclear": ("#999999", "o"),
    "implausible": ("#E69F00", "X"),  # a figure outside its plausible range: no verdict
}


def _styles(flagged: frozenset[str] | set[str]) -> dict[str, tuple[str, str]]:
    """The verdict styles a legend shows: "implausible" only when some metric is flagged."""
    return {v: st for v, st in VERDICT_STYLE.items() if v != "implausible" or flagged}


def verdict(metric: str, diff: float, lo: float, hi: float) -> str:
    """better / worse / different (no better direction) / unclear (CI includes 0 or is missing)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo <= 0 <= hi:
        return "unclear"
    better = METRICS[metric].better if metric in METRICS else "-"
    if better == "-":
        return "different"
    improved = diff < 0 if better == "lower" else diff > 0
    return "better" if improved else "worse"


def _scale(metric: str) -> float:
    return 100.0 if metric in METRICS and METRICS[metric].unit == "share" else 1.0


def title_with_unit(metric: str, lang: str) -> str:
    """``Overtime per shift, min`` (no unit for an index, whose label says so)."""
    unit = METRICS[metric].unit if metric in METRICS else ""
    label = metric_label(metric, lang)
    return f"{label}, {tr(lang, f'unit.{unit}')}" if unit and unit != "index" else label


def _bounds(metric: str, lo: float, hi: float) -> tuple[float, float]:
    """A model's CI for display: every metric is ≥ 0, shares ≤ 1."""
    if not math.isfinite(lo):
        return lo, hi
    top = 1.0 if metric in METRICS and METRICS[metric].unit == "share" else math.inf
    return max(0.0, lo), min(top, hi)


def _diff_rows(comparison: pd.DataFrame, other: str | None) -> dict[str, dict]:
    c = comparison
    if other is not None and "model" in c:
        c = c[c["model"] == other]
    return {str(r["metric"]): r for r in c.to_dict("records")}


def plot_headline(
    summary: pd.DataFrame,
    comparison: pd.DataFrame,
    models: list[str],
    out_dir: Path,
    lang: str = "en",
    labels: dict[str, str] | None = None,
    metrics: tuple[str, ...] = HEADLINE,
    name: str = "headline",
    flagged: frozenset[str] | set[str] = frozenset(),
) -> list[Path]:
    """Forest plot of the headline metrics: per-model means and the paired difference, with CIs.

    ``comparison`` holds ``later model − models[0]``; with more than two models its
    ``model`` column says which, and the second model's difference is drawn. A ``flagged``
    metric (an implausible figure) is drawn without a verdict.
    """
    setup()
    names = labels_for(models, lang, labels)
    colours = model_palette(models)
    shown = [m for m in metrics if not summary[summary["metric"] == m].empty]
    other = models[1] if len(models) > 1 else None
    diffs = _diff_rows(comparison, other) if other else {}
    height = 0.95 * len(shown) + 1.2
    fig, axes = plt.subplots(
        len(shown), 2, figsize=(10.5, height), squeeze=False, gridspec_kw={"width_ratios": [3, 2]}
    )
    fig.subplots_adjust(
        left=0.02, right=0.98, top=1 - 0.75 / height, bottom=0.75 / height, hspace=1.35, wspace=0.06
    )
    for row, metric in enumerate(shown):
        k = _scale(metric)
        left, right = axes[row]
        s = {str(r["model"]): r for r in summary[summary["metric"] == metric].to_dict("records")}
        for i, m in enumerate(models):
            if m not in s:
                continue
            r = s[m]
            y = -i
            lo, hi = _bounds(metric, float(r["ci_low"]), float(r["ci_high"]))
            err = [[k * (r["mean"] - lo)], [k * (hi - r["mean"])]] if math.isfinite(lo) else None
            left.errorbar(k * r["mean"], y, xerr=err, fmt="o", color=colours[m], capsize=3, ms=5)
        left.set_yticks([])
        left.set_ylim(-len(models) + 0.4, 0.6)
        left.set_title(title_with_unit(metric, lang), loc="left", fontsize=9)
        left.tick_params(axis="x", labelsize=8)
        left.xaxis.set_major_locator(plt.MaxNLocator(6))
        d = diffs.get(metric)
        right.axvline(0, color="#555555", lw=0.8)
        right.set_yticks([])
        right.tick_params(axis="x", labelsize=8)
        right.xaxis.set_major_locator(plt.MaxNLocator(5))
        if d is not None and math.isfinite(d["diff_mean"]):
            v = (
                "implausible"
                if metric in flagged
                else verdict(metric, d["diff_mean"], d["ci_low"], d["ci_high"])
            )
            colour, marker = VERDICT_STYLE[v]
            lo, hi = float(d["ci_low"]), float(d["ci_high"])
            err = [[k * (d["diff_mean"] - lo)], [k * (hi - d["diff_mean"])]] if math.isfinite(lo) else None
            right.errorbar(k * d["diff_mean"], 0, xerr=err, fmt=marker, color=colour, capsize=3, ms=6)
            span = max(abs(k * lo), abs(k * hi), abs(k * d["diff_mean"])) if math.isfinite(lo) else 1.0
            span = span if span > 0 else 1.0
            right.set_xlim(-1.15 * span, 1.15 * span)
        right.set_ylim(-0.6, 0.6)
    if other:
        axes[0][1].set_title(
            tr(lang, "plot.headline.diff_title", b=names[other], a=names[models[0]]), fontsize=9, loc="left"
        )
    handles = [plt.Line2D([], [], color=colours[m], marker="o", ls="", label=names[m]) for m in models] + [
        plt.Line2D([], [], color=c, marker=mk, ls="", label=tr(lang, f"verdict.{v}"))
        for v, (c, mk) in _styles(flagged).items()
    ]
    fig.legend(
        handles=handles, loc="lower center", ncol=3, frameon=False, fontsize=9, bbox_to_anchor=(0.5, 0.0)
    )
    fig.suptitle(tr(lang, "plot.headline.title"), fontsize=12, y=1 - 0.15 / height)
    return save(fig, out_dir, name)


def relative_differences(
    summary: pd.DataFrame,
    comparison: pd.DataFrame,
    models: list[str],
    metrics: tuple[str, ...] = HEADLINE,
    flagged: frozenset[str] | set[str] = frozenset(),
) -> pd.DataFrame:
    """``metric, rel, rel_low, rel_high, verdict``: differences as a share of the reference mean.

    Metrics whose reference mean is (nearly) zero are left out. The interval ignores the
    uncertainty of the reference mean itself. A ``flagged`` metric's verdict is "implausible".
    """
    ref = summary[summary["model"] == models[0]].set_index("metric")["mean"]
    diffs = _diff_rows(comparison, models[1] if len(models) > 1 else None)
    rows = []
    for m in metrics:
        d = diffs.get(m)
        base = float(ref.get(m, float("nan")))
        if d is None or not math.isfinite(base) or abs(base) < 1e-9 or not math.isfinite(d["diff_mean"]):
            continue
        rows.append(
            {
                "metric": m,
                "rel": d["diff_mean"] / abs(base),
                "rel_low": d["ci_low"] / abs(base),
                "rel_high": d["ci_high"] / abs(base),
                "verdict": "implausible"
                if m in flagged
                else verdict(m, d["diff_mean"], d["ci_low"], d["ci_high"]),
            }
        )
    return pd.DataFrame(rows, columns=["metric", "rel", "rel_low", "rel_high", "verdict"])


def plot_relative_differences(
    summary: pd.DataFrame,
    comparison: pd.DataFrame,
    models: list[str],
    out_dir: Path,
    lang: str = "en",
    labels: dict[str, str] | None = None,
    metrics: tuple[str, ...] = HEADLINE,
    name: str = "differences",
    flagged: frozenset[str] | set[str] = frozenset(),
) -> list[Path]:
    """One axis: each headline difference in % of the reference model's mean, with its CI
    (a ``flagged`` metric, an implausible figure, without a verdict)."""
    setup()
    names = labels_for(models, lang, labels)
    rel = relative_differences(summary, comparison, models, metrics, flagged)
    fig, ax = plt.subplots(figsize=(8.5, 0.42 * max(1, len(rel)) + 1.4))
    ax.axvline(0, color="#555555", lw=0.8)
    cap = RELATIVE_CAP * 100
    for i, r in enumerate(rel.to_dict("records")):
        colour, marker = VERDICT_STYLE[str(r["verdict"])]
        x = 100 * float(r["rel"])
        lo, hi = 100 * float(r["rel_low"]), 100 * float(r["rel_high"])
        if abs(x) > cap:  # off the scale: an arrow at the edge with the value
            edge = math.copysign(cap, x)
            ax.annotate(
                f"{x:+.0f}%",
                (edge, -i),
                xytext=(-28 if x > 0 else 28, 0),
                textcoords="offset points",
                ha="right" if x > 0 else "left",
                va="center",
                fontsize=8,
                color=colour,
                arrowprops={"arrowstyle": "->", "color": colour},
            )
            continue
        err = [[x - max(lo, -cap)], [min(hi, cap) - x]] if math.isfinite(lo) else None
        ax.errorbar(x, -i, xerr=err, fmt=marker, color=colour, capsize=3, ms=6)
    ax.set_xlim(-cap * 1.05, cap * 1.05)
    ax.set_yticks(-np.arange(len(rel)))
    ax.set_yticklabels([metric_label(str(m), lang) for m in rel["metric"]], fontsize=9)
    if len(models) > 1:
        ax.set_xlabel(tr(lang, "plot.relative.xlabel", b=names[models[1]], a=names[models[0]]))
    handles = [
        plt.Line2D([], [], color=c, marker=mk, ls="", label=tr(lang, f"verdict.{v}"))
        for v, (c, mk) in _styles(flagged).items()
    ]
    ax.legend(handles=handles, frameon=False, fontsize=8, loc="best")
    ax.set_title(tr(lang, "plot.relative.title"), fontsize=11, loc="left")
    return save(fig, out_dir, name)
