"""The Python API for notebooks: run a scenario and get the tables back, nothing written.

>>> from sim import api
>>> res = api.run(["replications=3", "horizon_days=14"])   # doctest: +SKIP
>>> res.summary.head()                                        # doctest: +SKIP

Every bad input — a wrong key, type or value, a meaningless scenario, a unit's files — raises
one exception type, :class:`sim.config.fields.ConfigError` (a ``ValueError``; ``.key`` names the
key), with the message the command line prints; legal but surprising configs issue a
:class:`sim.config.ConfigWarning`. The rules are listed in docs/errors.md.
"""

from __future__ import annotations

import dataclasses
import sys
import warnings

from omegaconf import DictConfig

from sim.config import (
    ConfigError,
    ConfigWarning,
    RunConfig,
    checked_config,
    load_config,
    to_run_config,
    validate,
)
from sim.config.estimate import estimate_line
from sim.config.semantics import semantic_warnings
from sim.experiment import Results, multiple_replications, run_replication


def config(overrides: list[str] | None = None) -> RunConfig:
    """The checked run config for ``overrides`` (Hydra syntax, as on the command line).

    Raises :class:`sim.config.fields.ConfigError` naming the key for any bad input (several
    problems of one config: one line each) and issues :class:`sim.config.ConfigWarning` for
    what is legal but probably not meant; see docs/errors.md.
    """
    return checked_config(_override_list(overrides))


def _override_list(overrides: object) -> list[str] | None:
    # a single string would be read character by character
    if overrides is None:
        return None
    if isinstance(overrides, str) or not all(isinstance(o, str) for o in overrides):  # type: ignore[attr-defined]
        raise ConfigError(
            "overrides", f"must be a list of strings such as ['replications=3']; got {overrides!r}"
        )
    return list(overrides)  # type: ignore[call-overload]


def run(
    overrides: list[str] | None = None,
    *,
    cfg: RunConfig | DictConfig | None = None,
    n_jobs: int | None = None,
    keep_events: bool = True,
) -> Results:
    """Run a side-by-side comparison and return its tables as DataFrames (no files written).

    Give either Hydra-style ``overrides`` of the default config or a ready ``cfg``. Bad input
    raises :class:`sim.config.fields.ConfigError` before anything runs, with the message the
    command line prints (a ``cfg`` edited by hand is checked again); warnings are issued as
    :class:`sim.config.ConfigWarning`; a run estimated to take long prints its estimate to
    stderr. See docs/errors.md.
    """
    if cfg is None:
        run_cfg = config(overrides)
    else:
        if isinstance(cfg, RunConfig):
            validate(cfg)  # it may have been edited by hand since it was checked
            run_cfg = cfg
        else:
            run_cfg = to_run_config(cfg)
        for w in semantic_warnings(run_cfg):
            warnings.warn(w, ConfigWarning, stacklevel=2)
    if n_jobs is not None and (
        isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1
    ):
        raise ConfigError("n_jobs", f"must be -1 (all cores) or a number of processes >= 1; got {n_jobs!r}")
    line = estimate_line([run_cfg if n_jobs is None else dataclasses.replace(run_cfg, n_jobs=n_jobs)])
    if line:
        print(line, file=sys.stderr)
    return multiple_replications(run_cfg, n_jobs=n_jobs, keep_events=keep_events)


__all__ = ["ConfigError", "ConfigWarning", "Results", "config", "load_config", "run", "run_replication"]
