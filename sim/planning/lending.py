"""Lending staff between units for a day when one team is short and another has room.

Small teams feel every absence. Before a day is planned, the units of a district
lend each other people for a shift in two steps:

1. *Capability*: a unit whose visits on a shift need a delegated skill nobody in its
   crew holds, or a second person for a double-staffed visit, or anybody at all,
   borrows a suitable person from a unit that can spare one.
2. *Workload*: while lending one person from the least loaded unit to the most
   loaded lowers the highest load, do it. Load is planned minutes (allotted time,
   logging and an average trip per visit) over the crew's plannable minutes (shift
   minus meeting and break, minus the buffer).

The person lent is a substitute if possible, else the member who knows the lending
unit's clients least.
"""

from __future__ import annotations

from collections.abc import Callable

from sim.config.reads import Reads, both, model_equals
from sim.engine.state import ShiftRun, Visit
from sim.planning.dispatch import plannable_capacity

Familiarity = Callable[[ShiftRun, int], float]


# The config keys lending reads (issue 25: sim/config/reads.py): a district of one unit has
# nobody to lend to.
READS = Reads(
    "lending (sim/planning/lending.py)",
    ("models.*.organisation.lend_threshold",),
    both(model_equals("organisation.lend_staff", True), model_equals("organisation.unit", "team")),
)


def _load(work: float, capacity: float) -> float:
    if capacity > 0:
        return work / capacity
    return float("inf") if work else 0.0


def _move(crews: dict[int, list[ShiftRun]], person: ShiftRun, donor: int, to: int) -> None:
    crews[donor].remove(person)
    crews[to].append(person)
    person.unit = to


def _least_needed(cands: list[ShiftRun], donor: int, familiarity: Familiarity) -> ShiftRun:
    return min(cands, key=lambda r: (r.person.kind == "regular", familiarity(r, donor), r.person.id))


def _needs(visits: list[Visit], shift: str) -> tuple[set[str], int]:
    """(skills needed, people needed at once) by a unit's visits on ``shift``."""
    skills: set[str] = set()
    people = 0
    for v in visits:
        if v.plan.shift == shift:
            skills |= v.skills
            people = max(people, 2 if v.double else 1)
    return skills, people


def _spare(
    crews: dict[int, list[ShiftRun]], visits: dict[int, list[Visit]], unit: int, shift: str
) -> list[ShiftRun]:
    """Crew members of ``unit`` on ``shift`` it can lend and still cover its own visits'
    skills and headcount."""
    theirs = [r for r in crews[unit] if r.shift == shift]
    skills, people = _needs(visits[unit], shift)
    if len(theirs) - 1 < people:
        return []
    return [
        r for r in theirs if all(any(s in o.skills for o in theirs if o is not r) for s in skills & r.skills)
    ]


def lend_for_capability(
    crews: dict[int, list[ShiftRun]],
    visits: dict[int, list[Visit]],
    units: list[int],
    familiarity: Familiarity,
) -> int:
    """Step 1: give every unit the skills and headcount its visits need; return moves."""
    moved = 0
    shifts = sorted({v.plan.shift for u in units for v in visits[u]})
    for shift in shifts:
        for u in units:
            skills, people = _needs(visits[u], shift)
            wants: list[str | None] = [s for s in sorted(skills)]
            wants += [None] * people  # a body for each person needed at once
            for want in wants:
                crew = [r for r in crews[u] if r.shift == shift]
                if want is not None and any(want in r.skills for r in crew):
                    continue
                if want is None and len(crew) >= people:
                    break
                for donor in sorted(units, key=lambda d: -sum(r.shift == shift for r in crews[d])):
                    if donor == u:
                        continue
                    spare = [
                        r for r in _spare(crews, visits, donor, shift) if want is None or want in r.skills
                    ]
                    if spare:
                        _move(crews, _least_needed(spare, donor, familiarity), donor, u)
                        moved += 1
                        break
    return moved


def lend_for_workload(
    crews: dict[int, list[ShiftRun]],
    visits: dict[int, list[Visit]],
    units: list[int],
    trip_min: dict[int, float],
    after_visit_min: float,
    buffer_share: float,
    threshold: float,
    familiarity: Familiarity,
) -> int:
    """Step 2: even out planned load while that lowers the highest load; return moves."""
    moved = 0
    for shift in sorted({r.shift for u in units for r in crews[u]}):
        work = {
            u: sum(v.allotted + after_visit_min + trip_min[u] for v in visits[u] if v.plan.shift == shift)
            for u in units
        }
        for _ in range(4 * len(units)):
            cap = {
                u: sum(plannable_capacity(r, buffer_share) for r in crews[u] if r.shift == shift)
                for u in units
            }

            def load(u: int, extra: float = 0.0, work: dict = work, cap: dict = cap) -> float:
                return _load(work[u], cap[u] + extra)

            short = max(units, key=lambda u: (load(u), -u))
            if load(short) <= 1.0 + threshold:
                break
            donors = []
            for u in units:
                # a donor keeps what its own visits need (step 1's guarantees)
                spare = _spare(crews, visits, u, shift) if u != short else []
                if spare:
                    donors.append((u, spare))
            if not donors:
                break
            donor, spare = min(donors, key=lambda d: (load(d[0]), d[0]))
            one = plannable_capacity(spare[0], buffer_share)
            if max(load(donor, -one), load(short, one)) >= load(short):
                break
            _move(crews, _least_needed(spare, donor, familiarity), donor, short)
            moved += 1
    return moved


def lend_staff(
    crews: dict[int, list[ShiftRun]],
    visits: dict[int, list[Visit]],
    units_by_district: dict[int, list[int]],
    trip_min: dict[int, float],
    after_visit_min: float,
    buffer_share: float,
    threshold: float,
    familiarity: Familiarity,
) -> int:
    """Both steps for every district with more than one unit; return how many people moved."""
    moved = 0
    for units in units_by_district.values():
        if len(units) > 1:
            moved += lend_for_capability(crews, visits, units, familiarity)
            moved += lend_for_workload(
                crews, visits, units, trip_min, after_visit_min, buffer_share, threshold, familiarity
            )
    return moved
