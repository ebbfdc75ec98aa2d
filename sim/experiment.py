"""Replications of a side-by-side comparison (the STARS ``multiple_replications`` pattern).

One replication builds one world and runs every compared model on it; the world's
keyed random streams make the models see identical clients, needs, alarms,
travel noise and base absences. Replications run serially or in parallel
processes and give identical results either way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed, effective_n_jobs

from sim.config.schema import RunConfig
from sim.config.schema_models import ModelConfig
from sim.engine.records import Sink
from sim.engine.simulate import ModelRun
from sim.metrics import METRIC_TABLES, RunFacts, compute_metrics
from sim.policies import make_policy
from sim.spool import ModelSpool
from sim.stats import mean_ci, paired_differences, summarise
from sim.world.build import World, build_world

EVENT_TABLES = ("visits", "shifts", "alarms", "staff_days", "activities")


@dataclass
class Results:
    """Tables of a comparison. Event tables carry ``replication`` and ``model`` columns."""

    metrics: pd.DataFrame  # replication, model, metric, value
    costs: pd.DataFrame  # replication, model, component, sek
    summary: pd.DataFrame  # model, metric, mean, ci_low, ci_high, n
    comparison: pd.DataFrame  # metric, diff_mean, ci_low, ci_high, n (later model − first)
    events: dict[str, pd.DataFrame] = field(default_factory=dict)
    # when the event tables were streamed to disk instead (sim.spool), the folder of their parts
    spool: Path | None = None

    @property
    def visits(self) -> pd.DataFrame:
        """One row per planned visit."""
        return self.events.get("visits", pd.DataFrame())

    @property
    def shifts(self) -> pd.DataFrame:
        """One row per caregiver shift."""
        return self.events.get("shifts", pd.DataFrame())


def model_run(
    world: World,
    name: str,
    cfg: ModelConfig,
    record_activities: bool = True,
    on_day: Callable[[int], None] | None = None,
    sink: Sink | None = None,
) -> ModelRun:
    """The engine set up to run delivery model ``cfg`` (named ``name``) on ``world``, with the
    policies of :mod:`sim.policies` (the engine itself imports none)."""
    return ModelRun(
        world, name, cfg, make_policy, record_activities=record_activities, on_day=on_day, sink=sink
    )


# progress of a serial run: (replication, model, simulated day) as each day starts
OnDay = Callable[[int, str, int], None]


def run_replication(
    run: RunConfig,
    replication: int,
    keep_events: bool = True,
    on_day: OnDay | None = None,
    spool: Path | None = None,
) -> dict[str, pd.DataFrame]:
    """Simulate every compared model on replication ``replication``'s world.

    With ``spool`` (and ``keep_events``), the event tables are streamed into part files
    there (:mod:`sim.spool`) and not returned; the metrics are computed from those files.
    """
    world = build_world(run, replication)
    metric_rows, cost_rows = [], []
    events: dict[str, list[pd.DataFrame]] = {k: [] for k in EVENT_TABLES}
    for position, name in enumerate(run.compare):
        cfg = run.models[name]
        tell = None if on_day is None else functools.partial(on_day, replication, name)
        streamed = ModelSpool(spool, replication, name, position) if spool and keep_events else None
        mr = model_run(
            world,
            name,
            cfg,
            record_activities=keep_events and run.output.record_activities,
            on_day=tell,
            sink=None if streamed is None else streamed.write,
        )
        frames = mr.run()
        n_units = len(mr.org.units)
        if streamed is not None:
            del mr  # the engine's state goes before the tables are read back
            streamed.close()
            frames = {k: streamed.read(k) for k in METRIC_TABLES}
        facts = RunFacts(
            warmup_days=run.warmup_days,
            horizon_days=run.horizon_days,
            n_clients=len(world.clients),
            n_positions=world.n_slots,
            n_units=n_units,
            n_districts=len(world.districts),
        )
        values, costs = compute_metrics(frames, run.scenario, cfg, facts)
        metric_rows += [
            {"replication": replication, "model": name, "metric": k, "value": v} for k, v in values.items()
        ]
        cost_rows += [
            {"replication": replication, "model": name, "component": k, "sek": v} for k, v in costs.items()
        ]
        if keep_events and streamed is None:
            for k in EVENT_TABLES:
                df = frames[k]
                df.insert(0, "model", name)
                df.insert(0, "replication", replication)
                events[k].append(df)
    out = {"metrics": pd.DataFrame(metric_rows), "costs": pd.DataFrame(cost_rows)}
    for k, parts in events.items():
        if parts:
            out[k] = pd.concat(parts, ignore_index=True)
    return out


def _run_many(
    run: RunConfig,
    reps: range,
    jobs: int,
    keep_events: bool,
    progress: Callable[[int, int], None] | None,
    total: int,
    on_day: OnDay | None = None,
    spool: Path | None = None,
) -> list[dict[str, pd.DataFrame]]:
    jobs = min(effective_n_jobs(jobs), len(reps))
    parts = []
    if jobs <= 1:
        for r in reps:
            parts.append(run_replication(run, r, keep_events, on_day, spool))
            if progress:
                progress(r + 1, total)
        return parts
    # results come back in replication order as they finish, so progress can follow them
    done = Parallel(n_jobs=jobs, return_as="generator")(
        delayed(run_replication)(run, r, keep_events, None, spool) for r in reps
    )
    for r, part in zip(reps, done, strict=True):
        parts.append(part)
        if progress:
            progress(r + 1, total)
    return parts


def precise_enough(run: RunConfig, metrics: pd.DataFrame) -> bool:
    """Whether every compared model's CI half-width on ``precision.metric`` is within target."""
    p = run.precision
    rows = metrics[metrics["metric"] == p.metric]
    for _, g in rows.groupby("model"):
        mean, lo, hi, n = mean_ci(g["value"])
        if n < 2 or not np.isfinite(hi) or (hi - lo) / 2 > p.rel_half_width * abs(mean):
            return False
    return True


def multiple_replications(
    run: RunConfig,
    n_jobs: int | None = None,
    keep_events: bool = True,
    progress: Callable[[int, int], None] | None = None,
    on_day: OnDay | None = None,
    spool: Path | None = None,
) -> Results:
    """Run the replications (in ``n_jobs`` processes) and summarise them.

    ``progress(done, total)`` is told after each replication (each batch when parallel);
    ``on_day(replication, model, day)`` as each simulated day starts (serial runs only).
    With ``spool``, the event tables are streamed to part files in that folder
    (:mod:`sim.spool`) instead of held: ``Results.events`` stays empty and
    ``Results.spool`` names the folder.

    With ``precision.metric`` set, start with ``replications`` and add ``precision.batch``
    at a time until the metric's relative CI half-width reaches the target or the cap.
    Replication r always uses the same random streams, so results do not depend on
    how many processes ran them.
    """
    jobs = run.n_jobs if n_jobs is None else n_jobs
    target = run.precision.max_replications if run.precision.metric else run.replications
    parts = _run_many(run, range(run.replications), jobs, keep_events, progress, target, on_day, spool)
    while run.precision.metric and len(parts) < target:
        metrics = pd.concat([p["metrics"] for p in parts], ignore_index=True)
        if precise_enough(run, metrics):
            break
        more = range(len(parts), min(target, len(parts) + run.precision.batch))
        parts += _run_many(run, more, jobs, keep_events, progress, target, on_day, spool)
    results = assemble(run, parts)
    results.spool = spool if keep_events else None
    return results


def assemble(run: RunConfig, parts: list[dict[str, pd.DataFrame]]) -> Results:
    """Concatenate replication outputs (in replication order) and summarise."""
    parts = sorted(parts, key=lambda p: int(p["metrics"]["replication"].iloc[0]))
    metrics = pd.concat([p["metrics"] for p in parts], ignore_index=True)
    costs = pd.concat([p["costs"] for p in parts], ignore_index=True)
    events = {
        k: pd.concat([p[k] for p in parts], ignore_index=True)
        for k in EVENT_TABLES
        if all(k in p for p in parts)
    }
    summary = summarise(metrics)
    base = run.compare[0]
    comparison = (
        pd.concat(
            [paired_differences(metrics, base, other).assign(model=other) for other in run.compare[1:]],
            ignore_index=True,
        )
        if len(run.compare) > 1
        else pd.DataFrame(columns=["metric", "diff_mean", "ci_low", "ci_high", "n"])
    )
    if len(run.compare) == 2 and "model" in comparison:
        comparison = comparison.drop(columns="model")
    return Results(metrics=metrics, costs=costs, summary=summary, comparison=comparison, events=events)
