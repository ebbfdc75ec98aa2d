"""One caregiver's shift as a SimPy process: travel, visits, breaks, alarms, help, overtime.

At every decision point (between two tasks) the caregiver may cancel deferrable
visits when far into overtime, may hand later visits to a teammate (when the
model has mutual help), then takes the next task. Time is booked to exactly one
account as it passes — care, travel, admin (logging), meeting, break or idle — so
``paid = care + travel + admin + meeting + break + idle`` holds for every shift.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING

import numpy as np
import simpy

from sim.engine.errors import InvariantError, clock
from sim.engine.handback import hand_back
from sim.engine.state import AlarmTask, Break, ShiftRun, Visit
from sim.engine.time_checks import RULE, is_minutes
from sim.planning.projection import arrival, behind, slack
from sim.stress import demand_relief, job_control, job_support, strain_index

if TYPE_CHECKING:
    from sim.engine.simulate import ModelRun

Proc = Generator[simpy.Event, object, None]


def _go(
    mr: ModelRun,
    run: ShiftRun,
    travel: np.ndarray,
    road: np.ndarray,
    plan_travel: np.ndarray,
    to: int,
    busy_until: Callable[[float], float] | None = None,
) -> Proc:
    """Travel to location ``to``. ``busy_until(expected arrival)`` says when colleagues expect the
    caregiver to be free again (for whoever hands them an alarm or a visit meanwhile); by default
    on arrival. What others know is an expectation — planning travel, not today's real trip."""
    t = float(travel[run.mode, run.loc, to])
    if not is_minutes(t):
        raise bad_minutes(mr, run, f"the travel time from place {run.loc} to place {to}", t, TRAVEL_CAUSE)
    now = mr.env.now
    arrival = now + t
    expected = now + float(plan_travel[run.mode, run.loc, to])
    run.busy_until = busy_until(expected) if busy_until else expected
    run.loc_after = to
    if t > 0:
        yield mr.env.timeout(t)
        mr.records.activity(run, "travel", now, arrival, from_loc=run.loc, to_loc=to)
    run.travel += t
    run.travel_km += float(road[run.loc, to])
    run.loc = to


def _decide(mr: ModelRun, run: ShiftRun, v: Visit, plan_travel: np.ndarray) -> None:
    """Set the visit's start, real need and delivered minutes (done once, by the last to arrive)."""
    now = mr.env.now
    day = v.day
    mults = [mr.fam.multiplier(mr.fam.known(v.district, p, v.loc, day)) for p in v.performers]
    # after a switch, new routines slow the same care down (sim/engine/learning.py); counted with
    # the familiarisation time, as time spent finding one's way
    slower = 1.0 + mr.learning.slowdown_share * mr.learning_gap(day)
    need = (v.base_need - v.extra) * (sum(mults) / len(mults)) * slower + v.extra
    floor = v.plan.floor_share * need
    late_by = max(0.0, now - v.planned_start)
    v.start = now
    if v.started is not None and not v.started.triggered:
        v.started.succeed()
    v.need = need
    v.delivered = mr.policy.stay(
        mr.cfg.execution,
        need,
        v.allotted,
        floor,
        late_by,
        run.cut_allowed,
        slack(run, v, now, plan_travel, mr.cfg.overheads.logging_min_per_visit),
    )
    if not (is_minutes(need) and is_minutes(v.delivered)):
        what, bad = ("need", need) if not is_minutes(need) else ("time given", v.delivered)
        raise bad_minutes(mr, run, f"the {what} of visit {v.uid} to client {v.client.id}", bad, NEED_CAUSE)


def _do_visit(
    mr: ModelRun, run: ShiftRun, v: Visit, travel: np.ndarray, road: np.ndarray, plan_travel: np.ndarray
) -> Proc:
    env = mr.env
    log = mr.cfg.overheads.logging_min_per_visit
    # colleagues expect the allotted time (and the logging) there, not the need nobody knows yet
    expect = v.allotted + log
    yield from _go(
        mr, run, travel, road, plan_travel, v.loc, lambda at: arrival(at, 0.0, v.not_before) + expect
    )
    if env.now < v.not_before:
        wait = v.not_before - env.now
        yield env.timeout(wait)
        run.idle += wait
        mr.records.activity(run, "wait", v.not_before - wait, v.not_before, v.client.id, v.uid)
    if v.leader is not None:
        yield from _after_leader(mr, run, v)
    v.performers.append(run.person.id)
    v.arrived += 1
    if v.double and v.second_offset > 0:
        yield from _staggered_pair(mr, run, v, plan_travel)
    else:
        second = False
        if v.double and v.arrived == 1:
            # wait for the second caregiver: a double visit starts only when both are there
            v.meet = env.event()
            t0 = env.now
            yield v.meet
            run.idle += env.now - t0
            if env.now > t0:
                mr.records.activity(run, "wait_partner", t0, env.now, v.client.id, v.uid)
        else:
            _decide(mr, run, v, plan_travel)
            if v.meet is not None:
                v.meet.succeed()
                second = True
        # the caregiver who completes a pair is the second: a unit's data may say they are needed
        # for part of the visit only (a transfer), then they leave
        stay = v.delivered * v.plan.second_share if second else v.delivered
        run.busy_until = env.now + (v.allotted * v.plan.second_share if second else v.allotted) + log
        if stay > 0:
            yield env.timeout(stay)
        run.care += stay
        mr.records.activity(run, "care", v.start, v.start + stay, v.client.id, v.uid)
        v.end = v.start + v.delivered
    if log > 0:
        yield env.timeout(log)
        run.admin += log
        mr.records.activity(run, "logging", env.now - log, env.now, v.client.id, v.uid)
    run.visits += 1
    run.rushed += v.delivered < v.need - mr.rushed_tol
    run.late += v.start > v.latest + mr.late_tol
    run.behind_total += max(0.0, v.start - v.planned_start)
    run.real_demand += v.need
    run.unmet += max(0.0, v.need - v.delivered)
    run.clients_met.add(v.client.id)
    if v.double:  # both caregivers are there while the second stays (their share of the visit)
        run.paired += v.delivered * v.plan.second_share
    mr.fam.record(v.district, run.person.id, v.loc, v.day)
    v.arrived -= 1
    if v.arrived == 0:
        mr.records.visit(v, mr.rushed_tol, mr.late_tol, mr.contact_holder(v.client.id))
        mr.policy.after_visit(mr, v)


def _after_leader(mr: ModelRun, run: ShiftRun, v: Visit) -> Proc:
    """A linked visit starts at least ``follows_min_gap`` after the visit it follows: wait for
    that visit to start (but not past this one's window, and not for one still in this
    caregiver's own queue), then for the gap."""
    env, lead = mr.env, v.leader
    assert lead is not None
    if math.isnan(lead.start) and not lead.missed and lead not in run.queue and env.now < v.latest:
        if lead.started is None:
            lead.started = env.event()
        t0 = env.now
        yield lead.started | env.timeout(v.latest - env.now)
        run.idle += env.now - t0
        if env.now > t0:
            mr.records.activity(run, "wait_linked", t0, env.now, v.client.id, v.uid)
    if lead.missed or math.isnan(lead.start):
        return
    due = lead.start + v.plan.follows_min_gap
    if env.now < due:
        t0 = env.now
        yield env.timeout(due - t0)
        run.idle += due - t0
        mr.records.activity(run, "wait_linked", t0, due, v.client.id, v.uid)


def _staggered_pair(mr: ModelRun, run: ShiftRun, v: Visit, plan_travel: np.ndarray) -> Proc:
    """A double visit whose second caregiver joins part-way (a unit's ``second_offset_min``): the
    first to arrive starts alone; the part that needs two starts when the second is there and
    the first has reached it; the second leaves after their share (``second_min``)."""
    env = mr.env
    if math.isnan(v.start):  # the lead
        _decide(mr, run, v, plan_travel)
        v.meet = v.meet or env.event()
        alone = v.delivered * v.second_offset
        run.busy_until = env.now + v.allotted
        if alone > 0:
            yield env.timeout(alone)
        if not v.meet.triggered:
            t0 = env.now
            yield v.meet
            run.idle += env.now - t0
            mr.records.activity(run, "care", v.start, t0, v.client.id, v.uid)
            mr.records.activity(run, "wait_partner", t0, env.now, v.client.id, v.uid)
            resumed = env.now
        else:
            resumed = v.start
        rest = v.delivered - alone
        if rest > 0:
            yield env.timeout(rest)
        run.care += v.delivered
        mr.records.activity(run, "care", resumed, env.now, v.client.id, v.uid)
        v.end = env.now
        return
    # the second: join when the lead has reached the part that needs two
    v.meet = v.meet or env.event()
    due = v.start + v.delivered * v.second_offset
    if env.now < due:
        t0 = env.now
        yield env.timeout(due - t0)
        run.idle += due - t0
        mr.records.activity(run, "wait_partner", t0, due, v.client.id, v.uid)
    if not v.meet.triggered:
        v.meet.succeed()
    stay = v.delivered * v.plan.second_share
    run.busy_until = env.now + v.allotted * v.plan.second_share
    if stay > 0:
        yield env.timeout(stay)
    run.care += stay
    mr.records.activity(run, "care", env.now - stay, env.now, v.client.id, v.uid)


def _do_alarm(
    mr: ModelRun, run: ShiftRun, a: AlarmTask, travel: np.ndarray, road: np.ndarray, plan_travel: np.ndarray
) -> Proc:
    yield from _go(mr, run, travel, road, plan_travel, a.client.loc)
    mr.records.alarm_answered(a.record_index, "team", run.person.id, mr.env.now)
    run.busy_until = mr.env.now + a.expected_min  # colleagues know a call's usual length
    yield mr.env.timeout(a.handling_min)
    run.care += a.handling_min
    mr.records.activity(run, "alarm", mr.env.now - a.handling_min, mr.env.now, a.client.id)
    run.alarms += 1


def _do_break(mr: ModelRun, run: ShiftRun, b: Break, plan_travel: np.ndarray) -> Proc:
    late_by = behind(run, mr.env.now, plan_travel)
    if late_by > mr.cfg.execution.skip_break_when_behind_min or run.took_break:
        if not run.took_break:
            run.missed_breaks += 1
            mr.records.activity(run, "missed_break", mr.env.now, mr.env.now)
        run.took_break = True
        return
    run.took_break = True
    if mr.env.now < run.break_earliest:  # ahead of the plan: the break is not due yet
        t0 = mr.env.now
        run.busy_until = run.break_earliest + b.minutes
        yield mr.env.timeout(run.break_earliest - t0)
        run.idle += mr.env.now - t0
        mr.records.activity(run, "idle", t0, mr.env.now)
    run.busy_until = mr.env.now + b.minutes
    yield mr.env.timeout(b.minutes)
    run.breaks += b.minutes
    mr.records.activity(run, "break", mr.env.now - b.minutes, mr.env.now)


def wait_for_previous_shift(mr: ModelRun, run: ShiftRun) -> Proc:
    """A shift starts once the same person's previous shift has ended (it may run into overtime
    past this one's start): then this one starts late."""
    prev = run.after
    if prev is not None and not prev.done:
        if prev.ended is None:
            prev.ended = mr.env.event()
        yield prev.ended


TRAVEL_CAUSE = "check the travel matrix file or the district's travel settings"
NEED_CAUSE = "check the unit's visit minutes or the need settings"


def bad_minutes(mr: ModelRun, run: ShiftRun, what: str, minutes: float, cause: str) -> InvariantError:
    """The error that stops a run when a time entering it is not a finite number of minutes >= 0."""
    return InvariantError(
        f"caregiver {mr.names.person_name(run.person.id)} on {mr.world.calendar.date(run.day)} at "
        f"{clock(mr.env.now)}: {what} is {minutes!r} min: {RULE} ({cause})"
    )


def check_one_place(mr: ModelRun, run: ShiftRun) -> None:
    """Invariant: a person works one shift at a time (they cannot be in two places)."""
    other = mr.on_duty.get(run.person.id)
    if other is not None:
        raise InvariantError(
            f"caregiver {mr.names.person_name(run.person.id)} would be in two places: a shift of day "
            f"{run.day} ({clock(run.start)}-{clock(run.end)}) started at {clock(mr.env.now)} while "
            f"their shift of day {other.day} ({clock(other.start)}-{clock(other.end)}) was still going"
        )
    mr.on_duty[run.person.id] = run


def shift_overrun(mr: ModelRun, run: ShiftRun) -> InvariantError:
    """The error that stops a run whose shift goes on far past its end."""
    left = sum(isinstance(t, Visit) for t in run.queue)
    hours = (mr.env.now - run.end) / 60.0
    return InvariantError(
        f"caregiver {mr.names.person_name(run.person.id)}'s shift of {mr.world.calendar.date(run.day)} "
        f"({clock(run.start)}-{clock(run.end)}) is still going {hours:.0f} h after its end with {left} "
        f"visits left: the day's plan gives one person more than a shift holds (check the unit's "
        f"shifts and visit windows), or raise scenario.guards.max_hours_past_shift_end"
    )


def shift_process(mr: ModelRun, run: ShiftRun) -> Proc:
    """Work ``run`` from shift start until its queue is done and the shift is over."""
    env = mr.env
    district = run.slot.district
    travel = mr.world.travel(district, run.day)
    plan_travel = mr.plan_travel(district, run.day)
    road = mr.world.districts[district].geography.road_km
    max_ot = mr.sc.staffing.max_overtime_min
    yield env.timeout(max(0.0, run.start - env.now))
    yield from wait_for_previous_shift(mr, run)
    check_one_place(mr, run)
    run.active = True
    if run.meeting_min > 0:
        run.busy_until = env.now + run.meeting_min
        yield env.timeout(run.meeting_min)
        run.meeting += run.meeting_min
        mr.records.activity(run, "meeting", env.now - run.meeting_min, env.now)
    while True:
        if env.now > run.end + max_ot and run.queue:
            hand_back(mr, run)
        if env.now > run.end + mr.guard_min:
            raise shift_overrun(mr, run)
        if not run.queue:
            if run.loc != run.base:
                yield from _go(mr, run, travel, road, plan_travel, run.base)
                continue
            if env.now >= run.end:
                break
            # back at the office with nothing planned: free for handovers and alarms
            run.wake = env.event()
            run.busy_until, run.loc_after = env.now, run.base
            t0 = env.now
            yield run.wake | env.timeout(run.end - env.now)
            run.idle += env.now - t0
            if env.now > t0:
                mr.records.activity(run, "idle", t0, env.now)
            run.wake = None
            continue
        if mr.policy.help is not None:
            mr.policy.help(mr, run, env.now)
        task = run.queue.popleft()
        if isinstance(task, Break):
            yield from _do_break(mr, run, task, plan_travel)
        elif isinstance(task, AlarmTask):
            yield from _do_alarm(mr, run, task, travel, road, plan_travel)
        else:
            yield from _do_visit(mr, run, task, travel, road, plan_travel)
    run.finish = env.now
    run.done, run.active = True, False
    del mr.on_duty[run.person.id]
    if run.ended is not None:
        run.ended.succeed()
    _close_shift(mr, run)


def _close_shift(mr: ModelRun, run: ShiftRun) -> None:
    p = run.person
    behind_mean = run.behind_total / run.visits if run.visits else 0.0
    cfg = mr.sc.stress
    # job control and support as this shift's working conditions gave them (sim/stress.py)
    control = job_control(
        visits=run.visits,
        rushed=run.rushed,
        planned=run.planned_visits,
        own_plan=run.own_plan,
        handed_in=run.handed_in,
        handed_out=run.handed_out,
        helped_in=run.helped_in,
        helped_out=run.helped_out,
        alarms=run.alarms,
        cancelled=run.cancelled,
    )
    support = job_support(
        cfg,
        handed_out=run.handed_out,
        helped_in=run.helped_in,
        meeting_min=run.meeting,
        paired_min=run.paired,
    )
    strain = strain_index(
        cfg.weights,
        overtime_min=max(0.0, run.finish - run.end),
        visits=run.visits,
        rushed=run.rushed,
        behind_mean_min=behind_mean,
        missed_breaks=run.missed_breaks,
        planned_demand_min=run.planned_demand,
        real_demand_min=run.real_demand,
        distinct_clients=len(run.clients_met),
        unmet_min=run.unmet,
        relief=demand_relief(cfg, control, support),
    ) * (1.0 + mr.learning.strain_extra_share * mr.learning_gap(run.day))  # a change is a demand too
    mode = mr.world.districts[run.slot.district].geography.modes[run.mode]
    mr.records.shift(run, mode, control, support, strain, p.stress)
    p.pending_strain += strain
    p.worked_since_update = True
