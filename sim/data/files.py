"""Read a unit's folder into a :class:`~sim.data.unit.Unit`, every rule checked first (the format
of docs/data-format.md; writing one: :mod:`sim.data.writing`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from sim.config.fields import clock_to_min
from sim.data.checks import (
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
from sim.data.text import csv_line, number, read_text_table, table_file
from sim.data.travel import read_matrices
from sim.data.unit import CONTINUITY_COLUMNS, SHIFT_COLUMNS, VISIT_COLUMNS, Unit, all_dates
from sim.data.writing import DAY_OUT, write_unit

__all__ = ["cross_problems", "read_unit", "write_unit"]

TABLES = ("clients", "visits", "caregivers")


def read_unit(folder: str | Path) -> Unit:
    """The unit in ``folder``; :class:`DataError` listing every problem (nothing is half read)."""
    folder = Path(folder)
    problems: list[Problem] = []
    if not folder.is_dir():
        raise DataError(str(folder), [Problem(str(folder), None, None, "no such folder")])
    meta = _meta(folder, problems)
    raw: dict[str, pd.DataFrame] = {}
    for name in (*TABLES, "continuity"):
        path = table_file(folder, name)
        if path is None:
            if name != "continuity":
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
    unit = _parse(meta, raw, travel)
    problems += cross_problems(
        unit, {n: (table_file(folder, n) or Path(n)).name for n in (*TABLES, "continuity")}
    )
    if problems:
        raise DataError(str(folder), problems)
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
    unknown = set(meta) - {"name", "office", "start_date", "travel_unit"}
    for key in sorted(unknown):
        problems.append(
            Problem(
                "unit.yaml", None, str(key), "unknown key; allowed: name, office, start_date, travel_unit"
            )
        )
    return meta


def _bool(x: str) -> bool:
    return str(x).strip().lower() not in FALSE


def _recurrence(r: pd.Series) -> dict[str, object]:
    """A row's weekdays, every_weeks, week_offset and dates (a dated row's weekdays: its dates')."""
    on = dates(r["dates"]) or []
    days = "".join(sorted({str(pd.Timestamp(d).weekday()) for d in on})) if on else weekdays(r["weekdays"])
    return {
        "weekdays": days,
        "every_weeks": int(number(r["every_weeks"], 1)),
        "week_offset": int(number(r["week_offset"], 0)),
        "dates": "|".join(on),
    }


def _parse(meta: dict[str, object], raw: dict[str, pd.DataFrame], travel: dict[str, pd.DataFrame]) -> Unit:
    # every table with all of its columns; an optional column not given is empty (its default)
    raw = {k: df.reindex(columns=list(SCHEMAS[k].columns), fill_value="") for k, df in raw.items()}
    c = raw["clients"]
    clients = pd.DataFrame(
        {
            "client_id": c["client_id"].astype(str),
            "location_id": c["location_id"].astype(str),
            "care_level": c["care_level"].astype(str),
            "avoid_caregivers": c["avoid_caregivers"].astype(str),
        }
    )
    rows = []
    for _, r in raw["visits"].iterrows():
        if str(r["planned_start"]).strip():
            start, tol = clock_to_min(r["planned_start"]), number(r["tolerance_min"], 0.0)
            earliest, latest = start - tol, start + tol
        else:
            earliest = clock_to_min(str(r["earliest"] or "00:00"))
            latest = clock_to_min(str(r["latest"] or "24:00"))
        rows.append(
            {
                "visit_id": str(r["visit_id"]),
                "client_id": str(r["client_id"]),
                **_recurrence(r),
                "earliest_min": round(earliest),
                "latest_min": round(latest),
                "granted_min": number(r["granted_min"]),
                "double_staffed": _bool(r["double_staffed"]),
                "second_min": number(r["second_min"]),
                "skill": str(r["skill"]),
                "planned_caregiver": str(r["planned_caregiver"]),
            }
        )
    visits = pd.DataFrame(rows, columns=list(VISIT_COLUMNS))
    g = raw["caregivers"]
    shifts = pd.DataFrame(
        [
            {
                "caregiver_id": str(r["caregiver_id"]),
                **_recurrence(r),
                "start_min": clock_to_min(r["shift_start"]),
                "end_min": clock_to_min(r["shift_end"]),
                "break_min": number(r["break_min"], 30.0),
                "travel_mode": str(r["travel_mode"]),
                "skills": "|".join(sorted(s for s in str(r["skills"]).split("|") if s)),
                "contract_fte": number(r["contract_fte"], 1.0),
                "starts_at": str(r["starts_at"] or "office"),
                "home_location_id": str(r["home_location_id"]),
            }
            for i, r in g.iterrows()
        ],
        columns=list(SHIFT_COLUMNS),
    )
    cont = raw.get("continuity")
    continuity = (
        pd.DataFrame(columns=list(CONTINUITY_COLUMNS))
        if cont is None
        else pd.DataFrame(
            {
                "client_id": cont["client_id"],
                "caregiver_id": cont["caregiver_id"],
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
    )


def _start_date(meta: dict[str, object], visits: pd.DataFrame, shifts: pd.DataFrame) -> str | None:
    """unit.yaml's start_date, else the first of the files' dates (None: neither)."""
    if meta.get("start_date") is not None:
        return str(pd.Timestamp(str(meta["start_date"])).date())
    given = all_dates(visits, shifts)
    return min(given) if given else None


def cross_problems(u: Unit, files: dict[str, str]) -> list[Problem]:
    """The rules across files, on a parsed unit (lines count the header as 1)."""
    out: list[Problem] = []
    fc, fv, fg = files["clients"], files["visits"], files["caregivers"]
    clients, caregivers = set(u.clients["client_id"]), set(u.shifts["caregiver_id"])
    locs = u.locations
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
        for cg in [x for x in str(r["avoid_caregivers"]).split("|") if x]:
            if cg not in caregivers:
                out.append(Problem(fc, csv_line(i), "avoid_caregivers", f"unknown caregiver {cg!r}"))
    skills = {s for held in u.shifts["skills"] for s in held.split("|") if s}
    refused = dict(zip(u.clients["client_id"], u.clients["avoid_caregivers"].str.split("|"), strict=True))
    for i, r in u.visits.iterrows():
        line = csv_line(i)
        if r["client_id"] not in clients:
            out.append(Problem(fv, line, "client_id", f"unknown client {r['client_id']!r}"))
        if r["planned_caregiver"] and r["planned_caregiver"] not in caregivers:
            out.append(
                Problem(fv, line, "planned_caregiver", f"unknown caregiver {r['planned_caregiver']!r}")
            )
        if r["planned_caregiver"] and r["planned_caregiver"] in refused.get(r["client_id"], ()):
            out.append(
                Problem(fv, line, "planned_caregiver", f"the client refuses {r['planned_caregiver']!r}")
            )
        if r["latest_min"] < r["earliest_min"]:
            out.append(Problem(fv, line, "latest", "the window closes before it opens"))
        if r["second_min"] > r["granted_min"]:
            out.append(Problem(fv, line, "second_min", "exceeds granted_min"))
        if r["skill"] and r["skill"] not in skills:
            held = ", ".join(sorted(skills)) or "none"
            out.append(
                Problem(fv, line, "skill", f"nobody holds {r['skill']!r} (caregivers' skills: {held})")
            )
        for d in str(r["weekdays"]):
            on = u.shifts[u.shifts["weekdays"].str.contains(d)]
            fits = on[
                (on["start_min"] <= r["latest_min"]) & (on["end_min"] >= r["earliest_min"] + r["granted_min"])
            ]
            if fits.empty:
                out.append(Problem(fv, line, "weekdays", f"outside every shift on {DAY_OUT[int(d)]}"))
                break
            if r["double_staffed"] and fits["caregiver_id"].nunique() < 2:
                out.append(
                    Problem(
                        fv, line, "double_staffed", f"fewer than two caregivers on duty on {DAY_OUT[int(d)]}"
                    )
                )
                break
    for i, r in u.shifts.iterrows():
        line = csv_line(i)
        if r["end_min"] <= r["start_min"]:
            out.append(Problem(fg, line, "shift_end", "the shift ends before it starts"))
        if r["travel_mode"] not in u.travel:
            have = ", ".join(sorted(u.travel)) or "none"
            out.append(
                Problem(fg, line, "travel_mode", f"no travel_{r['travel_mode']} matrix (there are: {have})")
            )
        if r["starts_at"] == "home" and not r["home_location_id"]:
            out.append(Problem(fg, line, "home_location_id", "required when starts_at is home"))
    for i, r in u.continuity.iterrows():
        if r["client_id"] not in clients or r["caregiver_id"] not in caregivers:
            out.append(Problem(files["continuity"], csv_line(i), None, "unknown client or caregiver"))
    for mode, sq in u.travel.items():
        name = f"travel_{mode}"
        missing = [x for x in locs if x not in sq.index or x not in sq.columns]
        if set(missing) - set(u.clients["location_id"]):
            missing = [x for x in missing if x not in set(u.clients["location_id"])]
        elif missing:  # named on the clients' lines already
            continue
        if missing:
            out.append(
                Problem(
                    name,
                    None,
                    None,
                    f"no row or column for location {missing[0]!r}"
                    + (f" and {len(missing) - 1} more" if len(missing) > 1 else ""),
                )
            )
            continue
        m = sq.loc[locs, locs].to_numpy(dtype=float)
        if np.isnan(m).any():
            a, b = map(int, np.argwhere(np.isnan(m))[0])
            out.append(Problem(name, None, None, f"no time from {locs[a]} to {locs[b]}"))
        elif np.abs(np.diag(m)).max() > 0:
            out.append(Problem(name, None, None, "the diagonal (a location to itself) must be 0"))
    return out
