"""Write a :class:`~sim.data.unit.Unit` as a folder in the import format of docs/data-format.md."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from sim.data.text import as_text
from sim.data.unit import Unit

DAY_OUT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _forward(df: pd.DataFrame, late: pd.Series) -> pd.DataFrame:
    """Rows whose day's work starts past midnight (``late``: after a unit's day_starts_at, read
    back onto the day before) written on the calendar day they fall on."""
    if not late.any():
        return df
    df = df.copy()
    for i in df.index[late]:
        if str(df.at[i, "dates"]):
            days = [
                dt.date.fromisoformat(d) + dt.timedelta(days=1) for d in str(df.at[i, "dates"]).split("|")
            ]
            df.at[i, "dates"] = "|".join(d.isoformat() for d in days)
        else:
            days_in = str(df.at[i, "weekdays"])
            df.at[i, "weekdays"] = "".join(sorted(str((int(d) + 1) % 7) for d in days_in))
            if days_in == "6":  # Sunday to Monday: the next week
                every = int(str(df.at[i, "every_weeks"]))
                df.at[i, "week_offset"] = (int(str(df.at[i, "week_offset"])) - 1) % every
    return df


def _recurrence_out(df: pd.DataFrame, days: Any) -> dict[str, pd.Series]:
    """The weekdays, every_weeks, week_offset (and, when any row has them, dates) columns as
    written: a dated row's pattern columns empty."""
    dated = df["dates"].astype(str) != ""
    out = {
        "weekdays": df["weekdays"].map(days).where(~dated, ""),
        "every_weeks": df["every_weeks"].astype(object).where(~dated, ""),
        "week_offset": df["week_offset"].astype(object).where(~dated, ""),
    }
    if dated.any():
        out["dates"] = df["dates"]
    return out


def _clock(minutes: float) -> str:
    """``HH:MM`` on a 24-hour clock ('' for NaN); 1440 itself is ``24:00``."""
    if pd.isna(minutes):
        return ""
    m = round(float(minutes))
    return "24:00" if m == 1440 else f"{m % 1440 // 60:02d}:{m % 60:02d}"


def _number(x: float) -> object:
    return "" if pd.isna(x) else x


def _visits_out(unit: Unit, days: Any) -> pd.DataFrame:
    v = _forward(unit.visits, unit.visits["earliest_min"] >= 1440)
    second = v["second_offset_min"].fillna(0.0)
    return pd.DataFrame(
        {
            "visit_id": v["visit_id"],
            "client_id": v["client_id"],
            **_recurrence_out(v, days),
            "earliest": v["earliest_min"].map(_clock),
            "latest": v["latest_min"].map(_clock),
            "planned_start": v["planned_start_min"].map(_clock),
            "granted_min": v["granted_min"],
            "double_staffed": v["double_staffed"].map(lambda b: "true" if b else "false"),
            "second_min": v["second_min"],
            "second_offset_min": second.map(lambda x: "" if x == 0 else x),
            "skill": v["skill"],
            "planned_caregiver": v["planned_caregiver"],
            "second_caregiver": v["second_caregiver"],
            "follows": v["follows"],
            "follows_min_gap": v["follows_min_gap"].where(v["follows"] != "", "").map(_number),
            "follows_max_gap": v["follows_max_gap"].where(v["follows"] != "", "").map(_number),
        }
    )


def _shifts_out(unit: Unit, days: Any) -> pd.DataFrame:
    g = _forward(unit.shifts, unit.shifts["start_min"] >= 1440)
    fixed = g["break_earliest_min"] == g["break_latest_min"]
    return pd.DataFrame(
        {
            "caregiver_id": g["caregiver_id"],
            **_recurrence_out(g, days),
            "shift_start": g["start_min"].map(_clock),
            "shift_end": g["end_min"].map(_clock),
            "break_min": g["break_min"],
            "break_start": g["break_earliest_min"].where(fixed).map(_clock),
            "break_earliest": g["break_earliest_min"].where(~fixed).map(_clock),
            "break_latest": g["break_latest_min"].where(~fixed).map(_clock),
            "travel_mode": g["travel_mode"],
            "skills": g["skills"],
            "contract_fte": g["contract_fte"],
            "starts_at": g["starts_at"],
            "home_location_id": g["home_location_id"],
        }
    )


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
        if unit.day_start_min:
            meta["day_starts_at"] = _clock(unit.day_start_min)
        (stage / "unit.yaml").write_text(
            yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        days = lambda d: "|".join(DAY_OUT[int(x)] for x in str(d))  # noqa: E731
        tables = {
            "clients": unit.clients[["client_id", "location_id", "care_level", "avoid_caregivers"]],
            "visits": _visits_out(unit, days),
            "caregivers": _shifts_out(unit, days),
        }
        if len(unit.continuity):
            tables["continuity"] = unit.continuity
        for mode, sq in unit.travel.items():
            tables[f"travel_{mode}"] = sq.rename_axis("location_id").reset_index()
        for name, df in tables.items():
            if fmt == "parquet":
                as_text(df).to_parquet(stage / f"{name}.parquet", index=False)
            else:
                df.to_csv(stage / f"{name}.csv", index=False)
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(stage, folder)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return sorted(folder.iterdir())
