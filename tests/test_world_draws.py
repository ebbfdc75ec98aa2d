"""Statistical tests of the world's random draws against their configured parameters.

Every random quantity of a world comes from a keyed stream (:mod:`sim.rng`). These
tests pin, for each stream, that

* the draws follow the distribution the configuration asks for (day and client
  factors, extras, travel noise and winter, alarm calls, staff draws, hospital
  stays, drift, care levels);
* draws of different days, clients, plans, directions and districts are
  independent (a stream that repeats the same draws every day must fail here);
* the keying rules of common random numbers hold: the same key gives the same
  draws, every key component (seed, replication, stream, keys) changes them,
  and configuration that is not about the world leaves the world unchanged.

The tests look at distributions and independence through the public functions,
not at the exact key tuples, so they keep their meaning when streams are re-keyed.

Tolerances. Seeds are fixed, so every test is deterministic. Moment checks allow
4 standard errors (a two-sided 99.994 % bound for a normal estimate; the
standard error is derived from the configured parameters, not from the data);
distribution checks require a Kolmogorov–Smirnov or chi-square p-value above
0.001. A correct implementation therefore passes on all but a small fraction of
seeds, while the bugs these tests target (a wrong parameter, a repeated stream)
miss by tens of standard errors.
"""

from __future__ import annotations

import dataclasses
import math
import sys

import numpy as np
import pytest
from scipy import stats

import sim
import sim.rng
from sim.config.schema import RunConfig
from sim.rng import (
    Stream,
    exponential_from_uniform,
    geometric_from_uniform,
    keyed_uniform,
    lognormal_mean1_from_cv_u,
    lognormal_median1_u,
    normal_from_uniform,
    stream,
)
from sim.world.alarms import day_hours, make_alarm_calls
from sim.world.build import World, build_world
from sim.world.clients import Client, client_course, day_need_noise, make_clients
from sim.world.geography import daily_travel, pair_uniforms

Z = 4.0  # standard errors allowed in a moment check (two-sided 99.994 %)
P_MIN = 0.001  # smallest accepted p-value of a distribution test

# Non-default values throughout, so a parameter that is ignored (or hard-coded to its
# default) shows up as a failed test.
N_CLIENTS = 600
N_DAYS = 120
START = "2025-02-15"  # Feb–Mar are winter months, Apr–Jun are not
LEVEL_ALARM_RATES = (0.5, 1.0, 1.5, 2.0)  # calls per holder and day, per care level
BIG = [
    "replications=1",
    "warmup_days=0",
    f"horizon_days={N_DAYS}",
    f"scenario.start_date={START}",
    f"scenario.districts.centrum.n_clients={N_CLIENTS}",
    "scenario.districts.centrum.geography.travel_noise_cv=0.3",
    "scenario.districts.centrum.geography.winter_travel_factor=1.25",
    "scenario.clients.need.client_factor_sigma=0.35",
    "scenario.clients.need.day_factor_sigma=0.3",
    "scenario.clients.need.extras_probability=0.15",
    "scenario.clients.need.extras_mean_min=12",
    "scenario.clients.need.hospital_admissions_per_year=12",
    "scenario.clients.need.hospital_stay_mean_days=4",
    "scenario.clients.need.drift_per_month=0.02",
    "scenario.stress.sick_spell_mean_days=7",
    "scenario.alarms.holder_share=0.7",
    "scenario.alarms.night_rate_multiplier=2.5",
    "scenario.alarms.handling_mean_min=25",
    "scenario.alarms.handling_cv=0.5",
    *[f"scenario.clients.care_levels.{i}.alarm_calls_per_day={r}" for i, r in enumerate(LEVEL_ALARM_RATES)],
]

# A small two-district world for the keying rules.
SMALL2 = [
    "replications=2",
    "warmup_days=2",
    "horizon_days=8",
    "scenario.districts.centrum.n_clients=60",
    "+geography@scenario.districts.b.geography=suburban",
    "scenario.districts.b.n_clients=40",
]
# Configuration that is not about the world: staffing size, a model's planning, stress
# response, costs and the alarm unit's size and guarantee.
UNRELATED = [
    "scenario.staffing.capacity_factor=1.4",
    "models.trust.planning.continuity_weight_min=7",
    "models.minute.execution.cut_when_behind=false",
    "scenario.stress.sick_start_probability=0.03",
    "scenario.costs.monthly_wage_sek=41000",
    "scenario.alarms.responders_per_district=3",
    "scenario.alarms.guarantee_min=30",
]


@pytest.fixture(scope="module")
def big() -> tuple[RunConfig, World]:
    """A large one-district world (600 clients, 120 days) with non-default parameters."""
    cfg = sim.config(BIG)
    return cfg, build_world(cfg, 0)


@pytest.fixture(scope="module")
def small2() -> RunConfig:
    """Config of the small two-district world."""
    return sim.config(SMALL2)


def _within(estimate: float, expected: float, se: float, what: str) -> None:
    assert abs(estimate - expected) < Z * se, f"{what}: {estimate:.5g} vs {expected:.5g} (se {se:.3g})"


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(np.ravel(a), np.ravel(b))[0, 1])


def _uncorrelated(a: np.ndarray, b: np.ndarray, what: str) -> None:
    """Sample correlation of independent draws is ≈ N(0, 1/n): allow Z/sqrt(n)."""
    n = np.size(a)
    r = _corr(a, b)
    assert abs(r) < Z / math.sqrt(n), f"{what}: correlation {r:.4f} (n={n})"


def _log_factors(w: World, days: range) -> np.ndarray:
    """log day factors of ``days``: shape (days, clients, plans)."""
    return np.stack([np.log(w.need_noise(d)[0]) for d in days])


def _noise_ratio(w: World, day: int) -> np.ndarray:
    """Travel of ``day`` over base travel (mode 0), off-diagonal pairs only (flattened)."""
    geo = w.districts[0].geography
    t = w.travel(0, day)
    off = ~np.eye(geo.n_locations, dtype=bool)
    return t[0][off] / geo.base_min[0][off]


# ---- need noise: day factor, extras, client factor, care levels ----------------------------------


def test_day_factor_is_lognormal_with_median_one_and_configured_sigma(big):
    """log(day factor) ~ N(0, day_factor_sigma), pooled over clients × plans × days."""
    cfg, w = big
    sigma = cfg.scenario.clients.need.day_factor_sigma
    assert sigma == 0.3
    x = _log_factors(w, range(0, N_DAYS, 6)).ravel()
    n = x.size
    _within(x.mean(), 0.0, sigma / math.sqrt(n), "mean log day factor")
    _within(x.std(), sigma, sigma / math.sqrt(2 * n), "sd of log day factor")
    assert stats.kstest(x, "norm", args=(0.0, sigma)).pvalue > P_MIN


def test_extras_share_and_exponential_minutes(big):
    """Share of visits with extras = extras_probability; extra minutes ~ Exp(extras_mean_min);
    whether there is an extra does not depend on the day factor."""
    cfg, w = big
    need = cfg.scenario.clients.need
    p, mu = need.extras_probability, need.extras_mean_min
    assert (p, mu) == (0.15, 12.0)
    days = range(0, N_DAYS, 6)
    extras = np.stack([w.need_noise(d)[1] for d in days])
    assert (extras >= 0).all()
    has = extras > 0
    n = has.size
    _within(has.mean(), p, math.sqrt(p * (1 - p) / n), "share of visits with extras")
    nz = extras[has]
    _within(nz.mean(), mu, mu / math.sqrt(nz.size), "mean extra minutes")
    assert stats.kstest(nz, "expon", args=(0.0, mu)).pvalue > P_MIN
    _uncorrelated(_log_factors(w, days), has, "day factor vs having an extra")


def test_client_factor_is_lognormal_with_median_one_and_configured_sigma(big):
    """log(client factor) ~ N(0, client_factor_sigma)."""
    cfg, w = big
    sigma = cfg.scenario.clients.need.client_factor_sigma
    assert sigma == 0.35
    x = np.log([c.client_factor for c in w.clients])
    n = x.size
    _within(x.mean(), 0.0, sigma / math.sqrt(n), "mean log client factor")
    _within(x.std(), sigma, sigma / math.sqrt(2 * n), "sd of log client factor")
    assert stats.kstest(x, "norm", args=(0.0, sigma)).pvalue > P_MIN


def test_care_level_shares_and_alarm_holders_match_config(big):
    """Care levels are drawn with the configured shares (chi-square); alarm holders with
    holder_share, each holder calling at the rate of their level."""
    cfg, w = big
    levels = cfg.scenario.clients.care_levels
    shares = np.array([lv.share for lv in levels])
    names = [lv.name for lv in levels]
    counts = np.array([sum(c.level == name for c in w.clients) for name in names])
    assert counts.sum() == N_CLIENTS
    expected = shares / shares.sum() * N_CLIENTS
    assert stats.chisquare(counts, expected).pvalue > P_MIN
    hs = cfg.scenario.alarms.holder_share
    holders = [c for c in w.clients if c.alarm_rate_per_day > 0]
    _within(len(holders) / N_CLIENTS, hs, math.sqrt(hs * (1 - hs) / N_CLIENTS), "share of alarm holders")
    rate = {lv.name: lv.alarm_calls_per_day for lv in levels}
    assert all(c.alarm_rate_per_day == rate[c.level] for c in holders)


# ---- travel noise and winter -------------------------------------------------------------------


def test_travel_noise_is_lognormal_with_mean_one_and_configured_cv(big):
    """On a day outside winter, trip / base trip is a mean-one lognormal with travel_noise_cv,
    the same factor for every travel mode."""
    cfg, w = big
    geo = w.districts[0].geography
    cv = cfg.scenario.districts["centrum"].geography.travel_noise_cv
    assert cv == geo.noise_cv == 0.3
    day = 60  # mid April
    assert w.calendar.date(day).month not in geo.winter_months
    off = ~np.eye(geo.n_locations, dtype=bool)
    t = w.travel(0, day)
    ratios = [t[m][off] / geo.base_min[m][off] for m in range(len(geo.modes))]
    for r in ratios[1:]:
        np.testing.assert_allclose(r, ratios[0], rtol=1e-12)
    r = ratios[0]
    n = r.size
    _within(r.mean(), 1.0, cv / math.sqrt(n), "mean travel noise")
    s2 = math.log1p(cv * cv)
    x = np.log(r)
    _within(x.mean(), -s2 / 2, math.sqrt(s2 / n), "mean log travel noise")
    _within(x.std(), math.sqrt(s2), math.sqrt(s2 / (2 * n)), "sd of log travel noise")
    assert stats.kstest(x, "norm", args=(-s2 / 2, math.sqrt(s2))).pvalue > P_MIN


def test_winter_factor_applies_in_winter_months_only(big):
    """The same keyed noise gives trips exactly winter_travel_factor longer in a winter month,
    and the world applies it by the calendar month of the day (boundary days included)."""
    _, w = big
    geo = w.districts[0].geography
    wf = geo.winter_factor
    assert wf == 1.25 and geo.winter_months == frozenset({12, 1, 2, 3})
    off = ~np.eye(geo.n_locations, dtype=bool)
    u = pair_uniforms(w.seed, 0, 0, 5, geo.n_locations)
    summer = daily_travel(geo, 7, u)
    for month in range(1, 13):
        t = daily_travel(geo, month, u)
        season = wf if month in geo.winter_months else 1.0
        np.testing.assert_allclose(t[:, off] / summer[:, off], season, rtol=1e-12, err_msg=str(month))
    s2 = math.log1p(geo.noise_cv**2)
    # day 0 = 15 Feb, 44 = 31 Mar, 45 = 1 Apr, 119 = 14 Jun
    for day, winter in ((0, True), (14, True), (44, True), (45, False), (75, False), (119, False)):
        assert (w.calendar.date(day).month in geo.winter_months) == winter
        x = np.log(_noise_ratio(w, day))
        season = math.log(wf) if winter else 0.0
        _within(x.mean(), season - s2 / 2, math.sqrt(s2 / x.size), f"log trip factor of day {day}")


# ---- alarms -----------------------------------------------------------------------------------


def test_alarm_calls_come_at_the_configured_rates(big):
    """Over whole interior days, calls per holder-day ≈ the level's rate (Poisson, per level and
    per client), the night rate is night_rate_multiplier × the day rate, times within the day
    window are uniform, and only holders call."""
    cfg, w = big
    al = cfg.scenario.alarms
    calls = w.districts[0].alarms
    assert np.all(np.diff(calls.time_min) >= 0), "calls are sorted by time"
    rate = {c.id: c.alarm_rate_per_day for c in w.clients}
    assert all(rate[int(c)] > 0 for c in np.unique(calls.client))
    # days 1 .. N_DAYS-2: every clock minute is covered once (day 0 has no 00–07 night, the
    # last night runs past the horizon and is cut)
    t0, t1 = 1440.0, (N_DAYS - 1) * 1440.0
    inside = (calls.time_min >= t0) & (calls.time_min < t1)
    t, who = calls.time_min[inside], calls.client[inside]
    days = N_DAYS - 2
    holders = np.array([c.id for c in w.clients if c.alarm_rate_per_day > 0])
    per_client = np.bincount(who, minlength=N_CLIENTS)[holders]
    lam = np.array([rate[int(c)] for c in holders]) * days
    # Poisson counts per client: sum (obs − exp)² / exp ~ chi-square with one df per holder
    chi2 = float(((per_client - lam) ** 2 / lam).sum())
    p_hi = stats.chi2.sf(chi2, len(holders))
    assert min(p_hi, 1 - p_hi) > P_MIN / 2, f"dispersion of per-client counts: chi2={chi2:.0f}"
    for level in cfg.scenario.clients.care_levels:
        ids = [c.id for c in w.clients if c.level == level.name and c.alarm_rate_per_day > 0]
        expected = len(ids) * level.alarm_calls_per_day * days
        observed = int(np.isin(who, ids).sum())
        _within(observed, expected, math.sqrt(expected), f"calls of level {level.name}")
    day_start, night_start = day_hours(al)
    clock = t % 1440
    is_day = (clock >= day_start) & (clock < night_start)
    n_day, n_night = int(is_day.sum()), int((~is_day).sum())
    day_len, night_len = night_start - day_start, 1440 - (night_start - day_start)
    ratio = (n_night / night_len) / (n_day / day_len)
    se = math.sqrt(1 / n_day + 1 / n_night)
    _within(math.log(ratio), math.log(al.night_rate_multiplier), se, "log night/day rate ratio")
    u = (clock[is_day] - day_start) / day_len
    assert stats.kstest(u, "uniform").pvalue > P_MIN
    # days are independent Poisson draws: daily totals have variance = mean (chi-square over the
    # interior days), and two days never bring calls at the same clock times
    daily = np.bincount((t // 1440).astype(int) - 1, minlength=days)
    mu = lam.sum() / days
    chi2_days = float(((daily - mu) ** 2 / mu).sum())
    p_days = stats.chi2.sf(chi2_days, days)
    assert min(p_days, 1 - p_days) > P_MIN / 2, f"dispersion of daily call counts: chi2={chi2_days:.0f}"
    clocks = [np.sort(clock[(t // 1440) == d]) for d in (1, 2, 3)]
    assert not np.array_equal(clocks[0], clocks[1]) and not np.array_equal(clocks[1], clocks[2])


def test_alarm_handling_time_mean_and_cv(big):
    """Lognormal handling with handling_mean_min and handling_cv; the exponential option has
    the same mean and leaves the call times unchanged."""
    cfg, w = big
    al = cfg.scenario.alarms
    mean, cv = al.handling_mean_min, al.handling_cv
    assert (mean, cv, al.handling_distribution) == (25.0, 0.5, "lognormal")
    h = w.districts[0].alarms.handling_min
    n = h.size
    assert n > 20_000
    _within(h.mean(), mean, mean * cv / math.sqrt(n), "mean handling")
    s2 = math.log1p(cv * cv)
    x = np.log(h)
    _within(x.std(), math.sqrt(s2), math.sqrt(s2 / (2 * n)), "sd of log handling (sets the CV)")
    assert stats.kstest(x, "norm", args=(math.log(mean) - s2 / 2, math.sqrt(s2))).pvalue > P_MIN
    expo = dataclasses.replace(al, handling_distribution="exponential")
    e = make_alarm_calls(expo, list(w.clients), 0, N_DAYS, w.seed, w.replication)
    np.testing.assert_array_equal(e.time_min, w.districts[0].alarms.time_min)
    np.testing.assert_array_equal(e.client, w.districts[0].alarms.client)
    _within(e.handling_min.mean(), mean, mean / math.sqrt(n), "mean exponential handling")
    assert stats.kstest(e.handling_min, "expon", args=(0.0, mean)).pvalue > P_MIN


# ---- staff draws --------------------------------------------------------------------------------


def _staff_matrix(w: World, days: range) -> dict[str, np.ndarray]:
    draws = [w.staff_draws(d) for d in days]
    return {f.name: np.stack([getattr(d, f.name) for d in draws]) for f in dataclasses.fields(draws[0])}


def test_staff_draws_are_uniform_and_spells_geometric(big):
    """sick, quit, substitute and pick are U(0, 1); spell_days is geometric on 1, 2, … with mean
    sick_spell_mean_days; the five draws are mutually uncorrelated."""
    cfg, w = big
    m = cfg.scenario.stress.sick_spell_mean_days
    assert m == 7.0
    d = _staff_matrix(w, range(N_DAYS))
    assert d["sick"].shape == (N_DAYS, w.n_slots)
    for name in ("sick", "quit", "substitute", "pick"):
        assert stats.kstest(d[name].ravel(), "uniform").pvalue > P_MIN, name
    s = d["spell_days"].ravel()
    n = s.size
    p = 1 / m
    assert s.min() >= 1 and np.issubdtype(s.dtype, np.integer)
    _within(s.mean(), m, math.sqrt(1 - p) / p / math.sqrt(n), "mean spell length")
    k = np.arange(1, 21)
    observed = np.append(np.bincount(s, minlength=21)[1:21], (s > 20).sum())
    expected = np.append(stats.geom.pmf(k, p), stats.geom.sf(20, p)) * n
    assert stats.chisquare(observed, expected).pvalue > P_MIN
    names = list(d)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            _uncorrelated(d[a], d[b], f"staff draws {a} vs {b}")


# ---- hospital stays and drift -----------------------------------------------------------------


def test_hospital_admission_rate_and_stay_length(big):
    """Stays are geometric and admissions happen only on days out of hospital, so in_hospital is
    a Markov chain: P(admitted next day | out today) = admissions_per_year / 365.25 and
    P(out next day | in today) = (1 − p_admit) / stay_mean (a stay may end and the next start
    the same day). Both are estimated from day-to-day transitions (censoring-free), in the
    world and in a larger population of 2,000 clients over a year (enough power to see
    admissions that start during a stay: that lowers the discharge rate by ≈ 6 se)."""
    cfg, w = big
    need = cfg.scenario.clients.need
    p = need.hospital_admissions_per_year / 365.25
    m = need.hospital_stay_mean_days
    assert (need.hospital_admissions_per_year, m) == (12.0, 4.0)
    assert w.course.in_hospital.shape == (N_CLIENTS, N_DAYS)
    many = [Client(i, i % 3, i // 3 + 1, "-", 1.0, 0.0, ()) for i in range(2000)]
    large = client_course(cfg.scenario.clients, many, 365, cfg.seed, 0).in_hospital
    for h in (w.course.in_hospital, large):
        out_today, in_today = ~h[:, :-1], h[:, :-1]
        n_out, n_in = int(out_today.sum()), int(in_today.sum())
        p_hat = (out_today & h[:, 1:]).sum() / n_out
        _within(p_hat, p, math.sqrt(p * (1 - p) / n_out), "admission probability per day out")
        q = (1 - p) / m
        q_hat = (in_today & ~h[:, 1:]).sum() / n_in
        _within(q_hat, q, math.sqrt(q * (1 - q) / n_in), "discharge probability per day in")
        _within(h[:, 0].mean(), p, math.sqrt(p * (1 - p) / len(h)), "admitted on day 0")


def test_need_drift_rate_is_exponential_with_configured_mean(big):
    """Before a client's first hospital stay the need multiplier is (1 + rate)^(day / 30.4375)
    with rate ~ Exp(drift_per_month); the rates recovered from the multipliers fit that law."""
    cfg, w = big
    mean = cfg.scenario.clients.need.drift_per_month
    assert mean == 0.02
    h, mult = w.course.in_hospital, w.course.need_multiplier
    first = np.where(h.any(axis=1), h.argmax(axis=1), N_DAYS)
    d0 = np.minimum(first, N_DAYS) - 1  # last day with drift only
    ok = d0 >= 1
    assert ok.sum() > 0.5 * N_CLIENTS
    rows = np.flatnonzero(ok)
    rates = mult[rows, d0[ok]] ** (30.4375 / d0[ok]) - 1.0
    assert np.all(mult[:, 0] == 1.0)
    assert stats.kstest(rates, "expon", args=(0.0, mean)).pvalue > P_MIN


# ---- independence ----------------------------------------------------------------------------------


def test_need_noise_is_independent_across_days_clients_and_plans(big):
    """The day-factor and extras matrices of different days differ and are uncorrelated, as
    are the factors of different clients and of a client's different planned visits."""
    _, w = big
    days = range(30)
    f = _log_factors(w, days)
    has = np.stack([w.need_noise(d)[1] > 0 for d in days])
    assert len({f[d].tobytes() for d in days}) == len(days), "two days drew the same factors"
    for d in range(len(days) - 1):
        _uncorrelated(f[d], f[d + 1], f"day factors of days {d} and {d + 1}")
    _uncorrelated(f[:-7], f[7:], "day factors a week apart")
    _uncorrelated(has[:-1], has[1:], "extras of consecutive days")
    for k in (1, 2, N_CLIENTS // 2):
        _uncorrelated(f[:, :-k], f[:, k:], f"day factors of clients {k} apart")
        _uncorrelated(has[:, :-k], has[:, k:], f"extras of clients {k} apart")
    # client i against client j over days, for a few explicit pairs (n = 30 days × 11 plans)
    for i, j in ((0, 1), (5, 300), (17, 599)):
        _uncorrelated(f[:, i], f[:, j], f"day factors of clients {i} and {j}")
    _uncorrelated(f[:, :, :-1], f[:, :, 1:], "day factors of a client's planned visits")


def test_travel_noise_is_independent_across_days_and_directions(big):
    """The noise of two days differs and is uncorrelated; A→B and B→A are drawn separately."""
    _, w = big
    geo = w.districts[0].geography
    a, b = _noise_ratio(w, 60), _noise_ratio(w, 61)
    assert not np.array_equal(a, b)
    _uncorrelated(np.log(a), np.log(b), "travel noise of days 60 and 61")
    _uncorrelated(np.log(_noise_ratio(w, 46)), np.log(_noise_ratio(w, 53)), "travel noise a week apart")
    n = geo.n_locations
    noise = w.travel(0, 60)[0] / np.where(np.eye(n, dtype=bool), 1.0, geo.base_min[0])
    upper = np.triu_indices(n, 1)
    _uncorrelated(np.log(noise[upper]), np.log(noise.T[upper]), "travel noise A→B vs B→A")


def test_staff_draws_are_independent_across_days(big):
    """Absence draws of two days differ and are uncorrelated (no day repeats another)."""
    _, w = big
    d = _staff_matrix(w, range(N_DAYS))
    for name in ("sick", "quit", "substitute", "pick"):
        x = d[name]
        assert len({row.tobytes() for row in x}) == N_DAYS, f"{name}: two days drew the same"
        _uncorrelated(x[:-1], x[1:], f"{name} of consecutive days")
        _uncorrelated(x[:, :-1], x[:, 1:], f"{name} of neighbouring slots")


# ---- keying rules of common random numbers ------------------------------------------------------------


def test_same_key_gives_identical_draws(small2):
    """Asking again for the same key — in the same world or a freshly built one — gives
    identical arrays, for every kind of draw."""
    cfg = small2
    w1, w2 = build_world(cfg, 0), build_world(cfg, 0)
    sc = cfg.scenario
    for day in (0, 4, 9):
        f1, e1 = w1.need_noise(day)
        f2, e2 = day_need_noise(sc.clients, w1.client_key, w1.max_plans, day, cfg.seed, 0)
        np.testing.assert_array_equal(f1, f2)
        np.testing.assert_array_equal(e1, e2)
        np.testing.assert_array_equal(f1, w2.need_noise(day)[0])
        for dist in (0, 1):
            np.testing.assert_array_equal(w1.travel(dist, day), w2.travel(dist, day))
        s1, s2 = w1.staff_draws(day), w1.staff_draws(day)
        for field in dataclasses.fields(s1):
            np.testing.assert_array_equal(getattr(s1, field.name), getattr(s2, field.name))
    assert w1.clients == w2.clients
    again = make_clients(sc.clients, sc.alarms, 1, 40, 60, cfg.seed, 0)
    assert tuple(again) == w1.clients[60:]
    course = client_course(sc.clients, w1.clients, w1.n_days, cfg.seed, 0)
    np.testing.assert_array_equal(course.in_hospital, w1.course.in_hospital)
    np.testing.assert_array_equal(course.need_multiplier, w1.course.need_multiplier)
    calls = make_alarm_calls(sc.alarms, list(w1.clients[:60]), 0, w1.n_days, cfg.seed, 0)
    for name in ("time_min", "client", "handling_min"):
        np.testing.assert_array_equal(getattr(calls, name), getattr(w1.districts[0].alarms, name))
    np.testing.assert_array_equal(w1.districts[1].geography.xy_km, w2.districts[1].geography.xy_km)


def test_each_source_of_randomness_has_its_own_key(small2, monkeypatch):
    """No two places in the code draw from the same stream and key: every key a world asks for
    (building it, and each day's need noise, travel and staff draws) comes from one call site."""
    real = sim.rng.stream
    sites: dict[tuple[int, ...], set[str]] = {}

    def spy(seed: int, replication: int, source: Stream, *keys: int) -> np.random.Generator:
        caller = sys._getframe(1)
        key = (seed, replication, int(source), *keys)
        sites.setdefault(key, set()).add(f"{caller.f_code.co_filename}:{caller.f_lineno}")
        return real(seed, replication, source, *keys)

    real_keyed = sim.rng.keyed_uniform

    def keyed_spy(seed: int, replication: int, source: Stream, *keys: object) -> np.ndarray:
        # the scalar keys before the first array name the draw; the arrays index entities
        caller = sys._getframe(1)
        prefix = []
        for k in keys:
            if not isinstance(k, (int, np.integer)):
                break
            prefix.append(int(k))
        key = (-1, seed, replication, int(source), *prefix)
        sites.setdefault(key, set()).add(f"{caller.f_code.co_filename}:{caller.f_lineno}")
        return real_keyed(seed, replication, source, *keys)

    patched = 0
    for name, module in list(sys.modules.items()):
        if (name == "sim" or name.startswith("sim.")) and getattr(module, "stream", None) is real:
            monkeypatch.setattr(module, "stream", spy)
            patched += 1
        if (name == "sim" or name.startswith("sim.")) and getattr(
            module, "keyed_uniform", None
        ) is real_keyed:
            monkeypatch.setattr(module, "keyed_uniform", keyed_spy)
            patched += 1
    assert patched >= 6
    w = build_world(small2, 0)
    for day in range(w.n_days):
        w.need_noise(day)
        w.staff_draws(day)
        for d in range(len(w.districts)):
            w.travel(d, day)
    assert len(sites) > 3 * w.n_days
    shared = {k: v for k, v in sites.items() if len(v) > 1}
    assert not shared, f"keys drawn from several places: {shared}"


def test_every_spawn_key_component_changes_the_draws():
    """Seed, replication, stream and each further key give different, uncorrelated draws; the
    same arguments give the same draws."""
    n = 5000

    def u(*args: int) -> np.ndarray:
        return stream(*args).random(n)

    base = u(11, 0, Stream.NEED, 3)
    np.testing.assert_array_equal(base, u(11, 0, Stream.NEED, 3))
    variants = {
        "seed": u(12, 0, Stream.NEED, 3),
        "replication": u(11, 1, Stream.NEED, 3),
        "stream": u(11, 0, Stream.TRAVEL, 3),
        "key": u(11, 0, Stream.NEED, 4),
        "no key": u(11, 0, Stream.NEED),
        "extra key": u(11, 0, Stream.NEED, 3, 0),
        "swapped rep and key": u(11, 3, Stream.NEED, 0),
    }
    for name, x in variants.items():
        assert not np.array_equal(x, base), name
        _uncorrelated(x, base, name)
    # (district, day) keys: district 0 day 1 is not district 1 day 0
    a, b = u(11, 0, Stream.TRAVEL, 0, 1), u(11, 0, Stream.TRAVEL, 1, 0)
    assert not np.array_equal(a, b)
    _uncorrelated(a, b, "travel keys (0, 1) vs (1, 0)")


def test_keyed_uniforms_are_uniform_and_every_key_changes_them():
    """keyed_uniform: in (0, 1) and uniform (KS test); a pure function of its arguments; each
    argument (seed, replication, stream, each key, the order of keys) gives other, uncorrelated
    draws; an array key equals the same keys asked one by one."""
    n = 20_000
    idx = np.arange(n)
    base = keyed_uniform(11, 0, Stream.NEED, 3, idx)
    assert ((base > 0) & (base < 1)).all()
    assert stats.kstest(base, "uniform").pvalue > 1e-3
    np.testing.assert_array_equal(base, keyed_uniform(11, 0, Stream.NEED, 3, idx))
    assert float(keyed_uniform(11, 0, Stream.NEED, 3, 17)) == base[17]
    variants = {
        "seed": keyed_uniform(12, 0, Stream.NEED, 3, idx),
        "replication": keyed_uniform(11, 1, Stream.NEED, 3, idx),
        "stream": keyed_uniform(11, 0, Stream.TRAVEL, 3, idx),
        "key": keyed_uniform(11, 0, Stream.NEED, 4, idx),
        "extra key": keyed_uniform(11, 0, Stream.NEED, 3, 0, idx),
        "keys swapped": keyed_uniform(11, 0, Stream.NEED, idx, 3),
        "neighbouring entity": keyed_uniform(11, 0, Stream.NEED, 3, idx + 1),
    }
    for name, x in variants.items():
        assert not np.array_equal(x, base), name
        _uncorrelated(x, base, name)
    grid = keyed_uniform(11, 0, Stream.NEED, np.arange(4)[:, None], np.arange(5))
    assert grid.shape == (4, 5)
    assert grid[2, 3] == float(keyed_uniform(11, 0, Stream.NEED, 2, 3))


def test_distributions_from_uniforms_have_their_moments():
    """Inverse-CDF draws from keyed uniforms: normal, exponential, geometric, lognormal."""
    u = keyed_uniform(5, 0, Stream.NEED, np.arange(200_000))
    z = normal_from_uniform(u)
    assert abs(z.mean()) < 0.01 and abs(z.std() - 1) < 0.01
    assert abs(exponential_from_uniform(u, 4.0).mean() - 4.0) < 0.05
    g = geometric_from_uniform(u, 0.25)
    assert g.min() == 1 and abs(g.mean() - 4.0) < 0.05
    assert (geometric_from_uniform(u[:10], 1.0) == 1).all()
    ln = lognormal_mean1_from_cv_u(u, 0.3)
    assert abs(ln.mean() - 1) < 0.01 and abs(ln.std() / ln.mean() - 0.3) < 0.01
    assert abs(np.median(lognormal_median1_u(u, 0.5)) - 1) < 0.01


def test_different_streams_are_independent():
    """Every pair of Stream values (with and without a day key) draws uncorrelated numbers."""
    n = 20_000
    for keys in ((), (5,)):
        draws = {s: stream(7, 0, s, *keys).random(n) for s in Stream}
        members = list(Stream)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                _uncorrelated(draws[a], draws[b], f"{a.name} vs {b.name} keys={keys}")


def test_a_worlds_draws_of_one_day_come_from_separate_streams(big):
    """Need noise, extras, travel noise and absence draws of the same day are unrelated (rank
    correlation ≈ 0): no two of them are drawn from one shared stream and key."""
    _, w = big
    for day in (3, 50):
        factor, extra = w.need_noise(day)
        staff = w.staff_draws(day)
        noise = _noise_ratio(w, day)
        n = w.n_slots
        series = {
            "day factor": factor.ravel()[:n],
            "extras": extra.ravel()[:n],
            "travel noise": noise[:n],
            "sick": staff.sick,
            "quit": staff.quit,
        }
        names = list(series)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                rho = stats.spearmanr(series[a], series[b]).statistic
                # Spearman's rho of independent samples has sd ≈ 1/sqrt(n − 1)
                assert abs(rho) < Z / math.sqrt(n - 1), f"day {day}: {a} vs {b}: rho={rho:.3f}"


def test_unrelated_config_leaves_the_world_unchanged(small2):
    """Staffing size, model parameters, stress response, costs and the alarm unit do not change
    the clients, geography, need noise, travel noise, alarm calls or hospital courses."""
    a = build_world(small2, 0)
    other = sim.config([*SMALL2, *UNRELATED])
    b = build_world(other, 0)
    assert a.n_slots != b.n_slots, "capacity_factor should change the staff (sanity)"
    assert a.clients == b.clients
    np.testing.assert_array_equal(a.course.in_hospital, b.course.in_hospital)
    np.testing.assert_array_equal(a.course.need_multiplier, b.course.need_multiplier)
    for da, db in zip(a.districts, b.districts, strict=True):
        np.testing.assert_array_equal(da.geography.xy_km, db.geography.xy_km)
        np.testing.assert_array_equal(da.geography.base_min, db.geography.base_min)
        for name in ("time_min", "client", "handling_min"):
            np.testing.assert_array_equal(getattr(da.alarms, name), getattr(db.alarms, name))
    for day in range(a.n_days):
        for x, y in zip(a.need_noise(day), b.need_noise(day), strict=True):
            np.testing.assert_array_equal(x, y)
        for dist in (0, 1):
            np.testing.assert_array_equal(a.travel(dist, day), b.travel(dist, day))


def test_replications_and_seeds_are_different_worlds(small2):
    """Another replication (or seed) draws other clients, needs, travel, alarms, courses and
    absences, uncorrelated with the first."""
    w0 = build_world(small2, 0)
    for w in (build_world(small2, 1), build_world(dataclasses.replace(small2, seed=small2.seed + 1), 0)):
        f0 = np.array([c.client_factor for c in w0.clients])
        f1 = np.array([c.client_factor for c in w.clients])
        assert not np.array_equal(f0, f1)
        plans = min(w0.max_plans, w.max_plans)
        for day in (0, 5):
            a, b = w0.need_noise(day)[0][:, :plans], w.need_noise(day)[0][:, :plans]
            _uncorrelated(np.log(a), np.log(b), "need noise")
            assert not np.array_equal(w0.travel(0, day), w.travel(0, day))
            assert not np.array_equal(w0.staff_draws(day).sick[:10], w.staff_draws(day).sick[:10])
        assert not np.array_equal(w0.districts[0].alarms.time_min[:5], w.districts[0].alarms.time_min[:5])
        assert not np.array_equal(w0.course.need_multiplier, w.course.need_multiplier)
        assert not np.array_equal(w0.districts[0].geography.xy_km, w.districts[0].geography.xy_km)


def test_districts_draw_from_their_own_keys(small2):
    """The two districts' clients, homes, travel noise and alarm calls are drawn separately."""
    w = build_world(small2, 0)
    d0, d1 = w.districts
    f0 = np.log([c.client_factor for c in d0.clients])[: len(d1.clients)]
    f1 = np.log([c.client_factor for c in d1.clients])
    assert not np.array_equal(f0, f1)
    n = d1.geography.n_locations
    off = ~np.eye(n, dtype=bool)
    for day in (3, 4):
        r0 = w.travel(0, day)[0, :n, :n][off] / d0.geography.base_min[0, :n, :n][off]
        r1 = w.travel(1, day)[0][off] / d1.geography.base_min[0][off]
        _uncorrelated(np.log(r0), np.log(r1), f"travel noise of the two districts, day {day}")
    assert not np.array_equal(d0.alarms.handling_min[:5], d1.alarms.handling_min[:5])
    assert set(d0.alarms.client.tolist()).isdisjoint(d1.alarms.client.tolist())
