"""The alarm unit's mean waiting time agrees with Erlang C to within 3%.

``tests/test_erlang.py`` checks the alarm unit against the M/M/c queue with a
statistical tolerance (4 batch-means standard errors, ≈ 4% of E[W] each, so up to
≈ 16%). The verification plan asks for more: agreement of the mean wait with the
Erlang C formula **within 3%**. This file shows it, with enough calls that 3% is a
meaningful bound.

Configuration (alarm-only): every client holds an alarm; calls arrive as a Poisson
process with the same rate day and night; handling is exponential; responders
answer on the spot (no travel) and nobody else answers (no caregivers; each
client's one daily visit is simply missed — with no planned visit at all,
``sim.metrics.compute_metrics`` fails on the empty visits table). The response
time is then exactly the waiting time in queue of an M/M/c system with
c = ``responders_per_district``::

    C(c, a) = Erlang C with offered load a = λ/μ,     E[W] = C / (cμ − λ)

Why these numbers
-----------------
* **c = 2, ρ = λ/(cμ) = 0.6** (μ = 1/20 per min, λ = 0.06 per min = 86.4 calls a
  day): a real multi-server queue (C ≈ 0.45, E[W] ≈ 11.3 min), busy enough that
  waits are common but far from saturation.
* **Precision.** Waits of successive calls are correlated, so the standard error
  of the mean wait is larger than σ_W/√n. A preliminary study (an independent
  M/M/2 simulation, 60 × 20,000 calls) gave a relative standard deviation of the
  mean wait of ≈ 4.2% per 20,000 calls *after* conditioning on the realised
  arrival and service rates (below), i.e. ≈ 350,000 calls for a 1% standard
  error. We simulate **10 independent replications × 400 days ≈ 345,600 calls**
  (≈ 15 s on two cores): standard error ≈ 1%, so 3% is about three standard
  errors — a real bias of 5% or more would fail this test with high probability,
  while the correct model passes (the seed is fixed, so the result is
  reproducible; at the time of writing: −1.2% ± 1.0% (se) at the realised rates).
* **Conditioning on the realised rates** (a control variate): each replication's
  formula value uses the realised λ̂ = calls / time and μ̂ = 1 / mean handling
  time. The sampling error of the inputs then cancels and what remains is the
  queue's own error; this cuts the variance by about half. The formula at the
  configured rates is checked too, within 3 standard errors.
* **Standard error from independent replications** (the classic method of
  independent replications): each replication starts empty; with a relaxation
  time of ≈ 1/(cμ(1 − √ρ)²) ≈ 2 h against 400 days the start-up bias is
  negligible.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from simhelpers import erlang_c

import sim

C_SERVERS = 2
RHO = 0.6
HANDLING_MEAN = 20.0  # minutes
N_CLIENTS = 10
REPLICATIONS = 10
DAYS = 400
MU = 1.0 / HANDLING_MEAN
LAMBDA = RHO * C_SERVERS * MU  # calls per minute
CALLS_PER_CLIENT_DAY = LAMBDA * 1440 / N_CLIENTS

OVERRIDES = [
    "compare=[minute]",
    f"replications={REPLICATIONS}",
    f"horizon_days={DAYS}",
    "warmup_days=0",
    "output.record_activities=false",
    f"scenario.districts.centrum.n_clients={N_CLIENTS}",
    "scenario.staffing.caregivers_per_district=0",
    "scenario.clients.need.hospital_admissions_per_year=0",
    # one care level with a single daily visit that nobody makes (there are no caregivers):
    # the metrics need at least one planned visit, see the note below
    "scenario.clients.care_levels=[{name:alarm_only,share:1,"
    f"alarm_calls_per_day:{CALLS_PER_CLIENT_DAY!r},visits:[{{slot:morning,tasks:[safety_check]}}]}}]",
    "scenario.alarms.holder_share=1",
    "scenario.alarms.handling_distribution=exponential",
    f"scenario.alarms.handling_mean_min={HANDLING_MEAN}",
    "scenario.alarms.include_travel=false",
    "scenario.alarms.night_rate_multiplier=1",
    f"scenario.alarms.responders_per_district={C_SERVERS}",
]


def erlang_c_wait(c: int, lam: float, mu: float) -> float:
    """Mean waiting time in queue of M/M/c."""
    return erlang_c(c, lam / mu) / (c * mu - lam)


@pytest.fixture(scope="module")
def calls():
    res = sim.run(cfg=sim.config(OVERRIDES), n_jobs=2)
    a = res.events["alarms"]
    assert (a["responder"] == "alarm_unit").all()
    assert a["response_min"].notna().all(), "every call is answered"
    return a


def test_enough_calls(calls):
    expected = LAMBDA * DAYS * 1440 * REPLICATIONS
    assert abs(len(calls) - expected) < 4 * math.sqrt(expected)
    assert len(calls) > 300_000


def test_mean_wait_within_3_percent_of_erlang_c(calls):
    horizon = DAYS * 1440.0
    rel = []  # per replication: mean wait / Erlang C at the realised rates − 1
    rel_nominal = []
    for _, a in calls.groupby("replication"):
        lam_hat = len(a) / horizon
        mu_hat = 1.0 / a["handling_min"].mean()
        w = a["response_min"].mean()
        rel.append(w / erlang_c_wait(C_SERVERS, lam_hat, mu_hat) - 1.0)
        rel_nominal.append(w / erlang_c_wait(C_SERVERS, LAMBDA, MU) - 1.0)
    rel_a, nom_a = np.array(rel), np.array(rel_nominal)
    se = rel_a.std(ddof=1) / math.sqrt(len(rel_a))
    err = float(rel_a.mean())
    # 3% must be a meaningful bound: at least two standard errors
    assert se < 0.015, f"standard error {se:.2%} too large for a 3% check"
    assert abs(err) < 0.03, f"mean wait differs from Erlang C by {err:+.2%} (se {se:.2%})"
    # at the configured rates the inputs' sampling error adds variance: 3 standard errors
    se_nom = nom_a.std(ddof=1) / math.sqrt(len(nom_a))
    assert abs(nom_a.mean()) < max(0.03, 3 * se_nom), (nom_a.mean(), se_nom)
