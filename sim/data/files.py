"""Read a unit's folder into a :class:`~sim.data.unit.Unit` (every rule checked first) and write
one back, in the format of docs/data-format.md."""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from sim.config.fields import clock_to_min
from sim.data.checks import FALSE, SCHEMAS, DataError, Problem, column_problems, weekdays
from sim.data.unit import CONTINUITY_COLUMNS, SHIFT_COLUMNS, VISIT_COLUMNS, Unit

TABLES = ("clients", "visits", "caregivers")
DAY_OUT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _file(folder: Path, name: str) -> Path | None:
    for ext in (".csv", ".parquet"):
        if (folder / f"{name}{ext}").is_file():
            return folder / f"{name}{ext}"
    return None


def read_text_table(path: Path) -> pd.DataFrame:
    """A table as text cells: CSV with ``,`` or ``;`` (then a decimal comma), or Parquet."""
    if path.suffix == ".parquet":
        df = pd.read_parquet(path)
        return _as_text(df)
    with path.open(encoding="utf-8-sig") as f:
        header = f.readline()
    sep = ";" if header.count(";") > header.count(",") else ","
    return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _line(index: Any) -> int:
    """The CSV line of a row index (the header is line 1)."""
    return int(index) + 2


def _as_text(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text, missing ones empty (as a CSV cell would be)."""
    text = df.astype(object).where(df.notna(), "")
    return text.map(lambda x: "" if x == "" else str(x)).astype(str)


def _num(x: str, default: float = math.nan) -> float:
    t = str(x).strip()
    return default if t == "" else float(t.replace(",", "."))


def read_unit(folder: str | Path) -> Unit:
    """The unit in ``folder``; :class:`DataError` listing every problem (nothing is half read)."""
    folder = Path(folder)
    problems: list[Problem] = []
    if not folder.is_dir():
        raise DataError(str(folder), [Problem(str(folder), None, None, "no such folder")])
    meta = _meta(folder, problems)
    raw: dict[str, pd.DataFrame] = {}
    for name in (*TABLES, "continuity"):
        path = _file(folder, name)
        if path is None:
            if name != "continuity":
                problems.append(Problem(f"{name}.csv", None, None, "file missing"))
            continue
        try:
            raw[name] = read_text_table(path)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            problems.append(Problem(path.name, None, None, f"cannot be read ({type(exc).__name__})"))
            continue
        problems += column_problems(name, path.name, raw[name])
    unit_of = str(meta.get("travel_unit", ""))
    travel = _matrices(folder, unit_of, problems)
    if problems:
        raise DataError(str(folder), problems)
    unit = _parse(meta, raw, travel)
    problems += cross_problems(unit, {n: (_file(folder, n) or Path(n)).name for n in (*TABLES, "continuity")})
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


def _matrices(folder: Path, unit_of: str, problems: list[Problem]) -> dict[str, pd.DataFrame]:
    out = {}
    for path in sorted([*folder.glob("travel_*.csv"), *folder.glob("travel_*.parquet")]):
        mode = path.stem.removeprefix("travel_")
        try:
            df = read_text_table(path)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            problems.append(Problem(path.name, None, None, f"cannot be read ({type(exc).__name__})"))
            continue
        if {"from_id", "to_id", "time"} <= set(df.columns):
            bad = df[~df["time"].map(lambda x: math.isfinite(_num(x)) and _num(x) >= 0)]
            for i, r in bad.head(5).iterrows():
                problems.append(
                    Problem(path.name, _line(i), "time", f"{r['time']!r} is not a finite time >= 0")
                )
            if len(bad):
                continue
            dup = df[df.duplicated(["from_id", "to_id"], keep="first")]
            for i, r in dup.head(5).iterrows():
                problems.append(
                    Problem(path.name, _line(i), None, f"duplicate pair {r['from_id']} -> {r['to_id']}")
                )
            if len(dup):
                continue
            df = df.assign(time=df["time"].map(_num))
            sq = df.pivot(index="from_id", columns="to_id", values="time")
        elif df.columns[0] == "location_id":
            sq = df.set_index("location_id")
            bad_cells = [
                (i, c, v)
                for c in sq.columns
                for i, v in sq[c].items()
                if not (math.isfinite(_num(v)) and _num(v) >= 0)
            ]
            for i, c, v in bad_cells[:5]:
                line = _line(list(sq.index).index(i))
                problems.append(Problem(path.name, line, str(c), f"{v!r} is not a finite time >= 0"))
            if bad_cells:
                continue
            sq = sq.map(_num)
        else:
            problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    "must be long (from_id, to_id, time) or square (first column location_id)",
                )
            )
            continue
        sq.index, sq.columns = sq.index.astype(str), sq.columns.astype(str)
        values = sq.to_numpy(dtype=float)
        off = (
            values[~np.eye(*values.shape, dtype=bool)]
            if values.shape[0] == values.shape[1]
            else values.ravel()
        )
        med = float(np.nanmedian(off)) if off.size else 0.0
        if unit_of == "minutes" and med > 180:
            problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    f"median trip {med:.0f} min: looks like seconds (unit.yaml travel_unit)",
                )
            )
        elif unit_of == "seconds" and 0 < med < 10:
            problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    f"median trip {med:.1f} s: looks like minutes (unit.yaml travel_unit)",
                )
            )
        out[mode] = sq / 60.0 if unit_of == "seconds" else sq
    return out


def _bool(x: str) -> bool:
    return str(x).strip().lower() not in FALSE


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
            start, tol = clock_to_min(r["planned_start"]), _num(r["tolerance_min"], 0.0)
            earliest, latest = start - tol, start + tol
        else:
            earliest = clock_to_min(str(r["earliest"] or "00:00"))
            latest = clock_to_min(str(r["latest"] or "24:00"))
        rows.append(
            {
                "visit_id": str(r["visit_id"]),
                "client_id": str(r["client_id"]),
                "weekdays": weekdays(r["weekdays"]),
                "every_weeks": int(_num(r["every_weeks"], 1)),
                "week_offset": int(_num(r["week_offset"], 0)),
                "earliest_min": round(earliest),
                "latest_min": round(latest),
                "granted_min": _num(r["granted_min"]),
                "double_staffed": _bool(r["double_staffed"]),
                "second_min": _num(r["second_min"]),
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
                "weekdays": weekdays(r["weekdays"]),
                "every_weeks": int(_num(r["every_weeks"], 1)),
                "week_offset": int(_num(r["week_offset"], 0)),
                "start_min": clock_to_min(r["shift_start"]),
                "end_min": clock_to_min(r["shift_end"]),
                "break_min": _num(r["break_min"], 30.0),
                "travel_mode": str(r["travel_mode"]),
                "skills": "|".join(sorted(s for s in str(r["skills"]).split("|") if s)),
                "contract_fte": _num(r["contract_fte"], 1.0),
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
                "visits": cont["visits"].map(_num),
            }
        )
    )
    return Unit(
        name=str(meta["name"]),
        office=str(meta["office"]),
        start_date=None if meta.get("start_date") is None else str(meta["start_date"]),
        clients=clients,
        visits=visits,
        shifts=shifts,
        travel=travel,
        continuity=continuity,
    )


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
                    _line(i),
                    "location_id",
                    f"unknown location {r['location_id']!r} (not in every travel matrix)",
                )
            )
        for cg in [x for x in str(r["avoid_caregivers"]).split("|") if x]:
            if cg not in caregivers:
                out.append(Problem(fc, _line(i), "avoid_caregivers", f"unknown caregiver {cg!r}"))
    skills = {s for held in u.shifts["skills"] for s in held.split("|") if s}
    for i, r in u.visits.iterrows():
        line = _line(i)
        if r["client_id"] not in clients:
            out.append(Problem(fv, line, "client_id", f"unknown client {r['client_id']!r}"))
        if r["planned_caregiver"] and r["planned_caregiver"] not in caregivers:
            out.append(
                Problem(fv, line, "planned_caregiver", f"unknown caregiver {r['planned_caregiver']!r}")
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
        line = _line(i)
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
            out.append(Problem(files["continuity"], _line(i), None, "unknown client or caregiver"))
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


def write_unit(unit: Unit, folder: Path, fmt: str = "csv", overwrite: bool = False) -> list[Path]:
    """Write ``unit`` as a folder in the import format (tables as ``fmt``), atomically."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()) and not overwrite:
        raise ValueError(f"{folder} exists and holds files; choose a new folder")
    folder.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".unit-", dir=folder.parent))
    try:
        meta = {
            "name": unit.name,
            "office": unit.office,
            "start_date": unit.start_date,
            "travel_unit": "minutes",
        }
        (stage / "unit.yaml").write_text(
            yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        clock = lambda m: f"{int(m) // 60:02d}:{int(m) % 60:02d}"  # noqa: E731
        days = lambda d: "|".join(DAY_OUT[int(x)] for x in str(d))  # noqa: E731
        v = unit.visits
        tables = {
            "clients": unit.clients[["client_id", "location_id", "care_level", "avoid_caregivers"]],
            "visits": pd.DataFrame(
                {
                    "visit_id": v["visit_id"],
                    "client_id": v["client_id"],
                    "weekdays": v["weekdays"].map(days),
                    "every_weeks": v["every_weeks"],
                    "week_offset": v["week_offset"],
                    "earliest": v["earliest_min"].map(clock),
                    "latest": v["latest_min"].map(clock),
                    "granted_min": v["granted_min"],
                    "double_staffed": v["double_staffed"].map(lambda b: "true" if b else "false"),
                    "second_min": v["second_min"],
                    "skill": v["skill"],
                    "planned_caregiver": v["planned_caregiver"],
                }
            ),
            "caregivers": unit.shifts.assign(
                weekdays=unit.shifts["weekdays"].map(days),
                shift_start=unit.shifts["start_min"].map(clock),
                shift_end=unit.shifts["end_min"].map(clock),
            )[
                [
                    "caregiver_id",
                    "weekdays",
                    "every_weeks",
                    "week_offset",
                    "shift_start",
                    "shift_end",
                    "break_min",
                    "travel_mode",
                    "skills",
                    "contract_fte",
                    "starts_at",
                    "home_location_id",
                ]
            ],
        }
        if len(unit.continuity):
            tables["continuity"] = unit.continuity
        for mode, sq in unit.travel.items():
            tables[f"travel_{mode}"] = sq.rename_axis("location_id").reset_index()
        for name, df in tables.items():
            if fmt == "parquet":
                _as_text(df).to_parquet(stage / f"{name}.parquet", index=False)
            else:
                df.to_csv(stage / f"{name}.csv", index=False)
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(stage, folder)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return sorted(folder.iterdir())
