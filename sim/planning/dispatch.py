"""Route building: a time-ordered greedy dispatcher with time windows, skills, breaks,
shift lengths and synchronised double-staffed visits.

Visits are taken in order of their window; each goes to the caregiver with the
lowest cost::

    cost = travel_weight × travel + idle_weight × wait − affinity
           + late_penalty × minutes after the window + overtime_penalty × overtime
           + capacity_penalty × planned load above the caregiver's capacity

``affinity`` is where the delivery models differ: the minute-controlled planner
credits the caregiver who holds the visit in the base schedule, the trust-based
team credits the contact person and whoever knows the client. A double-staffed
visit takes the two cheapest caregivers and starts when both can be there. A
deferrable (service) visit that nobody can make in time is cancelled — recorded as
missed — rather than pushed into overtime; essential visits are always planned.

This is how a team plans its own day by hand (:mod:`sim.planning.by_hand` lays
out the timed visits with it); the minute-controlled planners' routing tool is
:mod:`sim.planning.vrp`. The behaviour is covered by tests (windows, skills,
double staffing, shift ends).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from sim.config.reads import Reads, model_equals
from sim.config.schema_models import PlanningConfig
from sim.engine.state import Break, ShiftRun, Visit
from sim.planning.duty import duty_groups
from sim.planning.projection import arrivals

# (visits, crew) -> credit matrix of shape (visits, crew), in planning minutes
Affinity = Callable[[Sequence[Visit], Sequence[ShiftRun]], np.ndarray]


# The config keys the greedy router (a team planning its own day by hand: dispatch, by_hand)
# reads (issue 25: sim/config/reads.py); the optimiser plans with PyVRP's objective instead.
READS = Reads(
    "the greedy router (sim/planning/dispatch.py)",
    (
        "models.*.planning.travel_weight",
        "models.*.planning.idle_weight",
        "models.*.planning.delay_weight",
        "models.*.planning.late_weight",
        "models.*.planning.overtime_weight",
        "models.*.planning.over_capacity_weight",
        "models.*.planning.same_client_weight_min",
        "models.*.planning.flexible_window_min",
        "models.*.planning.planned_caregiver_weight_min",
        "models.*.planning.continuity_weight_min",
        "models.*.planning.contact_person_bonus_min",
        "models.*.planning.buffer_share",
        "models.*.planning.buffer_placement",
    ),
    model_equals("planning.router", "greedy"),
)


@dataclass(frozen=True)
class DispatchWeights:
    """Cost weights of the dispatcher (minutes of travel equivalent)."""

    travel: float = 1.0
    idle: float = 0.3
    delay: float = 0.5  # per minute the visit starts after its window opens: spreads the work
    late: float = 1000.0
    overtime: float = 50.0
    over_capacity: float = 5.0
    same_client: float = 0.0  # credit for a caregiver who already has this client today

    @classmethod
    def from_config(cls, cfg: PlanningConfig) -> DispatchWeights:
        """The weights a model's planning config sets."""
        return cls(
            cfg.travel_weight,
            cfg.idle_weight,
            cfg.delay_weight,
            cfg.late_weight,
            cfg.overtime_weight,
            cfg.over_capacity_weight,
            cfg.same_client_weight_min,
        )


def _start_of_work(r: ShiftRun) -> float:
    return r.start + r.meeting_min


def plannable_capacity(r: ShiftRun, buffer_share: float) -> float:
    """Minutes of a shift the planner may fill: shift − meeting − break, less the buffer
    (none for a floater, who is planned only what nobody else can take)."""
    if r.floater:
        return 0.0
    return (r.end - _start_of_work(r) - r.break_min) * (1.0 - buffer_share)


def choose_floaters(crew: Sequence[ShiftRun], buffer_share: float, day: int) -> list[ShiftRun]:
    """The floaters of a day: round(buffer_share × crew) of each shift's crew, substitutes first
    (they know no client), then regulars in a rota that moves on one place a day."""
    by_shift: dict[str, list[ShiftRun]] = {}
    for r in crew:
        by_shift.setdefault(r.shift, []).append(r)
    out: list[ShiftRun] = []
    for group in by_shift.values():
        n = int(np.floor(buffer_share * len(group) + 0.5))
        if n == 0:
            continue
        subs = sorted((r for r in group if r.person.kind != "regular"), key=lambda r: r.person.id)
        regs = sorted((r for r in group if r.person.kind == "regular"), key=lambda r: r.slot.id)
        turn = day % len(regs) if regs else 0
        out += (subs + regs[turn:] + regs[:turn])[:n]
    return out


def dispatch(
    visits: Sequence[Visit],
    crew: Sequence[ShiftRun],
    travel_min: np.ndarray,
    weights: DispatchWeights,
    affinity: Affinity | None,
    buffer_share: float,
    on_missed: Callable[[Visit], None],
    after_visit_min: float = 0.0,
    max_overtime: float = float("inf"),
) -> None:
    """Append visits (and breaks) to the crew's queues in route order; cancel what cannot fit.

    ``travel_min`` is (mode, from, to) planning travel minutes of the district;
    ``after_visit_min`` is time spent after each visit before leaving (logging).
    """
    for idx, group in duty_groups(visits, crew):
        if not group:
            continue
        _dispatch_group(
            group,
            [crew[i] for i in idx],
            travel_min,
            weights,
            affinity,
            buffer_share,
            on_missed,
            after_visit_min,
            max_overtime,
        )
    for r in crew:
        if not any(isinstance(t, Break) for t in r.queue) and r.break_min > 0:
            r.queue.append(Break(r.break_min))


def _dispatch_group(
    visits: list[Visit],
    crew: list[ShiftRun],
    travel_min: np.ndarray,
    w: DispatchWeights,
    affinity: Affinity | None,
    buffer_share: float,
    on_missed: Callable[[Visit], None],
    after_visit_min: float,
    max_overtime: float = float("inf"),
) -> None:
    m = len(crew)
    if m == 0:
        for v in visits:
            on_missed(v)
        return
    free = np.array([_start_of_work(r) for r in crew])
    base = np.array([r.base for r in crew], dtype=np.intp)  # the office, or a caregiver's home
    loc = base.copy()
    mode = np.array([r.mode for r in crew], dtype=np.intp)
    end = np.array([r.end for r in crew])
    cap = np.array([plannable_capacity(r, buffer_share) for r in crew])
    used = np.zeros(m)
    had_break = np.array([r.break_min <= 0 for r in crew])
    brk_e = np.array([r.break_earliest for r in crew])
    brk_len = np.array([r.break_min for r in crew])
    skill_ok: dict[frozenset[str], np.ndarray] = {frozenset(): np.ones(m, dtype=bool)}
    order = sorted(visits, key=lambda x: (x.earliest, x.latest, x.uid))
    # who knows whom does not change while a day is planned: one matrix for the group
    credit = affinity(order, crew) if affinity is not None else None
    has_client: dict[int, np.ndarray] = {}  # client id -> crew already visiting them today
    for i, v in enumerate(order):
        ok = skill_ok.get(v.skills)
        if ok is None:
            ok = skill_ok[v.skills] = np.array([v.skills <= r.skills for r in crew])
        # a double visit needs the skill in one of its two caregivers, not both
        if not ok.any() or (v.double and m < 2):
            on_missed(v)
            continue
        dur = v.allotted + after_visit_min
        need_break = (~had_break) & (free >= brk_e)
        avail = free + need_break * brk_len
        t = travel_min[mode, loc, v.loc]
        opens = float(v.earliest)
        if v.leader is not None and v.leader.planned:
            # a linked visit is planned at least its gap after the visit it follows (planned
            # earlier: visits are laid out in time order and the gap opens its window later)
            opens = max(opens, v.leader.planned_start + v.plan.follows_min_gap)
        arrive = arrivals(avail, t, opens)
        late = np.maximum(0.0, arrive - v.latest)
        over = np.maximum(0.0, arrive + dur + travel_min[mode, v.loc, base] - end)
        cost = (
            w.travel * t
            + w.idle * (arrive - avail - t)
            + w.delay * (arrive - opens)
            + w.late * late
            + w.overtime * over
            + w.over_capacity * np.maximum(0.0, used + t + dur - cap)
        )
        if credit is not None:
            cost = cost - credit[i]
        cost[over > max_overtime] = np.inf  # nobody is planned past the overtime a shift may take
        seen = has_client.get(v.client.id)
        if seen is not None and w.same_client:
            cost = cost - w.same_client * seen
        if v.double:
            firsts = np.where(ok, cost, np.inf)
            if not np.isfinite(firsts).any():
                on_missed(v)
                continue
            first = int(np.argmin(firsts))
            rest = cost.copy()
            # a pair is two people: not the first again, nor another shift of theirs that day
            rest[[r.person.id == crew[first].person.id for r in crew]] = np.inf
            if v.partner_skills:  # the client refuses someone: the second may not be them either
                rest[[not v.partner_skills <= r.skills for r in crew]] = np.inf
            if not np.isfinite(rest).any():
                on_missed(v)
                continue
            pick = [first, int(np.argmin(rest))]
            start = float(arrive[pick].max())
        else:
            cost[~ok] = np.inf
            if not np.isfinite(cost).any():
                on_missed(v)
                continue
            pick = [int(np.argmin(cost))]
            start = float(arrive[pick[0]])
        late_k = max(0.0, start - v.latest)
        if v.deferrable and (late_k > 0 or float(over[pick].max()) > 0):
            on_missed(v)
            continue
        v.planned_start = start
        v.planned = [crew[k].person.id for k in pick]
        seen = has_client.setdefault(v.client.id, np.zeros(m))
        seen[pick] = 1.0
        for k in pick:
            r = crew[k]
            if need_break[k]:
                r.queue.append(Break(r.break_min))
                had_break[k] = True
            r.queue.append(v)
            r.planned_demand += v.allotted
            free[k] = start + dur
            used[k] += t[k] + dur
            loc[k] = v.loc
