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
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config.fields import ConfigError
from sim.config.reads import Reads, run_is
from sim.config.schema import RunConfig, ScenarioConfig
from sim.config.schema_models import ModelConfig
from sim.config.schema_staff import ShiftConfig
from sim.config.schema_world import DistrictConfig
from sim.data.unit import Unit, all_dates
from sim.rng import Stream, lognormal_median1, stream
from sim.world.clients import Calendar, Client, VisitPlan
from sim.world.unit_staff import (
    imported_geography,
    imported_staff,
    part_of_day,
    positions,
    rota_weeks,
    shift_types,
    start_week,
)

REPLAY = "own_plan"
# what :mod:`sim.world.unit_staff` builds, named here too (one place to import a unit's world from)
__all__ = [
    "REPLAY",
    "apply_unit",
    "imported_clients",
    "imported_geography",
    "imported_staff",
    "part_of_day",
    "period_days",
    "positions",
    "refusal_skill",
    "replay_model",
    "rota_weeks",
    "shift_types",
    "unit_counts",
    "unit_facts",
    "unit_of",
    "with_unit",
]


# The config keys the import of a unit's files reads (issue 25: sim/config/reads.py).
READS = Reads(
    "the import of a unit's files (sim/world/imported.py)",
    ("data.essential_share", "data.repeat", "data.staff_as_planned", "data.usual_caregiver_visits"),
    run_is("data.dir", lambda v: v is not None, "data.dir is set"),
)


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
    s0 = start_week(cal)
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
