"""Configuration: the schema, its checks, and loading configs outside a Hydra app."""

from __future__ import annotations

import warnings

from omegaconf import OmegaConf, open_dict

from sim.config.compose import CONFIG_DIR, load_config
from sim.config.errors import is_unknown_key, one_line
from sim.config.fields import ConfigError
from sim.config.overrides import check_syntax, entry_hint, quote_letters
from sim.config.schema import RunConfig, to_run_config, validate
from sim.config.semantics import ConfigWarning, ignored_overrides, semantic_warnings


def checked_config(
    overrides: list[str] | None = None, search: list[str] | None = None, warn: bool = True
) -> RunConfig:
    """Compose and check the config for ``overrides``; every problem is a :class:`ConfigError`.

    Checks, in order: the overrides' syntax (a value such as ``Umeå`` is quoted for Hydra), the
    keys and types (an unknown key gets a "did you mean"), the ranges and relations, the
    semantic rules (sim/config/semantics.py) and overrides the config ignores. Warnings are
    issued as :class:`ConfigWarning` when ``warn`` (the command line prints them instead).
    Every rule is listed in docs/errors.md.
    """
    run, warns = checked_config_and_warnings(overrides, search)
    if warn:
        for w in warns:
            warnings.warn(w, ConfigWarning, stacklevel=3)  # the caller of sim.config
    return run


def checked_config_and_warnings(
    overrides: list[str] | None = None,
    search: list[str] | None = None,
    multirun: bool = False,
    run_dir: list[str] | None = None,
) -> tuple[RunConfig, list[str]]:
    """:func:`checked_config` and its warnings as ``key: message`` lines (not issued). With
    ``run_dir`` (a list), the folder Hydra will give the run (``hydra.run.dir``, resolved) is
    appended to it from the same composition (the command line composes once less)."""
    given = quote_letters(list(overrides or []))
    check_syntax(given, multirun)
    try:
        composed = load_config(given, search=search, return_hydra_config=run_dir is not None)
        if run_dir is not None:
            run_dir.append(str(OmegaConf.select(composed, "hydra.run.dir")))
            with open_dict(composed):
                del composed["hydra"]
        run = to_run_config(composed)
    except ConfigError as exc:
        if exc.key != "config" and exc.__cause__ is not None and is_unknown_key(exc.__cause__):
            hint = entry_hint(exc.key, given, lambda o: load_config(o, search=search))
            if hint is not None:
                raise hint from None
        raise
    except Exception as exc:  # Hydra/OmegaConf composition errors: unknown key, group option …
        key, msg = one_line(exc)
        if is_unknown_key(exc):
            hint = entry_hint(key, given, lambda o: load_config(o, search=search))
            if hint is not None:
                raise hint from None
        raise ConfigError(key, msg) from None
    return run, [*semantic_warnings(run), *ignored_overrides(given, run)]


__all__ = [
    "CONFIG_DIR",
    "ConfigError",
    "ConfigWarning",
    "RunConfig",
    "checked_config",
    "checked_config_and_warnings",
    "load_config",
    "to_run_config",
    "validate",
]
