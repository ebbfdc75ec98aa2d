"""The event tables' columns and their types, and the names they carry (split from
:mod:`sim.engine.records`, which fills them).

Every table's columns are declared once here with their dtypes, so chunks packed apart — in
memory or streamed to Parquet — concatenate to the same table; docs/metrics.md documents each
column (experiments/gen_docs.py COLUMN_DOCS, checked by tests/test_docs.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import pandas as pd

VISIT_FIELDS: dict[str, str] = {
    "visit_uid": "int64",
    "day": "int64",
    "district": "int64",
    "unit": "int64",
    "client_id": "int64",
    "planned_visit": "int64",
    "slot": "str",
    "caregiver_id": "int64",
    "second_caregiver_id": "int64",
    "scheduled_caregiver_id": "int64",  # the simulated day plan's (first) caregiver
    "planned_caregiver_id": "int64",  # the unit's own plan's caregiver (data.dir), -1: none
    "planned_second_caregiver_id": "int64",  # … and second caregiver of a double visit
    "is_contact_person": "bool",
    "double": "bool",
    "deferrable": "bool",
    "window_start": "int64",
    "window_end": "int64",
    "planned_start": "float64",
    "actual_start": "float64",
    "end": "float64",
    "standard_min": "float64",
    "allotted_min": "float64",
    "base_need_min": "float64",
    "need_min": "float64",
    "floor_min": "float64",
    "delivered_min": "float64",
    "unmet_min": "float64",
    "rushed": "bool",
    "late": "bool",
    "behind_plan": "bool",
    "missed": "bool",
    "handed_over": "bool",
    # the analyst's ids: a unit's own (data.dir), or the names its export would give
    "visit": "str",
    "client": "str",
    "caregiver": "str",
    "second_caregiver": "str",
    "planned_caregiver": "str",
}
VISIT_COLUMNS = tuple(VISIT_FIELDS)
SHIFT_FIELDS: dict[str, str] = {
    "day": "int64",
    "district": "int64",
    "unit": "int64",
    "caregiver_id": "int64",
    "slot_id": "int64",
    "kind": "str",
    "shift": "str",
    "start": "int64",
    "end": "int64",
    "finish": "float64",
    "paid_min": "float64",
    "care_min": "float64",
    "travel_min": "float64",
    "admin_min": "float64",
    "meeting_min": "float64",
    "idle_min": "float64",
    "break_min": "float64",
    "overtime_min": "float64",
    "travel_km": "float64",
    "mode": "str",
    "visits": "int64",
    "rushed_visits": "int64",
    "late_visits": "int64",
    "behind_mean_min": "float64",
    "missed_breaks": "int64",
    "planned_demand_min": "float64",
    "real_demand_min": "float64",
    "unmet_min": "float64",
    "distinct_clients": "int64",
    "handed_out": "int64",
    "handed_in": "int64",
    "alarms_answered": "int64",
    "cancelled_visits": "int64",
    "own_plan": "bool",
    "planned_visits": "int64",
    "helped_out": "int64",
    "helped_in": "int64",
    "paired_min": "float64",
    "control": "float64",
    "support": "float64",
    "strain": "float64",
    "stress_before": "float64",
    "caregiver": "str",
    "position": "str",
}
SHIFT_COLUMNS = tuple(SHIFT_FIELDS)
ALARM_FIELDS: dict[str, str] = {
    "day": "int64",
    "district": "int64",
    "client_id": "int64",
    "call_time": "float64",
    "responder": "str",
    "responder_id": "int64",
    "arrival_time": "float64",
    "response_min": "float64",
    "handling_min": "float64",
    "client": "str",
}
ALARM_COLUMNS = tuple(ALARM_FIELDS)
ACTIVITY_FIELDS: dict[str, str] = {
    "day": "int64",
    "district": "int64",
    "caregiver_id": "int64",
    "kind": "str",
    "start": "float64",
    "end": "float64",
    "client_id": "int64",
    "visit_uid": "int64",
    "from_loc": "int64",
    "to_loc": "int64",
    "caregiver": "str",
}
ACTIVITY_COLUMNS = tuple(ACTIVITY_FIELDS)
STAFF_DAY_FIELDS: dict[str, str] = {
    "day": "int64",
    "district": "int64",
    "slot_id": "int64",
    "caregiver_id": "int64",
    "status": "str",
    "shift_min": "float64",
    "stress": "float64",
    "event": "str",
    "caregiver": "str",
    "position": "str",
}
STAFF_DAY_COLUMNS = tuple(STAFF_DAY_FIELDS)


# rows a table collects as Python lists before they are packed into a column-typed chunk:
# a float in a list costs 32 bytes, in a NumPy column 8
CHUNK_ROWS = 20_000
# every table's columns and their types, so chunks packed apart, in memory or streamed to
# Parquet, concatenate to the same table
TABLE_FIELDS: dict[str, dict[str, str]] = {
    "activities": ACTIVITY_FIELDS,
    "visits": VISIT_FIELDS,
    "shifts": SHIFT_FIELDS,
    "alarms": ALARM_FIELDS,
    "staff_days": STAFF_DAY_FIELDS,
}
# receives each packed chunk of a table when the tables are streamed instead of held
Sink = Callable[[str, pd.DataFrame], None]


class Names(Protocol):
    """The analyst's ids of the people, positions and clients a run records."""

    def person_name(self, pid: int) -> str:
        """A person's id ('' for none)."""

    def position_name(self, slot_id: int) -> str:
        """A position's id."""

    def client_name(self, cid: int) -> str:
        """A client's id."""


class NumberNames:
    """Names that are the simulation's own numbers (when nobody gives better ones)."""

    def person_name(self, pid: int) -> str:
        return "" if pid < 0 else str(pid)

    def position_name(self, slot_id: int) -> str:
        return str(slot_id)

    def client_name(self, cid: int) -> str:
        return str(cid)


def typed_frame(table: str, columns: dict[str, list]) -> pd.DataFrame:
    """The rows collected for ``table`` as a DataFrame with the table's declared column types.

    An integer column that came out as floats must hold whole numbers: a fraction there is a
    recording bug, and casting would hide it.
    """
    fields = TABLE_FIELDS[table]
    df = pd.DataFrame(columns, columns=list(fields))
    wrong = {c: t for c, t in fields.items() if str(df[c].dtype) != t}
    for c, t in wrong.items():
        x = df[c]
        if t == "int64" and len(x) and pd.api.types.is_float_dtype(x) and not (x == x.round()).all():
            raise TypeError(f"{table}.{c}: fractional values in an integer column")
    return df.astype(wrong) if wrong else df


def empty_frame(table: str) -> pd.DataFrame:
    """``table`` with no rows, its columns typed as declared."""
    return typed_frame(table, {c: [] for c in TABLE_FIELDS[table]})
