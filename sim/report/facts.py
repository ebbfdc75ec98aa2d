"""Numbers behind the report's explanations, per model, from a run's tables.

Headline values come from ``summary`` (means over replications); the mechanism
figures (extra time of unfamiliar caregivers, allotted vs. needed time, substitutes,
handovers) are computed here from the event tables of the measured days, per
replication, then averaged.
"""

from __future__ import annotations

import pandas as pd

from sim.config.schema import RunConfig
from sim.plots.common import measured
from sim.plots.costs import client_months, cost_per_client_month
from sim.plots.run import n_clients


def _per_rep_mean(df: pd.DataFrame, f: str) -> pd.Series:
    """Mean over replications of a per-(replication, model) Series named ``f``."""
    return df.groupby(level="model", sort=False)[f].mean() if not df.empty else pd.Series(dtype=float)


def visit_facts(visits: pd.DataFrame) -> pd.DataFrame:
    """Per model: fam_extra_min, fam_share, allot_cover, handed_share (performed visits)."""
    v = visits[~visits["missed"].astype(bool)]
    if v.empty:
        return pd.DataFrame()
    keys = ["replication", "model"] if "replication" in v else ["model"]
    v = v.assign(fam=v["need_min"] - v["base_need_min"], handed=v["handed_over"].astype(float))
    g = v.groupby(keys, sort=False)
    per = pd.DataFrame(
        {
            "fam_extra_min": g["fam"].mean(),
            "fam_share": g["fam"].sum() / g["need_min"].sum(),
            "allot_cover": g["allotted_min"].sum() / g["need_min"].sum(),
            "handed_share": g["handed"].mean(),
        }
    )
    return pd.DataFrame({c: _per_rep_mean(per, c) for c in per.columns})


def shift_facts(shifts: pd.DataFrame) -> pd.DataFrame:
    """Per model: substitute_share (share of shifts worked by hourly substitutes)."""
    if shifts.empty:
        return pd.DataFrame()
    keys = ["replication", "model"] if "replication" in shifts else ["model"]
    per = (
        shifts.assign(sub=(shifts["kind"] == "substitute").astype(float))
        .groupby(keys, sort=False)[["sub"]]
        .mean()
    )
    return pd.DataFrame({"substitute_share": _per_rep_mean(per, "sub")})


def model_facts(tables: dict[str, pd.DataFrame], run: RunConfig) -> dict[str, dict[str, float]]:
    """``{model: {name: value}}``: the summary means plus the mechanism figures above."""
    out: dict[str, dict[str, float]] = {m: {} for m in run.compare}
    summary = tables.get("summary", pd.DataFrame())
    for r in summary.to_dict("records"):
        if r["model"] in out:
            out[str(r["model"])][str(r["metric"])] = float(r["mean"])
    w, h = run.warmup_days, run.horizon_days
    visits, shifts = tables.get("visits", pd.DataFrame()), tables.get("shifts", pd.DataFrame())
    for frame in (
        visit_facts(measured(visits, w, h)) if not visits.empty else pd.DataFrame(),
        shift_facts(measured(shifts, w, h)) if not shifts.empty else pd.DataFrame(),
    ):
        for model, row in frame.iterrows():
            if model in out:
                out[str(model)].update({str(k): float(x) for k, x in row.items()})
    return out


def cost_components(tables: dict[str, pd.DataFrame], run: RunConfig) -> pd.DataFrame:
    """``component`` × model table of SEK per client-month (mean over replications)."""
    costs = tables.get("costs", pd.DataFrame())
    if costs.empty:
        return pd.DataFrame()
    data = cost_per_client_month(costs, client_months(n_clients(run), run.horizon_days))
    return data.pivot(index="component", columns="model", values="sek").reindex(data["component"].unique())


def staff_positions(tables: dict[str, pd.DataFrame]) -> float:
    """Rota positions of the run (mean over replications), from staff_days; NaN without it."""
    sd = tables.get("staff_days", pd.DataFrame())
    if sd.empty:
        return float("nan")
    keys = ["replication", "model"] if "replication" in sd else ["model"]
    return float(sd.groupby(keys)["slot_id"].nunique().mean())
