"""A unit's travel-time matrices (``travel_<mode>`` files): long or square, seconds or minutes,
each checked cell by cell and for a plausible unit."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from sim.data.checks import Problem
from sim.data.text import csv_line, number, read_text_table


def _is_time(text: str) -> bool:
    """Whether a cell is a finite travel time >= 0 (a decimal comma allowed)."""
    try:
        t = number(text)
    except ValueError:
        return False
    return math.isfinite(t) and t >= 0


def read_matrices(folder: Path, unit_of: str, problems: list[Problem]) -> dict[str, pd.DataFrame]:
    """Every ``travel_<mode>`` matrix of a unit's folder, by mode (square, minutes)."""
    out = {}
    for path in sorted([*folder.glob("travel_*.csv"), *folder.glob("travel_*.parquet")]):
        sq = read_matrix(path, unit_of, problems, "unit.yaml travel_unit")
        if sq is not None:
            out[path.stem.removeprefix("travel_")] = sq
    return out


def read_matrix(path: Path, unit_of: str, problems: list[Problem], unit_key: str) -> pd.DataFrame | None:
    """One travel matrix as a square frame of minutes indexed by the file's own location ids;
    None (with ``problems`` added, one line each) when it breaks a rule. ``unit_of`` is
    ``minutes`` or ``seconds``; ``unit_key`` names where that unit is declared."""
    try:
        df = read_text_table(path)
    except pd.errors.EmptyDataError:
        problems.append(Problem(path.name, None, None, "is empty"))
        return None
    except (OSError, ValueError, UnicodeDecodeError):
        problems.append(Problem(path.name, None, None, "cannot be read as CSV (UTF-8) or Parquet"))
        return None
    if "time" not in df.columns and "minutes" in df.columns:  # the layout of geography.travel_matrix_file
        df = df.rename(columns={"minutes": "time"})
    if {"from_id", "to_id", "time"} <= set(df.columns):
        bad = df[~df["time"].map(_is_time)]
        for i, r in bad.head(5).iterrows():
            problems.append(
                Problem(path.name, csv_line(i), "time", f"{r['time']!r} is not a finite time >= 0")
            )
        if len(bad):
            return None
        dup = df[df.duplicated(["from_id", "to_id"], keep="first")]
        for i, r in dup.head(5).iterrows():
            problems.append(
                Problem(path.name, csv_line(i), None, f"duplicate pair {r['from_id']} -> {r['to_id']}")
            )
        if len(dup):
            return None
        df = df.assign(time=df["time"].map(number))
        sq = df.pivot(index="from_id", columns="to_id", values="time")
    elif len(df.columns) and df.columns[0] == "location_id":
        sq = df.set_index("location_id")
        bad_cells = [(i, c, v) for c in sq.columns for i, v in sq[c].items() if not _is_time(v)]
        for i, c, v in bad_cells[:5]:
            line = csv_line(list(sq.index).index(i))
            problems.append(Problem(path.name, line, str(c), f"{v!r} is not a finite time >= 0"))
        if bad_cells:
            return None
        sq = sq.map(number)
    else:
        problems.append(
            Problem(
                path.name,
                None,
                None,
                "must be long (from_id, to_id, time) or square (first column location_id)",
            )
        )
        return None
    sq.index, sq.columns = sq.index.astype(str), sq.columns.astype(str)
    values = sq.to_numpy(dtype=float)
    off = values[~np.eye(*values.shape, dtype=bool)] if values.shape[0] == values.shape[1] else values.ravel()
    med = float(np.nanmedian(off)) if off.size else 0.0
    if unit_of == "minutes" and med > 180:
        problems.append(
            Problem(
                path.name,
                None,
                None,
                f"median trip {med:.0f} min: looks like seconds ({unit_key})",
            )
        )
    elif unit_of == "seconds" and 0 < med < 10:
        problems.append(
            Problem(
                path.name,
                None,
                None,
                f"median trip {med:.1f} s: looks like minutes ({unit_key})",
            )
        )
    return sq / 60.0 if unit_of == "seconds" else sq
