"""The rules across a unit's files, on the parsed tables: unknown ids, refusals, windows, linked
visits, breaks, overlapping shifts, visits nobody on duty can make, matrix pairs (problems: the
run stops) and what a real plan often holds but should be looked at (warnings: the run goes on).

Every problem names the file, the CSV line (the header is line 1), the column, the rule and, for
times, the minutes and the nearest shift.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from sim.data.checks import Problem, did_you_mean
from sim.data.text import csv_line
from sim.data.unit import Unit

DAY_OUT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MAX_SHIFT_HOURS = 16  # longer is a typo (an end before the start is read as the next day)


def clock(minutes: float) -> str:
    """Minutes after the day's start as ``HH:MM`` (past midnight: ``+1 01:30``)."""
    m = round(minutes)
    day, m = divmod(m, 1440)
    text = f"{m // 60:02d}:{m % 60:02d}"
    return f"+{day} {text}" if day > 0 and text != "00:00" else ("24:00" if day == 1 else text)


def day_label(u: Unit, day: dt.date) -> str:
    """``Wed 2026-03-11`` for a dated unit; ``Wed`` (``Wed of week 2``) for a weekday pattern."""
    if u.dated:
        return f"{DAY_OUT[day.weekday()]} {day.isoformat()}"
    weeks = len(u.period()) // 7
    week = (day - u.period()[0]).days // 7
    return DAY_OUT[day.weekday()] + (f" of week {week + 1}" if weeks > 1 else "")


def _days_of(u: Unit) -> Iterator[tuple[dt.date, pd.DataFrame, pd.DataFrame]]:
    for day in u.period():
        yield day, u.on_day(u.visits, day), u.on_day(u.shifts, day)


def _index(i: Hashable) -> int:
    """A table row's index (the tables have a RangeIndex)."""
    return int(cast(int, i))


def _ids(text: object) -> list[str]:
    return [x for x in str(text).split("|") if x]


def _visit_rules(u: Unit, fv: str, time_column: dict[int, str]) -> list[Problem]:
    out: list[Problem] = []
    clients, caregivers = set(u.clients["client_id"]), set(u.shifts["caregiver_id"])
    skills = {s for held in u.shifts["skills"] for s in held.split("|") if s}
    refused = {
        c: set(_ids(a)) for c, a in zip(u.clients["client_id"], u.clients["avoid_caregivers"], strict=True)
    }
    by_id = dict(zip(u.visits["visit_id"], u.visits["client_id"], strict=True))
    unused = clients - set(u.visits["client_id"])
    for i, r in u.visits.iterrows():
        line = csv_line(i)
        if r["client_id"] not in clients:
            # a renamed id: the client in clients.csv that no visit names is the likeliest
            hint = did_you_mean(r["client_id"], unused) or did_you_mean(r["client_id"], clients)
            out.append(Problem(fv, line, "client_id", f"unknown client {r['client_id']!r}{hint}"))
        for col in ("planned_caregiver", "second_caregiver"):
            cg = r[col]
            if cg and cg not in caregivers:
                out.append(Problem(fv, line, col, f"unknown caregiver {cg!r}{did_you_mean(cg, caregivers)}"))
            elif cg and cg in refused.get(r["client_id"], set()):
                out.append(
                    Problem(fv, line, col, f"the client refuses {cg!r} (clients.csv avoid_caregivers)")
                )
        if r["second_caregiver"] and not r["double_staffed"]:
            out.append(
                Problem(fv, line, "second_caregiver", "only a double-staffed visit has a second caregiver")
            )
        elif r["second_caregiver"] and r["second_caregiver"] == r["planned_caregiver"]:
            out.append(
                Problem(fv, line, "second_caregiver", "is the planned caregiver; a pair is two people")
            )
        if r["latest_min"] < r["earliest_min"]:
            out.append(Problem(fv, line, "latest", "the window closes before it opens"))
        planned = r["planned_start_min"]
        if not math.isnan(planned) and not r["earliest_min"] <= planned <= r["latest_min"]:
            out.append(
                Problem(
                    fv,
                    line,
                    "planned_start",
                    f"{clock(planned)} lies outside the window "
                    f"{clock(r['earliest_min'])}-{clock(r['latest_min'])}",
                )
            )
        second = r["granted_min"] if math.isnan(r["second_min"]) else r["second_min"]
        if r["second_min"] > r["granted_min"]:
            out.append(Problem(fv, line, "second_min", "exceeds granted_min"))
        elif r["second_offset_min"] + second > r["granted_min"] + 1e-9:
            out.append(
                Problem(
                    fv,
                    line,
                    "second_offset_min",
                    f"the second caregiver would stay past the visit's end: second_offset_min "
                    f"({r['second_offset_min']:g}) + their minutes ({second:g}) > granted_min "
                    f"({r['granted_min']:g})",
                )
            )
        if r["skill"] and r["skill"] not in skills:
            held = ", ".join(sorted(skills)) or "none"
            out.append(
                Problem(fv, line, "skill", f"nobody holds {r['skill']!r} (caregivers' skills: {held})")
            )
        if r["follows"]:
            first = by_id.get(r["follows"])
            if first is None:
                out.append(Problem(fv, line, "follows", f"unknown visit {r['follows']!r}"))
            elif r["follows"] == r["visit_id"]:
                out.append(Problem(fv, line, "follows", "a visit cannot follow itself"))
            elif first != r["client_id"]:
                out.append(Problem(fv, line, "follows", f"{r['follows']!r} is another client's visit"))
            if r["follows_max_gap"] < r["follows_min_gap"]:
                out.append(Problem(fv, line, "follows_max_gap", "is less than follows_min_gap"))
    out += _duty_rules(u, fv, time_column)
    return out


@dataclass(frozen=True)
class _Duty:
    """A day's shifts as arrays (the rules ask them once per visit)."""

    start: np.ndarray
    end: np.ndarray
    who: np.ndarray  # caregiver ids

    @classmethod
    def of(cls, shifts: pd.DataFrame) -> _Duty:
        return cls(
            shifts["start_min"].to_numpy(dtype=float),
            shifts["end_min"].to_numpy(dtype=float),
            shifts["caregiver_id"].to_numpy(dtype=object),
        )

    def nearest(self, a: float, b: float, mask: np.ndarray | None = None) -> int:
        """Index of the shift (among ``mask``) nearest in time to the interval [a, b]."""
        gap = np.maximum(np.maximum(self.start - b, a - self.end), 0.0)
        if mask is not None:
            gap = np.where(mask, gap, np.inf)
        return int(np.argmin(gap))

    def hours(self, k: int) -> str:
        return f"{clock(self.start[k])}-{clock(self.end[k])}"


def _duty_rules(u: Unit, fv: str, time_column: dict[int, str]) -> list[Problem]:
    """A visit must be able to start within someone's shift (else: a problem); a double-staffed
    one with two people on duty."""
    out: list[Problem] = []
    flagged: set[int] = set()
    for day, visits, shifts in _days_of(u):
        duty = _Duty.of(shifts)
        for r in cast(Iterator[Any], visits.itertuples()):  # columns checked to be numbers
            i = _index(r.Index)
            if i in flagged or r.latest_min < r.earliest_min:  # named by its own rule
                continue
            col, window = time_column.get(i, "earliest"), f"{clock(r.earliest_min)}-{clock(r.latest_min)}"
            if shifts.empty:
                out.append(Problem(fv, csv_line(i), col, f"nobody is on duty on {day_label(u, day)}"))
                flagged.add(i)
                continue
            on = (duty.start <= r.latest_min) & (duty.end > r.earliest_min)
            if not on.any():
                k = duty.nearest(r.earliest_min, r.latest_min)
                out.append(
                    Problem(
                        fv,
                        csv_line(i),
                        col,
                        f"on {day_label(u, day)} nobody is on duty in its window {window}: a visit must "
                        f"start within a shift; the nearest is {duty.who[k]}'s {duty.hours(k)}",
                    )
                )
                flagged.add(i)
            elif r.double_staffed and len(set(duty.who[on])) < 2:
                out.append(
                    Problem(
                        fv,
                        csv_line(i),
                        "double_staffed",
                        f"on {day_label(u, day)} only {duty.who[on][0]} is on duty in its window {window}; "
                        "a double-staffed visit needs two",
                    )
                )
                flagged.add(i)
    return out


def _shift_rules(u: Unit, fg: str) -> list[Problem]:
    out: list[Problem] = []
    for i, r in u.shifts.iterrows():
        line = csv_line(i)
        hours = (r["end_min"] - r["start_min"]) / 60
        if hours > MAX_SHIFT_HOURS:
            out.append(
                Problem(
                    fg,
                    line,
                    "shift_end",
                    f"the shift {clock(r['start_min'])}-{clock(r['end_min'])} lasts {hours:g} h; at most "
                    f"{MAX_SHIFT_HOURS} (an end before the start is on the next day)",
                )
            )
        if r["travel_mode"] not in u.travel:
            have = ", ".join(sorted(u.travel)) or "none"
            out.append(
                Problem(fg, line, "travel_mode", f"no travel_{r['travel_mode']} matrix (there are: {have})")
            )
        clash = r.get("break_clash")
        if isinstance(clash, str) and clash:  # (a unit built in code may lack the column)
            fixed, window = clash.split(" / ")
            out.append(
                Problem(
                    fg,
                    line,
                    "break_start",
                    f"the set break time {fixed} lies outside the break window {window} given on the "
                    "same line: give a set time (break_start) or a window (break_earliest, "
                    "break_latest), not both",
                )
            )
        b0, b1 = r["break_earliest_min"], r["break_latest_min"]
        if not math.isnan(b0) and not math.isnan(b1):
            if b1 < b0:
                out.append(Problem(fg, line, "break_latest", "the break window closes before it opens"))
            elif b0 < r["start_min"] or b1 + r["break_min"] > r["end_min"]:
                out.append(
                    Problem(
                        fg,
                        line,
                        "break_start" if b0 == b1 else "break_earliest",
                        f"the break ({clock(b0)}-{clock(b1 + r['break_min'])}) lies outside the shift "
                        f"{clock(r['start_min'])}-{clock(r['end_min'])}",
                    )
                )
        elif math.isnan(b0) != math.isnan(b1):
            out.append(
                Problem(fg, line, "break_earliest", "give both break_earliest and break_latest, or neither")
            )
    for day in u.period():
        on = u.on_day(u.shifts, day).sort_values(["caregiver_id", "start_min"])
        for _, mine in on.groupby("caregiver_id", sort=False):
            if len(mine) < 2:
                continue
            ends, starts = mine["end_min"].to_numpy()[:-1], mine["start_min"].to_numpy()[1:]
            for k in np.flatnonzero(starts < ends).tolist():
                a, b = mine.iloc[k], mine.iloc[k + 1]
                out.append(
                    Problem(
                        fg,
                        csv_line(b.name),
                        "shift_start",
                        f"{b['caregiver_id']}'s shifts overlap on {day_label(u, day)}: "
                        f"{clock(a['start_min'])}-{clock(a['end_min'])} and "
                        f"{clock(b['start_min'])}-{clock(b['end_min'])} (a person is in one place at a time)",
                    )
                )
    return sorted(set(out), key=lambda p: (p.line or 0, p.message))


def _matrix_rules(u: Unit) -> list[Problem]:
    out: list[Problem] = []
    locs = u.locations
    for mode, sq in u.travel.items():
        name = f"travel_{mode}"
        missing = [x for x in locs if x not in sq.index or x not in sq.columns]
        if set(missing) - set(u.clients["location_id"]):
            missing = [x for x in missing if x not in set(u.clients["location_id"])]
        elif missing:  # named on the clients' lines already
            continue
        if missing:
            more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
            out.append(Problem(name, None, None, f"no row or column for location {missing[0]!r}{more}"))
            continue
        m = sq.loc[locs, locs].to_numpy(dtype=float)
        if np.isnan(m).any():
            a, b = map(int, np.argwhere(np.isnan(m))[0])
            out.append(Problem(name, None, None, f"no time from {locs[a]} to {locs[b]}"))
        elif np.abs(np.diag(m)).max() > 0:
            out.append(Problem(name, None, None, "the diagonal (a location to itself) must be 0"))
    return out


def cross_problems(
    u: Unit, files: dict[str, str], time_column: dict[int, str] | None = None
) -> list[Problem]:
    """The rules across files, on a parsed unit. ``time_column`` (visit row -> the column its
    times came from: ``earliest`` or ``planned_start``) names the column a timing problem is in."""
    out: list[Problem] = []
    fc = files["clients"]
    caregivers = set(u.shifts["caregiver_id"])
    known = (
        set.intersection(*(set(sq.index) & set(sq.columns) for sq in u.travel.values()))
        if u.travel
        else set()
    )
    for i, r in u.clients.iterrows():
        if u.travel and r["location_id"] not in known:
            out.append(
                Problem(
                    fc,
                    csv_line(i),
                    "location_id",
                    f"unknown location {r['location_id']!r} (not in every travel matrix)",
                )
            )
        for cg in _ids(r["avoid_caregivers"]):
            if cg not in caregivers:
                out.append(Problem(fc, csv_line(i), "avoid_caregivers", f"unknown caregiver {cg!r}"))
    out += _visit_rules(u, files["visits"], time_column or {})
    out += _shift_rules(u, files["caregivers"])
    clients = set(u.clients["client_id"])
    for i, r in u.continuity.iterrows():
        if r["client_id"] not in clients or r["caregiver_id"] not in caregivers:
            out.append(Problem(files["continuity"], csv_line(i), None, "unknown client or caregiver"))
    return out + _matrix_rules(u)


def _cannot_finish(u: Unit, fv: str, day: dt.date, r: Any, duty: _Duty) -> str | None:
    """A visit that can start within a shift but finish within none (None: it can)."""
    fits = (duty.start <= r.latest_min) & (np.maximum(r.earliest_min, duty.start) + r.granted_min <= duty.end)
    late = duty.start <= r.latest_min
    if not len(duty.start) or fits.any() or not late.any():
        return None
    k = int(np.argmax(np.where(late, duty.end, -np.inf)))
    over = max(r.earliest_min, duty.start[k]) + r.granted_min - duty.end[k]
    return (
        f"{fv} line {csv_line(r.Index)} (visit {r.visit_id}): on {day_label(u, day)} it cannot finish "
        f"within any shift: {r.granted_min:g} min from {clock(r.earliest_min)} end {over:.0f} min after "
        f"{duty.who[k]}'s shift ({duty.hours(k)}); whoever makes it works overtime"
    )


def _outside_caregiver(u: Unit, fv: str, day: dt.date, r: Any, duty: _Duty, role: str) -> str | None:
    """A visit planned (partly) outside its planned or second caregiver's shifts of the day."""
    cg = r.planned_caregiver if role == "planned" else r.second_caregiver
    start = r.planned_start_min if not math.isnan(r.planned_start_min) else r.earliest_min
    minutes = r.granted_min
    if role == "second":
        start += r.second_offset_min
        minutes = minutes if math.isnan(r.second_min) else r.second_min
    mine = duty.who == cg
    if ((duty.start <= start) & (duty.end >= start + minutes) & mine).any():
        return None
    where = f"{fv} line {csv_line(r.Index)} (visit {r.visit_id})"
    if not mine.any():  # a recurring plan names the usual caregiver, who is off on some days
        return f"{where}: its {role} caregiver {cg} has no shift on {day_label(u, day)}" if u.dated else None
    k = duty.nearest(start, start + minutes, mine)
    outside = max(0.0, duty.start[k] - start) + max(0.0, start + minutes - duty.end[k])
    return (
        f"{where}: planned {clock(start)}-{clock(start + minutes)}, {outside:.0f} min outside its {role} "
        f"caregiver {cg}'s shift on {day_label(u, day)} ({duty.hours(k)})"
    )


def unit_warnings(u: Unit, files: dict[str, str]) -> list[str]:
    """What a real plan often holds and the run copes with, but an analyst should know: a visit
    that cannot finish within any shift, and a visit outside its planned caregiver's shift (with
    the caregiver and the minutes); each visit once."""
    out: list[str] = []
    fv = files["visits"]
    seen: set[tuple[int, str]] = set()
    for day, visits, shifts in _days_of(u):
        duty = _Duty.of(shifts)
        for r in cast(Iterator[Any], visits.itertuples()):  # columns checked to be numbers
            for kind in ("finish", "planned", "second"):
                key = (_index(r.Index), kind)
                if key in seen:
                    continue
                if kind == "finish":
                    line = _cannot_finish(u, fv, day, r, duty)
                else:
                    named = r.planned_caregiver if kind == "planned" else r.second_caregiver
                    line = _outside_caregiver(u, fv, day, r, duty, kind) if named else None
                if line is not None:
                    seen.add(key)
                    out.append(line)
    return _shortened(out)


MAX_WARNINGS = 12


def _shortened(lines: list[str]) -> list[str]:
    """At most :data:`MAX_WARNINGS` lines, the rest counted."""
    if len(lines) <= MAX_WARNINGS:
        return lines
    return [*lines[: MAX_WARNINGS - 1], f"… and {len(lines) - MAX_WARNINGS + 1} more such lines"]
