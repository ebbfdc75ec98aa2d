"""The simulated municipality of one replication, shared read-only by every delivery model."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from sim.config.fields import ConfigError
from sim.config.reads import ALWAYS, Reads
from sim.config.schema import RunConfig, ScenarioConfig
from sim.config.schema_world import DistrictConfig
from sim.rng import Stream, geometric_from_uniform, keyed_uniform, stream
from sim.world.alarms import AlarmCalls, make_alarm_calls
from sim.world.clients import (
    Calendar,
    Client,
    ClientCourse,
    client_course,
    client_keys,
    day_need_noise,
    make_clients,
)
from sim.world.geography import DistrictGeography, build_geography, daily_travel, pair_uniforms
from sim.world.staff import StaffSlot, make_staff, substitute_pool_size

# The config keys the world's draws read (issue 25: sim/config/reads.py).
READS = Reads(
    "the simulated world (sim/world/build.py)",
    (
        "seed",
        "horizon_days",
        "warmup_days",
        "scenario.start_date",
        "scenario.districts.*.label",
        "scenario.districts.*.n_clients",
        "scenario.districts.*.staff_scale",
        "scenario.districts.*.geography.mode_shares",
        "scenario.stress.sick_spell_mean_days",
    ),
    ALWAYS,
)


@dataclass(frozen=True)
class District:
    """A district: its geography, clients, staff positions, substitutes and alarm calls."""

    index: int
    name: str
    geography: DistrictGeography
    clients: tuple[Client, ...]
    staff: tuple[StaffSlot, ...]
    substitutes: tuple[int, ...]  # person ids of the district's hourly substitutes
    alarms: AlarmCalls
    # what only a unit's own data (data.dir) gives; a generated district has none of it
    refusal_skills: frozenset[str] = frozenset()  # clients' refusals: held by everyone but the refused
    own_refusals: Mapping[int, frozenset[str]] = field(default_factory=dict)  # person id -> refusals it lacks
    history: tuple[tuple[int, int, float], ...] = ()  # (client id, slot id, past visits) on the first day
    start_loc: Mapping[int, int] = field(default_factory=dict)  # person id -> home its shifts start from


@dataclass(frozen=True)
class StaffDraws:
    """Uniform draws of one day for every staff slot (same in every delivery model)."""

    sick: np.ndarray  # compared with the day's sick-spell probability
    spell_days: np.ndarray  # length of a spell that starts today
    quit: np.ndarray  # compared with the day's quit probability
    substitute: np.ndarray  # compared with the substitute fill probability
    pick: np.ndarray  # which free substitute comes
    extra: np.ndarray  # compared with the extra-shift probability when no substitute comes
    extra_pick: np.ndarray  # which off-duty colleague takes the extra shift


_T = TypeVar("_T")


def _read_only(value: _T) -> _T:
    """Freeze the arrays of a cached draw: callers share them, so none may write into them."""
    for a in value if isinstance(value, tuple) else (value,):
        if isinstance(a, np.ndarray):
            a.flags.writeable = False
    return value


@dataclass(frozen=True, eq=False)
class World:
    """Everything both delivery models share in one replication."""

    scenario: ScenarioConfig
    seed: int
    replication: int
    n_days: int
    warmup_days: int
    calendar: Calendar
    districts: tuple[District, ...]
    clients: tuple[Client, ...]  # indexed by client id
    course: ClientCourse
    max_plans: int
    n_slots: int
    n_persons_initial: int  # slots + substitutes; newcomers get ids from here on
    # the key of each client's draws, (district, home), and of each slot's, (district, shift, place)
    client_key: tuple[np.ndarray, np.ndarray]
    slot_key: tuple[np.ndarray, np.ndarray, np.ndarray]
    # a dated unit's first measured day (data.staff_as_planned): its staff start as the plan names
    # them — at work, no vacancy, no stress carried over from the warm-up; -1: no such day
    staff_as_planned_day: int = -1
    # draws are pure functions of (seed, replication, key); this cache only saves time
    _cache: dict[tuple[str, int, int], Any] = field(default_factory=dict, compare=False, repr=False)

    def _cached(self, kind: str, district: int, day: int, make: Callable[[], _T]) -> _T:
        """``make()`` for (kind, district, day), remembering the two latest days of each kind."""
        key = (kind, district, day)
        if key not in self._cache:
            for k in [k for k in self._cache if k[:2] == key[:2] and abs(k[2] - day) >= 2]:
                del self._cache[k]
            self._cache[key] = _read_only(make())
        return self._cache[key]

    def need_noise(self, day: int) -> tuple[np.ndarray, np.ndarray]:
        """(day factor, extra minutes) per (client id, planned visit) on ``day``."""
        return self._cached(
            "need",
            -1,
            day,
            lambda: day_need_noise(
                self.scenario.clients, self.client_key, self.max_plans, day, self.seed, self.replication
            ),
        )

    def judgement_uniforms(self, day: int) -> np.ndarray:
        """Uniform draws of a caregiver's judgement of each (client id, planned visit)'s need on
        ``day``, keyed by (day, district, home, planned visit)."""

        def make() -> np.ndarray:
            district, home = self.client_key
            plans = np.arange(self.max_plans)[None, :]
            return keyed_uniform(
                self.seed, self.replication, Stream.JUDGEMENT, day, district[:, None], home[:, None], plans
            )

        return self._cached("judgement", -1, day, make)

    def travel(self, district: int, day: int) -> np.ndarray:
        """Travel minutes (mode, from, to) in ``district`` on ``day``, noise and season included."""

        def make() -> np.ndarray:
            geo = self.districts[district].geography
            pair_u = pair_uniforms(self.seed, self.replication, district, day, geo.n_locations)
            return daily_travel(geo, self.calendar.date(day).month, pair_u)

        return self._cached("travel", district, day, make)

    def staff_draws(self, day: int) -> StaffDraws:
        """Absence, turnover and substitute draws of ``day`` for every slot, keyed by (day, slot key)."""
        p = 1.0 / self.scenario.stress.sick_spell_mean_days

        def u(part: int) -> np.ndarray:
            return keyed_uniform(self.seed, self.replication, Stream.ABSENCE, day, part, *self.slot_key)

        return StaffDraws(
            sick=u(0),
            spell_days=geometric_from_uniform(u(1), p),
            quit=u(2),
            substitute=u(3),
            pick=u(4),
            extra=u(5),
            extra_pick=u(6),
        )


def run_calendar(run: RunConfig) -> Calendar:
    """The calendar of ``run``: its first measured day and warm-up; a dated unit's days repeat
    (its warm-up days are the period run backwards)."""
    period = 0
    if run.data.dir is not None:
        from sim.world import imported

        period = imported.period_days(imported.unit_of(run))
    return Calendar(dt.date.fromisoformat(run.scenario.start_date), run.warmup_days, period)


def build_world(run: RunConfig, replication: int, capacity_factor: float = 1.0) -> World:
    """Draw the municipality of ``replication``: homes, clients, plans, staff, alarms, courses.

    ``capacity_factor`` scales the staff (a delivery model's own staffing,
    ``models.<name>.capacity_factor``); every draw is keyed by entity, so the clients, their
    needs and alarms, and every position both sizes have are the same for any factor.
    """
    sc = run.scenario
    n_days = run.warmup_days + run.horizon_days
    cal = run_calendar(run)
    districts: list[District] = []
    all_clients: list[Client] = []
    slot_id = 0
    for i, (key, dc) in enumerate(sc.districts.items()):
        extra: dict[str, Any] = {}
        if run.data.dir is not None:  # the unit's own district (sim.world.imported)
            clients, geo, staff, extra = _imported(run, cal, replication, capacity_factor, slot_id)
        else:
            clients, geo, staff = _generated(
                run, cal, replication, i, dc, len(all_clients), slot_id, capacity_factor
            )
        slot_id += len(staff)
        alarms = make_alarm_calls(sc.alarms, clients, i, n_days, run.seed, replication)
        districts.append(District(i, dc.label or key, geo, tuple(clients), tuple(staff), (), alarms, **extra))
        all_clients.extend(clients)
    # substitutes get person ids after all slots
    next_id = slot_id
    with_subs = []
    for d in districts:
        k = substitute_pool_size(sc.staffing, len(d.staff))
        with_subs.append(dataclasses.replace(d, substitutes=tuple(range(next_id, next_id + k))))
        next_id += k
    return World(
        scenario=sc,
        seed=run.seed,
        replication=replication,
        n_days=n_days,
        warmup_days=run.warmup_days,
        calendar=cal,
        districts=tuple(with_subs),
        clients=tuple(all_clients),
        course=client_course(sc.clients, all_clients, n_days, run.seed, replication),
        max_plans=max((len(c.plans) for c in all_clients), default=1),
        n_slots=slot_id,
        n_persons_initial=next_id,
        staff_as_planned_day=run.warmup_days if cal.period_days and run.data.staff_as_planned else -1,
        client_key=client_keys(all_clients),
        slot_key=_slot_keys(sc, [s for d in districts for s in d.staff]),
    )


def _generated(
    run: RunConfig,
    cal: Calendar,
    replication: int,
    i: int,
    dc: DistrictConfig,
    first_client: int,
    slot_id: int,
    capacity_factor: float,
) -> tuple[list[Client], DistrictGeography, list[StaffSlot]]:
    """District ``i`` drawn from the scenario's configs: clients, geography, staff."""
    sc = run.scenario
    clients = make_clients(sc.clients, sc.alarms, i, dc.n_clients, first_client, run.seed, replication)
    home_u = keyed_uniform(
        run.seed, replication, Stream.GEOGRAPHY, i, np.arange(dc.n_clients)[:, None], np.arange(1, 4)
    )
    geo = build_geography(
        dc.geography,
        stream(run.seed, replication, Stream.GEOGRAPHY, i, 0),
        home_u,
        [c.id for c in clients],
    )
    staff = make_staff(
        clients,
        sc.staffing,
        i,
        dc.staff_scale * capacity_factor,
        dc.geography.mode_shares,
        cal,
        run.seed,
        replication,
        slot_id,
        geo,
    )
    return clients, geo, staff


def _imported(
    run: RunConfig, cal: Calendar, replication: int, capacity_factor: float, slot_id: int
) -> tuple[list[Client], DistrictGeography, list[StaffSlot], dict[str, Any]]:
    """The district of ``data.dir``: its own clients, visits, caregivers and travel times, and
    the District fields only a unit's data gives (refusals, continuity history, start places)."""
    from sim.world import imported

    if capacity_factor != 1:
        raise ConfigError("capacity_factor", "an imported unit's staff are its caregivers; keep it 1")
    unit = imported.unit_of(run)
    clients = imported.imported_clients(run, unit, 0, 0, cal, replication, slot_id)
    return (
        clients,
        imported.imported_geography(run, unit),
        imported.imported_staff(run, unit, 0, slot_id, cal),
        imported.unit_facts(run, unit, clients, slot_id),
    )


def _slot_keys(sc: ScenarioConfig, slots: list[StaffSlot]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(district, shift index, place) of each slot, in slot-id order."""
    shifts = list(sc.staffing.shifts)
    return (
        np.array([s.district for s in slots], dtype=np.int64),
        np.array([shifts.index(s.shift) for s in slots], dtype=np.int64),
        np.array([s.place for s in slots], dtype=np.int64),
    )
