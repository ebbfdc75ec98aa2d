"""Familiarisation time apart from unmet need (issue 25): a caregiver new to a client needs more
time (the familiarity multiplier); those extra minutes are reported as familiarisation time, and
unmet need counts only the care the client went without."""

from __future__ import annotations

import pandas as pd
import pytest
from simhelpers import SMALL

import sim
from sim.metrics import unmet_care_and_familiarisation


def _visits(rows: list[tuple[float, float, float, bool]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["need_min", "base_need_min", "unmet_min", "missed"])


def test_the_unmet_minutes_are_shared_in_proportion_to_the_needs_two_parts():
    visits = _visits(
        [
            (30.0, 20.0, 6.0, False),  # a stranger: 10 min to get to know, 6 min cut: 4 of care
            (15.0, 15.0, 15.0, True),  # missed: its whole (base) need unmet, nobody got to know
            (25.0, 25.0, 0.0, False),  # a familiar caregiver, all delivered
            (0.0, 0.0, 0.0, False),  # no need at all
        ]
    )
    care, familiar = unmet_care_and_familiarisation(visits)
    assert care == pytest.approx(6.0 * 20 / 30 + 15.0)
    assert familiar == pytest.approx(10.0)


def test_a_run_reports_familiarisation_apart_and_less_care_lacked_than_need_unmet(seeded_run):
    res = seeded_run(SMALL)
    s = res.summary.set_index(["model", "metric"])["mean"]
    v = res.visits
    weeks = 50 * 7 / 7.0  # clients × measured days / 7
    for model in ("minute", "trust"):
        assert s[(model, "familiarisation_min_per_client_week")] > 0
        mine = v[(v["model"] == model) & (v["day"] >= 3)]
        all_unmet = mine.groupby("replication")["unmet_min"].sum().mean() / weeks
        # the care lacked excludes the strangers' share of what was cut
        assert s[(model, "unmet_need_min_per_client_week")] < all_unmet
    # the trust teams' clients meet fewer strangers
    assert (
        s[("trust", "familiarisation_min_per_client_week")]
        < s[("minute", "familiarisation_min_per_client_week")]
    )


def test_provider_payment_on_one_basis_is_comparable(seeded_run):
    """Each model's own payment basis (minute: granted minutes; trust: worked hours) is not
    comparable; the granted-hours payment is the same rule for both: Σ granted minutes of the
    performed visits at the LOV rate."""
    res = seeded_run(SMALL)
    rate = sim.config(SMALL).scenario.costs.provider_rate_per_hour_sek
    m = res.metrics.set_index(["replication", "model", "metric"])["value"]
    v = res.visits[(res.visits["day"] >= 3) & ~res.visits["missed"].astype(bool)]
    months = 50 * 7 / 30.4375
    for r in (0, 1):
        own = m[(r, "minute", "provider_payment_per_client_month_sek")]
        granted = m[(r, "minute", "provider_payment_granted_per_client_month_sek")]
        assert granted == pytest.approx(own)  # minute control is paid per granted minute
        mine = v[(v["model"] == "trust") & (v["replication"] == r)]
        expected = mine["standard_min"].sum() / 60.0 * rate / months
        assert m[(r, "trust", "provider_payment_granted_per_client_month_sek")] == pytest.approx(expected)
        # the teams allot their own estimates, but were granted the standard time
        assert m[(r, "trust", "provider_payment_per_client_month_sek")] != pytest.approx(expected)
