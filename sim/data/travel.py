"""A unit's travel-time matrices (``travel_<mode>`` files): long or square, seconds or minutes,
each checked cell by cell and for a plausible unit."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from sim.data.checks import Problem
from sim.data.text import csv_line, number, read_text_table


def read_matrices(folder: Path, unit_of: str, problems: list[Problem]) -> dict[str, pd.DataFrame]:
    out = {}
    for path in sorted([*folder.glob("travel_*.csv"), *folder.glob("travel_*.parquet")]):
        mode = path.stem.removeprefix("travel_")
        try:
            df = read_text_table(path)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            problems.append(Problem(path.name, None, None, f"cannot be read ({type(exc).__name__})"))
            continue
        if {"from_id", "to_id", "time"} <= set(df.columns):
            bad = df[~df["time"].map(lambda x: math.isfinite(number(x)) and number(x) >= 0)]
            for i, r in bad.head(5).iterrows():
                problems.append(
                    Problem(path.name, csv_line(i), "time", f"{r['time']!r} is not a finite time >= 0")
                )
            if len(bad):
                continue
            dup = df[df.duplicated(["from_id", "to_id"], keep="first")]
            for i, r in dup.head(5).iterrows():
                problems.append(
                    Problem(path.name, csv_line(i), None, f"duplicate pair {r['from_id']} -> {r['to_id']}")
                )
            if len(dup):
                continue
            df = df.assign(time=df["time"].map(number))
            sq = df.pivot(index="from_id", columns="to_id", values="time")
        elif df.columns[0] == "location_id":
            sq = df.set_index("location_id")
            bad_cells = [
                (i, c, v)
                for c in sq.columns
                for i, v in sq[c].items()
                if not (math.isfinite(number(v)) and number(v) >= 0)
            ]
            for i, c, v in bad_cells[:5]:
                line = csv_line(list(sq.index).index(i))
                problems.append(Problem(path.name, line, str(c), f"{v!r} is not a finite time >= 0"))
            if bad_cells:
                continue
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
