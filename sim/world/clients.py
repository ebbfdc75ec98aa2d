"""Clients: care levels, care plans and the course of their real need over time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.config.fields import clock_to_min
from sim.config.reads import ALWAYS, Reads
from sim.config.schema import ClientsConfig
from sim.config.schema_staff import AlarmConfig
from sim.rng import (
    Stream,
    exponential_from_uniform,
    geometric_from_uniform,
    keyed_uniform,
    lognormal_median1,
    lognormal_median1_u,
    stream,
)

# The config keys the client population reads (issue 25: sim/config/reads.py).
READS = Reads(
    "the client population (sim/world/clients.py)",
    (
        "scenario.clients.care_levels.*.*",
        "scenario.clients.care_levels.*.visits.*.*",
        "scenario.clients.catalogue.*.standard_min",
        "scenario.clients.catalogue.*.essential_share",
        "scenario.clients.catalogue.*.skill",
        "scenario.clients.slots.*.*",
        "scenario.clients.need.need_to_standard_ratio",
        "scenario.clients.need.client_factor_sigma",
        "scenario.clients.need.day_factor_sigma",
        "scenario.clients.need.extras_probability",
        "scenario.clients.need.extras_mean_min",
        "scenario.clients.need.drift_per_month",
        "scenario.clients.need.hospital_admissions_per_year",
        "scenario.clients.need.hospital_stay_mean_days",
        "scenario.clients.need.post_discharge_increase",
        "scenario.clients.need.post_discharge_recovery_days",
        "scenario.alarms.holder_share",
    ),
    ALWAYS,
)


@dataclass(frozen=True)
class Calendar:
    """Maps simulation days (0 = first warm-up day) to calendar facts."""

    start_date: dt.date  # calendar date of the first measured day
    warmup_days: int
    # a dated unit's period (data.dir): the days it plans, from start_date, repeated; 0: none
    period_days: int = 0

    def date(self, day: int) -> dt.date:
        """Calendar date of simulation ``day``."""
        return self.start_date + dt.timedelta(days=day - self.warmup_days)

    def plan_date(self, day: int) -> dt.date:
        """The date whose plan (visits, rota) simulation ``day`` follows: its own, or the day of
        a dated unit's period it repeats."""
        if not self.period_days:
            return self.date(day)
        return self.start_date + dt.timedelta(days=(day - self.warmup_days) % self.period_days)

    def weekday(self, day: int) -> int:
        """0 = Monday … 6 = Sunday, of the plan the day follows."""
        return self.plan_date(day).weekday()

    def week(self, day: int) -> int:
        """Index of the (Monday-started) week of the plan the day follows, stable across runs with
        the same start date."""
        return (self.plan_date(day).toordinal() - 1) // 7  # ordinal 1 (0001-01-01) is a Monday


@dataclass(frozen=True)
class VisitPlan:
    """A recurring visit of a client's care plan (a granted bundle of tasks)."""

    client: int
    index: int  # position in the client's plan: the "planned visit" id
    slot: str
    earliest_min: int  # earliest start, minutes after midnight
    latest_min: int
    shift: str
    tasks: tuple[str, ...]
    standard_min: float
    floor_share: float  # share of need that is essential and never cut
    skills: frozenset[str]
    double: bool
    weekdays: frozenset[int]
    every_weeks: int
    week_offset: int
    planned_slot: int = -1  # the staff position of a unit's own plan (data.dir), -1: none
    # caregivers the client refuses, as skills every other person holds (sim.world.imported);
    # both caregivers of a double-staffed visit must hold them
    refusals: frozenset[str] = frozenset()
    second_share: float = 1.0  # share of a double-staffed visit the second caregiver stays for
    # what only a unit's own plan gives (data.dir)
    second_offset_share: float = 0.0  # share of the visit after which its second caregiver joins
    planned_start_min: float = float("nan")  # the plan's start, minutes after the day's start
    second_slot: int = -1  # the staff position of the plan's second caregiver, -1: none
    ref: str = ""  # the unit's visit id
    follows: str = ""  # the unit's visit id of the visit of the same client this one follows
    follows_min_gap: float = 0.0  # minutes from that visit's start to this one's, at least
    follows_max_gap: float = float("inf")  # … at most

    def active(self, weekday: int, week: int) -> bool:
        """Whether the visit is planned on a day with this weekday and week index."""
        return weekday in self.weekdays and (week + self.week_offset) % self.every_weeks == 0


@dataclass(frozen=True)
class Client:
    """A home-care client (brukare)."""

    id: int
    district: int
    loc: int  # location index in the district geography
    level: str
    client_factor: float
    alarm_rate_per_day: float  # 0 for clients without a safety alarm
    plans: tuple[VisitPlan, ...]
    name: str = ""  # the analyst's id (a unit's client id; generated: the export's, client-k)


def _pick_weekdays(rng: np.random.Generator, k: int, weekdays_only: bool) -> frozenset[int]:
    pool = 5 if weekdays_only else 7
    if k >= pool:
        return frozenset(range(pool))
    return frozenset(int(x) for x in rng.choice(pool, size=k, replace=False))


def make_clients(
    cfg: ClientsConfig,
    alarms: AlarmConfig,
    district: int,
    n: int,
    first_id: int,
    seed: int,
    replication: int,
) -> list[Client]:
    """Draw the clients of one district: care level, plan, client factor and alarm.

    Each client's draws come from their own stream, keyed by (district, place in the
    district), so a bigger population leaves the existing clients as they were."""
    shares = np.array([lv.share for lv in cfg.care_levels])
    clients = []
    for i in range(n):
        rng = stream(seed, replication, Stream.CLIENTS, district, i)
        level = cfg.care_levels[int(rng.choice(len(cfg.care_levels), p=shares / shares.sum()))]
        factor = float(lognormal_median1(rng, cfg.need.client_factor_sigma, 1)[0])
        has_alarm = bool(rng.uniform() < alarms.holder_share)
        cid = first_id + i
        plans: list[VisitPlan] = []
        for tpl in level.visits:
            if rng.uniform() >= tpl.probability:
                continue
            tasks = list(tpl.tasks)
            tasks += [t for t, p in tpl.extra_tasks.items() if rng.uniform() < p and t not in tasks]
            std = [cfg.catalogue[t].standard_min for t in tasks]
            ess = [cfg.catalogue[t].essential_share for t in tasks]
            slot = cfg.slots[tpl.slot]
            plans.append(
                VisitPlan(
                    client=cid,
                    index=len(plans),
                    slot=tpl.slot,
                    earliest_min=clock_to_min(slot.start),
                    latest_min=clock_to_min(slot.end),
                    shift=slot.shift,
                    tasks=tuple(tasks),
                    standard_min=float(sum(std)),
                    floor_share=float(np.dot(std, ess) / sum(std)),
                    skills=frozenset(cfg.catalogue[t].skill for t in tasks if cfg.catalogue[t].skill),
                    double=bool(rng.uniform() < tpl.double_staffing_probability),
                    weekdays=_pick_weekdays(rng, tpl.times_per_week, tpl.weekdays_only),
                    every_weeks=tpl.every_weeks,
                    week_offset=int(rng.integers(0, tpl.every_weeks)),
                )
            )
        clients.append(
            Client(
                id=cid,
                district=district,
                loc=i + 1,
                level=level.name,
                client_factor=factor,
                alarm_rate_per_day=float(level.alarm_calls_per_day) if has_alarm else 0.0,
                plans=tuple(plans),
                name=f"client-{i + 1}",
            )
        )
    return clients


@dataclass(frozen=True)
class ClientCourse:
    """Per client and day: in hospital or not, and the multiplier on need (drift, discharge)."""

    in_hospital: np.ndarray  # (n_clients, n_days) bool
    need_multiplier: np.ndarray  # (n_clients, n_days) float


def client_keys(clients: Sequence[Client]) -> tuple[np.ndarray, np.ndarray]:
    """(district, home location) of each client, in client-id order: the key of a client's draws."""
    return (
        np.array([c.district for c in clients], dtype=np.int64),
        np.array([c.loc for c in clients], dtype=np.int64),
    )


def client_course(
    cfg: ClientsConfig, clients: Sequence[Client], n_days: int, seed: int, replication: int
) -> ClientCourse:
    """Deterioration and hospital stays of every client over the whole run (draws keyed by
    client and day)."""
    need = cfg.need
    n_clients = len(clients)
    district, home = client_keys(clients)
    d, h = district[:, None], home[:, None]
    days = np.arange(n_days)
    rate = (
        exponential_from_uniform(keyed_uniform(seed, replication, Stream.HOSPITAL, 0, district, home),
                                 need.drift_per_month)
        if need.drift_per_month > 0 else np.zeros(n_clients)
    )  # fmt: skip
    drift = (1.0 + rate[:, None]) ** (days[None, :] / 30.4375)
    in_hosp = np.zeros((n_clients, n_days), dtype=bool)
    bump = np.zeros((n_clients, n_days))
    p_admit = need.hospital_admissions_per_year / 365.25
    admit_u = keyed_uniform(seed, replication, Stream.HOSPITAL, 1, d, h, days[None, :])
    stay_len = geometric_from_uniform(
        keyed_uniform(seed, replication, Stream.HOSPITAL, 2, d, h, days[None, :]),
        1.0 / need.hospital_stay_mean_days,
    )
    decay = np.exp(-days / need.post_discharge_recovery_days)
    for c in range(n_clients):
        d0 = 0
        while d0 < n_days:
            if admit_u[c, d0] < p_admit:
                end = min(n_days, d0 + int(stay_len[c, d0]))
                in_hosp[c, d0:end] = True
                if end < n_days:
                    bump[c, end:] += need.post_discharge_increase * decay[: n_days - end]
                d0 = end
            else:
                d0 += 1
    return ClientCourse(in_hospital=in_hosp, need_multiplier=drift * (1.0 + bump))


def day_need_noise(
    cfg: ClientsConfig, keys: tuple[np.ndarray, np.ndarray], max_plans: int, day: int, seed: int,
    replication: int,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Day factor and extra minutes for every (client, planned visit) of one day, keyed by
    (day, client, planned visit); ``keys`` are the clients' (district, home) (:func:`client_keys`)."""
    d, h = keys[0][:, None], keys[1][:, None]
    plan = np.arange(max(1, max_plans))[None, :]

    def u(part: int) -> np.ndarray:
        return keyed_uniform(seed, replication, Stream.NEED, day, part, d, h, plan)

    factor = lognormal_median1_u(u(0), cfg.need.day_factor_sigma)
    has_extra = u(1) < cfg.need.extras_probability
    extra = np.where(has_extra, exponential_from_uniform(u(2), max(cfg.need.extras_mean_min, 1e-12)), 0.0)
    return factor, extra
