"""Safety-alarm calls: when they come, from whom, and how long each takes to handle."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config.fields import clock_to_min
from sim.config.schema_staff import AlarmConfig
from sim.rng import Stream, lognormal_mean1_from_cv, stream
from sim.world.clients import Client


def day_hours(cfg: AlarmConfig) -> tuple[int, int]:
    """(day start, night start) in minutes after midnight."""
    return clock_to_min(cfg.day_start), clock_to_min(cfg.night_start)


@dataclass(frozen=True)
class AlarmCalls:
    """All alarm calls of a district over the run, sorted by time."""

    time_min: np.ndarray  # absolute minutes since the start of day 0
    client: np.ndarray  # global client id
    handling_min: np.ndarray


def _handling(cfg: AlarmConfig, rng: np.random.Generator, n: int) -> np.ndarray:
    if cfg.handling_distribution == "exponential":
        return rng.exponential(cfg.handling_mean_min, n)
    return cfg.handling_mean_min * lognormal_mean1_from_cv(rng, cfg.handling_cv, n)


def make_alarm_calls(
    cfg: AlarmConfig, clients: list[Client], district: int, n_days: int, seed: int, replication: int
) -> AlarmCalls:
    """Poisson calls per alarm holder, with a higher rate at night (piecewise constant).

    Each holder's calls and their handling times come from the holder's own stream, keyed
    by (district, home), so other clients joining or leaving change nobody's calls."""
    day_start, night_start = day_hours(cfg)
    day_len, night_len = night_start - day_start, 1440 - (night_start - day_start)
    weight = day_len + cfg.night_rate_multiplier * night_len
    times, who, handling = [], [], []
    for c in clients:
        if c.alarm_rate_per_day <= 0:
            continue
        rng = stream(seed, replication, Stream.ALARMS, district, c.loc)
        mine = 0
        per_min_day = c.alarm_rate_per_day * cfg.rate_multiplier / weight
        for start, length, rate in (
            (day_start, day_len, per_min_day),
            (night_start, night_len, per_min_day * cfg.night_rate_multiplier),
        ):
            counts = rng.poisson(rate * length, n_days)
            total = int(counts.sum())
            if total == 0:
                continue
            day_of = np.repeat(np.arange(n_days), counts)
            times.append(day_of * 1440 + start + rng.uniform(0, length, total))
            who.append(np.full(total, c.id))
            mine += total
        # handling last: its distribution does not move the calls
        handling.append(_handling(cfg, rng, mine))
    if not times:
        empty = np.empty(0)
        return AlarmCalls(empty, empty.astype(int), empty)
    t = np.concatenate(times)
    ids = np.concatenate(who)
    hand = np.concatenate(handling)
    order = np.argsort(t, kind="stable")
    t, ids, hand = t[order], ids[order], hand[order]
    # calls after midnight of the last day belong to the horizon's end; drop them
    keep = t < n_days * 1440
    return AlarmCalls(time_min=t[keep], client=ids[keep], handling_min=hand[keep])
