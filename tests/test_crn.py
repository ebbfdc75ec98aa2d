"""Common random numbers: both delivery models see the very same municipality.

Within one replication the two models must get the same clients, planned
visits, real needs (before anything caregiver-dependent), alarms and — when
stress does not feed back — the same absences, quits, hires and substitutes.
And nothing about the world may depend on the order the models are run in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from simhelpers import SMALL, VISIT_KEY, model_frames

import sim
from sim.world.build import build_world


@pytest.mark.parametrize("rep", [0, 1])
def test_planned_visits_and_base_need_identical_across_models(small_results, rep):
    a = model_frames(small_results, "minute", rep)["visits"]
    b = model_frames(small_results, "trust", rep)["visits"]
    assert len(a) == len(b) > 0
    cols = [
        *VISIT_KEY,
        "base_need_min",
        "standard_min",
        "window_start",
        "window_end",
        "double",
        "deferrable",
        "slot",
        "district",
    ]
    m = a[cols].merge(b[cols], on=VISIT_KEY, how="outer", suffixes=("_m", "_t"), indicator=True)
    assert (m["_merge"] == "both").all(), "a planned visit exists in only one model"
    for c in cols[len(VISIT_KEY) :]:
        assert (m[f"{c}_m"] == m[f"{c}_t"]).all(), f"{c} differs between the models"


@pytest.mark.parametrize("rep", [0, 1])
def test_alarm_calls_identical_across_models(small_results, rep):
    a = model_frames(small_results, "minute", rep)["alarms"]
    b = model_frames(small_results, "trust", rep)["alarms"]
    assert len(a) > 0
    cols = ["day", "district", "client_id", "call_time", "handling_min"]
    pd.testing.assert_frame_equal(a[cols], b[cols], check_exact=True)


def test_unit_of_the_visit_is_the_only_organisational_difference(small_results):
    """The minute model plans one district pool, the trust model several teams."""
    v = small_results.visits
    assert v[v["model"] == "minute"]["unit"].nunique() == 1
    assert v[v["model"] == "trust"]["unit"].nunique() >= 2


ABSENCE_WORLD = [
    *SMALL,
    "horizon_days=10",
    "scenario.stress.absence_stress_elasticity=0",
    "scenario.stress.turnover_stress_elasticity=0",
    "scenario.stress.sick_start_probability=0.05",
    "scenario.stress.turnover_per_year=0.9",
    "scenario.stress.vacancy_days=2",
]
SHIFT_KEY = ["day", "slot_id", "kind", "shift", "start", "end"]


def _shifts(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return frames["shifts"][[*SHIFT_KEY, "caregiver_id"]].sort_values(SHIFT_KEY).reset_index(drop=True)


def test_absences_identical_when_stress_does_not_feed_back():
    """With zero stress elasticities, sick spells, quits, hires and substitutes are drawn
    from keyed streams only, so staff_days (who is absent, with what status, on which days)
    and which shifts are worked, and by a substitute, are the same in both models.

    Who covers an absence is not: with team relief (organisation.team_relief, on in the trust
    model) a team takes one of its own relief substitutes first, a model decision made with
    the same pick draw (sim.organisation.take_substitute). So the substitute's id is compared
    only where no team relief applies: the trust model without it picks exactly the minute
    model's substitutes, and the minute model's pick is the district pool's as before."""
    res = sim.run(cfg=sim.config(ABSENCE_WORLD), n_jobs=1)
    plain = sim.run(
        cfg=sim.config([*ABSENCE_WORLD, "compare=[trust]", "models.trust.organisation.team_relief=false"]),
        n_jobs=1,
    )
    sd = res.events["staff_days"]
    assert {"sick_start", "quit", "hire"} <= set(sd["event"]), "the scenario should exercise every event"
    own_team_picks = 0
    for rep in (0, 1):
        a = model_frames(res, "minute", rep)
        b = model_frames(res, "trust", rep)
        cols = ["day", "district", "slot_id", "caregiver_id", "status", "shift_min", "event"]
        pd.testing.assert_frame_equal(a["staff_days"][cols], b["staff_days"][cols], check_exact=True)
        sa, sb = _shifts(a), _shifts(b)
        pd.testing.assert_frame_equal(sa[SHIFT_KEY], sb[SHIFT_KEY], check_exact=True)
        regular = sa["kind"] != "substitute"
        pd.testing.assert_frame_equal(sa[regular], sb[regular], check_exact=True)  # no one else is swapped
        own_team_picks += int((sa["caregiver_id"] != sb["caregiver_id"]).sum())
        # without team relief the trust model covers every absence with the minute model's pick
        pd.testing.assert_frame_equal(sa, _shifts(model_frames(plain, "trust", rep)), check_exact=True)
    assert (res.shifts["kind"] == "substitute").any()
    assert own_team_picks > 0, "team relief should change some pick, or this test no longer needs the split"


def test_model_order_does_not_change_any_model_table(small_cfg, small_results):
    swapped = sim.run(cfg=sim.config([*SMALL, "compare=[trust,minute]"]), n_jobs=1)
    for name, df in small_results.events.items():
        for model in ("minute", "trust"):
            a = df[df["model"] == model].reset_index(drop=True)
            b = swapped.events[name]
            b = b[b["model"] == model].reset_index(drop=True)
            pd.testing.assert_frame_equal(a, b, check_exact=True, obj=f"{name}/{model}")
    # and the paired difference simply changes sign
    c1 = small_results.comparison.set_index("metric")["diff_mean"]
    c2 = swapped.comparison.set_index("metric")["diff_mean"]
    ok = c1.notna()
    np.testing.assert_allclose(c1[ok], -c2[ok], rtol=1e-9, atol=1e-9)


def test_world_draws_do_not_depend_on_what_was_drawn_before(small_cfg):
    """Keyed streams: a day's need noise and travel are the same whichever day was asked first."""
    w1 = build_world(small_cfg, 0)
    w2 = build_world(small_cfg, 0)
    f_late, e_late = w1.need_noise(9)
    w2.need_noise(0)
    w2.need_noise(5)
    f2, e2 = w2.need_noise(9)
    np.testing.assert_array_equal(f_late, f2)
    np.testing.assert_array_equal(e_late, e2)
    np.testing.assert_array_equal(w1.travel(0, 4), w2.travel(0, 4))
    s1, s2 = w1.staff_draws(6), w2.staff_draws(6)
    np.testing.assert_array_equal(s1.sick, s2.sick)
    np.testing.assert_array_equal(w1.districts[0].alarms.time_min, w2.districts[0].alarms.time_min)
    # and different replications are different worlds
    w3 = build_world(small_cfg, 1)
    assert not np.array_equal(w3.need_noise(9)[0], f_late)
