"""Extreme inputs whose outcome is known without simulating.

Each scenario removes one source of trouble at a time, so a failure points at
the engine rather than at noise.
"""

from __future__ import annotations

import numpy as np
import pytest
from simhelpers import MODELS, NO_NEED_NOISE

import sim
from sim.world.build import build_world

BASE = ["replications=1", "horizon_days=7", "warmup_days=3", "scenario.districts.centrum.n_clients=50"]

# "Calm" municipality: what it takes for *both* models to meet every need without overtime.
#
# * NO_NEED_NOISE — need == standard time exactly (no client/day factor, extras, drift,
#   hospital stays, familiarity extra), so the allotted time (standard, or the trust team's
#   estimate which starts at the standard and learns the same value) is the real need.
# * capacity_factor=3 — three times the staff the care plans call for.
# * travel_noise_cv=0 — planners plan with noise-free trip times (ModelRun.plan_travel); with
#   noise, half of the trips take longer than planned, the caregiver falls more than
#   behind_tolerance_min behind and the minute model cuts care.
# * models.minute.overheads.logging_min_per_visit=0 — the dispatcher plans visits back to back
#   without the logging minute (sim/planning/dispatch.py: free = start + allotted), so every
#   logged visit pushes the rest of the route a minute late; after five visits the caregiver
#   is "behind" and cuts. See test_minute_logging_is_planned (xfail) below.
# * scenario.alarms.holder_share=0 — the trust model's caregivers answer daytime alarms
#   (alarms_answered_by=team), which interrupts their route and makes them late for visits.
# * skill_shares.delegation=1 — every regular caregiver holds the delegation. Otherwise a small
#   trust team may have no delegated member on the evening shift and its insulin visits are
#   missed even with ample staff. See test_ample_staff_misses_no_essential_visit (xfail).
CALM = [
    *BASE,
    *NO_NEED_NOISE,
    "scenario.staffing.capacity_factor=3",
    "scenario.districts.centrum.geography.travel_noise_cv=0",
    "models.minute.overheads.logging_min_per_visit=0",
    "scenario.alarms.holder_share=0",
    "scenario.staffing.skill_shares.delegation=1",
]


@pytest.fixture(scope="module")
def calm(seeded_run):
    return seeded_run(CALM)


@pytest.mark.parametrize("model", MODELS)
def test_calm_world_meets_every_need_without_overtime(calm, model):
    v = calm.visits[calm.visits["model"] == model]
    s = calm.shifts[calm.shifts["model"] == model]
    assert len(v) > 0 and len(s) > 0
    assert not v["missed"].any(), v[v["missed"]].head()
    assert v["unmet_min"].max() == pytest.approx(0.0, abs=1e-9)
    assert not v["rushed"].any()
    assert s["overtime_min"].max() == 0.0
    assert s["missed_breaks"].sum() == 0
    # nothing delays anyone: every visit starts exactly when planned
    done = v[~v["missed"]]
    assert (done["actual_start"] - done["planned_start"]).abs().max() <= 1e-6
    # need is the standard time exactly
    np.testing.assert_allclose(v["need_min"], v["standard_min"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(v["base_need_min"], v["standard_min"], rtol=0, atol=1e-9)


def test_calm_world_metrics(calm):
    s = calm.summary.set_index(["model", "metric"])["mean"]
    for model in MODELS:
        assert s[(model, "unmet_need_min_per_client_week")] == pytest.approx(0.0, abs=1e-9)
        assert s[(model, "missed_visit_share")] == 0.0
        assert s[(model, "overtime_min_per_shift")] == 0.0
        assert s[(model, "rushed_visit_share")] == 0.0


def test_minute_logging_is_planned(seeded_run):
    res = seeded_run([o for o in CALM if "logging_min_per_visit" not in o])
    v = res.visits[(res.visits["model"] == "minute") & ~res.visits["missed"]]
    assert res.shifts.loc[res.shifts["model"] == "minute", "admin_min"].sum() > 0
    drift = v["actual_start"] - v["planned_start"]
    assert drift.max() <= 1e-6, f"{int((drift > 1e-6).sum())} visits start up to {drift.max():.1f} min late"


def test_ample_staff_misses_no_essential_visit(seeded_run):
    res = seeded_run([o for o in CALM if "delegation" not in o])
    v = res.visits
    essential_missed = v[v["missed"] & ~v["deferrable"]]
    assert (essential_missed["model"] == "minute").sum() == 0
    assert essential_missed.empty, essential_missed.groupby(["model", "slot", "double"]).size()


@pytest.mark.parametrize("model", MODELS)
def test_zero_travel(seeded_run, model):
    res = seeded_run(
        [
            *BASE,
            "scenario.districts.centrum.geography.door_overhead_min=0",
            "scenario.districts.centrum.geography.speed_kmh={walk:1e9,bike:1e9,car:1e9}",
        ]
    )
    s = res.shifts[res.shifts["model"] == model]
    assert len(s) > 0
    assert s["travel_min"].max() < 1e-3
    assert s["travel_km"].sum() > 0, "distances are unchanged; only the time is zero"
    assert res.summary.set_index(["model", "metric"]).loc[(model, "travel_time_share"), "mean"] < 1e-6
    # with zero travel the alarm unit's response is pure waiting for a free responder
    a = res.events["alarms"]
    unit = a[(a["model"] == model) & (a["responder"] == "alarm_unit")]
    assert len(unit) > 0


def test_huge_staffing_means_no_overtime(seeded_run):
    # Without alarms: a trust caregiver may legitimately take a team alarm minutes before the
    # end of the shift and finish it in overtime, however many colleagues there are.
    res = seeded_run(
        [*BASE, "replications=2", "scenario.staffing.capacity_factor=6", "scenario.alarms.holder_share=0"]
    )
    # The minute planners' routing tool minimises travel: it packs the visits into as few
    # routes as fit, which may end just before the shift does, so travel and need noise can
    # push one of them a few minutes past it; the rest of the (sixfold) crew waits at the office.
    allowed = {"minute": 10.0, "trust": 0.0}
    s = res.shifts
    for model in MODELS:
        sm = s[s["model"] == model]
        assert len(sm) > 0
        assert sm["overtime_min"].max() <= allowed[model], model
        assert (sm["overtime_min"] > 0).mean() < 0.01, model
        assert sm["cancelled_visits"].sum() == 0, model


@pytest.mark.parametrize("model", MODELS)
def test_no_staff_misses_every_visit(seeded_run, model):
    overrides = [*BASE, "scenario.staffing.caregivers_per_district=0"]
    res = seeded_run(overrides)
    world = build_world(sim.config(overrides), 0)
    assert world.n_slots == 0 and world.districts[0].substitutes == ()
    v = res.visits[res.visits["model"] == model]
    assert len(v) > 0
    assert v["missed"].all()
    assert (v["caregiver_id"] == -1).all()
    np.testing.assert_array_equal(v["delivered_min"], 0.0)
    np.testing.assert_allclose(v["unmet_min"], v["need_min"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(v["need_min"], v["base_need_min"], rtol=0, atol=1e-12)
    assert res.shifts[res.shifts["model"] == model].empty
    m = res.summary.set_index(["model", "metric"])["mean"]
    assert m[(model, "missed_visit_share")] == 1.0
    # alarms are still answered, by the alarm unit
    a = res.events["alarms"]
    a = a[a["model"] == model]
    assert len(a) > 0 and (a["responder"] == "alarm_unit").all() and a["arrival_time"].notna().all()
    costs = res.costs[res.costs["model"] == model].set_index("component")["sek"]
    assert costs["staff"] == 0.0 and costs["overtime"] == 0.0 and costs["substitutes"] == 0.0


def test_unmet_need_metric_of_no_staff_is_total_need(seeded_run):
    overrides = [*BASE, "scenario.staffing.caregivers_per_district=0"]
    res = seeded_run(overrides)
    cfg = sim.config(overrides)
    v = res.visits
    for model in MODELS:
        vm = v[(v["model"] == model) & (v["day"] >= cfg.warmup_days)]
        expected = vm["need_min"].sum() / (50 * cfg.horizon_days / 7.0)
        got = res.summary.set_index(["model", "metric"]).loc[
            (model, "unmet_need_min_per_client_week"), "mean"
        ]
        assert got == pytest.approx(expected, rel=1e-12)
