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
    overrides: list[str] | None = None, config_name: str = "config", return_hydra_config: bool = False
) -> DictConfig:
    """Compose ``configs/config.yaml`` with Hydra overrides, as ``python -m sim`` would."""
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        return compose(
            config_name=config_name,
            overrides=list(overrides or []),
            return_hydra_config=return_hydra_config,
        )


def checked_config(overrides: list[str] | None = None) -> RunConfig:
    """Compose and check the config for ``overrides``; every problem is a :class:`ConfigError`."""
    try:
        return to_run_config(load_config(overrides))
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
