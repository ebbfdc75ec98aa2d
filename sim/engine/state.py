"""Runtime objects of one simulated model run: visits, people, shifts and their tasks."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import simpy

from sim.world.clients import Client, VisitPlan
from sim.world.staff import StaffSlot


class Visit:
    """One planned visit on one day, and what happened at it."""

    __slots__ = (
        "allotted",
        "arrived",
        "base_need",
        "client",
        "day",
        "deferrable",
        "delivered",
        "district",
        "double",
        "earliest",
        "end",
        "extra",
        "handed_over",
        "latest",
        "leader",
        "loc",
        "meet",
        "missed",
        "need",
        "not_before",
        "partner_skills",
        "performers",
        "plan",
        "planned",
        "planned_start",
        "second_offset",
        "skills",
        "standard",
        "start",
        "started",
        "uid",
        "unit",
    )

    def __init__(
        self,
        uid: int,
        day: int,
        plan: VisitPlan,
        client: Client,
        unit: int,
        base_need: float,
        extra: float,
        deferrable_below: float = 0.5,
    ) -> None:
        self.uid = uid
        self.day = day
        self.plan = plan
        self.client = client
        self.district = client.district
        self.unit = unit
        self.loc = client.loc
        self.earliest = day * 1440 + plan.earliest_min
        self.latest = day * 1440 + plan.latest_min
        self.not_before = float(self.earliest)  # nobody starts it earlier (a replay: the plan's start)
        self.leader: Visit | None = None  # a visit of the client this one follows (linked visits)
        self.started: simpy.Event | None = None  # succeeds when it starts or is missed (for a follower)
        self.second_offset = plan.second_offset_share  # share of the care after which the second joins
        self.standard = plan.standard_min
        self.skills = plan.skills | plan.refusals if plan.refusals else plan.skills
        self.partner_skills = plan.refusals  # what the second caregiver of a double visit needs
        self.double = plan.double
        # a visit whose essential share is small may be cancelled when nobody can make it
        self.deferrable = plan.floor_share < deferrable_below and not plan.double
        self.base_need = base_need  # need before anything caregiver-dependent
        self.extra = extra  # unplanned extra minutes inside base_need (not scaled by familiarity)
        self.allotted = plan.standard_min
        self.planned: list[int] = []  # person ids planned
        self.planned_start = float(self.earliest)
        self.performers: list[int] = []
        self.arrived = 0
        self.meet: simpy.Event | None = None
        self.start = float("nan")
        self.end = float("nan")
        self.need = float("nan")
        self.delivered = 0.0
        self.handed_over = False
        self.missed = False

    def order_key(self) -> tuple[float, int]:
        """Queues are kept in this order, so two caregivers of a double visit never deadlock."""
        return (self.planned_start, self.uid)


@dataclass
class Break:
    """The paid meal break, placed in a route by the planner."""

    minutes: float


@dataclass
class AlarmTask:
    """An alarm call handed to a team member (answered_by=team)."""

    call_time: float
    client: Client
    handling_min: float  # what the call really takes (known once there)
    record_index: int  # row in the alarm records to complete on arrival
    expected_min: float = 0.0  # what anyone planning around it expects it to take


Task = Visit | Break | AlarmTask


@dataclass
class Person:
    """A caregiver: a regular holding a slot, or an hourly substitute."""

    id: int
    district: int
    kind: str  # "regular" | "substitute"
    slot: StaffSlot | None
    stress: float = 0.0
    sick_until: int = -1  # first day back from a sick spell
    pending_strain: float = 0.0  # strain of shifts not yet folded into the stress state
    worked_since_update: bool = False
    extra_shift_min: float = 0.0  # extra-shift minutes worked in ``extra_shift_year``
    extra_shift_year: int = -1
    last_run: ShiftRun | None = None  # the latest shift handed to this person


@dataclass
class ShiftRun:
    """One person's shift on one day: the route and the running time accounts (minutes)."""

    person: Person
    slot: StaffSlot  # the rota position worked (a substitute works the absent holder's slot)
    unit: int
    day: int
    shift: str
    start: float
    end: float
    break_min: float
    break_earliest: float
    break_latest: float
    mode: int
    skills: frozenset[str]
    meeting_min: float = 0.0
    extra_shift: bool = False  # an off-duty colleague covering an absence, paid as overtime
    floater: bool = False  # kept free of planned visits: the unit's buffer for the unexpected
    queue: deque[Task] = field(default_factory=deque)
    after: ShiftRun | None = None  # the person's previous shift: this one starts once it has ended
    ended: simpy.Event | None = None  # succeeds when the shift ends (for a later shift waiting on it)
    base: int = 0  # where the shift starts and ends: the office (0), or a caregiver's home
    loc: int = 0
    busy_until: float = 0.0
    loc_after: int = 0
    active: bool = False
    done: bool = False
    wake: simpy.Event | None = None
    cut_allowed: bool = True
    # time accounts
    care: float = 0.0
    travel: float = 0.0
    admin: float = 0.0
    meeting: float = 0.0
    idle: float = 0.0
    breaks: float = 0.0
    finish: float = 0.0
    travel_km: float = 0.0
    # stress inputs
    visits: int = 0
    rushed: int = 0
    late: int = 0
    behind_total: float = 0.0
    missed_breaks: int = 0
    took_break: bool = False
    planned_demand: float = 0.0
    real_demand: float = 0.0
    unmet: float = 0.0  # need left unmet on this shift's visits (minutes)
    clients_met: set[int] = field(default_factory=set)
    handed_out: int = 0
    handed_in: int = 0
    alarms: int = 0
    cancelled: int = 0
    # job control and support inputs (sim/stress.py)
    own_plan: bool = False  # the day's plan was the own unit's, not a central planner's
    planned_visits: int = 0  # visits the day's plan put in this shift
    helped_out: int = 0  # of handed_out: handed to a colleague by choice (mutual help)
    helped_in: int = 0  # of handed_in: taken over from a colleague by choice (mutual help)
    paired: float = 0.0  # minutes of double-staffed care with a colleague present
