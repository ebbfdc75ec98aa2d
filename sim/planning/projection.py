"""Where a caregiver's remaining route is expected to take them (planning travel, allotted times)."""

from __future__ import annotations

import numpy as np

from sim.engine.state import AlarmTask, Break, ShiftRun, Visit
from sim.planning.travel_rows import travel_rows


def project(
    run: ShiftRun, now: float, travel_min: np.ndarray, after_visit_min: float = 0.0
) -> tuple[list[tuple[Visit, float]], float]:
    """Expected start of each queued visit and the expected time back at the office."""
    t = max(now, run.busy_until)
    loc = run.loc_after
    starts: list[tuple[Visit, float]] = []
    tm = travel_rows(travel_min)[run.mode]
    for task in run.queue:
        if isinstance(task, Break):
            t += task.minutes
        elif isinstance(task, AlarmTask):
            t += tm[loc][task.client.loc] + task.handling_min
            loc = task.client.loc
        else:
            t += tm[loc][task.loc]
            if t < task.earliest:
                t = task.earliest
            starts.append((task, t))
            t += task.allotted + after_visit_min
            loc = task.loc
    return starts, t + tm[loc][0]


def behind(run: ShiftRun, now: float, travel_min: np.ndarray) -> float:
    """How late the next visit will start if the caregiver leaves now (0 when on time)."""
    for task in run.queue:
        if isinstance(task, Visit):
            eta = max(now + travel_min[run.mode, run.loc, task.loc], task.earliest)
            return max(0.0, eta - task.planned_start)
    return 0.0
