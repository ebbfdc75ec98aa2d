"""Tornado charts of sensitivity indices: which inputs drive one output's trust-minus-minute difference."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.plots.common import note_figure
from sim.plots.style import OKABE_ITO, save, setup

TOTAL_COLOUR = OKABE_ITO[0]  # blue: ST, or Morris mu_star
FIRST_COLOUR = OKABE_ITO[1]  # vermillion: S1


def _errors(value: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Matplotlib's (2, n) asymmetric error bars; undefined or inverted ends drawn as none."""
    below = np.nan_to_num(value - low, nan=0.0).clip(min=0.0)
    above = np.nan_to_num(high - value, nan=0.0).clip(min=0.0)
    return np.vstack([below, above])


def tornado(
    indices: pd.DataFrame,
    output: str,
    path: Path,
    title: str,
    xlabel: str,
    labels: Mapping[str, str] | None = None,
) -> Path:
    """One horizontal bar per parameter of ``output``, the most important on top.

    ``indices`` is a table from ``sim.sensitivity.analysis``: a Sobol' one (``ST`` with its CI as
    error bars, ``S1`` with its CI as a thinner bar beside it) or a Morris one (``mu_star`` with its
    CI), told apart by their columns. ``labels`` maps parameter keys to readable names (default:
    the key). Written as PNG and SVG next to each other at ``path`` (its suffix is replaced);
    returns the PNG's path.
    """
    if "ST" in indices.columns:
        value, first = "ST", "S1"
    elif "mu_star" in indices.columns:
        value, first = "mu_star", None
    else:
        raise ValueError("not a sensitivity table: need an ST (Sobol') or a mu_star (Morris) column")
    rows = indices[indices["output"] == output]
    if rows.empty:
        raise ValueError(f"no rows of output {output!r} in the table")
    labels = labels or {}
    setup()
    rows = rows.sort_values(value, ascending=False, na_position="last", kind="stable")
    if rows[value].isna().all():
        fig = note_figure(f"{title}\n\nindices undefined: the output does not vary")
    else:
        n = len(rows)
        y = np.arange(n)[::-1]  # first row (largest) on top
        fig, ax = plt.subplots(figsize=(7.0, 1.2 + 0.42 * n))
        v = rows[value].to_numpy(dtype=float)
        err = _errors(
            v, rows[f"{value}_ci_low"].to_numpy(dtype=float), rows[f"{value}_ci_high"].to_numpy(dtype=float)
        )
        # Sobol': ST and a thinner S1 bar side by side (their error bars apart); Morris: one bar
        ax.barh(
            y + (0.14 if first else 0.0),
            np.nan_to_num(v),
            height=0.5 if first else 0.7,
            color=TOTAL_COLOUR,
            xerr=err,
            capsize=3,
            error_kw={"elinewidth": 1.0, "ecolor": "#333333"},
            label="total (ST)" if first else "μ* (mean |elementary effect|)",
        )
        if first is not None:
            s1 = rows[first].to_numpy(dtype=float)
            err1 = _errors(
                s1,
                rows[f"{first}_ci_low"].to_numpy(dtype=float),
                rows[f"{first}_ci_high"].to_numpy(dtype=float),
            )
            ax.barh(
                y - 0.25,
                np.nan_to_num(s1),
                height=0.24,
                color=FIRST_COLOUR,
                xerr=err1,
                capsize=2,
                error_kw={"elinewidth": 0.8, "ecolor": "#333333"},
                label="first order (S1)",
            )
        ax.set_yticks(y, [labels.get(str(p), str(p)) for p in rows["parameter"]])
        ax.axvline(0.0, color="#555555", linewidth=0.8)
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        ax.grid(axis="y", visible=False)
        ax.legend(loc="best", frameon=False, fontsize=9)
        fig.tight_layout()
    paths = save(fig, path.parent, path.stem)
    return next(p for p in paths if p.suffix == ".png")
