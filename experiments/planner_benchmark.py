"""The project's route planner on public home-health-care benchmark instances (issue 8).

Plans each UHHC instance of Mankowska et al. (2014) with the planner the
minute-controlled model uses, scores the plan with the paper's objective and
feasibility rules (``experiments/uhhc.py``, independent of the planner: the best
timing the routes allow, sequential gaps enforced, deadlocks refused) and prints
the gap to the best known value per instance and, per size class and effort, how
many plans are feasible and the mean gap over the feasible ones only, with the
planning time. When ``published_routes/`` lies beside the instances, the scorer's
check against those published solutions is printed too:

    python experiments/planner_benchmark.py
    python experiments/planner_benchmark.py --only InstanzCPLEX_HCSRP_10_1

How the instance maps onto the planner's inputs:

* a patient's service is a visit at the patient's matrix index (the depot is moved
  to index 0, the office), its start window the patient's window (whole minutes, as
  in every Mankowska instance; the scorer uses the exact values), its allotted
  minutes the service duration, its skill the service type;
* a caregiver is one shift with the caregiver's abilities, long enough for any
  plan (no shift end, no break, no meeting), all on one travel mode (time = distance);
* a ``simultaneous`` pair is the planner's double-staffed visit (two caregivers who
  start together). The planner requires the skill in one of the two caregivers, the
  paper each service's skill in its own caregiver: the roles are assigned after
  planning and a pair nobody can split correctly counts as an ability violation;
* a ``sequential`` pair is the planner's linked visit: the second service follows the first
  by [min, max] (``Visit.leader`` and the plan's ``follows_min_gap``/``follows_max_gap``), both
  with the patient's window; the planner keeps the gaps by timing and hands back no plan
  whose waits form a cycle (``sim.planning.settle``). The scorer times the routes on its own,
  as the paper does (the second waits for ``min`` after the first, the first for ``max`` before
  the second); a plan whose waits form a cycle has no start times and is infeasible, not scored.

``plan(instance, effort)`` is the pluggable part: a new planner only needs to
return each caregiver's route. The greedy dispatcher has no effort parameter, so
the higher-effort column says so.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from uhhc import (
    Instance,
    InstanceError,
    Score,
    ServiceKey,
    Solution,
    check_published,
    objective,
    read_instance,
    score,
    size_class,
)

from sim.config.schema_models import PlanningConfig
from sim.engine.state import Person, ShiftRun, Visit
from sim.planning.dispatch import DispatchWeights, dispatch
from sim.planning.routes import Plan
from sim.planning.settle import write_queues
from sim.planning.vrp import Effort, optimise
from sim.world.clients import Client, VisitPlan
from sim.world.staff import StaffSlot

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "data" / "uhhc"
HORIZON_MIN = 100_000.0  # caregivers have no shift end in the benchmark
TARGET_GAP = 0.15
EFFORTS = ("default", "higher")  # the planner's default planning effort, and a higher one
NO_EFFORT = "n/a (the greedy dispatcher has no effort parameter)"
# the optimiser's effort: PyVRP's iteration budget and neighbourhood; the default is the minute model's
_P = PlanningConfig()
OPTIMISER_EFFORT = {
    "default": Effort(_P.router_iterations, _P.router_neighbours),
    "higher": Effort(20 * _P.router_iterations, 60),
}

Planner = Callable[[Instance, str], Solution | None]


def _depot_first(inst: Instance) -> np.ndarray:
    """Index permutation that puts the depot at 0 (the planner's office)."""
    n = inst.dist.shape[0]
    return np.array([inst.depot, *[i for i in range(n) if i != inst.depot]])


def _translate(
    inst: Instance,
) -> tuple[list[ShiftRun], list[Visit], dict[int, list[ServiceKey]], np.ndarray, dict[int, frozenset[str]]]:
    """The instance as the planner's crew, visits (uid -> services they stand for), travel and
    the skill the second caregiver of each simultaneous pair needs (uid -> skills)."""
    perm = _depot_first(inst)
    new_index = {int(old): new for new, old in enumerate(perm)}
    travel = inst.dist[np.ix_(perm, perm)][None, :, :]
    crew = []
    for k, cg in enumerate(inst.caregivers):
        slot = StaffSlot(k, 0, "day", 1.0, 0, frozenset(), cg.abilities, "car")
        crew.append(
            ShiftRun(
                person=Person(k, 0, "regular", slot),
                slot=slot,
                unit=0,
                day=0,
                shift="day",
                start=0.0,
                end=HORIZON_MIN,
                break_min=0.0,
                break_earliest=0.0,
                break_latest=HORIZON_MIN,
                mode=0,
                skills=cg.abilities,
                meeting_min=0.0,
                busy_until=0.0,
            )
        )
    visits: list[Visit] = []
    keys: dict[int, list[ServiceKey]] = {}  # visit uid -> the services it stands for
    partner: dict[int, frozenset[str]] = {}
    for pi, p in enumerate(inst.patients):
        loc = new_index[p.loc]
        parts: list[tuple[tuple[int, ...], bool, str]] = []
        if p.sync == "simultaneous":
            parts.append(((0, 1), True, p.services[0].skill))
        else:
            parts.extend(((si,), False, s.skill) for si, s in enumerate(p.services))
        lead: Visit | None = None
        for sis, double, skill in parts:
            dur = max(p.services[si].duration for si in sis)
            # a sequential pair's second service follows the first by [gap_min, gap_max]
            follows = p.sync == "sequential" and lead is not None
            plan = VisitPlan(
                pi, len(visits), "day", round(p.earliest), round(p.latest), "day", (skill,), dur, 1.0,
                frozenset({skill}), double, frozenset(range(7)), 1, 0,
                ref=str(sis[0]), follows="0" if follows else "",
                follows_min_gap=p.gap_min if follows else 0.0,
                follows_max_gap=p.gap_max if follows else float("inf"),
            )  # fmt: skip
            client = Client(pi, 0, loc, "-", 1.0, 0.0, (plan,))
            v = Visit(len(visits) + 1, 0, plan, client, 0, dur, 0.0)
            if follows:
                v.leader = lead
            lead = v
            visits.append(v)
            keys[v.uid] = [(pi, si) for si in sis]
            if double:
                partner[v.uid] = frozenset({p.services[1].skill})
    return crew, visits, keys, travel, partner


def _solution(
    inst: Instance, crew: list[ShiftRun], visits: list[Visit], keys: dict[int, list[ServiceKey]],
    seconds: float, missed: list[Visit],
) -> Solution:  # fmt: skip
    """Each caregiver's route of services, from the crew's queues."""
    routes: list[list[ServiceKey]] = [[] for _ in crew]
    planned = {key: v.planned_start for v in visits for key in keys[v.uid] if v.planned}
    by_id = {r.person.id: r for r in crew}
    for k, run in enumerate(crew):
        for t in run.queue:
            if not isinstance(t, Visit):
                continue
            ks = keys[t.uid]
            if len(ks) == 1:
                routes[k].append(ks[0])
                continue
            # a simultaneous pair: give each caregiver a service they are able to do
            a, b = (by_id[pid] for pid in t.planned)
            pi = ks[0][0]
            s0, s1 = (s.skill for s in inst.patients[pi].services)
            swap = not (s0 in a.skills and s1 in b.skills) and (s1 in a.skills and s0 in b.skills)
            routes[k].append((pi, int((run is a) == swap)))
    notes = [f"{len(missed)} visit(s) left unplanned"] if missed else []
    return Solution(routes, seconds, notes, planned)


def dispatcher_plan(inst: Instance, effort: str = "default") -> Solution | None:
    """Plan ``inst`` with the greedy dispatcher (the trust teams' planner) at default weights."""
    if effort != "default":
        return None  # the greedy dispatcher has no effort parameter (NO_EFFORT)
    crew, visits, keys, travel, _ = _translate(inst)
    missed: list[Visit] = []
    t0 = time.perf_counter()
    dispatch(visits, crew, travel, DispatchWeights.from_config(PlanningConfig()), None, 0.0, missed.append)
    return _solution(inst, crew, visits, keys, time.perf_counter() - t0, missed)


def optimiser_plan(inst: Instance, effort: str = "default") -> Solution | None:
    """Plan ``inst`` with the minute-controlled model's route optimiser (PyVRP + repair)."""
    level = OPTIMISER_EFFORT[effort]
    crew, visits, keys, travel, partner = _translate(inst)
    for v in visits:  # the second caregiver's skill of a simultaneous pair
        v.partner_skills = partner.get(v.uid, frozenset())
    t0 = time.perf_counter()
    plan = Plan(travel, 0.0, {})
    routes, missed = optimise(visits, crew, plan, level)
    write_queues(routes, plan, missed.append)
    return _solution(inst, crew, visits, keys, time.perf_counter() - t0, missed)


PLANNERS: dict[str, Planner] = {"optimiser": optimiser_plan, "dispatcher": dispatcher_plan}


def _best_known(path: Path) -> dict[str, float]:
    """Best-known CSV: instance file stem -> best-known objective."""
    try:
        with path.open(newline="") as f:
            reader = csv.DictReader(f)
            if not {"file", "best_known_objective"} <= set(reader.fieldnames or ()):
                raise KeyError("file, best_known_objective")
            return {Path(r["file"]).stem: float(r["best_known_objective"]) for r in reader}
    except OSError as exc:
        raise InstanceError(f"{path}: cannot read ({exc.strerror})") from None
    except (KeyError, ValueError) as exc:
        raise InstanceError(f"{path}: needs columns file and best_known_objective ({exc})") from None


def _row(inst: Instance, sc: Score, secs: float, best: float | None) -> list[str]:
    """One instance's line; a plan without start times (a deadlock) has no objective and no gap."""
    gap = f"{(sc.objective - best) / best:+.1%}" if best and sc.scored else "-"
    bad = ", ".join(f"{k} {n}" for k, n in sc.violations.items() if n) or "-"
    num = (lambda x: f"{x:.1f}") if sc.scored else (lambda x: "-")
    return [
        inst.name,
        size_class(len(inst.patients)),
        str(len(inst.patients)),
        str(len(inst.caregivers)),
        num(sc.objective),
        f"{sc.travel:.1f}",
        num(sc.total_tardiness),
        num(sc.max_tardiness),
        f"{best:.1f}" if best else "-",
        gap,
        "yes" if sc.feasible else "no",
        bad,
        f"{secs:.3f}",
    ]


HEAD = ["instance", "class", "pat", "cg", "objective", "travel", "sum_tard", "max_tard", "best", "gap",
        "feasible", "violations", "plan_s"]  # fmt: skip


def _print(rows: list[list[str]], indent: str = "") -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print(indent + "  ".join(x.ljust(w) for x, w in zip(r, widths, strict=True)).rstrip())


def _late_starts(inst: Instance, sol: Solution, sc: Score) -> str:
    """Services the scorer starts more than a minute after the planner's own time (a sequential
    pair's second waiting for the first or the first for the second, and what follows on their
    routes), with the objective the planner's own times would have (times that break the paper's
    rules: the scorer's are the earliest that keep them), or why the plan has no start times."""
    if not sc.scored:
        return sc.reason
    late = [sc.start[k] - t for k, t in sol.planned_start.items() if sc.start.get(k, t) > t + 1.0]
    if not late:
        return ""
    tard = [max(0.0, t - inst.patients[k[0]].latest) for k, t in sol.planned_start.items()]
    own = objective(sc.travel, tard)
    return (
        f"{len(late)} service(s) start later than the planner planned (by up to {max(late):.0f} min); "
        f"at the planner's own times (which break the paper's rules) the objective would be {own:.1f}"
    )


def main(argv: list[str] | None = None, planner: Planner | None = None) -> int:
    """Plan, score and print every instance; the exit code is 0 (2 on bad input)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--instances", type=Path, default=DEFAULT_DIR, help="folder of UHHC JSON files")
    ap.add_argument("--best-known", type=Path, default=None, help="CSV (default: best_known.csv beside them)")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="instance names (file stems) to run")
    ap.add_argument(
        "--planner", choices=sorted(PLANNERS), default="optimiser", help="which planner to benchmark"
    )
    ap.add_argument(
        "--sweep",
        action="store_true",
        help="instead: the optimiser at a ladder of efforts, with quality (mean gap) per second of planning",
    )
    args = ap.parse_args(argv)
    planner = planner or PLANNERS[args.planner]
    try:
        files = sorted(args.instances.glob("*.json"), key=lambda p: (p.stat().st_size, p.name))
        if not files:
            raise InstanceError(f"{args.instances}: no *.json instances")
        unknown = sorted(set(args.only or ()) - {f.stem for f in files})
        if unknown:
            raise InstanceError(f"{args.instances}: no instance named {', '.join(unknown)}")
        best = _best_known(args.best_known or args.instances / "best_known.csv")
        insts = [read_instance(f) for f in files if not args.only or f.stem in args.only]
    except InstanceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.sweep:
        _sweep(insts, best)
        return 0
    results: list[tuple[str, str, Score, float | None]] = []  # (effort, class, score, best known)
    for effort in EFFORTS:
        rows, notes = [HEAD], []
        for inst in insts:
            sol = planner(inst, effort)
            if sol is None:
                continue
            sc = score(inst, sol)
            b = best.get(inst.name)
            rows.append(_row(inst, sc, sol.seconds, b))
            notes += [f"  {inst.name}: {n}" for n in [*sol.notes, _late_starts(inst, sol, sc)] if n]
            results.append((effort, size_class(len(inst.patients)), sc, b))
        if len(rows) == 1:
            print(f"\n{effort} effort: {NO_EFFORT}")
            continue
        print(f"\n== planning effort: {effort} ==")
        _print(rows)
        print("\n".join(notes))
    print("\nby class: plans feasible under the paper's rules, mean gap to the best known over those only:")
    table, ok = _class_table(results)
    _print(table, "  ")
    verdict = "met" if ok else "NOT met"
    print(
        f"target (default effort: every plan feasible, every class's mean gap <= {TARGET_GAP:.0%}): {verdict}"
    )
    if (args.instances / "published_routes").is_dir():
        try:
            check = check_published(args.instances, {i.name for i in insts})
        except InstanceError as exc:
            print(f"scorer check against the published routes: not run ({exc})")
        else:
            if check.n:
                print(f"scorer check against Kummer et al.'s published routes: {check.line()}")
    return 0


# the effort ladder of --sweep: (PyVRP iterations, neighbourhood size)
SWEEP = ((25, 30), (50, 30), (100, 30), (200, 30), (25, 60), (50, 60), (100, 60), (500, 60), (1000, 60))


def _sweep(insts: list[Instance], best: dict[str, float]) -> None:
    """Plan every instance at each effort of ``SWEEP``; print feasible plans, the mean gap over the
    feasible ones, the planning seconds and the gap closed per second against the lowest effort."""
    rows = [["iterations", "neighbours", "feasible", "mean_gap", "plan_s", "gap_points_per_s"]]
    first: tuple[float, float] | None = None
    for its, nb in SWEEP:
        OPTIMISER_EFFORT["sweep"] = Effort(its, nb)
        gaps, secs, feasible = [], 0.0, 0
        for inst in insts:
            sol = optimiser_plan(inst, "sweep")
            assert sol is not None
            sc = score(inst, sol)
            secs += sol.seconds
            feasible += sc.feasible
            b = best.get(inst.name)
            if sc.feasible and b:
                gaps.append((sc.objective - b) / b)
        mean = float(np.mean(gaps)) if gaps else float("nan")
        rate = "-"
        if first is not None and secs > first[1]:
            rate = f"{100 * (first[0] - mean) / (secs - first[1]):.2f}"
        first = first or (mean, secs)
        rows.append([str(its), str(nb), f"{feasible}/{len(insts)}", f"{mean:+.1%}", f"{secs:.1f}", rate])
    print("the optimiser at a ladder of efforts (gap points closed per extra second of planning, "
          "against the first row):")  # fmt: skip
    _print(rows, "  ")


def _class_table(results: list[tuple[str, str, Score, float | None]]) -> tuple[list[list[str]], bool]:
    """Per effort and class (and all classes): plans, feasible ones, the mean gap over the feasible
    ones with a best-known value, and what the gap leaves out; whether the target is met."""
    table = [["effort", "class", "plans", "feasible", "mean_gap", "left_out"]]
    ok = any(e == "default" for e, *_ in results)
    for effort in EFFORTS:
        mine = [(c, sc, b) for e, c, sc, b in results if e == effort]
        if not mine:
            continue  # (the greedy dispatcher has no higher effort)
        for cls in [*sorted({c for c, _, _ in mine}), "all"]:
            group = [(sc, b) for c, sc, b in mine if cls in ("all", c)]
            gaps = [(sc.objective - b) / b for sc, b in group if sc.feasible and b]
            infeasible = sum(not sc.feasible for sc, _ in group)
            unknown = sum(sc.feasible and not b for sc, b in group)
            left = [
                f"{n} {why}" for n, why in ((infeasible, "infeasible"), (unknown, "without best known")) if n
            ]
            mean = float(np.mean(gaps)) if gaps else None
            table.append([
                effort, cls, str(len(group)), str(len(group) - infeasible),
                f"{mean:+.1%}" if mean is not None else "-", ", ".join(left) or "-",
            ])  # fmt: skip
            if effort == "default" and cls != "all":
                ok &= not infeasible and mean is not None and mean <= TARGET_GAP
    return table, ok


if __name__ == "__main__":
    sys.exit(main())
