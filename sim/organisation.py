"""Organisation: which staff and clients form a unit, and each client's contact person.

A *unit* is what plans and shares work: the whole district pool under minute
control, a small geographic team under trust-based care. Both are built from the
same staff and clients, so a model's organisation is the only thing that differs.
Under teams, the district's hourly substitutes may be dealt to the teams as each team's own
relief staff (``team_relief``), whom the engine calls first when a member is absent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.config.reads import ALWAYS, Reads, model_equals
from sim.config.schema_models import OrganisationConfig
from sim.world.build import District, World
from sim.world.staff import StaffSlot

# The config keys the organisation into units reads (issue 25: sim/config/reads.py).
READS = Reads(
    "the organisation (sim/organisation.py)",
    ("models.*.organisation.unit", "models.*.organisation.contact_person_shift"),
    ALWAYS,
)
TEAM_READS = Reads(
    "the teams (sim/organisation.py)",
    ("models.*.organisation.team_size", "models.*.organisation.team_relief"),
    model_equals("organisation.unit", "team"),
)


@dataclass(frozen=True)
class Unit:
    """A staff pool or team with its clients."""

    index: int
    district: int
    name: str
    slots: tuple[int, ...]
    clients: tuple[int, ...]


@dataclass(frozen=True)
class Organisation:
    """Units of all districts, with look-ups by client and slot."""

    units: tuple[Unit, ...]
    unit_of_client: dict[int, int]
    unit_of_slot: dict[int, int]
    contact_slot: dict[int, int]  # client id -> slot id of its contact person (kontaktperson)
    # substitute person id -> the unit whose relief staff they are (team_relief; else empty)
    relief_unit: dict[int, int]


def _by_angle(district: District) -> list[int]:
    xy = district.geography.xy_km
    ang = {c.id: math.atan2(xy[c.loc, 1], xy[c.loc, 0]) for c in district.clients}
    return sorted(ang, key=lambda cid: (ang[cid], cid))


def _split_by_workload(clients: list[int], load: dict[int, float], k: int) -> list[list[int]]:
    """Cut an angle-ordered client list into ``k`` contiguous sectors of similar workload."""
    total = sum(load[c] for c in clients)
    groups: list[list[int]] = [[] for _ in range(k)]
    acc = 0.0
    for c in clients:
        g = min(k - 1, int(acc / total * k)) if total > 0 else 0
        groups[g].append(c)
        acc += load[c]
    return [g for g in groups if g]


def organise(world: World, cfg: OrganisationConfig) -> Organisation:
    """Form the units and assign contact persons."""
    units: list[Unit] = []
    unit_of_client: dict[int, int] = {}
    unit_of_slot: dict[int, int] = {}
    contact: dict[int, int] = {}
    relief: dict[int, int] = {}
    for d in world.districts:
        ordered = _by_angle(d)
        load = {
            c.id: sum(p.standard_min * len(p.weekdays) / p.every_weeks for p in c.plans) for c in d.clients
        }
        k = max(1, round(len(d.staff) / cfg.team_size)) if cfg.unit == "team" else 1
        sectors = _split_by_workload(ordered, load, k) if ordered else [[]]
        k = len(sectors)
        teams = _deal_staff(list(d.staff), k)
        shift_of = {s.id: s.shift for s in d.staff}
        for t in range(k):
            idx = len(units)
            name = d.name if k == 1 else f"{d.name}-{t + 1}"
            units.append(Unit(idx, d.index, name, tuple(teams[t]), tuple(sectors[t])))
            unit_of_slot.update(dict.fromkeys(teams[t], idx))
            unit_of_client.update(dict.fromkeys(sectors[t], idx))
            # contact persons are day staff; each gets a contiguous (nearby) group of clients
            want = cfg.contact_person_shift
            day_slots = [s for s in teams[t] if not want or shift_of[s] == want] or list(teams[t])
            if day_slots:
                owners = _chunk_owner(len(sectors[t]), len(day_slots))
                for c, owner in zip(sectors[t], owners, strict=True):
                    contact[c] = _not_refused(d, c, day_slots, owner)
        if cfg.unit == "team" and cfg.team_relief:
            # round-robin by substitute id over the district's teams in sector order: each team
            # gets every k-th substitute, so the teams' relief staff differ in size by one at most
            first = len(units) - k
            relief.update({sub: first + j % k for j, sub in enumerate(sorted(d.substitutes))})
    return Organisation(tuple(units), unit_of_client, unit_of_slot, contact, relief)


def _not_refused(d: District, client: int, slots: list[int], owner: int) -> int:
    """``slots[owner]``, or the next of ``slots`` whose holder the client does not refuse (a
    unit's data: ``avoid_caregivers``)."""
    if not d.refusal_skills:
        return slots[owner]
    refuses = frozenset().union(*(p.refusals for p in d.clients[client - d.clients[0].id].plans))
    for k in range(len(slots)):
        slot = slots[(owner + k) % len(slots)]
        if not d.own_refusals.get(slot, frozenset()) & refuses:
            return slot
    return slots[owner]


def _deal_staff(staff: list[StaffSlot], k: int) -> list[list[int]]:
    """Share staff among ``k`` teams so that each team has a similar crew — and similar
    delegated skills — on every shift of every rota day."""
    if k == 1:
        return [[s.id for s in staff]]
    shifts = sorted({s.shift for s in staff})
    length = 1 + max((max(s.cycle_days) for s in staff if s.cycle_days), default=0)
    cover = np.zeros((k, len(shifts), length))
    skilled = np.zeros((k, len(shifts), length))
    size = np.zeros(k)
    teams: list[list[int]] = [[] for _ in range(k)]
    for s in sorted(staff, key=lambda s: (-len(s.cycle_days), s.shift, s.id)):
        x = np.zeros(length)
        x[list(s.cycle_days)] = 1.0
        j = shifts.index(s.shift)
        # increase of the sum of squares = 2·current·x + x²: pick the least-covered team
        score = 2 * cover[:, j] @ x + (2 * skilled[:, j] @ x if s.skills else 0.0) + 4 * size
        t = int(np.argmin(score))
        teams[t].append(s.id)
        cover[t, j] += x
        if s.skills:
            skilled[t, j] += x
        size[t] += 1
    return teams


def _chunk_owner(n_items: int, n_owners: int) -> list[int]:
    """Owner index of each of ``n_items`` ordered items split into contiguous chunks."""
    return [min(n_owners - 1, i * n_owners // max(1, n_items)) for i in range(n_items)]


def take_substitute(org: Organisation, pool: list[int], unit: int, u: float) -> int:
    """Take a free substitute out of a district's ``pool`` for an absence in ``unit``: one of the
    unit's own relief staff while one is free (``team_relief``), else anyone of the pool.

    ``u`` is the absent slot's pick draw (keyed by day and slot), used alike on either list, so
    the random numbers stay common: without relief staff this is the district pool's pick.
    """
    own = [s for s in pool if org.relief_unit.get(s) == unit] if org.relief_unit else []
    candidates = own or pool
    sub = candidates[int(u * len(candidates))]
    pool.remove(sub)
    return sub
