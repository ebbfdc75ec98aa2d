"""The compiled cheapest insertion (sim/planning/insertion_kernel.py) chooses exactly what the
pure-Python walk chose: the same route, position, start and cost on random routes with breaks,
fixed starts, late and over-long routes, capacities and late insertions (issue 27: a speed-up
changes no result)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.engine.state import Break, Person, ShiftRun, Visit
from sim.planning.routes import EPS, Plan, Route, best_insertion, insertion, load, retime, route_arrays
from sim.world.clients import Client, VisitPlan
from sim.world.staff import StaffSlot

N_LOC = 12


def _run(k: int, start: float, end: float, skills: frozenset[str]) -> ShiftRun:
    slot = StaffSlot(k, 0, "day", 1.0, 0, skills, frozenset(), "car")
    return ShiftRun(
        Person(k, 0, "regular", slot), slot, 0, 0, "day", start, end, 30.0, 660.0, 780.0, 0, skills
    )


def _visit(uid: int, loc: int, lo: int, hi: int, minutes: float, skills: frozenset[str]) -> Visit:
    plan = VisitPlan(
        uid, uid, "day", lo, hi, "day", ("t",), minutes, 1.0, skills, False, frozenset(range(7)), 1, 0,
        ref=str(uid),
    )  # fmt: skip
    return Visit(uid, 0, plan, Client(uid, 0, loc, "-", 1.0, 0.0, (plan,)), 0, minutes, 0.0)


def _reference(routes, v, plan, credit, allow_late=False, late_weight=1000.0):  # type: ignore[no-untyped-def]
    """The Python loop the kernel replaced, unchanged."""
    best = None
    for i, route in enumerate(routes):
        if not v.skills <= route.run.skills:
            continue
        bonus = credit(v, i, routes) if credit is not None else 0.0
        room = plan.capacity[i] - load(route, plan) if plan.capacity is not None else np.inf
        free_before, latest = route.free_before, v.latest + EPS
        for k in range(len(route.tasks) + 1):
            if not allow_late and k < len(free_before) and free_before[k] > latest:
                break
            got = insertion(route, k, v, plan, allow_late=allow_late)
            if got is None:
                continue
            over = max(0.0, got[0] + v.allotted + plan.after_visit_min - max(room, 0.0))
            cost = (
                plan.travel_weight * got[0]
                - bonus
                + late_weight * max(0.0, got[1] - v.latest)
                + plan.overtime_weight * got[2]
                + plan.over_capacity_weight * over
            )
            if best is None or cost < best[0] - EPS:
                best = (cost, i, k, got[1])
    return best


def _case(seed: int) -> tuple[list[Route], Plan, list[Visit]]:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 10, size=(N_LOC, 2))
    travel = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1)) * rng.uniform(0.8, 1.3, (N_LOC, N_LOC))
    np.fill_diagonal(travel, 0.0)
    skill = frozenset({"med"})
    fixed: dict[int, float] = {}
    routes, uid = [], 0
    for k in range(int(rng.integers(1, 5))):
        run = _run(
            k, 420.0, float(rng.choice([900, 960, 1020])), skill if rng.random() < 0.5 else frozenset()
        )
        route = Route(run)
        t = 430
        for _ in range(int(rng.integers(0, 12))):
            lo = t + int(rng.integers(-30, 40))
            v = _visit(uid, int(rng.integers(1, N_LOC)), lo, lo + int(rng.integers(0, 90)),
                       float(rng.integers(5, 60)), frozenset())  # fmt: skip
            uid += 1
            route.tasks.append(v)
            if rng.random() < 0.1:
                fixed[v.uid] = float(lo + int(rng.integers(0, 30)))
            t = lo + int(rng.integers(10, 70))
        if route.tasks and rng.random() < 0.7:
            route.tasks.insert(int(rng.integers(0, len(route.tasks) + 1)), Break(30.0))
        routes.append(route)
    capacity = [float(rng.uniform(100, 500)) for _ in routes] if rng.random() < 0.4 else None
    plan = Plan(
        travel[None, :, :], float(rng.choice([0.0, 2.0])), fixed, capacity=capacity,
        over_capacity_weight=float(rng.choice([0.0, 3.0])), max_overtime=float(rng.choice([30.0, np.inf])),
    )  # fmt: skip
    for route in routes:
        retime(route, plan)
    news = []
    for _ in range(6):
        lo = int(rng.integers(420, 960))
        need = skill if rng.random() < 0.2 else frozenset()
        hi, minutes = lo + int(rng.integers(0, 120)), float(rng.integers(5, 60))
        news.append(_visit(uid, int(rng.integers(1, N_LOC)), lo, hi, minutes, need))
        uid += 1
    return routes, plan, news


@pytest.mark.parametrize("seed", range(60))
def test_the_compiled_insertion_chooses_what_the_python_walk_chose(seed: int) -> None:
    routes, plan, news = _case(seed)
    rng = np.random.default_rng(1000 + seed)
    bonus = rng.uniform(-5, 15, size=len(routes))

    def credit(v: Visit, i: int, _: object) -> float:
        return float(bonus[i])

    for v in news:
        for allow_late in (False, True):
            for cr in (None, credit):
                assert best_insertion(
                    routes, v, plan, cr, allow_late=allow_late, late_weight=700.0
                ) == _reference(routes, v, plan, cr, allow_late=allow_late, late_weight=700.0)


def test_the_routes_arrays_follow_a_retimed_route() -> None:
    routes, plan, news = _case(3)
    route = next(r for r in routes if len(r.visits()) >= 2)
    v = next(w for w in news if not w.skills)
    assert best_insertion([route], v, plan, None, allow_late=True) == _reference([route], v, plan, None, True)
    n = len(route_arrays(route).starts)
    route.tasks.pop(0)
    retime(route, plan)
    assert best_insertion([route], v, plan, None, allow_late=True) == _reference([route], v, plan, None, True)
    assert len(route_arrays(route).starts) == n - 1
