"""Whether the run's headline differences survive the uncertainty in its assumptions: the
robustness table of a finished sensitivity analysis (``report.sensitivity``), quoted beside
the findings of a run report."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import yaml

from sim.config.fields import ConfigError
from sim.config.schema import RunConfig
from sim.lang import fmt_num, metric_label, tr

TABLE = "sensitivity_robustness.csv"


def share_text(x: float, lang: str) -> str:
    """A share in per cent that says 100 only when it is 100 (99.7 is not all)."""
    pct = 100 * x
    return fmt_num(math.floor(pct * 10) / 10, lang, 1) if 99.5 <= pct < 100 else fmt_num(pct, lang, 0)


def check_folder(folder: str | None) -> None:
    """:class:`ConfigError` when ``report.sensitivity`` names no finished sensitivity analysis."""
    if folder is None:
        return
    if not (Path(folder) / TABLE).is_file():
        raise ConfigError(
            "report.sensitivity",
            f"{folder} holds no {TABLE}; give the folder of a finished python -m sim -m "
            "+experiment=sensitivity (its hydra.sweep.dir), or null",
        )


def _scenario_of(folder: Path) -> str | None:
    try:
        cfg = yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))
        return str(cfg["scenario"]["name"])
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return None


def robustness_lines(run: RunConfig, metrics: list[str], names: dict[str, str], lang: str) -> list[str]:
    """One line per headline metric the analysis covered, saying whether its difference keeps
    its sign over the assumption ranges; or one line saying none was run."""
    folder = run.report.sensitivity
    if folder is None:
        return [tr(lang, "sa.run.none")]
    path = Path(folder)
    try:
        rob = pd.read_csv(path / TABLE)
    except (OSError, ValueError):
        return [tr(lang, "sa.run.unreadable", folder=folder)]
    out = []
    scenario = _scenario_of(path)
    if scenario is not None and scenario != run.scenario.name:
        out.append(tr(lang, "sa.run.other_scenario", scenario=scenario, this=run.scenario.name))
    rows = {str(r["output"]): r for r in rob.to_dict("records")}
    for m in metrics:
        r = rows.get(m)
        if r is None:
            continue
        share = max(float(r["share_positive"]), float(r["share_negative"]))
        sign = "higher" if float(r["share_positive"]) >= float(r["share_negative"]) else "lower"
        key = "robust" if bool(r["robust"]) else "mixed"
        out.append(
            tr(
                lang,
                f"sa.run.{key}",
                metric=metric_label(m, lang),
                b=names["b"],
                a=names["a"],
                word=tr(lang, f"sa.word.{sign}"),
                share=share_text(share, lang),
                n=int(r["n"]),
            )
        )
    return out
