"""Hydra plugin: adds ``experiments/conf`` to the config search path.

That makes the ready experiments in ``experiments/conf/experiment/`` selectable as
``python -m sim -m +experiment=<name>`` from any working directory.
"""

from __future__ import annotations

from pathlib import Path

from hydra.core.config_search_path import ConfigSearchPath
from hydra.plugins.search_path_plugin import SearchPathPlugin

EXPERIMENTS_CONF = Path(__file__).resolve().parents[2] / "experiments" / "conf"


class HemtjanstSearchPath(SearchPathPlugin):
    """Append the experiments folder to Hydra's search path."""

    def manipulate_search_path(self, search_path: ConfigSearchPath) -> None:
        """Called by Hydra when it builds the search path."""
        search_path.append(provider="hemtjanst-sim", path=f"file://{EXPERIMENTS_CONF}")
