"""A transition that unfolds (issue 25): the learning curve's shapes, what it slows and strains,
the teams' rougher judgements, the quit wave, and a switch on any date."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from simhelpers import TWO_DISTRICTS

import sim
from sim.config import ConfigError
from sim.engine.learning import Learning
from sim.engine.policy_api import Switch
from sim.experiment import model_run
from sim.transition import plan_days, run_transition, segments
from sim.world.build import build_world

# one district switching on 2025-01-20, a Monday in the middle of a month
PLAN = [
    *(o for o in TWO_DISTRICTS if not o.startswith(("horizon_days", "warmup_days", "replications"))),
    "replications=1",
    "warmup_days=10",
    "horizon_days=40",
    "transition.enabled=true",
    "transition.schedule=dates",
    "+transition.switch_dates.centrum=2025-01-20",
    "transition.training_days=14",
]


@pytest.fixture(scope="module")
def plan():
    return sim.config(PLAN)


@pytest.mark.parametrize("shape", ["step", "linear", "exponential"])
def test_every_shape_starts_whole_and_ends_learned(shape):
    curve = Learning(days=28, shape=shape)
    gaps = [curve.gap(d) for d in range(-3, 35)]
    assert gaps[:3] == [0.0, 0.0, 0.0]  # before the switch nothing is learned or owed
    assert curve.gap(0) == 1.0 and curve.gap(28) == 0.0 and curve.gap(100) == 0.0
    inside = [curve.gap(d) for d in range(28)]
    assert all(b <= a for a, b in itertools.pairwise(inside))  # never unlearned


def test_the_learning_curve_gains_most_early():
    step, linear, expo = (Learning(days=100, shape=s) for s in ("step", "linear", "exponential"))
    assert [step.gap(50), linear.gap(50)] == [1.0, 0.5]
    # three time constants over the period, rescaled to reach 0 at its end
    assert expo.gap(50) == pytest.approx((math.exp(-1.5) - math.exp(-3)) / (1 - math.exp(-3)))
    mean = np.mean([expo.gap(d + 0.5) for d in range(100)])
    assert mean == pytest.approx(((1 - math.exp(-3)) / 3 - math.exp(-3)) / (1 - math.exp(-3)), abs=1e-3)


def _district(plan, learning: Learning, quit_wave: float = 0.0) -> tuple[int, dict[str, pd.DataFrame]]:
    world = build_world(plan, 0)
    day = plan_days(plan)[0]
    switch = Switch(day, "trust", plan.models["trust"], learning, quit_wave)
    return day, model_run(world, "minute", plan.models["minute"], districts=[0], switches=[switch]).run()


def _ratio(visits: pd.DataFrame, first: int, end: int) -> float:
    v = visits[(visits["day"] >= first) & (visits["day"] < end) & ~visits["missed"]]
    return float((v["need_min"] / v["base_need_min"]).median())


def test_visits_are_slower_and_shifts_harder_while_the_district_learns(plan):
    day, plain = _district(plan, Learning(days=14))
    _, learning = _district(plan, Learning(days=14, slowdown_share=0.4, strain_extra_share=1.0))
    # the same care takes 40 % longer in the period (familiarity alike in both), not after it
    slow = _ratio(learning["visits"], day, day + 14) / _ratio(plain["visits"], day, day + 14)
    assert slow == pytest.approx(1.4, abs=0.08)
    assert _ratio(learning["visits"], day - 7, day) == _ratio(plain["visits"], day - 7, day)

    def strain(frames: dict[str, pd.DataFrame], first: int, end: int) -> float:
        s = frames["shifts"]
        return float(s[(s["day"] >= first) & (s["day"] < end)]["strain"].mean())

    assert strain(learning, day, day + 14) > 1.6 * strain(plain, day, day + 14)
    assert strain(learning, day - 7, day) == strain(plain, day - 7, day)


def test_a_team_new_to_planning_judges_needs_more_roughly(plan, monkeypatch):
    from sim.policies import trust

    seen: dict[bool, list[float]] = {False: [], True: []}
    real = trust.judged_need

    def watched(mr, v):  # type: ignore[no-untyped-def]
        judged = real(mr, v)
        seen[mr.learning.judgement_cv_extra > 0].append(judged / v.need)
        return judged

    monkeypatch.setattr(trust, "judged_need", watched)
    _district(plan, Learning(days=14))
    _district(plan, Learning(days=14, judgement_cv_extra=0.5))
    assert np.std(seen[True]) > np.std(seen[False]) + 0.1


def test_a_quit_wave_takes_its_share_over_the_learning_period(plan):
    day, plain = _district(plan, Learning(days=14))
    _, wave = _district(plan, Learning(days=14), quit_wave=0.6)

    def quits(frames: dict[str, pd.DataFrame], first: int, end: int) -> int:
        sd = frames["staff_days"]
        return int(((sd["event"] == "quit") & (sd["day"] >= first) & (sd["day"] < end)).sum())

    staff = len(build_world(plan, 0).districts[0].staff)
    assert quits(plain, day, day + 14) <= 2
    assert 0.35 * staff <= quits(wave, day, day + 14) <= 0.85 * staff
    assert quits(plain, 0, day) == quits(wave, 0, day)  # nobody leaves before the switch


def test_a_switch_in_mid_month_splits_its_month_and_keeps_one_row_per_month(plan):
    world = build_world(plan, 0)
    day = plan_days(plan)[0]
    assert str(world.calendar.date(day)) == "2025-01-20"
    parts = segments(world, day)
    assert [p for p in parts if p[0] == "2025-01"][-1][1] == day  # the month split at the switch
    out = run_transition(plan, n_jobs=1)
    m = out["monthly"]
    rows = m[(m["arm"] == "phased") & (m["district"] == "centrum")]
    assert not rows.duplicated(["month", "metric"]).any()
    one_off = rows[rows["metric"] == "one_off_cost_sek"].set_index("month")["value"]
    assert one_off["2025-01"] > 0 and (one_off.drop("2025-01") == 0).all()
    costs = out["costs"]
    phased = costs[costs["arm"] == "phased"]["sek"].sum()  # every district, every month
    whole = m[(m["arm"] == "phased") & (m["district"] == "all") & (m["metric"] == "cost_sek")]
    assert whole["value"].sum() == pytest.approx(phased)


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ("transition.learning_shape=sigmoid", "transition.learning_shape"),
        ("transition.training_days=0", "transition.quit_wave_share"),
    ],
)
def test_a_learning_setting_that_cannot_run_is_refused(override, key):
    with pytest.raises(ConfigError) as err:
        sim.config([*PLAN, "transition.quit_wave_share=0.1", override])
    assert err.value.key == key
