"""Routes as ordered task lists: planned times, cheapest insertion and an affinity-aware relocate step.

These are the repair moves planners make by hand or with a routing tool's "insert"
button: put a visit where it adds the least travel without making anyone late, or
move a visit to the caregiver who already sees the client today.

Timing follows the engine: a caregiver starts work after the meeting, travels at
planning speed, waits for a window to open, takes the break where it sits in the
route (not before ``break_earliest``), spends ``after_visit_min`` after each visit
(logging) and ends at the office. A double-staffed visit has a fixed start shared
by both caregivers (``fixed[uid]``, minutes); a move that would shift it is refused,
which is what keeps the two routes synchronised.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from sim.engine.state import Break, ShiftRun, Visit
from sim.planning.travel_rows import travel_rows

EPS = 1e-6
# (visit, route index, routes) -> planner credit in minutes of travel for that caregiver
Credit = Callable[[Visit, int, "Sequence[Route]"], float]


@dataclass(frozen=True)
class RouteArrays:
    """A timed route's tasks as arrays (minutes; a break's minutes are its ``allotted``)."""

    is_break: np.ndarray  # bool, per task
    loc: np.ndarray  # int64, per task (0 for a break)
    earliest: np.ndarray  # float64, per task
    latest: np.ndarray  # float64, per task
    allotted: np.ndarray  # float64, per task
    starts: np.ndarray  # float64, per task: planned start
    free_before: np.ndarray  # float64, per position 0..n: free before task k (free_end at n)
    loc_before: np.ndarray  # int64, per position: where the caregiver is (loc_end at n)
    next_locs: np.ndarray  # int64, per position: the next visit's place (the base at n)
    uid: np.ndarray  # int64, per task (−1 for a break)
    base: int  # where the shift starts and ends
    break_earliest: float
    break_latest: float
    end: float  # the shift's end
    back: float  # when the caregiver is back at the base as planned


@dataclass
class Route:
    """One caregiver's planned tasks in order, and their planned times (minutes)."""

    run: ShiftRun
    tasks: list[Visit | Break] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)  # start of each task
    free_before: list[float] = field(default_factory=list)  # when the caregiver is free before task k
    loc_before: list[int] = field(default_factory=list)  # where they are before task k
    ready: list[float] = field(default_factory=list)  # when task k could start, ignoring a fixed start
    # where the caregiver goes after a stop before task k: the first visit from k on (the base if none)
    next_locs: list[int] = field(default_factory=list)
    # the timed route as arrays for the compiled insertion (built when first asked for after a
    # retime; `starts` is the list they were built from, to know they are still the route's)
    arrays: tuple[list[float], RouteArrays] | None = field(default=None, repr=False, compare=False)
    clients: dict[int, int] = field(default_factory=dict)  # client id -> visits of the route (as timed)
    free_end: float = 0.0  # free after the last task
    loc_end: int = 0  # where the last visit is (the start of the shift if none)
    back: float = 0.0  # back where the shift started (the office, or home) after the last task
    travel: float = 0.0

    def visits(self) -> list[Visit]:
        """The route's visits in order."""
        return [t for t in self.tasks if isinstance(t, Visit)]

    def has_other_visit_of(self, v: Visit) -> bool:
        """Whether the route (as last timed) has a visit of ``v``'s client other than ``v``."""
        n = self.clients.get(v.client.id, 0)
        return n >= 2 or (n == 1 and v not in self.tasks)


@dataclass(frozen=True)
class Plan:
    """What routes are timed with: planning travel (mode, from, to), minutes after each visit,
    and the fixed common start of each double-staffed visit (uid -> minute)."""

    travel_min: np.ndarray
    after_visit_min: float
    fixed: dict[int, float]
    capacity: Sequence[float] | None = None  # planned minutes each route should hold at most
    travel_weight: float = 1.0  # cost per minute of travel added (the planner's travel_weight)
    over_capacity_weight: float = 0.0  # cost per planned minute above the capacity
    overtime_weight: float = 50.0  # cost per minute a route is planned past the shift end
    # a route is never planned to end more than this after its shift (the overtime a caregiver
    # may be asked for: scenario.staffing.max_overtime_min); inf: no cap
    max_overtime: float = float("inf")
    # travel_min as nested lists (sim.planning.travel_rows), for the scalar loops below
    rows: list[list[list[float]]] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.rows:
            object.__setattr__(self, "rows", travel_rows(self.travel_min))


def retime(route: Route, plan: Plan) -> None:
    """Recompute the route's planned times from its task order."""
    r, tm = route.run, plan.rows[route.run.mode]
    t, loc, travel = r.start + r.meeting_min, r.base, 0.0
    starts: list[float] = []
    free_before: list[float] = []
    loc_before: list[int] = []
    ready_at: list[float] = []
    clients: dict[int, int] = {}
    fixed, after = plan.fixed, plan.after_visit_min
    for task in route.tasks:
        free_before.append(t)
        loc_before.append(loc)
        if isinstance(task, Break):
            s = t if t > r.break_earliest else r.break_earliest
            starts.append(s)
            ready_at.append(s)
            t = s + task.minutes
            continue
        leg = tm[loc][task.loc]
        ready = t + leg
        if ready < task.earliest:
            ready = task.earliest
        s = fixed.get(task.uid, ready)
        if s < ready:
            s = ready
        ready_at.append(ready)
        starts.append(s)
        cid = task.client.id
        clients[cid] = clients.get(cid, 0) + 1
        travel += leg
        t, loc = s + task.allotted + after, task.loc
    route.starts, route.free_before, route.loc_before, route.ready = starts, free_before, loc_before, ready_at
    route.clients = clients
    nxt, next_locs = r.base, [r.base] * (len(route.tasks) + 1)
    for k in range(len(route.tasks) - 1, -1, -1):
        task = route.tasks[k]
        if not isinstance(task, Break):
            nxt = task.loc
        next_locs[k] = nxt
    route.next_locs = next_locs
    leg = tm[loc][r.base]
    route.free_end, route.loc_end = t, loc
    route.back, route.travel = t + leg, travel + leg


@functools.cache
def _compiled_walk() -> Callable[..., tuple[int, float, float]]:
    """The compiled insertion walk, imported on first use (numba costs a process that never
    plans about 0.3 s)."""
    from sim.planning.insertion_kernel import best_in_route

    return best_in_route


def route_arrays(route: Route) -> RouteArrays:
    """The timed route as arrays (kept until the route is retimed)."""
    got = route.arrays
    if got is not None and got[0] is route.starts and len(got[1].is_break) == len(route.tasks):
        return got[1]
    tasks = route.tasks
    brk = [isinstance(t, Break) for t in tasks]
    visits = [t if isinstance(t, Visit) else None for t in tasks]
    arr = RouteArrays(
        is_break=np.array(brk, dtype=np.bool_),
        loc=np.array([0 if v is None else v.loc for v in visits], dtype=np.int64),
        earliest=np.array([0.0 if v is None else v.earliest for v in visits], dtype=np.float64),
        latest=np.array([0.0 if v is None else v.latest for v in visits], dtype=np.float64),
        allotted=np.array(
            [t.minutes if isinstance(t, Break) else t.allotted for t in tasks], dtype=np.float64
        ),
        starts=np.array(route.starts, dtype=np.float64),
        free_before=np.array([*route.free_before, route.free_end], dtype=np.float64),
        loc_before=np.array([*route.loc_before, route.loc_end], dtype=np.int64),
        next_locs=np.array(route.next_locs, dtype=np.int64),
        uid=np.array([-1 if v is None else v.uid for v in visits], dtype=np.int64),
        base=int(route.run.base),
        break_earliest=float(route.run.break_earliest),
        break_latest=float(route.run.break_latest),
        end=float(route.run.end),
        back=float(route.back),
    )
    route.arrays = (route.starts, arr)
    return arr


def next_loc(route: Route, k: int) -> int:
    """Where the caregiver goes after a stop before task ``k``: the first visit from ``k`` on, or
    the base."""
    tasks = route.tasks
    if len(route.next_locs) == len(tasks) + 1:  # as timed (retime keeps it)
        return route.next_locs[k]
    for j in range(k, len(tasks)):
        task = tasks[j]
        if not isinstance(task, Break):
            return task.loc
    return route.run.base


def insertion(
    route: Route, k: int, v: Visit, plan: Plan, start_at: float | None = None, allow_late: bool = False
) -> tuple[float, float, float] | None:
    """Travel added, the start ``v`` gets and the overtime added if ``v`` is inserted before task
    ``k``; None if that would make any visit later than its window (or than it already was),
    move a double visit's fixed start, or end the shift later than it ends (or already ended).

    ``start_at`` forces the start (a copy of a double visit); ``allow_late`` lets ``v``
    itself start after its window and the route end after the shift (for an essential visit
    nobody can make in time).
    """
    r, tm = route.run, plan.rows[route.run.mode]
    if start_at is None and not v.skills <= r.skills:
        return None
    tasks = route.tasks
    n = len(tasks)
    if k < n:
        t, loc = route.free_before[k], route.loc_before[k]
    else:
        t, loc = route.free_end, route.loc_end
    vloc = v.loc
    row_v = tm[vloc]
    to_v = tm[loc][vloc]
    s = t + to_v
    if s < v.earliest:
        s = v.earliest
    if start_at is not None:
        if s > start_at + EPS:
            return None
        s = start_at
    elif s > v.latest + EPS and not allow_late:
        return None
    nxt = next_loc(route, k)
    added = to_v + row_v[nxt] - tm[loc][nxt]
    t, loc = s + v.allotted + plan.after_visit_min, vloc
    starts, fixed, after = route.starts, plan.fixed, plan.after_visit_min
    for j in range(k, n):
        task, old = tasks[j], starts[j]
        if isinstance(task, Break):
            s_j = t if t > r.break_earliest else r.break_earliest
            if s_j <= old + EPS:
                return added, s, 0.0
            if s_j > (r.break_latest if r.break_latest > old else old) + EPS:
                return None
            t = s_j + task.minutes
            continue
        s_j = t + tm[loc][task.loc]
        if s_j < task.earliest:
            s_j = task.earliest
        if s_j <= old + EPS:
            return added, s, 0.0
        if task.uid in fixed or s_j > (task.latest if task.latest > old else old) + EPS:
            return None
        t, loc = s_j + task.allotted + after, task.loc
    back = t + tm[loc][route.run.base]
    over = back - (r.end if r.end > route.back else route.back)
    if over > EPS and (not allow_late or back - r.end > plan.max_overtime + EPS):
        return None
    return added, s, over if over > 0.0 else 0.0


def insert_at(route: Route, k: int, v: Visit, plan: Plan) -> None:
    """Insert ``v`` before task ``k`` and retime the route."""
    route.tasks.insert(k, v)
    retime(route, plan)


def remove(route: Route, v: Visit, plan: Plan) -> None:
    """Take ``v`` out of the route and retime it (nobody later starts later)."""
    route.tasks.remove(v)
    retime(route, plan)


def load(route: Route, plan: Plan) -> float:
    """Planned minutes of care, logging and travel in the route."""
    return route.travel + sum(v.allotted + plan.after_visit_min for v in route.visits())


def best_insertion(
    routes: Sequence[Route], v: Visit, plan: Plan, credit: Credit | None, allow_late: bool = False,
    late_weight: float = 1000.0, skip: int = -1,
) -> tuple[float, int, int, float] | None:  # fmt: skip
    """Cheapest (cost, route, position, start) for ``v``; cost = added travel − credit
    (+ late_weight × minutes late when ``allow_late``; + the plan's over-capacity weight ×
    planned minutes above a route's capacity, when the plan sets capacities)."""
    best: tuple[float, int, int, float] | None = None
    best_in_route = _compiled_walk()
    fixed = np.array(sorted(plan.fixed), dtype=np.int64)
    vloc, opens, closes, allotted = int(v.loc), float(v.earliest), float(v.latest), float(v.allotted)
    after, late, weights = float(plan.after_visit_min), bool(allow_late), float(late_weight)
    tw, ow, ocw = float(plan.travel_weight), float(plan.overtime_weight), float(plan.over_capacity_weight)
    max_ot = float(plan.max_overtime)
    for i, route in enumerate(routes):
        if i == skip or not v.skills <= route.run.skills:
            continue
        bonus = credit(v, i, routes) if credit is not None else 0.0
        room = plan.capacity[i] - load(route, plan) if plan.capacity is not None else np.inf
        a = route_arrays(route)
        # the compiled walk of sim.planning.insertion_kernel: `insertion` at every position
        k, cost, start = best_in_route(
            plan.travel_min[route.run.mode], vloc, opens, closes, allotted, after, late, a.is_break,
            a.loc, a.earliest, a.latest, a.allotted, a.uid, fixed, a.starts, a.free_before,
            a.loc_before, a.next_locs, a.base, a.break_earliest, a.break_latest, a.end, a.back,
            max_ot, tw, float(bonus), weights, ow, ocw, float(max(room, 0.0)), best is not None,
            best[0] if best is not None else 0.0,
        )  # fmt: skip
        if k >= 0:
            best = (cost, i, k, start)
    return best


def pair_skilled(v: Visit, a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether caregivers holding skills ``a`` and ``b`` can do double visit ``v`` together: one
    holds the visit's skills, the other what a second caregiver needs (the client's refusals)."""
    second = v.partner_skills
    return (v.skills <= a and second <= b) or (v.skills <= b and second <= a)


def insert_pair(
    routes: Sequence[Route], v: Visit, plan: Plan, credit: Credit | None, allow_late: bool, late_weight: float
) -> bool:
    """Insert a double-staffed visit into two different routes with one common start.

    Candidates are each route's positions with the earliest start they allow; a pair of
    candidates is tried at the later of the two starts. The skill is needed in one of the two.
    """
    cands: list[tuple[float, int, int, float]] = []
    for i, route in enumerate(routes):
        bonus = credit(v, i, routes) if credit is not None else 0.0
        for k in range(len(route.tasks) + 1):
            got = insertion(route, k, v, plan, start_at=None, allow_late=True)
            if got is not None and (allow_late or got[1] <= v.latest + EPS):
                cands.append(
                    (plan.travel_weight * got[0] - bonus + plan.overtime_weight * got[2], i, k, got[1])
                )
    cands.sort()
    cands = cands[:40]
    best: tuple[float, tuple[int, int], tuple[int, int], float] | None = None
    for a in range(len(cands)):
        for b in range(a + 1, len(cands)):
            (ca, ia, ka, sa), (cb, ib, kb, sb) = cands[a], cands[b]
            a_run, b_run = routes[ia].run, routes[ib].run
            # a pair is two people (one person's two shifts of the day are one person)
            if a_run.person.id == b_run.person.id or not pair_skilled(v, a_run.skills, b_run.skills):
                continue
            start = max(sa, sb)
            cost = ca + cb + late_weight * max(0.0, start - v.latest)
            if best is not None and cost >= best[0] - EPS:
                continue
            ga = insertion(routes[ia], ka, v, plan, start_at=start)
            gb = insertion(routes[ib], kb, v, plan, start_at=start)
            if ga is not None and gb is not None:
                best = (cost, (ia, ka), (ib, kb), start)
    if best is None:
        return False
    plan.fixed[v.uid] = best[3]
    for i, k in (best[1], best[2]):
        insert_at(routes[i], k, v, plan)
    return True


def place(routes: Sequence[Route], v: Visit, plan: Plan, credit: Credit | None, late_weight: float) -> bool:
    """Plan ``v`` on time where possible; an essential visit nobody can make in time is planned
    as little late as possible. Returns False when ``v`` cannot be planned (then it is missed)."""
    if v.double:
        return insert_pair(routes, v, plan, credit, False, late_weight) or insert_pair(
            routes, v, plan, credit, True, late_weight
        )
    best = best_insertion(routes, v, plan, credit)
    if best is None and not v.deferrable:
        best = best_insertion(routes, v, plan, credit, allow_late=True, late_weight=late_weight)
    if best is None:
        return False
    insert_at(routes[best[1]], best[2], v, plan)
    return True


def subplan(plan: Plan, idx: Sequence[int]) -> Plan:
    """The plan seen by a subset of the routes (their capacities)."""
    if plan.capacity is None:
        return plan
    return dataclasses.replace(plan, capacity=[plan.capacity[i] for i in idx])


def place_break(route: Route, plan: Plan) -> None:
    """Put the meal break where it delays the rest of the route least, inside its window."""
    r = route.run
    if r.break_min <= 0 or any(isinstance(t, Break) for t in route.tasks):
        return
    best: tuple[tuple[float, ...], int] | None = None
    tasks = route.tasks
    for k in range(len(tasks) + 1):
        route.tasks = [*tasks[:k], Break(r.break_min), *tasks[k:]]
        retime(route, plan)
        late = sum(
            max(0.0, s - t.latest) + 10.0 * max(0.0, s - plan.fixed.get(t.uid, s))
            for t, s in zip(route.tasks, route.starts, strict=True) if isinstance(t, Visit)
        )  # fmt: skip
        out_of_window = max(0.0, route.starts[k] - r.break_latest)
        score = (late + out_of_window + max(0.0, route.back - r.end), route.back)
        if best is None or score < best[0]:
            best = (score, k)
    assert best is not None
    k = best[1]
    route.tasks = [*tasks[:k], Break(r.break_min), *tasks[k:]]
    retime(route, plan)


def drop_late(route: Route, plan: Plan) -> list[Visit]:
    """Take out single-staffed visits planned after their window, then, while the route ends
    after the shift, its last single-staffed visits; returns them (to be re-placed)."""
    out = [
        t for t, s in zip(route.tasks, route.starts, strict=True)
        if isinstance(t, Visit) and t.uid not in plan.fixed and s > t.latest + EPS
    ]  # fmt: skip
    route.tasks = [t for t in route.tasks if t not in out]
    retime(route, plan)
    while route.back > route.run.end + EPS:
        last = [t for t in route.visits() if t.uid not in plan.fixed]
        if not last:
            break
        out.append(last[-1])
        remove(route, last[-1], plan)
    return out
