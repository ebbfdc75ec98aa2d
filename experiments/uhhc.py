"""The scorer of Mankowska et al. (2014) home-health-care routing plans, under the paper's rules.

The scorer is independent of any planner: given each caregiver's route (the order of
the services it performs) it finds the best timing the routes allow and returns the
paper's objective

    (total travel + total tardiness + highest tardiness) / 3

where tardiness is the start of a service after its window's end. A plan is feasible
when every service is performed once by a caregiver with the ability and start times
exist with (Mankowska, Meisel & Bierwirth 2014, Health Care Management Science 17,
15–30): every service starting no earlier than its window's start (waiting is
allowed) and no earlier than its caregiver can be there (travel from the depot or
the previous service, time = distance); a ``simultaneous`` pair started at the same
time by two different caregivers; a ``sequential`` pair's second service starting
``min``–``max`` minutes after the first (either of the two may wait for the other).

These are difference constraints ``start[v] >= start[u] + w``; the earliest start
times that satisfy them all are the longest paths in their graph, found by pushing
starts later until nothing moves (Bellman-Ford): a second service is pushed to
``min`` after the first, a first service to ``max`` before the second, a route's next
service to after the previous one, a simultaneous partner to the later of the two.
Lateness only grows with a start, so these earliest times also minimise the
objective. When the pushes never settle, the routes wait on each other in a cycle (a
deadlock: no start times exist): the plan is infeasible, its cycle is named in
``Score.reason`` and it is not scored (``objective`` is NaN).

``python experiments/uhhc.py --check-published`` scores Kummer et al.'s published
route files (``published_routes/`` beside the instances) and prints how many are
feasible and the largest difference from their published costs.

The data model and readers are in ``experiments/uhhc_instances.py`` (re-exported here).
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from uhhc_instances import (
    Caregiver,
    Instance,
    InstanceError,
    Patient,
    Published,
    Service,
    ServiceKey,
    Solution,
    objective,
    read_instance,
    read_published,
    size_class,
)

__all__ = [
    "Caregiver", "Instance", "InstanceError", "Patient", "Published", "Score", "Service", "ServiceKey",
    "Solution", "check_published", "objective", "read_instance", "read_published", "score", "size_class",
]  # fmt: skip

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "uhhc"
EPS = 1e-9  # a push smaller than this is float noise (a zero-length cycle, e.g. a simultaneous pair)
# a published cost is matched to the files' rounding: they print six significant digits (Cost =
# 1865.22, 428.097: at most 5e-6 relative), and the instances' distances have three decimals
# (±0.0005 an arc, a few thousandths over a 300-patient route set): within either bound
COST_REL_TOL, COST_ABS_TOL = 1e-5, 0.01


@dataclass(frozen=True)
class Score:
    """The paper's objective and its parts, with feasibility violations by kind.

    ``reason`` explains a plan without start times (a deadlock); such a plan is not
    scored: its objective and tardiness are NaN and ``start`` is empty.
    """

    objective: float
    travel: float
    total_tardiness: float
    max_tardiness: float
    violations: dict[str, int]
    start: dict[ServiceKey, float] = field(default_factory=dict)  # the earliest feasible start times
    reason: str = ""

    @property
    def feasible(self) -> bool:
        """Whether no rule of the paper is broken."""
        return not any(self.violations.values())

    @property
    def scored(self) -> bool:
        """Whether start times exist (no deadlock), so the objective means something."""
        return not math.isnan(self.objective)


# an edge (u, v, w, kind): start[v] >= start[u] + w
Edge = tuple[int, int, float, str]


def _assignment(inst: Instance, sol: Solution, v: dict[str, int]) -> dict[ServiceKey, list[int]]:
    """Which caregivers perform each service; counts unknown, unassigned, doubled and unable ones."""
    who: dict[ServiceKey, list[int]] = {}
    for k, route in enumerate(sol.routes):
        for pi, si in route:
            if not (0 <= pi < len(inst.patients) and 0 <= si < len(inst.patients[pi].services)):
                v["unknown_service"] += 1
                continue
            who.setdefault((pi, si), []).append(k)
            if (
                k >= len(inst.caregivers)
                or inst.patients[pi].services[si].skill not in inst.caregivers[k].abilities
            ):
                v["ability"] += 1
    for pi, p in enumerate(inst.patients):
        for si in range(len(p.services)):
            n = len(who.get((pi, si), []))
            v["unassigned"] += n == 0
            v["assigned_twice"] += n > 1
        if p.sync == "simultaneous" and who.get((pi, 0)) and who.get((pi, 0)) == who.get((pi, 1)):
            v["same_caregiver_simultaneous"] += 1
    return who


def _graph(
    inst: Instance, sol: Solution, who: dict[ServiceKey, list[int]]
) -> tuple[list[tuple[int, ServiceKey]], list[float], list[Edge], float]:
    """The timing graph: nodes (caregiver, service) in route order, their lower bounds (window
    start; travel from the depot for a route's first), the edges, and the total travel."""
    nodes: list[tuple[int, ServiceKey]] = []
    low: list[float] = []
    edges: list[Edge] = []
    first: dict[ServiceKey, int] = {}  # a service's node (its first occurrence)
    travel = 0.0
    for k, route in enumerate(sol.routes):
        prev, loc = -1, inst.depot
        for key in route:
            if key not in who:
                continue  # an unknown service (counted)
            p = inst.patients[key[0]]
            leg = float(inst.dist[loc, p.loc])
            travel += leg
            n = len(nodes)
            nodes.append((k, key))
            first.setdefault(key, n)
            if prev < 0:
                low.append(max(p.earliest, leg))
            else:
                low.append(p.earliest)
                q = inst.patients[nodes[prev][1][0]]
                edges.append((prev, n, q.services[nodes[prev][1][1]].duration + leg, "route"))
            prev, loc = n, p.loc
        travel += float(inst.dist[loc, inst.depot])
    for pi, p in enumerate(inst.patients):
        a, b = first.get((pi, 0)), first.get((pi, 1))
        if a is None or b is None:
            continue
        if p.sync == "simultaneous":
            edges += [(a, b, 0.0, "simultaneous"), (b, a, 0.0, "simultaneous")]
        elif p.sync == "sequential":
            edges += [(a, b, p.gap_min, "min_gap"), (b, a, -p.gap_max, "max_gap")]
    return nodes, low, edges, travel


def earliest_starts(low: list[float], edges: list[Edge]) -> tuple[list[float], list[int] | None]:
    """Earliest start times with ``start >= low`` and every edge; ``(starts, None)``, or the
    nodes of a positive cycle in wait order when none exist (``(last pushes, cycle)``)."""
    n = len(low)
    start = list(low)
    pred: list[int] = [-1] * n  # the edge that pushed each node last
    moved = -1
    for _ in range(n + 1):
        moved = -1
        for i, (u, v, w, _kind) in enumerate(edges):
            if start[u] + w > start[v] + EPS:
                start[v], pred[v], moved = start[u] + w, i, v
        if moved < 0:
            return start, None
    # still moving after n passes: walking back n pushes from a moved node lands in the cycle
    node = moved
    for _ in range(n):
        if pred[node] < 0:
            return start, []  # (cannot happen: every node on the walk was pushed) no cycle to name
        node = edges[pred[node]][0]
    cycle, at = [node], edges[pred[node]][0]
    while at != node and len(cycle) <= n and pred[at] >= 0:
        cycle.append(at)
        at = edges[pred[at]][0]
    cycle.reverse()
    return start, cycle if at == node else []


def _deadlock_reason(
    inst: Instance, nodes: list[tuple[int, ServiceKey]], edges: list[Edge], cycle: list[int]
) -> str:
    """A cycle of waits in words: each service waits on the one before it."""
    if not cycle:
        return "deadlock: no start times exist (the pushes to later starts never settle)"
    weight: dict[tuple[int, int], tuple[float, str]] = {}
    for u, v, w, kind in edges:  # the tightest edge between two nodes pushes
        if (u, v) not in weight or w > weight[(u, v)][0]:
            weight[(u, v)] = (w, kind)

    def name(n: int) -> str:
        k, (pi, si) = nodes[n]
        p = inst.patients[pi]
        cg = inst.caregivers[k].id if k < len(inst.caregivers) else f"route {k}"
        return f"{p.id}/{p.services[si].skill} ({cg})"

    words = {
        "route": "follows {x} on its route",
        "simultaneous": "starts with {x}",
        "min_gap": "starts at least {w:g} min after {x}",
        "max_gap": "starts at most {m:g} min before {x}",
    }
    arcs = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
    steps = []
    for u, v in arcs:
        w, kind = weight[(u, v)]
        steps.append(f"{name(v)} {words[kind].format(x=name(u), w=w, m=-w)}")
    total = sum(weight[arc][0] for arc in arcs)
    return (
        f"deadlock: no start times exist; {len(cycle)} services wait on each other in a cycle, "
        f"each would have to start {total:g} min after itself: " + "; ".join(steps)
    )


def score(inst: Instance, sol: Solution) -> Score:
    """Time the routes as early as the paper's rules allow and score them (see the module docstring)."""
    v: dict[str, int] = {
        "unassigned": 0,
        "assigned_twice": 0,
        "ability": 0,
        "same_caregiver_simultaneous": 0,
        "unknown_service": 0,
        "deadlock": 0,
        "not_synchronised": 0,
        "sequential_gap": 0,
        "window_start": 0,
    }
    who = _assignment(inst, sol, v)
    nodes, low, edges, travel = _graph(inst, sol, who)
    times, cycle = earliest_starts(low, edges)
    if cycle is not None:
        v["deadlock"] = 1
        nan = math.nan
        return Score(nan, travel, nan, nan, v, {}, _deadlock_reason(inst, nodes, edges, cycle))
    start: dict[ServiceKey, float] = {}
    for n, (_k, key) in enumerate(nodes):
        start.setdefault(key, times[n])
    tard = [max(0.0, times[n] - inst.patients[key[0]].latest) for n, (_k, key) in enumerate(nodes)]
    # the timing satisfies the rules by construction; checked again on the times themselves
    for pi, p in enumerate(inst.patients):
        for si in range(len(p.services)):
            v["window_start"] += start.get((pi, si), math.inf) < p.earliest - 1e-6
        a, b = start.get((pi, 0)), start.get((pi, 1))
        if a is None or b is None:
            continue
        if p.sync == "simultaneous" and abs(a - b) > 1e-6:
            v["not_synchronised"] += 1
        if p.sync == "sequential" and not (p.gap_min - 1e-6 <= b - a <= p.gap_max + 1e-6):
            v["sequential_gap"] += 1
    total, worst = float(sum(tard)), float(max(tard, default=0.0))
    return Score(objective(travel, tard), travel, total, worst, v, start)


@dataclass(frozen=True)
class Check:
    """Published solutions scored: how many, how many feasible, the largest cost difference."""

    n: int
    feasible: int
    worst_diff: float  # |scored − published| of the file that differs most
    worst_file: str
    mismatched: tuple[str, ...]  # files whose cost differs beyond rounding, or infeasible ones

    def line(self) -> str:
        """One line for the report."""
        tail = f" (in {self.worst_file})" if self.worst_file else ""
        bad = f"; beyond rounding or infeasible: {', '.join(self.mismatched)}" if self.mismatched else ""
        diff = f"largest cost difference {self.worst_diff:.4f}{tail}"
        return f"{self.feasible} of {self.n} feasible, {diff}{bad}"


def matches(scored: float, published: float) -> bool:
    """Whether a scored cost equals a published one to the files' rounding."""
    return abs(scored - published) <= max(COST_ABS_TOL, COST_REL_TOL * abs(published))


def check_published(folder: Path, only: set[str] | None = None) -> Check:
    """Score every ``solution-<patients>-<instance>-<run>.txt`` in ``folder/published_routes``
    against the instance beside it (the file's header names it); ``only`` limits the instances."""
    insts: dict[str, Instance] = {}
    n = ok = 0
    worst, worst_file, bad = 0.0, "", []
    for path in sorted((folder / "published_routes").glob("solution-*.txt")):
        name = _named_instance(path)
        if only is not None and name not in only:
            continue
        if name not in insts:
            insts[name] = read_instance(folder / f"{name}.json")
        pub = read_published(path, insts[name])
        sc = score(insts[name], pub.solution)
        n += 1
        ok += sc.feasible
        diff = abs(sc.objective - pub.cost) if sc.scored else math.inf
        if diff > worst or not worst_file:
            worst, worst_file = diff, path.name
        if not (sc.feasible and matches(sc.objective, pub.cost)):
            bad.append(path.name)
    return Check(n, ok, worst, worst_file, tuple(bad))


def _named_instance(path: Path) -> str:
    """The instance a route file's header names (``# Solution for ../x/<name>.txt``)."""
    with path.open() as f:
        for line in f:
            if line.startswith("# Solution for"):
                return Path(line.removeprefix("# Solution for").strip()).stem
    raise InstanceError(f"{path}: no '# Solution for <instance>' line")


def main(argv: list[str] | None = None) -> int:
    """``--check-published``: score the published routes; exit 0 if all agree, 1 if not, 2 on bad input."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check-published", action="store_true", help="score Kummer et al.'s published routes")
    ap.add_argument("--instances", type=Path, default=DEFAULT_DIR, help="folder of UHHC JSON files")
    args = ap.parse_args(argv)
    if not args.check_published:
        ap.print_help()
        return 0
    try:
        check = check_published(args.instances)
    except InstanceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not check.n:
        print(f"error: {args.instances / 'published_routes'}: no solution-*.txt files", file=sys.stderr)
        return 2
    print(f"published routes scored: {check.line()}")
    return 0 if not check.mismatched else 1


if __name__ == "__main__":
    sys.exit(main())
