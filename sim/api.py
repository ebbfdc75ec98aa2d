"""The Python API for notebooks: run a scenario and get the tables back, nothing written.

>>> from sim import api
>>> res = api.run(["replications=3", "horizon_days=14"])   # doctest: +SKIP
>>> res.summary.head()                                        # doctest: +SKIP
"""

from __future__ import annotations

from omegaconf import DictConfig

from sim.config import RunConfig, checked_config, load_config, to_run_config
from sim.experiment import Results, multiple_replications, run_replication


def config(overrides: list[str] | None = None) -> RunConfig:
    """The checked run config for ``overrides`` (Hydra syntax, as on the command line).

    Raises :class:`sim.config.ConfigError` naming the key for any bad input.
    """
    return checked_config(overrides)


def run(
    overrides: list[str] | None = None,
    *,
    cfg: RunConfig | DictConfig | None = None,
    n_jobs: int | None = None,
    keep_events: bool = True,
) -> Results:
    """Run a side-by-side comparison and return its tables as DataFrames (no files written).

    Give either Hydra-style ``overrides`` of the default config or a ready ``cfg``.
    """
    if cfg is None:
        run_cfg = config(overrides)
    elif isinstance(cfg, RunConfig):
        run_cfg = cfg
    else:
        run_cfg = to_run_config(cfg)
    return multiple_replications(run_cfg, n_jobs=n_jobs, keep_events=keep_events)


__all__ = ["Results", "config", "load_config", "run", "run_replication"]
