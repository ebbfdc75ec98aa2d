"""Safety-alarm calls: the alarm unit as a SimPy resource, or a team member on duty.

Under ``alarms_answered_by=team`` a daytime call goes to the on-duty member of the
client's unit who can be there soonest — after finishing what they are doing — if
that is within the response guarantee; otherwise, and always at night, the
district's alarm unit (``responders_per_district`` responders, first come first
served) answers.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from sim.engine.state import AlarmTask
from sim.world.alarms import day_hours
from sim.world.build import District

if TYPE_CHECKING:
    from sim.engine.simulate import ModelRun


def _daytime(mr: ModelRun, t: float) -> bool:
    start, end = day_hours(mr.sc.alarms)
    return start <= t % 1440 < end


def _give_to_team(mr: ModelRun, district: District, cid: int, handling: float, index: int) -> bool:
    now = mr.env.now
    client = mr.world.clients[cid]
    unit = mr.org.unit_of_client[cid]
    travel = mr.plan_travel(district.index, int(now // 1440))
    best, best_eta = None, float("inf")
    for r in mr.active.get(unit, ()):
        if not r.active or r.done or not (r.start <= now < r.end):
            continue
        if r.queue and isinstance(r.queue[0], AlarmTask):
            continue  # already has a call to answer first
        eta = max(now, r.busy_until) + float(travel[r.mode, r.loc_after, client.loc])
        if eta < best_eta:
            best, best_eta = r, eta
    if best is None or best_eta - now > mr.sc.alarms.guarantee_min:
        return False
    best.queue.appendleft(AlarmTask(now, client, handling, index))
    if best.wake is not None and not best.wake.triggered:
        best.wake.succeed()
    return True


def _unit_response(
    mr: ModelRun, responders: simpy.Resource, district: District, cid: int, handling: float, index: int
) -> Generator[simpy.Event, object, None]:
    env = mr.env
    geo = district.geography
    mode = geo.mode_index(mr.sc.alarms.responder_mode)
    with responders.request() as req:
        yield req
        t = 0.0
        if mr.sc.alarms.include_travel:
            loc = mr.world.clients[cid].loc
            t = float(
                mr.world.travel(district.index, min(int(env.now // 1440), mr.world.n_days - 1))[mode, 0, loc]
            )
            yield env.timeout(t)
        mr.records.alarm_answered(index, "alarm_unit", -1, env.now)
        yield env.timeout(handling + t)  # handle, then drive back to base


def alarm_dispatcher(mr: ModelRun, district: District) -> Generator[simpy.Event, object, None]:
    """Release the district's alarm calls in time order and route each to a responder."""
    env = mr.env
    calls = district.alarms
    responders = simpy.Resource(env, capacity=max(1, mr.sc.alarms.responders_per_district))
    by_team = mr.cfg.execution.alarms_answered_by == "team"
    for t, cid, h in zip(
        calls.time_min.tolist(), calls.client.tolist(), calls.handling_min.tolist(), strict=True
    ):
        if t > env.now:
            yield env.timeout(t - env.now)
        index = mr.records.alarm(int(t // 1440), district.index, cid, t, h)
        if by_team and _daytime(mr, t) and _give_to_team(mr, district, cid, h, index):
            continue
        env.process(_unit_response(mr, responders, district, cid, h, index))
