"""A travel-matrix file with a problem (issue 14) stops the run before anything runs, with one
line per problem naming the key, the file and, where there is one, the line and column — from
the Python API and the command line alike, with nothing written. A Swedish export (``;`` and
decimal commas) and a square layout are read, not refused."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import sim
from sim.config import ConfigError

D = "scenario.districts.kvarteret"
KEY = f"{D}.geography.travel_matrix_file"
IDS = ["office", "0", "1"]


def _long(path: Path, sep: str = ",", decimal: str = ".", extra: str = "") -> None:
    rows = [f"{a}{sep}{b}{sep}{('0' if a == b else '4.5').replace('.', decimal)}" for a in IDS for b in IDS]
    path.write_text("\n".join([f"from_id{sep}to_id{sep}minutes", *rows]) + "\n" + extra)


def _config(path: Path) -> list[str]:
    return ["scenario=classroom", f"{D}.n_clients=2", f"{KEY}={path}", "replications=1", "horizon_days=1"]


def _edit(replace: tuple[str, str]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        _long(path)
        path.write_text(path.read_text().replace(*replace, 1))

    return write


# (what is wrong, how the file is written, words the message must hold)
CASES = [
    ("missing", lambda p: None, "file not found"),
    ("empty", lambda p: p.write_text(""), "is empty"),
    (
        "text in a number column",
        _edit(("4.5", "fyra")),
        "line 3, column time: 'fyra' is not a finite time >= 0",
    ),
    ("inf", _edit(("4.5", "inf")), "is not a finite time >= 0"),
    ("negative", _edit(("4.5", "-2")), "is not a finite time >= 0"),
    ("another layout", lambda p: p.write_text("a,b,c\n1,2,3\n"), "must be long (from_id, to_id, time)"),
    ("a duplicate pair", lambda p: _long(p, extra="office,0,3\n"), "duplicate pair office -> 0"),
    ("a pair missing", _edit(("1,0,4.5\n", "")), "no time from 1 to 0"),
    ("seconds", lambda p: p.write_text(p.read_text() if p.exists() else ""), "is empty"),
]
CASES[-1] = (
    "seconds",
    lambda p: _long(p) or p.write_text(p.read_text().replace("4.5", "600")),
    "median trip 600 min: looks like seconds",
)


@pytest.mark.parametrize(("what", "write", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_matrix_file_is_one_clear_error_from_the_api(
    tmp_path: Path, what: str, write: Callable[[Path], None], words: str
):
    path = tmp_path / "matrix.csv"
    write(path)
    with pytest.raises(ConfigError) as err:
        sim.config(_config(path))
    text = str(err.value)
    assert text.startswith(KEY) and words in text, text
    for jargon in ("Traceback", "Error(", "pandas", "dtype", "KeyError"):
        assert jargon not in text


@pytest.mark.parametrize("layout", ["swedish", "square"])
def test_a_swedish_export_and_a_square_matrix_are_read(tmp_path: Path, layout: str):
    path = tmp_path / "matrix.csv"
    if layout == "swedish":
        _long(path, sep=";", decimal=",")
    else:
        path.write_text("location_id,office,0,1\noffice,0,4.5,4.5\n0,4.5,0,4.5\n1,4.5,4.5,0\n")
    run = sim.config(_config(path))
    from sim.world.build import build_world

    geo = build_world(run, 0).districts[0].geography
    np.testing.assert_allclose(geo.base_min[0], np.where(np.eye(3, dtype=bool), 0.0, 4.5))


def test_a_bad_matrix_file_from_the_command_line_writes_nothing(tmp_path: Path):
    path = tmp_path / "matrix.csv"
    _edit(("4.5", "fyra"))(path)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "sim", *_config(path), f"hydra.run.dir={out}"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr[-1500:]
    assert f"{KEY}: 1 problem in {path}" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists() or not any(out.iterdir())
