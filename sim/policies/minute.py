"""Minute-controlled home care (minutstyrd hemtjänst): the behaviours that define it.

* **Allotted time = granted standard time.** A needs assessor grants tasks; each
  has a standard time (schablontid). The grant only changes after a
  reassessment, which comes weeks after logged time keeps exceeding it.
* **A base schedule, patched daily.** Central planners keep a base schedule per
  day of the rota cycle (built for the rostered staff, packing routes to save
  travel) and patch it each morning: a substitute takes the absent person's
  route; other visits are re-dispatched. Continuity has little weight.
* Execution (stay the allotted time; cut when behind) and per-visit logging are
  parameters read by the shared engine, see :mod:`sim.policies.execution`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from sim.config.reads import Reads, both, model_equals
from sim.config.schema_models import ReassessmentConfig
from sim.engine.linked import link_followers
from sim.engine.state import Person, ShiftRun, Visit
from sim.planning.by_hand import plan_by_hand
from sim.planning.dispatch import Affinity, DispatchWeights
from sim.policies.affinity import continuity_affinity
from sim.rng import Stream, keyed_uniform, lognormal_mean1_from_cv_u
from sim.world.staff import cycle_day

if TYPE_CHECKING:
    from sim.engine.simulate import ModelRun
    from sim.organisation import Unit
    from sim.world.build import World

PlanKey = tuple[int, int]  # (client id, planned visit index)
# nominal visits get distinct negative ids that increase in the order they are listed (ties in
# the dispatcher's order stay in list order)
NOMINAL_UID = -(10**9)


# The config keys the base schedule and the reassessment read (issue 25: sim/config/reads.py).
BASE_READS = Reads(
    "the base schedule (sim/policies/minute.py, minute_routes.py)",
    ("models.*.planning.base_schedule_weight_min", "models.*.planning.base_rebuild_days"),
    both(
        model_equals("planning.strategy", "base_schedule"),
        model_equals("planning.router", "greedy", "optimiser"),
    ),
)
REASSESSMENT_READS = Reads(
    "the reassessment (sim/policies/minute.py)",
    (
        "models.*.reassessment.start_settled",
        "models.*.reassessment.review_every_days",
        "models.*.reassessment.window_days",
        "models.*.reassessment.threshold",
        "models.*.reassessment.delay_days",
        "models.*.reassessment.max_factor",
        "models.*.reassessment.assessment_error_cv",
    ),
    model_equals("reassessment.enabled", True),
)


def allot_standard(mr: ModelRun, v: Visit) -> float:
    """The granted standard minutes, times any raise a reassessment has given."""
    return v.standard * mr.policy.state.grant_factor.get(v.client.id, 1.0)


class Reassessment:
    """Raises a client's grant when logged time keeps exceeding it, after a delay."""

    def __init__(self, cfg: ReassessmentConfig, n_clients: int, n_days: int) -> None:
        self.cfg = cfg
        self.logged = np.zeros((n_clients, n_days))
        self.granted = np.zeros((n_clients, n_days))
        self.pending: dict[int, tuple[int, float]] = {}

    def observe(self, v: Visit) -> None:
        """Book a visit's logged (delivered) and granted minutes."""
        self.logged[v.client.id, v.day] += v.delivered
        self.granted[v.client.id, v.day] += v.allotted

    def start_day(self, day: int, grant_factor: dict[int, float]) -> None:
        """Apply decisions that are due; once a week, review every client."""
        for cid, (due, factor) in list(self.pending.items()):
            if due <= day:
                grant_factor[cid] = factor
                del self.pending[cid]
        c = self.cfg
        if day % c.review_every_days or day < c.window_days:
            return
        logged = self.logged[:, day - c.window_days : day].sum(axis=1)
        granted = self.granted[:, day - c.window_days : day].sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(granted > 0, logged / granted, 0.0)
        for cid in np.flatnonzero(ratio > c.threshold).tolist():
            if cid not in self.pending:
                new = min(c.max_factor, grant_factor.get(cid, 1.0) * float(ratio[cid]))
                self.pending[cid] = (day + c.delay_days, new)


def settled_grants(world: World, cfg: ReassessmentConfig) -> dict[int, float]:
    """Grant multipliers clients carry in from past reassessments: a client whose typical need,
    as a needs assessor judged it (with error ``assessment_error_cv``, keyed by client), exceeds
    the standard by more than the threshold has had the grant raised to it (capped)."""
    ratio = world.scenario.clients.need.need_to_standard_ratio
    error = lognormal_mean1_from_cv_u(
        keyed_uniform(world.seed, world.replication, Stream.ASSESSMENT, *world.client_key),
        cfg.assessment_error_cv,
    )
    out = {}
    for c in world.clients:
        typical = c.client_factor * ratio * float(error[c.id])
        if typical > cfg.threshold:
            out[c.id] = min(cfg.max_factor, typical)
    return out


def _nominal_crew(mr: ModelRun, unit: Unit, day: int) -> list[ShiftRun]:
    """Everyone the rota puts on duty, as if nobody were absent (vacant slots as strangers)."""
    crew = []
    for sid in unit.slots:
        slot = mr.slots[sid]
        if mr.rostered(slot, day):
            pid = mr.holder[sid]
            person = mr.persons[pid] if pid is not None else Person(-1 - sid, slot.district, "regular", slot)
            crew.append(mr.make_run(person, slot, day, slot.skills))
    return crew


def nominal_day(mr: ModelRun, unit: Unit, day: int) -> tuple[list[Visit], list[ShiftRun]]:
    """The visits and crew of a nominal ``day``: everyone on the rota present, no hospital stays."""
    world = mr.world
    cfg = mr.cfg.planning
    wd, wk = world.calendar.weekday(day), world.calendar.week(day)
    visits: list[Visit] = []
    followers: list[Visit] = []
    for cid in unit.clients:
        c = world.clients[cid]
        for p in c.plans:
            if p.active(wd, wk):
                v = Visit(
                    NOMINAL_UID + len(visits), day, p, c, unit.index, p.standard_min, 0.0,
                    cfg.deferrable_below_essential_share,
                )  # fmt: skip
                v.allotted = mr.policy.allot(mr, v)
                visits.append(v)
                if p.follows:
                    followers.append(v)
    link_followers(followers, visits)
    return visits, _nominal_crew(mr, unit, day)


def build_base_schedule(mr: ModelRun, unit: Unit, day: int) -> dict[PlanKey, tuple[int, ...]]:
    """Plan a nominal day (everyone present, no hospital stays): plan key -> slot ids."""
    cfg = mr.cfg.planning
    visits, crew = nominal_day(mr, unit, day)
    weights = DispatchWeights.from_config(cfg)
    # planners weigh who knows the client (continuity_weight_min), the contact person
    # (contact_person_bonus_min) and keep a client with the rota positions that serve it on
    # the other days of the cycle
    credits_known = cfg.continuity_weight_min > 0 or cfg.contact_person_bonus_min > 0
    known = continuity_affinity(mr, day) if credits_known else None
    other = [b for (u, _), (_, b) in mr.policy.state.base.items() if u == unit.index]

    def affinity(vs: Sequence[Visit], cs: Sequence[ShiftRun]) -> np.ndarray:
        out = known(vs, cs) if known is not None else np.zeros((len(vs), len(cs)))
        if other:
            col = {r.slot.id: j for j, r in enumerate(cs)}
            held = np.zeros_like(out)
            for i, v in enumerate(vs):
                for b in other:
                    for slot in b.get((v.client.id, v.plan.index), ()):
                        if slot in col:
                            held[i, col[slot]] += 1.0
            out += cfg.base_schedule_weight_min * held / len(other)
        return out

    plan_by_hand(
        visits,
        crew,
        mr.plan_travel(unit.district, day),
        weights,
        affinity,
        cfg.buffer_share,
        lambda v: None,
        mr.cfg.overheads.logging_min_per_visit,
        cfg.flexible_window_min,
        mr.sc.staffing.max_overtime_min,
    )
    base: dict[PlanKey, list[int]] = {}
    for r in crew:
        for t in r.queue:
            if isinstance(t, Visit):
                base.setdefault((t.client.id, t.plan.index), []).append(r.slot.id)
    return {k: tuple(v) for k, v in base.items()}


def base_schedule(mr: ModelRun, unit: Unit, day: int) -> dict[PlanKey, tuple[int, ...]]:
    """The unit's base schedule for ``day``'s place in the rota cycle, rebuilt when stale."""
    store = mr.policy.state.base
    key = (unit.index, cycle_day(mr.world.calendar, mr.sc.staffing, day))
    built = store.get(key)
    if built is None or day - built[0] >= mr.cfg.planning.base_rebuild_days:
        built = (day, build_base_schedule(mr, unit, day))
        store[key] = built
    return built[1]


def base_affinity(mr: ModelRun, unit: Unit, day: int) -> Affinity:
    """Planner credit for the slot holding each visit in the base schedule."""
    base = base_schedule(mr, unit, day)
    weight = mr.cfg.planning.base_schedule_weight_min

    def credit(visits: Sequence[Visit], crew: Sequence[ShiftRun]) -> np.ndarray:
        out = np.zeros((len(visits), len(crew)))
        col: dict[int, list[int]] = {}
        for j, r in enumerate(crew):
            col.setdefault(r.slot.id, []).append(j)
        for i, v in enumerate(visits):
            for slot in base.get((v.client.id, v.plan.index), ()):
                for j in col.get(slot, ()):
                    out[i, j] = weight
        return out

    return credit
