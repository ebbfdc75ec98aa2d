"""Clients: care levels, care plans and the course of their real need over time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from sim.config.fields import clock_to_min
from sim.config.schema import ClientsConfig
from sim.config.schema_staff import AlarmConfig
from sim.rng import Stream, lognormal_median1, stream


@dataclass(frozen=True)
class Calendar:
    """Maps simulation days (0 = first warm-up day) to calendar facts."""

    start_date: dt.date  # calendar date of the first measured day
    warmup_days: int

    def date(self, day: int) -> dt.date:
        """Calendar date of simulation ``day``."""
        return self.start_date + dt.timedelta(days=day - self.warmup_days)

    def weekday(self, day: int) -> int:
        """0 = Monday … 6 = Sunday."""
        return self.date(day).weekday()

    def week(self, day: int) -> int:
        """Index of the (Monday-started) week, stable across runs with the same start date."""
        return (self.date(day).toordinal() - 1) // 7  # ordinal 1 (0001-01-01) is a Monday


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
    """Draw the clients of one district: care level, plan, client factor and alarm."""
    rng = stream(seed, replication, Stream.CLIENTS, district)
    shares = np.array([lv.share for lv in cfg.care_levels])
    levels = rng.choice(len(cfg.care_levels), size=n, p=shares / shares.sum())
    factors = lognormal_median1(rng, cfg.need.client_factor_sigma, n)
    has_alarm = rng.uniform(size=n) < alarms.holder_share
    clients = []
    for i in range(n):
        level = cfg.care_levels[int(levels[i])]
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
                client_factor=float(factors[i]),
                alarm_rate_per_day=float(level.alarm_calls_per_day) if has_alarm[i] else 0.0,
                plans=tuple(plans),
            )
        )
    return clients


@dataclass(frozen=True)
class ClientCourse:
    """Per client and day: in hospital or not, and the multiplier on need (drift, discharge)."""

    in_hospital: np.ndarray  # (n_clients, n_days) bool
    need_multiplier: np.ndarray  # (n_clients, n_days) float


def client_course(
    cfg: ClientsConfig, n_clients: int, n_days: int, seed: int, replication: int
) -> ClientCourse:
    """Deterioration and hospital stays of every client over the whole run."""
    need = cfg.need
    rng = stream(seed, replication, Stream.HOSPITAL)
    days = np.arange(n_days)
    rate = (
        rng.exponential(need.drift_per_month, n_clients) if need.drift_per_month > 0 else np.zeros(n_clients)
    )
    drift = (1.0 + rate[:, None]) ** (days[None, :] / 30.4375)
    in_hosp = np.zeros((n_clients, n_days), dtype=bool)
    bump = np.zeros((n_clients, n_days))
    p_admit = need.hospital_admissions_per_year / 365.25
    admit_u = rng.uniform(size=(n_clients, n_days))
    stay_len = rng.geometric(1.0 / need.hospital_stay_mean_days, size=(n_clients, n_days))
    decay = np.exp(-days / need.post_discharge_recovery_days)
    for c in range(n_clients):
        d = 0
        while d < n_days:
            if admit_u[c, d] < p_admit:
                end = min(n_days, d + int(stay_len[c, d]))
                in_hosp[c, d:end] = True
                if end < n_days:
                    bump[c, end:] += need.post_discharge_increase * decay[: n_days - end]
                d = end
            else:
                d += 1
    return ClientCourse(in_hospital=in_hosp, need_multiplier=drift * (1.0 + bump))


def day_need_noise(
    cfg: ClientsConfig, n_clients: int, max_plans: int, day: int, seed: int, replication: int
) -> tuple[np.ndarray, np.ndarray]:
    """Day factor and extra minutes for every (client, planned visit) of one day."""
    rng = stream(seed, replication, Stream.NEED, day)
    shape = (n_clients, max(1, max_plans))
    factor = lognormal_median1(rng, cfg.need.day_factor_sigma, shape)
    has_extra = rng.uniform(size=shape) < cfg.need.extras_probability
    extra = np.where(has_extra, rng.exponential(max(cfg.need.extras_mean_min, 1e-12), shape), 0.0)
    return factor, extra
