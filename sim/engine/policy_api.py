"""What the engine asks of a delivery model's policy — the engine's side of the boundary.

The engine never imports a policy module: whoever builds a :class:`ModelRun` hands it a
factory (``sim.policies.make_policy`` for the two models), and the engine calls the
policy only through this interface. A policy plans a unit's day into its crew's queues,
says how long a visit is allotted and how long a caregiver stays, may hand visits over
when someone falls behind, and learns from finished visits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sim.config.schema_models import ExecutionConfig, ModelConfig
from sim.engine.learning import NONE as NO_LEARNING
from sim.engine.learning import Learning
from sim.engine.state import ShiftRun, Visit

if TYPE_CHECKING:
    from sim.engine.simulate import ModelRun
    from sim.organisation import Unit


# (run, district, client id, handling minutes, the alarm unit's expected arrival) -> the team
# member who answers, or None for the alarm unit
AlarmAnswer = Callable[["ModelRun", int, int, float, float], ShiftRun | None]

# minutes delivered at a visit: (execution config, need, allotted, floor, minutes behind,
# may cut, slack) -> minutes (sim.policies.execution.stay_minutes)
StayRule = Callable[[ExecutionConfig, float, float, float, float, bool, float], float]


class DeliveryPolicy(Protocol):
    """The decisions of one delivery model."""

    @property
    def cfg(self) -> ModelConfig:
        """The model's config."""

    @property
    def state(self) -> Any:
        """What the policy remembers between days (the engine never reads it)."""

    @property
    def allot(self) -> Callable[[ModelRun, Visit], float]:
        """Minutes a visit is allotted."""

    @property
    def stay(self) -> StayRule:
        """Minutes a caregiver stays at a visit."""

    @property
    def help(self) -> Callable[[ModelRun, ShiftRun, float], None] | None:
        """Mutual help at a decision point, or None when the model has none."""

    @property
    def answer_alarm(self) -> AlarmAnswer | None:
        """Who in the team answers a daytime alarm, or None when the alarm unit always does."""

    def plan(self, mr: ModelRun, unit: Unit, visits: list[Visit], crew: list[ShiftRun], day: int) -> None:
        """Build the unit's routes for ``day`` into the crew's queues."""

    def start_day(self, mr: ModelRun, day: int) -> None:
        """Daily bookkeeping before the day's visits are made."""

    def after_visit(self, mr: ModelRun, v: Visit) -> None:
        """Learn from a finished visit."""


# (model config, the run, the policy it succeeds at a switch or None) -> policy
PolicyFactory = Callable[[ModelConfig, "ModelRun", DeliveryPolicy | None], DeliveryPolicy]


@dataclass(frozen=True)
class Switch:
    """From ``day`` on, a run's districts work under model ``cfg`` (named ``name``): the staff
    are reorganised into its units (the same people, with their stress and what they know),
    its policy succeeds the old one, and a learning period follows (:mod:`sim.engine.learning`:
    time off the floor, slower visits, more strain and rougher need judgements, fading by a
    curve). Over the learning period, ``quit_wave_share`` of the staff in post leave beyond the
    usual turnover (those who do not want the new way of working)."""

    day: int
    name: str
    cfg: ModelConfig
    learning: Learning = NO_LEARNING
    quit_wave_share: float = 0.0
