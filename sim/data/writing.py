"""Write a :class:`~sim.data.unit.Unit` as a folder in the import format of docs/data-format.md."""

from __future__ import annotations

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
                    **_recurrence_out(v, days),
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
                **_recurrence_out(unit.shifts, days),
                shift_start=unit.shifts["start_min"].map(clock),
                shift_end=unit.shifts["end_min"].map(clock),
            )[
                [
                    "caregiver_id",
                    *_recurrence_out(unit.shifts, days),
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
                as_text(df).to_parquet(stage / f"{name}.parquet", index=False)
            else:
                df.to_csv(stage / f"{name}.csv", index=False)
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(stage, folder)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return sorted(folder.iterdir())
