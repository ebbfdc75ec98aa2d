"""Lending staff between units for a day when one team is short and another has room.

Small teams feel every absence: on a day when one team has more work than its
crew can carry and a neighbouring team of the same district has room, the teams
lend each other a person for the shift — in practice a substitute or the member
who knows the lending team's clients least. Work is measured in planned minutes
(allotted time plus an average trip per visit) against each crew member's
plannable minutes (shift minus meeting and break, minus the buffer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sim.engine.state import ShiftRun, Visit


def _capacity(r: ShiftRun, buffer_share: float) -> float:
    return (r.end - r.start - r.meeting_min - r.break_min) * (1.0 - buffer_share)


def lend_staff(
    crews: dict[int, list[ShiftRun]],
    visits: dict[int, list[Visit]],
    units_by_district: dict[int, list[int]],
    trip_min: dict[int, float],
    buffer_share: float,
    threshold: float,
    familiarity: Callable[[ShiftRun, int], float],
) -> int:
    """Move crew members between units of a district, shift by shift; return how many moved.

    ``familiarity(run, unit)`` says how well a crew member knows a unit's clients;
    the least familiar member of the lending unit goes.
    """
    moved = 0
    for units in units_by_district.values():
        if len(units) < 2:
            continue
        shifts = {r.shift for u in units for r in crews[u]}
        for shift in sorted(shifts):
            work = {
                u: sum(v.allotted + trip_min[u] for v in visits[u] if v.plan.shift == shift) for u in units
            }
            for _ in range(4 * len(units)):
                cap = {
                    u: sum(_capacity(r, buffer_share) for r in crews[u] if r.shift == shift) for u in units
                }
                ratio = {
                    u: work[u] / cap[u] if cap[u] > 0 else (float("inf") if work[u] else 0.0) for u in units
                }
                short = max(units, key=lambda u: (ratio[u], -u))
                donors: Sequence[int] = [
                    u for u in units if u != short and sum(r.shift == shift for r in crews[u]) > 1
                ]
                if not donors or ratio[short] <= 1.0 + threshold:
                    break
                donor = min(donors, key=lambda u: (ratio[u], u))
                cand = [r for r in crews[donor] if r.shift == shift]
                one = _capacity(cand[0], buffer_share)
                after_donor = work[donor] / max(1e-9, cap[donor] - one)
                after_short = work[short] / (cap[short] + one)
                if after_donor > after_short:
                    break
                person = min(
                    cand, key=lambda r: (r.person.kind == "regular", familiarity(r, donor), r.person.id)
                )
                crews[donor].remove(person)
                crews[short].append(person)
                person.unit = short
                moved += 1
    return moved
