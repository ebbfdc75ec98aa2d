"""Type check of a :class:`~sim.config.schema.RunConfig` edited in Python (issue 28 item 3).

A config composed by Hydra is typed by OmegaConf on the way in; one changed in Python with
``dataclasses.replace`` is not, and a value of the wrong type used to surface deep inside the run
as Python's own ``TypeError``. :func:`check_types` walks the dataclasses against their
annotations and raises :class:`ConfigError` with the command line's words ("must be a whole
number; got 'x'"), naming the dotted key.
"""

from __future__ import annotations

import dataclasses
import functools
import numbers
import types
import typing
from typing import Any

from sim.config.fields import ConfigError


@functools.cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _shown(value: Any) -> str:
    return "null" if value is None else repr(value)


def _is_int(value: Any) -> bool:
    # numbers.Integral: numpy's integers too (an experiment may set a value from an array)
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_types(obj: Any, key: str = "") -> None:
    """Raise :class:`ConfigError` at the first field of ``obj`` (a config dataclass) whose value
    does not have its declared type."""
    cls: Any = type(obj)
    for f in dataclasses.fields(cls):
        _check(getattr(obj, f.name), _hints(cls)[f.name], f"{key}.{f.name}" if key else f.name)


def _check(value: Any, t: Any, key: str) -> None:  # one branch per kind of annotation
    origin, args = typing.get_origin(t), typing.get_args(t)
    got = f"; got {_shown(value)}"
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            return _check(value, inner[0], key)
        for a in inner:
            try:
                _check(value, a, key)
            except ConfigError:
                continue
            return None
        raise ConfigError(key, f"has the wrong type{got}")
    if value is None:
        raise ConfigError(key, f"cannot be null{got}")
    if t is bool:
        if not isinstance(value, bool):
            raise ConfigError(key, f"must be true or false{got}")
    elif t is int:
        if not _is_int(value):
            raise ConfigError(key, f"must be a whole number{got}")
    elif t is float:
        if not (_is_int(value) or isinstance(value, numbers.Real)) or isinstance(value, bool):
            raise ConfigError(key, f"must be a number{got}")
    elif t is str:
        if not isinstance(value, str):
            raise ConfigError(key, f"must be text{got}")
    elif origin in (list, tuple):
        if not isinstance(value, list | tuple):
            raise ConfigError(key, f"must be a list such as [a,b]{got}")
        item = args[0] if args else Any
        for i, v in enumerate(value):
            if item is not Any and item is not Ellipsis:
                _check(v, item, f"{key}[{i}]")
    elif origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(key, f"must be a mapping such as {{name: value}}{got}")
        for k, v in value.items():
            if not isinstance(k, str):
                raise ConfigError(f"{key}.{k}", f"names must be text; got {_shown(k)}")
            _check(v, args[1] if len(args) == 2 else Any, f"{key}.{k}")
    elif isinstance(t, type) and dataclasses.is_dataclass(t):
        if not isinstance(value, t):
            raise ConfigError(key, f"is a group of settings ({t.__name__}), not one value{got}")
        check_types(value, key)
    return None
