"""A unit as the simulation reads it: the files of docs/data-format.md, normalised.

Times are minutes after midnight, weekdays 0 (Monday) … 6, travel times minutes, every
id text. :func:`sim.data.files.read_unit` turns a folder into a :class:`Unit` (after checking it with
:mod:`sim.data.checks`) and :func:`sim.data.files.write_unit` a :class:`Unit` into a folder;
:mod:`sim.world.imported` builds the
simulated district from it, and exports a generated one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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

    def minutes(self, mode: str) -> np.ndarray:
        """The travel matrix of ``mode`` ordered as :attr:`locations`."""
        ids = self.locations
        return self.travel[mode].loc[ids, ids].to_numpy(dtype=float)
