"""Job control and support measured per shift from what happened in it (issue 25, item 3).

The strain index relieves the job demands by the shift's control and support (sim/stress.py).
Both used to be set from the delivery model's labels (a team, care following the need, mutual
help); they are now counted from the shift's own events, so a hybrid earns exactly the relief
its simulated working conditions give.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from simhelpers import SMALL, hand_control_support, run

import sim.stress
from sim.config.schema_staff import StressConfig
from sim.engine import caregiver, simulate
from sim.stress import job_control, job_support

NOTHING = dict(handed_in=0, handed_out=0, helped_in=0, helped_out=0, alarms=0, cancelled=0)


def test_control_of_constructed_shifts_by_hand():
    """8 visits, 2 cut short; 6 visits planned centrally; 3 handed in (1 taken over by choice,
    2 pushed by the overtime rule), 1 handed out by choice, 1 alarm call, 1 cancellation:
    length = 6/8; own = 0 + 1 + 1 = 2; imposed = 6 + 2 + 0 + 1 + 1 = 10; order = 2/12."""
    c = job_control(
        visits=8,
        rushed=2,
        planned=6,
        own_plan=False,
        handed_in=3,
        handed_out=1,
        helped_in=1,
        helped_out=1,
        alarms=1,
        cancelled=1,
    )
    assert c == pytest.approx((6 / 8 + 2 / 12) / 2)
    # the same day planned by the own team: own = 6 + 2 = 8, imposed = 4, order = 8/12
    c_own = job_control(
        visits=8,
        rushed=2,
        planned=6,
        own_plan=True,
        handed_in=3,
        handed_out=1,
        helped_in=1,
        helped_out=1,
        alarms=1,
        cancelled=1,
    )
    assert c_own == pytest.approx((6 / 8 + 8 / 12) / 2)
    # a centrally planned day without any change: order 0, only the visit lengths count
    assert job_control(visits=4, rushed=1, planned=4, own_plan=False, **NOTHING) == pytest.approx(0.75 / 2)


def test_a_shift_with_nothing_imposed_has_full_control():
    assert job_control(visits=5, rushed=0, planned=5, own_plan=True, **NOTHING) == 1.0
    assert job_control(visits=0, rushed=0, planned=0, own_plan=False, **NOTHING) == 1.0  # nothing at all
    # help by choice is the caregivers' own decision, even on a centrally planned day off the plan
    helped = {**NOTHING, "handed_in": 2, "helped_in": 2}
    assert job_control(visits=2, rushed=0, planned=0, own_plan=False, **helped) == 1.0
    # the same two visits pushed by the overtime rule are imposed
    pushed = {**NOTHING, "handed_in": 2}
    assert job_control(visits=2, rushed=0, planned=0, own_plan=False, **pushed) == 0.5


def test_support_of_constructed_shifts_by_hand():
    cfg = StressConfig(support_help_reference=2.0, support_together_reference_min=60.0)
    # one visit taken by a colleague + one taken over: help 2/2; meeting 20 + double care 10: 30/60
    s = job_support(cfg, handed_out=1, helped_in=1, meeting_min=20.0, paired_min=10.0)
    assert s == pytest.approx((1.0 + 0.5) / 2)
    # both parts saturate at their reference level
    assert job_support(cfg, handed_out=7, helped_in=3, meeting_min=90.0, paired_min=45.0) == 1.0
    # alone all day, nobody helping: no support
    assert job_support(cfg, handed_out=0, helped_in=0, meeting_min=0.0, paired_min=0.0) == 0.0
    # the reference levels are what saturates: halve them and the same shift has more support
    low = StressConfig(support_help_reference=1.0, support_together_reference_min=30.0)
    one = dict(handed_out=1, helped_in=0, meeting_min=15.0, paired_min=0.0)
    assert job_support(low, **one) == pytest.approx(0.75)
    assert job_support(cfg, **one) == pytest.approx(0.375)


def test_recorded_control_and_support_follow_the_shift_counters(small_cfg, small_results):
    """Every shift's recorded control and support are the documented functions of its own
    counters (computed again by hand), and its strain uses them — nothing else sets them."""
    s = small_results.shifts
    control, support = hand_control_support(small_cfg.scenario.stress, s)
    np.testing.assert_allclose(s["control"], control, rtol=0, atol=1e-12)
    np.testing.assert_allclose(s["support"], support, rtol=0, atol=1e-12)
    assert ((s["control"] >= 0) & (s["control"] <= 1) & (s["support"] >= 0) & (s["support"] <= 1)).all()
    # every visit of a day's plan was planned: what a shift made came from its plan or a hand-in
    assert (s["visits"] <= s["planned_visits"] + s["handed_in"]).all()
    assert (s["helped_in"] <= s["handed_in"]).all() and (s["helped_out"] <= s["handed_out"]).all()
    free = (
        s["own_plan"]
        & (s["rushed_visits"] == 0)
        & (s["alarms_answered"] == 0)
        & (s["cancelled_visits"] == 0)
        & (s["handed_in"] == s["helped_in"])
        & (s["handed_out"] == s["helped_out"])
    )
    assert free.any() and (s.loc[free, "control"] == 1.0).all()


def _mean(res: sim.Results, model: str, col: str) -> float:
    s = res.shifts
    return float(s.loc[s["model"] == model, col].mean())


@pytest.fixture(scope="module")
def hybrids():
    """Minute control whose caregivers stay for the need (up to 1.5 × the allotted time, as the
    trust teams) and are not made to catch up by cutting, and teams without mutual help (the same
    worlds as the small scenario)."""
    return run(
        [
            *SMALL,
            "models.minute.execution.stay_for=need",
            "models.minute.execution.overrun_share=0.5",
            "models.minute.execution.cut_when_behind=false",
            "models.trust.execution.mutual_help=false",
        ]
    )


def test_minute_control_staying_for_the_need_earns_more_control(small_results, hybrids):
    """Staying for the need cuts fewer visits short: more visit lengths are the caregiver's."""
    pure, hybrid = _mean(small_results, "minute", "control"), _mean(hybrids, "minute", "control")
    assert _mean(hybrids, "minute", "rushed_visits") < _mean(small_results, "minute", "rushed_visits")
    assert hybrid > pure + 0.02
    # the order is still the central planner's: the hybrid earns control, not the label of a team
    assert not hybrids.shifts.loc[hybrids.shifts["model"] == "minute", "own_plan"].any()


def test_the_label_stay_for_need_alone_earns_nothing(small_results):
    """What counts is what happened: with the minute model's overrun_share of 0.1 the need rule
    caps a stay at 1.1 × the allotted time (ignoring the slack the pure model stays into) and the
    caregiver still cuts to catch up, so more visits end before the need is met — less control,
    where the old label gave every stay_for=need model more."""
    capped = run([*SMALL, "compare=[minute]", "models.minute.execution.stay_for=need"])
    assert _mean(capped, "minute", "rushed_visits") > _mean(small_results, "minute", "rushed_visits")
    assert _mean(capped, "minute", "control") < _mean(small_results, "minute", "control")


def test_teams_without_mutual_help_earn_less_support(small_results, hybrids):
    """Without mutual help nobody takes over a colleague's visit, so the help part of support is
    left to the overtime hand-back: less support than the same teams helping each other."""
    alone = hybrids.shifts[hybrids.shifts["model"] == "trust"]
    assert (alone["helped_in"] == 0).all() and (alone["helped_out"] == 0).all()
    assert _mean(small_results, "trust", "helped_in") > 0
    assert _mean(hybrids, "trust", "support") < _mean(small_results, "trust", "support") - 0.02


def test_the_model_labels_no_longer_set_control_or_support():
    """Nothing reads the organisation or the stay rule to set control: the label functions are
    gone, and the code that computes control and support reads only the shift's counters."""
    assert not hasattr(sim.stress, "job_resources")
    assert not hasattr(simulate.ModelRun, "demand_relief")
    for code in (inspect.getsource(sim.stress), inspect.getsource(caregiver._close_shift)):
        for label in ("organisation.unit", "stay_for", "mutual_help", '"team"'):
            assert label not in code, label
