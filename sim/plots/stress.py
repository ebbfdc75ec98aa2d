"""Stress and sick leave week by week, per model: mean over replications with a 95% CI band.

Weeks are counted from the end of warm-up (week 1 is the first measured week);
warm-up weeks (≤ 0) are shaded, so the build-up of stress is visible.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.lang import tr
from sim.plots.common import band, labels_for, replication_ci
from sim.plots.style import model_palette, save, setup


def week_of(day: pd.Series, warmup_days: int) -> pd.Series:
    """Week number counted from the end of warm-up: 1 = the first measured week."""
    return (day - warmup_days) // 7 + 1


def weekly_stress(shifts: pd.DataFrame, staff_days: pd.DataFrame, warmup_days: int) -> pd.DataFrame:
    """``model, week, series, mean, ci_low, ci_high, n`` for the series strain (mean per shift),
    stress (mean stress state of rostered staff) and sick (sick share of rostered shifts)."""
    rep = "replication" if "replication" in shifts else None
    keys = [k for k in (rep, "model") if k]
    parts = []
    s = shifts.assign(week=week_of(shifts["day"], warmup_days))
    strain = s.groupby([*keys, "week"])["strain"].mean().rename("value").reset_index()
    parts.append(strain.assign(series="strain"))
    sd = staff_days[staff_days["status"].isin(["work", "sick"])]
    sd = sd.assign(week=week_of(sd["day"], warmup_days), sick=(sd["status"] == "sick").astype(float))
    stress = sd.groupby([*keys, "week"])["stress"].mean().rename("value").reset_index()
    parts.append(stress.assign(series="stress"))
    sick = sd.groupby([*keys, "week"])["sick"].mean().rename("value").reset_index()
    parts.append(sick.assign(series="sick"))
    per_rep = pd.concat(parts, ignore_index=True)
    return replication_ci(per_rep, ["series", "model", "week"], "value")


def plot_stress(
    shifts: pd.DataFrame,
    staff_days: pd.DataFrame,
    models: list[str],
    out_dir: Path,
    warmup_days: int,
    lang: str = "en",
    labels: dict[str, str] | None = None,
    name: str = "stress",
) -> list[Path]:
    """Three panels over the weeks: strain per shift, stress state, sick-leave share."""
    setup()
    names = labels_for(models, lang, labels)
    colours = model_palette(models)
    data = weekly_stress(shifts, staff_days, warmup_days)
    series = ["strain", "stress", "sick"]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.9), sharex=True)
    for ax, ser in zip(axes, series, strict=True):
        d = data[data["series"] == ser]
        share = ser == "sick"
        k = 100.0 if share else 1.0
        for m in models:
            dm = d[d["model"] == m].sort_values("week")
            if dm.empty:
                continue
            x = dm["week"].to_numpy()
            ax.plot(x, k * dm["mean"], marker="o", ms=3.5, color=colours[m], label=names[m])
            lo, hi = dm["ci_low"].to_numpy(), dm["ci_high"].to_numpy()
            if share:
                lo, hi = np.clip(lo, 0, 1), np.clip(hi, 0, 1)
            band(ax, x, k * lo, k * hi, colours[m])
        if not d.empty and d["week"].min() <= 0:
            ax.axvspan(d["week"].min() - 0.5, 0.5, color="#EEEEEE", zorder=0)
            ax.text(
                d["week"].min() - 0.4,
                0.98,
                tr(lang, "plot.stress.warmup"),
                transform=ax.get_xaxis_transform(),
                va="top",
                fontsize=8,
                color="#666666",
            )
        ax.set_title(tr(lang, f"plot.stress.{ser}"), fontsize=10.5, loc="left")
        ax.set_xlabel(tr(lang, "plot.stress.week"))
        ax.set_ylim(bottom=0)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    axes[0].legend(frameon=False, fontsize=8.5)
    fig.suptitle(tr(lang, "plot.stress.title"), fontsize=12, x=0.01, ha="left")
    fig.tight_layout()
    return save(fig, out_dir, name)
