"""Replications of a side-by-side comparison (the STARS ``multiple_replications`` pattern).

One replication builds one world and runs every compared model on it; the world's
keyed random streams make the models see identical clients, needs, alarms,
travel noise and base absences. Replications run serially or in parallel
processes and give identical results either way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed, effective_n_jobs

from sim.config.reads import ALWAYS, Reads, run_is
from sim.config.schema import RunConfig
from sim.config.schema_models import ModelConfig
from sim.engine.policy_api import Switch
from sim.engine.records import Sink
from sim.engine.simulate import ModelRun
from sim.metrics import METRIC_COLUMNS, RunFacts, compute_metrics
from sim.metrics.bridge import client_months, cost_bridge
from sim.policies import make_policy
from sim.spool import ModelSpool, read_model
from sim.stats import mean_ci, paired_differences, summarise
from sim.world.build import World, build_world

EVENT_TABLES = ("visits", "shifts", "alarms", "staff_days", "activities")

# Below this much simulated work (clients x simulated days x compared models, over all tasks),
# starting worker processes costs more than it saves: each imports the package and its
# libraries (about 3 s of CPU on the 2-core test machine) before it simulates anything. So
# "all cores" (n_jobs=-1) runs a classroom-size run serially; an explicit number of processes
# is always honoured, and the tables are identical either way.
SERIAL_BELOW_CLIENT_DAYS = 1500


def client_days(run: RunConfig) -> int:
    """Clients x simulated days (warm-up included) x compared models of one replication: the
    work one replication simulates, for choosing how many processes."""
    clients = sum(d.n_clients for d in run.scenario.districts.values())
    return clients * (run.warmup_days + run.horizon_days) * max(1, len(run.compare))


def processes(requested: int, n_tasks: int, work_per_task: int) -> int:
    """How many processes to run ``n_tasks`` tasks of ``work_per_task`` client-days in:
    ``requested`` (-1: all cores, or one when the whole is too small to pay for starting them)."""
    jobs = min(effective_n_jobs(requested), n_tasks)
    if requested == -1 and work_per_task * n_tasks < SERIAL_BELOW_CLIENT_DAYS:
        return 1
    return max(1, jobs)


# The config keys the replications read (issue 25, no silent settings: sim/config/reads.py).
READS = Reads(
    "the replications (sim/experiment.py)",
    (
        "compare",
        "replications",
        "horizon_days",
        "warmup_days",
        "n_jobs",
        "district_jobs",
        "models.*.capacity_factor",
        "output.record_activities",
        "precision.metric",
        "scenario.districts.*.n_clients",
        "data.dir",
    ),
    ALWAYS,
)
PRECISION_READS = Reads(
    "the precision rule (sim/experiment.py)",
    ("precision.rel_half_width", "precision.max_replications", "precision.batch"),
    run_is("precision.metric", lambda v: v is not None, "precision.metric is set"),
)


@dataclass
class Results:
    """Tables of a comparison. Event tables carry ``replication`` and ``model`` columns."""

    metrics: pd.DataFrame  # replication, model, metric, value
    costs: pd.DataFrame  # replication, model, component, sek
    summary: pd.DataFrame  # model, metric, mean, ci_low, ci_high, n
    comparison: pd.DataFrame  # metric, diff_mean, ci_low, ci_high, n (later model − first)
    events: dict[str, pd.DataFrame] = field(default_factory=dict)
    # a unit's own plan on paper, from its files (data.dir): figure, value, unit, description
    plan_audit: pd.DataFrame = field(default_factory=pd.DataFrame)
    # the cost difference split into assumed overhead and what was simulated (sim.metrics.bridge)
    cost_bridge: pd.DataFrame = field(default_factory=pd.DataFrame)
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
    districts: list[int] | None = None,
    switches: Sequence[Switch] = (),
) -> ModelRun:
    """The engine set up to run delivery model ``cfg`` (named ``name``) on ``world``, with the
    policies of :mod:`sim.policies` (the engine itself imports none)."""
    return ModelRun(
        world,
        name,
        cfg,
        make_policy,
        record_activities=record_activities,
        on_day=on_day,
        sink=sink,
        districts=districts,
        switches=switches,
    )


# progress of a serial run: (replication, model, simulated day) as each day starts
OnDay = Callable[[int, str, int], None]


def district_groups(world: World, jobs: int) -> list[list[int]]:
    """The world's districts shared among up to ``jobs`` processes with similar numbers of
    clients (each district, largest first, to the least loaded process)."""
    k = max(1, min(jobs, len(world.districts)))
    load = [0] * k
    groups: list[list[int]] = [[] for _ in range(k)]
    for d in sorted(world.districts, key=lambda d: (-len(d.clients), d.index)):
        g = load.index(min(load))
        groups[g].append(d.index)
        load[g] += len(d.clients)
    return [sorted(g) for g in groups if g]


def _by_district(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    # districts are independent, so a run's rows are given district by district, each in
    # event order: the same tables whether the districts ran together or apart
    return {k: df.sort_values("district", kind="stable", ignore_index=True) for k, df in frames.items()}


def _simulate(
    world: World,
    run: RunConfig,
    name: str,
    position: int,
    districts: list[int] | None,
    keep_events: bool,
    spool: Path | None,
    on_day: Callable[[int], None] | None = None,
) -> tuple[dict[str, pd.DataFrame], int]:
    """Model ``name`` on some districts (None: all) of ``world``: (its event tables, district
    by district — none when streamed to ``spool`` — and the number of units it organised)."""
    streamed = None if spool is None else ModelSpool(spool, world.replication, name, position)
    mr = model_run(
        world,
        name,
        run.models[name],
        record_activities=keep_events and run.output.record_activities,
        on_day=on_day,
        sink=None if streamed is None else streamed.write,
        districts=districts,
    )
    frames = mr.run()
    if streamed is not None:
        streamed.close()
    return (_by_district(frames) if len(mr.districts) > 1 else frames), len(mr.org.units)


def _simulate_apart(
    run: RunConfig,
    replication: int,
    name: str,
    position: int,
    districts: list[int],
    keep_events: bool,
    spool: Path | None,
) -> tuple[dict[str, pd.DataFrame], int]:
    # in a worker process: the world is rebuilt (its draws are keyed) rather than shipped
    world = build_world(run, replication, run.models[name].capacity_factor)
    return _simulate(world, run, name, position, districts, keep_events, spool)


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
    With ``run.district_jobs`` > 1, each model's districts are shared among that many
    processes; the tables are the same either way.
    """
    # one world per staffing level: a model with its own capacity_factor gets its own staff on
    # the same clients, needs and alarms (every draw is keyed by entity)
    worlds: dict[float, World] = {}
    spool = spool if keep_events else None
    metric_rows, cost_rows = [], []
    events: dict[str, list[pd.DataFrame]] = {k: [] for k in EVENT_TABLES}
    for position, name in enumerate(run.compare):
        cfg = run.models[name]
        if cfg.capacity_factor not in worlds:
            worlds[cfg.capacity_factor] = build_world(run, replication, cfg.capacity_factor)
        world = worlds[cfg.capacity_factor]
        groups = district_groups(world, run.district_jobs)
        if len(groups) == 1:
            tell = None if on_day is None else functools.partial(on_day, replication, name)
            frames, n_units = _simulate(world, run, name, position, None, keep_events, spool, tell)
        else:
            done = Parallel(n_jobs=len(groups))(
                delayed(_simulate_apart)(run, replication, name, position, g, keep_events, spool)
                for g in groups
            )
            n_units = done[0][1]
            frames = (
                {} if spool else _by_district({k: pd.concat([f[k] for f, _ in done]) for k in EVENT_TABLES})
            )
        if spool is not None:
            frames = {
                k: read_model(spool, k, replication, position, cols) for k, cols in METRIC_COLUMNS.items()
            }
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
        if keep_events and spool is None:
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
    jobs = processes(jobs, len(reps), client_days(run))
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
    if run.district_jobs > 1:  # the cores go to the districts of one replication at a time
        jobs = 1
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
    return Results(
        metrics=metrics,
        costs=costs,
        summary=summary,
        comparison=comparison,
        events=events,
        plan_audit=plan_audit_table(run),
        cost_bridge=cost_bridge(costs, list(run.compare), client_months(n_clients(run), run.horizon_days)),
    )


def n_clients(run: RunConfig) -> int:
    """Clients of the run's scenario (the sum over its districts)."""
    return sum(d.n_clients for d in run.scenario.districts.values())


def plan_audit_table(run: RunConfig) -> pd.DataFrame:
    """The figures of a unit's own plan straight from its files (empty without a plan)."""
    if run.data.dir is None:
        return pd.DataFrame()
    from sim.data.audit import plan_audit
    from sim.world.imported import unit_of

    audit = plan_audit(unit_of(run))
    return audit.table() if audit is not None else pd.DataFrame()
