"""No look-ahead (issue 25): the policies and planners decide on what a real actor knows.

While both models run, every read of what nobody knows in advance is watched: a visit's hidden
need (``base_need``, ``extra``, and ``need`` before the visit is over), a call's real handling
time, and the world's draws of coming days (absences, needs). A read from a policy or planning
module fails the run. The engine itself reads them — it is the world happening.
"""

from __future__ import annotations

import ast
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import sim
from sim.engine.state import AlarmTask, Visit
from sim.world.build import World

SIM = Path(sim.__file__).resolve().parent
DECIDERS = ("sim.policies", "sim.planning")
RUN = [
    "replications=1",
    "horizon_days=4",
    "warmup_days=2",
    "scenario.districts.centrum.n_clients=40",
    "models.trust.execution.alarms_answered_by=team",
    "scenario.alarms.rate_multiplier=5",  # calls enough for team members to answer some
]


class LookAhead(AssertionError):
    """A policy or planner read what it cannot know."""


def _caller() -> str:
    return str(sys._getframe(2).f_globals.get("__name__", ""))


def _watch_slot(cls: type, name: str, allowed: Any = None) -> tuple[type, str, Any]:
    """Replace slot ``name`` of ``cls`` by a property that fails when a decider reads it (unless
    ``allowed(obj)``)."""
    slot = cls.__dict__[name]

    def get(obj: object) -> Any:
        if _caller().startswith(DECIDERS) and not (allowed and allowed(obj)):
            raise LookAhead(f"{_caller()} read {cls.__name__}.{name}")
        return slot.__get__(obj, cls)

    def put(obj: object, value: Any) -> None:
        slot.__set__(obj, value)

    setattr(cls, name, property(get, put))
    return cls, name, slot


def _watch_field(cls: type, name: str) -> tuple[type, str, Any]:
    """The same for a plain attribute kept in the instance's ``__dict__``."""
    key = f"_watched_{name}"

    def get(obj: object) -> Any:
        if _caller().startswith(DECIDERS):
            raise LookAhead(f"{_caller()} read {cls.__name__}.{name}")
        return obj.__dict__[key]

    def put(obj: object, value: Any) -> None:
        obj.__dict__[key] = value

    setattr(cls, name, property(get, put))
    return cls, name, None


def _watch_method(cls: type, name: str) -> tuple[type, str, Any]:
    original = cls.__dict__[name]

    def wrapped(self: object, *args: Any, **kwargs: Any) -> Any:
        if str(sys._getframe(1).f_globals.get("__name__", "")).startswith(DECIDERS):
            raise LookAhead(f"{sys._getframe(1).f_globals['__name__']} called {cls.__name__}.{name}")
        return original(self, *args, **kwargs)

    setattr(cls, name, wrapped)
    return cls, name, original


@pytest.fixture
def watched() -> Iterator[None]:
    done = math.isfinite  # a finished visit's need has been seen (learning from it is allowed)
    saved = [
        _watch_slot(Visit, "base_need"),
        _watch_slot(Visit, "extra"),
        _watch_slot(Visit, "need", allowed=lambda v: done(Visit.__dict__["end"].__get__(v, Visit))),
        _watch_method(World, "staff_draws"),
        _watch_method(World, "need_noise"),
    ]
    alarm_field = _watch_field(AlarmTask, "handling_min")
    try:
        yield
    finally:
        for cls, name, original in saved:
            setattr(cls, name, original)
        delattr(alarm_field[0], alarm_field[1])


def test_both_models_decide_without_looking_ahead(watched: None):
    res = sim.run(RUN, n_jobs=1)
    m = res.metrics
    assert len(res.visits) > 200 and (res.events["alarms"]["responder"] == "team").any()
    assert set(m["model"]) == {"minute", "trust"}


def test_the_watch_catches_a_policy_that_looks_ahead(watched: None, monkeypatch: pytest.MonkeyPatch):
    """A planted look-ahead: the trust-based allotment reading the visit's hidden need."""
    from sim.policies import trust

    # written into the policy module itself, so the read comes from where a policy's would
    exec("def cheat(mr, v):\n    return float(v.base_need)\n", trust.__dict__)
    monkeypatch.setattr(trust, "allot_learned", trust.__dict__.pop("cheat"))
    with pytest.raises(LookAhead, match=r"sim\.policies\.trust read Visit\.base_need"):
        sim.run([*RUN, "compare=[trust]"], n_jobs=1)


FUTURE = ("course", "alarms", "staff_draws", "need_noise", "judgement_uniforms")


def test_no_policy_or_planner_names_the_worlds_future():
    """Static: no decider module touches the client courses (future hospital stays and need drift),
    the alarm calls to come, or the day draws."""
    found = []
    for folder in ("policies", "planning"):
        for path in sorted((SIM / folder).glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and node.attr in FUTURE:
                    owner = node.value.attr if isinstance(node.value, ast.Attribute) else ""
                    if owner in ("sc", "scenario"):  # the config's alarm settings, not the calls
                        continue
                    found.append(f"{path.name}:{node.lineno} .{node.attr}")
    # the teams' judgement of a finished visit's need is drawn by (day, client, visit): allowed
    found = [f for f in found if not f.startswith("trust.py") or "judgement_uniforms" not in f]
    assert not found, found
