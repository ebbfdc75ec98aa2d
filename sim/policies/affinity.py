"""Planner credit for continuity, shared by both models' planners: the caregivers who know a
client (familiarity) and the client's contact person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from sim.config.reads import Reads, model_equals
from sim.engine.state import ShiftRun, Visit
from sim.planning.dispatch import Affinity

if TYPE_CHECKING:
    from sim.engine.simulate import ModelRun


# The config keys the planners' credit for continuity reads (issue 25: sim/config/reads.py).
READS = Reads(
    "the continuity credit (sim/policies/affinity.py)",
    ("models.*.planning.continuity_weight_min", "models.*.planning.contact_person_bonus_min"),
    model_equals("planning.router", "greedy", "optimiser"),
)


def continuity_affinity(mr: ModelRun, day: int) -> Affinity:
    """Planner credit for the contact person and for caregivers who know the client."""
    cfg = mr.cfg.planning
    w, bonus = cfg.continuity_weight_min, cfg.contact_person_bonus_min

    def credit(visits: Sequence[Visit], crew: Sequence[ShiftRun]) -> np.ndarray:
        out = np.zeros((len(visits), len(crew)))
        if not visits or not crew:
            return out
        ids = np.array([r.person.id for r in crew])
        if w > 0:
            district = visits[0].district
            rows = mr.fam.rows(district, ids.tolist())
            locs = np.array([v.loc for v in visits])
            out += w * mr.fam.score(mr.fam.known_matrix(district, rows, locs, day))
        if bonus > 0:
            holders = np.array([mr.contact_holder(v.client.id) for v in visits])
            out += bonus * (holders[:, None] == ids[None, :])
        return out

    return credit


def planned_affinity(weight_min: float) -> Affinity:
    """Planner credit for the staff position a unit's own plan gives each visit (replaying the
    plan: a substitute covering that position inherits its visits)."""

    def credit(visits: Sequence[Visit], crew: Sequence[ShiftRun]) -> np.ndarray:
        planned = np.array([v.plan.planned_slot for v in visits], dtype=np.int64)
        slots = np.array([r.slot.id for r in crew], dtype=np.int64)
        return weight_min * ((planned[:, None] == slots[None, :]) & (planned[:, None] >= 0))

    return credit
