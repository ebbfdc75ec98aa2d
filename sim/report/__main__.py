"""``python -m sim.report <run_or_sweep_dir> [--lang sv]``: (re)build report.html from a finished folder.

A run folder holds ``run_info.json`` and ``config.yaml`` (the resolved config); a sweep
folder holds ``sweep_summary.csv``, ``sweep_metrics.parquet`` and ``sweep_plan.json``; a
sensitivity analysis ``sensitivity_*.csv``; an equal-budget run ``equal_budget_*.csv``.
Without ``--lang`` a run uses its config's ``report.lang``, a sweep that of its first point.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from omegaconf import DictConfig, OmegaConf

from sim.config import ConfigError, to_run_config
from sim.config.schema import RunConfig
from sim.io import DONE_MARKER, read_results, read_table, verify_folder
from sim.lang import LANGS
from sim.report.run_report import write_run_report
from sim.report.sweep_report import first_point_config, write_sweep_report


def load_run_config(run_dir: Path) -> RunConfig:
    """The RunConfig of a finished run folder (from its resolved ``config.yaml``)."""
    path = run_dir / "config.yaml"
    try:
        loaded = OmegaConf.load(path)
    except Exception as exc:  # YAML syntax, a binary file: the reader's own exception types
        raise ValueError(
            f"{path} is damaged: not the YAML config a run writes ({type(exc).__name__})"
        ) from None
    if not isinstance(loaded, DictConfig):
        raise ValueError(f"{path} is not the config a run writes (not a mapping of keys)")
    try:
        return to_run_config(loaded)
    except ConfigError as exc:
        raise ValueError(f"{path} is not a config this version can read: {exc}") from None


def build(folder: Path, lang: str | None = None) -> Path:
    """Rebuild the report of a run or sweep folder; returns the path of report.html."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"no such folder: {folder}")
    if (folder / "sweep_summary.csv").exists():
        plan = folder / "sweep_plan.json"
        keys = list(json.loads(plan.read_text())["swept"]) if plan.exists() else []
        if not lang:
            first = first_point_config(folder)
            lang = first.report.lang if first else "en"
        summary = read_table(folder / "sweep_summary.csv")
        metrics = read_table(folder / "sweep_metrics.parquet")
        return write_sweep_report(folder, summary, metrics, keys, lang)
    if (folder / DONE_MARKER).exists():
        verify_folder(folder)  # before anything: a damaged table never replaces a good report
    if (folder / "sensitivity_morris.csv").exists() and (folder / "config.yaml").exists():
        from sim.report.sensitivity_report import read_tables, write_sensitivity_report

        return write_sensitivity_report(folder, read_tables(folder), load_run_config(folder), lang)
    if (folder / "equal_budget_evaluations.csv").exists() and (folder / "config.yaml").exists():
        from sim.equal_budget import read_equal_budget
        from sim.report.equal_budget_report import write_equal_budget_report

        return write_equal_budget_report(folder, read_equal_budget(folder), load_run_config(folder), lang)
    if (folder / DONE_MARKER).exists() and (folder / "config.yaml").exists():
        run = load_run_config(folder)
        return write_run_report(folder, read_results(folder, verified=True), run, lang)
    raise FileNotFoundError(
        f"{folder} is neither a finished run ({DONE_MARKER} and config.yaml) nor a sweep (sweep_summary.csv)"
    )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m sim.report", description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path, help="a finished run folder or sweep folder")
    ap.add_argument(
        "--lang", choices=sorted(LANGS), default=None, help="report language (default: the config's)"
    )
    args = ap.parse_args(argv)
    try:
        out = build(args.folder, args.lang)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
