"""Staff: positions (slots) with contracts, skills, travel modes and a rota; substitutes.

A *slot* is a position in a district's rota. The person holding it may quit and be
replaced by a newcomer, who inherits the slot's rota and contact clients but not
the acquaintances. Staff and rota are part of the world: both delivery models use
the same people on the same days, so differences come from how the work is
organised, not from who is employed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.config.fields import clock_to_min
from sim.config.reads import ALWAYS, Reads
from sim.config.schema_staff import StaffingConfig
from sim.rng import Stream, keyed_uniform
from sim.world.clients import Calendar, Client
from sim.world.geography import DistrictGeography

# The config keys the staff and their rota read (issue 25: sim/config/reads.py).
READS = Reads(
    "the staff and rota (sim/world/staff.py)",
    (
        "scenario.staffing.caregivers_per_district",
        "scenario.staffing.planned_utilisation_target",
        "scenario.staffing.route_factor",
        "scenario.staffing.capacity_factor",
        "scenario.staffing.full_time_share",
        "scenario.staffing.part_time_fte",
        "scenario.staffing.hours_per_week_full_time",
        "scenario.staffing.weekend_every",
        "scenario.staffing.shifts.*.*",
        "scenario.staffing.skill_shares",
        "scenario.staffing.substitute_pool_share",
    ),
    ALWAYS,
)


@dataclass(frozen=True)
class ShiftTime:
    """One shift of a position on a rota day, in minutes after the day's start (an end past
    1440 is after midnight); the meal break starts between ``break_earliest`` and
    ``break_latest``."""

    start: int
    end: int
    break_min: float
    break_earliest: float
    break_latest: float
    label: str = ""  # the part of the day it is (a unit's shift: day, evening, night); "": the type's

    @property
    def minutes(self) -> float:
        """Paid minutes of the shift."""
        return float(self.end - self.start)


@dataclass(frozen=True)
class StaffSlot:
    """A position in a district's rota."""

    id: int
    district: int
    shift: str  # the shift type (generated) or the part of the day it mostly works (a unit's)
    fte: float
    weekend_week: int
    cycle_days: frozenset[int]  # days of the rota cycle on duty (0 = Monday of week 0)
    skills: frozenset[str]
    mode: str
    place: int = 0  # place in its district's rota of its shift: with (district, shift), the key of its draws
    # a unit's caregiver works their own shifts: (rota day, that day's shifts in time order);
    # empty: the shift type's hours (scenario.staffing.shifts[shift]) on every rota day
    hours: tuple[tuple[int, tuple[ShiftTime, ...]], ...] = ()
    name: str = ""  # the analyst's id of the position (a unit's caregiver id)

    def own_shifts(self, rota_day: int) -> tuple[ShiftTime, ...] | None:
        """The position's own shifts on ``rota_day`` (None: it works its shift type's hours)."""
        for day, shifts in self.hours:
            if day == rota_day:
                return shifts
        return None if not self.hours else ()


def position_name(slot: StaffSlot) -> str:
    """The analyst's id of a position: a unit's caregiver id, else the name a generated district's
    export gives it (``cg-day-3``)."""
    return slot.name or f"cg-{slot.shift}-{slot.place + 1}"


def type_shift(staffing: StaffingConfig, shift: str) -> ShiftTime:
    """The hours of shift type ``shift``."""
    sh = staffing.shifts[shift]
    return ShiftTime(
        clock_to_min(sh.start),
        clock_to_min(sh.end),
        float(sh.break_min),
        float(clock_to_min(sh.break_earliest)),
        float(clock_to_min(sh.break_latest)),
    )


def shift_minutes(staffing: StaffingConfig, shift: str) -> int:
    """Paid length of a shift type, minutes."""
    sh = staffing.shifts[shift]
    return clock_to_min(sh.end) - clock_to_min(sh.start)


def cycle_day(cal: Calendar, staffing: StaffingConfig, day: int) -> int:
    """Position of simulation ``day`` in the rota cycle of ``weekend_every`` weeks."""
    return (cal.week(day) % staffing.weekend_every) * 7 + cal.weekday(day)


def expected_trip_min(geo: DistrictGeography, mode_shares: dict[str, float], route_factor: float) -> float:
    """Typical minutes of one trip between visits for sizing staff: ``route_factor`` × the mean
    travel between two homes of the district, weighted by the staff's travel-mode shares."""
    n = geo.n_locations - 1
    if n < 2:
        return 0.0
    total, weight = 0.0, 0.0
    off_diagonal = ~np.eye(n, dtype=bool)
    for mode, share in mode_shares.items():
        if share > 0:
            total += share * float(geo.base_min[geo.mode_index(mode), 1:, 1:][off_diagonal].mean())
            weight += share
    return route_factor * total / weight if weight > 0 else 0.0


def standard_demand(
    clients: list[Client], staffing: StaffingConfig, cal: Calendar, first_day: int, trip_min: float = 0.0
) -> dict[str, tuple[float, float]]:
    """Mean planned minutes (granted standard time plus one trip per visit and caregiver) per
    (weekday, weekend) day for each shift type.

    Averaged over four weeks so that fortnightly tasks count at their rate.
    """
    sums = {s: [0.0, 0.0] for s in staffing.shifts}
    counts = [0, 0]
    for d in range(first_day, first_day + 28):
        wd, wk = cal.weekday(d), cal.week(d)
        idx = 1 if wd >= 5 else 0
        counts[idx] += 1
        for c in clients:
            for p in c.plans:
                if p.active(wd, wk):
                    sums[p.shift][idx] += (p.standard_min + trip_min) * (2 if p.double else 1)
    return {s: (v[0] / counts[0], v[1] / counts[1]) for s, v in sums.items()}


def _shifts_per_cycle(staffing: StaffingConfig, fte: float, shift: str) -> int:
    weeks = staffing.weekend_every
    hours = fte * staffing.hours_per_week_full_time * weeks
    n = round(hours * 60 / shift_minutes(staffing, shift))
    return int(min(5 * weeks, max(2, n)))


def _rota(n_shifts: list[int], weeks: int, weekday_need: float) -> list[frozenset[int]]:
    """Weekend every ``weeks``-th week; the other shifts as one run of consecutive weekdays,
    placed where the fewest are rostered (so coverage stays even and a caregiver sees the
    same clients several days in a row)."""
    weekdays = [w * 7 + d for w in range(weeks) for d in range(5)]
    cover = dict.fromkeys(weekdays, 0)
    out = []
    n_days = len(weekdays)
    for i, n in enumerate(n_shifts):
        ww = i % weeks
        days = {ww * 7 + 5, ww * 7 + 6}
        k = min(n_days, max(0, n - 2))

        def load(start: int, i: int = i, k: int = k) -> tuple[float, int]:
            block = [weekdays[(start + j) % n_days] for j in range(k)]
            return (sum(cover[x] - weekday_need for x in block), (start + i) % n_days)

        start = min(range(n_days), key=load)
        for j in range(k):
            x = weekdays[(start + j) % n_days]
            days.add(x)
            cover[x] += 1
        out.append(frozenset(days))
    return out


def make_staff(
    clients: list[Client],
    staffing: StaffingConfig,
    district: int,
    staff_scale: float,
    mode_shares: dict[str, float],
    cal: Calendar,
    seed: int,
    replication: int,
    first_id: int,
    geo: DistrictGeography,
) -> list[StaffSlot]:
    """Size, contract and roster the caregivers of one district.

    Crew per shift = planned minutes (standard time plus expected travel) / (paid shift
    minutes × planned_utilisation_target), times capacity_factor and staff_scale. A
    position's contract, skills and travel mode are drawn by its key (district, shift,
    place in the shift's rota), so more staff leaves the existing positions as they were.
    """

    def u(shift_index: int, place: int, part: int) -> float:
        return float(keyed_uniform(seed, replication, Stream.STAFF, district, shift_index, place, part))

    mode_cdf = np.cumsum(np.array(list(mode_shares.values())) / sum(mode_shares.values()))
    trip = expected_trip_min(geo, mode_shares, staffing.route_factor)
    demand = standard_demand(clients, staffing, cal, 0, trip)
    weeks = staffing.weekend_every
    modes = list(mode_shares)
    skills = list(staffing.skill_shares)
    total_need = {s: 0.0 for s in staffing.shifts}
    crew_need: dict[str, tuple[int, int]] = {}
    for s, (wd, we) in demand.items():
        per_shift = shift_minutes(staffing, s) * staffing.planned_utilisation_target
        f = staffing.capacity_factor * staff_scale
        crew_need[s] = (math.ceil(wd * f / per_shift), math.ceil(we * f / per_shift))
        total_need[s] = crew_need[s][0] * 5 * weeks + crew_need[s][1] * 2 * weeks
    explicit = staffing.caregivers_per_district
    slots: list[StaffSlot] = []
    for si, s in enumerate(staffing.shifts):
        wd_need, we_need = crew_need[s]
        if wd_need == 0 and we_need == 0:
            continue
        ftes: list[float] = []
        n_shifts: list[int] = []
        while True:
            if explicit is not None:
                share = total_need[s] / max(1e-9, sum(total_need.values()))
                if len(ftes) >= round(explicit * share):
                    break
            elif sum(n_shifts) >= total_need[s]:
                break
            fte = 1.0 if u(si, len(ftes), 0) < staffing.full_time_share else staffing.part_time_fte
            ftes.append(fte)
            n_shifts.append(_shifts_per_cycle(staffing, fte, s))
        if explicit is None and len(ftes) < weeks * we_need:
            # the weekends decide the headcount: contracts shrink to the weekday need
            # (part-time evening rotas, as in many Swedish municipalities)
            n = weeks * we_need
            per = _spread(wd_need * 5 * weeks, n)
            n_shifts = [2 + k for k in per]
            hours = staffing.hours_per_week_full_time * weeks * 60
            ftes = [min(1.0, k * shift_minutes(staffing, s) / hours) for k in n_shifts]
        rota = _rota(n_shifts, weeks, wd_need)
        for i, fte in enumerate(ftes):
            held = frozenset(k for j, k in enumerate(skills) if u(si, i, 2 + j) < staffing.skill_shares[k])
            mode = modes[min(int(np.searchsorted(mode_cdf, u(si, i, 1), side="right")), len(modes) - 1)]
            slots.append(
                StaffSlot(
                    id=first_id + len(slots),
                    district=district,
                    shift=s,
                    fte=round(fte, 3),
                    weekend_week=i % weeks,
                    cycle_days=rota[i],
                    skills=held,
                    mode=mode,
                    place=i,
                )
            )
    return slots


def _spread(total: int, n: int) -> list[int]:
    """Split ``total`` shifts over ``n`` people as evenly as possible."""
    base, extra = divmod(total, n)
    return [base + (i < extra) for i in range(n)]


def substitute_pool_size(staffing: StaffingConfig, n_regular: int) -> int:
    """Hourly substitutes available to a district, from their share of all care staff."""
    share = staffing.substitute_pool_share
    return math.ceil(n_regular * share / (1.0 - share)) if share > 0 else 0
