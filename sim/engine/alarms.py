"""Safety-alarm calls: the alarm unit as a SimPy resource, or a team member on duty.

A daytime call goes to the team member the model's policy names
(``DeliveryPolicy.answer_alarm``; :mod:`sim.policies.alarm_answer` under
``alarms_answered_by=team``), given when the alarm unit is expected to arrive — the time until
one of its responders is expected free (first come first served, with expected handling times
and planning travel) plus its drive — and the call's expected handling time. Otherwise, and
always at night, the district's alarm unit (``responders_per_district`` responders, first come
first served) answers.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from sim.config.reads import ALWAYS, Reads
from sim.engine.errors import InvariantError, clock
from sim.engine.state import AlarmTask
from sim.engine.time_checks import RULE, is_minutes
from sim.world.alarms import day_hours
from sim.world.build import District

if TYPE_CHECKING:
    from sim.engine.simulate import ModelRun


# The config keys the alarm calls and the alarm unit read (sim/world/alarms.py draws the calls;
# issue 25: sim/config/reads.py).
READS = Reads("the alarm unit (sim/engine/alarms.py)", ("scenario.alarms.*",), ALWAYS)


def _daytime(mr: ModelRun, t: float) -> bool:
    start, end = day_hours(mr.sc.alarms)
    return start <= t % 1440 < end


def _unit_trip_min(mr: ModelRun, district: District, loc: int, planned: bool = False) -> float:
    """The alarm unit's drive from its base to the client's home (0 without travel): today's
    real one, or (``planned``) the one a dispatcher expects, without today's traffic."""
    if not mr.sc.alarms.include_travel:
        return 0.0
    mode = district.geography.mode_index(mr.sc.alarms.responder_mode)
    day = min(int(mr.env.now // 1440), mr.world.n_days - 1)
    matrix = mr.plan_travel(district.index, day) if planned else mr.world.travel(district.index, day)
    return float(matrix[mode, 0, loc])


def _give_to_team(
    mr: ModelRun, district: District, cid: int, handling: float, index: int, unit_eta: float
) -> bool:
    """Queue the call first for the team member the policy names, if it names one. The policy is
    told the call's expected handling time, not the real one (nobody knows it before getting there)."""
    answer = mr.policy.answer_alarm
    expected = mr.sc.alarms.handling_mean_min
    best = None if answer is None else answer(mr, district.index, cid, expected, unit_eta)
    if best is None:
        return False
    best.queue.appendleft(AlarmTask(mr.env.now, mr.world.clients[cid], handling, index, expected))
    if best.wake is not None and not best.wake.triggered:
        best.wake.succeed()
    return True


def _unit_response(
    mr: ModelRun, responders: simpy.Resource, district: District, cid: int, handling: float, index: int
) -> Generator[simpy.Event, object, None]:
    env = mr.env
    with responders.request() as req:
        yield req
        t = _unit_trip_min(mr, district, mr.world.clients[cid].loc)
        if not is_minutes(t):
            raise InvariantError(
                f"the alarm unit of district {district.index} at {clock(env.now)}: its trip to client "
                f"{mr.names.client_name(cid)} is {t!r} min: {RULE} (check the travel matrix file or "
                "the district's travel settings)"
            )
        if t > 0:
            yield env.timeout(t)
        mr.records.alarm_answered(index, "alarm_unit", -1, env.now)
        yield env.timeout(handling + t)  # handle, then drive back to base


def alarm_dispatcher(mr: ModelRun, district: District) -> Generator[simpy.Event, object, None]:
    """Release the district's alarm calls in time order and route each to a responder."""
    env = mr.env
    calls = district.alarms
    capacity = max(1, mr.sc.alarms.responders_per_district)
    responders = simpy.Resource(env, capacity=capacity)
    # when the dispatcher expects each responder to be free again: first come first served, with
    # the expected trip there and back (planning travel) and a call's expected handling time —
    # the real ones are known only once they have happened
    free_at = [0.0] * capacity
    for t, cid, h in zip(
        calls.time_min.tolist(), calls.client.tolist(), calls.handling_min.tolist(), strict=True
    ):
        if not (is_minutes(t) and is_minutes(h)):  # a call's time and handling
            raise InvariantError(
                f"an alarm call of client {mr.names.client_name(cid)} in district {district.index}: "
                f"its call time is {t!r} min and its handling {h!r} min: {RULE}"
            )
        if t > env.now:
            yield env.timeout(t - env.now)
        index = mr.records.alarm(int(t // 1440), district.index, cid, t, h)
        k = min(range(capacity), key=free_at.__getitem__)
        start = max(env.now, free_at[k])
        loc = mr.world.clients[cid].loc
        # asked at each call: a district that switches models changes who answers
        if mr.policy.answer_alarm is not None and _daytime(mr, t):
            # the dispatcher compares expected arrivals (planning travel) for the unit and the team
            unit_eta = start + _unit_trip_min(mr, district, loc, planned=True)
            if _give_to_team(mr, district, cid, h, index, unit_eta):
                continue
        expected = 2.0 * _unit_trip_min(mr, district, loc, planned=True) + mr.sc.alarms.handling_mean_min
        free_at[k] = start + expected
        env.process(_unit_response(mr, responders, district, cid, h, index))
