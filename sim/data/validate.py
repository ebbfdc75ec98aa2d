"""The column-level rules of docs/data-format.md, and the problems they report.

Each table file has a :mod:`pandera` schema built from a tuple of :class:`Col` (name, kind,
required, unique): no unknown columns, the required ones present, and every cell of a kind
(an id, a time ``HH:MM``, weekdays, a boolean, a finite non-negative number …) checked by the
same small function that also words the message. The rules across files (unknown ids, a
visit outside every shift, matrix pairs, …) are in :mod:`sim.data.rules`. Every problem is a
:class:`Problem` naming the file, line and column; :class:`DataError` carries them all.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

SHOWN = 10  # problems listed in a DataError's message
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_WORDS = {
    **{n.lower(): i for i, n in enumerate(WEEKDAY_NAMES)},
    **{n: i for i, n in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday"))},
    "sunday": 6,
    **{n: i for i, n in enumerate(("mån", "tis", "ons", "tor", "fre", "lör", "sön"))},
    **{n: i for i, n in enumerate(("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"))},
    **{str(i + 1): i for i in range(7)},  # 1 = Monday … 7 = Sunday
}
_DAY_SETS = {
    "daily": "0123456",
    "dagligen": "0123456",
    "weekdays": "01234",
    "vardagar": "01234",
    "weekend": "56",
    "helg": "56",
}
_TRUE = ("true", "ja", "yes", "1")
_FALSE = ("false", "nej", "no", "0")
_CLOCK = re.compile(r"^(\d{2}):(\d{2})$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Problem:
    """One broken rule: the file, its line (CSV line counting the header as 1; Parquet row + 2),
    the column (or unit.yaml key) and what is wrong."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file} line {self.row}"
        if self.column is not None:
            where += f", {'key' if self.file.endswith('.yaml') else 'column'} {self.column}"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """A unit's files break rules of docs/data-format.md; ``problems`` lists every one."""

    def __init__(self, folder: str, problems: list[Problem]) -> None:
        self.folder = folder
        self.problems = list(problems)
        n = len(self.problems)
        lines = [f"{n} problem{'s' if n != 1 else ''} in {folder}:"]
        lines += [f"  {p}" for p in self.problems[:SHOWN]]
        if n > SHOWN:
            lines.append(f"  … and {n - SHOWN} more")
        super().__init__("\n".join(lines))


# -- values -----------------------------------------------------------------------------------


def is_empty(value: Any) -> bool:
    """A cell with nothing in it (NaN, None or blank text)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def show(value: Any) -> str:
    """A cell's value as a message quotes it: text in quotes, a whole number without ``.0``."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (float, np.floating)) and math.isfinite(value) and float(value).is_integer():
        return str(int(value))
    return str(value)


def parse_clock(value: Any, end: bool = False) -> int | None:
    """Minutes after midnight of ``HH:MM`` (``24:00`` only as an ``end``), None if it is not one."""
    m = _CLOCK.match(str(value).strip()) if isinstance(value, str) else None
    if m is None:
        return None
    h, mi = int(m.group(1)), int(m.group(2))
    if end and (h, mi) == (24, 0):
        return 1440
    return h * 60 + mi if h < 24 and mi < 60 else None


def parse_weekdays(value: Any) -> str | None:
    """Weekday digits 0 (Monday) … 6, sorted, of ``Mon|Wed``, ``mån|ons``, ``1|3`` (1 = Monday),
    ``daily``, ``weekdays`` or ``weekend``; None if it is none of them."""
    if not isinstance(value, str) or not value.strip():
        return None
    days: set[int] = set()
    for token in value.lower().split("|"):
        word = token.strip()
        if word in _DAY_SETS:
            days.update(int(d) for d in _DAY_SETS[word])
        elif word in _DAY_WORDS:
            days.add(_DAY_WORDS[word])
        else:
            return None
    return "".join(str(d) for d in sorted(days))


def parse_bool(value: Any) -> bool | None:
    """true/false, ja/nej, yes/no, 1/0 (any case); None if it is none of them."""
    word = str(value).strip().lower()
    return True if word in _TRUE else False if word in _FALSE else None


def parse_number(value: Any, comma: bool = False) -> float | None:
    """A finite number of a cell (text with a decimal comma when ``comma``); None otherwise."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value) if math.isfinite(value) else None
    text = str(value).strip()
    if comma:
        text = text.replace(",", ".")
    if not _NUMBER.match(text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def split_ids(value: Any) -> list[str]:
    """The ids of a ``|``-separated cell, stripped, empty ones and repeats left out."""
    if is_empty(value):
        return []
    return list(dict.fromkeys(p.strip() for p in str(value).split("|") if p.strip()))


# -- kinds of column: each a function giving the reason a cell is wrong (None: it is fine) ----


def _not_number(value: Any) -> str:
    try:
        float(str(value).replace(",", "."))
    except ValueError:
        return f"{show(value)} is not a number"
    return f"{show(value)} is not a finite number"


def _number_rule(test: Callable[[float], bool], wording: str) -> Callable[[Any, bool], str | None]:
    def why(value: Any, comma: bool) -> str | None:
        number = parse_number(value, comma)
        if number is None:
            return _not_number(value)
        return None if test(number) else f"{show(value)} {wording}"

    return why


def _id(value: Any, comma: bool) -> str | None:
    return f"{show(value)}: an id must not contain '|'" if "|" in str(value) else None


def _clock_rule(end: bool) -> Callable[[Any, bool], str | None]:
    last = "24:00" if end else "23:59"

    def why(value: Any, comma: bool) -> str | None:
        ok = parse_clock(value, end) is not None
        return None if ok else f"{show(value)} is not a time HH:MM (00:00-{last})"

    return why


def _weekdays(value: Any, comma: bool) -> str | None:
    if parse_weekdays(value) is not None:
        return None
    return (
        f"{show(value)} is not a list of weekdays "
        "(Mon|Wed|Fri, mån|ons|fre, 1|3|5 with 1 = Monday, daily or weekdays)"
    )


def _bool(value: Any, comma: bool) -> str | None:
    ok = parse_bool(value) is not None
    return None if ok else f"{show(value)} is not true/false (ja/nej, yes/no, 1/0)"


def _choice(*allowed: str) -> Callable[[Any, bool], str | None]:
    def why(value: Any, comma: bool) -> str | None:
        ok = str(value).strip().lower() in allowed
        return None if ok else f"{show(value)} is not one of {', '.join(allowed)}"

    return why


def _mode(value: Any, comma: bool) -> str | None:
    ok = re.fullmatch(r"[A-Za-z0-9_-]+", str(value)) is not None
    return None if ok else f"{show(value)} is not a travel mode (letters, digits, - and _)"


KINDS: dict[str, Callable[[Any, bool], str | None]] = {
    "id": _id,
    "text": lambda value, comma: None,
    "clock": _clock_rule(end=False),
    "clock_end": _clock_rule(end=True),
    "weekdays": _weekdays,
    "bool": _bool,
    "whole1": _number_rule(lambda x: x >= 1 and x.is_integer(), "is not a whole number ≥ 1"),
    "whole0": _number_rule(lambda x: x >= 0 and x.is_integer(), "is not a whole number ≥ 0"),
    "positive": _number_rule(lambda x: x > 0, "is not more than 0"),
    "nonneg": _number_rule(lambda x: x >= 0, "is negative"),
    "share": _number_rule(lambda x: 0 < x <= 1, "is not a share in (0, 1]"),
    "starts_at": _choice("office", "home"),
    "mode": _mode,
}
TEXT_KINDS = ("id", "text", "clock", "clock_end", "weekdays", "bool", "starts_at", "mode")


def why_not(kind: str, value: Any, comma: bool = False, required: bool = False) -> str | None:
    """Why ``value`` is not a cell of ``kind`` (None: it is fine; an empty optional cell is)."""
    if is_empty(value):
        return "the cell is empty (a value is required)" if required else None
    return KINDS[kind](value, comma)


@dataclass(frozen=True)
class Col:
    """A column of a table file: its name, kind (a key of :data:`KINDS`), whether the file must
    have it (its cells then must not be empty) and whether its values are unique."""

    name: str
    kind: str
    required: bool = False
    unique: bool = False


CLIENTS = (
    Col("client_id", "id", True, True),
    Col("location_id", "id", True),
    Col("care_level", "text"),
    Col("avoid_caregivers", "text"),
    Col("notes", "text"),
)
VISITS = (
    Col("visit_id", "id", True, True),
    Col("client_id", "id", True),
    Col("weekdays", "weekdays", True),
    Col("every_weeks", "whole1"),
    Col("week_offset", "whole0"),
    Col("earliest", "clock"),
    Col("latest", "clock_end"),
    Col("planned_start", "clock"),
    Col("tolerance_min", "whole0"),
    Col("granted_min", "positive", True),
    Col("double_staffed", "bool"),
    Col("second_min", "positive"),
    Col("skill", "text"),
    Col("planned_caregiver", "id"),
    Col("tasks", "text"),
)
CAREGIVERS = (
    Col("caregiver_id", "id", True),
    Col("weekdays", "weekdays", True),
    Col("every_weeks", "whole1"),
    Col("week_offset", "whole0"),
    Col("shift_start", "clock", True),
    Col("shift_end", "clock_end", True),
    Col("break_min", "nonneg"),
    Col("travel_mode", "mode", True),
    Col("skills", "text"),
    Col("contract_fte", "share"),
    Col("starts_at", "starts_at"),
    Col("home_location_id", "id"),
)
CONTINUITY = (Col("client_id", "id", True), Col("caregiver_id", "id", True), Col("visits", "whole0", True))
LONG_MATRIX = (Col("from_id", "id", True), Col("to_id", "id", True), Col("time", "nonneg", True))


def square_matrix(columns: Iterable[str]) -> tuple[Col, ...]:
    """The columns of a square matrix file: ``location_id`` then one time column per location."""
    return (
        Col("location_id", "id", True, True),
        *(Col(c, "nonneg", True) for c in columns if c != "location_id"),
    )


def _cell_check(col: Col, comma: bool) -> pa.Check:
    def ok(series: pd.Series) -> pd.Series:
        return series.map(lambda v: why_not(col.kind, v, comma, col.required) is None).astype(bool)

    return pa.Check(ok, name=col.name, ignore_na=False)


def _unique_check(name: str) -> pa.Check:
    def ok(df: pd.DataFrame) -> pd.Series:
        if name not in df:
            return pd.Series(True, index=df.index)
        return ~df[name].duplicated(keep="first") | df[name].isna()

    return pa.Check(ok, name=f"unique:{name}")


def schema(cols: tuple[Col, ...], comma: bool = False) -> pa.DataFrameSchema:
    """The pandera schema of a table file (cells as read: text, or numbers pandas parsed)."""
    return pa.DataFrameSchema(
        {c.name: pa.Column(None, checks=_cell_check(c, comma), nullable=True, required=c.required) for c in cols},
        checks=[_unique_check(c.name) for c in cols if c.unique],
        strict=True,
    )


def column_problems(
    file: str, df: pd.DataFrame, cols: tuple[Col, ...], lines: list[int], comma: bool = False
) -> tuple[list[Problem], set[int]]:
    """The problems of a table's columns and cells, and the positions of the rows that have one.

    ``df`` has a RangeIndex (pandera reports positions); ``lines`` gives each row's line."""
    try:
        schema(cols, comma).validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return [], set()
    by_name = {c.name: c for c in cols}
    problems: list[Problem] = []
    bad: set[int] = set()
    seen: set[tuple[str, int]] = set()
    for case in cases.itertuples(index=False):
        check, value = str(case.check), case.failure_case
        pos = None if is_empty(case.index) else int(case.index)
        line = None if pos is None else lines[pos]
        if check == "column_in_schema":
            problems.append(Problem(file, None, str(value), _unknown_column(str(value), by_name)))
        elif check == "column_in_dataframe":
            problems.append(Problem(file, None, str(value), "the required column is missing"))
        elif check.startswith("unique:") and pos is not None:
            name = check.split(":", 1)[1]
            if (name, pos) in seen:
                continue  # a frame-wide check reports the row once per column
            seen.add((name, pos))
            first = lines[int(np.flatnonzero(df[name].to_numpy() == df[name].iloc[pos])[0])]
            msg = f"duplicate {name} {show(df[name].iloc[pos])} (first on line {first})"
            problems.append(Problem(file, line, name, msg))
            bad.add(pos)
        elif check in by_name and pos is not None:
            c = by_name[check]
            reason = why_not(c.kind, df[c.name].iloc[pos], comma, c.required) or f"{show(value)} is not valid"
            problems.append(Problem(file, line, c.name, reason))
            bad.add(pos)
        else:  # not expected: say what pandera said, in one line
            problems.append(Problem(file, line, None, f"{check}: {show(value)}"))
    return problems, bad


def _unknown_column(name: str, known: dict[str, Col]) -> str:
    if name.lower() in known:
        return f"unknown column {name!r} (column names are lower case: {name.lower()!r})"
    return f"unknown column {name!r} (the columns are {', '.join(known)})"


UNIT_KEYS = ("name", "office", "start_date", "travel_unit")


def yaml_problems(data: Any) -> tuple[dict[str, str | None], list[Problem]]:
    """The values of unit.yaml (read with every scalar as text) and its problems."""
    file = "unit.yaml"
    if not isinstance(data, dict):
        return {}, [Problem(file, None, None, "must be a mapping of name, office, start_date, travel_unit")]
    problems = [
        Problem(file, None, str(k), f"unknown key {str(k)!r} (the keys are {', '.join(UNIT_KEYS)})")
        for k in data
        if k not in UNIT_KEYS
    ]
    meta: dict[str, str | None] = {}
    for key in UNIT_KEYS:
        value = data.get(key)
        text = None if not isinstance(value, str) or value.strip() in ("", "~", "null") else value.strip()
        if value is not None and not isinstance(value, str):
            problems.append(Problem(file, None, key, "must be a single value"))
        elif text is None and key != "start_date":
            problems.append(Problem(file, None, key, "is missing (required)"))
        meta[key] = text
    unit = meta.get("travel_unit")
    if unit is not None and unit not in ("minutes", "seconds"):
        problems.append(Problem(file, None, "travel_unit", f"{unit!r} is not one of minutes, seconds"))
    start = meta.get("start_date")
    if start is not None:
        try:
            ok = re.fullmatch(r"\d{4}-\d{2}-\d{2}", start) is not None and bool(pd.Timestamp(start))
        except ValueError:
            ok = False
        if not ok:
            problems.append(Problem(file, None, "start_date", f"{start!r} is not a date YYYY-MM-DD"))
    return meta, problems
