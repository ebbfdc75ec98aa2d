"""A unit as the simulation reads it: the files of docs/data-format.md, normalised.

Times are minutes after midnight, weekdays 0 (Monday) … 6, travel times minutes, every
id text. :func:`sim.data.files.read_unit` turns a folder into a :class:`Unit` (after checking it with
:mod:`sim.data.checks`) and :func:`sim.data.files.write_unit` a :class:`Unit` into a folder;
:mod:`sim.world.imported` builds the
simulated district from it, and exports a generated one.
"""

from __future__ import annotations

import datetime as dt
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
    "earliest_min",
    "latest_min",
    "granted_min",
    "double_staffed",
    "second_min",  # NaN: as granted_min
    "skill",  # "" for none
    "planned_caregiver",  # "" for none
)
SHIFT_COLUMNS = (
    "caregiver_id",
    "weekdays",
    "every_weeks",
    "week_offset",
    "dates",
    "start_min",
    "end_min",
    "break_min",
    "travel_mode",
    "skills",  # "|"-separated, "" for none
    "contract_fte",
    "starts_at",  # office | home
    "home_location_id",  # "" unless starts_at=home
)
CONTINUITY_COLUMNS = ("client_id", "caregiver_id", "visits")


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
