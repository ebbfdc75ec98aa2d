"""Delivery-model policies: which behaviour each model config selects.

The two models are two small modules, :mod:`sim.policies.minute` and
:mod:`sim.policies.trust`, over one engine. :func:`make_policy` picks each
behaviour from the config independently, so a hybrid — teams with standard
times, a base schedule with mutual help, ... — is a config, not new code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sim.config.reads import ALWAYS, Reads
from sim.config.schema_models import ModelConfig
from sim.engine.policy_api import AlarmAnswer, DeliveryPolicy, StayRule
from sim.engine.state import ShiftRun, Visit
from sim.planning.by_hand import plan_by_hand
from sim.planning.dispatch import Affinity, DispatchWeights, choose_floaters
from sim.policies import affinity as shared_affinity
from sim.policies import alarm_answer, minute, minute_routes, replay, trust
from sim.policies.execution import stay_minutes

if TYPE_CHECKING:
    from sim.engine.simulate import ModelRun
    from sim.organisation import Unit


# The config keys that choose each behaviour (issue 25: sim/config/reads.py).
READS = Reads(
    "the delivery policy (sim/policies/__init__.py)",
    (
        "models.*.planning.router",
        "models.*.planning.strategy",
        "models.*.planning.allotment",
        "models.*.execution.mutual_help",
        "models.*.execution.alarms_answered_by",
        "models.*.reassessment.enabled",
    ),
    ALWAYS,
)


@dataclass
class PolicyState:
    """What a policy remembers between days."""

    grant_factor: dict[int, float] = field(default_factory=dict)
    estimate: dict[tuple[int, int], float] = field(default_factory=dict)
    base: dict[tuple[int, int], tuple[int, dict[tuple[int, int], tuple[int, ...]]]] = field(
        default_factory=dict
    )
    reassessment: minute.Reassessment | None = None
    routes: dict[tuple[int, int], minute_routes.BaseRoutes] = field(default_factory=dict)
    drifted: set[tuple[int, int]] = field(default_factory=set)  # base schedules to rebuild early
    # judgement factors of the latest days: day -> [client id][planned visit]
    judgement: dict[int, list[list[float]]] = field(default_factory=dict)


@dataclass
class Policy:
    """The behaviours of one delivery model, chosen from its config (the engine sees it as a
    :class:`sim.engine.policy_api.DeliveryPolicy`)."""

    cfg: ModelConfig
    allot: Callable[[ModelRun, Visit], float]
    state: PolicyState
    stay: StayRule = stay_minutes
    help: Callable[[ModelRun, ShiftRun, float], None] | None = None
    answer_alarm: AlarmAnswer | None = None

    def plan(self, mr: ModelRun, unit: Unit, visits: list[Visit], crew: list[ShiftRun], day: int) -> None:
        """Build the unit's routes for ``day`` into the crew's queues."""
        cfg = self.cfg.planning
        if cfg.buffer_placement == "floater" and cfg.router != "replay":
            # floaters are kept free of planned visits by whichever planner plans the day
            for r in choose_floaters(crew, cfg.buffer_share, day):
                r.floater = True
        if cfg.router == "replay":
            travel = mr.plan_travel(unit.district, day)
            log = self.cfg.overheads.logging_min_per_visit
            cap = mr.sc.staffing.max_overtime_min
            replay.plan_replay(visits, crew, travel, log, cfg.late_weight, mr.missed, cap)
            return
        if cfg.router == "optimiser":
            fn = minute_routes.plan_day if cfg.strategy == "base_schedule" else minute_routes.plan_fresh
            fn(mr, unit, visits, crew, day)
            return
        parts: list[Affinity] = []
        if cfg.strategy == "base_schedule":
            parts.append(minute.base_affinity(mr, unit, day))
        if cfg.continuity_weight_min > 0 or cfg.contact_person_bonus_min > 0:
            parts.append(shared_affinity.continuity_affinity(mr, day))
        if cfg.planned_caregiver_weight_min > 0:
            parts.append(shared_affinity.planned_affinity(cfg.planned_caregiver_weight_min))

        def affinity(vs: Sequence[Visit], c: Sequence[ShiftRun]) -> np.ndarray:
            return sum((f(vs, c) for f in parts), np.zeros((len(vs), len(c))))

        weights = DispatchWeights.from_config(cfg)
        buffer_share = 0.0 if cfg.buffer_placement == "floater" else cfg.buffer_share
        plan_by_hand(
            visits,
            crew,
            mr.plan_travel(unit.district, day),
            weights,
            affinity if parts else None,
            buffer_share,
            mr.missed,
            self.cfg.overheads.logging_min_per_visit,
            cfg.flexible_window_min,
            mr.sc.staffing.max_overtime_min,
        )

    def start_day(self, mr: ModelRun, day: int) -> None:
        """Daily bookkeeping (reassessment decisions)."""
        if self.state.reassessment is not None:
            self.state.reassessment.start_day(day, self.state.grant_factor)

    def after_visit(self, mr: ModelRun, v: Visit) -> None:
        """Learn from a finished visit."""
        if self.cfg.planning.allotment == "learned":
            trust.learn_need(mr, v)
        if self.state.reassessment is not None:
            self.state.reassessment.observe(v)


def make_policy(cfg: ModelConfig, mr: ModelRun, previous: DeliveryPolicy | None = None) -> Policy:
    """Select each behaviour of the model from its config.

    A policy that succeeds another at a switch starts from what its predecessor allotted: a
    team that learns the need starts from the granted times, raises included (or from the
    estimates of a team it succeeds); granted times keep the raises already granted.
    """
    state = PolicyState()
    if isinstance(previous, Policy):
        _inherit(state, previous, cfg, mr)
    if cfg.reassessment.enabled:
        state.reassessment = minute.Reassessment(cfg.reassessment, len(mr.world.clients), mr.world.n_days)
        if cfg.reassessment.start_settled:
            state.grant_factor.update(minute.settled_grants(mr.world, cfg.reassessment))
    allot = minute.allot_standard if cfg.planning.allotment == "standard" else trust.allot_learned
    help = trust.hand_over if cfg.execution.mutual_help else None
    answer = alarm_answer.team_responder if cfg.execution.alarms_answered_by == "team" else None
    return Policy(cfg=cfg, allot=allot, state=state, help=help, answer_alarm=answer)


def _inherit(state: PolicyState, previous: Policy, cfg: ModelConfig, mr: ModelRun) -> None:
    simulated = [c for d in mr.districts for c in d.clients]
    old = previous.cfg.planning.allotment
    for c in simulated:
        for p in c.plans:
            if old == "standard":
                was = p.standard_min * previous.state.grant_factor.get(c.id, 1.0)
            else:
                was = previous.state.estimate.get((c.id, p.index), p.standard_min)
            if cfg.planning.allotment == "learned":
                state.estimate[(c.id, p.index)] = was
    if cfg.planning.allotment == "standard" and old == "standard":
        state.grant_factor.update(previous.state.grant_factor)
