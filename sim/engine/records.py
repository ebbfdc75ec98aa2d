"""Event records of one model run, kept column-wise so recording stays cheap.

Four tidy tables come out of a run (times in minutes since the start of day 0):

* ``visits`` — one row per planned visit (performed, or missed with caregiver -1);
* ``shifts`` — one row per caregiver shift with its time accounts and strain;
* ``alarms`` — one row per safety-alarm call;
* ``staff_days`` — one row per rostered slot-day: worked, sick, vacant; quits and hires;
* ``activities`` — one row per stretch of a caregiver's time (meeting, travel, wait,
  wait_partner, care, logging, break, alarm, idle) and per instant event
  (missed_break, handover_out, handover_in): the raw material of Gantt charts and
  narrated traces.
"""

from __future__ import annotations

import math

import pandas as pd

from sim.engine.columns import (
    ACTIVITY_COLUMNS,
    ACTIVITY_FIELDS,
    ALARM_COLUMNS,
    ALARM_FIELDS,
    CHUNK_ROWS,
    SHIFT_COLUMNS,
    SHIFT_FIELDS,
    STAFF_DAY_COLUMNS,
    STAFF_DAY_FIELDS,
    TABLE_FIELDS,
    VISIT_COLUMNS,
    VISIT_FIELDS,
    Names,
    NumberNames,
    Sink,
    empty_frame,
    typed_frame,
)
from sim.engine.state import ShiftRun, Visit
from sim.engine.time_checks import check_times

__all__ = [
    "ACTIVITY_COLUMNS",
    "ACTIVITY_FIELDS",
    "ALARM_COLUMNS",
    "ALARM_FIELDS",
    "CHUNK_ROWS",
    "SHIFT_COLUMNS",
    "SHIFT_FIELDS",
    "STAFF_DAY_COLUMNS",
    "STAFF_DAY_FIELDS",
    "TABLE_FIELDS",
    "VISIT_COLUMNS",
    "VISIT_FIELDS",
    "Names",
    "NumberNames",
    "Records",
    "Sink",
    "empty_frame",
    "typed_frame",
]


class Records:
    """Column lists for the event tables, packed into typed chunks as they grow.

    With a ``sink``, each packed chunk is handed to it (streamed to disk) instead of kept, so
    memory does not grow with the horizon; :meth:`frames` then hands over the rest too.
    """

    def __init__(self, activities: bool = True, sink: Sink | None = None, names: Names | None = None) -> None:
        self.record_activities = activities
        self.sink = sink
        self.names: Names = names or NumberNames()
        self.activities: dict[str, list] = {c: [] for c in ACTIVITY_COLUMNS}
        self.visits: dict[str, list] = {c: [] for c in VISIT_COLUMNS}
        self.shifts: dict[str, list] = {c: [] for c in SHIFT_COLUMNS}
        self.alarms: dict[str, list] = {c: [] for c in ALARM_COLUMNS}
        self.staff_days: dict[str, list] = {c: [] for c in STAFF_DAY_COLUMNS}
        self._lists = {
            "activities": self.activities,
            "visits": self.visits,
            "shifts": self.shifts,
            "alarms": self.alarms,
            "staff_days": self.staff_days,
        }
        self._chunks: dict[str, list[pd.DataFrame]] = {k: [] for k in TABLE_FIELDS}

    def _pack(self, table: str) -> None:
        lists = self._lists[table]
        check_times(table, lists)  # a non-finite or negative time stops the run here, named
        chunk = typed_frame(table, lists)
        if self.sink is not None:
            self.sink(table, chunk)
        else:
            self._chunks[table].append(chunk)
        for col in lists.values():
            col.clear()

    def compact(self, min_rows: int | None = None) -> None:
        """Pack each table's rows collected so far into a chunk once there are ``min_rows``
        (default ``CHUNK_ROWS``; alarms stay as lists: a row is completed when the responder
        arrives)."""
        if min_rows is None:
            min_rows = CHUNK_ROWS
        for table, fields in TABLE_FIELDS.items():
            if table != "alarms" and len(self._lists[table][next(iter(fields))]) >= max(min_rows, 1):
                self._pack(table)

    def visit(self, v: Visit, rushed_tol: float, late_tol: float, contact_holder: int) -> None:
        """Record a visit once it is finished or missed."""
        c = self.visits
        perf = v.performers
        c["visit_uid"].append(v.uid)
        need = v.need if not math.isnan(v.need) else v.base_need
        unmet = max(0.0, need - v.delivered)
        c["day"].append(v.day)
        c["district"].append(v.district)
        c["unit"].append(v.unit)
        c["client_id"].append(v.client.id)
        c["planned_visit"].append(v.plan.index)
        c["slot"].append(v.plan.slot)
        c["caregiver_id"].append(perf[0] if perf else -1)
        c["second_caregiver_id"].append(perf[1] if len(perf) > 1 else -1)
        c["scheduled_caregiver_id"].append(v.planned[0] if v.planned else -1)
        # a position's first holder's person id is the position's id
        c["planned_caregiver_id"].append(v.plan.planned_slot)
        c["planned_second_caregiver_id"].append(v.plan.second_slot)
        c["is_contact_person"].append(contact_holder in perf)
        c["double"].append(v.double)
        c["deferrable"].append(v.deferrable)
        c["window_start"].append(v.earliest)
        c["window_end"].append(v.latest)
        c["planned_start"].append(v.planned_start)
        c["actual_start"].append(v.start)
        c["end"].append(v.end)
        c["standard_min"].append(v.standard)
        c["allotted_min"].append(v.allotted)
        c["base_need_min"].append(v.base_need)
        c["need_min"].append(need)
        c["floor_min"].append(need * v.plan.floor_share)
        c["delivered_min"].append(v.delivered)
        c["unmet_min"].append(unmet)
        c["rushed"].append(not v.missed and v.delivered < need - rushed_tol)
        # late against the promise (the window's latest start); behind against the day's plan
        c["late"].append(not v.missed and v.start > v.latest + late_tol)
        c["behind_plan"].append(not v.missed and v.start - v.planned_start > late_tol)
        c["missed"].append(v.missed)
        c["handed_over"].append(v.handed_over)
        names = self.names
        c["visit"].append(v.plan.ref or f"{names.client_name(v.client.id)}-{v.plan.index + 1}")
        c["client"].append(names.client_name(v.client.id))
        c["caregiver"].append(names.person_name(perf[0]) if perf else "")
        c["second_caregiver"].append(names.person_name(perf[1]) if len(perf) > 1 else "")
        c["planned_caregiver"].append(
            names.position_name(v.plan.planned_slot) if v.plan.planned_slot >= 0 else ""
        )

    def shift(
        self, r: ShiftRun, mode_name: str, control: float, support: float, strain: float, stress_before: float
    ) -> None:
        """Record a finished shift with the job control and support it gave and its strain."""
        c = self.shifts
        paid = max(r.finish, r.end) - r.start
        vals = (
            r.day,
            r.person.district,
            r.unit,
            r.person.id,
            r.slot.id,
            "extra" if r.extra_shift else r.person.kind,
            r.shift,
            r.start,
            r.end,
            r.finish,
            paid,
            r.care,
            r.travel,
            r.admin,
            r.meeting,
            r.idle,
            r.breaks,
            max(0.0, r.finish - r.end),
            r.travel_km,
            mode_name,
            r.visits,
            r.rushed,
            r.late,
            r.behind_total / r.visits if r.visits else 0.0,
            r.missed_breaks,
            r.planned_demand,
            r.real_demand,
            r.unmet,
            len(r.clients_met),
            r.handed_out,
            r.handed_in,
            r.alarms,
            r.cancelled,
            r.own_plan,
            r.planned_visits,
            r.helped_out,
            r.helped_in,
            r.paired,
            control,
            support,
            strain,
            stress_before,
            self.names.person_name(r.person.id),
            self.names.position_name(r.slot.id),
        )
        for col, val in zip(SHIFT_COLUMNS, vals, strict=True):
            c[col].append(val)

    def alarm(self, day: int, district: int, client: int, call_time: float, handling: float) -> int:
        """Open an alarm row; returns its index so the responder can complete it."""
        c = self.alarms
        for col, val in zip(
            ALARM_COLUMNS,
            (
                day,
                district,
                client,
                call_time,
                "",
                -1,
                float("nan"),
                float("nan"),
                handling,
                self.names.client_name(client),
            ),
            strict=True,
        ):
            c[col].append(val)
        return len(c["day"]) - 1

    def alarm_answered(self, index: int, responder: str, responder_id: int, arrival: float) -> None:
        """Complete an alarm row when the responder arrives."""
        c = self.alarms
        c["responder"][index] = responder
        c["responder_id"][index] = responder_id
        c["arrival_time"][index] = arrival
        c["response_min"][index] = arrival - c["call_time"][index]

    def staff_day(
        self,
        day: int,
        district: int,
        slot: int,
        person: int,
        status: str,
        shift_min: float,
        stress: float,
        event: str = "",
    ) -> None:
        """Record a rostered slot-day (status work, sick or vacant; event "sick_start" on the
        first day of a spell) or a quit/hire (status and event "quit"/"hire")."""
        vals = (
            day,
            district,
            slot,
            person,
            status,
            shift_min,
            stress,
            event,
            self.names.person_name(person),
            self.names.position_name(slot),
        )
        for col, val in zip(STAFF_DAY_COLUMNS, vals, strict=True):
            self.staff_days[col].append(val)

    def activity(
        self,
        r: ShiftRun,
        kind: str,
        start: float,
        end: float,
        client: int = -1,
        visit: int = -1,
        from_loc: int = -1,
        to_loc: int = -1,
    ) -> None:
        """Record a stretch of a caregiver's shift (or an instant event when start == end)."""
        if not self.record_activities:
            return
        c = self.activities
        vals = (
            r.day,
            r.slot.district,
            r.person.id,
            kind,
            start,
            end,
            client,
            visit,
            from_loc,
            to_loc,
            self.names.person_name(r.person.id),
        )
        for col, val in zip(ACTIVITY_COLUMNS, vals, strict=True):
            c[col].append(val)

    def frames(self) -> dict[str, pd.DataFrame]:
        """The event tables as DataFrames (the chunks in order, then the rows not yet packed).

        With a sink, the rows not yet packed are handed to it and no table is returned.
        """
        if self.sink is not None:
            for table, fields in TABLE_FIELDS.items():
                if self._lists[table][next(iter(fields))]:
                    self._pack(table)
            return {}
        out = {}
        for table in TABLE_FIELDS:
            check_times(table, self._lists[table])
            rest = typed_frame(table, self._lists[table])
            chunks = self._chunks[table]
            if not chunks:
                out[table] = rest
                continue
            parts = [*chunks, rest] if len(rest) else chunks
            out[table] = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
            chunks.clear()
        return out
