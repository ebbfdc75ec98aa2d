"""A day planned as a team (or a planner without a routing tool) plans it by hand.

Visits with a narrow window — morning care, meals, medication, bedtime — and
double-staffed visits are laid out first, in time order, by the greedy dispatcher
(:mod:`sim.planning.dispatch`) with the model's credits for continuity. Visits
with a wide window (cleaning, shopping: wider than ``flexible_window_min``) are
then fitted into the gaps by cheapest insertion, continuity first, as a planner
moves the flexible work around the fixed times. A timed visit the dispatcher
could only plan after its window closes is taken out and fitted in the same way,
so a visit is planned late only when no caregiver of its shift can make it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from sim.engine.state import Break, ShiftRun, Visit
from sim.planning.dispatch import Affinity, DispatchWeights, dispatch, plannable_capacity
from sim.planning.duty import duty_groups
from sim.planning.routes import (
    Plan,
    Route,
    drop_late,
    place,
    retime,
    subplan,
)
from sim.planning.settle import settle, write_queues


def plan_by_hand(
    visits: Sequence[Visit],
    crew: Sequence[ShiftRun],
    travel_min: np.ndarray,
    weights: DispatchWeights,
    affinity: Affinity | None,
    buffer_share: float,
    on_missed: Callable[[Visit], None],
    after_visit_min: float,
    flexible_window_min: float,
    max_overtime: float = float("inf"),
) -> None:
    """Plan the visits into the crew's queues: timed visits in time order, flexible ones fitted in."""
    timed = [v for v in visits if v.double or v.latest - v.earliest <= flexible_window_min]
    flexible = [v for v in visits if not (v.double or v.latest - v.earliest <= flexible_window_min)]
    dropped: list[Visit] = []  # what the dispatcher could not plan in time is tried again below
    dispatch(
        timed, crew, travel_min, weights, affinity, buffer_share, dropped.append, after_visit_min,
        max_overtime,
    )  # fmt: skip
    fixed = {t.uid: t.planned_start for r in crew for t in r.queue if isinstance(t, Visit) and t.double}
    capacity = [plannable_capacity(r, buffer_share) for r in crew]
    plan = Plan(
        travel_min,
        after_visit_min,
        fixed,
        capacity,
        travel_weight=weights.travel,
        over_capacity_weight=weights.over_capacity,
        overtime_weight=weights.overtime,
        max_overtime=max_overtime,
    )
    routes = [Route(r, list(t for t in r.queue if isinstance(t, Visit | Break))) for r in crew]
    for r in crew:
        r.queue.clear()
        r.planned_demand = 0.0
    todo: list[Visit] = [*flexible, *dropped]
    for route in routes:
        retime(route, plan)
    todo += settle(routes, plan)
    for route in routes:
        todo += drop_late(route, plan)
    for idx, group in duty_groups(todo, crew):
        part = [routes[i] for i in idx]
        sub = subplan(plan, idx)
        credit = None
        if affinity is not None:
            m = affinity(group, [crew[i] for i in idx])
            row = {v.uid: j for j, v in enumerate(group)}

            def credit(
                v: Visit, i: int, rs: Sequence[Route], m: np.ndarray = m, row: dict[int, int] = row
            ) -> float:
                return float(m[row[v.uid], i])

        for v in sorted(group, key=lambda x: (x.latest - x.earliest, x.earliest, x.uid)):
            if not place(part, v, sub, credit, weights.late):
                on_missed(v)
    write_queues(routes, plan, on_missed, weights.late)
