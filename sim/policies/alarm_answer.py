"""Who in the team answers a daytime safety alarm (``execution.alarms_answered_by=team``).

The engine's alarm dispatcher asks the policy; the policy names the on-duty member of the
client's unit who answers, or nobody (the alarm unit answers). Who it is follows
``execution.alarm_rule``:

* ``first_to_arrive``: the member who can be there soonest — after finishing what they are
  doing — answers only if they have slack for the call (their projected day still ends
  by the shift end with the call in it) and would arrive before the alarm unit could;
  both arrivals are estimated with planning travel times, without today's traffic;
* ``within_guarantee``: that member answers whenever they would arrive within the
  response guarantee.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.config.reads import Reads, model_equals
from sim.engine.state import AlarmTask, ShiftRun
from sim.planning.projection import arrival, free_from, project

if TYPE_CHECKING:
    from sim.engine.simulate import ModelRun


# The config keys the team's alarm answering reads (issue 25: sim/config/reads.py).
READS = Reads(
    "the team's alarm answering (sim/policies/alarm_answer.py)",
    ("models.*.execution.alarm_rule",),
    model_equals("execution.alarms_answered_by", "team"),
)


def team_responder(
    mr: ModelRun, district: int, cid: int, handling_min: float, unit_eta: float
) -> ShiftRun | None:
    """The team member who answers the call of client ``cid`` now, or None (the alarm unit);
    ``unit_eta`` is when the alarm unit is expected to arrive."""
    now = mr.env.now
    client = mr.world.clients[cid]
    unit = mr.org.unit_of_client[cid]
    travel = mr.plan_travel(district, int(now // 1440))
    ex = mr.cfg.execution
    first = ex.alarm_rule == "first_to_arrive"
    log = mr.cfg.overheads.logging_min_per_visit
    best, best_eta = None, float("inf")
    for r in mr.active.get(unit, ()):
        if not r.active or r.done or not (r.start <= now < r.end):
            continue
        if r.queue and isinstance(r.queue[0], AlarmTask):
            continue  # already has a call to answer first
        free, at = free_from(r, now)
        trip = float(travel[r.mode, at, client.loc])
        eta = arrival(free, trip, now)
        if eta >= best_eta:
            continue
        # slack: the day, with the call and the way back into the route in it, ends in time
        if first and project(r, now, travel, log)[1] + handling_min + 2.0 * trip > r.end:
            continue
        best, best_eta = r, eta
    if best is None or best_eta >= (unit_eta if first else now + mr.sc.alarms.guarantee_min + 1e-9):
        return None
    return best
