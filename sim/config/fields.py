"""Parameter declarations and the validator that walks them.

Every configurable value is declared with :func:`param`, which records its unit,
meaning, source (a figure from CALIBRATION.md or the word "assumption" with the
reason) and allowed range. The same metadata drives three things, so they cannot
drift apart: the range checks run before a simulation starts, the one-line error
messages a user sees, and the parameter table in ``docs/parameters.md``.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class ConfigError(ValueError):
    """A configuration value is wrong; the message names the key and what is allowed."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key


def param(
    default: Any = dataclasses.MISSING,
    *,
    factory: Callable[[], Any] | None = None,
    unit: str = "",
    help: str = "",
    source: str = "assumption",
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
    choices: tuple[str, ...] | None = None,
    clock: bool = False,
    sa_range: tuple[float, float] | None = None,
) -> Any:
    """Declare a config field with its documentation and allowed values.

    ``clock=True`` marks a time of day written as ``"HH:MM"``. ``sa_range`` is the range an
    uncertain parameter is varied over in the sensitivity analysis (from CALIBRATION.md's
    spread or stated as an assumption in ``source``); it is listed in docs/parameters.md.
    """
    meta = {
        "unit": unit,
        "help": help,
        "source": source,
        "ge": ge,
        "gt": gt,
        "le": le,
        "lt": lt,
        "choices": choices,
        "clock": clock,
        "sa_range": sa_range,
    }
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def clock_to_min(text: str, key: str = "time") -> int:
    """Minutes after midnight of an ``"HH:MM"`` clock time ("24:00" is allowed as end of day)."""
    if text == "24:00":
        return 1440
    m = _CLOCK.match(str(text))
    if not m:
        raise ConfigError(key, f"expected a time of day as HH:MM (00:00-24:00), got {text!r}")
    return int(m.group(1)) * 60 + int(m.group(2))


def _check_scalar(key: str, value: Any, meta: dict[str, Any]) -> None:
    if value is None:
        return
    if meta.get("clock"):
        for v in value if isinstance(value, list) else [value]:
            clock_to_min(v, key)
        return
    choices = meta.get("choices")
    if choices is not None and value not in choices:
        allowed = ", ".join(choices)
        raise ConfigError(key, f"must be one of {allowed}; got {value!r}")
    if isinstance(value, dict):
        named = [(f"{key}.{k}", v) for k, v in value.items()]
    else:
        named = [(key, v) for v in (value if isinstance(value, list) else [value])]
    for where, v in named:
        if isinstance(v, float) and not math.isfinite(v):
            raise ConfigError(where, f"must be a finite number; got {v!r}")
        broken = violated_bound(v, meta)
        if broken is not None:
            raise ConfigError(key, f"must be {broken[0]} {broken[1]:g}; got {v!r}")


_BOUNDS: tuple[tuple[str, Callable[[float, float], bool], str], ...] = (
    ("ge", lambda v, b: v >= b, ">="),
    ("gt", lambda v, b: v > b, ">"),
    ("le", lambda v, b: v <= b, "<="),
    ("lt", lambda v, b: v < b, "<"),
)


def violated_bound(value: Any, meta: dict[str, Any]) -> tuple[str, float] | None:
    """The first declared bound a number breaks, as (sign, bound) — e.g. (">=", 0) — or None."""
    if not isinstance(value, (int, float)):
        return None
    for name, ok, sign in _BOUNDS:
        bound = meta.get(name)
        if bound is not None and not ok(value, bound):
            return sign, float(bound)
    return None


def iter_fields(obj: Any, prefix: str = "") -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """Yield ``(dotted_key, value, metadata)`` for every leaf field of a config dataclass tree."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        key = f"{prefix}{f.name}"
        if dataclasses.is_dataclass(value):
            yield from iter_fields(value, key + ".")
        elif isinstance(value, list) and value and dataclasses.is_dataclass(value[0]):
            for i, item in enumerate(value):
                yield from iter_fields(item, f"{key}.{i}.")
        elif isinstance(value, dict) and value and dataclasses.is_dataclass(next(iter(value.values()))):
            for name, item in value.items():
                yield from iter_fields(item, f"{key}.{name}.")
        else:
            yield key, value, dict(f.metadata)


def check_ranges(obj: Any) -> None:
    """Check every declared range, choice and clock format; raise :class:`ConfigError`."""
    for key, value, meta in iter_fields(obj):
        _check_scalar(key, value, meta)
