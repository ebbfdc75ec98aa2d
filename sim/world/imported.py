"""A unit's own data as the simulated district (issues 13 and 24).

:func:`apply_unit` makes the run's config agree with the unit (the parts of the day its
caregivers work, its rota cycle, travel modes, skills, size, first day and — for a dated
export — the measured days), so every later check and table works as for a generated scenario.
:func:`imported_district` builds the district's clients, staff and geography: **each caregiver is
one person with their own shifts** (any start and end, several a day, past midnight, breaks at
set times or in windows), and a visit is open to whoever is on duty when it can be made — the
parts of the day are labels, not groups that decide who may take a visit. What the files do not
give — each client's need factor, alarm and care level when not given — is drawn from the same
keyed streams as a generated client's, so a generated world exported
(:mod:`sim.world.unit_export`) and imported again is the same world (``tests/test_import.py``).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config.fields import ConfigError
from sim.config.schema import RunConfig, ScenarioConfig
from sim.config.schema_models import ModelConfig
from sim.config.schema_staff import ShiftConfig
from sim.config.schema_world import DistrictConfig
from sim.data.unit import Unit, all_dates
from sim.rng import Stream, lognormal_median1, stream
from sim.world.clients import Calendar, Client, VisitPlan
from sim.world.geography import DistrictGeography
from sim.world.staff import ShiftTime, StaffSlot

REPLAY = "own_plan"


def _rows(df: pd.DataFrame) -> list[Any]:
    """The rows of ``df`` as named tuples (typed loosely: a table's columns are known by name)."""
    return list(df.itertuples())


def _clock(minutes: float) -> str:
    m = min(round(minutes), 1440)  # a config clock stops at 24:00 (a night shift's label only)
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


def part_of_day(start_min: float) -> str:
    """The part of the day a shift or visit starting at ``start_min`` belongs to: day before
    14:00, evening before 21:00, else night (a label for reports, lending and floaters)."""
    return "day" if start_min < 14 * 60 else "evening" if start_min < 21 * 60 else "night"


def _break_window(r: Any) -> tuple[float, float]:
    """Where a shift row's break may start: its own window or set time, else the middle third."""
    if not math.isnan(r.break_earliest_min):
        return float(r.break_earliest_min), float(r.break_latest_min)
    work = r.end_min - r.start_min - r.break_min
    return r.start_min + work / 3, r.start_min + 2 * work / 3


def _shift_time(r: Any) -> ShiftTime:
    b0, b1 = _break_window(r)
    return ShiftTime(int(r.start_min), int(r.end_min), float(r.break_min), b0, b1, part_of_day(r.start_min))


def _caregivers(unit: Unit) -> dict[str, list[Any]]:
    """Each caregiver's rows, caregivers in order of first appearance."""
    out: dict[str, list[Any]] = {}
    for r in _rows(unit.shifts):
        out.setdefault(str(r.caregiver_id), []).append(r)
    return out


def _kind(rows: list[Any]) -> str:
    """A caregiver's part of the day: that of their earliest shift."""
    return part_of_day(min(r.start_min for r in rows))


def shift_types(unit: Unit) -> dict[str, ShiftConfig]:
    """The parts of the day the unit's caregivers work, each with its most common hours (config
    labels: the hours a caregiver works are their own)."""
    by_kind: dict[str, Counter[tuple[int, int, float]]] = {}
    windows: dict[tuple[int, int, float], tuple[float, float]] = {}
    for r in sorted(_rows(unit.shifts), key=lambda r: r.start_min):
        key = (int(r.start_min), int(r.end_min), float(r.break_min))
        by_kind.setdefault(part_of_day(r.start_min), Counter())[key] += 1
        windows.setdefault(key, _break_window(r))
    out = {}
    for kind, counts in by_kind.items():
        (start, end, brk), _ = counts.most_common(1)[0]
        b0, b1 = windows[(start, end, brk)]
        # a label's clock stops at 24:00: a night shift's label keeps its hours before midnight
        # and a break that fits them (its caregivers work their own hours, past midnight too)
        shown = min(end, 1440)
        brk = min(brk, max(0.0, shown - start))
        b0, b1 = (min(max(b, start), shown - brk) for b in (b0, b1))
        out[kind] = ShiftConfig(_clock(start), _clock(shown), brk, _clock(b0), _clock(b1))
    return out


def rota_weeks(unit: Unit) -> int:
    """Weeks of the rota cycle: the least common multiple of the patterns' every_weeks."""
    weeks = 1
    for r in _rows(unit.shifts):
        for _, every, _ in unit.recurrence(r):
            weeks = math.lcm(weeks, every)
    return weeks


def period_days(unit: Unit) -> int:
    """Days of a dated export's period, which a run measures as they are (0: weekday patterns)."""
    return len(unit.period()) if unit.dated else 0


def apply_unit(run: RunConfig, unit: Unit) -> RunConfig:
    """``run`` with its scenario made to agree with ``unit``: one district of the unit's clients,
    the parts of the day its caregivers work, its rota cycle, travel modes, skills and first day;
    a dated export's days as the measured horizon (times ``data.repeat``)."""
    sc = run.scenario
    shifts = shift_types(unit)
    # visit slots of the population config keep their windows; they point at a part of the day
    slots = {
        name: dataclasses.replace(slot, shift=_nearest_kind(slot.start, shifts))
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
    horizon = period_days(unit) * run.data.repeat or run.horizon_days
    return dataclasses.replace(run, scenario=scenario, models=models, compare=compare, horizon_days=horizon)


def replay_model(base: ModelConfig) -> ModelConfig:
    """The unit's own plan as a third arm, a true replay: each visit by its planned caregiver(s),
    in the planned order, from no earlier than its planned start; only absences are covered (a
    substitute takes the absent person's route); no reassessment, no re-planning. Staying for the
    granted minutes, cutting when behind, logging and payment are as ``base`` (minute-controlled
    care), with nobody helping out: what reality does to the plan shows as lateness, overtime and
    unmet need."""
    planning = dataclasses.replace(base.planning, router="replay", allotment="standard")
    execution = dataclasses.replace(base.execution, mutual_help=False)
    reassessment = dataclasses.replace(base.reassessment, enabled=False)
    return dataclasses.replace(
        base, label="The unit's own plan", planning=planning, execution=execution, reassessment=reassessment
    )


def _nearest_kind(start: str, kinds: dict[str, ShiftConfig]) -> str:
    from sim.config.fields import clock_to_min

    want = part_of_day(clock_to_min(start))
    return want if want in kinds else next(iter(kinds))


def _start_week(cal: Calendar) -> int:
    """The absolute week index of the first measured day (week 0 of the files' patterns)."""
    return cal.week(cal.warmup_days)


def positions(unit: Unit, first_slot: int) -> dict[str, int]:
    """Caregiver id -> staff position id (one position, one person, per caregiver)."""
    return {cg: first_slot + i for i, cg in enumerate(_caregivers(unit))}


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
    slot_of = positions(unit, first_slot)
    by_client: dict[str, list[Any]] = {}
    for v in _rows(unit.visits):
        by_client.setdefault(str(v.client_id), []).append(v)
    out = []
    for i, c in enumerate(_rows(unit.clients)):
        rng = stream(run.seed, replication, Stream.CLIENTS, district, i)
        drawn = cfg.care_levels[int(rng.choice(len(cfg.care_levels), p=shares / shares.sum()))]
        level = levels.get(str(c.care_level), drawn)
        factor = float(lognormal_median1(rng, cfg.need.client_factor_sigma, 1)[0])
        has_alarm = bool(rng.uniform() < alarms.holder_share)
        cid = first_id + i
        refusals = frozenset(refusal_skill(cg) for cg in str(c.avoid_caregivers).split("|") if cg)
        plans: list[VisitPlan] = []
        for v in by_client.get(str(c.client_id), []):
            for days, every, offset in unit.recurrence(v):
                when = (days, every, (-s0 - offset) % every)  # VisitPlan.active's offset
                plans.append(_plan(cid, len(plans), v, when, run, slot_of, refusals))
        out.append(
            Client(
                id=cid,
                district=district,
                loc=locs[str(c.location_id)],
                level=level.name,
                client_factor=factor,
                alarm_rate_per_day=float(level.alarm_calls_per_day) if has_alarm else 0.0,
                plans=tuple(plans),
                name=str(c.client_id),
            )
        )
    return out


def _plan(
    cid: int,
    index: int,
    g: Any,
    when: tuple[str, int, int],
    run: RunConfig,
    slot_of: dict[str, int],
    refusals: frozenset[str],
) -> VisitPlan:
    """A row of Unit.visits as a client's visit plan, on the weekdays, every n-th week and
    VisitPlan offset of ``when``."""
    earliest, latest = int(g.earliest_min), int(g.latest_min)
    granted = float(g.granted_min)
    second = float(g.second_min)
    double = bool(g.double_staffed)
    max_gap = float(g.follows_max_gap)
    return VisitPlan(
        client=cid,
        index=index,
        slot="imported",
        earliest_min=earliest,
        latest_min=latest,
        shift=part_of_day(earliest),
        tasks=(),
        standard_min=granted,
        floor_share=run.data.essential_share,
        skills=frozenset([str(g.skill)]) if str(g.skill) else frozenset(),
        double=double,
        weekdays=frozenset(int(d) for d in when[0]),
        every_weeks=when[1],
        week_offset=when[2],
        planned_slot=slot_of.get(str(g.planned_caregiver), -1),
        refusals=refusals,
        second_share=1.0 if not double or math.isnan(second) else min(1.0, second / granted),
        second_offset_share=min(1.0, float(g.second_offset_min) / granted) if double else 0.0,
        planned_start_min=float(g.planned_start_min),
        second_slot=slot_of.get(str(g.second_caregiver), -1) if double else -1,
        ref=str(g.visit_id),
        follows=str(g.follows),
        follows_min_gap=float(g.follows_min_gap),
        follows_max_gap=max_gap if not math.isnan(max_gap) else math.inf,
    )


def unit_counts(unit: Unit) -> dict[str, int]:
    """How much of each kind a unit's files give (for the run report): clients, visit rows,
    caregivers, clients with refusals, continuity pairs, caregivers starting at home, days of
    the dated period (0: weekday patterns only), double visits with their second caregiver,
    linked visits, shifts with break times."""
    dated = bool(all_dates(unit.visits, unit.shifts))
    v, g = unit.visits, unit.shifts
    return {
        "clients": len(unit.clients),
        "visits": len(v),
        "caregivers": int(g["caregiver_id"].nunique()),
        "refusing": int((unit.clients["avoid_caregivers"] != "").sum()),
        "history": len(unit.continuity),
        "from_home": int(g.loc[g["starts_at"] == "home", "caregiver_id"].nunique()),
        "dated_days": len(unit.period()) if dated else 0,
        "planned": int((v["planned_caregiver"] != "").sum()),
        "second_planned": int((v["second_caregiver"] != "").sum()),
        "linked": int((v["follows"] != "").sum()),
        "break_times": int(g["break_earliest_min"].notna().sum()),
        "shift_hours": int(g[["start_min", "end_min"]].drop_duplicates().shape[0]),
    }


def refusal_skill(caregiver_id: str) -> str:
    """A client's refusal of ``caregiver_id`` as a skill: everyone but that caregiver holds it, so
    every planner's and dispatcher's skill rule keeps the caregiver away (as VROOM's and PyVRP's
    users model incompatibilities)."""
    return f"not:{caregiver_id}"


def unit_facts(run: RunConfig, unit: Unit, clients: list[Client], first_slot: int) -> dict[str, Any]:
    """The District fields only a unit's data gives, keyed by the positions' first holders (whose
    person ids are the slots' ids): the clients' refusals (which skill each refused caregiver
    lacks), who knows whom on the first day (continuity; a row without a count counts as
    ``data.usual_caregiver_visits``) and the homes of caregivers whose shifts start there."""
    slot_of = positions(unit, first_slot)
    refused = {cg for text in unit.clients["avoid_caregivers"] for cg in str(text).split("|") if cg}
    own = {slot_of[cg]: frozenset([refusal_skill(cg)]) for cg in refused if cg in slot_of}
    client_of = {str(c): cl.id for c, cl in zip(unit.clients["client_id"], clients, strict=True)}
    usual = float(run.data.usual_caregiver_visits)
    history = tuple(
        (
            client_of[str(r.client_id)],
            slot_of[str(r.caregiver_id)],
            usual if math.isnan(r.visits) else float(r.visits),
        )
        for r in _rows(unit.continuity)
        if str(r.caregiver_id) in slot_of and (math.isnan(r.visits) or float(r.visits) > 0)
    )
    locs = {loc: i for i, loc in enumerate(unit.locations)}
    homes: dict[int, int] = {}
    for r in _rows(unit.shifts):
        if r.starts_at == "home":
            homes.setdefault(slot_of[str(r.caregiver_id)], locs[str(r.home_location_id)])
    return {
        "refusal_skills": frozenset(refusal_skill(cg) for cg in refused),
        "own_refusals": own,
        "history": history,
        "start_loc": homes,
    }


def imported_staff(
    run: RunConfig, unit: Unit, district: int, first_id: int, cal: Calendar
) -> list[StaffSlot]:
    """One staff position per caregiver, on duty on the days of their rows with each day's own
    shifts (in time order)."""
    weeks = run.scenario.staffing.weekend_every
    s0 = _start_week(cal)
    places: Counter[str] = Counter()
    slots: list[StaffSlot] = []
    for k, (cg, rows) in enumerate(_caregivers(unit).items()):
        hours: dict[int, list[ShiftTime]] = {}
        for r in rows:
            for on, every, offset in unit.recurrence(r):
                for c in range(weeks):  # rota week c holds the weeks s0 + offset, + every, …
                    if (c - s0 - offset) % every == 0:
                        for d in on:
                            hours.setdefault(c * 7 + int(d), []).append(_shift_time(r))
        kind = _kind(rows)
        first = rows[0]
        slots.append(
            StaffSlot(
                id=first_id + k,
                district=district,
                shift=kind,
                fte=float(first.contract_fte),
                weekend_week=0,
                cycle_days=frozenset(hours),
                skills=frozenset(x for r in rows for x in str(r.skills).split("|") if x),
                mode=str(first.travel_mode),
                place=places[kind],
                hours=tuple(
                    (day, tuple(sorted(ts, key=lambda t: t.start))) for day, ts in sorted(hours.items())
                ),
                name=cg,
            )
        )
        places[kind] += 1
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
