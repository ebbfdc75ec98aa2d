"""A unit's files (issue 13): every rule of docs/data-format.md stops the read with one line
naming the file, the line and the column, with no traceback or library jargon; the Swedish
CSV dialect, Parquet, long and square matrices and seconds read to the same unit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.config import ConfigError
from sim.data.checks import DataError
from sim.data.files import read_unit, write_unit

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "unit"


@pytest.fixture(scope="module")
def unit():  # type: ignore[no-untyped-def]
    return read_unit(EXAMPLE)


def _copy(tmp_path: Path) -> Path:
    out = tmp_path / "unit"
    shutil.copytree(EXAMPLE, out)
    return out


def _edit(folder: Path, name: str, line: int, column: str, value: str) -> None:
    path = folder / name
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[line - 2, column] = value
    df.to_csv(path, index=False)


def _equal(a, b) -> None:  # type: ignore[no-untyped-def]
    for name in ("clients", "visits", "shifts"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert sorted(a.travel) == sorted(b.travel)
    for mode in a.travel:
        pd.testing.assert_frame_equal(
            a.travel[mode], b.travel[mode].loc[a.travel[mode].index, a.travel[mode].columns]
        )


def test_the_example_reads_and_writes_back_the_same(unit, tmp_path: Path):  # type: ignore[no-untyped-def]
    for fmt in ("csv", "parquet"):
        write_unit(unit, tmp_path / fmt, fmt)
        _equal(unit, read_unit(tmp_path / fmt))


def test_the_swedish_dialect_reads_the_same(unit, tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = _copy(tmp_path)
    for p in folder.glob("*.csv"):
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
        if p.name == "visits.csv":
            sv = dict(
                zip(
                    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
                    ["mån", "tis", "ons", "tor", "fre", "lör", "sön"],
                    strict=True,
                )
            )
            df["weekdays"] = df["weekdays"].map(lambda t, sv=sv: "|".join(sv[d] for d in t.split("|")))
            df["double_staffed"] = df["double_staffed"].map({"true": "ja", "false": "nej"})
        df = df.map(lambda x: x.replace(".", ",") if x.replace(".", "").isdigit() else x)
        df.to_csv(p, sep=";", index=False)
    _equal(unit, read_unit(folder))


def test_long_matrices_in_seconds_read_the_same(unit, tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = _copy(tmp_path)
    for mode, sq in unit.travel.items():
        long = (
            sq.stack()
            .rename("time")
            .rename_axis(["from_id", "to_id"])
            .reset_index()
            .sample(frac=1, random_state=1)
        )
        long["time"] = long["time"] * 60
        (folder / f"travel_{mode}.csv").unlink()
        long.to_csv(folder / f"travel_{mode}.csv", index=False)
    (folder / "unit.yaml").write_text((folder / "unit.yaml").read_text().replace("minutes", "seconds"))
    got = read_unit(folder)
    for mode, sq in unit.travel.items():
        pd.testing.assert_frame_equal(
            sq, got.travel[mode].loc[sq.index, sq.columns], check_names=False, atol=1e-9
        )


# (file, line, column, new value, words of the message)
RULES = [
    ("visits.csv", 3, "client_id", "nobody", "unknown client 'nobody'"),
    ("visits.csv", 4, "latest", "25:00", "is not a time HH:MM"),
    ("visits.csv", 4, "latest", "06:00", "closes before it opens"),
    ("visits.csv", 5, "granted_min", "inf", "finite number > 0"),
    ("visits.csv", 5, "granted_min", "-5", "finite number > 0"),
    ("visits.csv", 5, "weekdays", "Someday", "is not days"),
    ("visits.csv", 6, "skill", "wound_care", "nobody holds 'wound_care'"),
    ("visits.csv", 6, "planned_caregiver", "cg-nobody", "unknown caregiver 'cg-nobody'"),
    ("visits.csv", 6, "double_staffed", "maybe", "is not true/false"),
    ("visits.csv", 7, "visit_id", "client-1-1", "duplicate"),
    ("visits.csv", 2, "second_min", "90", "exceeds granted_min"),
    ("clients.csv", 3, "client_id", "client-1", "duplicate"),
    ("clients.csv", 3, "location_id", "nowhere", "unknown location 'nowhere'"),
    ("clients.csv", 3, "avoid_caregivers", "cg-x", "unknown caregiver 'cg-x'"),
    ("caregivers.csv", 2, "travel_mode", "boat", "no travel_boat matrix"),
    ("caregivers.csv", 2, "shift_end", "06:00", "lasts 22.5 h"),
    ("caregivers.csv", 2, "contract_fte", "nan", "finite number > 0"),
    ("caregivers.csv", 2, "starts_at", "car", "is not one of office, home"),
    ("travel_car.csv", 3, "home-1", "-1", "is not a finite time >= 0"),
    ("travel_car.csv", 3, "home-2", "", "is not a finite time >= 0"),
    ("travel_car.csv", 3, "home-2", "fyra", "'fyra' is not a finite time >= 0"),
    ("clients.csv", 3, "client_id", "", "must not be empty"),
]


@pytest.mark.parametrize(("file", "line", "column", "value", "words"), RULES)
def test_every_rule_names_file_line_and_column(
    tmp_path: Path, file: str, line: int, column: str, value: str, words: str
):
    folder = _copy(tmp_path)
    _edit(folder, file, line, column, value)
    with pytest.raises(DataError) as err:
        read_unit(folder)
    text = str(err.value)
    assert words in text, text
    assert file.split(".")[0] in text
    for jargon in ("Traceback", "pandera", "SchemaError", "KeyError", "dtype"):
        assert jargon not in text


def test_a_double_staffed_visit_needs_two_on_duty(tmp_path: Path):
    folder = _copy(tmp_path)
    g = pd.read_csv(folder / "caregivers.csv", dtype=str, keep_default_na=False)
    g[g["shift_start"] == "07:30"].head(1).to_csv(folder / "caregivers.csv", index=False)
    v = pd.read_csv(folder / "visits.csv", dtype=str, keep_default_na=False)
    v = v[v["earliest"] < "12:00"].head(3).assign(double_staffed="true", skill="", planned_caregiver="")
    v.to_csv(folder / "visits.csv", index=False)
    with pytest.raises(DataError, match=r"is on duty in its window .*a double-staffed visit needs two"):
        read_unit(folder)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda f: (f / "visits.csv").unlink(), "visits.csv: file missing"),
        (lambda f: (f / "unit.yaml").write_text("name: x\n"), "unit.yaml, column office: required"),
        (
            lambda f: (f / "unit.yaml").write_text("name: x\noffice: office\ntravel_unit: hours\n"),
            "minutes or seconds",
        ),
        (lambda f: (f / "travel_car.csv").write_text("a,b\n1,2\n"), "must be long"),
        (
            lambda f: (f / "clients.csv").write_text(
                (f / "clients.csv").read_text().replace("care_level", "carelevel")
            ),
            "unknown column",
        ),
    ],
)
def test_file_level_rules(tmp_path: Path, change, words: str):  # type: ignore[no-untyped-def]
    folder = _copy(tmp_path)
    change(folder)
    with pytest.raises(DataError) as err:
        read_unit(folder)
    assert words in str(err.value)


def test_times_in_seconds_declared_as_minutes_are_caught(tmp_path: Path):
    folder = _copy(tmp_path)
    for p in folder.glob("travel_*.csv"):
        df = pd.read_csv(p).set_index("location_id") * 60
        df.reset_index().to_csv(p, index=False)
    with pytest.raises(DataError, match="looks like seconds"):
        read_unit(folder)


def test_many_problems_come_as_a_short_list(tmp_path: Path):
    folder = _copy(tmp_path)
    v = pd.read_csv(folder / "visits.csv", dtype=str, keep_default_na=False)
    v["latest"] = [f"99:{i % 60:02d}" for i in range(len(v))]  # a different mistake on every line
    v.to_csv(folder / "visits.csv", index=False)
    with pytest.raises(DataError) as err:
        read_unit(folder)
    text = str(err.value)
    assert text.splitlines()[0].startswith("60 problems in") and "… and 50 more" in text
    assert len(text.splitlines()) == 12
    # the same mistake on every line is one problem that counts its rows
    v["latest"] = "99:99"
    v.to_csv(folder / "visits.csv", index=False)
    with pytest.raises(DataError) as err:
        read_unit(folder)
    lines = str(err.value).splitlines()
    assert lines[0].startswith("1 problem in") and len(lines) == 2
    assert lines[1].startswith("  - visits.csv lines 2, 3, 4, 5, 6, 7 … (106 rows), column latest: '99:99'")


# ---- issue 28 item 5: one mistake is one problem, named as the user wrote it ----------------


def _example_copy(tmp_path: Path) -> Path:
    out = tmp_path / "unit"
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples" / "unit", out)
    return out


def _problems(folder: Path) -> list[str]:
    with pytest.raises(ConfigError) as err:
        sim.config([f"data.dir={folder}", "replications=1", "horizon_days=2", "warmup_days=0"])
    return [line.strip()[2:] for line in str(err.value).splitlines()[1:]]


def _replace_once(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text().replace(old, new, 1))


def test_a_renamed_client_is_one_problem_with_its_lines_and_the_likely_new_name(tmp_path: Path) -> None:
    unit = _example_copy(tmp_path)
    _replace_once(unit / "clients.csv", "client-1,", "klient-1,")
    (got,) = _problems(unit)
    assert got.startswith("visits.csv lines 2, 3, 4, 5, 6, 7 … (")
    assert got.endswith("column client_id: unknown client 'client-1'; did you mean 'klient-1'?")


def test_a_renamed_column_is_one_problem_that_names_the_column_meant(tmp_path: Path) -> None:
    unit = _example_copy(tmp_path)
    _replace_once(unit / "visits.csv", "granted_min", "granted_minutes")
    assert _problems(unit) == [
        "visits.csv, column granted_minutes: unknown column; did you mean 'granted_min'?"
    ]


def test_a_set_break_time_outside_the_window_on_its_line_is_refused(tmp_path: Path) -> None:
    unit = _example_copy(tmp_path)
    _replace_once(unit / "caregivers.csv", "30.0,,11:00,13:30", "30.0,15:00,11:00,13:30")
    (got,) = _problems(unit)
    assert got.startswith("caregivers.csv line 2, column break_start: the set break time 15:00 lies outside")
