"""A rough estimate of a run's time and memory, printed before a run that will take long.

The constants come from runs measured on the project's 2-core development machine
(December 2026, ``n_jobs=1``, ``report.enabled=false``; wall time from ``run_info.json``,
peak memory from ``/usr/bin/time -v``):

* default scenario (150 clients), 1 replication of 56 and of 112 days, 2 models:
  5.2 s and 10.2 s, so 3.0e-4 s per client-day and model; peak memory 370-390 MB;
* ``scenario=municipality_2000`` (2,000 clients in 12 districts), 1 replication of 21 days:
  51.5 s, so 6.1e-4 s per client-day and model; peak memory 590 MB.

``SECONDS_PER_CLIENT_DAY`` lies between the two; the estimate is meant to tell minutes from
hours, not to be exact. Memory hardly grows with the days (event tables are spooled to disk).
"""

from __future__ import annotations

import math
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.config.schema import RunConfig

SECONDS_PER_CLIENT_DAY = 4.5e-4  # per client, simulated day and compared model (see above)
STARTUP_S = 4.0  # imports, world building and writing the tables
PROCESS_GB = 0.35  # one worker process with its imports
GB_PER_CLIENT = 1.2e-4  # (590 MB - 370 MB) / (2,000 - 150) clients
LONG_S = 120.0  # print the estimate before runs longer than this
# staffing levels an equal-budget search typically tries: both bracket ends and 2-4 of
# Brent's steps (5 in the default search of docs/equal_budget.md); max_evaluations caps it
TYPICAL_LEVELS = 6


def cores() -> int:
    """CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _size(run: RunConfig) -> tuple[int, int, int, int]:
    """(clients, days, replications, model runs) the run simulates (an upper bound with
    precision; an equal-budget search's typical number of levels)."""
    clients = sum(d.n_clients for d in run.scenario.districts.values())
    days = run.warmup_days + run.horizon_days
    reps = run.precision.max_replications if run.precision.metric else run.replications
    models = len(run.transition.arms) if run.transition.enabled else len(run.compare)
    if run.equal_budget.enabled:  # every staffing level tried is a run of its own model
        e = run.equal_budget
        levels = min(e.max_evaluations, TYPICAL_LEVELS)
        models = 1 + levels if e.goal == "equal_cost" else len(run.compare) * levels
    return clients, days, reps, models


def estimate(run: RunConfig, parallel: bool = True) -> tuple[float, float, str]:
    """(seconds, GB, what) for one run; ``parallel`` lets replications share the cores."""
    clients, days, reps, models = _size(run)
    workers = 1
    if parallel:
        workers = max(1, min(reps, cores() if run.n_jobs == -1 else run.n_jobs))
    per_rep = SECONDS_PER_CLIENT_DAY * clients * days * models
    seconds = STARTUP_S + per_rep * math.ceil(reps / workers)
    gb = workers * (PROCESS_GB + GB_PER_CLIENT * clients)
    what = f"{clients:,} clients × {days} days × {reps} replications × {models} model runs"
    return seconds, gb, what


def estimate_line(runs: list[RunConfig], points: int | None = None) -> str | None:
    """The line to print before a long run (None when it is short). ``runs`` are the points of
    a multirun (``points`` of them in all, if only some were checked), which share the cores."""
    if not runs:
        return None
    if len(runs) == 1 and points is None:
        seconds, gb, what = estimate(runs[0])
    else:
        each = [estimate(r, parallel=False) for r in runs]
        scale = (points or len(runs)) / len(runs)
        workers = min(cores(), points or len(runs))
        seconds = sum(s for s, _, _ in each) * scale / workers
        gb = workers * max(g for _, g, _ in each)
        what = f"{points or len(runs)} points like {each[0][2]}, {workers} at a time"
    if seconds <= LONG_S:
        return None
    shown = f"{seconds / 60:.0f} min" if seconds < 5400 else f"{seconds / 3600:.1f} h"
    return f"estimated run time ≈ {shown}, memory ≈ {gb:.1f} GB ({what}; see sim/config/estimate.py)"
