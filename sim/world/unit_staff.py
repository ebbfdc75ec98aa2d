"""A unit's staff as the simulated district's positions (issue 24): each caregiver of the files is
one person with their own shifts on each rota day; the "shift types" of the config are only the
parts of the day they mostly work (labels for lending, floaters and reports); and the unit's
travel matrices as the district's geography."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

from sim.config.schema import RunConfig
from sim.config.schema_staff import ShiftConfig
from sim.data.unit import Unit
from sim.world.clients import Calendar
from sim.world.geography import DistrictGeography
from sim.world.staff import ShiftTime, StaffSlot


def _rows(df: pd.DataFrame) -> list[Any]:
    """The rows of ``df`` as named tuples (typed loosely: a table's columns are known by name)."""
    return list(df.itertuples())


def _clock(minutes: float) -> str:
    m = min(round(minutes), 1440)  # a config clock stops at 24:00 (a night shift's label only)
    return f"{m // 60:02d}:{m % 60:02d}"


def part_of_day(start_min: float) -> str:
    """The part of the day a shift or visit starting at ``start_min`` belongs to: day before
    14:00, evening before 21:00, else night (a label for reports, lending and floaters)."""
    return "day" if start_min < 14 * 60 else "evening" if start_min < 21 * 60 else "night"


def _break_window(r: Any) -> tuple[float, float]:
    """Where a shift row's break may start: its own window or set time, else the middle third."""
    if not math.isnan(r.break_earliest_min):
        return float(r.break_earliest_min), float(r.break_latest_min)
    work = r.end_min - r.start_min - r.break_min
    return r.start_min + work / 3, r.start_min + 2 * work / 3


def _shift_time(r: Any) -> ShiftTime:
    b0, b1 = _break_window(r)
    return ShiftTime(int(r.start_min), int(r.end_min), float(r.break_min), b0, b1, part_of_day(r.start_min))


def caregivers(unit: Unit) -> dict[str, list[Any]]:
    """Each caregiver's rows, caregivers in order of first appearance."""
    out: dict[str, list[Any]] = {}
    for r in _rows(unit.shifts):
        out.setdefault(str(r.caregiver_id), []).append(r)
    return out


def _kind(rows: list[Any]) -> str:
    """A caregiver's part of the day: that of their earliest shift."""
    return part_of_day(min(r.start_min for r in rows))


def shift_types(unit: Unit) -> dict[str, ShiftConfig]:
    """The parts of the day the unit's caregivers work, each with its most common hours (config
    labels: the hours a caregiver works are their own)."""
    by_kind: dict[str, Counter[tuple[int, int, float]]] = {}
    windows: dict[tuple[int, int, float], tuple[float, float]] = {}
    for r in sorted(_rows(unit.shifts), key=lambda r: r.start_min):
        key = (int(r.start_min), int(r.end_min), float(r.break_min))
        by_kind.setdefault(part_of_day(r.start_min), Counter())[key] += 1
        windows.setdefault(key, _break_window(r))
    out = {}
    for kind, counts in by_kind.items():
        (start, end, brk), _ = counts.most_common(1)[0]
        b0, b1 = windows[(start, end, brk)]
        # a label's clock stops at 24:00: a night shift's label keeps its hours before midnight
        # and a break that fits them (its caregivers work their own hours, past midnight too)
        shown = min(end, 1440)
        brk = min(brk, max(0.0, shown - start))
        b0, b1 = (min(max(b, start), shown - brk) for b in (b0, b1))
        out[kind] = ShiftConfig(_clock(start), _clock(shown), brk, _clock(b0), _clock(b1))
    return out


def rota_weeks(unit: Unit) -> int:
    """Weeks of the rota cycle: the least common multiple of the patterns' every_weeks."""
    weeks = 1
    for r in _rows(unit.shifts):
        for _, every, _ in unit.recurrence(r):
            weeks = math.lcm(weeks, every)
    return weeks


def start_week(cal: Calendar) -> int:
    """The absolute week index of the first measured day (week 0 of the files' patterns)."""
    return cal.week(cal.warmup_days)


def positions(unit: Unit, first_slot: int) -> dict[str, int]:
    """Caregiver id -> staff position id (one position, one person, per caregiver)."""
    return {cg: first_slot + i for i, cg in enumerate(caregivers(unit))}


def imported_staff(
    run: RunConfig, unit: Unit, district: int, first_id: int, cal: Calendar
) -> list[StaffSlot]:
    """One staff position per caregiver, on duty on the days of their rows with each day's own
    shifts (in time order)."""
    weeks = run.scenario.staffing.weekend_every
    s0 = start_week(cal)
    places: Counter[str] = Counter()
    slots: list[StaffSlot] = []
    for k, (cg, rows) in enumerate(caregivers(unit).items()):
        hours: dict[int, list[ShiftTime]] = {}
        for r in rows:
            for on, every, offset in unit.recurrence(r):
                for c in range(weeks):  # rota week c holds the weeks s0 + offset, + every, …
                    if (c - s0 - offset) % every == 0:
                        for d in on:
                            hours.setdefault(c * 7 + int(d), []).append(_shift_time(r))
        kind = _kind(rows)
        first = rows[0]
        slots.append(
            StaffSlot(
                id=first_id + k,
                district=district,
                shift=kind,
                fte=float(first.contract_fte),
                weekend_week=0,
                cycle_days=frozenset(hours),
                skills=frozenset(x for r in rows for x in str(r.skills).split("|") if x),
                mode=str(first.travel_mode),
                place=places[kind],
                hours=tuple(
                    (day, tuple(sorted(ts, key=lambda t: t.start))) for day, ts in sorted(hours.items())
                ),
                name=cg,
            )
        )
        places[kind] += 1
    return slots


def imported_geography(run: RunConfig, unit: Unit) -> DistrictGeography:
    """Travel minutes per mode from the unit's matrices; road distance from the car times (or the
    fastest mode's) at the configured speed; positions by classical multidimensional scaling of
    those distances (only the teams' sectors use them)."""
    g = next(iter(run.scenario.districts.values())).geography
    modes = tuple(m for m in g.speed_kmh if m in unit.travel) + tuple(
        m for m in unit.travel if m not in g.speed_kmh
    )
    base = np.stack([unit.minutes(m) for m in modes])
    ref = "car" if "car" in modes else max(modes, key=lambda m: g.speed_kmh.get(m, 0.0))
    road = base[modes.index(ref)] / 60.0 * g.speed_kmh.get(ref, 25.0)
    return DistrictGeography(
        xy_km=_embed(road),
        modes=modes,
        base_min=base,
        road_km=road,
        noise_cv=g.travel_noise_cv,
        winter_factor=g.winter_travel_factor,
        winter_months=frozenset(g.winter_months),
    )


def _embed(distance_km: np.ndarray) -> np.ndarray:
    """Two-dimensional positions whose distances approximate ``distance_km`` (classical MDS),
    the office (row 0) at the origin."""
    d = (distance_km + distance_km.T) / 2
    n = len(d)
    j = np.eye(n) - 1.0 / n
    b = -0.5 * j @ (d**2) @ j
    vals, vecs = np.linalg.eigh(b)
    top = np.argsort(vals)[::-1][:2]
    xy = vecs[:, top] * np.sqrt(np.clip(vals[top], 0.0, None))
    if xy.shape[1] < 2:
        xy = np.hstack([xy, np.zeros((n, 2 - xy.shape[1]))])
    return np.asarray(xy - xy[0], dtype=float)
