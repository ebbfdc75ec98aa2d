"""One caregiver's shift as a SimPy process: travel, visits, breaks, alarms, help, overtime.

At every decision point (between two tasks) the caregiver may cancel deferrable
visits when far into overtime, may hand later visits to a teammate (when the
model has mutual help), then takes the next task. Time is booked to exactly one
account as it passes — care, travel, admin (logging), meeting, break or idle — so
``paid = care + travel + admin + meeting + break + idle`` holds for every shift.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING

import numpy as np
import simpy

from sim.engine.state import AlarmTask, Break, ShiftRun, Visit
from sim.planning.projection import arrival, behind, slack
from sim.stress import strain_index

if TYPE_CHECKING:
    from sim.engine.simulate import ModelRun

Proc = Generator[simpy.Event, object, None]


def _go(
    mr: ModelRun,
    run: ShiftRun,
    travel: np.ndarray,
    road: np.ndarray,
    to: int,
    busy_until: Callable[[float], float] | None = None,
) -> Proc:
    """Travel to location ``to``. ``busy_until(arrival)`` says when the caregiver will be free
    again (for whoever hands them an alarm meanwhile); by default on arrival."""
    t = float(travel[run.mode, run.loc, to])
    now = mr.env.now
    arrival = now + t
    run.busy_until = busy_until(arrival) if busy_until else arrival
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
    need = (v.base_need - v.extra) * (sum(mults) / len(mults)) + v.extra
    floor = v.plan.floor_share * need
    late_by = max(0.0, now - v.planned_start)
    v.start = now
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


def _do_visit(
    mr: ModelRun, run: ShiftRun, v: Visit, travel: np.ndarray, road: np.ndarray, plan_travel: np.ndarray
) -> Proc:
    env = mr.env
    log = mr.cfg.overheads.logging_min_per_visit
    if v.double:
        bound = float("inf")  # depends on when the partner comes
    else:
        # delivered never exceeds the need, which is known once we know who comes
        mult = mr.fam.multiplier(mr.fam.known(v.district, run.person.id, v.loc, v.day))
        bound = (v.base_need - v.extra) * mult + v.extra + log
    yield from _go(mr, run, travel, road, v.loc, lambda at: arrival(at, 0.0, v.earliest) + bound)
    if env.now < v.earliest:
        wait = v.earliest - env.now
        yield env.timeout(wait)
        run.idle += wait
        mr.records.activity(run, "wait", v.earliest - wait, v.earliest, v.client.id, v.uid)
    v.performers.append(run.person.id)
    v.arrived += 1
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
    run.busy_until = env.now + stay + log
    if stay > 0:
        yield env.timeout(stay)
    run.care += stay
    mr.records.activity(run, "care", v.start, v.start + stay, v.client.id, v.uid)
    if log > 0:
        yield env.timeout(log)
        run.admin += log
        mr.records.activity(run, "logging", env.now - log, env.now, v.client.id, v.uid)
    v.end = v.start + v.delivered
    run.visits += 1
    run.rushed += v.delivered < v.need - mr.rushed_tol
    run.late += v.start > v.latest + mr.late_tol
    run.behind_total += max(0.0, v.start - v.planned_start)
    run.real_demand += v.need
    run.unmet += max(0.0, v.need - v.delivered)
    run.clients_met.add(v.client.id)
    mr.fam.record(v.district, run.person.id, v.loc, v.day)
    v.arrived -= 1
    if v.arrived == 0:
        mr.records.visit(v, mr.rushed_tol, mr.late_tol, mr.contact_holder(v.client.id))
        mr.policy.after_visit(mr, v)


def _do_alarm(mr: ModelRun, run: ShiftRun, a: AlarmTask, travel: np.ndarray, road: np.ndarray) -> Proc:
    yield from _go(mr, run, travel, road, a.client.loc)
    mr.records.alarm_answered(a.record_index, "team", run.person.id, mr.env.now)
    run.busy_until = mr.env.now + a.handling_min
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


def _cancel_deferrable(mr: ModelRun, run: ShiftRun) -> None:
    keep = [t for t in run.queue if not (isinstance(t, Visit) and t.deferrable)]
    for t in run.queue:
        if isinstance(t, Visit) and t.deferrable:
            mr.missed(t)
            run.cancelled += 1
    run.queue.clear()
    run.queue.extend(keep)


def shift_process(mr: ModelRun, run: ShiftRun) -> Proc:
    """Work ``run`` from shift start until its queue is done and the shift is over."""
    env = mr.env
    district = run.slot.district
    travel = mr.world.travel(district, run.day)
    plan_travel = mr.plan_travel(district, run.day)
    road = mr.world.districts[district].geography.road_km
    max_ot = mr.sc.staffing.max_overtime_min
    yield env.timeout(max(0.0, run.start - env.now))
    run.active = True
    if run.meeting_min > 0:
        run.busy_until = env.now + run.meeting_min
        yield env.timeout(run.meeting_min)
        run.meeting += run.meeting_min
        mr.records.activity(run, "meeting", env.now - run.meeting_min, env.now)
    while True:
        if env.now > run.end + max_ot and run.queue:
            _cancel_deferrable(mr, run)
        if not run.queue:
            if run.loc != run.base:
                yield from _go(mr, run, travel, road, run.base)
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
            yield from _do_alarm(mr, run, task, travel, road)
        else:
            yield from _do_visit(mr, run, task, travel, road, plan_travel)
    run.finish = env.now
    run.done, run.active = True, False
    _close_shift(mr, run)


def _close_shift(mr: ModelRun, run: ShiftRun) -> None:
    p = run.person
    behind_mean = run.behind_total / run.visits if run.visits else 0.0
    strain = strain_index(
        mr.sc.stress.weights,
        overtime_min=max(0.0, run.finish - run.end),
        visits=run.visits,
        rushed=run.rushed,
        behind_mean_min=behind_mean,
        missed_breaks=run.missed_breaks,
        planned_demand_min=run.planned_demand,
        real_demand_min=run.real_demand,
        distinct_clients=len(run.clients_met),
        unmet_min=run.unmet,
        relief=mr.demand_relief,
    )
    mode = mr.world.districts[run.slot.district].geography.modes[run.mode]
    mr.records.shift(run, mode, strain, p.stress)
    p.pending_strain += strain
    p.worked_since_update = True
