"""Which component reads which config keys, and when: so a key set where nothing reads it is
named (issue 25, "no silent settings").

Each component declares the keys it reads as a module-level :class:`Reads` next to its code
(``READS`` in, say, sim/planning/dispatch.py); sim/reads.py collects them and :func:`install`\\ s
them here, so this layer imports nothing above it. :func:`unread_keys` then names every key
given as an override that no component active in the run reads, with the component that would
read it and what in the run switches it off. The declarations are checked against what the
code really reads by tests/test_no_silent_settings.py.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.config.schema import RunConfig

# (run, model) -> None when the condition holds, else what in the run makes it false, e.g.
# "models.minute.planning.router=optimiser". ``model`` is the model a key under ``models.*``
# belongs to, or "" for any other key (then a condition on models holds if it holds for any
# model the run simulates).
Test = Callable[["RunConfig", str], "str | None"]


@dataclass(frozen=True)
class When:
    """When a component is active: ``text`` in words (``router=greedy``), ``why_not`` the test."""

    text: str
    why_not: Test


@dataclass(frozen=True)
class Reads:
    """The config keys one component reads (dotted, ``*`` for any entry of a dict or list:
    ``models.*.planning.travel_weight``) and when it is active."""

    component: str
    keys: tuple[str, ...]
    when: When


def show(value: Any) -> str:
    """A value as it is written in an override."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ",".join(show(v) for v in value) + "]"
    return str(value)


def get(obj: Any, path: str) -> Any:
    """The value at a dotted ``path`` of a config object."""
    for part in path.split("."):
        obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
    return obj


def run_models(run: RunConfig) -> list[str]:
    """The models a run simulates: those compared, and a transition's two."""
    out = list(run.compare)
    if run.transition.enabled:
        out += [m for m in (run.transition.from_model, run.transition.to_model) if m not in out]
    return out


ALWAYS = When("always", lambda run, model: None)


def run_is(path: str, holds: Callable[[Any], bool], text: str) -> When:
    """Active when the run's value at ``path`` (from the root) ``holds``; ``text`` says when."""

    def why_not(run: RunConfig, model: str) -> str | None:
        value = get(run, path)
        return None if holds(value) else f"{path}={show(value)}"

    return When(text, why_not)


def run_equals(path: str, *values: Any) -> When:
    """Active when the run's value at ``path`` is one of ``values``."""
    return run_is(path, lambda v: v in values, f"{path}={'/'.join(show(v) for v in values)}")


def model_is(path: str, holds: Callable[[Any], bool], text: str) -> When:
    """Active for a model whose value at ``path`` (inside ``models.<name>``) ``holds``; for a
    key outside ``models.*``, when that holds for any model the run simulates."""

    def why_not(run: RunConfig, model: str) -> str | None:
        names = [model] if model else run_models(run)
        off = [n for n in names if n in run.models and not holds(get(run.models[n], path))]
        if len(off) < len(names):
            return None
        return ", ".join(f"models.{n}.{path}={show(get(run.models[n], path))}" for n in off)

    return When(text, why_not)


def model_equals(path: str, *values: Any) -> When:
    """Active for a model whose value at ``path`` is one of ``values``."""
    return model_is(path, lambda v: v in values, f"{path}={'/'.join(show(v) for v in values)}")


def both(*conditions: When) -> When:
    """Active when every condition holds; the first that fails says why not."""

    def why_not(run: RunConfig, model: str) -> str | None:
        return next((w for c in conditions if (w := c.why_not(run, model)) is not None), None)

    return When(" and ".join(c.text for c in conditions), why_not)


_INSTALLED: list[Reads] = []


def install(declared: Iterable[Reads]) -> None:
    """Set the declarations :func:`unread_keys` checks against (sim/reads.py calls this)."""
    _INSTALLED[:] = list(declared)


def installed() -> list[Reads]:
    """The declarations installed."""
    return list(_INSTALLED)


def schema_keys(cls: type | None = None, prefix: str = "") -> Iterator[str]:
    """Every leaf key of the schema as a pattern (``*`` for an entry of a dict or list)."""
    if cls is None:
        from sim.config.schema import RunConfig

        cls = RunConfig
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        t, key = hints[f.name], prefix + f.name
        args = typing.get_args(t)
        item = args[-1] if typing.get_origin(t) in (dict, list) and args else None
        if dataclasses.is_dataclass(t):
            yield from schema_keys(t, key + ".")  # type: ignore[arg-type]
        elif isinstance(item, type) and dataclasses.is_dataclass(item):
            yield from schema_keys(item, key + ".*.")
        else:
            yield key


def overlaps(pattern: str, key: str) -> bool:
    """Whether ``key`` (an override's key: a leaf, a group of keys or an entry of a dict leaf)
    and ``pattern`` share a leaf: their parts agree (``*`` with any) as far as the shorter goes."""
    return all(p in ("*", k) for p, k in zip(pattern.split("."), key.split("."), strict=False))


def _reason(reads: Reads, run: RunConfig, model: str) -> str | None:
    why = reads.when.why_not(run, model)
    return None if why is None else f"{reads.component} reads it when {reads.when.text} (here {why})"


def unread_keys(keys: Iterable[str], run: RunConfig) -> list[tuple[str, str]]:
    """``(key, why)`` for each of ``keys`` that no component active in ``run`` reads."""
    out = []
    models = run_models(run)
    for key in keys:
        parts = key.split(".")
        model = parts[1] if parts[0] == "models" and len(parts) > 1 else ""
        if model and model not in models:
            out.append((key, f"is not read: model {model!r} is not simulated (compare={show(run.compare)})"))
            continue
        readers = [r for r in _INSTALLED if any(overlaps(p, key) for p in r.keys)]
        reasons = [_reason(r, run, model) for r in readers]
        if readers and all(reasons):
            out.append((key, "is not read in this run: " + "; ".join(sorted(set(filter(None, reasons))))))
    return out
