"""The direction of the headline continuity effect in the default scenario (MODEL.md §3).

Trust-based teams put continuity first, so each client meets fewer distinct
caregivers in 14 days and more of the visits are made by the contact person.
Runs the full default district (150 clients) with 3 replications of 14 measured
days after 14 warm-up days — one 14-day indicator window — in two processes.
"""

from __future__ import annotations

import pytest

import sim


@pytest.fixture(scope="module")
def default_run():
    cfg = sim.config(["replications=3", "horizon_days=14", "warmup_days=14"])
    assert cfg.scenario.districts["centrum"].n_clients >= 100, "expected the full default district"
    return sim.run(cfg=cfg, n_jobs=2, keep_events=False)


@pytest.mark.slow
def test_trust_has_fewer_staff_per_client_and_more_contact_person_visits(default_run):
    m = default_run.metrics.pivot_table(index="replication", columns=["metric", "model"], values="value")
    staff = m["staff_per_client_14d"]
    contact = m["contact_person_share"]
    assert staff.notna().all().all(), "every replication must have eligible clients"
    # in every replication, not just on average
    assert (staff["trust"] < staff["minute"]).all(), staff
    assert (contact["trust"] > contact["minute"]).all(), contact
    # and the paired 95% CI of the difference (trust − minute) excludes zero
    c = default_run.comparison.set_index("metric")
    assert c.loc["staff_per_client_14d", "ci_high"] < 0
    assert c.loc["contact_person_share", "ci_low"] > 0
    assert c.loc["staff_per_client_14d", "n"] == 3
    # sanity of the indicator itself: at least one caregiver, at most the whole staff
    s = default_run.summary.set_index(["model", "metric"])["mean"]
    for model in ("minute", "trust"):
        assert 1.0 <= s[(model, "staff_per_client_14d")] < 60
        assert 0.0 <= s[(model, "contact_person_share")] <= 1.0
