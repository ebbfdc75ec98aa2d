"""The sensitivity experiment as a Hydra multirun: Morris screening, then Sobol indices.

``python -m sim -m +experiment=sensitivity`` selects the sensitivity sweeper
(``hydra_plugins/hemtjanst_sim/sensitivity_sweeper.py``), which calls :func:`run_sensitivity`
with the configured launcher — local cores (joblib) or SLURM (submitit), unchanged. Each
sampled parameter set is an ordinary run of the side-by-side comparison in its own
numbered folder, so a killed sweep resumes: finished points are kept, not redone. The
design is a pure function of the config (SALib's samplers are seeded), and so is the
screening, so a resumed sweep asks for the same points.

Stage 1 runs a Morris design over every factor; the factors that matter for any output go
on to stage 2, a Sobol (Saltelli) design with the others at their defaults. The outputs
are the paired differences (later model − first) of the headline metrics, the mean over a
point's replications, which share their random numbers with every other point.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config.reads import Reads, run_equals
from sim.config.schema import RunConfig
from sim.io import DONE_MARKER, write_atomic, write_tables
from sim.sensitivity.analysis import (
    Factor,
    morris_design,
    morris_indices,
    robustness,
    screen,
    sign_flips,
    sobol_design,
    sobol_indices,
)
from sim.sensitivity.factors import baseline, factors_for, point_overrides

# launch(job overrides, first job number): runs the jobs (or finds them done) and returns
Launch = Callable[[list[list[str]], int], Any]


# The config keys the sensitivity analysis reads (issue 25: sim/config/reads.py).
READS = Reads(
    "the sensitivity analysis (sim/sensitivity)",
    ("sensitivity.*",),
    run_equals("sensitivity.enabled", True),
)


@dataclass(frozen=True)
class Stage:
    """One design: its factors, its rows (one per point) and the job number of its first point."""

    name: str
    factors: tuple[Factor, ...]
    X: np.ndarray
    first_job: int

    @property
    def end(self) -> int:
        """One past the job number of its last point."""
        return self.first_job + len(self.X)

    def jobs(self, base: Sequence[str]) -> list[list[str]]:
        """Each point's overrides: the command line's, then its factor values."""
        return [[*base, *point_overrides(self.factors, row)] for row in self.X]


def morris_stage(run: RunConfig, factors: Sequence[Factor]) -> Stage:
    """Stage 1: the Morris design over every factor."""
    s = run.sensitivity
    return Stage(
        "morris", tuple(factors), morris_design(factors, s.morris_trajectories, s.morris_levels, s.seed), 0
    )


def sobol_stage(run: RunConfig, kept: Sequence[Factor], first_job: int) -> Stage:
    """Stage 2: the Sobol design over the factors Morris kept."""
    s = run.sensitivity
    return Stage("sobol", tuple(kept), sobol_design(kept, s.sobol_base, s.seed), first_job)


def point_outputs(point: Path, outputs: Sequence[str]) -> dict[str, float]:
    """Mean paired difference of each output in one finished point's ``comparison.csv``."""
    if not (point / DONE_MARKER).exists():
        raise RuntimeError(f"sensitivity point {point} did not finish; re-run the same command to resume")
    c = pd.read_csv(point / "comparison.csv").set_index("metric")["diff_mean"]
    return {m: float(c.get(m, np.nan)) for m in outputs}


def stage_outputs(sweep_dir: Path, stage: Stage, outputs: Sequence[str]) -> dict[str, np.ndarray]:
    """Each output over the stage's points, in design order."""
    rows = [point_outputs(sweep_dir / str(j), outputs) for j in range(stage.first_job, stage.end)]
    return {m: np.array([r[m] for r in rows]) for m in outputs}


def _write_plan(sweep_dir: Path, points: int, keys: list[str], started: float) -> None:
    plan = {"points": points, "swept": keys, "started": started, "kind": "sensitivity"}

    def write(path: Path) -> None:
        path.write_text(json.dumps(plan), encoding="utf-8")

    write_atomic(sweep_dir / "sweep_plan.json", write)


def points_table(
    stages: Sequence[tuple[Stage, dict[str, np.ndarray]]], factors: Sequence[Factor]
) -> pd.DataFrame:
    """One row per point: stage, job, every factor's value (baseline where not varied), outputs."""
    frames = []
    for stage, Y in stages:
        df = pd.DataFrame({"stage": stage.name, "job": np.arange(stage.first_job, stage.end)})
        varied = {f.key: stage.X[:, i] for i, f in enumerate(stage.factors)}
        for f in factors:
            df[f.key] = varied.get(f.key, np.nan)
        for m, y in Y.items():
            df[f"diff.{m}"] = y
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def analyse(
    run: RunConfig,
    factors: Sequence[Factor],
    morris: tuple[Stage, dict[str, np.ndarray]],
    sobol: tuple[Stage, dict[str, np.ndarray]] | None,
    morris_table: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """The tidy tables of the analysis (by file name); ``morris_table`` are the Morris indices
    the screening already computed."""
    s = run.sensitivity
    mstage, Ym = morris
    tables = {"sensitivity_morris.csv": morris_table}
    # sign changes: over the Sobol sample for the factors it varies (space-filling), over the
    # Morris sample for the rest
    flips = sign_flips(factors, mstage.X, Ym)
    all_y = {m: list(y) for m, y in Ym.items()}
    if sobol is not None:
        sstage, Ys = sobol
        tables["sensitivity_sobol.csv"] = sobol_indices(sstage.factors, Ys, s.seed, s.resamples)
        sf = sign_flips(sstage.factors, sstage.X, Ys)
        flips = pd.concat([flips[~flips["parameter"].isin(sf["parameter"])], sf], ignore_index=True)
        for m, y in Ys.items():
            all_y[m] += list(y)
    order = {f.key: i for i, f in enumerate(factors)}
    flips = flips.sort_values(
        ["output", "parameter"], key=lambda c: c.map(order) if c.name == "parameter" else c
    )
    tables["sensitivity_flips.csv"] = flips.reset_index(drop=True)
    tables["sensitivity_robustness.csv"] = robustness({m: np.array(v) for m, v in all_y.items()})
    base = baseline(run, factors)
    kept = set(sobol[0].factors) if sobol is not None else set()
    tables["sensitivity_factors.csv"] = pd.DataFrame(
        [
            {
                "parameter": f.key,
                "low": f.low,
                "high": f.high,
                "baseline": base[f.key],
                "integer": f.integer,
                "sobol": f in kept,
                "source": f.source,
            }
            for f in factors
        ]
    )
    stages = [morris] if sobol is None else [morris, sobol]
    tables["sensitivity_points.parquet"] = points_table(stages, factors)
    return tables


def run_sensitivity(
    run: RunConfig, sweep_dir: Path, base: Sequence[str], launch: Launch, config_yaml: str
) -> Path:
    """Run both stages through ``launch`` and write the analysis into ``sweep_dir``; returns
    the report's path (or the folder when the report is off)."""
    s = run.sensitivity
    factors = factors_for(run)
    started = time.time()
    sweep_dir.mkdir(parents=True, exist_ok=True)
    mstage = morris_stage(run, factors)
    _say(f"Sensitivity stage 1 (Morris): {len(mstage.X)} points over {len(factors)} factors into {sweep_dir}")
    _write_plan(sweep_dir, mstage.end, [f.key for f in factors], started)
    launch(mstage.jobs(base), mstage.first_job)
    Ym = stage_outputs(sweep_dir, mstage, s.outputs)
    for m in [m for m, y in Ym.items() if np.isnan(y).all()]:
        _say(f"warning: {m} is undefined at every point (e.g. a horizon too short for it); left out")
        del Ym[m]
    outputs = list(Ym)
    morris_table = morris_indices(factors, mstage.X, Ym, s.morris_levels, s.seed, s.resamples)
    sobol = None
    if s.sobol_factors > 0:
        keep = screen(morris_table, s.sobol_factors)
        kept = [next(f for f in factors if f.key == k) for k in keep]
        sstage = sobol_stage(run, kept, mstage.end)
        _say(f"Sensitivity stage 2 (Sobol): {len(sstage.X)} points over {', '.join(keep)}")
        _write_plan(sweep_dir, sstage.end, [f.key for f in factors], started)
        launch(sstage.jobs(base), sstage.first_job)
        sobol = (sstage, stage_outputs(sweep_dir, sstage, outputs))
    tables = analyse(run, factors, (mstage, Ym), sobol, morris_table)
    info = {
        "wall_time_s": round(time.time() - started, 1),
        "points": len(tables["sensitivity_points.parquet"]),
        "replications_per_point": run.replications,
        "factors": [f.key for f in factors],
        "outputs": outputs,
        "overrides": list(base),
    }
    write_tables(sweep_dir, tables, config_yaml, info)
    if not run.report.enabled:
        return sweep_dir
    from sim.report.sensitivity_report import write_sensitivity_report

    path = write_sensitivity_report(sweep_dir, tables, run)
    _say(f"Report: {path}")
    return path


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
