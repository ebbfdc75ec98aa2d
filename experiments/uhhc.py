"""Home-health-care routing instances of Mankowska et al. (2014), UHHC JSON form: reader and scorer.

The scorer is independent of any planner: given each caregiver's route (the order of
the services it performs) it walks the routes, waits for windows and for the
partner of a synchronised pair, and returns the paper's objective

    (total travel + total tardiness + highest tardiness) / 3

where tardiness is the start of a service after its window's end, with the
feasibility checks of the paper: every service performed once by a caregiver with
the ability, a ``simultaneous`` pair by two different caregivers starting together,
a ``sequential`` pair's second service starting ``min``–``max`` minutes after the
first.

Instances: Mankowska, Meisel & Bierwirth (2014), Health Care Management Science 17,
15–30, as converted by the UHHC collection (Ceschia, Da Ros, Di Gaspero, Mancini,
Maniezzo, Montemanni, Rosati, Schaerf, 2025; CC BY 4.0).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


class InstanceError(ValueError):
    """An instance file cannot be read; the message names the file and the key."""


@dataclass(frozen=True)
class Service:
    """One service a patient needs: the ability it takes and its duration (min)."""

    skill: str
    duration: float


@dataclass(frozen=True)
class Patient:
    """A patient: one or two services, a window for their start, a location (matrix index)."""

    id: str
    loc: int
    services: tuple[Service, ...]
    earliest: float
    latest: float
    sync: str = ""  # "" | "simultaneous" | "sequential"
    gap_min: float = 0.0  # sequential: second start − first start in [gap_min, gap_max]
    gap_max: float = 0.0


@dataclass(frozen=True)
class Caregiver:
    """A caregiver and the services they may perform."""

    id: str
    abilities: frozenset[str]


@dataclass(frozen=True)
class Instance:
    """A routing instance: travel time = distance, every caregiver leaves from and returns to the depot."""

    name: str
    dist: np.ndarray
    depot: int
    caregivers: tuple[Caregiver, ...]
    patients: tuple[Patient, ...]


ServiceKey = tuple[int, int]  # (patient index, service index)


@dataclass
class Solution:
    """Each caregiver's route as an ordered list of (patient index, service index)."""

    routes: list[list[ServiceKey]]
    seconds: float = 0.0  # planning time
    notes: list[str] = field(default_factory=list)
    planned_start: dict[ServiceKey, float] = field(default_factory=dict)  # the planner's own times


@dataclass(frozen=True)
class Score:
    """The paper's objective and its parts, with feasibility violations by kind."""

    objective: float
    travel: float
    total_tardiness: float
    max_tardiness: float
    violations: dict[str, int]
    start: dict[ServiceKey, float] = field(default_factory=dict)  # the rebuilt start times

    @property
    def feasible(self) -> bool:
        """Whether no constraint is violated."""
        return not any(self.violations.values())


def _get(d: dict[str, Any], key: str, where: str) -> Any:
    if not isinstance(d, dict) or key not in d:
        raise InstanceError(f"{where}: missing key {key!r}")
    return d[key]


def read_instance(path: Path) -> Instance:
    """Read a UHHC JSON instance of the Mankowska form; raise :class:`InstanceError` on bad input."""
    try:
        data = json.loads(Path(path).read_text())
    except OSError as exc:
        raise InstanceError(f"{path}: cannot read ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise InstanceError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    try:
        return _parse(data, Path(path))
    except InstanceError:
        raise
    except (TypeError, ValueError, IndexError, AttributeError) as exc:
        raise InstanceError(f"{path}: malformed instance ({type(exc).__name__}: {exc})") from None


def _parse(data: Any, path: Path) -> Instance:
    name = path.stem
    dist = np.asarray(_get(data, "distances", str(path)), dtype=float)
    if dist.ndim != 2 or dist.shape[0] != dist.shape[1]:
        raise InstanceError(f"{path}: distances must be a square matrix; got shape {dist.shape}")
    terminals = _get(data, "terminal_points", str(path))
    if not terminals:
        raise InstanceError(f"{path}: terminal_points is empty")
    depot = int(_get(terminals[0], "distance_matrix_index", f"{path}: terminal_points[0]"))
    cgs = tuple(
        Caregiver(
            str(_get(c, "id", f"{path}: caregivers[{i}]")), frozenset(_get(c, "abilities", f"{path}: {c}"))
        )
        for i, c in enumerate(_get(data, "caregivers", str(path)))
    )
    patients = []
    for i, p in enumerate(_get(data, "patients", str(path))):
        where = f"{path}: patients[{i}]"
        services = tuple(
            Service(str(_get(s, "service", where)), float(_get(s, "duration", where)))
            for s in _get(p, "required_services", where)
        )
        windows = _get(p, "time_windows", where)
        if len(windows) != 1:
            raise InstanceError(f"{where}: one time window expected, found {len(windows)}")
        tw = windows[0]
        sync = p.get("synchronization") or {}
        kind = str(sync.get("type", "")) if len(services) > 1 else ""
        if kind not in ("", "simultaneous", "sequential"):
            raise InstanceError(f"{where}: unknown synchronization type {kind!r}")
        gap = _get(sync, "distance", where) if kind == "sequential" else {}
        patients.append(
            Patient(
                id=str(_get(p, "id", where)),
                loc=int(_get(p, "distance_matrix_index", where)),
                services=services,
                earliest=float(_get(tw, "start", where)),
                latest=float(_get(tw, "end", where)),
                sync=kind,
                gap_min=float(_get(gap, "min", where)) if kind == "sequential" else 0.0,
                gap_max=float(_get(gap, "max", where)) if kind == "sequential" else 0.0,
            )
        )
    n = dist.shape[0]
    for where, loc in [("terminal_points[0]", depot)] + [(f"patient {q.id}", q.loc) for q in patients]:
        if not 0 <= loc < n:
            raise InstanceError(f"{path}: {where}: distance_matrix_index {loc} outside the {n}x{n} matrix")
    for q in patients:
        if len(q.services) not in (1, 2):
            raise InstanceError(f"{path}: patient {q.id}: one or two services expected")
    return Instance(name, dist, depot, cgs, tuple(patients))


def objective(travel: float, tardiness: list[float]) -> float:
    """The paper's objective: (total travel + total tardiness + highest tardiness) / 3."""
    return (travel + sum(tardiness) + max(tardiness, default=0.0)) / 3.0


def size_class(n_patients: int) -> str:
    """The literature's class letter: A = 10 patients, B = 25, C = 50, D = 75, E = 100, F = 200, G = 300."""
    return {10: "A", 25: "B", 50: "C", 75: "D", 100: "E", 200: "F", 300: "G"}.get(n_patients, "?")


def score(inst: Instance, sol: Solution) -> Score:
    """Walk the routes and score them (see the module docstring).

    Start times are the earliest the routes' order allows: each caregiver leaves the
    depot at 0, waits for a window to open, a simultaneous pair starts when the later
    of its two caregivers is there, the second of a sequential pair waits until
    ``gap_min`` after the first started (as the paper's start-time variables would).
    Routes that wait on each other in a cycle have no such times: that counts as a
    ``cyclic_wait`` violation (and the times are those of the last sweep).
    """
    v: dict[str, int] = {
        "unassigned": 0,
        "assigned_twice": 0,
        "ability": 0,
        "same_caregiver_simultaneous": 0,
        "not_synchronised": 0,
        "sequential_gap": 0,
        "unknown_service": 0,
        "cyclic_wait": 0,
    }
    who: dict[ServiceKey, list[int]] = {}
    for k, route in enumerate(sol.routes):
        for key in route:
            pi, si = key
            if not (0 <= pi < len(inst.patients) and 0 <= si < len(inst.patients[pi].services)):
                v["unknown_service"] += 1
                continue
            who.setdefault(key, []).append(k)
            if inst.patients[pi].services[si].skill not in inst.caregivers[k].abilities:
                v["ability"] += 1
    for pi, p in enumerate(inst.patients):
        for si in range(len(p.services)):
            n = len(who.get((pi, si), []))
            v["unassigned"] += n == 0
            v["assigned_twice"] += n > 1
        if p.sync == "simultaneous" and who.get((pi, 0)) and who.get((pi, 0)) == who.get((pi, 1)):
            v["same_caregiver_simultaneous"] += 1
    start: dict[ServiceKey, float] = {}
    travel = 0.0
    # starts depend on partners on other routes: sweep to the earliest consistent times. Each
    # sweep settles at least one more link of the longest chain of waits, so an acyclic plan
    # settles within (number of services + 1) sweeps; one still changing after that waits in a cycle
    changed = False
    for _ in range(sum(map(len, sol.routes)) + 2):
        changed, travel = False, 0.0
        for route in sol.routes:
            t, loc = 0.0, inst.depot
            for pi, si in route:
                if (pi, si) not in who:
                    continue  # an unknown service (counted above)
                p = inst.patients[pi]
                travel += inst.dist[loc, p.loc]
                s = max(t + inst.dist[loc, p.loc], p.earliest)
                if p.sync == "simultaneous":
                    s = max(s, start.get((pi, 1 - si), s))
                elif p.sync == "sequential" and si == 1:
                    s = max(s, start.get((pi, 0), -np.inf) + p.gap_min)
                if start.get((pi, si)) != s:
                    start[(pi, si)], changed = s, True
                t, loc = s + p.services[si].duration, p.loc
            travel += inst.dist[loc, inst.depot]
        if not changed:
            break
    v["cyclic_wait"] += changed
    tard = [max(0.0, s - inst.patients[pi].latest) for (pi, _si), s in start.items()]
    for pi, p in enumerate(inst.patients):
        a, b = start.get((pi, 0)), start.get((pi, 1))
        if a is None or b is None:
            continue
        if p.sync == "simultaneous" and abs(a - b) > 1e-6:
            v["not_synchronised"] += 1
        if p.sync == "sequential" and not (p.gap_min - 1e-6 <= b - a <= p.gap_max + 1e-6):
            v["sequential_gap"] += 1
    total, worst = float(sum(tard)), float(max(tard, default=0.0))
    return Score(objective(float(travel), tard), float(travel), total, worst, v, start)
