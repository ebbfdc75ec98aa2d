"""The route optimiser (PyVRP + repair) and the insertion moves, on small hand-made days.

Pins what a planner's routes must respect: windows, skills, each caregiver's travel
mode, shift ends, breaks inside their window, synchronised double visits, and
determinism (same input -> same routes).
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.engine.state import Break, Person, ShiftRun, Visit
from sim.planning.by_hand import plan_by_hand
from sim.planning.dispatch import DispatchWeights
from sim.planning.routes import Plan, Route, best_insertion, insertion, retime
from sim.planning.settle import write_queues
from sim.planning.vrp import Effort, optimise
from sim.world.clients import Client, VisitPlan
from sim.world.staff import StaffSlot

N_LOC = 12


def _travel(n_modes: int = 1, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 10, size=(N_LOC, 2))
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1)) + 2.0
    np.fill_diagonal(d, 0.0)
    # mode 1 (walking) is three times slower than mode 0 (car)
    return np.stack([d * (1 + 2 * m) for m in range(n_modes)])


def _run(
    k: int,
    skills: frozenset[str] = frozenset(),
    mode: int = 0,
    start: float = 420.0,
    end: float = 900.0,
    break_min: float = 0.0,
    be: float = 660.0,
    bl: float = 780.0,
) -> ShiftRun:
    slot = StaffSlot(k, 0, "day", 1.0, 0, frozenset(), skills, "car")
    return ShiftRun(
        Person(k, 0, "regular", slot), slot, 0, 0, "day", start, end, break_min, be, bl, mode, skills
    )


def _visit(
    uid: int,
    loc: int,
    lo: float,
    hi: float,
    minutes: float = 30.0,
    skills: frozenset[str] = frozenset(),
    double: bool = False,
    essential: float = 1.0,
) -> Visit:
    week = frozenset(range(7))
    plan = VisitPlan(
        uid, 0, "day", int(lo), int(hi), "day", ("t",), minutes, essential, skills, double, week, 1, 0
    )
    client = Client(uid, 0, loc, "-", 1.0, 0.0, (plan,))
    return Visit(uid, 0, plan, client, 0, minutes, 0.0)


def _day(n: int = 24, seed: int = 5) -> list[Visit]:
    rng = np.random.default_rng(seed)
    out = []
    for uid in range(1, n + 1):
        lo = float(rng.choice([450, 540, 660, 780]))
        out.append(_visit(uid, int(rng.integers(1, N_LOC)), lo, lo + 120, float(rng.choice([15, 30, 45]))))
    return out


def _plan(routes: list[Route]) -> list[list[tuple[int, float]]]:
    return [
        [(t.uid, s) for t, s in zip(r.tasks, r.starts, strict=True) if isinstance(t, Visit)] for r in routes
    ]


def test_every_visit_is_planned_inside_its_window_when_the_crew_can() -> None:
    crew = [_run(k) for k in range(4)]
    visits = _day()
    plan = Plan(_travel(), 1.0, {})
    routes, unplanned = optimise(visits, crew, plan, Effort())
    assert not unplanned
    planned = [(t, s) for r in routes for t, s in zip(r.tasks, r.starts, strict=True) if isinstance(t, Visit)]
    assert sorted(t.uid for t, _ in planned) == [v.uid for v in visits]
    for t, s in planned:
        assert t.earliest - 1e-6 <= s <= t.latest + 1e-6
    for r in routes:
        assert r.back <= r.run.end + 1e-6


def test_routes_are_timed_as_the_engine_works_them() -> None:
    crew = [_run(0)]
    visits = [_visit(1, 3, 450, 600), _visit(2, 5, 460, 700)]
    tm = _travel()
    plan = Plan(tm, 1.0, {})
    routes, _ = optimise(visits, crew, plan, Effort())
    r = routes[0]
    t, loc = 420.0, 0
    for task, s in zip(r.tasks, r.starts, strict=True):
        assert isinstance(task, Visit)
        assert s == pytest.approx(max(t + tm[0, loc, task.loc], task.earliest))
        t, loc = s + task.allotted + 1.0, task.loc
    assert r.back == pytest.approx(t + tm[0, loc, 0])


def test_a_visit_needing_a_skill_goes_to_a_caregiver_who_has_it() -> None:
    crew = [_run(0), _run(1, frozenset({"delegation"})), _run(2)]
    visits = _day(18)
    for v in visits[::3]:
        v.skills = frozenset({"delegation"})
    routes, unplanned = optimise(visits, crew, Plan(_travel(), 0.0, {}), Effort())
    assert not unplanned
    for r in routes:
        for t in r.visits():
            assert t.skills <= r.run.skills


def test_nobody_with_the_skill_leaves_the_visit_unplanned_or_late_never_wrongly_staffed() -> None:
    crew = [_run(0), _run(1)]
    v = _visit(1, 3, 450, 600, skills=frozenset({"delegation"}), essential=0.0)
    v.deferrable = True
    routes, unplanned = optimise([v], crew, Plan(_travel(), 0.0, {}), Effort())
    assert unplanned == [v]
    assert all(not r.visits() for r in routes)


def test_each_caregiver_travels_at_the_speed_of_their_own_mode() -> None:
    tm = _travel(2)
    car, walker = _run(0, mode=0), _run(1, mode=1)
    visits = _day(16)
    routes, _ = optimise(visits, [car, walker], Plan(tm, 0.0, {}), Effort())
    for r in routes:
        prev = 0
        legs = 0.0
        for t in r.visits():
            legs += tm[r.run.mode, prev, t.loc]
            prev = t.loc
        assert r.travel == pytest.approx(legs + tm[r.run.mode, prev, 0])


def test_double_visits_get_two_different_caregivers_who_start_together() -> None:
    crew = [_run(k) for k in range(4)]
    visits = _day(20)
    for v in visits[::4]:
        v.double = True
    plan = Plan(_travel(), 1.0, {})
    routes, unplanned = optimise(visits, crew, plan, Effort())
    assert not unplanned
    for v in (v for v in visits if v.double):
        holders = [i for i, r in enumerate(routes) if v in r.tasks]
        assert len(holders) == 2, v.uid
        starts = {routes[i].starts[routes[i].tasks.index(v)] for i in holders}
        assert max(starts) - min(starts) < 1e-3
        assert plan.fixed[v.uid] == pytest.approx(min(starts), abs=1e-3)
    write_queues(routes, plan)
    for r in crew:
        keys = [t.order_key() for t in r.queue if isinstance(t, Visit)]
        assert keys == sorted(keys), "queues in planned order, so double visits never deadlock"


def test_a_double_visit_needs_its_skill_in_one_of_the_two() -> None:
    crew = [_run(0, frozenset({"lift"})), _run(1), _run(2)]
    v = _visit(1, 4, 480, 540, double=True, skills=frozenset({"lift"}))
    routes, unplanned = optimise([v], crew, Plan(_travel(), 0.0, {}), Effort())
    assert not unplanned
    holders = [r.run for r in routes if v in r.tasks]
    assert len(holders) == 2 and any("lift" in h.skills for h in holders)


def test_the_break_is_placed_inside_its_window() -> None:
    crew = [_run(k, break_min=30.0) for k in range(3)]
    visits = _day(18)
    routes, _ = optimise(visits, crew, Plan(_travel(), 1.0, {}), Effort())
    for r in routes:
        brk = [s for t, s in zip(r.tasks, r.starts, strict=True) if isinstance(t, Break)]
        assert len(brk) == 1
        assert r.run.break_earliest - 1e-6 <= brk[0] <= r.run.break_latest + 1e-6


def test_an_essential_visit_nobody_can_make_in_time_is_planned_late_not_dropped() -> None:
    crew = [_run(0, start=600.0)]
    v = _visit(1, 3, 450, 480)  # the window closes before anyone starts work
    routes, unplanned = optimise([v], crew, Plan(_travel(), 0.0, {}), Effort())
    assert not unplanned
    assert routes[0].starts[0] > v.latest


def test_the_optimiser_is_deterministic() -> None:
    def once() -> list[list[tuple[int, float]]]:
        crew = [_run(k, break_min=30.0) for k in range(4)]
        visits = _day(30, seed=9)
        for v in visits[::5]:
            v.double = True
        return _plan(optimise(visits, crew, Plan(_travel(), 1.0, {}), Effort())[0])

    assert once() == once()


def test_more_search_effort_never_plans_longer_routes_on_this_day() -> None:
    def travel(effort: Effort) -> float:
        routes, _ = optimise(_day(30, seed=2), [_run(k) for k in range(4)], Plan(_travel(), 0.0, {}), effort)
        return sum(r.travel for r in routes)

    assert travel(Effort(500, 60)) <= travel(Effort(1, 5)) + 1e-6


def test_insertion_refuses_to_push_a_visit_past_its_window_or_a_double_visit_off_its_start() -> None:
    tm = _travel()
    r = Route(_run(0), [_visit(1, 3, 450, 460), _visit(2, 5, 500, 505)])
    plan = Plan(tm, 0.0, {})
    retime(r, plan)
    long_visit = _visit(9, 4, 420, 900, minutes=200.0)
    assert insertion(r, 0, long_visit, plan) is None  # would push visit 1 past 460
    assert insertion(r, 2, long_visit, plan) is not None  # after the last visit it fits
    plan.fixed[2] = r.starts[1]
    small = _visit(8, 4, 420, 900, minutes=5.0)
    got = insertion(r, 1, small, plan)
    if got is not None:  # allowed only if visit 2 keeps its fixed start
        assert got[1] + 5.0 + tm[0, 4, 5] <= r.starts[1] + 1e-6


def test_teams_plan_flexible_visits_around_the_timed_ones() -> None:
    """A wide-window visit listed first must not push a narrow-window visit past its window."""
    crew = [_run(0)]
    flexible = _visit(1, 3, 420, 840, minutes=120.0, essential=0.0)
    flexible.deferrable = True
    timed = _visit(2, 5, 480, 500, minutes=30.0)
    missed: list[Visit] = []
    plan_by_hand([flexible, timed], crew, _travel(), DispatchWeights(), None, 0.0, missed.append, 0.0, 240.0)
    assert not missed
    assert timed.planned_start <= timed.latest
    assert flexible.planned_start >= timed.planned_start


@pytest.mark.parametrize("seed", range(6))
def test_best_insertion_skips_only_positions_where_insertion_fails(seed: int) -> None:
    """best_insertion stops scanning a route once the caregiver is free only after the visit's
    window has closed (free times never decrease along a route): every position it skips must
    be one where insertion refuses the visit, and its answer is the cheapest of the rest."""
    crew = [_run(k, break_min=30.0) for k in range(3)]
    plan = Plan(_travel(), 1.0, {})
    routes, _ = optimise(_day(30, seed=seed), crew, plan, Effort(5, 10))
    rng = np.random.default_rng(seed)
    skipped = 0
    for uid in range(100, 140):
        lo = float(rng.uniform(420, 840))
        v = _visit(uid, int(rng.integers(1, N_LOC)), lo, lo + float(rng.choice([10, 30, 90])), 20.0)
        feasible = []
        for i, r in enumerate(routes):
            for k in range(len(r.tasks) + 1):
                got = insertion(r, k, v, plan)
                if k < len(r.tasks) and r.free_before[k] > v.latest + 1e-6:
                    assert got is None
                    skipped += 1
                elif got is not None:
                    feasible.append((plan.travel_weight * got[0] + plan.overtime_weight * got[2], i, k))
        best = best_insertion(routes, v, plan, None)
        if not feasible:
            assert best is None
        else:
            assert best is not None and best[0] == pytest.approx(min(feasible)[0])
    assert skipped > 0


@pytest.mark.parametrize("same_w", [0.0, 60.0])
def test_the_relocate_steps_credit_row_equals_the_credit_of_each_route(same_w: float) -> None:
    """minute_routes gives the relocate step every route's credit of a visit at once; it must
    equal asking the per-route credit route by route, and relocate must move the same visits."""
    import copy
    from types import SimpleNamespace

    from sim.planning.moves import relocate
    from sim.policies.minute_routes import _credit, _credit_row

    crew = [_run(k) for k in range(4)]
    plan = Plan(_travel(), 1.0, {})
    visits = _day(28, seed=4)
    routes, _ = optimise(visits, crew, plan, Effort(5, 10))
    mr = SimpleNamespace(cfg=SimpleNamespace(planning=SimpleNamespace(same_client_weight_min=same_w)))
    static = np.random.default_rng(1).uniform(0, 80, size=(len(visits) - 3, len(crew)))
    known = visits[: len(visits) - 3]  # the last three have no static credit
    credit, row = _credit(mr, known, static), _credit_row(mr, known, static)  # type: ignore[arg-type]
    for r in routes:
        for v in r.visits():
            assert row(v, routes) == [credit(v, j, routes) for j in range(len(routes))]
    slow, fast = copy.deepcopy(routes), copy.deepcopy(routes)
    moved = relocate(slow, plan, credit)
    assert moved > 0
    assert relocate(fast, plan, credit, credit_row=row) == moved
    assert _plan(slow) == _plan(fast)
