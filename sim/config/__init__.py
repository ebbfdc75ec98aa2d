"""Configuration: the schema, its checks, and loading configs outside a Hydra app."""

from __future__ import annotations

import contextlib
import copy
import os
import warnings
from collections import OrderedDict
from pathlib import Path

from hydra import compose, initialize_config_dir
from omegaconf import DictConfig, OmegaConf, open_dict

from sim.config.errors import is_unknown_key, one_line
from sim.config.fields import ConfigError
from sim.config.overrides import check_syntax, entry_hint, quote_letters
from sim.config.schema import RunConfig, register, to_run_config, validate
from sim.config.semantics import ConfigWarning, ignored_overrides, semantic_warnings

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"


def load_config(
    overrides: list[str] | None = None,
    config_name: str = "config",
    return_hydra_config: bool = False,
    search: list[str] | None = None,
) -> DictConfig:
    """Compose ``configs/config.yaml`` with Hydra overrides, as ``python -m sim`` would.

    ``search`` are further config folders (``--config-dir`` on the command line, or entries
    of ``hydra.searchpath``), where a user's own scenario files may live. The same composition
    asked again in a process is a copy of the first (see :func:`_key`): Hydra takes about half a
    second for each, and the API, the checks and the experiments ask for the same one often.
    """
    register()
    extra = [] if not search else [f"hydra.searchpath=[{','.join(_search_entry(s) for s in search)}]"]
    key = _key(config_name, [*extra, *(overrides or [])], return_hydra_config, search or [])
    hit = _COMPOSED.get(key) if key is not None else None
    if hit is None:
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
            hit = compose(
                config_name=config_name,
                overrides=[*extra, *(overrides or [])],
                return_hydra_config=return_hydra_config,
            )
        if key is not None:
            _COMPOSED[key] = hit
            while len(_COMPOSED) > _KEEP:
                _COMPOSED.popitem(last=False)
    elif key is not None:
        _COMPOSED.move_to_end(key)
    return copy.deepcopy(hit)  # the caller may edit its config; the kept one stays as composed


_COMPOSED: OrderedDict[tuple[object, ...], DictConfig] = OrderedDict()
_KEEP = 32  # compositions kept per process (a large scenario's is a few MB)


def _key(
    config_name: str, overrides: list[str], hydra_node: bool, search: list[str]
) -> tuple[object, ...] | None:
    """What a composition depends on: the overrides, the working folder, and the name, time and
    size of every file in the config folders (a scenario file edited between two calls is read
    again). None (never kept) when an override names a Hydra setting: it may point elsewhere."""
    if any(o.lstrip("+~").startswith("hydra.") for o in overrides[1 if search else 0 :]):
        return None
    files = []
    for folder in [CONFIG_DIR, *(Path(s).expanduser() for s in search if "://" not in s)]:
        for f in sorted(folder.rglob("*")):
            with contextlib.suppress(OSError):
                st = f.stat()
                files.append((str(f), st.st_mtime_ns, st.st_size))
    return (config_name, tuple(overrides), hydra_node, os.getcwd(), tuple(files))


def _search_entry(where: str) -> str:
    if "://" in where:
        return where
    return f"file://{Path(where).expanduser().resolve()}"


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
