"""Writing results: atomically, with provenance, and never half-written.

All files of a run are first written into a hidden staging folder beside their
destination and then moved into place one by one with ``os.replace`` (atomic on
POSIX); ``run_info.json`` is moved last and marks the run as complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import pandas as pd

from sim import spool
from sim.experiment import EVENT_TABLES, Results

DONE_MARKER = "run_info.json"


def package_version() -> str:
    """Installed version of this package."""
    try:
        return metadata.version("hemtjanst-sim")
    except metadata.PackageNotFoundError:
        return "unknown"


def git_commit() -> str:
    """Commit of the source tree (with '+dirty' when it has uncommitted changes), or 'unknown'."""
    here = Path(__file__).resolve().parent
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        return sha + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def write_atomic(path: Path, writer: Callable[[Path], None]) -> None:
    """Write one file through a temporary name in the same folder, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        writer(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_tables(
    out_dir: Path,
    tables: dict[str, pd.DataFrame],
    config_yaml: str,
    extra_info: dict[str, object],
    keep: Path | None = None,
    more: Callable[[Path], list[str]] | None = None,
) -> list[Path]:
    """Write ``tables`` (by file name: ``.csv`` or ``.parquet``), the config and provenance
    into ``out_dir`` through a staging folder; ``more(stage)`` may write further files there
    and returns their names. Leftovers of a killed run are removed first (but not ``keep``).
    Returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in [*out_dir.glob(".partial-*"), *out_dir.glob(".spool-*")]:  # left by a killed run
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
    stage = Path(tempfile.mkdtemp(prefix=".partial-", dir=out_dir))
    try:
        for name, df in tables.items():
            if name.endswith(".csv"):
                df.to_csv(stage / name, index=False)
            else:
                df.to_parquet(stage / name, index=False)
        (stage / "config.yaml").write_text(config_yaml, encoding="utf-8")
        files = [*tables, *(more(stage) if more else []), "config.yaml"]
        info = {
            "package": "hemtjanst-sim",
            "version": package_version(),
            "git_commit": git_commit(),
            "finished_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "files": sorted([*files, DONE_MARKER]),
            # what each file held when written: a helper command reading the folder later knows
            # a damaged or edited table from a good one (verify_folder)
            "sha256": {name: file_digest(stage / name) for name in sorted(files)},
            **extra_info,
        }
        (stage / DONE_MARKER).write_text(json.dumps(info, indent=2), encoding="utf-8")
        written = []
        for name in [*files, DONE_MARKER]:
            os.replace(stage / name, out_dir / name)
            written.append(out_dir / name)
        return written
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def write_results(
    out_dir: Path,
    results: Results,
    config_yaml: str,
    extra_info: dict[str, object],
    write_events: bool = True,
) -> list[Path]:
    """Write a run's tables, config and provenance into ``out_dir``; return the files written."""
    tables: dict[str, pd.DataFrame] = {
        "summary.csv": results.summary,
        "comparison.csv": results.comparison,
        "metrics.parquet": results.metrics,
        "costs.csv": results.costs,
    }
    if not results.plan_audit.empty:
        tables["plan_audit.csv"] = results.plan_audit
    if not results.cost_bridge.empty:
        tables["cost_bridge.csv"] = results.cost_bridge
    streamed = []
    if write_events:
        for name in EVENT_TABLES:
            if name in results.events:
                tables[f"{name}.parquet"] = results.events[name]
            elif results.spool is not None and spool.parts(results.spool, name):
                streamed.append(name)

    root = results.spool

    def merge_streamed(stage: Path) -> list[str]:
        if root is None:
            return []
        for name in streamed:
            spool.merge(root, name, stage / f"{name}.parquet")
        return [f"{name}.parquet" for name in streamed]

    return write_tables(out_dir, tables, config_yaml, extra_info, keep=results.spool, more=merge_streamed)


def new_spool(out_dir: Path) -> Path:
    """A fresh hidden folder in ``out_dir`` to stream a run's event tables into (removed by
    the caller when the run is written; a killed run's is removed by the next write)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".spool-", dir=out_dir))


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify_folder(out_dir: Path) -> dict[str, object]:
    """The ``run_info.json`` of a finished folder, after checking that every file it lists is
    there and holds what the run wrote (folders written before checksums were kept: listed
    files present). Raises ``ValueError`` naming the file otherwise."""
    marker = out_dir / DONE_MARKER
    if not marker.exists():
        raise FileNotFoundError(f"{out_dir} holds no finished run ({DONE_MARKER} missing)")
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
        assert isinstance(info, dict)
    except (ValueError, UnicodeDecodeError, AssertionError):
        raise ValueError(f"{marker} is damaged (not the JSON a run writes); run the command again") from None
    for name in info.get("files", []):
        if name != DONE_MARKER and not (out_dir / name).is_file():
            raise ValueError(f"{out_dir / name} is missing from the finished run; run the command again")
    for name, digest in dict(info.get("sha256", {})).items():
        if file_digest(out_dir / name) != digest:
            raise ValueError(
                f"{out_dir / name} is not what the run wrote (changed or damaged since: its checksum "
                f"differs from {DONE_MARKER}); restore it or run the command again"
            )
    return info


def read_table(path: Path) -> pd.DataFrame:
    """One table of a results folder; a file that is no such table is a ``ValueError`` naming it."""
    try:
        return pd.read_csv(path) if path.suffix == ".csv" else pd.read_parquet(path)
    except Exception as exc:  # pandas' and pyarrow's own errors: many types, none worth a traceback
        what = "CSV table" if path.suffix == ".csv" else "Parquet table"
        raise ValueError(
            f"{path} is not a readable {what} ({type(exc).__name__}); restore it or run again"
        ) from None


def read_results(out_dir: Path, verified: bool = False) -> dict[str, pd.DataFrame]:
    """Read back the tables of a finished run folder, checked against its ``run_info.json``
    unless the caller has just done so (``verified``: each file is hashed once)."""
    if not verified:
        verify_folder(out_dir)
    out: dict[str, pd.DataFrame] = {}
    for p in sorted(out_dir.iterdir()):
        if p.suffix in (".csv", ".parquet"):
            out[p.stem] = read_table(p)
    return out
