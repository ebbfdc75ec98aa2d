"""Configuration: the schema, its checks, and loading configs outside a Hydra app."""

from __future__ import annotations

from pathlib import Path

from hydra import compose, initialize_config_dir
from omegaconf import DictConfig

from sim.config.errors import one_line
from sim.config.fields import ConfigError
from sim.config.schema import RunConfig, register, to_run_config, validate

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"

register()


def load_config(
    overrides: list[str] | None = None,
    config_name: str = "config",
    return_hydra_config: bool = False,
    search: list[str] | None = None,
) -> DictConfig:
    """Compose ``configs/config.yaml`` with Hydra overrides, as ``python -m sim`` would.

    ``search`` are further config folders (``--config-dir`` on the command line, or entries
    of ``hydra.searchpath``), where a user's own scenario files may live.
    """
    extra = [] if not search else [f"hydra.searchpath=[{','.join(_search_entry(s) for s in search)}]"]
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose(
            config_name=config_name,
            overrides=[*extra, *(overrides or [])],
            return_hydra_config=return_hydra_config,
        )


def _search_entry(where: str) -> str:
    if "://" in where:
        return where
    return f"file://{Path(where).expanduser().resolve()}"


def checked_config(overrides: list[str] | None = None, search: list[str] | None = None) -> RunConfig:
    """Compose and check the config for ``overrides``; every problem is a :class:`ConfigError`."""
    try:
        return to_run_config(load_config(overrides, search=search))
    except ConfigError:
        raise
    except Exception as exc:  # Hydra/OmegaConf composition errors: unknown key, group option …
        raise ConfigError(*one_line(exc)) from exc


__all__ = [
    "CONFIG_DIR",
    "ConfigError",
    "RunConfig",
    "checked_config",
    "load_config",
    "to_run_config",
    "validate",
]
