"""Cheapest insertion into one route, compiled (numba): the inner loop of every repair.

The profile that asked for it (issue 27; ``python experiments/benchmark.py --profile default
--profile-model minute``): the minute-controlled planner spent 15 of 46 s in
:func:`sim.planning.routes.best_insertion`, 2.1 million calls of the pure-Python
:func:`sim.planning.routes.insertion`, each walking the rest of a route to see whether a visit
fits before task ``k``. :func:`best_in_route` is that walk for every position of one route,
written with the same floating-point operations in the same order, so it chooses exactly what
the Python loop chose (``tests/test_insertion_kernel.py`` pins it against
:func:`sim.planning.routes.insertion` on random routes). ``NUMBA_DISABLE_JIT=1`` runs it as
plain Python. The arrays it walks are :class:`sim.planning.routes.RouteArrays`; the module is
imported on first use (numba adds about 0.3 s to a process that never plans).
"""

from __future__ import annotations

import numpy as np
from numba import njit

EPS = 1e-6  # as sim.planning.routes.EPS


@njit(cache=True)
def _holds(sorted_uids: np.ndarray, uid: int) -> bool:
    i = np.searchsorted(sorted_uids, uid)
    return i < sorted_uids.shape[0] and sorted_uids[i] == uid


@njit(cache=True)
def best_in_route(  # one flat call keeps the compiled loop free of Python objects
    tm: np.ndarray,
    vloc: int,
    v_earliest: float,
    v_latest: float,
    v_allotted: float,
    after: float,
    allow_late: bool,
    is_break: np.ndarray,
    loc: np.ndarray,
    earliest: np.ndarray,
    latest: np.ndarray,
    allotted: np.ndarray,
    uid: np.ndarray,
    fixed: np.ndarray,
    starts: np.ndarray,
    free_before: np.ndarray,
    loc_before: np.ndarray,
    next_locs: np.ndarray,
    base: int,
    break_earliest: float,
    break_latest: float,
    end: float,
    back: float,
    max_overtime: float,
    travel_weight: float,
    bonus: float,
    late_weight: float,
    overtime_weight: float,
    over_capacity_weight: float,
    room: float,
    has_best: bool,
    best_cost: float,
) -> tuple[int, float, float]:
    """The position (−1: none better), cost and start of the cheapest insertion of a visit into
    one route that beats ``best_cost`` by more than EPS (any feasible one when not ``has_best``),
    by :func:`sim.planning.routes.insertion`'s rules and
    :func:`sim.planning.routes.best_insertion`'s cost; ``room`` is the route's capacity left
    (≥ 0, inf without capacities); ``fixed`` the uids whose start is fixed, sorted."""
    n = is_break.shape[0]
    best_k = -1
    best_s = 0.0
    latest_eps = v_latest + EPS
    for k in range(n + 1):
        # free_before never decreases along a route: from here on v would start too late
        if not allow_late and k < n and free_before[k] > latest_eps:
            break
        here = loc_before[k]
        to_v = tm[here, vloc]
        s = free_before[k] + to_v
        if s < v_earliest:
            s = v_earliest
        if s > v_latest + EPS and not allow_late:
            continue
        nxt = next_locs[k]
        added = to_v + tm[vloc, nxt] - tm[here, nxt]
        t = s + v_allotted + after
        at = vloc
        status = 0  # 0: the shift's end decides; 1: the delay is absorbed; 2: infeasible
        for j in range(k, n):
            old = starts[j]
            if is_break[j]:
                s_j = t if t > break_earliest else break_earliest
                if s_j <= old + EPS:
                    status = 1
                    break
                if s_j > (break_latest if break_latest > old else old) + EPS:
                    status = 2
                    break
                t = s_j + allotted[j]
                continue
            s_j = t + tm[at, loc[j]]
            if s_j < earliest[j]:
                s_j = earliest[j]
            if s_j <= old + EPS:
                status = 1
                break
            if _holds(fixed, uid[j]) or s_j > (latest[j] if latest[j] > old else old) + EPS:
                status = 2
                break
            t = s_j + allotted[j] + after
            at = loc[j]
        if status == 2:
            continue
        over = 0.0
        if status == 0:
            came_back = t + tm[at, base]
            o = came_back - (end if end > back else back)
            if o > EPS and (not allow_late or came_back - end > max_overtime + EPS):
                continue
            over = o if o > 0.0 else 0.0
        beyond = added + v_allotted + after - room
        cost = (
            travel_weight * added
            - bonus
            + late_weight * max(0.0, s - v_latest)
            + overtime_weight * over
            + over_capacity_weight * max(0.0, beyond)
        )
        if not has_best or cost < best_cost - EPS:
            has_best = True
            best_cost = cost
            best_k = k
            best_s = s
    return best_k, best_cost, best_s
