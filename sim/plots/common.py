"""Helpers shared by the run plots: measured days, model order and labels, weekly CIs."""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.lang import model_label
from sim.stats import mean_ci


def measured(df: pd.DataFrame, warmup_days: int, horizon_days: int | None) -> pd.DataFrame:
    """Rows of an event table whose ``day`` lies in the measured period (after warm-up)."""
    if df.empty or "day" not in df:
        return df
    keep = df["day"] >= warmup_days
    if horizon_days is not None:
        keep &= df["day"] < warmup_days + horizon_days
    return df[keep]


def model_order(*frames: pd.DataFrame, compare: Iterable[str] | None = None) -> list[str]:
    """Models in the order of ``compare`` (if given), else in order of first appearance."""
    if compare is not None:
        return list(compare)
    seen: dict[str, None] = {}
    for f in frames:
        if not f.empty and "model" in f:
            seen.update(dict.fromkeys(str(m) for m in f["model"]))
    return list(seen)


def labels_for(models: list[str], lang: str, given: dict[str, str] | None = None) -> dict[str, str]:
    """Display name of each model: the translation table's for minute/trust, else ``given``."""
    given = given or {}
    return {m: model_label(m, lang, given.get(m)) for m in models}


def replication_ci(per_rep: pd.DataFrame, by: list[str], value: str) -> pd.DataFrame:
    """Mean and 95% t-interval over replications of ``value`` for each ``by`` group."""
    rows = []
    for key, g in per_rep.groupby(by, sort=True):
        mean, lo, hi, n = mean_ci(g[value].to_numpy())
        keys = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(by, keys, strict=True)), "mean": mean, "ci_low": lo, "ci_high": hi, "n": n})
    return pd.DataFrame(rows, columns=[*by, "mean", "ci_low", "ci_high", "n"])


def band(
    ax: plt.Axes, x: np.ndarray, lo: np.ndarray, hi: np.ndarray, colour: str, clip01: bool = False
) -> None:
    """A translucent CI band (skipped where the interval is undefined); shares clipped to [0, 1]."""
    lo_a, hi_a = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    if clip01:
        lo_a, hi_a = np.clip(lo_a, 0.0, 1.0), np.clip(hi_a, 0.0, 1.0)
    ok = np.isfinite(lo_a) & np.isfinite(hi_a)
    if ok.any():
        ax.fill_between(np.asarray(x)[ok], lo_a[ok], hi_a[ok], color=colour, alpha=0.2, linewidth=0)


def note_figure(text: str, size: tuple[float, float] = (6.0, 2.0)) -> plt.Figure:
    """A small figure that only says why a plot could not be drawn."""
    fig, ax = plt.subplots(figsize=size)
    ax.axis("off")
    ax.text(0.5, 0.5, text, ha="center", va="center", wrap=True)
    return fig


def n_clients_of(visits: pd.DataFrame) -> int:
    """Clients seen in a visits table (per replication the same clients, so the maximum)."""
    if visits.empty:
        return 0
    if "replication" in visits:
        return int(visits.groupby("replication")["client_id"].nunique().max())
    return int(visits["client_id"].nunique())
