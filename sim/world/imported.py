"""A unit's own data as the simulated district, and a generated district as such data (issue 13).

:func:`apply_unit` makes the run's config agree with the unit (its shift types, rota cycle,
travel modes, skills, size and first day), so every later check and every table works as
for a generated scenario. :func:`imported_district` builds the district's clients, staff
positions and geography from the unit; what the files do not give — each client's need
factor, alarm and care level when not given — is drawn from the same keyed streams as a
generated client's, so a generated world exported and imported again is the same world
(:func:`export_unit`; ``tests/test_import.py``).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config.fields import ConfigError, clock_to_min
from sim.config.schema import RunConfig, ScenarioConfig
from sim.config.schema_models import ModelConfig
from sim.config.schema_staff import ShiftConfig
from sim.config.schema_world import DistrictConfig
from sim.data.unit import SHIFT_COLUMNS, VISIT_COLUMNS, Unit, all_dates
from sim.rng import Stream, lognormal_median1, stream
from sim.world.clients import Calendar, Client, VisitPlan
from sim.world.geography import DistrictGeography
from sim.world.staff import StaffSlot

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _rows(df: pd.DataFrame) -> list[Any]:
    """The rows of ``df`` as named tuples (typed loosely: a table's columns are known by name)."""
    return list(df.itertuples())


def _shift_key(r: Any) -> tuple[int, int, float]:
    """(start, end, break minutes) of a row of Unit.shifts: what makes a shift type."""
    return int(r.start_min), int(r.end_min), float(r.break_min)


def _clock(minutes: float) -> str:
    m = round(minutes)
    return f"{m // 60:02d}:{m % 60:02d}"


@functools.lru_cache(maxsize=4)
def _read(folder: str, stamp: float) -> Unit:
    from sim.data.files import read_unit

    return read_unit(folder)


def unit_of(run: RunConfig) -> Unit:
    """The unit of ``run.data.dir``, read and checked once per folder and modification time."""
    folder = Path(str(run.data.dir))
    stamp = max((p.stat().st_mtime for p in folder.glob("*")), default=0.0) if folder.is_dir() else 0.0
    return _read(str(folder), stamp)


def with_unit(run: RunConfig) -> RunConfig:
    """``run`` made to agree with the unit of ``data.dir``; :class:`ConfigError` on ``data.dir``
    naming every problem of the files (file, line, column, rule)."""
    from sim.data.checks import DataError

    for key, m in run.models.items():
        if m.capacity_factor != 1:
            raise ConfigError(
                f"models.{key}.capacity_factor",
                "an imported unit's staff are its own caregivers; must be 1 with data.dir; "
                f"got {m.capacity_factor:g}",
            )
    try:
        unit = unit_of(run)
    except DataError as exc:
        raise ConfigError("data.dir", str(exc)) from None
    return apply_unit(run, unit)


def shift_name(start_min: int, taken: Sequence[str]) -> str:
    """A shift type's name from its start: day before 14:00, evening before 21:00, else night
    (with a number when the unit has several of one kind)."""
    kind = "day" if start_min < 14 * 60 else "evening" if start_min < 21 * 60 else "night"
    name, k = kind, 2
    while name in taken:
        name, k = f"{kind}_{k}", k + 1
    return name


def shift_types(unit: Unit) -> dict[tuple[int, int, float], str]:
    """(start, end, break minutes) of each distinct shift of the unit -> its shift-type name,
    ordered by start."""
    keys = sorted({_shift_key(r) for r in _rows(unit.shifts)})
    names: dict[tuple[int, int, float], str] = {}
    for key in keys:
        names[key] = shift_name(key[0], list(names.values()))
    return names


def _shift_config(start: int, end: int, break_min: float) -> ShiftConfig:
    # the break somewhere in the middle third of the working time
    work = end - start - break_min
    return ShiftConfig(
        start=_clock(start),
        end=_clock(end),
        break_min=break_min,
        break_earliest=_clock(start + work / 3),
        break_latest=_clock(start + 2 * work / 3),
    )


def rota_weeks(unit: Unit) -> int:
    """Weeks of the rota cycle: the least common multiple of the patterns' every_weeks."""
    weeks = 1
    for r in _rows(unit.shifts):
        for _, every, _ in unit.recurrence(r):
            weeks = math.lcm(weeks, every)
    return weeks


def apply_unit(run: RunConfig, unit: Unit) -> RunConfig:
    """``run`` with its scenario made to agree with ``unit``: one district of the unit's clients,
    its shift types and rota cycle, the travel modes its caregivers use, its skills and first day."""
    sc = run.scenario
    types = shift_types(unit)
    shifts = {name: _shift_config(*key) for key, name in types.items()}
    # visit slots of the population config keep their windows; they point at the nearest shift
    slots = {
        name: dataclasses.replace(slot, shift=_nearest_shift(clock_to_min(slot.start), types))
        for name, slot in sc.clients.slots.items()
    }
    modes = unit.shifts.drop_duplicates("caregiver_id")["travel_mode"].value_counts(normalize=True)
    template = next(iter(sc.districts.values())) if sc.districts else DistrictConfig()
    geo = dataclasses.replace(
        template.geography,
        mode_shares={m: float(modes.get(m, 0.0)) for m in template.geography.speed_kmh},
    )
    skills = sorted({s for held in unit.shifts["skills"] for s in str(held).split("|") if s})
    held = {
        s: float(unit.shifts["skills"].str.split("|").apply(lambda x, s=s: s in x).mean()) for s in skills
    }
    skill_shares = {**{k: 0.0 for k in sc.staffing.skill_shares}, **held}
    staffing = dataclasses.replace(
        sc.staffing, shifts=shifts, weekend_every=rota_weeks(unit), skill_shares=skill_shares
    )
    district = DistrictConfig(label=unit.name, n_clients=len(unit.clients), geography=geo)
    scenario: ScenarioConfig = dataclasses.replace(
        sc,
        name=sc.name if sc.name != "from_data" else unit.name,
        start_date=unit.start_date or sc.start_date,
        districts={"unit": district},
        staffing=staffing,
        clients=dataclasses.replace(sc.clients, slots=slots),
    )
    models = {}
    for key, m in run.models.items():
        want = m.organisation.contact_person_shift
        if want and want not in shifts:  # contact persons work the unit's first shift instead
            m = dataclasses.replace(
                m, organisation=dataclasses.replace(m.organisation, contact_person_shift="")
            )
        models[key] = m
    compare = list(run.compare)
    if (unit.visits["planned_caregiver"] != "").any() and REPLAY not in models:
        models[REPLAY] = replay_model(models.get(compare[0]) or next(iter(models.values())))
        compare.append(REPLAY)
    return dataclasses.replace(run, scenario=scenario, models=models, compare=compare)


REPLAY = "own_plan"


def replay_model(base: ModelConfig) -> ModelConfig:
    """The unit's own plan as a third arm: each visit goes to the caregiver the plan gives it
    (or whoever covers that position), planned by hand each day; everything else — granted
    minutes, staying for them, logging, payment — as minute-controlled care (``base``)."""
    planning = dataclasses.replace(
        base.planning,
        router="greedy",
        strategy="daily",
        planned_caregiver_weight_min=1000.0,
        continuity_weight_min=0.0,
        contact_person_bonus_min=0.0,
    )
    return dataclasses.replace(base, label="The unit's own plan", planning=planning)


def _nearest_shift(start: int, types: dict[tuple[int, int, float], str]) -> str:
    inside = [name for (a, b, _), name in types.items() if a <= start < b]
    if inside:
        return inside[0]
    return min(types.items(), key=lambda kv: min(abs(kv[0][0] - start), abs(kv[0][1] - start)))[1]


def _start_week(cal: Calendar) -> int:
    """The absolute week index of the first measured day (week 0 of the files' patterns)."""
    return cal.week(cal.warmup_days)


def imported_clients(
    run: RunConfig,
    unit: Unit,
    district: int,
    first_id: int,
    cal: Calendar,
    replication: int,
    first_slot: int = 0,
) -> list[Client]:
    """The unit's clients and their visit plans; what the files do not give is drawn as for a
    generated client of the same place in the district (the same keyed stream)."""
    cfg, alarms = run.scenario.clients, run.scenario.alarms
    levels = {lv.name: lv for lv in cfg.care_levels}
    shares = np.array([lv.share for lv in cfg.care_levels])
    locs = {loc: i for i, loc in enumerate(unit.locations)}
    s0 = _start_week(cal)
    types = shift_types(unit)
    positions = _positions(unit, first_slot)
    out = []
    for i, c in enumerate(_rows(unit.clients)):
        rng = stream(run.seed, replication, Stream.CLIENTS, district, i)
        drawn = cfg.care_levels[int(rng.choice(len(cfg.care_levels), p=shares / shares.sum()))]
        level = levels.get(str(c.care_level), drawn)
        factor = float(lognormal_median1(rng, cfg.need.client_factor_sigma, 1)[0])
        has_alarm = bool(rng.uniform() < alarms.holder_share)
        cid = first_id + i
        visits = unit.visits[unit.visits["client_id"] == c.client_id]
        refusals = frozenset(refusal_skill(cg) for cg in str(c.avoid_caregivers).split("|") if cg)
        plans: list[VisitPlan] = []
        for v in _rows(visits):
            for days, every, offset in unit.recurrence(v):
                when = (days, every, (-s0 - offset) % every)  # VisitPlan.active's offset
                plans.append(_plan(cid, len(plans), v, when, types, run, positions, refusals))
        out.append(
            Client(
                id=cid,
                district=district,
                loc=locs[str(c.location_id)],
                level=level.name,
                client_factor=factor,
                alarm_rate_per_day=float(level.alarm_calls_per_day) if has_alarm else 0.0,
                plans=tuple(plans),
            )
        )
    return out


def _positions(unit: Unit, first_slot: int) -> dict[tuple[str, str], int]:
    """(caregiver id, shift type) -> staff position id, as :func:`imported_staff` numbers them."""
    types = shift_types(unit)
    keys = dict.fromkeys((types[_shift_key(r)], str(r.caregiver_id)) for r in _rows(unit.shifts))
    order = [(cg, name) for name in dict.fromkeys(types.values()) for (s, cg) in keys if s == name]
    return {key: first_slot + i for i, key in enumerate(order)}


def _plan(
    cid: int,
    index: int,
    g: Any,
    when: tuple[str, int, int],
    types: dict[tuple[int, int, float], str],
    run: RunConfig,
    positions: dict[tuple[str, str], int],
    refusals: frozenset[str],
) -> VisitPlan:
    """A row of Unit.visits as a client's visit plan, on the weekdays, every n-th week and
    VisitPlan offset of ``when``."""
    earliest, latest = int(g.earliest_min), int(g.latest_min)
    skill = str(g.skill)
    shift = _nearest_shift(earliest, types)
    planned = str(g.planned_caregiver)
    # the planned caregiver's position on the visit's shift, else any of theirs
    mine = [p for (cg, name), p in positions.items() if cg == planned]
    slot = positions.get((planned, shift), mine[0] if mine else -1)
    return VisitPlan(
        client=cid,
        index=index,
        slot="imported",
        earliest_min=earliest,
        latest_min=latest,
        shift=shift,
        tasks=(),
        standard_min=float(g.granted_min),
        floor_share=run.data.essential_share,
        skills=frozenset([skill]) if skill else frozenset(),
        double=bool(g.double_staffed),
        weekdays=frozenset(int(d) for d in when[0]),
        every_weeks=when[1],
        week_offset=when[2],
        planned_slot=slot,
        refusals=refusals,
        second_share=_second_share(g),
    )


def _second_share(g: Any) -> float:
    """The share of a double-staffed visit the second caregiver stays for (second_min of granted_min)."""
    second = float(g.second_min)
    return 1.0 if not g.double_staffed or math.isnan(second) else min(1.0, second / float(g.granted_min))


def unit_counts(unit: Unit) -> dict[str, int]:
    """How much of each kind a unit's files give (for the run report): clients, visit rows,
    caregivers, clients with refusals, continuity pairs, caregivers starting at home, weeks of
    the dated period (0: weekday patterns only)."""
    dated = bool(all_dates(unit.visits, unit.shifts))
    return {
        "clients": len(unit.clients),
        "visits": len(unit.visits),
        "caregivers": int(unit.shifts["caregiver_id"].nunique()),
        "refusing": int((unit.clients["avoid_caregivers"] != "").sum()),
        "history": len(unit.continuity),
        "from_home": int(unit.shifts.loc[unit.shifts["starts_at"] == "home", "caregiver_id"].nunique()),
        "dated_weeks": unit.cycle_weeks if dated else 0,
    }


def refusal_skill(caregiver_id: str) -> str:
    """A client's refusal of ``caregiver_id`` as a skill: everyone but that caregiver holds it, so
    every planner's and dispatcher's skill rule keeps the caregiver away (as VROOM's and PyVRP's
    users model incompatibilities)."""
    return f"not:{caregiver_id}"


def unit_facts(unit: Unit, clients: Sequence[Client], first_slot: int) -> dict[str, Any]:
    """The District fields only a unit's data gives, keyed by the positions' first holders (whose
    person ids are the slots' ids): the clients' refusals (which skill each refused caregiver
    lacks), who knows whom on the first day (continuity, per position of the caregiver) and the
    homes of caregivers whose shifts start and end there."""
    positions = _positions(unit, first_slot)
    refused = {cg for text in unit.clients["avoid_caregivers"] for cg in str(text).split("|") if cg}
    own = {p: frozenset([refusal_skill(cg)]) for (cg, _), p in positions.items() if cg in refused}
    client_of = {str(c): cl.id for c, cl in zip(unit.clients["client_id"], clients, strict=True)}
    history = tuple(
        (client_of[str(r.client_id)], p, float(r.visits))
        for r in _rows(unit.continuity)
        for (cg, _), p in positions.items()
        if cg == str(r.caregiver_id) and float(r.visits) > 0
    )
    locs = {loc: i for i, loc in enumerate(unit.locations)}
    types = shift_types(unit)
    homes = {
        positions[(str(r.caregiver_id), types[_shift_key(r)])]: locs[str(r.home_location_id)]
        for r in _rows(unit.shifts)
        if r.starts_at == "home"
    }
    return {
        "refusal_skills": frozenset(refusal_skill(cg) for cg in refused),
        "own_refusals": own,
        "history": history,
        "start_loc": homes,
    }


def imported_staff(
    run: RunConfig, unit: Unit, district: int, first_id: int, cal: Calendar
) -> list[StaffSlot]:
    """One staff position per caregiver and shift type, on duty on the days of its patterns."""
    weeks = run.scenario.staffing.weekend_every
    s0 = _start_week(cal)
    types = shift_types(unit)
    days: dict[tuple[str, str], set[int]] = {}
    first: dict[tuple[str, str], Any] = {}  # a position's contract, skills and mode: its first row's
    for r in _rows(unit.shifts):
        key = (str(r.caregiver_id), types[_shift_key(r)])
        first.setdefault(key, r)
        for on, every, offset in unit.recurrence(r):
            for c in range(weeks):  # rota week c holds the weeks s0 + offset, + every, …
                if (c - s0 - offset) % every == 0:
                    days.setdefault(key, set()).update(c * 7 + int(d) for d in on)
    slots: list[StaffSlot] = []
    places: dict[str, int] = {}
    for key, sid in _positions(unit, first_id).items():
        r, name = first[key], key[1]
        places[name] = places.get(name, -1) + 1
        slots.append(
            StaffSlot(
                id=sid,
                district=district,
                shift=name,
                fte=float(r.contract_fte),
                weekend_week=0,
                cycle_days=frozenset(days.get(key, set())),
                skills=frozenset(x for x in str(r.skills).split("|") if x),
                mode=str(r.travel_mode),
                place=places[name],
            )
        )
    return slots


def imported_geography(run: RunConfig, unit: Unit) -> DistrictGeography:
    """Travel minutes per mode from the unit's matrices; road distance from the car times (or the
    fastest mode's) at the configured speed; positions by classical multidimensional scaling of
    those distances (only the teams' sectors use them)."""
    g = next(iter(run.scenario.districts.values())).geography
    modes = tuple(m for m in g.speed_kmh if m in unit.travel) + tuple(
        m for m in unit.travel if m not in g.speed_kmh
    )
    base = np.stack([unit.minutes(m) for m in modes])
    ref = "car" if "car" in modes else max(modes, key=lambda m: g.speed_kmh.get(m, 0.0))
    road = base[modes.index(ref)] / 60.0 * g.speed_kmh.get(ref, 25.0)
    return DistrictGeography(
        xy_km=_embed(road),
        modes=modes,
        base_min=base,
        road_km=road,
        noise_cv=g.travel_noise_cv,
        winter_factor=g.winter_travel_factor,
        winter_months=frozenset(g.winter_months),
    )


def _embed(distance_km: np.ndarray) -> np.ndarray:
    """Two-dimensional positions whose distances approximate ``distance_km`` (classical MDS),
    the office (row 0) at the origin."""
    d = (distance_km + distance_km.T) / 2
    n = len(d)
    j = np.eye(n) - 1.0 / n
    b = -0.5 * j @ (d**2) @ j
    vals, vecs = np.linalg.eigh(b)
    top = np.argsort(vals)[::-1][:2]
    xy = vecs[:, top] * np.sqrt(np.clip(vals[top], 0.0, None))
    if xy.shape[1] < 2:
        xy = np.hstack([xy, np.zeros((n, 2 - xy.shape[1]))])
    return np.asarray(xy - xy[0], dtype=float)


def export_unit(
    world: object, run: RunConfig, district: int = 0, plan: dict[tuple[int, int], int] | None = None
) -> Unit:
    """A generated district of ``world`` (:class:`sim.world.build.World`) as a unit's data;
    ``plan`` ((client id, planned visit) -> staff position id) fills ``planned_caregiver``."""
    from sim.world.build import World

    assert isinstance(world, World)
    d = world.districts[district]
    geo = d.geography
    n_loc = geo.n_locations
    ids = ["office", *[f"home-{i}" for i in range(1, n_loc)]]
    s0 = _start_week(world.calendar)
    names = {st.id: f"cg-{st.shift}-{st.place + 1}" for st in d.staff}
    clients = pd.DataFrame(
        {
            "client_id": [f"client-{c.id - d.clients[0].id + 1}" for c in d.clients],
            "location_id": [ids[c.loc] for c in d.clients],
            "care_level": [c.level for c in d.clients],
            "avoid_caregivers": ["" for _ in d.clients],
        }
    )
    rows = []
    for c, cid in zip(d.clients, clients["client_id"], strict=True):
        for p in c.plans:
            rows.append(
                {
                    "visit_id": f"{cid}-{p.index + 1}",
                    "client_id": cid,
                    "weekdays": "".join(str(x) for x in sorted(p.weekdays)),
                    "every_weeks": p.every_weeks,
                    "week_offset": (-p.week_offset - s0) % p.every_weeks,
                    "dates": "",
                    "earliest_min": p.earliest_min,
                    "latest_min": p.latest_min,
                    "granted_min": p.standard_min,
                    "double_staffed": p.double,
                    "second_min": float("nan"),
                    "skill": "|".join(sorted(p.skills)),
                    "planned_caregiver": names.get((plan or {}).get((c.id, p.index), -1), ""),
                }
            )
    visits = pd.DataFrame(rows, columns=list(VISIT_COLUMNS))
    weeks = run.scenario.staffing.weekend_every
    shift_rows = []
    for s in d.staff:
        sh = run.scenario.staffing.shifts[s.shift]
        by_week = {
            c: "".join(str(x - c * 7) for x in sorted(s.cycle_days) if c * 7 <= x < c * 7 + 7)
            for c in range(weeks)
        }
        patterns = (
            [(by_week[0], 1, 0)]
            if len(set(by_week.values())) == 1
            else [(days, weeks, (c - s0) % weeks) for c, days in by_week.items() if days]
        )
        for days, every, offset in patterns:
            if not days:
                continue
            shift_rows.append(
                {
                    "caregiver_id": names[s.id],
                    "weekdays": days,
                    "every_weeks": every,
                    "week_offset": offset,
                    "dates": "",
                    "start_min": clock_to_min(sh.start),
                    "end_min": clock_to_min(sh.end),
                    "break_min": float(sh.break_min),
                    "travel_mode": s.mode,
                    "skills": "|".join(sorted(s.skills)),
                    "contract_fte": float(s.fte),
                    "starts_at": "office",
                    "home_location_id": "",
                }
            )
    shifts = pd.DataFrame(shift_rows, columns=list(SHIFT_COLUMNS))
    travel = {m: pd.DataFrame(geo.base_min[k], index=ids, columns=ids) for k, m in enumerate(geo.modes)}
    return Unit(
        name=d.name,
        office="office",
        start_date=run.scenario.start_date,
        clients=clients,
        visits=visits,
        shifts=shifts,
        travel=travel,
    )
