"""Cost per client-month by component, side by side per model, and what makes the difference."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.lang import fmt_num, tr
from sim.metrics.definitions import COST_COMPONENTS
from sim.plots.common import labels_for
from sim.plots.style import model_palette, save, setup


def client_months(n_clients: int, horizon_days: int) -> float:
    """Client-months of the measured period: clients × horizon_days / 30.4375."""
    return n_clients * horizon_days / 30.4375


def cost_per_client_month(costs: pd.DataFrame, n_client_months: float) -> pd.DataFrame:
    """``model, component, sek`` — each component's mean over replications per client-month."""
    per_rep = costs.assign(sek=costs["sek"] / n_client_months)
    out = per_rep.groupby(["model", "component"], sort=False)["sek"].mean().reset_index()
    order = {c: i for i, c in enumerate(COST_COMPONENTS)}
    return out.sort_values("component", key=lambda s: s.map(order).fillna(len(order)), kind="stable")


# Paul Tol's "muted" scheme (colour-blind safe), none close to the two model colours
COMPONENT_COLOURS = {
    "staff": "#88CCEE",
    "team_meetings": "#FFAABB",
    "overtime": "#CC6677",
    "substitutes": "#AA4499",
    "sick_pay": "#882255",
    "recruitment": "#332288",
    "travel": "#999933",
    "planning_logging": "#DDCC77",
    "team_leaders": "#44AA99",
    "alarm_unit": "#117733",
}


def component_colours() -> dict[str, str]:
    """A fixed colour per cost component."""
    return dict(COMPONENT_COLOURS)


def plot_costs(
    costs: pd.DataFrame,
    models: list[str],
    out_dir: Path,
    n_client_months: float,
    lang: str = "en",
    labels: dict[str, str] | None = None,
    name: str = "costs",
) -> list[Path]:
    """Stacked bars of cost per client-month by component per model; beside them, each
    component's difference (later model − first)."""
    setup()
    names = labels_for(models, lang, labels)
    data = cost_per_client_month(costs, n_client_months)
    wide = (
        data.pivot(index="component", columns="model", values="sek")
        .reindex([c for c in COST_COMPONENTS if c in set(data["component"])])
        .fillna(0.0)
    )
    colours = component_colours()
    two = len(models) > 1
    fig, axes = plt.subplots(
        1,
        2 if two else 1,
        figsize=(11 if two else 6, 4.8),
        squeeze=False,
        gridspec_kw={"width_ratios": [1, 1.1]} if two else None,
    )
    ax = axes[0][0]
    x = np.arange(len(models))
    bottom = np.zeros(len(models))
    for comp in wide.index:
        vals = np.array([wide.at[comp, m] if m in wide.columns else 0.0 for m in models])
        ax.bar(
            x,
            vals,
            bottom=bottom,
            color=colours.get(comp, "#999999"),
            width=0.6,
            label=tr(lang, f"cost.{comp}"),
        )
        bottom += vals
    for xi, total in zip(x, bottom, strict=True):
        ax.text(
            xi, total, tr(lang, "fmt.sek", x=fmt_num(total, lang, 0)), ha="center", va="bottom", fontsize=9
        )
    ax.set_xticks(x)
    ax.set_xticklabels([names[m] for m in models])
    for tick, m in zip(ax.get_xticklabels(), models, strict=True):
        tick.set_color(model_palette(models)[m])
    ax.set_ylabel(tr(lang, "plot.costs.ylabel"))
    ax.set_title(tr(lang, "plot.costs.title"), fontsize=11, loc="left")
    ax.set_ylim(0, bottom.max() * 1.1 if bottom.max() > 0 else 1)
    handles, texts = ax.get_legend_handles_labels()
    ax.legend(
        handles[::-1], texts[::-1], frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0)
    )
    if two:
        d_ax = axes[0][1]
        a, b = models[0], models[1]
        diff = (wide[b] - wide[a]) if a in wide and b in wide else pd.Series(dtype=float)
        y = -np.arange(len(diff))
        d_ax.barh(y, diff.to_numpy(), color=[colours.get(c, "#999999") for c in diff.index])
        d_ax.axvline(0, color="#555555", lw=0.8)
        d_ax.set_yticks(y)
        d_ax.set_yticklabels([tr(lang, f"cost.{c}") for c in diff.index], fontsize=8.5)
        d_ax.yaxis.tick_right()
        d_ax.set_xlabel(tr(lang, "plot.costs.diff_xlabel", b=names[b], a=names[a]))
        d_ax.set_title(tr(lang, "plot.costs.diff_title"), fontsize=11, loc="left")
        net = float(diff.sum())
        d_ax.text(
            0.02,
            0.02,
            tr(lang, "plot.costs.diff_total", x=fmt_num(net, lang, 0)),
            transform=d_ax.transAxes,
            fontsize=9,
        )
    fig.tight_layout()
    return save(fig, out_dir, name)
