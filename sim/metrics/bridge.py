"""The cost bridge (issue 25): how much of the cost difference between two models the simulation
produced and how much was set by assumption before anything ran.

The difference in cost per client-month (a later model − the first, paired by replication) is
split by component into

* **assumed organisational overhead** — central planners and the logging system, team leaders,
  the teams' meetings and training, the alarm unit: what a model's config says its organisation
  costs (``models.*.overheads``, ``scenario.costs``), the same however the days went; and
* **simulated** — regular hours, overtime, substitutes, sick pay, recruitment, travel: what the
  simulated days cost.

Each part comes with its paired 95 % CI over replications, and the share of the total
difference that is simulated.
"""

from __future__ import annotations

import math

import pandas as pd

from sim.metrics.definitions import COST_COMPONENTS
from sim.stats import mean_ci

ASSUMED = ("planning_logging", "team_leaders", "team_meetings", "alarm_unit")
SIMULATED = tuple(c for c in COST_COMPONENTS if c not in ASSUMED)
GROUPS = {"assumed": ASSUMED, "simulated": SIMULATED}
BRIDGE_COLUMNS = ["model", "part", "group", "diff_mean", "ci_low", "ci_high", "n", "base_mean", "model_mean"]


def client_months(n_clients: int, horizon_days: int) -> float:
    """The client-months a run's costs are divided by."""
    return n_clients * horizon_days / 30.4375


def _row(model: str, part: str, group: str, base: pd.Series, other: pd.Series, scale: float) -> dict:
    d = (other - base) / scale
    mean, lo, hi, n = mean_ci(d)
    return {
        "model": model,
        "part": part,
        "group": group,
        "diff_mean": mean,
        "ci_low": lo,
        "ci_high": hi,
        "n": n,
        "base_mean": float(base.mean() / scale) if len(base) else math.nan,
        "model_mean": float(other.mean() / scale) if len(other) else math.nan,
    }


def cost_bridge(costs: pd.DataFrame, compare: list[str], scale: float) -> pd.DataFrame:
    """Per later model of ``compare``: one row per cost component, then ``assumed``,
    ``simulated`` and ``total`` rows (SEK per client-month; ``scale``: the client-months), each
    difference to the first model paired by replication. ``costs`` is the run's costs table
    (replication, model, component, sek)."""
    if costs.empty or len(compare) < 2 or scale <= 0:
        return pd.DataFrame(columns=BRIDGE_COLUMNS)
    wide = costs.pivot_table(index="replication", columns=["model", "component"], values="sek", aggfunc="sum")
    base = compare[0]
    rows = []
    for other in compare[1:]:

        def part(m: str, comps: tuple[str, ...], wide: pd.DataFrame = wide) -> pd.Series:
            cols = [(m, c) for c in comps if (m, c) in wide.columns]
            return wide[cols].sum(axis=1) if cols else pd.Series(0.0, index=wide.index)

        for group, comps in GROUPS.items():
            for c in comps:
                rows.append(_row(other, c, group, part(base, (c,)), part(other, (c,)), scale))
        for group, comps in GROUPS.items():
            rows.append(_row(other, group, group, part(base, comps), part(other, comps), scale))
        rows.append(
            _row(other, "total", "total", part(base, COST_COMPONENTS), part(other, COST_COMPONENTS), scale)
        )
    return pd.DataFrame(rows, columns=BRIDGE_COLUMNS)


def simulated_share(bridge: pd.DataFrame, model: str) -> float:
    """The simulated part of ``model``'s total cost difference, as a share of it (NaN when the
    total is zero); it may lie outside [0, 1] when the two parts pull opposite ways."""
    b = bridge[bridge["model"] == model].set_index("part")["diff_mean"]
    if "total" not in b or not b["total"]:
        return math.nan
    return float(b["simulated"] / b["total"])
