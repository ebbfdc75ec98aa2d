"""Shared look of every figure: the Okabe–Ito palette, print-friendly sizes, PNG + SVG output."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed; must precede pyplot
import matplotlib.pyplot as plt
import seaborn as sns

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
MODEL_COLOURS = {"minute": "#D55E00", "trust": "#0072B2"}


def model_palette(models: list[str]) -> dict[str, str]:
    """A fixed colour per model name: minute vermillion, trust blue, others from Okabe–Ito."""
    spare = [c for c in OKABE_ITO if c not in MODEL_COLOURS.values()]
    out: dict[str, str] = {}
    for m in models:
        out[m] = MODEL_COLOURS.get(m) or spare[len([k for k in out if k not in MODEL_COLOURS]) % len(spare)]
    return out


def setup() -> None:
    """Seaborn theme used by every figure (legible in print)."""
    sns.set_theme(context="paper", style="whitegrid", font_scale=1.15)
    plt.rcParams.update({"figure.dpi": 110, "savefig.dpi": 150, "svg.fonttype": "none"})


def save(fig: plt.Figure, out_dir: Path, name: str) -> list[Path]:
    """Save ``fig`` as ``name``.png and ``name``.svg in ``out_dir``; close it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    # the tight bounding box once for both formats (bbox_inches="tight" redraws per file)
    fig.draw_without_rendering()
    bbox = fig.get_tightbbox().padded(plt.rcParams["savefig.pad_inches"])
    paths = []
    for ext in ("png", "svg"):
        p = out_dir / f"{name}.{ext}"
        fig.savefig(p, bbox_inches=bbox)
        paths.append(p)
    plt.close(fig)
    return paths
