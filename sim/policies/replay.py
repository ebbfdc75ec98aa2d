"""The unit's own plan, replayed (planning.router=replay; issue 24).

A true replay of the plan in a unit's files: each visit goes to its planned caregiver (and a
double visit's second to the planned second caregiver), in the planned order, and starts no
earlier than its planned start. Only absences are covered, as a unit covers them: whoever
works the absent person's position that day (a substitute, or a colleague on an extra shift)
takes their route as it stands. What nobody can take that way — the visits of a position
nobody covers, a delegated task the substitute may not do, a visit without a planned caregiver —
is put where it adds least travel without making anyone late (cheapest insertion), as a
planner does by hand. Nothing else is re-planned: need differing from the granted minutes,
travel noise and absences show as lateness, overtime and unmet need.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from sim.config.reads import Reads, model_equals
from sim.engine.state import Break, ShiftRun, Visit
from sim.planning.routes import EPS, Plan, Route, insert_at, insertion, pair_skilled, place, retime

# The config keys the replay of a unit's own plan reads (issue 25: sim/config/reads.py).
READS = Reads(
    "the replay router (sim/policies/replay.py)",
    ("models.*.planning.late_weight",),
    model_equals("planning.router", "replay"),
)


def plan_start(v: Visit) -> float:
    """The plan's start of ``v`` (simulation minutes): its planned start, else its window's opening."""
    planned = v.plan.planned_start_min
    return v.earliest if math.isnan(planned) else v.day * 1440 + planned


def _run_at(crew: Sequence[ShiftRun], idx: list[int], t: float) -> int | None:
    """Of the crew members ``idx`` (one position's shifts of the day), the one whose shift holds
    minute ``t``, else the nearest in time."""
    if not idx:
        return None
    return min(idx, key=lambda i: (max(0.0, crew[i].start - t, t - crew[i].end), crew[i].start))


def _place_partner(routes: Sequence[Route], v: Visit, first: int, plan: Plan) -> bool:
    """Give a double visit kept on its planned first caregiver a second caregiver at its fixed
    start: the cheapest insertion into another route that holds what the pair needs."""
    best: tuple[float, int, int] | None = None
    start = plan.fixed[v.uid]
    for i, route in enumerate(routes):
        if i == first or not pair_skilled(v, routes[first].run.skills, route.run.skills):
            continue
        for k in range(len(route.tasks) + 1):
            got = insertion(route, k, v, plan, start_at=start)
            if got is not None and (best is None or got[0] + 50.0 * got[2] < best[0] - EPS):
                best = (got[0] + 50.0 * got[2], i, k)
    if best is None:
        return False
    insert_at(routes[best[1]], best[2], v, plan)
    return True


def _with_break(route: Route) -> None:
    """The meal break where the plan has it: before the first visit planned to start after the
    break may begin (the engine waits for the break window if the caregiver is early)."""
    r = route.run
    if r.break_min <= 0:
        return
    visits = [t for t in route.tasks if isinstance(t, Visit)]
    k = next((j for j, v in enumerate(visits) if plan_start(v) >= r.break_earliest - EPS), len(visits))
    route.tasks = [*visits[:k], Break(r.break_min), *visits[k:]]


def plan_replay(
    visits: list[Visit],
    crew: list[ShiftRun],
    travel_min: np.ndarray,
    after_visit_min: float,
    late_weight: float,
    on_missed: Callable[[Visit], None],
    max_overtime: float = float("inf"),
) -> None:
    """Write the unit's plan for the day into the crew's queues (see the module docstring)."""
    runs_of: dict[int, list[int]] = {}
    for i, r in enumerate(crew):
        runs_of.setdefault(r.slot.id, []).append(i)
    plan = Plan(travel_min, after_visit_min, {}, max_overtime=max_overtime)
    routes = [Route(r) for r in crew]
    leftovers: list[Visit] = []
    partnerless: list[tuple[Visit, int]] = []
    for v in visits:
        t = plan_start(v)
        v.not_before = max(v.not_before, t)  # never before the plan's start
        v.planned_start = t
        first = _run_at(crew, runs_of.get(v.plan.planned_slot, []), t)
        if first is None or not (v.skills <= crew[first].skills or v.double):
            leftovers.append(v)
            continue
        if not v.double:
            routes[first].tasks.append(v)
            continue
        # a double visit starts at the plan's start for both; the second joins part-way
        plan.fixed[v.uid] = t
        second = _run_at(crew, runs_of.get(v.plan.second_slot, []), t)
        if (
            second is not None
            and second != first
            and pair_skilled(v, crew[first].skills, crew[second].skills)
        ):
            routes[first].tasks.append(v)
            routes[second].tasks.append(v)
        elif v.skills <= crew[first].skills or v.partner_skills <= crew[first].skills:
            routes[first].tasks.append(v)
            partnerless.append((v, first))
        else:
            del plan.fixed[v.uid]
            leftovers.append(v)
    for route in routes:
        # the plan's order; a double visit by its common start in both routes (no crossing waits)
        route.tasks.sort(key=lambda v: (plan_start(v), v.uid) if isinstance(v, Visit) else (0.0, 0))
        _with_break(route)
        retime(route, plan)
    for v, first in partnerless:
        if not _place_partner(routes, v, first, plan):
            routes[first].tasks.remove(v)
            del plan.fixed[v.uid]
            retime(routes[first], plan)
            leftovers.append(v)
    for v in sorted(leftovers, key=lambda x: (x.latest - x.earliest, x.earliest, x.uid)):
        if (v.double and len(routes) < 2) or not place(routes, v, plan, None, late_weight):
            on_missed(v)
    _write(routes)


def _write(routes: Sequence[Route]) -> None:
    """The routes into the caregivers' queues; a visit's planned caregivers are who has it."""
    who: dict[int, list[int]] = {}
    for route in routes:
        for t in route.tasks:
            if isinstance(t, Visit):
                who.setdefault(t.uid, []).append(route.run.person.id)
    for route in routes:
        r = route.run
        for t in route.tasks:
            if isinstance(t, Visit):
                t.planned = who[t.uid]  # planned_start: the unit's plan's (set above)
                r.planned_demand += t.allotted
            r.queue.append(t)
        if r.break_min > 0 and not any(isinstance(t, Break) for t in route.tasks):
            r.queue.append(Break(r.break_min))
