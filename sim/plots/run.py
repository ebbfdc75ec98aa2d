"""All plots of one finished comparison, from its tables (``Results`` or a run folder).

from sim.plots.run import plot_run
plot_run(sim.io.read_results(run_dir), run_config, run_dir / "plots", lang="sv")
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.config.schema import RunConfig
from sim.experiment import Results
from sim.metrics.bridge import client_months as bridge_client_months
from sim.metrics.bridge import cost_bridge
from sim.plots.bridge import plot_cost_bridge
from sim.plots.common import labels_for, measured
from sim.plots.continuity import plot_continuity
from sim.plots.costs import client_months, plot_costs
from sim.plots.headline import plot_headline, plot_relative_differences
from sim.plots.stress import plot_stress
from sim.plots.timeuse import plot_time_use
from sim.world.imported import REPLAY


def as_tables(results_or_tables: Results | dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables of a comparison by name (summary, comparison, metrics, costs, visits …)."""
    if isinstance(results_or_tables, Results):
        r = results_or_tables
        return {
            "summary": r.summary,
            "comparison": r.comparison,
            "metrics": r.metrics,
            "costs": r.costs,
            **({"plan_audit": r.plan_audit} if not r.plan_audit.empty else {}),
            **({"cost_bridge": r.cost_bridge} if not r.cost_bridge.empty else {}),
            **r.events,
        }
    return dict(results_or_tables)


def n_clients(run: RunConfig) -> int:
    """Clients of the scenario (the sum over its districts)."""
    return sum(d.n_clients for d in run.scenario.districts.values())


def run_bridge(t: dict[str, pd.DataFrame], run: RunConfig) -> tuple[pd.DataFrame, list[str]]:
    """The run's cost bridge with the delivery models first (a unit's replayed plan, not a
    delivery model, last) and that order: the stored ``cost_bridge`` when its reference is the
    first delivery model, else computed from the costs (:func:`sim.metrics.bridge.cost_bridge`)."""
    order = [m for m in run.compare if m != REPLAY] + [m for m in run.compare if m == REPLAY]
    stored = t.get("cost_bridge", pd.DataFrame())
    if not stored.empty and next(iter(run.compare)) == order[0]:
        return stored, order
    costs = t.get("costs", pd.DataFrame())
    if costs.empty or len(order) < 2:
        return pd.DataFrame(), order
    return cost_bridge(costs, order, bridge_client_months(n_clients(run), run.horizon_days)), order


def _flagged(
    t: dict[str, pd.DataFrame], run: RunConfig, models: list[str], labels: dict[str, str]
) -> set[str]:
    """Metrics with an implausible figure in the two models compared (no verdict is drawn)."""
    from sim.plausibility import plausibility_flags
    from sim.report.plausible import flagged_metrics
    from sim.tables import paper_figures

    paper = paper_figures(t.get("plan_audit", pd.DataFrame())) or None
    return flagged_metrics(plausibility_flags(t["summary"], run, paper), models[:2])


def plot_run(
    results_or_tables: Results | dict[str, pd.DataFrame],
    run: RunConfig,
    out_dir: Path,
    lang: str = "en",
    day_in_life: bool = True,
) -> dict[str, list[Path]]:
    """Draw every run plot into ``out_dir`` (PNG + SVG); returns the files by plot name.

    Plots whose tables are missing (event tables not written) are skipped.
    """
    t = as_tables(results_or_tables)
    models = list(run.compare)
    labels = {m: run.models[m].label for m in models if m in run.models}
    w, h = run.warmup_days, run.horizon_days
    out: dict[str, list[Path]] = {}
    empty = pd.DataFrame()
    summary, comparison = t.get("summary", empty), t.get("comparison", empty)
    if not summary.empty:
        flagged = _flagged(t, run, models, labels)
        out["headline"] = plot_headline(summary, comparison, models, out_dir, lang, labels, flagged=flagged)
        if len(models) > 1 and not comparison.empty:
            out["differences"] = plot_relative_differences(
                summary, comparison, models, out_dir, lang, labels, flagged=flagged
            )
    costs = t.get("costs", empty)
    if not costs.empty:
        out["costs"] = plot_costs(costs, models, out_dir, client_months(n_clients(run), h), lang, labels)
        bridge, order = run_bridge(t, run)
        if (
            len(order) >= 2
            and order[1] != REPLAY
            and not bridge.empty
            and (bridge["model"] == order[1]).any()
        ):
            names = labels_for(order, lang, labels)
            out["cost_bridge"] = plot_cost_bridge(bridge, order[0], order[1], out_dir, lang, names)
    visits, shifts = t.get("visits", empty), t.get("shifts", empty)
    if not visits.empty:
        out["continuity"] = plot_continuity(visits, models, out_dir, w, h, run.scenario.metrics, lang, labels)
    if not shifts.empty:
        out["time_use"] = plot_time_use(measured(shifts, w, h), models, out_dir, lang, labels)
        staff_days = t.get("staff_days", empty)
        if not staff_days.empty:
            out["stress"] = plot_stress(shifts, staff_days, models, out_dir, w, lang, labels)
    if day_in_life and not t.get("activities", empty).empty and not visits.empty:
        from sim.teaching.gantt import plot_day_in_life
        from sim.teaching.select import choose_day

        choice = choose_day(t, models, w, h)
        out["day_in_life"] = plot_day_in_life(t, choice, out_dir, lang, labels=labels, run=run)
    return out
