"""Trust-based home care (tillitsbaserad hemtjänst): the behaviours that define it.

* **Allotted time = the team's estimate of the real need**, learned from past
  visits (an exponential average of the need they judged, with a person's error).
* **The team plans its own day, continuity first**: the contact person, else
  whoever knows the client best, then travel; a share of each shift is left
  unplanned as a buffer; a daily meeting plans and hands over.
* **Mutual help before cutting care**: a caregiver who falls behind hands later
  visits to a teammate with slack; care is cut only when nobody has slack. A small crew (an
  evening of two or three) may call on a neighbouring team when no teammate has slack.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sim.config.reads import Reads, both, model_equals
from sim.engine.handback import give_visit
from sim.engine.state import ShiftRun, Visit
from sim.planning.projection import eta_if_given, project
from sim.rng import lognormal_mean1_from_cv_u

if TYPE_CHECKING:
    from sim.engine.simulate import ModelRun


# The config keys mutual help and the learned allotment read (issue 25: sim/config/reads.py).
HELP_READS = Reads(
    "mutual help (sim/policies/trust.py)",
    ("models.*.execution.help_threshold_min", "models.*.execution.help_across_teams"),
    model_equals("execution.mutual_help", True),
)
SMALL_CREW_READS = Reads(
    "help for small crews from neighbouring teams (sim/policies/trust.py)",
    ("models.*.execution.help_across_teams_crew_max",),
    both(
        model_equals("execution.mutual_help", True),
        model_equals("execution.help_across_teams", False),
        model_equals("organisation.unit", "team"),
    ),
)
LEARNED_READS = Reads(
    "the learned allotment (sim/policies/trust.py)",
    ("models.*.planning.learning_rate", "models.*.planning.need_judgement_cv"),
    model_equals("planning.allotment", "learned"),
)


def allot_learned(mr: ModelRun, v: Visit) -> float:
    """The team's current estimate of this visit's real need (standard time at first)."""
    return mr.policy.state.estimate.get((v.client.id, v.plan.index), v.standard)


def judged_need(mr: ModelRun, v: Visit) -> float:
    """The need the caregiver saw at the visit, as they judge it: the real need times a mean-one
    lognormal error (``need_judgement_cv``) drawn by (day, client, planned visit)."""
    # after a switch a team new to judging needs does it more roughly (sim/engine/learning.py)
    cv = mr.cfg.planning.need_judgement_cv + mr.learning.judgement_cv_extra * mr.learning_gap(v.day)
    if cv == 0:
        return v.need
    factors = mr.policy.state.judgement
    day = factors.get(v.day)
    if day is None:
        for old in [d for d in factors if abs(d - v.day) >= 2]:
            del factors[old]
        day = factors[v.day] = lognormal_mean1_from_cv_u(mr.world.judgement_uniforms(v.day), cv).tolist()
    return v.need * day[v.client.id][v.plan.index]


def learn_need(mr: ModelRun, v: Visit) -> None:
    """Move the estimate towards the need the caregiver judged at the visit just finished (an
    exponential average with weight ``learning_rate`` on the newest judgement)."""
    key = (v.client.id, v.plan.index)
    est = mr.policy.state.estimate.get(key, v.standard)
    mr.policy.state.estimate[key] = est + mr.cfg.planning.learning_rate * (judged_need(mr, v) - est)


def helping_teams(mr: ModelRun, run: ShiftRun) -> list[int]:
    """The other teams ``run`` may hand a visit to that no teammate can take.

    With ``help_across_teams``, every other team of the district. Else, when the caregiver's team
    has at most ``help_across_teams_crew_max`` people on this shift (an evening crew of two or
    three has nobody to hand to), its neighbouring teams: the district's teams are sectors in
    angle order around the office, so the neighbours are the sectors on either side (the last
    borders the first). A larger crew helps itself and keeps the clients' faces within the team.
    """
    ex = mr.cfg.execution
    units = mr.units_by_district.get(run.slot.district, [])
    if len(units) < 2:
        return []
    if ex.help_across_teams:
        return [u for u in units if u != run.unit]
    crew = {r.person.id for r in mr.active.get(run.unit, ()) if r.shift == run.shift}
    if len(crew) > ex.help_across_teams_crew_max:
        return []
    i = units.index(run.unit)
    return sorted({units[i - 1], units[(i + 1) % len(units)]} - {run.unit})


def hand_over(mr: ModelRun, run: ShiftRun, now: float) -> None:
    """Give later visits to teammates who can make them sooner; allow cutting only if that is
    not enough.

    A visit is handed over at most once, and only to a teammate who would get there no
    later than the caregiver who is behind and still ends the shift on time.
    """
    ex = mr.cfg.execution
    log = mr.cfg.overheads.logging_min_per_visit
    travel = mr.plan_travel(run.slot.district, run.day)
    starts, finish = project(run, now, travel, log)
    overrun = max([finish - run.end] + [s - v.planned_start for v, s in starts])
    handed_minutes = 0.0
    if overrun <= ex.help_threshold_min:
        run.cut_allowed = False
        return

    def free(units: Sequence[int]) -> list[ShiftRun]:
        return [r for u in units for r in mr.active.get(u, ()) if r is not run and not r.done and r.end > now]

    # the own team first; other teams of the district only for what the team cannot take
    circles = [free([run.unit])]
    others = helping_teams(mr, run)
    if others:
        circles.append(free(others))
    plans = {id(r): project(r, now, travel, log) for mates in circles for r in mates}
    slack = {id(r): r.end - plans[id(r)][1] for mates in circles for r in mates}
    for v, my_start in reversed(starts[1:]):
        if overrun <= ex.help_threshold_min:
            break
        if v.double or v.handed_over:
            continue
        cost = v.allotted + log + 2.0 * float(travel[run.mode, run.base, v.loc])
        best, best_eta = None, my_start
        for mates in circles:
            for r in mates:
                if slack[id(r)] < cost or not v.skills <= r.skills or r.start > v.latest:
                    continue
                eta = eta_if_given(r, plans[id(r)][0], v, now, travel, log)
                if eta <= best_eta:
                    best, best_eta = r, eta
            if best is not None:
                break
        if best is None:
            continue
        run.queue.remove(v)
        give_visit(mr, run, best, v, best_eta, by_choice=True)  # the teammate's plan now
        slack[id(best)] -= cost
        plans[id(best)] = project(best, now, travel, log)
        overrun -= v.allotted + log
        handed_minutes += v.allotted + log
    # care is cut only when the caregiver cannot finish in time even after the team's help:
    # being late for one client is absorbed, running past the shift end is not
    run.cut_allowed = finish - handed_minutes - run.end > ex.help_threshold_min
