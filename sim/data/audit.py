"""The unit's own plan on paper: its figures computed straight from the files, before simulating.

A council analyst puts these beside the simulated replay of the plan (``own_plan``) and both
delivery models; the figures keep the simulation's metric names so the tables line up. Nothing
here is drawn or simulated: every caregiver does every planned visit exactly as planned, for
exactly the granted minutes, and travels exactly the matrix time.

Definitions (``plan_audit``):

- Days: every day of :meth:`Unit.period`; each day's visits and shifts are
  ``unit.on_day(unit.visits, day)`` and ``unit.on_day(unit.shifts, day)``.
- A caregiver-visit: a visit's ``planned_caregiver`` does it from its planned start
  (``planned_start_min``, else ``earliest_min``) for ``granted_min``; a double-staffed visit's
  ``second_caregiver`` (if given) does it from planned start + ``second_offset_min`` (NaN: 0) for
  ``second_min`` (NaN: ``granted_min``). Visits without a planned caregiver are left out of every
  figure and counted in ``unplanned_visits``.
- A caregiver-day: a caregiver with at least one shift that day. Paid minutes: the sum over the
  day's shifts of end_min - start_min; break minutes: the sum of break_min (NaN: the files'
  default, 30). Each caregiver-visit belongs to the caregiver's shift that contains its start,
  else the shift nearest in time (ties: the shift the visit sticks out of least, then the
  earlier one). A caregiver-visit whose caregiver has no shift that day belongs to no shift: it
  counts in the care minutes and as outside its shift, but has no travel.
- Travel: per shift, the caregiver's visits in start order, from the shift's start place (the
  office when ``starts_at`` is ``office``, else ``home_location_id``) to the first visit, between
  consecutive visits and from the last back to the start place, in the matrix of the shift's
  ``travel_mode`` (row: from, column: to). A shift with no visits has no travel.
- care/travel/break_time_share: Σ caregiver-visit minutes, Σ travel minutes, Σ break minutes,
  each / Σ paid minutes; idle_time_share = 1 - care - travel - break (negative when the plan does
  not fit its shifts: the sign is kept).
- staff_per_client_day: mean over (client, day) with at least two planned visits (as the
  simulation's metric) of the number of distinct caregivers (first and second) planned for that
  client that day.
- visits_per_caregiver_day: caregiver-visits / caregiver-days (with or without visits).
- usual_caregiver_share: caregiver-visits whose (client_id, caregiver_id) pair is a row of
  ``unit.continuity`` (whatever its ``visits``, NaN included) / caregiver-visits; NaN when the
  continuity table is empty.
- transitions: each pair of consecutive caregiver-visits in one shift; gap = next start -
  (previous start + previous minutes), travel = the matrix time (0 at the same location); short:
  gap < travel. short_transition_share = short transitions / transitions.
- overtime_min_per_shift: mean over all shifts of the caregiver-days of max(0, planned end -
  shift end), planned end = the end of the shift's last visit (in start order) + travel back; 0
  for a shift with no visits.
- late_visit_share: planned visits whose planned start is after ``latest_min`` / planned visits.
- planned_outside_shift: caregiver-visits whose [start, start + minutes] lies inside no shift of
  that caregiver that day; minutes outside: how far it sticks out of the shift it belongs to.
- plan_kept_caregiver_share, plan_kept_time_share: 1 by definition (the plan keeps itself).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.data.unit import Unit

DEFAULT_BREAK_MIN = 30.0  # docs/data-format.md: break_min defaults to 30
EPS = 1e-9  # float slack: a gap equal to the travel time is not short

# figure -> (unit, description): the order of the table
FIGURES: dict[str, tuple[str, str]] = {
    "days": ("count", "Days of the period the plan covers."),
    "caregivers": ("count", "Distinct caregivers with at least one shift in the period."),
    "caregiver_days": ("count", "Caregiver-days: a caregiver with at least one shift that day."),
    "clients_with_visits": ("count", "Distinct clients with at least one planned visit."),
    "visits": ("count", "Visit occurrences with a planned caregiver."),
    "unplanned_visits": ("count", "Visit occurrences without a planned caregiver (left out of the rest)."),
    "caregiver_visits": ("count", "Planned caregiver-visits: first caregivers plus given second caregivers."),
    "visits_per_caregiver_day": ("per caregiver-day", "Caregiver-visits per caregiver-day."),
    "staff_per_client_day": (
        "per client-day",
        "Distinct planned caregivers per client-day with at least two visits.",
    ),
    "usual_caregiver_share": ("share", "Caregiver-visits by a usual caregiver of continuity.csv."),
    "care_time_share": ("share", "Planned visit minutes per paid minute."),
    "travel_time_share": ("share", "Planned travel minutes per paid minute."),
    "break_time_share": ("share", "Break minutes per paid minute."),
    "idle_time_share": ("share", "Paid minutes left over (negative: the plan overfills its shifts)."),
    "transitions": ("count", "Planned moves from one visit to the next within a shift."),
    "short_transitions": ("count", "Transitions whose gap is shorter than the travel time."),
    "short_transition_share": ("share", "Short transitions per transition."),
    "overtime_min_per_shift": ("minutes", "Mean minutes the planned route ends after its shift."),
    "late_visit_share": ("share", "Planned visits whose planned start is after the window's end."),
    "planned_outside_shift": ("count", "Caregiver-visits not inside any shift of their caregiver."),
    "plan_kept_caregiver_share": ("share", "Visits made by the planned caregiver: 1 on paper."),
    "plan_kept_time_share": ("share", "Visits made at the planned time: 1 on paper."),
}
CV_COLUMNS = [
    "day", "visit_id", "client_id", "caregiver_id", "role", "start", "minutes", "end",
    "location", "latest",  # the window's end, for late_visit_share
]  # fmt: skip
TRANSITION_COLUMNS = [
    "day", "caregiver_id", "shift_start", "from_visit", "to_visit",
    "from_location", "to_location", "gap_min", "travel_min", "short",
]  # fmt: skip
OUTSIDE_COLUMNS = [
    "day", "visit_id", "client_id", "caregiver_id", "role", "start", "end",
    "shift_start", "shift_end", "minutes_outside",
]  # fmt: skip
DAY_COLUMNS = [
    "day", "caregiver_id", "shifts", "paid_min", "break_min", "care_min", "travel_min",
    "idle_min", "caregiver_visits", "overtime_min", "outside_shift",
]  # fmt: skip


@dataclass(frozen=True)
class PlanAudit:
    """The figures of a unit's own plan on paper (see the module docstring for each definition).

    ``figures`` holds the headline figures by the simulation's metric names; ``caregiver_days``
    one row per caregiver-day (paid, break, care, travel and idle minutes, visits, overtime);
    ``transitions`` one row per planned transition between two consecutive visits of a shift;
    ``outside_shift`` the caregiver-visits (first or second) outside every shift of their
    caregiver that day, with the shift they belong to and their minutes outside it.
    """

    figures: dict[str, float]
    caregiver_days: pd.DataFrame
    transitions: pd.DataFrame
    outside_shift: pd.DataFrame

    def table(self) -> pd.DataFrame:
        """The figures as a tidy frame (figure, value, unit, description) for plan_audit.csv."""
        return pd.DataFrame(
            [(name, self.figures[name], unit, text) for name, (unit, text) in FIGURES.items()],
            columns=["figure", "value", "unit", "description"],
        )


def _text(col: pd.Series) -> pd.Series:
    """A column of ids as stripped text, NaN as "" (messy frames hold NaN for an empty cell)."""
    return col.astype(object).fillna("").astype(str).str.strip()


def _num(col: pd.Series, default: float | pd.Series) -> pd.Series:
    """A numeric column with NaN replaced by ``default`` (a number or an aligned column)."""
    return pd.to_numeric(col, errors="coerce").fillna(default).astype(float)


def _caregiver_visits(unit: Unit, visits: pd.DataFrame, day: str) -> pd.DataFrame:
    """The day's caregiver-visits (CV_COLUMNS) of visits that have a planned caregiver."""
    home = dict(zip(_text(unit.clients["client_id"]), _text(unit.clients["location_id"]), strict=True))
    v = visits.assign(
        visit_id=_text(visits["visit_id"]),
        client_id=_text(visits["client_id"]),
        first=_text(visits["planned_caregiver"]),
        second=_text(visits["second_caregiver"]),
        granted=_num(visits["granted_min"], 0.0),
    )
    # the plan's own start when it gives one; otherwise the window opens the visit
    v["start"] = _num(v["planned_start_min"], _num(v["earliest_min"], 0.0))
    v["location"] = v["client_id"].map(home).fillna("")
    v["latest"] = pd.to_numeric(v["latest_min"], errors="coerce")  # NaN: no end, never late
    first = v.assign(role="first", caregiver_id=v["first"], minutes=v["granted"])
    # a second caregiver only for a double-staffed visit that names one; joins after the offset
    double = v["double_staffed"].fillna(False).astype(bool) & (v["second"] != "")
    s = v[double]
    second = s.assign(
        role="second",
        caregiver_id=s["second"],
        start=s["start"] + _num(s["second_offset_min"], 0.0),
        minutes=_num(s["second_min"], s["granted"]),
    )
    cv = pd.concat([first, second], ignore_index=True)
    cv["day"], cv["end"] = day, cv["start"] + cv["minutes"]
    return cv[CV_COLUMNS]


def _day_shifts(unit: Unit, shifts: pd.DataFrame, day: str) -> pd.DataFrame:
    """The day's shifts with their start place, ids as text, NaN breaks at the default."""
    s = shifts.reset_index(drop=True).assign(
        day=day,
        caregiver_id=_text(shifts["caregiver_id"]).to_numpy(),
        start_min=_num(shifts["start_min"], 0.0).to_numpy(),
        end_min=_num(shifts["end_min"], 0.0).to_numpy(),
        break_min=_num(shifts["break_min"], DEFAULT_BREAK_MIN).to_numpy(),
    )
    at_home = (_text(s["starts_at"]) == "home") & (_text(s["home_location_id"]) != "")
    s["place"] = np.where(at_home, _text(s["home_location_id"]), unit.office)
    s["shift"] = np.arange(len(s))
    return s


def _assign(cv: pd.DataFrame, sh: pd.DataFrame) -> pd.DataFrame:
    """Each caregiver-visit with the shift it belongs to (``shift``; NaN: no shift that day) and
    how far its interval sticks out of that shift (``outside``)."""
    pairs = cv.reset_index(names="cv").merge(
        sh[["caregiver_id", "shift", "start_min", "end_min"]], on="caregiver_id", how="inner"
    )
    # distance of the start from the shift (0: the shift contains it) decides; how far the whole
    # visit sticks out breaks ties (adjacent split shifts both contain a start on their border)
    pairs["dist"] = np.maximum(
        0.0, np.maximum(pairs["start_min"] - pairs["start"], pairs["start"] - pairs["end_min"])
    )
    pairs["outside"] = np.maximum(0.0, pairs["start_min"] - pairs["start"]) + np.maximum(
        0.0, pairs["end"] - pairs["end_min"]
    )
    # inside some shift of the caregiver: not outside, even when it belongs to another by its start
    inside = pairs.loc[pairs["outside"] <= EPS, "cv"].unique()
    best = pairs.sort_values(["cv", "dist", "outside", "start_min"]).drop_duplicates("cv").set_index("cv")
    out = cv.copy()
    out["shift"] = best["shift"].reindex(out.index)
    out["shift_start"] = best["start_min"].reindex(out.index)
    out["shift_end"] = best["end_min"].reindex(out.index)
    out["outside"] = best["outside"].reindex(out.index).fillna(out["minutes"])
    out["inside"] = out.index.isin(inside)
    return out


def _routes(
    unit: Unit, cv: pd.DataFrame, sh: pd.DataFrame, matrices: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, list[dict[str, object]]]:
    """Travel and overtime minutes per shift (in ``sh`` order) and the day's transitions."""
    where = {loc: i for i, loc in enumerate(unit.locations)}
    travel, overtime = np.zeros(len(sh)), np.zeros(len(sh))
    moves: list[dict[str, object]] = []
    # start order; a first caregiver before a second at the same minute, then by id, so the
    # route does not depend on the files' row order
    order = cv.assign(rank=(cv["role"] == "second").astype(int)).sort_values(["start", "rank", "visit_id"])
    places, modes = [str(x) for x in sh["place"]], [str(x) for x in sh["travel_mode"]]
    who, shift_start = [str(x) for x in sh["caregiver_id"]], sh["start_min"].to_numpy(dtype=float)
    shift_end = sh["end_min"].to_numpy(dtype=float)
    for i in range(len(sh)):
        route = order[order["shift"] == i]
        if route.empty:
            continue  # a shift with no visits has no travel and no overtime
        if modes[i] not in matrices:
            matrices[modes[i]] = unit.minutes(modes[i])
        m = matrices[modes[i]]

        def time(a: str, b: str, m: np.ndarray = m) -> float:
            # the diagonal is 0 by the format, but an id repeated for two places must not travel
            return 0.0 if a == b else float(m[where[a], where[b]])

        locs, ids = [str(x) for x in route["location"]], [str(x) for x in route["visit_id"]]
        start, end = route["start"].to_numpy(dtype=float), route["end"].to_numpy(dtype=float)
        stops = [places[i], *locs, places[i]]
        travel[i] = sum(time(a, b) for a, b in itertools.pairwise(stops))
        overtime[i] = max(0.0, end[-1] + time(locs[-1], places[i]) - shift_end[i])
        for j in range(1, len(locs)):
            gap, trip = float(start[j] - end[j - 1]), time(locs[j - 1], locs[j])
            moves.append(
                {
                    "day": str(sh["day"].iloc[0]),
                    "caregiver_id": who[i],
                    "shift_start": float(shift_start[i]),
                    "from_visit": ids[j - 1],
                    "to_visit": ids[j],
                    "from_location": locs[j - 1],
                    "to_location": locs[j],
                    "gap_min": gap,
                    "travel_min": trip,
                    "short": gap < trip - EPS,
                }
            )
    return travel, overtime, moves


def _share(part: float, whole: float) -> float:
    """part / whole, NaN when whole is 0 (a share of nothing is not available, not 0)."""
    return float(part) / float(whole) if whole else float("nan")


def _staff_per_client_day(cv: pd.DataFrame, first: pd.DataFrame) -> float:
    """Distinct planned caregivers per client-day, over client-days with at least two planned
    visits (the population of the simulation's ``staff_per_client_day``)."""
    n = first.groupby(["day", "client_id"]).size()
    keep = n[n >= 2].index
    if len(keep) == 0:
        return float("nan")
    return float(cv.groupby(["day", "client_id"])["caregiver_id"].nunique().reindex(keep).mean())


def plan_audit(unit: Unit) -> PlanAudit | None:
    """The figures of ``unit``'s own plan computed from its files (see the module docstring).

    None when no visit has a planned caregiver, or none of them falls in the period: there is
    no plan on paper to audit.
    """
    if not (_text(unit.visits["planned_caregiver"]) != "").any():
        return None
    matrices: dict[str, np.ndarray] = {}
    all_cv, all_days, all_shifts = [], [], []
    all_moves: list[dict[str, object]] = []
    unplanned = 0
    for date in unit.period():
        day: str = date.isoformat()
        visits = unit.on_day(unit.visits, date)
        planned = _text(visits["planned_caregiver"]) != ""
        unplanned += int((~planned).sum())
        sh = _day_shifts(unit, unit.on_day(unit.shifts, date), day)
        cv = _assign(_caregiver_visits(unit, visits[planned], day), sh)
        travel, overtime, day_moves = _routes(unit, cv, sh, matrices)
        sh["travel_min"], sh["overtime_min"] = travel, overtime
        all_cv.append(cv)
        all_moves.extend(day_moves)
        all_shifts.append(sh)
        all_days.append(_caregiver_days(cv, sh))
    cv = pd.concat(all_cv, ignore_index=True)
    if cv.empty:
        return None
    shifts = pd.concat(all_shifts, ignore_index=True)
    days = pd.concat(all_days, ignore_index=True)[DAY_COLUMNS]
    moves = pd.DataFrame(all_moves, columns=TRANSITION_COLUMNS)
    first = cv[cv["role"] == "first"]
    usual = set(zip(_text(unit.continuity["client_id"]), _text(unit.continuity["caregiver_id"]), strict=True))
    outside = cv[~cv["inside"]].rename(columns={"outside": "minutes_outside"})[OUTSIDE_COLUMNS]

    paid = float((shifts["end_min"] - shifts["start_min"]).sum())
    care, trip, brk = (
        float(cv["minutes"].sum()),
        float(shifts["travel_min"].sum()),
        float(shifts["break_min"].sum()),
    )
    n_moves, n_short = len(moves), int(moves["short"].sum())
    figures: dict[str, float] = {
        "days": float(len(unit.period())),
        "caregivers": float(shifts["caregiver_id"].nunique()),
        "caregiver_days": float(len(days)),
        "clients_with_visits": float(first["client_id"].nunique()),
        "visits": float(len(first)),
        "unplanned_visits": float(unplanned),
        "caregiver_visits": float(len(cv)),
        "visits_per_caregiver_day": _share(len(cv), len(days)),
        "staff_per_client_day": _staff_per_client_day(cv, first),
        "usual_caregiver_share": (
            float(np.mean([pair in usual for pair in zip(cv["client_id"], cv["caregiver_id"], strict=True)]))
            if len(unit.continuity)
            else float("nan")
        ),
        "care_time_share": _share(care, paid),
        "travel_time_share": _share(trip, paid),
        "break_time_share": _share(brk, paid),
        "idle_time_share": _share(paid - care - trip - brk, paid),
        "transitions": float(n_moves),
        "short_transitions": float(n_short),
        "short_transition_share": _share(n_short, n_moves),
        "overtime_min_per_shift": float(shifts["overtime_min"].mean()) if len(shifts) else float("nan"),
        "late_visit_share": _share(int((first["start"] > first["latest"] + EPS).sum()), len(first)),
        "planned_outside_shift": float(len(outside)),
        "plan_kept_caregiver_share": 1.0,
        "plan_kept_time_share": 1.0,
    }
    return PlanAudit(figures, days, moves, outside.reset_index(drop=True))


def _caregiver_days(cv: pd.DataFrame, sh: pd.DataFrame) -> pd.DataFrame:
    """One row per caregiver with a shift in ``sh``: the sums over their shifts and visits."""
    per = sh.assign(paid=sh["end_min"] - sh["start_min"]).groupby("caregiver_id")
    days = pd.DataFrame(
        {
            "shifts": per.size(),
            "paid_min": per["paid"].sum(),
            "break_min": per["break_min"].sum(),
            "travel_min": per["travel_min"].sum(),
            "overtime_min": per["overtime_min"].sum(),
        }
    )
    # only visits that belong to one of the caregiver's shifts count in their day
    mine = cv.dropna(subset=["shift"]).groupby("caregiver_id")
    days["care_min"] = mine["minutes"].sum().reindex(days.index).fillna(0.0)
    days["caregiver_visits"] = mine.size().reindex(days.index).fillna(0).astype(int)
    days["outside_shift"] = (~cv["inside"]).groupby(cv["caregiver_id"]).sum().reindex(days.index).fillna(0)
    days["outside_shift"] = days["outside_shift"].astype(int)
    days["idle_min"] = days["paid_min"] - days["care_min"] - days["travel_min"] - days["break_min"]
    days["day"] = sh["day"].iloc[0] if len(sh) else ""
    return days.reset_index()
