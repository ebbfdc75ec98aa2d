"""Read a unit's folder into a :class:`~sim.data.unit.Unit`, every rule checked first (the format
of docs/data-format.md; writing one: :mod:`sim.data.writing`)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from sim.config.fields import clock_to_min
from sim.data.checks import (
    CLOCK,
    FALSE,
    SCHEMAS,
    DataError,
    Problem,
    column_problems,
    dates,
    pattern_problems,
    span_problems,
    weekdays,
)
from sim.data.homes import coordinate_homes, home_problems
from sim.data.rules import cross_problems, unit_warnings
from sim.data.text import number, read_text_table, table_file
from sim.data.travel import read_matrices
from sim.data.unit import CONTINUITY_COLUMNS, SHIFT_COLUMNS, VISIT_COLUMNS, Unit, all_dates
from sim.data.writing import write_unit

__all__ = ["cross_problems", "read_unit", "write_unit"]

TABLES = ("clients", "visits", "caregivers")
OPTIONAL_TABLES = ("continuity", "locations")
DAY = 1440  # minutes


def read_unit(folder: str | Path) -> Unit:
    """The unit in ``folder``; :class:`DataError` listing every problem (nothing is half read)."""
    folder = Path(folder)
    problems: list[Problem] = []
    if not folder.is_dir():
        raise DataError(str(folder), [Problem(str(folder), None, None, "no such folder")])
    meta = _meta(folder, problems)
    raw: dict[str, pd.DataFrame] = {}
    for name in (*TABLES, *OPTIONAL_TABLES):
        path = table_file(folder, name)
        if path is None:
            if name not in OPTIONAL_TABLES:
                problems.append(Problem(f"{name}.csv", None, None, "file missing"))
            continue
        try:
            raw[name] = read_text_table(path)
        except pd.errors.EmptyDataError:
            problems.append(Problem(path.name, None, None, "is empty; it needs at least its header line"))
            continue
        except (OSError, ValueError, UnicodeDecodeError):
            problems.append(Problem(path.name, None, None, "cannot be read as CSV (UTF-8) or Parquet"))
            continue
        problems += column_problems(name, path.name, raw[name])
        if name in ("visits", "caregivers"):
            problems += pattern_problems(path.name, raw[name])
    problems += span_problems(
        {
            (table_file(folder, n) or Path(n)).name: raw[n]["dates"]
            for n in ("visits", "caregivers")
            if "dates" in raw.get(n, {})
        }
    )
    unit_of = str(meta.get("travel_unit", ""))
    travel = read_matrices(folder, unit_of, problems)
    if problems:
        raise DataError(str(folder), problems)
    files = {n: (table_file(folder, n) or Path(n)).name for n in (*TABLES, *OPTIONAL_TABLES)}
    problems += home_problems(raw["caregivers"], raw.get("locations"), files)
    if problems:
        raise DataError(str(folder), problems)
    unit = _parse(meta, raw, travel)
    v = raw["visits"].reindex(columns=["earliest", "latest"], fill_value="")
    window = (v["earliest"].astype(str).str.strip() != "") | (v["latest"].astype(str).str.strip() != "")
    time_column = {int(str(i)): "earliest" if w else "planned_start" for i, w in window.items()}
    problems += cross_problems(unit, files, time_column)
    if problems:
        raise DataError(str(folder), problems)
    unit.warnings.extend(unit_warnings(unit, files))
    return unit


def _meta(folder: Path, problems: list[Problem]) -> dict[str, object]:
    path = folder / "unit.yaml"
    if not path.is_file():
        problems.append(Problem("unit.yaml", None, None, "file missing (name, office, travel_unit)"))
        return {}
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        problems.append(Problem("unit.yaml", None, None, "is not valid YAML"))
        return {}
    if not isinstance(meta, dict):
        problems.append(Problem("unit.yaml", None, None, "must be a mapping of keys"))
        return {}
    for key in ("name", "office", "travel_unit"):
        if not str(meta.get(key, "") or "").strip():
            problems.append(Problem("unit.yaml", None, key, "required"))
    if meta.get("travel_unit") not in (None, "minutes", "seconds"):
        problems.append(
            Problem(
                "unit.yaml", None, "travel_unit", f"must be minutes or seconds; got {meta['travel_unit']!r}"
            )
        )
    start = meta.get("start_date")
    if start is not None:
        try:
            pd.Timestamp(str(start))
        except ValueError:
            problems.append(
                Problem("unit.yaml", None, "start_date", f"must be a date YYYY-MM-DD; got {start!r}")
            )
    day_start = meta.get("day_starts_at")
    if day_start is not None and not re.match(CLOCK, _yaml_clock(day_start)):
        problems.append(
            Problem("unit.yaml", None, "day_starts_at", f"must be a time HH:MM; got {day_start!r}")
        )
    allowed = ("name", "office", "start_date", "travel_unit", "day_starts_at")
    for key in sorted(set(meta) - set(allowed)):
        problems.append(Problem("unit.yaml", None, str(key), f"unknown key; allowed: {', '.join(allowed)}"))
    return meta


def _yaml_clock(value: object) -> str:
    """A time as YAML gives it: ``06:00`` unquoted is read as 360 (sexagesimal minutes)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value // 60:02d}:{value % 60:02d}"
    return str(value).strip()


def _bool(x: str) -> bool:
    return str(x).strip().lower() not in FALSE


def _recurrence(r: pd.Series, back: bool = False) -> dict[str, object]:
    """A row's weekdays, every_weeks, week_offset and dates (a dated row's weekdays: its dates');
    ``back``: the row belongs to the day before (it starts before the unit's day_starts_at)."""
    on = dates(r["dates"]) or []
    every, offset = int(number(r["every_weeks"], 1)), int(number(r["week_offset"], 0))
    if back and on:
        on = sorted({str(dt.date.fromisoformat(d) - dt.timedelta(days=1)) for d in on})
    days = "".join(sorted({str(pd.Timestamp(d).weekday()) for d in on})) if on else weekdays(r["weekdays"])
    if back and not on:
        # a Monday row moves to the Sunday of the week before: its weeks move back by one (a
        # row of Monday and other days every n-th week keeps its weeks: docs/data-format.md)
        assert days is not None
        offset = (offset + 1) % every if days == "0" else offset
        days = "".join(sorted(str((int(d) - 1) % 7) for d in days))
    return {"weekdays": days, "every_weeks": every, "week_offset": offset, "dates": "|".join(on)}


def _clock_or_nan(text: object) -> float:
    t = str(text).strip()
    return float(clock_to_min(t)) if t else float("nan")


def _visit_rows(v: pd.DataFrame, day_start: int) -> list[dict[str, object]]:
    """The normalised visits: times after the unit's day start (a visit whose window opens before
    it belongs to the day before, its times 24 h later)."""
    rows = []
    for _, r in v.iterrows():
        planned = _clock_or_nan(r["planned_start"])
        if str(r["earliest"]).strip() or str(r["latest"]).strip() or not str(r["planned_start"]).strip():
            earliest = float(clock_to_min(str(r["earliest"] or "00:00")))
            latest = float(clock_to_min(str(r["latest"] or "24:00")))
        else:
            tol = number(r["tolerance_min"], 0.0)
            earliest, latest = planned - tol, planned + tol
        back = earliest < day_start
        shift = DAY if back else 0
        for part in (_recurrence(r, back),):
            rows.append(
                {
                    "visit_id": str(r["visit_id"]),
                    "client_id": str(r["client_id"]),
                    **part,
                    "earliest_min": round(earliest) + shift,
                    "latest_min": round(latest) + shift,
                    "planned_start_min": planned + (DAY if planned < day_start else 0),
                    "granted_min": number(r["granted_min"]),
                    "double_staffed": _bool(r["double_staffed"]),
                    "second_min": number(r["second_min"]),
                    "second_offset_min": number(r["second_offset_min"], 0.0),
                    "skill": str(r["skill"]),
                    "planned_caregiver": str(r["planned_caregiver"]),
                    "second_caregiver": str(r["second_caregiver"]),
                    "follows": str(r["follows"]),
                    "follows_min_gap": number(r["follows_min_gap"], 0.0),
                    "follows_max_gap": number(r["follows_max_gap"]),
                }
            )
    return rows


def _shift_rows(g: pd.DataFrame, day_start: int, homes: dict[str, str]) -> list[dict[str, object]]:
    """The normalised shifts: an end before the start is the next day; a shift starting before the
    unit's day start belongs to the day before; the break at a set time, in a window or (NaN) in
    the middle third of the shift."""
    rows = []
    for _, r in g.iterrows():
        start, end = clock_to_min(r["shift_start"]), clock_to_min(r["shift_end"])
        if end <= start:
            end += DAY
        back = start < day_start
        shift = DAY if back else 0
        fixed = _clock_or_nan(r["break_start"])
        w0, w1 = _clock_or_nan(r["break_earliest"]), _clock_or_nan(r["break_latest"])
        # a set time and a window on one line that disagree: which one was meant? (a rule asks)
        clash = not np.isnan(fixed) and not np.isnan(w0) and not np.isnan(w1) and not w0 <= fixed <= w1
        b0 = fixed if not np.isnan(fixed) else w0
        b1 = fixed if not np.isnan(fixed) else w1
        # break clocks are read on the shift's own clock: past midnight they are on the next day
        b0, b1 = (b + DAY if b < start else b for b in (b0, b1))
        home = str(r["home_location_id"]) or homes.get(str(r["caregiver_id"]), "")
        for part in (_recurrence(r, back),):
            rows.append(
                {
                    "caregiver_id": str(r["caregiver_id"]),
                    **part,
                    "start_min": start + shift,
                    "end_min": end + shift,
                    "break_min": number(r["break_min"], 30.0),
                    "break_earliest_min": b0 + shift,
                    "break_latest_min": b1 + shift,
                    "break_clash": f"{r['break_start']} / {r['break_earliest']}-{r['break_latest']}"
                    if clash
                    else "",
                    "travel_mode": str(r["travel_mode"]),
                    "skills": "|".join(sorted(s for s in str(r["skills"]).split("|") if s)),
                    "contract_fte": number(r["contract_fte"], 1.0),
                    "starts_at": str(r["starts_at"] or "office"),
                    "home_location_id": home,
                }
            )
    return rows


def _parse(meta: dict[str, object], raw: dict[str, pd.DataFrame], travel: dict[str, pd.DataFrame]) -> Unit:
    # every table with all of its columns; an optional column not given is empty (its default)
    raw = {k: df.reindex(columns=list(SCHEMAS[k].columns), fill_value="") for k, df in raw.items()}
    day_start = clock_to_min(_yaml_clock(meta.get("day_starts_at") or "00:00"))
    c = raw["clients"]
    clients = pd.DataFrame(
        {
            "client_id": c["client_id"].astype(str),
            "location_id": c["location_id"].astype(str),
            "care_level": c["care_level"].astype(str),
            "avoid_caregivers": c["avoid_caregivers"].astype(str),
        }
    )
    visits = pd.DataFrame(_visit_rows(raw["visits"], day_start), columns=list(VISIT_COLUMNS))
    homes = coordinate_homes(raw["caregivers"], raw.get("locations"), travel)
    shifts = pd.DataFrame(_shift_rows(raw["caregivers"], day_start, homes), columns=list(SHIFT_COLUMNS))
    cont = raw.get("continuity")
    continuity = (
        pd.DataFrame(columns=list(CONTINUITY_COLUMNS))
        if cont is None
        else pd.DataFrame(
            {
                "client_id": cont["client_id"].astype(str),
                "caregiver_id": cont["caregiver_id"].astype(str),
                "visits": cont["visits"].map(number),
            }
        )
    )
    return Unit(
        name=str(meta["name"]),
        office=str(meta["office"]),
        start_date=_start_date(meta, visits, shifts),
        clients=clients,
        visits=visits,
        shifts=shifts,
        travel=travel,
        continuity=continuity,
        day_start_min=day_start,
    )


def _start_date(meta: dict[str, object], visits: pd.DataFrame, shifts: pd.DataFrame) -> str | None:
    """The first of the files' dates (a dated export runs as those days), else unit.yaml's
    start_date (None: neither)."""
    given = all_dates(visits, shifts)
    if given:
        return min(given)
    if meta.get("start_date") is not None:
        return str(pd.Timestamp(str(meta["start_date"])).date())
    return None
