"""Analytic check of the alarm unit against the M/M/c queue (Erlang C).

Configuration: every client holds an alarm (holder_share=1), calls arrive as a
Poisson process at a constant rate (night_rate_multiplier=1), handling is
exponential, responders answer on the spot (include_travel=false) and nobody
else answers (no caregivers: caregivers_per_district=0, so every call goes to
the district's c responders, first come first served). The response time is
then exactly the waiting time in queue of an M/M/c system:

    P(W > 0) = C(c, λ/μ)                     (Erlang C)
    E[W]     = C / (cμ − λ)
    P(W > t) = C · exp(−(cμ − λ) t)
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from simhelpers import erlang_c, erlang_c_direct

import sim
from sim.experiment import model_run
from sim.world.build import build_world

C_SERVERS = 2
HANDLING_MEAN = 20.0
CALLS_PER_CLIENT_DAY = 1.0
N_CLIENTS = 100
DAYS = 200  # ≈ 20,000 calls: about 3 s of simulation
# λ = 100 calls/day = 0.0694/min, μ = 0.05/min, ρ = λ/(cμ) ≈ 0.69

OVERRIDES = [
    "compare=[minute]",
    "replications=1",
    f"horizon_days={DAYS}",
    "warmup_days=0",
    f"scenario.districts.centrum.n_clients={N_CLIENTS}",
    "scenario.staffing.caregivers_per_district=0",
    "scenario.clients.need.hospital_admissions_per_year=0",
    "scenario.alarms.holder_share=1",
    "scenario.alarms.handling_distribution=exponential",
    f"scenario.alarms.handling_mean_min={HANDLING_MEAN}",
    "scenario.alarms.include_travel=false",
    "scenario.alarms.night_rate_multiplier=1",
    f"scenario.alarms.responders_per_district={C_SERVERS}",
    *[f"scenario.clients.care_levels.{i}.alarm_calls_per_day={CALLS_PER_CLIENT_DAY}" for i in range(4)],
]


@pytest.fixture(scope="module")
def queue():
    cfg = sim.config(OVERRIDES)
    world = build_world(cfg, 0)
    frames = model_run(world, "minute", cfg.models["minute"]).run()
    a = frames["alarms"]
    assert (a["responder"] == "alarm_unit").all()
    horizon = world.n_days * 1440.0
    lam = len(a) / horizon  # realised arrival rate, per minute
    mu = 1.0 / a["handling_min"].mean()  # realised service rate
    return a, lam, mu


def test_erlang_c_implementation():
    # textbook values: c=2, a=1 → C = 1/3; c=1 → C = ρ
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    assert erlang_c(1, 0.7) == pytest.approx(0.7)
    for c in (1, 2, 3, 5, 10):
        for a in np.linspace(0.1, c - 0.1, 7):
            assert erlang_c(c, a) == pytest.approx(erlang_c_direct(c, a), rel=1e-10)


def test_calls_are_poisson_at_the_configured_rate(queue):
    a, lam, _ = queue
    n = len(a)
    expected = N_CLIENTS * CALLS_PER_CLIENT_DAY * DAYS
    # Poisson count: sd = sqrt(expected) ≈ 141; allow 4 sd
    assert abs(n - expected) < 4 * math.sqrt(expected)
    # constant rate: calls spread evenly over the 24 hours (chi-square over 24 hourly bins)
    hours = ((a["call_time"] % 1440) // 60).astype(int)
    counts = np.bincount(hours, minlength=24)
    assert stats.chisquare(counts).pvalue > 1e-4
    # exponential inter-arrival times: coefficient of variation ≈ 1
    gaps = np.diff(np.sort(a["call_time"].to_numpy()))
    assert gaps.std() / gaps.mean() == pytest.approx(1.0, abs=0.05)
    # exponential handling: mean as configured (se = mean / sqrt(n)), CV ≈ 1
    h = a["handling_min"].to_numpy()
    assert h.mean() == pytest.approx(HANDLING_MEAN, abs=4 * HANDLING_MEAN / math.sqrt(n))
    assert h.std() / h.mean() == pytest.approx(1.0, abs=0.05)
    assert lam > 0


def test_mean_response_matches_erlang_c(queue):
    a, lam, mu = queue
    rho = lam / (C_SERVERS * mu)
    assert 0.5 < rho < 0.85, "a meaningful but stable queue"
    pw = erlang_c(C_SERVERS, lam / mu)
    wq = pw / (C_SERVERS * mu - lam)
    w = a["response_min"].to_numpy()
    assert not np.isnan(w).any()
    # Tolerance from the data: waits of nearby calls are correlated, so the standard error is
    # estimated by batch means over days (a day is ~4 relaxation times 1/(cμ(1−√ρ)²) ≈ 6 h at
    # this load, so daily means are nearly independent). With ~20,000 calls it is ≈ 4 % of E[W].
    daily = a.groupby("day")["response_min"].mean()
    se = daily.std(ddof=1) / math.sqrt(len(daily))
    assert se < 0.1 * wq, "too few calls for a meaningful check"
    assert abs(w.mean() - wq) < 4 * se, f"mean wait {w.mean():.2f} vs Erlang C {wq:.2f} (se {se:.2f})"
    # the theoretical standard error (independent waits) is a lower bound on the real one
    var_w = pw * (2 - pw) / (C_SERVERS * mu - lam) ** 2
    assert se > 0.8 * math.sqrt(var_w / len(w))
    # share of calls that wait at all = Erlang C, within 4 batch-means standard errors
    waited = (a["response_min"] > 1e-9).groupby(a["day"]).mean()
    assert waited.mean() == pytest.approx(pw, abs=4 * _batch_se(waited))


def _batch_se(daily: pd.Series) -> float:
    """Standard error of a mean over days from the spread of the daily values (batch means)."""
    return float(daily.std(ddof=1) / math.sqrt(len(daily)))


def test_waiting_time_distribution_and_p90(queue):
    a, lam, mu = queue
    pw = erlang_c(C_SERVERS, lam / mu)
    r = C_SERVERS * mu - lam
    w = a["response_min"].to_numpy()
    # P(W > t) = C e^{−rt} at several t, each within 4 batch-means standard errors (≈ 0.01–0.02)
    for t in (5.0, 10.0, 20.0, 40.0, 60.0, 90.0):
        daily = (a["response_min"] > t).groupby(a["day"]).mean()
        se = _batch_se(daily)
        assert se < 0.02
        assert daily.mean() == pytest.approx(pw * math.exp(-r * t), abs=4 * se), t
    # p90: solve C e^{−rt} = 0.1. By the delta method its standard error is the se of the
    # exceedance share at that point divided by the density there, 0.1·r per minute.
    p90 = math.log(pw / 0.1) / r
    se_share = _batch_se((a["response_min"] > p90).groupby(a["day"]).mean())
    tol = 4 * se_share / (0.1 * r)
    emp = float(np.quantile(w, 0.9))
    assert tol < 0.25 * p90, "too few calls for a meaningful check"
    assert abs(emp - p90) < tol, f"p90 {emp:.1f} vs Erlang C {p90:.1f} ± {tol:.1f}"


def test_more_responders_shorten_waits():
    """Monotonicity (a sanity check independent of the formula): c + 1 responders, same calls."""
    base = [o for o in OVERRIDES if "responders_per_district" not in o and "horizon_days" not in o]
    waits = []
    for c in (1, 2, 3):
        cfg = sim.config(
            [
                *base,
                "horizon_days=20",
                f"scenario.alarms.responders_per_district={c}",
                *[f"scenario.clients.care_levels.{i}.alarm_calls_per_day=0.5" for i in range(4)],
            ]
        )
        world = build_world(cfg, 0)
        a = model_run(world, "minute", cfg.models["minute"]).run()["alarms"]
        waits.append(a["response_min"].mean())
    assert waits[0] > waits[1] > waits[2] >= 0
