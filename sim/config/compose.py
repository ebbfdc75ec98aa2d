"""Composing a config outside a Hydra app, as ``python -m sim`` would, without paying Hydra's half
second each time the same thing is asked.

Hydra composes a config in two steps: the config groups chosen (``scenario=classroom``,
``+geography@scenario.districts.b.geography=suburban``) decide which files are merged, then the
plain value overrides (``replications=3``) are set on the result. The first step is where the
time goes (reading and merging a dozen YAML files into the typed schema); the API, the checks,
the experiments and the tests ask for the same groups with different values again and again. So
the groups' composition is kept per process (keyed by everything it depends on: :func:`_key`)
and the values are set on a copy of it by Hydra's own code for that step
(``ConfigLoaderImpl._apply_overrides_to_config``; hydra-core is pinned to 1.3.8), which gives
the config Hydra would give, value for value and error for error
(tests/test_compose_cache.py compares them on a table of override lists).
"""

from __future__ import annotations

import contextlib
import copy
import os
import threading
from collections import OrderedDict
from pathlib import Path

from hydra import compose, initialize_config_dir
from hydra._internal.config_loader_impl import ConfigLoaderImpl
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override
from omegaconf import DictConfig

from sim.config.schema import register

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"
# the ready experiments (hydra_plugins/hemtjanst_sim/searchpath.py puts them on the search path)
EXPERIMENTS_CONF = CONFIG_DIR.parent / "experiments" / "conf"

_COMPOSED: OrderedDict[tuple[object, ...], DictConfig] = OrderedDict()
_KEEP = 32  # compositions kept per process (a large scenario's is a few MB)
_LOCK = threading.Lock()


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
    given = list(overrides or [])
    split = None if return_hydra_config else _split(given, search or [])
    if split is None:  # the Hydra node asked for, or an override this module does not sort
        return _composed(config_name, [*extra, *given], return_hydra_config, search or [])
    groups, values = split
    cfg = _composed(config_name, [*extra, *groups], False, search or [])
    ConfigLoaderImpl._apply_overrides_to_config(values, cfg)
    return cfg


def _composed(config_name: str, overrides: list[str], hydra_node: bool, search: list[str]) -> DictConfig:
    """A copy of Hydra's composition of ``overrides``, composed once per process.

    One composition at a time: Hydra keeps its search path in a process-wide singleton, so two
    threads composing at once (a web app's requests, say) would trip over each other."""
    key = _key(config_name, overrides, hydra_node, search)
    with _LOCK:
        hit = _COMPOSED.get(key) if key is not None else None
        if hit is None:
            with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
                hit = compose(config_name=config_name, overrides=overrides, return_hydra_config=hydra_node)
            if key is None:
                return hit
            _COMPOSED[key] = hit
            while len(_COMPOSED) > _KEEP:
                _COMPOSED.popitem(last=False)
        elif key is not None:
            _COMPOSED.move_to_end(key)
        return copy.deepcopy(hit)  # the caller may edit its config; the kept one stays as composed


def _split(overrides: list[str], search: list[str]) -> tuple[list[str], list[Override]] | None:
    """The overrides that choose config groups (as given) and the plain value overrides (parsed),
    in Hydra's sense; None when one is neither plainly (a Hydra setting, a sweep, a syntax
    error: the full composition then says what Hydra says)."""
    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
    except Exception:  # reported by the full composition, word for word
        return None
    if any("://" in s for s in search):  # a folder this module cannot look into
        return None
    groups: list[str] = []
    values: list[Override] = []
    folders = _folders(search)
    for o in parsed:
        if o.is_hydra_override() or o.is_sweep_override():
            return None
        name, line = o.key_or_group, o.input_line
        if line is None:
            return None
        group = any((f / name.replace(".", "/")).is_dir() for f in folders)
        if o.package is not None or "/" in name or group:
            groups.append(line)
        else:
            values.append(o)
    return groups, values


def _key(
    config_name: str, overrides: list[str], hydra_node: bool, search: list[str]
) -> tuple[object, ...] | None:
    """What a composition depends on: the overrides, the working folder, and the name, time and
    size of every file in the config folders (a scenario file edited between two calls is read
    again). None (never kept) when an override names a Hydra setting: it may point elsewhere."""
    if any(o.lstrip("+~").startswith("hydra.") for o in overrides[1 if search else 0 :]):
        return None
    files = []
    for folder in _folders(search):
        for f in sorted(folder.rglob("*")):
            with contextlib.suppress(OSError):
                st = f.stat()
                files.append((str(f), st.st_mtime_ns, st.st_size))
    return (config_name, tuple(overrides), hydra_node, os.getcwd(), tuple(files))


def _folders(search: list[str]) -> list[Path]:
    """The config folders on this machine a composition reads."""
    return [CONFIG_DIR, EXPERIMENTS_CONF, *(Path(s).expanduser() for s in search if "://" not in s)]


def _search_entry(where: str) -> str:
    if "://" in where:
        return where
    return f"file://{Path(where).expanduser().resolve()}"
