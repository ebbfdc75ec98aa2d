"""Equal budget: the staffing at which one delivery model costs what another does (issue 12).

A model's staffing is its ``capacity_factor`` (``models.<name>.capacity_factor``): its staff
relative to the scenario's, sized by the same rule. Every random draw is keyed by entity, so
a different staffing changes nobody's needs, alarms or absences draws — only who is there to
meet them — and the difference between two models within a replication stays paired.

The search is a root finding on replicated paired means: at staffing ``f`` the searched
model runs all replications, and the gap is the mean over replications of (its cost − the
reference model's cost in the same replication), relative to the reference's mean cost.
``scipy.optimize.brentq`` brackets the root and stops early as soon as a level's gap is
within the tolerance. Staff come in whole positions, so the gap is a step function of
``f``; when no level within the tolerance exists, the nearest levels on either side are
reported instead of a made-up answer.

With ``goal=quality``, each compared model's staffing is searched so that its mean
``quality_metric`` reaches ``quality_target`` (e.g. unmet need per client-week), and the
cost of each at that quality is compared.

At the staffing found, the costs per component of the chosen evaluation are kept and split into
the cost bridge (:func:`sim.metrics.bridge.cost_bridge`): how much of the remaining cost
difference the simulation produced and how much is organisational overhead set by assumption.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim.config.reads import Reads, run_equals
from sim.config.schema import RunConfig
from sim.experiment import multiple_replications, n_clients
from sim.io import DONE_MARKER
from sim.metrics.bridge import client_months, cost_bridge
from sim.stats import mean_ci, paired_differences, summarise

# The config keys the equal-budget experiment reads (issue 25: sim/config/reads.py).
READS = Reads(
    "the equal-budget experiment (sim/equal_budget.py)",
    ("equal_budget.*",),
    run_equals("equal_budget.enabled", True),
)


@dataclass(frozen=True)
class Evaluation:
    """One staffing level tried: the mean gap to the target over the replications."""

    factor: float  # the searched model's capacity_factor
    value: float  # mean of the searched metric at this level
    gap: float  # mean (value − target), paired by replication where the target is a model
    ci_low: float  # 95% CI of the gap
    ci_high: float
    n: int
    scale: float  # what the gap is relative to (the target's mean)
    seconds: float

    @property
    def rel_gap(self) -> float:
        """The gap as a share of the target."""
        return self.gap / self.scale


@dataclass
class Search:
    """The outcome of one root finding."""

    model: str
    status: str  # converged | no_level_within_tolerance | not_in_bracket
    message: str
    evaluations: list[Evaluation] = field(default_factory=list)
    best: Evaluation | None = None

    @property
    def found(self) -> bool:
        """Whether a staffing level within the tolerance was found."""
        return self.status == "converged"


def wide_ci(e: Evaluation, tolerance: float) -> bool:
    """Whether a level's 95% interval is wider than ±``tolerance`` of the target (or missing)."""
    half = (e.ci_high - e.ci_low) / 2 / e.scale
    return not np.isfinite(half) or half > tolerance


class _Within(Exception):
    """A level within the tolerance: ends the search (brentq has no stopping callback)."""

    def __init__(self, e: Evaluation) -> None:
        self.evaluation = e


class _Budget(Exception):
    """``max_evaluations`` levels tried."""


def find_level(
    evaluate: Callable[[float], Evaluation],
    bracket: tuple[float, float],
    tolerance: float,
    max_evaluations: int,
    model: str = "",
    xtol: float = 1e-3,
) -> Search:
    """The level in ``bracket`` where ``evaluate(level).rel_gap`` is within ±``tolerance``.

    Both ends are evaluated first; when the gap has the same sign at both, no level in the
    bracket can close it and the search says so. Otherwise Brent's method narrows the
    bracket, stopping at the first level within the tolerance, when the bracket is narrower
    than ``xtol`` (the gap jumps there: staff come in whole positions) or after
    ``max_evaluations`` levels.
    """
    # imported here: scipy.optimize adds about half a second to every process that imports sim
    from scipy.optimize import brentq

    tried: dict[float, Evaluation] = {}

    def gap(x: float) -> float:
        if x not in tried:
            if len(tried) >= max_evaluations:
                raise _Budget
            tried[x] = evaluate(x)
        e = tried[x]
        if abs(e.rel_gap) <= tolerance:
            raise _Within(e)
        return e.rel_gap

    lo, hi = bracket
    search = Search(model=model, status="", message="")
    try:
        g_lo, g_hi = gap(lo), gap(hi)
        if np.sign(g_lo) == np.sign(g_hi):
            search.status = "not_in_bracket"
            search.message = (
                f"no staffing of {model} in [{lo:g}, {hi:g}] reaches the target: the gap is "
                f"{g_lo:+.1%} at {lo:g} and {g_hi:+.1%} at {hi:g}; widen equal_budget.bracket"
            )
        else:
            brentq(gap, lo, hi, xtol=xtol, maxiter=max_evaluations, full_output=True, disp=False)
            search.status = "no_level_within_tolerance"
    except _Within as w:
        search.status = "converged"
        search.best = w.evaluation
    except _Budget:
        search.status = "no_level_within_tolerance"
    search.evaluations = list(tried.values())
    if search.best is None:
        search.best = min(search.evaluations, key=lambda e: abs(e.rel_gap))
    b = search.best
    if search.status == "converged":
        search.message = (
            f"{model} at capacity_factor {b.factor:.3f}: gap {b.rel_gap:+.2%} "
            f"(95% CI {b.ci_low / b.scale:+.2%} to {b.ci_high / b.scale:+.2%}) after {len(tried)} levels"
        )
        if wide_ci(b, tolerance):
            search.message += "; the interval is wider than the tolerance: add replications"
    elif search.status == "no_level_within_tolerance":
        below = [e for e in search.evaluations if e.rel_gap < 0]
        above = [e for e in search.evaluations if e.rel_gap > 0]
        near = [min(s, key=lambda e: abs(e.rel_gap)) for s in (below, above) if s]
        sides = " and ".join(f"{e.rel_gap:+.2%} at {e.factor:.3f}" for e in near)
        search.message = (
            f"no staffing of {model} within ±{tolerance:.1%} after {len(tried)} levels; the nearest "
            f"give {sides} (staff come in whole positions: a smaller district cannot come closer)"
        )
    return search


def _with_staffing(run: RunConfig, model: str, factor: float) -> RunConfig:
    models = dict(run.models)
    models[model] = dataclasses.replace(models[model], capacity_factor=float(factor))
    return dataclasses.replace(run, models=models, compare=[model])


def model_tables(
    run: RunConfig, model: str, factor: float | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-replication metrics (``replication, model, metric, value``) and costs
    (``replication, model, component, sek``) of ``model`` alone, at its own staffing or at
    ``factor``."""
    one = _with_staffing(run, model, run.models[model].capacity_factor if factor is None else factor)
    res = multiple_replications(one, keep_events=False)
    return res.metrics, res.costs


def model_metrics(run: RunConfig, model: str, factor: float | None = None) -> pd.DataFrame:
    """Per-replication metrics (``replication, model, metric, value``) of ``model`` alone, at
    its own staffing or at ``factor``."""
    return model_tables(run, model, factor)[0]


def _values(metrics: pd.DataFrame, metric: str) -> pd.Series:
    rows = metrics[metrics["metric"] == metric]
    return rows.set_index("replication")["value"].sort_index()


def evaluator(
    run: RunConfig,
    model: str,
    metric: str,
    target: pd.Series | float,
    store: dict[float, pd.DataFrame],
    tell: Callable[[Evaluation], None] | None = None,
    costs: dict[float, pd.DataFrame] | None = None,
) -> Callable[[float], Evaluation]:
    """``evaluate(factor)`` for :func:`find_level`: ``model``'s replications at that staffing,
    ``metric`` against ``target`` — per replication (a Series by replication, paired) or one
    number. Each level's metrics are kept in ``store``, its costs per component in ``costs``."""

    def evaluate(factor: float) -> Evaluation:
        t0 = time.perf_counter()
        metrics, level_costs = model_tables(run, model, factor)
        store[factor] = metrics
        if costs is not None:
            costs[factor] = level_costs
        values = _values(metrics, metric)
        if isinstance(target, pd.Series):
            diff = values - target.reindex(values.index)
            scale = float(target.mean())
        else:
            diff = values - target
            scale = abs(float(target)) or 1.0
        gap, lo, hi, n = mean_ci(diff.to_numpy())
        e = Evaluation(float(factor), float(values.mean()), gap, lo, hi, n, scale, time.perf_counter() - t0)
        if tell is not None:
            tell(e)
        return e

    return evaluate


def evaluations_frame(searches: list[Search]) -> pd.DataFrame:
    """One row per staffing level tried, in the order tried."""
    rows = []
    for s in searches:
        for i, e in enumerate(s.evaluations, 1):
            rows.append(
                {
                    "model": s.model,
                    "evaluation": i,
                    "capacity_factor": e.factor,
                    "value": e.value,
                    "gap": e.gap,
                    "gap_ci_low": e.ci_low,
                    "gap_ci_high": e.ci_high,
                    "rel_gap": e.rel_gap,
                    "scale": e.scale,
                    "n": e.n,
                    "seconds": round(e.seconds, 2),
                    "chosen": s.best is not None and e.factor == s.best.factor,
                }
            )
    return pd.DataFrame(rows)


@dataclass
class EqualBudget:
    """What the equal-budget experiment found, and the tables it writes."""

    searches: list[Search]
    evaluations: pd.DataFrame  # one row per level tried
    metrics: pd.DataFrame  # per replication, each model at its chosen level
    summary: pd.DataFrame  # per model and metric at those levels
    comparison: pd.DataFrame  # paired differences (searched − reference; second − first for quality)
    levels: dict[str, float]  # model -> capacity_factor used
    costs: pd.DataFrame = field(default_factory=pd.DataFrame)  # per replication and component there
    cost_bridge: pd.DataFrame = field(default_factory=pd.DataFrame)  # sim.metrics.bridge at those levels

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by file name, as the run folder holds them."""
        out = {
            "equal_budget_evaluations.csv": self.evaluations,
            "equal_budget_summary.csv": self.summary,
            "equal_budget_comparison.csv": self.comparison,
            "equal_budget_metrics.parquet": self.metrics,
        }
        if not self.costs.empty:
            out["equal_budget_costs.csv"] = self.costs
        if not self.cost_bridge.empty:
            out["equal_budget_cost_bridge.csv"] = self.cost_bridge
        return out


def run_equal_budget(run: RunConfig, tell: Callable[[str, Evaluation], None] | None = None) -> EqualBudget:
    """The search of ``run.equal_budget`` and the comparison at the staffing found;
    ``tell(model, evaluation)`` after every level tried."""
    e = run.equal_budget
    lo, hi = float(e.bracket[0]), float(e.bracket[1])

    def told(model: str) -> Callable[[Evaluation], None] | None:
        return None if tell is None else (lambda ev: tell(model, ev))

    costs: dict[float, pd.DataFrame] = {}
    if e.goal == "equal_cost":
        reference, reference_costs = model_tables(run, e.reference)
        store: dict[float, pd.DataFrame] = {}
        target = _values(reference, e.cost_metric)
        evaluate = evaluator(run, e.model, e.cost_metric, target, store, told(e.model), costs)
        search = find_level(evaluate, (lo, hi), e.tolerance, e.max_evaluations, e.model)
        searches = [search]
        assert search.best is not None
        levels = {e.reference: run.models[e.reference].capacity_factor, e.model: search.best.factor}
        metrics = pd.concat([reference, store[search.best.factor]], ignore_index=True)
        kept = pd.concat([reference_costs, costs[search.best.factor]], ignore_index=True)
        comparison = paired_differences(metrics, e.reference, e.model)
        pair = [e.reference, e.model]
    else:
        searches, parts, cost_parts, levels = [], [], [], {}
        for model in run.compare:
            store, costs = {}, {}
            evaluate = evaluator(run, model, e.quality_metric, e.quality_target, store, told(model), costs)
            search = find_level(evaluate, (lo, hi), e.tolerance, e.max_evaluations, model)
            assert search.best is not None
            searches.append(search)
            levels[model] = search.best.factor
            parts.append(store[search.best.factor])
            cost_parts.append(costs[search.best.factor])
        metrics = pd.concat(parts, ignore_index=True)
        kept = pd.concat(cost_parts, ignore_index=True)
        pair = list(run.compare)
        comparison = (
            paired_differences(metrics, run.compare[0], run.compare[1])
            if len(run.compare) == 2
            else pd.DataFrame(columns=["metric", "diff_mean", "ci_low", "ci_high", "n"])
        )
    return EqualBudget(
        searches=searches,
        evaluations=evaluations_frame(searches),
        metrics=metrics,
        summary=summarise(metrics),
        comparison=comparison,
        levels=levels,
        costs=kept,
        cost_bridge=cost_bridge(kept, pair, client_months(n_clients(run), run.horizon_days)),
    )


def summary_lines(out: EqualBudget) -> list[str]:
    """What the terminal prints after the search: each search's outcome."""
    return [f"[equal budget] {s.message}" for s in out.searches]


def read_equal_budget(folder: Path) -> EqualBudget:
    """The result of a finished equal-budget run folder (to rebuild its report)."""
    info = json.loads((folder / DONE_MARKER).read_text(encoding="utf-8"))
    evaluations = pd.read_csv(folder / "equal_budget_evaluations.csv")
    searches = []
    for model, found in info["equal_budget"].items():
        rows = evaluations[evaluations["model"] == model].sort_values("evaluation")
        tried = [
            Evaluation(
                float(r["capacity_factor"]),
                float(r["value"]),
                float(r["gap"]),
                float(r["gap_ci_low"]),
                float(r["gap_ci_high"]),
                int(r["n"]),
                float(r["scale"]) if "scale" in r else abs(float(r["value"]) - float(r["gap"])),
                float(r["seconds"]),
            )
            for r in rows.to_dict("records")
        ]
        best = next((e for e in tried if e.factor == found["capacity_factor"]), None)
        searches.append(Search(model, str(found["status"]), str(found["message"]), tried, best))
    return EqualBudget(
        searches=searches,
        evaluations=evaluations,
        metrics=pd.read_parquet(folder / "equal_budget_metrics.parquet"),
        summary=pd.read_csv(folder / "equal_budget_summary.csv"),
        comparison=pd.read_csv(folder / "equal_budget_comparison.csv"),
        levels={s.model: s.best.factor for s in searches if s.best is not None},
        costs=_read_if(folder / "equal_budget_costs.csv"),
        cost_bridge=_read_if(folder / "equal_budget_cost_bridge.csv"),
    )


def _read_if(path: Path) -> pd.DataFrame:
    """A table of a run folder, or an empty one (a folder written before it was kept)."""
    return pd.read_csv(path) if path.exists() else pd.DataFrame()
