"""A finished run folder damaged after the run (issue 28 item 4): ``python -m sim.report`` and
``python -m sim.trace`` say which file is wrong in one line, exit 2, and never replace a good
report with one built from damaged tables."""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

TINY = ["scenario=classroom", "replications=1", "horizon_days=2", "warmup_days=1", "report.enabled=false"]


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("damaged") / "run"
    done = subprocess.run(
        [sys.executable, "-m", "sim", *TINY, f"hydra.run.dir={out}"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (out / "report.html").write_text("<html>the good report</html>")
    return out


def _append(name: str, text: bytes) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        with open(folder / name, "ab") as f:
            f.write(text)

    return damage


def _replace(name: str, data: bytes) -> Callable[[Path], None]:
    def damage(folder: Path) -> None:
        (folder / name).write_bytes(data)

    return damage


def _cut_rows(folder: Path) -> None:
    lines = (folder / "summary.csv").read_text().splitlines()
    (folder / "summary.csv").write_text("\n".join(lines[:5]) + "\n")  # still a good CSV, 4 rows


CHANGED = "is not what the run wrote"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DAMAGE = {
    "summary-cut": (_cut_rows, "summary.csv", CHANGED),
    "parquet-binary": (_replace("metrics.parquet", PNG), "metrics.parquet", CHANGED),
    "config-yaml": (_replace("config.yaml", b"scenario: [unclosed\n  : :"), "config.yaml", CHANGED),
    "run-info": (_replace("run_info.json", b"{not json"), "run_info.json", "is damaged"),
    "missing": (lambda f: (f / "costs.csv").unlink(), "costs.csv", "is missing"),
}  # fmt: skip


def _main(module: str, argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        if module == "report":
            from sim.report.__main__ import main
        else:
            from sim.trace import main  # type: ignore[assignment]
        code = main(argv)
    return code, err.getvalue()


@pytest.mark.parametrize("case", list(DAMAGE))
@pytest.mark.parametrize("command", ["report", "trace"])
def test_a_damaged_file_is_named_in_one_line_and_the_report_kept(
    finished: Path, tmp_path: Path, case: str, command: str
) -> None:
    damage, name, said = DAMAGE[case]
    folder = tmp_path / "run"
    shutil.copytree(finished, folder)
    damage(folder)
    argv = [str(folder)] if command == "report" else [str(folder), "--day", "1"]
    code, err = _main(command, argv)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1, err
    assert lines[0].startswith("error: ") and name in lines[0] and said in lines[0], lines[0]
    assert (folder / "report.html").read_text() == "<html>the good report</html>"


def test_a_config_yaml_damaged_in_a_folder_without_checksums_is_named(finished: Path, tmp_path: Path) -> None:
    from sim.report.__main__ import load_run_config

    folder = tmp_path / "old"
    shutil.copytree(finished, folder)
    (folder / "config.yaml").write_bytes(b"scenario: [unclosed\n  : :")
    with pytest.raises(ValueError, match=r"config.yaml is damaged: not the YAML config a run writes"):
        load_run_config(folder)


def test_an_undamaged_folder_still_rebuilds(finished: Path, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    shutil.copytree(finished, folder)
    code, err = _main("report", [str(folder)])
    assert code == 0, err
    assert "the good report" not in (folder / "report.html").read_text()
