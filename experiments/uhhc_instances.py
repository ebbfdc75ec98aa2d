"""Home-health-care routing instances of Mankowska et al. (2014): the data model and readers.

Reads an instance in the UHHC JSON form (:func:`read_instance`) and a published
solution in the route-file form of Kummer, Buriol & de Araújo (GECCO 2020, BRKGA;
:func:`read_published`) into the scorer's route form (:class:`Solution`: each
caregiver's ordered services). The scorer is ``experiments/uhhc.py``.

Instances: Mankowska, Meisel & Bierwirth (2014), Health Care Management Science 17,
15–30, as converted by the UHHC collection (Ceschia, Da Ros, Di Gaspero, Mancini,
Maniezzo, Montemanni, Rosati, Schaerf, 2025; CC BY 4.0).
"""

from __future__ import annotations

import json
import re
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
    service_types: tuple[str, ...] = ()  # the instance's service list, in its order


ServiceKey = tuple[int, int]  # (patient index, service index)


@dataclass
class Solution:
    """Each caregiver's route as an ordered list of (patient index, service index)."""

    routes: list[list[ServiceKey]]
    seconds: float = 0.0  # planning time
    notes: list[str] = field(default_factory=list)
    planned_start: dict[ServiceKey, float] = field(default_factory=dict)  # the planner's own times


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
    types = tuple(str(_get(s, "id", f"{path}: services")) for s in data.get("services") or ())
    return Instance(name, dist, depot, cgs, tuple(patients), types)


def objective(travel: float, tardiness: list[float]) -> float:
    """The paper's objective: (total travel + total tardiness + highest tardiness) / 3."""
    return (travel + sum(tardiness) + max(tardiness, default=0.0)) / 3.0


def size_class(n_patients: int) -> str:
    """The literature's class letter: A = 10 patients, B = 25, C = 50, D = 75, E = 100, F = 200, G = 300."""
    return {10: "A", 25: "B", 50: "C", 75: "D", 100: "E", 200: "F", 300: "G"}.get(n_patients, "?")


@dataclass(frozen=True)
class Published:
    """A published solution: its routes and the figures its header reports."""

    path: Path
    instance: str  # the instance file stem the header names ("" when it names none)
    cost: float
    travel: float
    total_tardiness: float
    max_tardiness: float
    solution: Solution


_HEADER = re.compile(r"Cost\s*=\s*(\S+)\s+Dist\s*=\s*(\S+)\s+Tard\s*=\s*(\S+)\s+TMax\s*=\s*(\S+)")


def read_published(path: Path, inst: Instance) -> Published:
    """Read a route file of Kummer et al. (2020) for ``inst`` into the scorer's route form.

    The file: ``# Solution for <instance>``, ``# Cost = .. Dist = .. Tard = .. TMax = ..``,
    then per caregiver a line ``<vehicle> <route length>`` and that many arcs
    ``<origin> <dest> <vehicle> <service type>`` in route order. Node 0 is the depot,
    node i the i-th patient of the instance; the service type is the 0-based index into
    the instance's service list (the type on the arc back to the depot means nothing).
    A patient with two services of one type gets them in the order the routes list them.
    Raises :class:`InstanceError` on a malformed file.
    """
    try:
        lines = Path(path).read_text().splitlines()
    except OSError as exc:
        raise InstanceError(f"{path}: cannot read ({exc.strerror})") from None
    name, figures = "", None
    rows: list[list[int]] = []
    for no, line in enumerate(lines, 1):
        text = line.strip()
        if text.startswith("#"):
            m = _HEADER.search(text)
            if m:
                figures = tuple(float(x) for x in m.groups())
            elif text.startswith("# Solution for"):
                name = Path(text.removeprefix("# Solution for").strip()).stem
            continue
        if text:
            try:
                rows.append([int(x) for x in text.split()])
            except ValueError:
                raise InstanceError(f"{path}:{no}: integers expected, got {text!r}") from None
    if figures is None:
        raise InstanceError(f"{path}: no 'Cost = .. Dist = .. Tard = .. TMax = ..' header")
    types = inst.service_types or tuple(sorted({s.skill for p in inst.patients for s in p.services}))
    routes: list[list[ServiceKey]] = [[] for _ in inst.caregivers]
    taken: set[ServiceKey] = set()
    i = 0
    while i < len(rows):
        head = rows[i]
        if len(head) != 2 or not 0 <= head[0] < len(routes):
            raise InstanceError(f"{path}: '<vehicle> <route length>' expected, got {head}")
        vehicle, length = head
        arcs = rows[i + 1 : i + 1 + length]
        i += 1 + length
        at = 0
        for arc in arcs:
            if len(arc) != 4 or arc[0] != at or arc[2] != vehicle:
                raise InstanceError(f"{path}: vehicle {vehicle}: arc {arc} does not continue from node {at}")
            at = arc[1]
            if at == 0:
                continue
            if not 0 < at <= len(inst.patients) or not 0 <= arc[3] < len(types):
                raise InstanceError(f"{path}: vehicle {vehicle}: arc {arc} names no patient or service type")
            pi, skill = at - 1, types[arc[3]]
            sis = [si for si, s in enumerate(inst.patients[pi].services) if s.skill == skill]
            free = [si for si in sis if (pi, si) not in taken] or sis
            if not free:
                raise InstanceError(f"{path}: patient {inst.patients[pi].id} needs no service {skill}")
            taken.add((pi, free[0]))
            routes[vehicle].append((pi, free[0]))
        if at != 0 or len(arcs) != length:
            raise InstanceError(f"{path}: vehicle {vehicle}: the route does not return to the depot")
    cost, travel, tard, tmax = figures
    return Published(Path(path), name, cost, travel, tard, tmax, Solution(routes))
