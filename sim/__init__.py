"""Simulation of Swedish municipal home care: minute-controlled versus trust-based delivery.

The public API: :func:`sim.api.run` (a comparison as DataFrames), :func:`sim.api.config`
(a checked config from Hydra overrides), and :class:`sim.experiment.Results`.
"""

from sim.api import Results, config, run

__all__ = ["Results", "config", "run"]
