"""Reading a unit's tables as text cells: which file holds a table, CSV dialects, line numbers."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd


def table_file(folder: Path, name: str) -> Path | None:
    for ext in (".csv", ".parquet"):
        if (folder / f"{name}{ext}").is_file():
            return folder / f"{name}{ext}"
    return None


def read_text_table(path: Path) -> pd.DataFrame:
    """A table as text cells: CSV with ``,`` or ``;`` (then a decimal comma), or Parquet."""
    if path.suffix == ".parquet":
        df = pd.read_parquet(path)
        return as_text(df)
    with path.open(encoding="utf-8-sig") as f:
        header = f.readline()
    sep = ";" if header.count(";") > header.count(",") else ","
    return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def csv_line(index: Any) -> int:
    """The CSV line of a row index (the header is line 1)."""
    return int(index) + 2


def as_text(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text, missing ones empty (as a CSV cell would be)."""
    text = df.astype(object).where(df.notna(), "")
    return text.map(lambda x: "" if x == "" else str(x)).astype(str)


def number(x: str, default: float = math.nan) -> float:
    t = str(x).strip()
    return default if t == "" else float(t.replace(",", "."))
