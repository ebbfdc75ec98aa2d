"""Arrival estimates: the one place where the tool reckons when a caregiver can be somewhere.

Everyone who looks ahead — the dispatcher placing a visit, a caregiver deciding how long
to stay, a team handing a visit over, the alarm rule choosing who answers, a caregiver
deciding whether to skip a break — asks the same questions of a caregiver's route,
with *planning* travel times (base matrix and season, no daily noise: what a planner or
a colleague can know):

* :func:`arrival` — a visit starts when the caregiver gets there, but not before its window
  opens (:func:`arrivals` is the same rule over a whole crew at once);
* :func:`free_from` — when and where a caregiver is next free;
* :func:`project` — the expected start of every queued visit and the time back at the office;
* :func:`behind` — how late the next visit starts if the caregiver leaves now;
* :func:`eta_if_given` — when a colleague could start a visit slotted into their route;
* :func:`slack` — how long a caregiver may stay beyond the allotted time before leaving
  for what comes next.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.engine.state import AlarmTask, Break, ShiftRun, Visit
from sim.planning.travel_rows import travel_rows


def arrival(free_at: float, trip_min: float, earliest: float) -> float:
    """Start of a visit reached ``trip_min`` after leaving at ``free_at``, not before its
    window opens at ``earliest`` (minutes)."""
    t = free_at + trip_min
    return t if t >= earliest else earliest


def arrivals(free_at: np.ndarray, trip_min: np.ndarray, earliest: float) -> np.ndarray:
    """:func:`arrival` for every caregiver of a crew at once."""
    return np.maximum(free_at + trip_min, earliest)


def off_duty_matrix(crew: Sequence[ShiftRun], visits: Sequence[Visit]) -> np.ndarray:
    """Minutes by which each crew member's shift misses each visit, shape (visits, crew): how much
    later than the window's close their work starts, plus how much earlier than the visit could
    end their shift ends (travel aside); 0 where the shift can hold the visit."""
    work = np.array([r.start + r.meeting_min for r in crew], dtype=float)
    end = np.array([r.end for r in crew], dtype=float)
    latest = np.array([v.latest for v in visits], dtype=float)
    done_by = np.array([v.earliest + v.allotted for v in visits], dtype=float)
    late = np.clip(work[None, :] - latest[:, None], 0.0, None)
    over = np.clip(done_by[:, None] - end[None, :], 0.0, None)
    return np.asarray(late + over)


def free_from(run: ShiftRun, now: float) -> tuple[float, int]:
    """(minute, location) at which ``run``'s caregiver is next free to leave."""
    return max(now, run.busy_until), run.loc_after


def project(
    run: ShiftRun, now: float, travel_min: np.ndarray, after_visit_min: float = 0.0
) -> tuple[list[tuple[Visit, float]], float]:
    """Expected start of each queued visit and the expected time back at the office
    (allotted times, then ``after_visit_min`` of logging after each visit)."""
    t, loc = free_from(run, now)
    starts: list[tuple[Visit, float]] = []
    tm = travel_rows(travel_min)[run.mode]
    for task in run.queue:
        if isinstance(task, Break):
            t += task.minutes
        elif isinstance(task, AlarmTask):
            t += tm[loc][task.client.loc] + task.expected_min
            loc = task.client.loc
        else:
            t = arrival(t, tm[loc][task.loc], task.earliest)
            starts.append((task, t))
            t += task.allotted + after_visit_min
            loc = task.loc
    return starts, t + tm[loc][run.base]


def behind(run: ShiftRun, now: float, travel_min: np.ndarray) -> float:
    """How late the next visit will start if the caregiver leaves now (0 when on time)."""
    for task in run.queue:
        if isinstance(task, Visit):
            eta = arrival(now, float(travel_min[run.mode, run.loc, task.loc]), task.earliest)
            return max(0.0, eta - task.planned_start)
    return 0.0


def eta_if_given(
    mate: ShiftRun,
    starts: list[tuple[Visit, float]],
    v: Visit,
    now: float,
    travel_min: np.ndarray,
    after_visit_min: float,
) -> float:
    """When ``mate`` could start ``v`` if it were slotted into their route by planned start
    (``starts``: their projected route, from :func:`project`)."""
    key = v.order_key()
    free, loc = free_from(mate, now)
    for w, start in starts:
        if w.order_key() > key:
            break
        free, loc = start + w.allotted + after_visit_min, w.loc
    return arrival(free, float(travel_min[mate.mode, loc, v.loc]), v.earliest)


def slack(run: ShiftRun, v: Visit, now: float, travel_min: np.ndarray, after_visit_min: float) -> float:
    """Minutes beyond the allotted time (and logging) that ``run``'s caregiver, now starting
    ``v``, can stay before leaving for the next visit's planned start — keeping a planned
    break in between — or for the office by the shift's end."""
    pause = 0.0
    for t in run.queue:
        if isinstance(t, Visit):
            leave = t.planned_start - float(travel_min[run.mode, v.loc, t.loc]) - pause
            return max(0.0, leave - now - v.allotted - after_visit_min)
        if isinstance(t, AlarmTask):
            return 0.0
        pause += t.minutes
    end = run.end - float(travel_min[run.mode, v.loc, run.base]) - pause
    return max(0.0, end - now - v.allotted - after_visit_min)
