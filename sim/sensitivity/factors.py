"""The uncertain parameters of a sensitivity analysis and their ranges, from one place.

A range is declared with the parameter itself (``param(..., sa_range=(low, high))`` in
``sim/config/``), from CALIBRATION.md's spread or as a stated assumption, and listed in
docs/parameters.md; ``sensitivity.ranges`` may replace or add one for a run. A range must
lie within what the parameter allows, so every sampled point passes the config check.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sim.config.fields import ConfigError, iter_fields, violated_bound
from sim.config.schema import RunConfig
from sim.config.schema_experiments import parse_range
from sim.sensitivity.analysis import Factor


def declared(run: RunConfig) -> dict[str, tuple[Any, dict[str, Any]]]:
    """Every leaf key of ``run`` with its value and metadata."""
    return {key: (value, meta) for key, value, meta in iter_fields(run)}


def _within(key: str, low: float, high: float, meta: dict[str, Any]) -> None:
    for end in (low, high):
        broken = violated_bound(end, meta)
        if broken is not None:
            raise ConfigError(
                f"sensitivity.ranges.{key}",
                f"[{low:g}, {high:g}] leaves what {key} allows ({broken[0]} {broken[1]:g})",
            )


def factors_for(run: RunConfig) -> list[Factor]:
    """The factors of ``run.sensitivity``, each with its range; :class:`ConfigError` naming the
    key when a factor is not a number of this config or has no range."""
    s = run.sensitivity
    leaves = declared(run)
    given_ranges = {key: (low, high) for key, low, high in map(parse_range, s.ranges)}
    out = []
    for key in s.factors:
        if key not in leaves:
            near = [k for k in leaves if k.endswith("." + key.rsplit(".", 1)[-1])]
            hint = f"; did you mean {', '.join(near[:3])}?" if near else ""
            raise ConfigError("sensitivity.factors", f"{key!r} is not a key of this config{hint}")
        value, meta = leaves[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError("sensitivity.factors", f"{key} is not a number (got {value!r})")
        given = given_ranges.get(key)
        rng = given if given is not None else meta.get("sa_range")
        if rng is None:
            raise ConfigError(
                "sensitivity.factors",
                f"{key} has no declared range; give one in sensitivity.ranges as {key}:LOW:HIGH",
            )
        low, high = float(rng[0]), float(rng[1])
        if not (np.isfinite(low) and np.isfinite(high) and low < high):
            raise ConfigError(
                f"sensitivity.ranges.{key}", f"must be finite [low, high] with low < high; got {rng}"
            )
        _within(key, low, high, meta)
        integer = isinstance(value, int)
        source = "sensitivity.ranges (this run)" if given is not None else str(meta.get("source", ""))
        out.append(Factor(key, low, high, integer=integer, source=source))
    for key in given_ranges:
        if key not in s.factors:
            raise ConfigError(f"sensitivity.ranges.{key}", "is not one of sensitivity.factors")
    return out


def point_overrides(factors: Sequence[Factor], row: np.ndarray) -> list[str]:
    """Hydra overrides that set each factor to its value in one design row."""
    out = []
    for f, v in zip(factors, row, strict=True):
        out.append(f"{f.key}={round(float(v))}" if f.integer else f"{f.key}={float(v)!r}")
    return out


def baseline(run: RunConfig, factors: Sequence[Factor]) -> dict[str, float]:
    """Each factor's value in the composed config (the point the headline comparison uses)."""
    leaves = declared(run)
    return {f.key: float(leaves[f.key][0]) for f in factors}
