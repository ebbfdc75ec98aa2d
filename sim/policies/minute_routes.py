"""Central planning with a routing tool (planning.router=optimiser): an optimised base schedule
per rota-cycle day, repaired each morning.

* **Base schedule.** For the nominal day (everyone on the rota present, no hospital
  stays) the VRP optimiser (:mod:`sim.planning.vrp`) packs the routes; a relocate
  step then moves a visit to another route where the travel it adds is less than
  the planner's credit for continuity: another visit of the same client that day
  (``same_client_weight_min``), a caregiver who knows the client
  (``continuity_weight_min``), the slot that holds the visit on the cycle's other
  days (``base_schedule_weight_min``).
* **Daily repair.** Each rota position keeps its base route — a substitute takes
  over the absent person's route as it stands. Visits that are not in the base
  (new clients, visits a vacant position or a lacking skill cannot do), and visits
  a changed allotment has pushed past their window, are re-placed by cheapest
  insertion, tight windows first; a deferrable visit nobody can make in time is
  cancelled, an essential one planned as little late as possible.
* **Rebuild rule.** A base schedule is rebuilt after ``base_rebuild_days`` or, earlier,
  when the repair had to re-place more than ``rebuild_drift_share`` of a day's visits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sim.config.reads import Reads, both, model_equals, model_is
from sim.engine.state import Break, ShiftRun, Visit
from sim.planning.dispatch import plannable_capacity
from sim.planning.duty import duty_groups
from sim.planning.moves import relocate
from sim.planning.routes import (
    EPS,
    Credit,
    Plan,
    Route,
    pair_skilled,
    place,
    retime,
    subplan,
)
from sim.planning.settle import settle, write_queues
from sim.planning.vrp import Effort, optimise
from sim.policies.affinity import continuity_affinity
from sim.policies.minute import nominal_day
from sim.world.staff import cycle_day

if TYPE_CHECKING:
    from sim.engine.simulate import ModelRun
    from sim.organisation import Unit

# The config keys the optimiser reads (issue 25: sim/config/reads.py); it plans with PyVRP's
# objective, so the greedy router's weights (travel_weight, idle_weight …) are not among them.
READS = Reads(
    "the optimiser (sim/policies/minute_routes.py, sim/planning/vrp.py)",
    (
        "models.*.planning.router_iterations",
        "models.*.planning.router_neighbours",
        "models.*.planning.route_balance_share",
        "models.*.planning.rebuild_drift_share",
        "models.*.planning.late_weight",
        "models.*.planning.same_client_weight_min",
        "models.*.planning.time_consistency_min",
        "models.*.planning.continuity_in_solver",
        "models.*.planning.buffer_share",
        "models.*.planning.buffer_placement",
    ),
    model_equals("planning.router", "optimiser"),
)
BUFFER_READS = Reads(
    "the optimiser's buffer (sim/policies/minute_routes.py)",
    ("models.*.planning.over_capacity_weight",),
    both(
        model_equals("planning.router", "optimiser"),
        model_is("planning.buffer_share", lambda v: v > 0, "buffer_share > 0"),
    ),
)


# credit of one visit for every route, in route order (the relocate step's fast path)
CreditRow = Callable[[Visit, Sequence[Route]], list[float]]

PlanKey = tuple[int, int]  # (client id, planned visit index)


@dataclass(frozen=True)
class BaseRoutes:
    """A base schedule: each slot's route as plan keys (None = the break), each double visit's
    common start and each visit's planned start, in minutes after midnight."""

    built_day: int
    routes: dict[int, tuple[PlanKey | None, ...]]
    double_start: dict[PlanKey, float]
    starts: dict[PlanKey, float] = field(default_factory=dict)

    def holders(self) -> dict[PlanKey, tuple[int, ...]]:
        """Plan key -> the slots that hold it."""
        out: dict[PlanKey, list[int]] = {}
        for slot, keys in self.routes.items():
            for k in keys:
                if k is not None:
                    out.setdefault(k, []).append(slot)
        return {k: tuple(v) for k, v in out.items()}


def _buffer(mr: ModelRun) -> float:
    """The share of each route kept unplanned (``buffer_placement=spread``; floaters keep
    theirs whole instead)."""
    cfg = mr.cfg.planning
    return cfg.buffer_share if cfg.buffer_placement == "spread" else 0.0


def _effort(mr: ModelRun) -> Effort:
    cfg = mr.cfg.planning
    return Effort(cfg.router_iterations, cfg.router_neighbours, cfg.route_balance_share, _buffer(mr))


def _key(v: Visit) -> PlanKey:
    return (v.client.id, v.plan.index)


def _static_credit(
    mr: ModelRun,
    visits: Sequence[Visit],
    crew: Sequence[ShiftRun],
    day: int,
    held: dict[PlanKey, np.ndarray],
) -> np.ndarray:
    """Credit (minutes) per visit and crew member that does not depend on the rest of the plan:
    who knows the client, the contact person, and the slots that hold the visit in other base
    schedules (``held``: plan key -> share per crew member)."""
    cfg = mr.cfg.planning
    out = np.zeros((len(visits), len(crew)))
    if (cfg.continuity_weight_min > 0 or cfg.contact_person_bonus_min > 0) and visits and crew:
        out += continuity_affinity(mr, day)(visits, crew)
    for i, v in enumerate(visits):
        h = held.get(_key(v))
        if h is not None:
            out[i] += cfg.base_schedule_weight_min * h
    return out


def _credit(mr: ModelRun, visits: Sequence[Visit], static: np.ndarray) -> Credit:
    """The static credit plus ``same_client_weight_min`` when the route already has the client."""
    row = {v.uid: i for i, v in enumerate(visits)}
    same_w = mr.cfg.planning.same_client_weight_min
    rows: list[list[float]] = static.tolist()  # the same doubles, read faster than array items

    def credit(v: Visit, i: int, routes: Sequence[Route]) -> float:
        r = row.get(v.uid)
        c = rows[r][i] if r is not None else 0.0
        if same_w and routes[i].has_other_visit_of(v):
            c += same_w
        return c

    return credit


def _credit_row(mr: ModelRun, visits: Sequence[Visit], static: np.ndarray) -> CreditRow:
    """:func:`_credit` of one visit for every route at once (the relocate step asks for all)."""
    row = {v.uid: i for i, v in enumerate(visits)}
    same_w = mr.cfg.planning.same_client_weight_min
    rows: list[list[float]] = static.tolist()

    def credit_row(v: Visit, routes: Sequence[Route]) -> list[float]:
        r = row.get(v.uid)
        base = rows[r] if r is not None else [0.0] * len(routes)
        if not same_w:
            return list(base)
        cid, out = v.client.id, []
        for j, route in enumerate(routes):
            n = route.clients.get(cid, 0)
            other = n >= 2 or (n == 1 and v not in route.tasks)  # Route.has_other_visit_of
            out.append(base[j] + same_w if other else base[j])
        return out

    return credit_row


def _match(routes: list[Route], static: np.ndarray, visits: Sequence[Visit]) -> list[Route]:
    """Give each route to the interchangeable crew member (same shift, mode, skills and hours)
    it credits most: the optimiser's routes are anonymous, slots are not."""
    # imported here: scipy.optimize adds about half a second to every process that imports sim
    from scipy.optimize import linear_sum_assignment

    row = {v.uid: i for i, v in enumerate(visits)}
    groups: dict[tuple[object, ...], list[int]] = {}
    for j, route in enumerate(routes):
        r = route.run
        groups.setdefault((r.shift, r.mode, r.skills, r.start, r.end, r.break_min), []).append(j)
    out = list(routes)
    for members in groups.values():
        if len(members) < 2:
            continue
        score = np.zeros((len(members), len(members)))
        for a, ja in enumerate(members):
            rows = [row[v.uid] for v in routes[ja].visits() if v.uid in row]
            score[a] = static[np.ix_(rows, members)].sum(axis=0) if rows else 0.0
        ra, cb = linear_sum_assignment(score, maximize=True)
        for a, b in zip(ra.tolist(), cb.tolist(), strict=True):
            src, dst = routes[members[a]], routes[members[b]]
            out[members[b]] = Route(dst.run, src.tasks)
    return out


def _slot_shares(crew: Sequence[ShiftRun], bases: Sequence[BaseRoutes]) -> dict[PlanKey, np.ndarray]:
    """Per plan key, the share of ``bases`` in which each crew member's slot holds it."""
    col = {r.slot.id: j for j, r in enumerate(crew)}
    out: dict[PlanKey, np.ndarray] = {}
    for b in bases:
        for slot, keys in b.routes.items():
            j = col.get(slot)
            if j is None:
                continue
            for k in keys:
                if k is not None:
                    out.setdefault(k, np.zeros(len(crew)))[j] += 1.0 / len(bases)
    return out


def day_plan(mr: ModelRun, unit: Unit, day: int, crew: Sequence[ShiftRun] = ()) -> Plan:
    """How the unit's routes of ``day`` are timed: planning travel, logging, the overtime cap;
    with a buffer (``planning.buffer_share``), each of ``crew``'s routes holds its plannable
    minutes and pays ``over_capacity_weight`` per minute beyond (a floater holds none)."""
    capacity = None
    if mr.cfg.planning.buffer_share > 0 and crew:
        capacity = [plannable_capacity(r, _buffer(mr)) for r in crew]
    return Plan(
        mr.plan_travel(unit.district, day),
        mr.cfg.overheads.logging_min_per_visit,
        {},
        capacity=capacity,
        over_capacity_weight=mr.cfg.planning.over_capacity_weight if capacity is not None else 0.0,
        max_overtime=mr.sc.staffing.max_overtime_min,
    )


def build_base(mr: ModelRun, unit: Unit, day: int, visits: list[Visit], crew: list[ShiftRun]) -> BaseRoutes:
    """Optimise the nominal day's routes, then trade travel for continuity where it pays."""
    cfg = mr.cfg.planning
    plan = day_plan(mr, unit, day, crew)
    others = [b for (u, _), b in mr.policy.state.routes.items() if u == unit.index]
    # the search starts from the base schedule built last: routes it keeps, clients keep
    start_from, starts = None, None
    if others:
        last = max(others, key=lambda b: b.built_day)
        uid = {_key(v): v.uid for v in visits}
        start_from = {
            k: [uid[key] for key in last.routes.get(r.slot.id, ()) if key is not None and key in uid]
            for k, r in enumerate(crew)
        }
        # and a double visit keeps the start it has on the other days, as planners keep it
        starts = {uid[k]: day * 1440 + t for k, t in last.double_start.items() if k in uid}
    # time consistency: each visit is planned near its time on the rota's other days. Measured
    # (issue 26): narrowing the windows for the solver alone left the spread at 39 min (the
    # repair and the relocate step move visits back), so the base schedule keeps to them throughout
    windows = _consistent_windows(visits, others, day, cfg.time_consistency_min)
    for v in visits:  # the nominal day's visits exist only to build the base schedule
        if v.uid in windows:
            v.earliest, v.latest = windows[v.uid]
            v.not_before = float(v.earliest)
    static = _static_credit(mr, visits, crew, day, _slot_shares(crew, others))
    # continuity in the solver's objective: who knows the client, the contact person, the slot
    # that holds the visit on other days (the relocate step below trades what is left)
    credit = {v.uid: static[i] for i, v in enumerate(visits)} if cfg.continuity_in_solver else None
    routes, _ = optimise(visits, crew, plan, _effort(mr), cfg.late_weight, start_from, starts, credit)
    routes = _match(routes, static, visits)
    for route in routes:
        retime(route, plan)
    relocate(routes, plan, _credit(mr, visits, static), credit_row=_credit_row(mr, visits, static))
    out: dict[int, tuple[PlanKey | None, ...]] = {}
    for route in routes:
        out[route.run.slot.id] = tuple(None if isinstance(t, Break) else _key(t) for t in route.tasks)
    double_start = {
        _key(v): plan.fixed[v.uid] - day * 1440 for v in visits if v.double and v.uid in plan.fixed
    }
    at = {
        _key(t): s - day * 1440
        for route in routes
        for t, s in zip(route.tasks, route.starts, strict=True)
        if isinstance(t, Visit)
    }
    return BaseRoutes(day, out, double_start, at)


def _consistent_windows(
    visits: Sequence[Visit], others: Sequence[BaseRoutes], day: int, within_min: float
) -> dict[int, tuple[int, int]]:
    """Each visit's window narrowed to ``within_min`` either side of the median time it has in the
    unit's base schedules of the rota's other days, where that overlaps its own (uid ->
    (earliest, latest), minutes). The promise to the client, the real visits' windows, is
    untouched: the daily repair keeps to it."""
    if within_min <= 0 or not others:
        return {}
    out: dict[int, tuple[int, int]] = {}
    for v in visits:
        seen = [b.starts[_key(v)] for b in others if _key(v) in b.starts]
        if not seen or v.double:
            continue
        at = day * 1440 + float(np.median(seen))
        opens, closes = v.earliest, v.latest  # the window's bounds (not an arrival)
        lo, hi = max(opens, round(at - within_min)), min(closes, round(at + within_min))
        if lo <= hi:
            out[v.uid] = (lo, hi)
    return out


def base_routes(mr: ModelRun, unit: Unit, day: int) -> BaseRoutes:
    """The unit's base schedule for ``day``'s place in the rota cycle, rebuilt by the rule."""
    store = mr.policy.state.routes
    key = (unit.index, cycle_day(mr.world.calendar, mr.sc.staffing, day))
    got = store.get(key)
    stale = key in mr.policy.state.drifted
    if got is None or stale or day - got.built_day >= mr.cfg.planning.base_rebuild_days:
        visits, crew = nominal_day(mr, unit, day)
        got = store[key] = build_base(mr, unit, day, visits, crew)
        mr.policy.state.drifted.discard(key)
    return got


def _place_in_shift(
    routes: list[Route], visits: Sequence[Visit], plan: Plan, credit: Credit, late_weight: float,
    on_missed: Callable[[Visit], None],
) -> None:  # fmt: skip
    """Place each visit in the routes of those on duty when it can be made
    (:func:`sim.planning.duty.duty_groups`), in the order given."""
    part_of: dict[int, list[int]] = {}
    for idx, group in duty_groups(visits, [r.run for r in routes]):
        part_of.update((v.uid, idx) for v in group)
    for v in visits:
        idx = part_of.get(v.uid, [])
        part = [routes[i] for i in idx]

        def sub_credit(w: Visit, a: int, _: Sequence[Route], idx: list[int] = idx) -> float:
            return credit(w, idx[a], routes)

        if (v.double and len(part) < 2) or not place(part, v, subplan(plan, idx), sub_credit, late_weight):
            on_missed(v)


def plan_day(mr: ModelRun, unit: Unit, visits: list[Visit], crew: list[ShiftRun], day: int) -> None:
    """Repair the base schedule for today's visits and crew into the crew's queues."""
    cfg = mr.cfg.planning
    base = base_routes(mr, unit, day)
    plan = day_plan(mr, unit, day, crew)
    by_key = {_key(v): v for v in visits}
    routes = [Route(r) for r in crew]
    copies: dict[int, list[int]] = {}
    for i, r in enumerate(crew):
        # a floater's base route is handed to the others today (placed again below)
        for k in () if r.floater else base.routes.get(r.slot.id, ()):
            if k is None:
                if r.break_min > 0:
                    routes[i].tasks.append(Break(r.break_min))
                continue
            v = by_key.get(k)
            if v is None or (not v.double and not v.skills <= r.skills):
                continue
            routes[i].tasks.append(v)
            if v.double:
                copies.setdefault(v.uid, []).append(i)
    for v in visits:
        where = copies.get(v.uid)
        if where is None:
            continue
        two = len(where) == 2 and crew[where[0]].person.id != crew[where[1]].person.id
        if two and pair_skilled(v, crew[where[0]].skills, crew[where[1]].skills):
            plan.fixed[v.uid] = day * 1440 + base.double_start[_key(v)]
        else:
            for i in where:
                routes[i].tasks.remove(v)
    for route in routes:
        retime(route, plan)
    settle(routes, plan)
    # what a changed allotment pushed past its window (or past the shift end) is re-placed
    for route in routes:
        late = [
            t for t, s in zip(route.tasks, route.starts, strict=True)
            if isinstance(t, Visit) and not t.double and s > t.latest + EPS
        ]  # fmt: skip
        if late:
            route.tasks = [t for t in route.tasks if t not in late]
            retime(route, plan)
    placed = {t.uid for route in routes for t in route.visits()}
    leftovers = sorted(
        (v for v in visits if v.uid not in placed), key=lambda v: (v.latest - v.earliest, v.earliest, v.uid)
    )
    if leftovers:
        credit = _credit(mr, visits, _static_credit(mr, visits, crew, day, _slot_shares(crew, [base])))
        _place_in_shift(routes, leftovers, plan, credit, cfg.late_weight, mr.missed)
    if visits and len(leftovers) / len(visits) > cfg.rebuild_drift_share:
        mr.policy.state.drifted.add((unit.index, cycle_day(mr.world.calendar, mr.sc.staffing, day)))
    write_queues(routes, plan, mr.missed, cfg.late_weight)


def plan_fresh(mr: ModelRun, unit: Unit, visits: list[Visit], crew: list[ShiftRun], day: int) -> None:
    """Optimise today's routes from scratch (strategy=daily), then trade travel for continuity."""
    cfg = mr.cfg.planning
    plan = day_plan(mr, unit, day, crew)
    routes, unplanned = optimise(visits, crew, plan, _effort(mr), cfg.late_weight)
    static = _static_credit(mr, visits, crew, day, {})
    relocate(routes, plan, _credit(mr, visits, static), credit_row=_credit_row(mr, visits, static))
    for v in unplanned:
        mr.missed(v)
    write_queues(routes, plan, mr.missed, cfg.late_weight)
