"""Simulation of Swedish municipal home care: minute-controlled versus trust-based delivery.

The public API: :func:`sim.api.run` (a comparison as DataFrames), :func:`sim.api.config`
(a checked config from Hydra overrides), and :class:`sim.experiment.Results`. Bad input raises
:class:`sim.ConfigError` (``sim.config.fields.ConfigError``, a ValueError): docs/errors.md. A run
that breaks an invariant of the simulated world while it goes (a person in two places, a shift
running on for hours past its end) raises :class:`sim.InvariantError`, one line naming who and
when.
"""

from sim import reads as _reads  # noqa: F401  (installs which component reads which config key)
from sim.api import ConfigError, Results, config, run
from sim.engine.errors import InvariantError

__all__ = ["ConfigError", "InvariantError", "Results", "config", "run"]
