"""One small classroom run shared by the plot, teaching and report tests (simulated once per
session), and helpers to write it as a finished run folder."""

from __future__ import annotations

import functools
from pathlib import Path

from omegaconf import OmegaConf

import sim
from sim.config import load_config
from sim.config.schema import RunConfig
from sim.io import write_results

# The classroom district with two trust teams (so teammates hand visits over), 14 measured
# days (one whole continuity window) after 7 warm-up days, 2 replications: about 2 s.
CLASSROOM = [
    "scenario=classroom",
    "replications=2",
    "horizon_days=14",
    "warmup_days=7",
    "models.trust.organisation.team_size=5",
    "seed=11",
]


@functools.cache
def classroom() -> tuple[RunConfig, sim.Results]:
    """The checked config and the results of the classroom comparison."""
    cfg = sim.config(CLASSROOM)
    return cfg, sim.run(cfg=cfg, n_jobs=1)


def write_run_folder(run_dir: Path) -> Path:
    """Write the classroom run into ``run_dir`` as ``python -m sim`` would (tables, config, run_info)."""
    _, results = classroom()
    config_yaml = OmegaConf.to_yaml(load_config(CLASSROOM), resolve=True)
    write_results(run_dir, results, config_yaml, {"replications": 2, "overrides": CLASSROOM})
    return run_dir
