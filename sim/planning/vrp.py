"""Optimised routes from a VRP solver, PyVRP, as a routing tool municipalities buy would build them.

PyVRP (iterated local search) plans each shift's visits for that shift's crew:
each visit's start window (hard), each caregiver's travel mode (one matrix per
mode), shift start and end. What PyVRP has no notion of is modelled around it:

* **skills**: one routing profile per (mode, skills) of the crew, in which travel
  into a visit needing a skill the profile lacks is prohibitive (PyVRP's
  access-restriction pattern);
* **the meal break**: the shift is shortened by the break's length for the solver;
  the break is then put where it delays the route least inside its window;
* **synchronised double visits**, in two phases (the fix-the-start method):
  1. every double visit is one job for one caregiver with the skill; the solver
     puts it where it fits best, which fixes its start ``T``;
  2. the visit becomes two copies, each with the zero-width window ``[T, T]`` (one
     copy needs the skill, the other none). Since a copy's service is longer than
     zero, no caregiver can take both: two different caregivers start together.

The solver's routes are then timed with the engine's rules
(:mod:`sim.planning.routes`); a visit that ends up after its window (or past the
shift end), a double visit whose copies were split, and anything the solver left
out are placed again by cheapest insertion: an essential visit as little late as
possible, a deferrable one cancelled when nobody can make it. Search effort is an
iteration budget with a fixed seed: deterministic, no wall-clock limit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyvrp
from pyvrp.search import NeighbourhoodParams
from pyvrp.stop import MaxIterations

from sim.engine.state import ShiftRun, Visit
from sim.planning.duty import duty_groups
from sim.planning.routes import Plan, Route, drop_late, place, place_break, retime, subplan
from sim.planning.settle import gaps, restore, settle, snapshot

SEC = 60.0  # the solver works in whole seconds


@dataclass(frozen=True)
class Effort:
    """Search effort per solve (an iteration budget and the local search's neighbourhood size),
    how evenly the work is spread (``balance_share``) and the slack kept free (``buffer_share``).

    The solver plans each route within its *nominal* length, ``balance_share × (1 −
    buffer_share)`` of the shift (less the break); what does not fit is placed afterwards by
    cheapest insertion into the whole shift, where each minute above a route's plannable time
    costs the planners' ``over_capacity_weight`` (:class:`sim.planning.routes.Plan`). A floater's
    nominal length is 0: planned only what nobody else can take."""

    iterations: int = 25
    neighbours: int = 30
    balance_share: float = 1.0  # share of the shift the solver fills
    buffer_share: float = 0.0  # share of each shift kept unplanned (planning.buffer_share)

    def nominal_share(self, floater: bool = False) -> float:
        """The share of a shift the solver may fill."""
        return 0.0 if floater else self.balance_share * (1.0 - self.buffer_share)


BIG = 10**7  # seconds: the travel time into a visit a caregiver may not do (lacks the skill)
PRIZE = 10**5  # seconds of travel a deferrable visit is worth: dropped only when it cannot fit


def _solve(
    jobs: list[tuple[Visit, float, float, frozenset[str]]],
    crew: Sequence[ShiftRun],
    plan: Plan,
    effort: Effort,
    origin: float,
    start_from: Sequence[Sequence[int]] | None = None,
    credit: dict[int, np.ndarray] | None = None,
) -> list[list[int]]:
    """One PyVRP solve: each crew member's route as job indices in order (jobs nobody got are
    absent). ``jobs`` are (visit, window start, window end, skills the caregiver needs);
    ``start_from`` is an initial route (job indices) per crew member for the search to start
    from; ``credit`` (visit uid -> minutes per crew member) puts continuity into the objective:
    each caregiver has a profile in which reaching a visit costs, on top of the travel, the
    credit the best-credited caregiver would get there less their own."""
    need = [n for *_, n in jobs]
    # where routes start and end: the office (0), or the homes some of a unit's caregivers start from
    bases = sorted({0} | {r.base for r in crew})
    stops = {(v.loc, n) for (v, *_), n in zip(jobs, need, strict=True)}
    places = sorted({(b, frozenset[str]()) for b in bases} | stops, key=lambda p: (p[0], sorted(p[1])))
    index = {p: i for i, p in enumerate(places)}
    base_loc = np.array([p[0] for p in places])

    def sec(x: float) -> int:
        return max(0, round((x - origin) * SEC))

    # one profile per (mode, skills): travel into a place whose skill the profile lacks is BIG;
    # with continuity in the objective, one per caregiver
    kinds: dict[tuple[int, frozenset[str], int], int] = {}
    types: dict[tuple[int, frozenset[str], float, float, float, int, bool, int], list[int]] = {}
    for k, r in enumerate(crew):
        who = k if credit is not None else -1
        kinds.setdefault((r.mode, r.skills, who), len(kinds))
        key = (r.mode, r.skills, r.start + r.meeting_min, r.end, r.break_min, r.base, r.floater, who)
        types.setdefault(key, []).append(k)
    missing = _missing_credit(jobs, places, index, len(crew), credit) if credit is not None else None
    durations, distances = [], []
    for mode, skills, who in kinds:
        m = np.rint(plan.travel_min[mode][np.ix_(base_loc, base_loc)] * SEC).astype(np.int64)
        barred = np.array([not p[1] <= skills for p in places])
        m[:, barred] = BIG
        np.fill_diagonal(m, 0)
        durations.append(m)
        if missing is None:
            distances.append(m)
            continue
        d = m + missing[:, who][None, :]
        d[:, barred] = BIG
        np.fill_diagonal(d, 0)
        distances.append(d)
    vehicle_types = []
    for (mode, skills, start, end, brk, base, floater, who), ks in types.items():
        # room for the meal break, which is placed in the route afterwards. The solver fills a
        # route up to its nominal end (Effort); PyVRP's overtime extends a route's duration
        # (shift_duration, unbounded here), not its time window, so the window's end binds
        # and the insertion repair fits what is left into the rest of the shift. Measured:
        # letting the solver use the whole shift instead (a soft end) cut minute-controlled
        # travel (16.0 -> 15.0 % of paid time) but raised distinct caregivers per client in
        # 14 days from 14.7 to 18.1 on the default district: kept as it is (issue 26).
        hard_end = max(sec(start), sec(end - brk))
        soft_end = max(sec(start), sec(start + effort.nominal_share(floater) * (end - brk - start)))
        vehicle_types.append(
            pyvrp.VehicleType(
                num_available=len(ks),
                tw_early=sec(start),
                tw_late=soft_end,
                max_overtime=hard_end - soft_end,
                unit_overtime_cost=1,
                profile=kinds[(mode, skills, who)],
                start_depot=bases.index(base),
                end_depot=bases.index(base),
            )
        )
    clients = [
        pyvrp.Client(
            location=index[(v.loc, n)],
            service_duration=round((v.allotted + plan.after_visit_min) * SEC),
            tw_early=sec(lo),
            tw_late=max(sec(lo), sec(hi)),
            required=not v.deferrable,
            prize=PRIZE if v.deferrable else 0,
        )
        for (v, lo, hi, _), n in zip(jobs, need, strict=True)
    ]
    data = pyvrp.ProblemData(
        locations=[pyvrp.Location(0.0, 0.0) for _ in places],
        clients=clients,
        depots=[pyvrp.Depot(location=index[(b, frozenset[str]())]) for b in bases],
        vehicle_types=vehicle_types,
        distance_matrices=distances,
        duration_matrices=durations,
    )
    params = pyvrp.SolveParams(neighbourhood=NeighbourhoodParams(num_neighbours=effort.neighbours))
    initial = None
    if start_from is not None:
        type_of = {k: t for t, ks in enumerate(types.values()) for k in ks}
        initial = pyvrp.Solution(
            data, [pyvrp.Route(data, list(r), type_of[k]) for k, r in enumerate(start_from) if r]
        )
    result = pyvrp.solve(
        data,
        stop=MaxIterations(effort.iterations),
        seed=0,
        collect_stats=False,
        display=False,
        params=params,
        initial_solution=initial,
    )
    out: list[list[int]] = [[] for _ in crew]
    pools = [list(ks) for ks in types.values()]
    for route in result.best.routes():
        k = pools[route.vehicle_type()].pop(0)
        out[k] = [a.idx for a in route.schedule() if a.type == pyvrp.ActivityType.CLIENT]
    # a plan that still breaks a window is repaired by the caller, with the same timing rules
    return out


def _missing_credit(
    jobs: Sequence[tuple[Visit, float, float, frozenset[str]]],
    places: Sequence[tuple[int, frozenset[str]]],
    index: dict[tuple[int, frozenset[str]], int],
    n_crew: int,
    credit: dict[int, np.ndarray],
) -> np.ndarray:
    """Per place and crew member, the credit (seconds) they would forgo there against the
    best-credited colleague: a visit's place is worth its client's best credit to whoever gets it
    (a place of several visits, the most any of them gives)."""
    got = np.zeros((len(places), n_crew))
    for v, *_, need in jobs:
        c = credit.get(v.uid)
        if c is not None:
            i = index[(v.loc, need)]
            got[i] = np.maximum(got[i], c)
    return np.rint((got.max(axis=1, keepdims=True) - got) * SEC).astype(np.int64)


def optimise(
    visits: Sequence[Visit],
    crew: Sequence[ShiftRun],
    plan: Plan,
    effort: Effort,
    late_weight: float = 1000.0,
    start_from: dict[int, list[int]] | None = None,
    double_starts: dict[int, float] | None = None,
    credit: dict[int, np.ndarray] | None = None,
) -> tuple[list[Route], list[Visit]]:
    """Routes for ``crew`` covering ``visits``, and the visits left unplanned.

    Each shift's visits are planned for the crew of that shift (as the dispatcher does),
    which keeps every solve small. ``start_from`` (crew index -> visit uids in order, e.g. a
    base schedule of another day) is where the search starts: what it keeps, clients keep.
    ``double_starts`` (uid -> minute) are double visits' starts known from such a plan: when
    every double visit has one, the first phase is skipped. ``credit`` (visit uid -> planner
    credit in minutes per crew member: who knows the client) is in the solver's objective.
    """
    routes: list[Route] = [Route(r) for r in crew]
    unplanned: list[Visit] = []
    for idx, group in duty_groups(visits, crew):
        start = [start_from.get(i, []) for i in idx] if start_from is not None else None
        mine = {uid: c[idx] for uid, c in credit.items()} if credit is not None else None
        part, missed = _optimise_group(
            group, [crew[i] for i in idx], subplan(plan, idx), effort, late_weight, start,
            double_starts or {}, mine,
        )  # fmt: skip
        for i, route in zip(idx, part, strict=True):
            routes[i] = route
        unplanned += missed
    return routes, unplanned


def _initial(
    jobs: Sequence[tuple[Visit, float, float, frozenset[str]]], uids: Sequence[Sequence[int]]
) -> list[list[int]]:
    """Initial routes as job indices: a uid's first appearance takes its first job (a double
    visit's second appearance its second copy); each job at most once."""
    slots: dict[int, list[int]] = {}
    for j, (v, *_) in enumerate(jobs):
        slots.setdefault(v.uid, []).append(j)
    used: dict[int, int] = {}
    out = []
    for route in uids:
        mine = []
        for uid in route:
            n = used.get(uid, 0)
            if uid in slots and n < len(slots[uid]):
                mine.append(slots[uid][n])
                used[uid] = n + 1
        out.append(mine)
    return out


def _optimise_group(
    visits: Sequence[Visit], crew: Sequence[ShiftRun], plan: Plan, effort: Effort, late_weight: float,
    start_from: Sequence[Sequence[int]] | None = None, known: dict[int, float] | None = None,
    credit: dict[int, np.ndarray] | None = None,
) -> tuple[list[Route], list[Visit]]:  # fmt: skip
    routes = [Route(r) for r in crew]
    if not crew:
        return routes, list(visits)
    origin = float(np.floor(min(r.start for r in crew)))
    here = {v.uid for v in visits}
    followers = [v for v in visits if v.leader is not None and v.leader.uid in here]
    singles = [(v, *_window(v), v.skills) for v in visits if not v.double]
    doubles = [v for v in visits if v.double] if len(crew) >= 2 else []
    jobs = singles
    if doubles or followers:
        start = known or {}
        if followers or not all(v.uid in start for v in doubles):
            # phase 1: each double visit as one job, to fix its start (and each linked visit's)
            jobs = singles + [(v, float(v.earliest), float(v.latest), v.skills) for v in doubles]
            start = {}
            init = _initial(jobs, start_from) if start_from is not None else None
            for k, order in enumerate(_solve(jobs, crew, plan, effort, origin, init, credit)):
                trial = Route(crew[k], [jobs[j][0] for j in order])
                retime(trial, plan)
                start.update(
                    (t.uid, s)
                    for t, s in zip(trial.tasks, trial.starts, strict=True)
                    if isinstance(t, Visit) and (t.double or t.uid in here)
                )
        # phase 2: two copies with the zero-width window [T, T]; a linked pair around its leader's T
        pinned = _pin(followers, start)
        jobs = [(v, *pinned.get(v.uid, (lo, hi)), n) for v, lo, hi, n in singles]
        for v in doubles:
            if v.uid in start:
                t = start[v.uid]
                jobs += [(v, t, t, v.skills), (v, t, t, v.partner_skills)]
    seen: dict[int, list[int]] = {}
    init = _initial(jobs, start_from) if start_from is not None else None
    for k, order in enumerate(_solve(jobs, crew, plan, effort, origin, init, credit)):
        for j in order:
            v = jobs[j][0]
            routes[k].tasks.append(v)
            if v.double:
                seen.setdefault(v.uid, []).append(k)
                plan.fixed[v.uid] = jobs[j][1]
    # a double visit whose two copies did not both find a caregiver is re-placed as a pair
    split = {
        uid
        for uid, where in seen.items()
        if len(where) != 2 or crew[where[0]].person.id == crew[where[1]].person.id
    }
    for uid in split:
        del plan.fixed[uid]
    for route in routes:
        route.tasks = [t for t in route.tasks if not (isinstance(t, Visit) and t.uid in split)]
        retime(route, plan)
        place_break(route, plan)
    # what cannot be synchronised or linked leaves its route and is placed again below
    settle(routes, plan)
    before = snapshot(routes, plan)
    # what the solver could not keep in time is taken out and placed again where it is least late
    dropped = [v for route in routes for v in drop_late(route, plan)]
    unplanned = _place_rest(routes, visits, crew, plan, late_weight)
    if dropped:
        # … unless leaving it where the solver put it costs less (when the windows cannot all be
        # kept, the solver's order may be less late than the insertion's route ends)
        cost = _cost(routes, plan, late_weight, unplanned)
        after, placed_after = snapshot(routes, plan), unplanned
        restore(routes, plan, before)
        unplanned = _place_rest(routes, visits, crew, plan, late_weight)
        if cost <= _cost(routes, plan, late_weight, unplanned):
            restore(routes, plan, after)
            unplanned = placed_after
    return routes, unplanned


def _cost(routes: Sequence[Route], plan: Plan, late_weight: float, unplanned: Sequence[Visit]) -> float:
    """What the planner weighs: travel, minutes late and past the shift end, and what is left out."""
    late = sum(
        max(0.0, s - t.latest) for route in routes for t, s in zip(route.tasks, route.starts, strict=True)
        if isinstance(t, Visit)
    )  # fmt: skip
    over = sum(max(0.0, route.back - route.run.end) for route in routes)
    travel = sum(route.travel for route in routes)
    return (
        plan.travel_weight * travel
        + late_weight * late
        + plan.overtime_weight * over
        + PRIZE * len(unplanned)
    )


def _place_rest(
    routes: list[Route], visits: Sequence[Visit], crew: Sequence[ShiftRun], plan: Plan, late_weight: float
) -> list[Visit]:
    """Place every visit not in a route by cheapest insertion (tight windows first, a leader before
    the visits that follow it); returns those nobody can make."""
    placed = {t.uid for route in routes for t in route.visits()}
    # a linked visit's wait is not a promise to a second caregiver, as a double visit's start is:
    # what is placed below may move it, and the links are settled again when the plan is written
    waits = [v.uid for v in visits if not v.double and v.uid in plan.fixed]
    for uid in waits:
        del plan.fixed[uid]
    if waits:  # (without linked visits, only double visits are fixed: nothing to retime)
        for route in routes:
            retime(route, plan)
    unplanned = []
    todo = [v for v in visits if v.uid not in placed]
    for v in sorted(todo, key=lambda x: (x.leader is not None, x.latest - x.earliest, x.earliest, x.uid)):
        if (v.double and len(crew) < 2) or not place(routes, v, plan, None, late_weight):
            unplanned.append(v)
    return unplanned


def _window(v: Visit) -> tuple[float, float]:
    """The start window the solver is given: a linked visit's opens ``min`` after its leader's
    window does."""
    lo, hi = float(v.earliest), float(v.latest)
    if v.leader is not None:
        lead_opens = v.leader.earliest + gaps(v)[0]  # a window's bound, not an arrival
        lo = lo if lo >= lead_opens else lead_opens
    return lo, max(lo, hi)


def _pin(followers: Sequence[Visit], start: dict[int, float]) -> dict[int, tuple[float, float]]:
    """Windows that keep each linked pair's gaps whatever the solver does inside them, around the
    leader's start ``T`` of the first phase: the leader starts in [T − d, T], the follower in
    [T + min, T − d + max], with d at most half the slack max − min (the fix-the-start
    decomposition, as for double visits)."""
    out: dict[int, tuple[float, float]] = {}
    for f in followers:
        lead = f.leader
        assert lead is not None
        t = start.get(lead.uid)
        if t is None or lead.double or f.double:
            continue
        lo_gap, hi_gap = gaps(f)
        slack = (hi_gap - lo_gap) / 2.0 if math.isfinite(hi_gap) else math.inf
        # window bounds, not arrivals: never before the visit's own window opens
        lead_opens, f_opens = float(lead.earliest), float(f.earliest)
        lead_lo = min(t, max(lead_opens, t - slack))
        prev = out.get(lead.uid)  # a leader followed twice keeps the narrower window
        out[lead.uid] = (max(lead_lo, prev[0]), t) if prev else (lead_lo, t)
        f_lo = max(f_opens, t + lo_gap)
        f_hi = min(float(f.latest), lead_lo + hi_gap)
        out[f.uid] = (f_lo, max(f_lo, f_hi))
    return out
