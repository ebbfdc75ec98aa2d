"""Simulation of Swedish municipal home care: minute-controlled versus trust-based delivery.

The public API: :func:`sim.api.run` (a comparison as DataFrames), :func:`sim.api.config`
(a checked config from Hydra overrides), and :class:`sim.experiment.Results`. Bad input raises
:class:`sim.ConfigError` (``sim.config.fields.ConfigError``, a ValueError): docs/errors.md.
"""

from sim.api import ConfigError, Results, config, run

__all__ = ["ConfigError", "Results", "config", "run"]
