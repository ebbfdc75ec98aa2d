"""Start times that hold across routes, and routes written into the caregivers' queues.

Two kinds of visit tie routes together:

* a **double-staffed visit**: both caregivers start it together (its start is fixed in
  ``plan.fixed`` and both copies wait for the later caregiver);
* a **linked visit** (``Visit.leader``: a unit's ``follows``; a benchmark's sequential pair;
  medication after a meal): it starts at least ``follows_min_gap`` and at most
  ``follows_max_gap`` minutes after the visit it follows. The rule is Mankowska et al.'s
  (2014): the second visit waits until ``min`` after the first has started, the first waits
  until ``max`` before the second.

Waits are minimum starts (``plan.fixed``: a visit starts at the later of its fixed start and
when its caregiver can be there). :func:`settle` finds the earliest starts that keep every
rule, by relaxing the waits round by round (Bellman–Ford on the routes' order and the links).
Routes whose waits form a cycle have no start times at all (each visit of the cycle would
have to start after itself); the planner takes out the linked visit that closes the cycle
and places it again where a timing exists (:func:`repair`), and never hands on a plan
without one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from sim.engine.state import Break, Visit
from sim.planning.routes import EPS, Plan, Route, insert_at, insertion, place, retime


def sync_doubles(routes: Sequence[Route], plan: Plan, rounds: int = 50) -> list[Visit]:
    """Make both copies of every double visit start together, when the later of the two
    caregivers can be there — as the engine will start it: a fixed start a caregiver cannot
    make moves later, one both could beat moves earlier; the routes are retimed.

    A double visit whose two routes meet it in crossing orders (each copy waiting for the
    other) never settles: it is taken out of both routes and returned, to be placed again.
    """
    for _ in range(rounds):
        ready: dict[int, float] = {}
        for route in routes:
            for t, s in zip(route.tasks, route.ready, strict=True):
                if isinstance(t, Visit) and t.uid in plan.fixed:
                    ready[t.uid] = max(ready.get(t.uid, s), s)
        moved = {uid: s for uid, s in ready.items() if abs(s - plan.fixed[uid]) > EPS}
        if not moved:
            return []
        _move(routes, plan, moved)
    out = {t.uid: t for route in routes for t in route.visits() if t.uid in moved}
    _take_out(routes, plan, set(out))
    return list(out.values())


def _move(routes: Sequence[Route], plan: Plan, moved: dict[int, float]) -> None:
    """Set the fixed starts in ``moved`` (uid -> minute) and retime the routes that hold them."""
    plan.fixed.update(moved)
    for route in routes:
        if any(isinstance(t, Visit) and t.uid in moved for t in route.tasks):
            retime(route, plan)


def links(routes: Sequence[Route]) -> list[tuple[Visit, Visit]]:
    """(leader, follower) of every linked visit whose leader is planned too."""
    placed = {t.uid for route in routes for t in route.visits()}
    out: dict[int, tuple[Visit, Visit]] = {}
    for route in routes:
        for t in route.visits():
            if t.leader is not None and t.leader.uid in placed:
                out[t.uid] = (t.leader, t)
    return list(out.values())


def gaps(follower: Visit) -> tuple[float, float]:
    """Minutes from the leader's start to the follower's: at least, at most (inf: no limit)."""
    return float(follower.plan.follows_min_gap), float(follower.plan.follows_max_gap)


def _take_out(routes: Sequence[Route], plan: Plan, uids: set[int]) -> None:
    for route in routes:
        if any(isinstance(t, Visit) and t.uid in uids for t in route.tasks):
            route.tasks = [t for t in route.tasks if not (isinstance(t, Visit) and t.uid in uids)]
            retime(route, plan)
    for uid in uids:
        plan.fixed.pop(uid, None)


def settle(routes: Sequence[Route], plan: Plan) -> list[Visit]:
    """Earliest start times that keep every double visit together and every linked visit within
    its gaps; the visits that close a cycle of waits (and double visits whose copies cross) are
    taken out and returned, to be placed again. Without linked visits this is
    :func:`sync_doubles`, unchanged."""
    pairs = links(routes)
    if not pairs:
        return sync_doubles(routes, plan)
    linked = {v.uid for pair in pairs for v in pair if not v.double}
    for uid in linked:  # a linked visit's wait is found afresh: from below, as Bellman-Ford does
        plan.fixed.pop(uid, None)
    for route in routes:
        retime(route, plan)
    n_doubles = sum(1 for route in routes for t in route.visits() if t.double) // 2
    # without a cycle, the longest chain of waits crosses each link and double visit at most once
    rounds = 2 * (len(pairs) + n_doubles) + 10
    moved: dict[int, float] = {}
    for _ in range(rounds):
        ready: dict[int, float] = {}
        start: dict[int, float] = {}
        for route in routes:
            for t, r, s in zip(route.tasks, route.ready, route.starts, strict=True):
                if isinstance(t, Visit) and (t.uid in plan.fixed or t.uid in linked):
                    ready[t.uid] = max(ready.get(t.uid, r), r)
                    start[t.uid] = max(start.get(t.uid, s), s)
        want = dict(ready)
        for lead, follower in pairs:
            lo, hi = gaps(follower)
            want[follower.uid] = max(want[follower.uid], start[lead.uid] + lo)
            if math.isfinite(hi):
                want[lead.uid] = max(want[lead.uid], start[follower.uid] - hi)
        moved = {uid: w for uid, w in want.items() if abs(w - plan.fixed.get(uid, -math.inf)) > EPS}
        if not moved:
            return []
        _move(routes, plan, moved)
    # a cycle: the followers whose links still move (or, if none, the double visits that do)
    culprits = {f.uid for lead, f in pairs if f.uid in moved or lead.uid in moved}
    if not culprits:
        culprits = {uid for uid in moved if uid not in linked}
    out = {t.uid: t for route in routes for t in route.visits() if t.uid in culprits}
    _take_out(routes, plan, set(out))
    # the rest settles again; whatever that takes out (another cycle) is returned too, to be placed
    return [*out.values(), *settle(routes, plan)]


Snapshot = tuple[list[list[Visit | Break]], dict[int, float]]


def snapshot(routes: Sequence[Route], plan: Plan) -> Snapshot:
    """Each route's tasks and the fixed starts, to go back to with :func:`restore`."""
    return [list(route.tasks) for route in routes], dict(plan.fixed)


def restore(routes: Sequence[Route], plan: Plan, snap: Snapshot) -> None:
    """Put the routes (retimed) and the fixed starts back as :func:`snapshot` took them."""
    tasks, fixed = snap
    for route, ts in zip(routes, tasks, strict=True):
        route.tasks = list(ts)
        retime(route, plan)
    plan.fixed.clear()
    plan.fixed.update(fixed)


def _positions(
    routes: Sequence[Route], v: Visit, plan: Plan, late_weight: float
) -> list[tuple[float, int, int]]:
    """Every (cost, route, position) where ``v`` fits (late if it must), cheapest first; a
    linked visit is costed at the start its leader's planned start allows."""
    lo = float(v.earliest)
    if v.leader is not None:
        for route in routes:
            for t, s in zip(route.tasks, route.starts, strict=True):
                if t is v.leader:
                    lo = max(lo, s + gaps(v)[0])
    out = []
    for i, route in enumerate(routes):
        if not v.skills <= route.run.skills:
            continue
        for k in range(len(route.tasks) + 1):
            got = insertion(route, k, v, plan, allow_late=True)
            if got is None:
                continue
            wait = max(0.0, lo - got[1])
            late = max(0.0, max(got[1], lo) - v.latest)
            cost = plan.travel_weight * got[0] + late_weight * late + wait + plan.overtime_weight * got[2]
            out.append((cost, i, k))
    out.sort()
    return out


def repair(
    routes: Sequence[Route],
    plan: Plan,
    late_weight: float,
    on_unplanned: Callable[[Visit], None],
    tries: int = 30,
) -> None:
    """Settle the routes; place every visit :func:`settle` took out again where a timing exists
    (the cheapest of the ``tries`` cheapest positions whose waits settle), else hand it to
    ``on_unplanned``: a plan without start times is never handed on."""
    todo = settle(routes, plan)
    guard = 4 * len(todo) + 4
    while todo and guard:
        guard -= 1
        v = todo.pop(0)
        if v.double:
            snap = snapshot(routes, plan)
            if place(routes, v, plan, None, late_weight) and not settle(routes, plan):
                continue
            restore(routes, plan, snap)
            on_unplanned(v)
            continue
        for _, i, k in _positions(routes, v, plan, late_weight)[:tries]:
            snap = snapshot(routes, plan)
            insert_at(routes[i], k, v, plan)
            if not settle(routes, plan):
                break
            restore(routes, plan, snap)
        else:
            on_unplanned(v)
    for v in todo:
        on_unplanned(v)


def trim_overtime(routes: Sequence[Route], plan: Plan) -> list[Visit]:
    """Take the last visits out of every route planned to end more than ``plan.max_overtime``
    after its shift (a double visit out of both its routes) and return them: nobody on duty can
    make them within the overtime a shift may take."""
    out: list[Visit] = []
    if plan.max_overtime == float("inf"):
        return out
    for route in routes:
        while route.back > route.run.end + plan.max_overtime + EPS and route.visits():
            v = route.visits()[-1]
            for other in routes:
                if v in other.tasks:
                    other.tasks.remove(v)
                    retime(other, plan)
            plan.fixed.pop(v.uid, None)
            out.append(v)
    return out


def write_queues(
    routes: Sequence[Route],
    plan: Plan | None = None,
    on_unplanned: Callable[[Visit], None] | None = None,
    late_weight: float = 1000.0,
) -> None:
    """Put each route into its caregiver's queue, with planned starts and planned caregivers
    (double visits first settled on when both caregivers can be there, and linked visits on
    their gaps, given ``plan``; one that cannot be goes to ``on_unplanned``)."""
    if plan is not None and not links(routes):
        for v in [*sync_doubles(routes, plan), *trim_overtime(routes, plan)]:
            if on_unplanned is None:
                raise RuntimeError(f"double visit {v.uid} could not be synchronised")
            on_unplanned(v)
    elif plan is not None:

        def unplanned(v: Visit) -> None:
            if on_unplanned is None:
                raise RuntimeError(f"visit {v.uid} could not be given a start time that keeps its links")
            on_unplanned(v)

        repair(routes, plan, late_weight, unplanned)
        for v in trim_overtime(routes, plan):
            unplanned(v)
        repair(routes, plan, late_weight, unplanned)  # trimming may have moved a linked partner
    crews: dict[int, list[int]] = {}
    for route in routes:
        for task, s in zip(route.tasks, route.starts, strict=True):
            if isinstance(task, Visit):
                # both copies of a double visit start together: the later caregiver decides
                first = task.uid not in crews
                task.planned_start = s if first else max(task.planned_start, s)
                crews.setdefault(task.uid, []).append(route.run.person.id)
    for route in routes:
        r = route.run
        for task in route.tasks:
            if isinstance(task, Visit):
                task.planned = crews[task.uid]
                r.planned_demand += task.allotted
            r.queue.append(task)
        if r.break_min > 0 and not any(isinstance(t, Break) for t in route.tasks):
            r.queue.append(Break(r.break_min))
