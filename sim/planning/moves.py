"""The relocate move: trading travel for the planner's continuity credit (used after the
optimiser, :mod:`sim.policies.minute_routes`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sim.engine.state import Visit
from sim.planning.routes import Credit, Plan, Route, best_insertion, insert_at, next_loc, remove, subplan


def relocate(
    routes: Sequence[Route],
    plan: Plan,
    credit: Credit,
    passes: int = 2,
    credit_row: Callable[[Visit, Sequence[Route]], list[float]] | None = None,
) -> int:
    """Move single-staffed visits to a route that credits them more, where the travel added
    there is less than the credit gained plus the travel saved; returns the number of moves.

    Only routes with a higher credit are tried: the optimiser has already traded travel
    between routes, so a move can only pay through the credit. Deterministic
    first-improvement passes over routes and visits in order, ``passes`` at most.
    ``credit_row(v, routes)``, when given, is ``[credit(v, j, routes) for j in ...]`` computed
    in one go.
    """
    moves = 0
    for _ in range(passes):
        moved = False
        for i, route in enumerate(routes):
            for v in list(route.visits()):
                if v.double or v.uid in plan.fixed:
                    continue
                if credit_row is not None:
                    row = credit_row(v, routes)
                    mine = row[i]
                    better = [j for j, c in enumerate(row) if j != i and c > mine + 1e-9]
                else:
                    mine = credit(v, i, routes)
                    better = [j for j in range(len(routes)) if j != i and credit(v, j, routes) > mine + 1e-9]
                if not better:
                    continue
                k = route.tasks.index(v)
                prev = route.loc_before[k]
                nxt = next_loc(route, k + 1)
                tm = plan.rows[route.run.mode]
                here = plan.travel_weight * (tm[prev][v.loc] + tm[v.loc][nxt] - tm[prev][nxt]) - mine
                sub = [routes[j] for j in better]

                def sub_credit(w: Visit, a: int, _: Sequence[Route], better: list[int] = better) -> float:
                    return credit(w, better[a], routes)

                best = best_insertion(sub, v, subplan(plan, better), sub_credit)
                if best is not None and best[0] < here - 1e-3:
                    remove(route, v, plan)
                    insert_at(routes[better[best[1]]], best[2], v, plan)
                    moves += 1
                    moved = True
        if not moved:
            break
    return moves
