"""The rules a unit's files must keep (docs/data-format.md), each problem one line naming the
file, the line and the column.

Column rules (required and allowed columns, formats, allowed values, unique ids) are pandera
schemas over the tables as text, so that a bad cell is reported as written; the rules across
files (unknown ids, visits outside every shift, skills nobody holds, missing matrix pairs,
implausible travel units) are plain code over the parsed tables.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from sim.data.text import csv_line

CLOCK = r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$"
DAY_NAMES = {
    **{n: i for i, n in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{n: i for i, n in enumerate(("mån", "tis", "ons", "tor", "fre", "lör", "sön"))},
    **{str(i + 1): i for i in range(7)},
}
TRUE, FALSE = {"true", "ja", "yes", "1", "1.0"}, {"false", "nej", "no", "0", "0.0", ""}
MODES = ("walk", "bike", "car")


@dataclass(frozen=True)
class Problem:
    """One broken rule (``lines``: further CSV lines with the very same problem)."""

    file: str
    line: int | None  # the CSV line (the header is line 1)
    column: str | None
    message: str
    lines: tuple[int, ...] = ()

    def __str__(self) -> str:
        if self.lines:
            every = [self.line or 0, *self.lines]
            shown = ", ".join(str(n) for n in every[:6]) + (" …" if len(every) > 6 else "")
            where = f"{self.file} lines {shown} ({len(every)} rows)"
        else:
            where = self.file + (f" line {self.line}" if self.line is not None else "")
        where += f", column {self.column}" if self.column else ""
        return f"{where}: {self.message}"


def grouped(problems: list[Problem]) -> list[Problem]:
    """One problem per (file, column, message): a wrong id used on many lines is one mistake."""
    first: dict[tuple[str, str | None, str], Problem] = {}
    more: dict[tuple[str, str | None, str], list[int]] = {}
    for p in problems:
        key = (p.file, p.column, p.message)
        if key not in first:
            first[key] = p
        elif p.line is not None:
            more.setdefault(key, []).append(p.line)
    return [
        dataclasses.replace(p, lines=tuple(more.get(k, ()))) if k in more else p for k, p in first.items()
    ]


def closest(word: str, known: Iterable[object]) -> str | None:
    """The known name closest to ``word``, if any is close."""
    close = difflib.get_close_matches(str(word), [str(k) for k in known], n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, known: Iterable[object]) -> str:
    """ "; did you mean 'x'?" for a close known name ('' when none is close)."""
    close = closest(word, known)
    return f"; did you mean {close!r}?" if close else ""


class DataError(ValueError):
    """A unit's files break rules; the message lists them (a short list)."""

    def __init__(self, folder: str, problems: list[Problem]) -> None:
        problems = grouped(problems)
        self.problems = problems
        shown = [f"  - {p}" for p in problems[:10]]
        if len(problems) > 10:
            shown.append(f"  … and {len(problems) - 10} more")
        n = len(problems)
        super().__init__(f"{n} problem{'s' if n > 1 else ''} in {folder}:\n" + "\n".join(shown))


def weekdays(text: str) -> str | None:
    """``Mon|Wed``, ``mån|ons``, ``1|3``, ``daily`` or ``weekdays`` as weekday digits 0-6 (None: not
    a weekday pattern)."""
    t = str(text).strip().lower()
    if t in ("daily", "alla", "all"):
        return "0123456"
    if t in ("weekdays", "vardagar"):
        return "01234"
    parts = [p.strip() for p in t.split("|") if p.strip()]
    if not parts or any(p not in DAY_NAMES for p in parts):
        return None
    return "".join(str(d) for d in sorted({DAY_NAMES[p] for p in parts}))


def _number(x: str) -> float:
    try:
        return float(str(x).replace(",", "."))
    except ValueError:
        return math.nan


Rule = tuple  # (function of a text column -> bool Series, message)


def _finite(min_value: float = 0.0, strict: bool = False) -> Rule:
    sign = ">" if strict else ">="

    def ok(s: pd.Series) -> pd.Series:
        v = s.map(_number)
        return v.map(math.isfinite) & ((v > min_value) if strict else (v >= min_value))

    return ok, f"is not a finite number {sign} {min_value:g}"


def _col(*rules: Rule, required: bool = True, empty_ok: bool = False) -> pa.Column:
    checks = []
    if not empty_ok:
        checks.append(pa.Check(lambda s: s.astype(str).str.strip() != "", error="must not be empty"))
    for fn, msg in rules:

        def test(s: pd.Series, fn=fn) -> pd.Series:  # type: ignore[no-untyped-def]
            blank = s.astype(str).str.strip() == ""
            return (blank | fn(s)) if empty_ok else (~blank & fn(s)) | blank

        checks.append(pa.Check(test, error=msg))
    return pa.Column(str, checks, required=required)


def _clock() -> Rule:
    return (lambda s: s.astype(str).str.match(CLOCK)), "is not a time HH:MM (00:00-24:00)"


def _days() -> Rule:
    return (
        lambda s: s.map(lambda x: weekdays(x) is not None),
        "is not days such as Mon|Wed|Fri, mån|ons|fre, 1|3|5, daily or weekdays",
    )


def dates(text: str) -> list[str] | None:
    """``2026-01-07|2026-01-14`` as ISO dates, sorted (None: not such a list)."""
    parts = [p.strip() for p in str(text).split("|") if p.strip()]
    try:
        return sorted({str(pd.Timestamp(p).date()) for p in parts if len(p) == 10}) if parts else None
    except ValueError:
        return None


def _dates() -> Rule:
    return (
        lambda s: s.map(lambda x: (d := dates(x)) is not None and len(d) == len(str(x).split("|"))),
        "is not dates such as 2026-01-07|2026-01-14 (YYYY-MM-DD, separated by |)",
    )


def _bool() -> Rule:
    return (lambda s: s.astype(str).str.lower().isin(TRUE | FALSE)), "is not true/false (ja/nej, 1/0)"


def _int_in(low: int, high: int) -> Rule:
    def ok(s: pd.Series) -> pd.Series:
        v = s.map(_number)
        return (v == v.round()) & (v >= low) & (v <= high)

    return ok, f"is not a whole number {low} to {high}"


def _latitude() -> Rule:
    return (lambda s: s.map(_number).between(-90, 90)), "is not a latitude in degrees (-90 to 90)"


def _longitude() -> Rule:
    return (lambda s: s.map(_number).between(-180, 180)), "is not a longitude in degrees (-180 to 180)"


def _one_of(*values: str) -> Rule:
    return (lambda s: s.isin(list(values))), f"is not one of {', '.join(values)}"


# how a row of visits or caregivers recurs: by weekdays (every n-th week) or on dates
RECURRENCE = {
    "weekdays": _col(_days(), required=False, empty_ok=True),
    "dates": _col(_dates(), required=False, empty_ok=True),
    "every_weeks": _col(_int_in(1, 4), required=False, empty_ok=True),
    "week_offset": _col(_int_in(0, 3), required=False, empty_ok=True),
}

SCHEMAS = {
    "clients": pa.DataFrameSchema(
        {
            "client_id": _col(),
            "location_id": _col(),
            "care_level": _col(required=False, empty_ok=True),
            "avoid_caregivers": _col(required=False, empty_ok=True),
            "notes": _col(required=False, empty_ok=True),
        },
        strict=True,
        unique=["client_id"],
    ),
    "visits": pa.DataFrameSchema(
        {
            "visit_id": _col(),
            "client_id": _col(),
            **RECURRENCE,
            "earliest": _col(_clock(), required=False, empty_ok=True),
            "latest": _col(_clock(), required=False, empty_ok=True),
            "planned_start": _col(_clock(), required=False, empty_ok=True),
            "tolerance_min": _col(_finite(), required=False, empty_ok=True),
            "granted_min": _col(_finite(0, strict=True)),
            "double_staffed": _col(_bool(), required=False, empty_ok=True),
            "second_min": _col(_finite(0, strict=True), required=False, empty_ok=True),
            "second_offset_min": _col(_finite(), required=False, empty_ok=True),
            "skill": _col(required=False, empty_ok=True),
            "planned_caregiver": _col(required=False, empty_ok=True),
            "second_caregiver": _col(required=False, empty_ok=True),
            "follows": _col(required=False, empty_ok=True),
            "follows_min_gap": _col(_finite(), required=False, empty_ok=True),
            "follows_max_gap": _col(_finite(), required=False, empty_ok=True),
            "tasks": _col(required=False, empty_ok=True),
        },
        strict=True,
        unique=["visit_id"],
    ),
    "caregivers": pa.DataFrameSchema(
        {
            "caregiver_id": _col(),
            **RECURRENCE,
            "shift_start": _col(_clock()),
            "shift_end": _col(_clock()),
            "break_min": _col(_finite(), required=False, empty_ok=True),
            "break_start": _col(_clock(), required=False, empty_ok=True),
            "break_earliest": _col(_clock(), required=False, empty_ok=True),
            "break_latest": _col(_clock(), required=False, empty_ok=True),
            "travel_mode": _col(),
            "skills": _col(required=False, empty_ok=True),
            "contract_fte": _col(_finite(0, strict=True), required=False, empty_ok=True),
            "starts_at": _col(_one_of("office", "home"), required=False, empty_ok=True),
            "home_location_id": _col(required=False, empty_ok=True),
            "home_lat": _col(_latitude(), required=False, empty_ok=True),
            "home_lon": _col(_longitude(), required=False, empty_ok=True),
        },
        strict=True,
        unique=["caregiver_id", "weekdays", "dates", "shift_start"],
    ),
    "continuity": pa.DataFrameSchema(
        {
            "client_id": _col(),
            "caregiver_id": _col(),
            "visits": _col(_finite(), required=False, empty_ok=True),
        },
        strict=True,
        unique=["client_id", "caregiver_id"],
    ),
    "locations": pa.DataFrameSchema(
        {"location_id": _col(), "lat": _col(_latitude()), "lon": _col(_longitude())},
        strict=True,
        unique=["location_id"],
    ),
}


DATE_SPAN_WEEKS = 13  # a dated export runs as its days: up to a quarter


def pattern_problems(file: str, df: pd.DataFrame) -> list[Problem]:
    """Each row of visits or caregivers recurs by weekdays or falls on dates, not both; dated rows
    take no every_weeks or week_offset."""
    out = []
    for i, r in df.reindex(
        columns=["weekdays", "dates", "every_weeks", "week_offset"], fill_value=""
    ).iterrows():
        has_days, has_dates = bool(str(r["weekdays"]).strip()), bool(str(r["dates"]).strip())
        line = csv_line(i)
        if has_days == has_dates:
            said = "not both" if has_days else "one of them is required"
            out.append(Problem(file, line, "weekdays", f"give weekdays or dates, {said}"))
        elif has_dates and (str(r["every_weeks"]).strip() or str(r["week_offset"]).strip()):
            out.append(
                Problem(file, line, "every_weeks", "every_weeks and week_offset are for weekdays, not dates")
            )
    return out


def span_problems(files: dict[str, pd.Series]) -> list[Problem]:
    """The dates of all files lie within DATE_SPAN_WEEKS calendar weeks (file -> its dates column)."""
    every = [d for col in files.values() for text in col for d in (dates(text) or [])]
    if not every:
        return []
    mondays = sorted(pd.Timestamp(d) - pd.Timedelta(days=pd.Timestamp(d).weekday()) for d in every)
    weeks = (mondays[-1] - mondays[0]).days // 7 + 1
    if weeks <= DATE_SPAN_WEEKS:
        return []
    return [
        Problem(
            ", ".join(sorted(files)),
            None,
            "dates",
            f"span {weeks} calendar weeks; at most {DATE_SPAN_WEEKS} (a quarter): split the export, "
            "or give the recurring visits by weekdays",
        )
    ]


def column_problems(name: str, file: str, df: pd.DataFrame) -> list[Problem]:
    """The column rules of table ``name`` (read as text) as problems of ``file``."""
    try:
        SCHEMAS[name].validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out = []
        renamed: set[str] = set()  # required columns an unknown column was probably meant as
        for r in exc.failure_cases.to_dict("records"):
            check, col, idx = str(r["check"]), r["column"], r["index"]
            line = None if idx is None or (isinstance(idx, float) and math.isnan(idx)) else int(idx) + 2
            if check == "column_in_schema":
                allowed = ", ".join(SCHEMAS[name].columns)
                meant = closest(str(r["failure_case"]), SCHEMAS[name].columns)
                renamed.update([meant] if meant else [])
                said = (
                    f"unknown column; did you mean {meant!r}?"
                    if meant
                    else f"unknown column; allowed: {allowed}"
                )
                out.append(Problem(file, None, str(r["failure_case"]), said))
            elif check == "column_in_dataframe":
                out.append(Problem(file, None, str(r["failure_case"]), "required column missing"))
            elif check == "multiple_fields_uniqueness":
                out.append(Problem(file, line, str(col), f"duplicate {r['failure_case']!r}"))
            else:
                out.append(
                    Problem(file, line, None if col is None else str(col), f"{r['failure_case']!r} {check}")
                )
        # a renamed required column is one mistake: its "unknown column; did you mean" says it
        out = [p for p in out if not (p.message == "required column missing" and p.column in renamed)]
        return sorted(set(out), key=lambda p: (p.line or 0, p.column or "", p.message))
    return []
