"""The analyst's ids of a run's people, positions and clients (issue 24: a unit's own ids in every
table, trace and plot).

A unit's caregivers and clients keep the ids of its files; a generated district's get the names
its export gives (``cg-day-3``, ``client-12``; with several districts after the district's name).
A position's first holder carries the position's id; an hourly substitute is ``substitute-k``
of their district; someone hired into a position after a quit is ``<position> (newcomer k)``.
"""

from __future__ import annotations

from collections.abc import Mapping

from sim.engine.state import Person
from sim.world.build import World
from sim.world.staff import StaffSlot, position_name


class RunNames:
    """Names of one model run (persons are looked up as the run hires them)."""

    def __init__(self, world: World, slots: Mapping[int, StaffSlot], persons: Mapping[int, Person]) -> None:
        self.world = world
        self.slots = slots
        self.persons = persons
        self._cache: dict[int, str] = {}
        self._newcomers: dict[int, int] = {}  # position id -> newcomers named so far

    def position_name(self, slot_id: int) -> str:
        """A position's id."""
        slot = self.slots.get(slot_id)
        if slot is None:
            return str(slot_id)
        base = position_name(slot)
        if not slot.name and len(self.world.districts) > 1:
            base = f"{self.world.districts[slot.district].name}/{base}"
        return base

    def client_name(self, cid: int) -> str:
        """A client's id."""
        c = self.world.clients[cid]
        name = c.name or str(cid)
        return f"{self.world.districts[c.district].name}/{name}" if len(self.world.districts) > 1 else name

    def person_name(self, pid: int) -> str:
        """A person's id ('' for none)."""
        name = self._cache.get(pid)
        if name is None:
            name = self._cache[pid] = self._name(pid)
        return name

    def _name(self, pid: int) -> str:
        p = self.persons.get(pid)
        if p is None:
            return "" if pid < 0 else str(pid)
        if p.slot is None:
            subs = self.world.districts[p.district].substitutes
            return f"substitute-{subs.index(pid) + 1}" if pid in subs else f"substitute-{pid}"
        base = self.position_name(p.slot.id)
        if pid == p.slot.id:
            return base
        # newcomers are named in the order they are first recorded, which follows the run's
        # events: the same in every run of the same seed
        k = self._newcomers[p.slot.id] = self._newcomers.get(p.slot.id, 0) + 1
        return f"{base} (newcomer {k})"
