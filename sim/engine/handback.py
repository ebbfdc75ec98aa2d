"""What a caregiver far into overtime does with the visits left: in every model alike, past
``scenario.staffing.max_overtime_min`` the deferrable ones are cancelled and each essential one is
handed back — to the colleague of the unit on duty who can start it soonest and still finish
within their shift — or, when nobody can take it, not made (its whole need unmet). A double-staffed
visit nobody has reached yet is not made either (it leaves the partner's route too); one whose
partner already waits there is made.

The Working Hours Act caps overtime and nobody works on for hours: without this rule a plan
that gives one person more than a shift holds ran on for days (issue 24).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.engine.state import ShiftRun, Visit
from sim.planning.projection import eta_if_given, project

if TYPE_CHECKING:
    from sim.engine.simulate import ModelRun


def insert_in_order(run: ShiftRun, v: Visit) -> None:
    """Slot ``v`` into ``run``'s queue by planned start (queues stay in that order, so the two
    caregivers of a double visit never wait for each other crosswise)."""
    key = v.order_key()
    for i, t in enumerate(run.queue):
        if isinstance(t, Visit) and t.order_key() > key:
            run.queue.insert(i, v)
            return
    run.queue.append(v)


def give_visit(mr: ModelRun, run: ShiftRun, mate: ShiftRun, v: Visit, eta: float, *, by_choice: bool) -> None:
    """Move ``v`` from ``run``'s queue (the caller has taken it out) into ``mate``'s, in planned
    order, to start at ``eta`` (lateness is measured from the new plan), with the books of both
    and a wake-up for a mate waiting at the office. The one hand-over both the teams' mutual help
    (``by_choice``: the two decided it) and the hand-back in overtime (a rule decided it) make."""
    now = mr.env.now
    insert_in_order(mate, v)
    v.handed_over = True
    v.planned_start = eta
    mr.records.activity(run, "handover_out", now, now, v.client.id, v.uid)
    mr.records.activity(mate, "handover_in", now, now, v.client.id, v.uid)
    run.handed_out += 1
    mate.handed_in += 1
    if by_choice:  # job control counts it as the caregivers' own decision, support as help offered
        run.helped_out += 1
        mate.helped_in += 1
    mate.planned_demand += v.allotted
    run.planned_demand -= v.allotted
    if mate.wake is not None and not mate.wake.triggered:
        mate.wake.succeed()


def _drop_pair(mr: ModelRun, run: ShiftRun, v: Visit) -> None:
    """A double visit nobody has reached yet, given up by a caregiver far into overtime: it leaves
    the partner's route too and is not made."""
    for r in mr.active.get(run.unit, ()):
        if r is not run and v in r.queue:
            r.queue.remove(v)
    mr.missed(v)
    run.cancelled += 1


def hand_back(mr: ModelRun, run: ShiftRun) -> None:
    """Cancel ``run``'s deferrable visits and hand back its other single-staffed ones (see the
    module docstring)."""
    now = mr.env.now
    log = mr.cfg.overheads.logging_min_per_visit
    travel = mr.plan_travel(run.slot.district, run.day)
    mates = [
        r
        for r in mr.active.get(run.unit, ())
        if r is not run and not r.done and r.person.id != run.person.id and r.end > now
    ]
    plans = {id(r): project(r, now, travel, log) for r in mates}
    keep = []
    for t in list(run.queue):
        if isinstance(t, Visit) and t.double and t.arrived == 0:
            _drop_pair(mr, run, t)  # nobody is there yet: the pair is not made so late
            continue
        if not isinstance(t, Visit) or t.double:
            keep.append(t)  # a partner already waits there
            continue
        if t.deferrable:
            mr.missed(t)
            run.cancelled += 1
            continue
        best, best_eta = None, float("inf")
        for r in mates:
            if not t.skills <= r.skills:
                continue
            eta = eta_if_given(r, plans[id(r)][0], t, now, travel, log)
            if eta < best_eta and eta + t.allotted <= r.end:
                best, best_eta = r, eta
        if best is None:
            mr.missed(t)
            run.cancelled += 1
            continue
        give_visit(mr, run, best, t, best_eta, by_choice=False)
        plans[id(best)] = project(best, now, travel, log)
    run.queue.clear()
    run.queue.extend(keep)
