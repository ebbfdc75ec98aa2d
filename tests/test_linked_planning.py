"""Linked visits in every planner: a visit that must start within [min, max] minutes after
another (issue 26 item 1). Pins that the planners keep the gaps by timing (the second waits
for the first, the first for the second), that a cycle of waits is found and repaired rather
than handed on, and that plans without links are untouched."""

from __future__ import annotations

import dataclasses
import math
import sys
from pathlib import Path

import numpy as np
import pytest

from sim.engine.state import Person, ShiftRun, Visit
from sim.planning.dispatch import DispatchWeights, dispatch
from sim.planning.routes import Plan, Route, retime
from sim.planning.settle import links, repair, settle, write_queues
from sim.planning.vrp import Effort, optimise
from sim.world.clients import Client, VisitPlan
from sim.world.staff import StaffSlot

N_LOC = 10
ROOT = Path(__file__).resolve().parents[1]


def _travel(seed: int = 4) -> np.ndarray:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 8, size=(N_LOC, 2))
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1)) + 2.0
    np.fill_diagonal(d, 0.0)
    return d[None, :, :]


def _run(k: int, start: float = 420.0, end: float = 960.0) -> ShiftRun:
    slot = StaffSlot(k, 0, "day", 1.0, 0, frozenset(), frozenset(), "car")
    return ShiftRun(
        Person(k, 0, "regular", slot), slot, 0, 0, "day", start, end, 0.0, 660.0, 780.0, 0, frozenset()
    )


def _visit(
    uid: int, loc: int, lo: float, hi: float, minutes: float = 30.0, client: int | None = None
) -> Visit:
    plan = VisitPlan(
        client or uid, uid, "day", int(lo), int(hi), "day", ("t",), minutes, 1.0, frozenset(), False,
        frozenset(range(7)), 1, 0, ref=str(uid),
    )  # fmt: skip
    return Visit(uid, 0, plan, Client(client or uid, 0, loc, "-", 1.0, 0.0, (plan,)), 0, minutes, 0.0)


def _follow(v: Visit, lead: Visit, lo: float, hi: float = math.inf) -> Visit:
    """Make ``v`` follow ``lead`` by [lo, hi] minutes."""
    plan = dataclasses.replace(v.plan, follows=lead.plan.ref, follows_min_gap=lo, follows_max_gap=hi)
    out = Visit(v.uid, 0, plan, v.client, 0, v.allotted, 0.0)
    out.leader = lead
    return out


def _start(routes: list[Route], v: Visit) -> float:
    return next(s for r in routes for t, s in zip(r.tasks, r.starts, strict=True) if t is v)


def _keeps_gaps(routes: list[Route]) -> None:
    for lead, f in links(routes):
        gap = _start(routes, f) - _start(routes, lead)
        assert f.plan.follows_min_gap - 1e-6 <= gap <= f.plan.follows_max_gap + 1e-6, (lead.uid, f.uid, gap)


def test_settle_makes_the_second_wait_and_the_first_wait() -> None:
    travel = _travel()
    lead = _visit(1, 1, 480, 600)
    f = _follow(_visit(2, 2, 420, 700), lead, 60.0, 90.0)
    late = _follow(_visit(4, 4, 420, 900), _visit(3, 3, 420, 900), 0.0, 30.0)
    a, b = Route(_run(0), [lead, late.leader]), Route(_run(1), [f, _visit(5, 5, 420, 900)])  # type: ignore[list-item]
    c = Route(_run(2), [_visit(6, 6, 700, 720), late])
    plan = Plan(travel, 0.0, {})
    for r in (a, b, c):
        retime(r, plan)
    assert _start([a, b, c], f) < _start([a, b, c], lead) + 60  # unlinked timing breaks the gap
    assert settle([a, b, c], plan) == []
    _keeps_gaps([a, b, c])
    # the follower waited for its minimum gap; the second pair's leader waited for the maximum
    assert _start([a, b, c], f) == pytest.approx(_start([a, b, c], lead) + 60)
    assert _start([a, b, c], late) - _start([a, b, c], late.leader) == pytest.approx(30.0)  # type: ignore[arg-type]


def _cycle() -> tuple[list[Route], Plan]:
    """Route A: x then y; route B: q then p; x follows p and q follows y by at least 60 minutes:
    each pair waits on the other in a cycle, so no start times exist."""
    p, y = _visit(1, 1, 420, 900), _visit(2, 2, 420, 900)
    x = _follow(_visit(3, 3, 420, 900), p, 60.0)
    q = _follow(_visit(4, 4, 420, 900), y, 60.0)
    routes = [Route(_run(0), [x, y]), Route(_run(1), [q, p])]
    plan = Plan(_travel(), 0.0, {})
    for r in routes:
        retime(r, plan)
    return routes, plan


def test_a_cycle_of_waits_is_found() -> None:
    routes, plan = _cycle()
    out = settle(routes, plan)
    assert out and {v.uid for v in out} <= {3, 4}  # the followers that close the cycle
    assert all(v not in r.tasks for r in routes for v in out)
    _keeps_gaps(routes)  # what is left settles


def test_a_cycle_of_waits_is_repaired_not_handed_on() -> None:
    routes, plan = _cycle()
    missed: list[Visit] = []
    repair(routes, plan, 1000.0, missed.append)
    assert not missed
    assert {t.uid for r in routes for t in r.visits()} == {1, 2, 3, 4}
    _keeps_gaps(routes)


def _linked_day(n_pairs: int = 6, seed: int = 8) -> list[Visit]:
    rng = np.random.default_rng(seed)
    out: list[Visit] = []
    uid = 1
    for k in range(n_pairs):
        lo = float(rng.choice([450, 540, 660]))
        lead = _visit(uid, int(rng.integers(1, N_LOC)), lo, lo + 90, client=100 + k)
        f = _follow(_visit(uid + 1, lead.loc, lo, lo + 240, client=100 + k), lead, 45.0, 75.0)
        out += [lead, f]
        uid += 2
    for _ in range(8):
        lo = float(rng.choice([450, 540, 660, 780]))
        out.append(_visit(uid, int(rng.integers(1, N_LOC)), lo, lo + 120))
        uid += 1
    return out


def test_the_optimiser_keeps_every_gap_by_timing() -> None:
    visits = _linked_day()
    crew = [_run(k) for k in range(3)]
    plan = Plan(_travel(), 0.0, {})
    routes, missed = optimise(visits, crew, plan, Effort(25, 20))
    write_queues(routes, plan, missed.append)
    assert not missed
    assert len(links(routes)) == 6
    _keeps_gaps(routes)
    # the caregivers' queues carry the same times: each follower planned within its gaps
    for v in visits:
        if v.leader is not None:
            assert 45.0 - 1e-6 <= v.planned_start - v.leader.planned_start <= 75.0 + 1e-6


def test_without_links_the_optimiser_plans_as_before() -> None:
    """Links only add constraints: the same day without them is planned by the old path (no
    linked visit, nothing settled as one) and every visit keeps its own window."""
    visits = [_visit(v.uid, v.loc, v.earliest, v.latest) for v in _linked_day()]
    crew = [_run(k) for k in range(3)]
    plan = Plan(_travel(), 0.0, {})
    routes, missed = optimise(visits, crew, plan, Effort(25, 20))
    write_queues(routes, plan, missed.append)
    assert not missed and not links(routes) and not plan.fixed


def test_the_greedy_dispatcher_plans_a_follower_after_its_gap() -> None:
    visits = _linked_day()
    crew = [_run(k) for k in range(3)]
    missed: list[Visit] = []
    w = DispatchWeights()
    dispatch(visits, crew, _travel(), w, None, 0.0, missed.append)
    assert not missed
    for v in visits:
        if v.leader is not None:
            assert v.planned_start >= v.leader.planned_start + 45.0 - 1e-6


@pytest.mark.parametrize("name", ["InstanzCPLEX_HCSRP_10_1", "InstanzCPLEX_HCSRP_25_1"])
def test_benchmark_plans_are_feasible_under_the_papers_rules(name: str) -> None:
    """Sequential pairs planned as linked visits: the scorer (independent of the planner) finds
    start times for every plan and the planner's own times already keep every gap."""
    sys.path.insert(0, str(ROOT / "experiments"))
    from planner_benchmark import optimiser_plan
    from uhhc import read_instance, score

    inst = read_instance(ROOT / "tests" / "data" / "uhhc" / f"{name}.json")
    sol = optimiser_plan(inst, "default")
    assert sol is not None and not sol.notes
    sc = score(inst, sol)
    assert sc.feasible, sc.reason
    for pi, p in enumerate(inst.patients):
        if p.sync == "sequential":
            gap = sol.planned_start[(pi, 1)] - sol.planned_start[(pi, 0)]
            assert p.gap_min - 1e-6 <= gap <= p.gap_max + 1e-6
    # with the pairs modelled, the plans come within 20 % of the best known (they were +9.6 % and
    # +53.2 % with each pair's second service planned as an independent visit)
    assert sc.objective <= 1.2 * {"InstanzCPLEX_HCSRP_10_1": 218.2, "InstanzCPLEX_HCSRP_25_1": 428.1}[name]
