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

import pandas as pd
from omegaconf import DictConfig

from sim.config import (
    ConfigError,
    ConfigWarning,
    RunConfig,
    checked_config,
    to_run_config,
    validate,
)
from sim.config import (
    load_config as _load_config,
)
from sim.config.errors import one_line
from sim.config.estimate import estimate_line
from sim.config.semantics import semantic_warnings
from sim.experiment import Results, multiple_replications
from sim.experiment import run_replication as _run_replication


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
    if cfg is not None and overrides is not None:
        raise ConfigError(
            "overrides",
            "give either overrides or a ready cfg, not both (overrides of a cfg: "
            "sim.config([...]) or dataclasses.replace(cfg, ...))",
        )
    if not isinstance(keep_events, bool):
        raise ConfigError("keep_events", f"must be True or False; got {keep_events!r}")
    if cfg is not None and not isinstance(cfg, RunConfig | DictConfig | dict):
        raise ConfigError(
            "cfg",
            f"must be a RunConfig (sim.config([...])) or an OmegaConf DictConfig; got {type(cfg).__name__}",
        )
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


def load_config(overrides: list[str] | None = None, config_name: str = "config") -> DictConfig:
    """The composed, unchecked Hydra config of ``overrides`` (``configs/config.yaml``), as
    ``python -m sim`` composes it; a wrong key or syntax raises :class:`ConfigError`."""
    given = _override_list(overrides)
    if not isinstance(config_name, str):
        raise ConfigError("config_name", f"must be the name of a file in configs/; got {config_name!r}")
    try:
        return _load_config(given, config_name)
    except ConfigError:
        raise
    except Exception as exc:  # Hydra's and OmegaConf's own errors, as the command line words them
        raise ConfigError(*one_line(exc)) from None


def run_replication(run: RunConfig, replication: int, keep_events: bool = True) -> dict[str, pd.DataFrame]:
    """Every compared model on replication ``replication``'s world (0, 1, …: each its own random
    streams), as tables; a wrong argument raises :class:`ConfigError`."""
    if not isinstance(run, RunConfig):
        raise ConfigError("run", f"must be a RunConfig (sim.config([...])); got {type(run).__name__}")
    if isinstance(replication, bool) or not isinstance(replication, int) or replication < 0:
        raise ConfigError("replication", f"must be a whole number >= 0; got {replication!r}")
    if not isinstance(keep_events, bool):
        raise ConfigError("keep_events", f"must be True or False; got {keep_events!r}")
    validate(run)  # it may have been edited by hand since it was checked
    return _run_replication(run, replication, keep_events)


__all__ = ["ConfigError", "ConfigWarning", "Results", "config", "load_config", "run", "run_replication"]
