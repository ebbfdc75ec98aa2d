"""A unit as the simulation reads it: the files of docs/data-format.md, normalised.

Times are minutes after midnight, weekdays 0 (Monday) … 6, travel times minutes, every
id text. :func:`sim.data.files.read_unit` turns a folder into a :class:`Unit` (after checking it with
:mod:`sim.data.checks`) and :func:`sim.data.files.write_unit` a :class:`Unit` into a folder;
:mod:`sim.world.imported` builds the
simulated district from it, and exports a generated one.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

# columns of the normalised tables (the files' own columns are in docs/data-format.md)
CLIENT_COLUMNS = ("client_id", "location_id", "care_level", "avoid_caregivers")
VISIT_COLUMNS = (
    "visit_id",
    "client_id",
    "weekdays",  # str of weekday digits 0-6, e.g. "024"
    "every_weeks",
    "week_offset",
    "dates",  # "|"-separated ISO dates, "" for a weekday pattern (then weekdays: the dates' weekdays)
    "earliest_min",  # the window (the promise), minutes after the day's start (may pass 1440)
    "latest_min",
    "planned_start_min",  # the unit's plan's start, NaN: none given
    "granted_min",
    "double_staffed",
    "second_min",  # NaN: as granted_min
    "second_offset_min",  # minutes after the start the second caregiver joins (0: from the start)
    "skill",  # "" for none
    "planned_caregiver",  # "" for none
    "second_caregiver",  # the plan's second caregiver of a double visit, "" for none
    "follows",  # visit_id this one must follow on the same day, "" for none
    "follows_min_gap",  # minutes from the start of `follows` to this start: at least (0)
    "follows_max_gap",  # … at most (NaN: no limit)
)
SHIFT_COLUMNS = (
    "caregiver_id",
    "weekdays",
    "every_weeks",
    "week_offset",
    "dates",
    "start_min",  # minutes after the day's start; end_min > 1440 past midnight
    "end_min",
    "break_min",
    "break_earliest_min",  # the window the break starts in; NaN: the middle third of the shift
    "break_latest_min",
    "break_clash",  # "" or the set time and window given together that disagree (a rule reports it)
    "travel_mode",
    "skills",  # "|"-separated, "" for none
    "contract_fte",
    "starts_at",  # office | home
    "home_location_id",  # "" unless starts_at=home (a home given as coordinates: "home:<caregiver_id>")
)
CONTINUITY_COLUMNS = ("client_id", "caregiver_id", "visits")  # visits NaN: a usual caregiver, no count


@dataclass
class Unit:
    """One district's clients, visits, caregivers and travel times."""

    name: str
    office: str  # location id of the office
    start_date: str | None
    clients: pd.DataFrame  # CLIENT_COLUMNS
    visits: pd.DataFrame  # VISIT_COLUMNS
    shifts: pd.DataFrame  # SHIFT_COLUMNS: one row per caregiver and shift pattern
    travel: dict[str, pd.DataFrame]  # mode -> square minutes, index and columns location ids
    continuity: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(CONTINUITY_COLUMNS)))
    day_start_min: int = 0  # unit.yaml's day_starts_at: a day's times are minutes after it
    warnings: list[str] = field(default_factory=list)  # what the files hold that a run copes with

    @property
    def dated(self) -> bool:
        """Whether any row of the files gives dates (the unit then runs as the dated period)."""
        return bool(all_dates(self.visits, self.shifts))

    def period(self) -> list[dt.date]:
        """The days the unit's plan covers: the dated period (first to last date of the files),
        else one rota cycle (the least common multiple of the rows' every_weeks, in weeks) from
        the Monday of ``start_date``."""
        given = sorted(all_dates(self.visits, self.shifts))
        if given:
            first, last = dt.date.fromisoformat(given[0]), dt.date.fromisoformat(given[-1])
            return [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
        weeks = 1
        for df in (self.visits, self.shifts):
            for every in df["every_weeks"]:
                weeks = math.lcm(weeks, int(every))
        monday = _monday(str(self.start_date or "2025-01-06"))
        return [monday + dt.timedelta(days=k) for k in range(7 * weeks)]

    def on_day(self, table: pd.DataFrame, day: dt.date) -> pd.DataFrame:
        """The rows of :attr:`visits` or :attr:`shifts` (``table``) that fall on ``day``."""
        week = (_monday(day.isoformat()) - _monday(str(self.start_date or day.isoformat()))).days // 7
        if not len(table):
            return table
        iso, wd = day.isoformat(), str(day.weekday())
        dates = table["dates"].astype(str)
        # an ISO date is ten characters, so a '|'-joined list holds it only as a whole
        on_date = (dates != "") & dates.str.contains(iso, regex=False)
        every = table["every_weeks"].astype(int)
        weekly = (week - table["week_offset"].astype(int)) % every == 0
        on_pattern = (dates == "") & table["weekdays"].astype(str).str.contains(wd, regex=False) & weekly
        return table[(on_date | on_pattern).to_numpy()]

    @property
    def locations(self) -> list[str]:
        """Location ids in the simulation's order: the office first, then each client's home
        in client order, then the homes caregivers start from (each location once)."""
        seen = {self.office: None}
        for loc in [*self.clients["location_id"], *self.shifts["home_location_id"]]:
            if str(loc):
                seen.setdefault(str(loc), None)
        return list(seen)

    @property
    def cycle_weeks(self) -> int:
        """Calendar weeks of the files' dates (the dated period, which repeats); 1 without dates."""
        mondays = [_monday(d) for d in all_dates(self.visits, self.shifts)]
        return (max(mondays) - min(mondays)).days // 7 + 1 if mondays else 1

    def recurrence(self, row: Any) -> list[tuple[str, int, int]]:
        """(weekdays, every_weeks, week_offset) of a row of :attr:`visits` or :attr:`shifts`: its
        pattern, or one per week of the dated period that holds its dates. Week 0 is the week of
        ``start_date``; offset k means the weeks k, k + every_weeks, … after it."""
        if not str(row.dates):
            return [(str(row.weekdays), int(row.every_weeks), int(row.week_offset))]
        cycle, start = self.cycle_weeks, _monday(str(self.start_date))
        by_week: dict[int, set[int]] = {}
        for d in str(row.dates).split("|"):
            week = (_monday(d) - start).days // 7 % cycle
            by_week.setdefault(week, set()).add(dt.date.fromisoformat(d).weekday())
        return [
            ("".join(str(x) for x in sorted(days)), cycle, week) for week, days in sorted(by_week.items())
        ]

    def minutes(self, mode: str) -> np.ndarray:
        """The travel matrix of ``mode`` ordered as :attr:`locations`."""
        ids = self.locations
        return self.travel[mode].loc[ids, ids].to_numpy(dtype=float)


def all_dates(visits: pd.DataFrame, shifts: pd.DataFrame) -> list[str]:
    """Every ISO date of the normalised visits' and shifts' ``dates`` columns."""
    return [
        d for col in (visits["dates"], shifts["dates"]) for text in col for d in str(text).split("|") if d
    ]


def _monday(iso: str) -> dt.date:
    d = dt.date.fromisoformat(iso)
    return d - dt.timedelta(days=d.weekday())
