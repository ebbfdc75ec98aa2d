"""Continuity: how many different caregivers a client meets in 14 days, per model.

The distribution of Socialstyrelsen's indicator over client-windows of every
replication (computed with :func:`sim.metrics.continuity.staff_per_client_windows`),
with the national average (14.9 in 2021, CALIBRATION.md) marked.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from sim.config.schema import MetricsConfig
from sim.lang import fmt_num, tr
from sim.metrics.continuity import staff_per_client_windows
from sim.plots.common import labels_for, note_figure
from sim.plots.style import model_palette, save, setup

# Socialstyrelsen's indicator, national average 2021 (Infostat; CALIBRATION.md)
NATIONAL_AVERAGE_2021 = 14.9


def continuity_windows(
    visits: pd.DataFrame, cfg: MetricsConfig, warmup_days: int, horizon_days: int
) -> tuple[pd.DataFrame, int]:
    """(``replication, model, client_id, window, distinct_staff`` rows, window length used).

    When the measured period is shorter than the indicator's window, the whole period
    is one window (the returned length says so).
    """
    length = min(cfg.continuity_window_days, horizon_days)
    use = dataclasses.replace(cfg, continuity_window_days=length)
    parts = []
    keys = ["replication", "model"] if "replication" in visits else ["model"]
    for key, v in visits.groupby(keys, sort=False):
        s = staff_per_client_windows(v, use, warmup_days, warmup_days + horizon_days)
        if s.empty:
            continue
        df = s.reset_index()
        for k, val in zip(keys, key if isinstance(key, tuple) else (key,), strict=True):
            df.insert(0, str(k), [val] * len(df))
        parts.append(df)
    cols = [*keys, "client_id", "window", "distinct_staff"]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
    return out, length


def plot_continuity(
    visits: pd.DataFrame,
    models: list[str],
    out_dir: Path,
    warmup_days: int,
    horizon_days: int,
    cfg: MetricsConfig | None = None,
    lang: str = "en",
    labels: dict[str, str] | None = None,
    name: str = "continuity",
) -> list[Path]:
    """Histogram of distinct staff per client-window for each model, with the national average."""
    setup()
    cfg = cfg or MetricsConfig()
    data, length = continuity_windows(visits, cfg, warmup_days, horizon_days)
    if data.empty:
        return save(note_figure(tr(lang, "plot.continuity.none")), out_dir, name)
    names = labels_for(models, lang, labels)
    colours = model_palette(models)
    fig, ax = plt.subplots(figsize=(8, 4.2))
    top = int(data["distinct_staff"].max())
    width = 0.8 / max(1, len(models))
    for i, m in enumerate(models):
        d = data[data["model"] == m]["distinct_staff"]
        if d.empty:
            continue
        share = d.value_counts(normalize=True).sort_index()
        ax.bar(
            share.index + (i - (len(models) - 1) / 2) * width,
            share.to_numpy(),
            width=width,
            color=colours[m],
            label=tr(lang, "plot.continuity.series", model=names[m], mean=fmt_num(d.mean(), lang, 1)),
        )
        ax.axvline(d.mean(), color=colours[m], ls="--", lw=1.3)
    if length == cfg.continuity_window_days == 14:
        ax.axvline(
            NATIONAL_AVERAGE_2021,
            color="black",
            ls=":",
            lw=1.5,
            label=tr(lang, "plot.continuity.reference", x=fmt_num(NATIONAL_AVERAGE_2021, lang, 1)),
        )
    ax.set_xlim(0, max(top, NATIONAL_AVERAGE_2021) + 2)
    ax.set_xlabel(tr(lang, "plot.continuity.xlabel", days=length))
    ax.set_ylabel(tr(lang, "plot.continuity.ylabel"))
    title = tr(lang, "plot.continuity.title")
    if length != cfg.continuity_window_days:
        title += "\n" + tr(lang, "plot.continuity.short", days=length, full=cfg.continuity_window_days)
    ax.set_title(title, fontsize=11, loc="left")
    ax.legend(frameon=False, fontsize=8.5)
    return save(fig, out_dir, name)
