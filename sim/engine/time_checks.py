"""Run-time invariant: every recorded time and duration is a finite number of minutes, not negative.

A NaN or an infinite time does not stop a discrete-event simulation by itself: SimPy schedules
an event at ``nan`` and goes on, a visit of ``nan`` minutes is simply never compared as late,
and the tables come out with holes that every metric then skips. A negative duration is no
better (a shift that ends before it starts is paid a negative wage). So each table's rows are
checked as they are packed (every few thousand rows and at the end, before anything is
written), and the first breach stops the run with one line naming the caregiver, the day, the
column and the rule (docs/errors.md). The sources that can carry a bad number into the run — a
travel time, a visit's need — are also checked where they enter (sim/engine/caregiver.py), so
the line can say where it came from; this check is the net behind them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from sim.engine.errors import InvariantError, clock

# per table: columns that are always a finite number >= 0; columns that are so on rows where
# the visit was made (a missed visit has no start or end); pairs (start, end) with end >= start
ALWAYS: dict[str, tuple[str, ...]] = {
    "visits": (
        "window_start",
        "window_end",
        "planned_start",
        "standard_min",
        "allotted_min",
        "base_need_min",
        "need_min",
        "floor_min",
        "delivered_min",
        "unmet_min",
    ),
    "shifts": (
        "start",
        "end",
        "finish",
        "paid_min",
        "care_min",
        "travel_min",
        "admin_min",
        "meeting_min",
        "idle_min",
        "break_min",
        "overtime_min",
        "travel_km",
        "planned_demand_min",
        "real_demand_min",
        "unmet_min",
        "paired_min",
    ),
    "alarms": ("call_time", "handling_min"),
    "activities": ("start", "end"),
    "staff_days": ("shift_min",),
}
WHEN_MADE: dict[str, tuple[str, ...]] = {"visits": ("actual_start", "end")}
ORDERED: dict[str, tuple[tuple[str, str], ...]] = {
    "shifts": (("start", "finish"),),
    "activities": (("start", "end"),),
}
RULE = "every time and duration of a run is a finite number of minutes and not negative"
CAUSE = (
    "a bug, or an input the model cannot mean (a travel matrix, a unit's visit or shift times, a "
    "setting at an extreme)"
)


def is_minutes(x: float) -> bool:
    """Whether ``x`` is a finite number of minutes, not negative (NaN fails the comparison)."""
    return 0.0 <= x < math.inf


def _who(table: str, lists: Mapping[str, Sequence[object]], row: int) -> str:
    name = str(lists["caregiver"][row]) if "caregiver" in lists else ""
    if name:
        return f"caregiver {name}"
    if "client" in lists:
        return f"client {lists['client'][row]}"
    return f"the {table} table's row {row + 1}"


def _breach(
    table: str, lists: Mapping[str, Sequence[object]], col: str, row: int, what: str
) -> InvariantError:
    day = lists["day"][row] if "day" in lists else "?"
    return InvariantError(
        f"{_who(table, lists, row)} on day {day}: {table}.{col} is {what}: {RULE} ({CAUSE})"
    )


def _describe(x: float) -> str:
    if math.isnan(x):
        return "not a number (nan)"
    if math.isinf(x):
        return f"infinite ({x})"
    return f"negative ({x:g})"


def check_times(table: str, lists: Mapping[str, Sequence[object]]) -> None:
    """Raise :class:`InvariantError` at the first time or duration of ``table``'s rows (columns
    as lists, before they are typed) that is not finite, is negative, or ends before it starts."""
    always, when_made = ALWAYS.get(table, ()), WHEN_MADE.get(table, ())
    if not lists.get("day"):
        return
    made = None
    if when_made:
        made = ~np.asarray(lists["missed"], dtype=bool)
    values: dict[str, np.ndarray] = {}
    for col in (*always, *when_made):
        x = np.asarray(lists[col], dtype=np.float64)
        values[col] = x
        bad = ~(x >= 0.0) | np.isinf(x)  # NaN fails every comparison
        if made is not None and col in when_made:
            bad &= made
        if bad.any():
            row = int(np.argmax(bad))
            raise _breach(table, lists, col, row, _describe(float(x[row])))
    for start, end in ORDERED.get(table, ()):
        back = values[end] < values[start]
        if back.any():
            row = int(np.argmax(back))
            a, b = float(values[start][row]), float(values[end][row])
            raise _breach(table, lists, end, row, f"{clock(b)}, before its {start} at {clock(a)}")
