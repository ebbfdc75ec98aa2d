"""One focused test per mechanism of the model (MODEL.md §2–5).

Where the engine exposes a pure function (familiarity, stay rule, strain,
sick/quit probabilities) it is tested directly, and the run's event tables are
then checked to follow it exactly: the tables are replayed through the
documented formula and must agree to rounding.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from simhelpers import (
    MODELS,
    NO_NEED_NOISE,
    SMALL,
    expected_strain,
    model_frames,
    performer_rows,
    shift_relief,
    skills_of,
    worlds,
)

import sim
from sim.config.fields import clock_to_min
from sim.config.schema_models import ExecutionConfig
from sim.config.schema_staff import StrainWeights, StressConfig
from sim.config.schema_world import NeedConfig
from sim.engine.familiarity import Familiarity
from sim.experiment import model_run
from sim.planning.dispatch import DispatchWeights, dispatch
from sim.policies.execution import stay_minutes
from sim.stress import demand_relief, quit_probability, sick_probability, strain_index
from sim.world.build import build_world

ONE_REP = [*SMALL, "replications=1"]
NO_EXTRAS = [*ONE_REP, "warmup_days=10", "scenario.clients.need.extras_probability=0"]


# ---- familiarity ------------------------------------------------------------------------------


def test_familiarity_multiplier_falls_with_known_visits():
    cfg = NeedConfig(familiarity_extra_share=0.3, familiarity_halflife_visits=3.0, familiarity_memory_days=60)
    fam = Familiarity([5], cfg)
    assert fam.multiplier(0.0) == pytest.approx(1.3)
    assert fam.multiplier(3.0) == pytest.approx(1.15)  # the extra halves after halflife visits
    assert fam.multiplier(6.0) == pytest.approx(1.075)
    ks = np.linspace(0, 50, 101)
    m = np.array([fam.multiplier(k) for k in ks])
    assert (np.diff(m) < 0).all() and m[-1] > 1.0 and m[-1] - 1.0 < 1e-4
    # counting visits, fading when away
    assert fam.known(0, person=7, client_loc=2, day=0) == 0.0
    for _ in range(4):
        fam.record(0, 7, 2, day=10)
    assert fam.known(0, 7, 2, day=10) == pytest.approx(4.0)
    assert fam.known(0, 7, 2, day=70) == pytest.approx(4.0 * math.exp(-1.0))
    assert fam.known(0, 7, 3, day=10) == 0.0 and fam.known(0, 8, 2, day=10) == 0.0
    np.testing.assert_allclose(fam.known_many(0, [7, 8], 2, 10), [4.0, 0.0])
    assert fam.score(np.array([0.0]))[0] == 0.0
    assert 0 < fam.score(np.array([3.0]))[0] < fam.score(np.array([6.0]))[0] < 1


def test_zero_familiarity_share_means_no_extra_time():
    fam = Familiarity([3], NeedConfig(familiarity_extra_share=0.0))
    assert fam.multiplier(0.0) == 1.0 and fam.multiplier(5.0) == 1.0


@pytest.fixture(scope="module")
def no_extras(seeded_run):
    """Default noise but no unplanned extras, so need = base need × mean familiarity multiplier
    (ten warm-up days: long enough for teams to get to know their clients)."""
    return seeded_run(NO_EXTRAS)


@pytest.mark.parametrize("model", MODELS)
def test_visit_need_follows_the_performers_familiarity(no_extras, model):
    """Replay every caregiver's visits to every client in time order: the need of each
    visit is its base need × the mean over its performers of
    1 + share × 0.5 ** (known / halflife), known decaying with memory_days."""
    cfg = sim.config(NO_EXTRAS)
    need_cfg = cfg.scenario.clients.need
    v = model_frames(no_extras, model, 0)["visits"]
    done = v[~v["missed"]].reset_index(drop=True)
    p = performer_rows(done.assign(row=np.arange(len(done)))).sort_values(["actual_start", "role"])
    state: dict[tuple[int, int], tuple[float, int]] = {}  # (cg, client) -> (count, last day)
    mult = np.zeros(len(done))
    n_perf = np.zeros(len(done))
    first_meetings = 0
    for r in p.itertuples():
        count, last = state.get((r.cg, r.client_id), (0.0, 0))
        known = count * math.exp(-(r.day - last) / need_cfg.familiarity_memory_days) if count else 0.0
        first_meetings += known == 0.0
        mult[r.row] += 1.0 + need_cfg.familiarity_extra_share * 0.5 ** (
            known / need_cfg.familiarity_halflife_visits
        )
        n_perf[r.row] += 1
        state[(r.cg, r.client_id)] = (known + 1.0, r.day)
    expected = done["base_need_min"].to_numpy() * mult / n_perf
    np.testing.assert_allclose(done["need_min"], expected, rtol=1e-9)
    ratio = done["need_min"] / done["base_need_min"]
    assert ratio.min() >= 1.0 - 1e-12 and ratio.max() <= 1.0 + need_cfg.familiarity_extra_share + 1e-12
    assert first_meetings > 0 and (ratio < 1.0 + need_cfg.familiarity_extra_share - 1e-6).any()


def test_trust_needs_less_familiarity_time_than_minute(no_extras):
    """Continuity ties to efficiency: the trust model's visits carry less familiarity extra."""
    v = no_extras.visits[~no_extras.visits["missed"]]
    extra = (v["need_min"] / v["base_need_min"]).groupby(v["model"]).mean()
    assert extra["trust"] < extra["minute"]


# ---- how long a caregiver stays -----------------------------------------------------------------

MINUTE_EX = ExecutionConfig(
    stay_for="allotted", overrun_share=0.1, cut_when_behind=True, catch_up_share=0.5, behind_tolerance_min=5.0
)
TRUST_EX = ExecutionConfig(
    stay_for="need",
    overrun_share=0.5,
    cut_when_behind=True,
    catch_up_share=0.5,
    behind_tolerance_min=5.0,
    mutual_help=True,
)

pos = st.floats(min_value=0.5, max_value=200, allow_nan=False)
share = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
lateness = st.floats(min_value=0.0, max_value=300, allow_nan=False)
slack_min = st.floats(min_value=0.0, max_value=120, allow_nan=False)


def _no_slack(ex: ExecutionConfig) -> ExecutionConfig:
    return replace(ex, use_slack=False) if hasattr(ex, "use_slack") else ex


@settings(max_examples=300, deadline=None)
@given(need=pos, allotted=pos, fs=share, behind=lateness, may_cut=st.booleans(), slack=slack_min)
def test_stay_never_below_floor_nor_above_need(need, allotted, fs, behind, may_cut, slack):
    floor = fs * need
    for ex in (MINUTE_EX, TRUST_EX, _no_slack(MINUTE_EX)):
        d = stay_minutes(ex, need, allotted, floor, behind, may_cut, slack)
        assert floor - 1e-9 <= d <= need + 1e-9


@settings(max_examples=300, deadline=None)
@given(need=pos, allotted=pos, fs=share, behind=lateness)
def test_minute_model_cuts_towards_the_floor_when_behind(need, allotted, fs, behind):
    ex = _no_slack(MINUTE_EX)
    floor = fs * need
    d = stay_minutes(ex, need, allotted, floor, behind, True)
    if behind <= ex.behind_tolerance_min:
        # on time: the allotted time plus a small overrun, if the need is there (never below the floor)
        assert d == pytest.approx(max(floor, min(need, allotted * (1 + ex.overrun_share))))
    else:
        target = min(need, allotted)  # no overrun when behind
        # cut by catch_up_share × lateness, but never below the floor
        assert d == pytest.approx(max(floor, min(target, target - ex.catch_up_share * behind)))
        assert d <= max(floor, target) + 1e-9
        # later means shorter, down to the floor and never below
        d_later = stay_minutes(ex, need, allotted, floor, behind + 10, True)
        assert floor - 1e-9 <= d_later <= d + 1e-9
        # without permission to cut, the stay is the allotted time (capped by the need)
        assert stay_minutes(ex, need, allotted, floor, behind, False) == pytest.approx(max(floor, target))


@settings(max_examples=300, deadline=None)
@given(need=pos, allotted=pos, fs=share, behind=lateness)
def test_trust_model_stays_for_the_need_up_to_the_cap(need, allotted, fs, behind):
    floor = fs * need
    cap = allotted * (1 + TRUST_EX.overrun_share)
    # nobody needs to cut (a teammate helps): the stay is the need, up to the cap, whatever the lateness
    assert stay_minutes(TRUST_EX, need, allotted, floor, behind, False) == pytest.approx(
        max(floor, min(need, cap))
    )
    if behind <= TRUST_EX.behind_tolerance_min:
        assert stay_minutes(TRUST_EX, need, allotted, floor, behind, True) == pytest.approx(
            max(floor, min(need, cap))
        )


def test_stay_rule_examples():
    ex = _no_slack(MINUTE_EX)
    # need 30, allotted 20, floor 12
    assert stay_minutes(ex, 30, 20, 12, 0, True) == pytest.approx(22)  # on time: +10 % overrun
    assert stay_minutes(ex, 30, 20, 12, 10, True) == pytest.approx(15)  # 10 behind: cut 5
    assert stay_minutes(ex, 30, 20, 12, 60, True) == pytest.approx(12)  # far behind: the floor
    assert stay_minutes(TRUST_EX, 30, 20, 12, 0, True) == pytest.approx(30)  # the whole need
    assert stay_minutes(TRUST_EX, 40, 20, 12, 0, True) == pytest.approx(30)  # capped at 1.5 × allotted
    assert stay_minutes(TRUST_EX, 30, 20, 12, 60, False) == pytest.approx(30)  # helped: no cut
    assert stay_minutes(TRUST_EX, 30, 20, 12, 60, True) == pytest.approx(12)  # nobody could help


def test_run_follows_the_stay_rule(small_cfg, small_results):
    """In the event tables: minute visits that start late are cut exactly as the rule says
    (slack plays no part when behind); on-time visits get at least min(need, allotted);
    trust visits never exceed min(need, cap) and on time deliver exactly that."""
    v = small_results.visits
    done = v[~v["missed"]]
    behind = (done["actual_start"] - done["planned_start"]).clip(lower=0)
    need, allot, floor = done["need_min"], done["allotted_min"], done["floor_min"]
    got = done["delivered_min"]
    for model in MODELS:
        ex = small_cfg.models[model].execution
        is_m = done["model"] == model
        late = is_m & (behind > ex.behind_tolerance_min)
        on_time = is_m & ~late
        assert late.sum() > 0 and on_time.sum() > 0
        if ex.stay_for == "allotted":
            expected = [
                stay_minutes(ex, n, a, f, b, True)
                for n, a, f, b in zip(need[late], allot[late], floor[late], behind[late], strict=True)
            ]
            np.testing.assert_allclose(got[late], expected, rtol=1e-9, atol=1e-9)
            assert (got[on_time] >= np.minimum(need[on_time], allot[on_time]) - 1e-9).all()
        else:
            cap = np.maximum(floor, np.minimum(need, allot * (1 + ex.overrun_share)))
            assert (got[is_m] <= cap[is_m] + 1e-9).all()
            np.testing.assert_allclose(got[on_time], cap[on_time], rtol=1e-9)


# ---- strain, stress, sick leave, turnover --------------------------------------------------------

W = StrainWeights()
CALM_SHIFT = dict(
    overtime_min=0.0,
    visits=8,
    rushed=0,
    behind_mean_min=0.0,
    missed_breaks=0,
    planned_demand_min=300.0,
    real_demand_min=300.0,
    distinct_clients=0,
)


@pytest.mark.parametrize(
    "field,worse",
    [
        ("overtime_min", 90.0),
        ("rushed", 4),
        ("behind_mean_min", 30.0),
        ("missed_breaks", 1),
        ("real_demand_min", 400.0),
        ("distinct_clients", 12),
    ],
)
def test_strain_rises_with_each_pressure(field, worse):
    base = strain_index(W, **CALM_SHIFT)
    assert base == 0.0
    assert strain_index(W, **{**CALM_SHIFT, field: worse}) > base
    more = worse * 2 if not isinstance(worse, int) else worse + 2
    if field == "rushed":
        more = 8
    assert strain_index(W, **{**CALM_SHIFT, field: more}) > strain_index(W, **{**CALM_SHIFT, field: worse})


def test_strain_weights():
    assert strain_index(W, **{**CALM_SHIFT, "overtime_min": 60.0}) == pytest.approx(W.overtime_per_hour)
    assert strain_index(W, **{**CALM_SHIFT, "rushed": 8}) == pytest.approx(W.rushed_share)
    assert strain_index(W, **{**CALM_SHIFT, "real_demand_min": 600.0}) == pytest.approx(W.excess_demand)
    # less real demand than planned is not strain
    assert strain_index(W, **{**CALM_SHIFT, "real_demand_min": 100.0}) == 0.0
    # conscience stress: an hour of need left unmet
    assert strain_index(W, **{**CALM_SHIFT, "unmet_min": 60.0}) == pytest.approx(W.unmet_per_hour)


def test_control_and_support_relieve_the_demands_not_the_conscience():
    """Job control and support scale the demands (overtime here), never the conscience terms."""
    both = {**CALM_SHIFT, "overtime_min": 60.0, "rushed": 8, "unmet_min": 30.0}
    full, half = strain_index(W, **both), strain_index(W, **both, relief=0.5)
    assert full - half == pytest.approx(0.5 * W.overtime_per_hour)
    cfg = StressConfig()
    assert demand_relief(cfg, 0.0, 0.0) == 1.0
    assert demand_relief(cfg, 1.0, 1.0) == pytest.approx((1 - cfg.control_relief) * (1 - cfg.support_relief))
    assert demand_relief(cfg, 1.0, 0.0) < demand_relief(cfg, 0.5, 0.0) < 1.0


def test_shift_strain_column_is_the_strain_index(small_cfg, small_results):
    s = small_results.shifts
    w = small_cfg.scenario.stress.weights
    relief = shift_relief(small_cfg.scenario.stress, s)
    # The demands count in full (relief 1) only on a shift where everything was imposed: a
    # central plan, every visit cut (rushed), no help given or received, no meeting or paired
    # care. Such shifts are legitimate (sim/stress.py: control and support are both 0); since
    # the minute planners credit the contact person (f91802e) this world has one, a
    # minute shift of three visits all cut at the allotted time. So the test no longer asks
    # that every shift be relieved, only that no shift with anything of its own went without
    # relief, and that relief is applied to nearly all shifts of both models (so the
    # comparison below tests it rather than relief 1).
    full = relief == 1.0
    imposed = s[full]
    assert (
        ~imposed["own_plan"] & (imposed["visits"] > 0) & (imposed["rushed_visits"] == imposed["visits"])
    ).all()
    assert (imposed[["helped_in", "helped_out", "handed_out", "meeting_min", "paired_min"]] == 0).all().all()
    assert (pd.Series(relief < 1.0, index=s.index).groupby(s["model"]).mean() > 0.95).all()
    expected = expected_strain(w, s, relief)
    np.testing.assert_allclose(s["strain"], expected, rtol=1e-12, atol=1e-12)
    assert (s["strain"] > 0).any()


def test_sick_and_quit_probabilities_rise_with_stress():
    cfg = StressConfig()
    xs = np.linspace(0, 5, 51)
    ps = [sick_probability(cfg, x) for x in xs]
    qs = [quit_probability(cfg, x) for x in xs]
    assert (np.diff(ps) > 0).all() and (np.diff(qs) > 0).all()
    assert ps[0] == pytest.approx(cfg.sick_start_probability)
    assert qs[0] == pytest.approx(1 - (1 - cfg.turnover_per_year) ** (1 / 365.25))
    # a year of unstressed days gives the configured turnover
    assert 1 - (1 - qs[0]) ** 365.25 == pytest.approx(cfg.turnover_per_year)
    assert sick_probability(replace(cfg, sick_start_probability=0.5), 1e6) == 1.0
    flat = replace(cfg, absence_stress_elasticity=0.0, turnover_stress_elasticity=0.0)
    assert sick_probability(flat, 3.0) == sick_probability(flat, 0.0)
    assert quit_probability(flat, 3.0) == quit_probability(flat, 0.0)


STRESSFUL = [
    *SMALL,
    "horizon_days=10",
    "scenario.staffing.capacity_factor=0.8",
    "scenario.stress.sick_start_probability=0.03",
    "scenario.stress.turnover_per_year=0.6",
    "scenario.stress.vacancy_days=3",
    "scenario.stress.absence_stress_elasticity=3",
]


@pytest.fixture(scope="module")
def stressful(seeded_run):
    return seeded_run(STRESSFUL)


def test_stress_state_is_the_running_average_of_strain(stressful):
    """Replay each person's shift strains through the daily fold
    stress += (strain of the shifts finished since the last fold − stress) / memory_days."""
    cfg = sim.config(STRESSFUL)
    memory = cfg.scenario.stress.memory_days
    n_days = cfg.warmup_days + cfg.horizon_days
    for model in MODELS:
        for rep in range(cfg.replications):
            f = model_frames(stressful, model, rep)
            s = f["shifts"].sort_values("finish")
            checked = 0
            for pid, g in s.groupby("caregiver_id"):
                fin, strain = g["finish"].to_numpy(), g["strain"].to_numpy()
                level, seen = 0.0, 0
                after_fold = {}
                for day in range(n_days):
                    done = fin <= day * 1440
                    x = strain[seen : int(done.sum())].sum()
                    seen = int(done.sum())
                    level += (x - level) / memory
                    after_fold[day] = level
                for r in g.itertuples():
                    fold_day = min(int(r.finish // 1440), n_days - 1)  # no fold after the last day
                    assert r.stress_before == pytest.approx(after_fold[fold_day], abs=1e-12), (
                        model,
                        rep,
                        pid,
                        r.day,
                    )
                    checked += 1
            assert checked == len(s)
            sd = f["staff_days"]
            assert (sd["stress"].dropna() >= 0).all()
            assert sd["stress"].max() > 0


def test_sick_spells_and_quits_follow_the_stress_probabilities(stressful):
    """Every rostered slot-day: a spell starts iff the day's keyed draw < p_sick(stress);
    a quit happens iff the draw < p_quit(stress)."""
    cfg = sim.config(STRESSFUL)
    sc = cfg.scenario.stress
    counts = {"sick_start": 0, "quit": 0}
    for rep, world in worlds(cfg).items():
        draws = {d: world.staff_draws(d) for d in range(world.n_days)}
        for model in MODELS:
            sd = model_frames(stressful, model, rep)["staff_days"]
            hired = set(
                zip(
                    sd.loc[sd["event"] == "hire", "day"],
                    sd.loc[sd["event"] == "hire", "slot_id"],
                    strict=True,
                )
            )
            for r in sd.itertuples():
                dr = draws[r.day]
                if r.event == "quit":
                    assert dr.quit[r.slot_id] < quit_probability(sc, r.stress)
                    counts["quit"] += 1
                elif r.status in ("work", "sick") and (r.day, r.slot_id) not in hired:
                    assert dr.quit[r.slot_id] >= quit_probability(sc, r.stress)
                if r.event == "sick_start":
                    assert dr.sick[r.slot_id] < sick_probability(sc, r.stress)
                    counts["sick_start"] += 1
                elif r.status == "work":
                    assert dr.sick[r.slot_id] >= sick_probability(sc, r.stress)
    assert counts["sick_start"] > 0 and counts["quit"] > 0


def test_no_sickness_no_turnover_when_probabilities_are_zero(seeded_run):
    res = seeded_run(
        [*ONE_REP, "scenario.stress.sick_start_probability=0", "scenario.stress.turnover_per_year=0"]
    )
    sd = res.events["staff_days"]
    assert set(sd["status"]) == {"work"} and set(sd["event"]) == {""}
    assert (res.shifts["kind"] == "regular").all()


# ---- hospital stays and drifting needs -----------------------------------------------------------

HOSPITAL = [
    *ONE_REP,
    "horizon_days=14",
    "scenario.clients.need.hospital_admissions_per_year=25",
    "scenario.clients.need.day_factor_sigma=0",
    "scenario.clients.need.extras_probability=0",
]


@pytest.fixture(scope="module")
def hospital(seeded_run):
    return seeded_run(HOSPITAL)


def test_hospital_stays_cancel_visits(hospital):
    cfg = sim.config(HOSPITAL)
    world = build_world(cfg, 0)
    inh = world.course.in_hospital
    assert inh.any() and not inh.all()
    v = hospital.visits
    cal = world.calendar
    cancelled = 0
    for cid, day in zip(*np.nonzero(inh), strict=True):
        c = world.clients[cid]
        if any(p.active(cal.weekday(int(day)), cal.week(int(day))) for p in c.plans):
            cancelled += 1
    assert cancelled > 0, "some hospital day should fall on a planned visit day"
    assert len(v) > 0
    in_hosp = inh[v["client_id"].to_numpy(), v["day"].to_numpy()]
    assert not in_hosp.any(), f"{int(in_hosp.sum())} visits to clients in hospital"
    # both models skip exactly the same client-days
    per_model = {m: set(zip(g["client_id"], g["day"], strict=True)) for m, g in v.groupby("model")}
    assert per_model["minute"] == per_model["trust"]


def test_needs_rise_after_hospital_and_follow_the_course(hospital):
    """With no day noise or extras, base need = standard × ratio × client factor × course multiplier."""
    cfg = sim.config(HOSPITAL)
    world = build_world(cfg, 0)
    need = cfg.scenario.clients.need
    ratio = getattr(need, "need_to_standard_ratio", 1.0)
    mult = world.course.need_multiplier
    v = hospital.visits
    factor = np.array([world.clients[c].client_factor for c in v["client_id"]])
    expected = v["standard_min"].to_numpy() * ratio * factor * mult[v["client_id"], v["day"]]
    np.testing.assert_allclose(v["base_need_min"], expected, rtol=1e-12)
    # after a discharge the need is higher, fading back
    inh = world.course.in_hospital
    bumps = 0
    for cid in range(inh.shape[0]):
        ends = np.flatnonzero(inh[cid, :-1] & ~inh[cid, 1:]) + 1  # first day home
        for d in ends:
            before = np.flatnonzero(~inh[cid, :d])
            if before.size == 0:
                continue
            bumps += 1
            assert mult[cid, d] > mult[cid, before[-1]] * (1 + 0.5 * need.post_discharge_increase)
            if d + 1 < inh.shape[1] and not inh[cid, d + 1]:
                assert mult[cid, d + 1] < mult[cid, d]
    assert bumps > 0


def test_needs_drift_up(seeded_run):
    overrides = [
        *ONE_REP,
        *NO_NEED_NOISE,
        "horizon_days=21",
        "scenario.districts.centrum.n_clients=30",
        "scenario.clients.need.drift_per_month=0.2",
        "compare=[trust]",
    ]
    cfg = sim.config(overrides)
    world = build_world(cfg, 0)
    mult = world.course.need_multiplier
    assert (mult[:, 0] == 1.0).all()
    assert (np.diff(mult, axis=1) >= 0).all()
    assert (mult[:, -1] > 1.0).mean() > 0.9
    res = seeded_run(overrides)
    v = res.visits
    per_plan = v.sort_values("day").groupby(["client_id", "planned_visit"])["base_need_min"]
    assert (per_plan.diff().dropna() >= -1e-12).all()
    assert (per_plan.last() > per_plan.first()).mean() > 0.8
    flat = build_world(sim.config([*ONE_REP, *NO_NEED_NOISE]), 0)
    assert (flat.course.need_multiplier == 1.0).all()


# ---- substitutes ---------------------------------------------------------------------------------

SUBS = [*ONE_REP, "scenario.stress.sick_start_probability=0.1"]


@pytest.mark.parametrize("fill", [0.0, 1.0])
def test_substitutes_fill_absences_only_when_allowed(seeded_run, fill):
    res = seeded_run([*SUBS, f"scenario.staffing.substitute_fill_probability={fill}"])
    sd, s = res.events["staff_days"], res.shifts
    assert (sd["status"] == "sick").sum() > 0
    subs = s[s["kind"] == "substitute"]
    if fill == 0:
        assert subs.empty
    else:
        assert len(subs) > 0
        world = build_world(sim.config(SUBS), 0)
        pool = set(world.districts[0].substitutes)
        assert set(subs["caregiver_id"]) <= pool
        assert (subs.groupby(["model", "day"]).size() <= len(pool)).all()
        # a substitute works the rota position (slot) of someone absent that day
        absent = sd[sd["status"].isin(["sick", "vacant"])]
        pairs = set(zip(absent["model"], absent["day"], absent["slot_id"], strict=True))
        assert all(k in pairs for k in zip(subs["model"], subs["day"], subs["slot_id"], strict=True))


def test_skilled_visits_are_only_done_by_caregivers_with_the_skill(small_results, small_worlds):
    """Includes substitutes, who hold no delegations; checked on performed visits."""
    checked = 0
    for model in MODELS:
        for rep, world in small_worlds.items():
            f = model_frames(small_results, model, rep)
            s = f["shifts"].assign(skills=skills_of(world, f["shifts"]))
            held = dict(zip(zip(s["caregiver_id"], s["day"], strict=True), s["skills"], strict=True))
            p = performer_rows(f["visits"])
            for r in p.itertuples():
                need = world.clients[r.client_id].plans[r.planned_visit].skills
                if need:
                    assert need <= held[(r.cg, r.day)], (model, rep, r.cg, r.day, need)
                    checked += 1
    assert checked > 0


# ---- mutual help, logging, meetings -------------------------------------------------------------


def test_mutual_help_hands_visits_over(small_results):
    v, s = small_results.visits, small_results.shifts
    t = v[v["model"] == "trust"]
    assert t["handed_over"].sum() > 0
    done = t[t["handed_over"] & ~t["missed"]]
    assert len(done) > 0
    assert not done["double"].any(), "double visits are never handed over"
    ts = s[s["model"] == "trust"]
    assert ts["handed_out"].sum() == ts["handed_in"].sum() >= t["handed_over"].sum()
    # the minute model has no mutual help
    assert not v[v["model"] == "minute"]["handed_over"].any()
    assert s[s["model"] == "minute"][["handed_out", "handed_in"]].sum().sum() == 0


def test_handed_over_visits_do_not_come_back(small_results):
    t = small_results.visits[small_results.visits["model"] == "trust"]
    done = t[t["handed_over"] & ~t["missed"]]
    assert len(done) > 0
    back = done[done["caregiver_id"] == done["scheduled_caregiver_id"]]
    assert back.empty, (
        f"{len(back)} of {len(done)} handed-over visits were done by the caregiver who gave them away"
    )


def test_a_handed_over_visit_is_planned_anew_from_the_hand_over(small_results):
    """The teammate's estimated start at the hand-over becomes the planned start, so lateness
    against the plan is not charged to the visit's new caregiver for the old plan."""
    v = small_results.visits
    act = small_results.events["activities"]
    t = v[(v["model"] == "trust") & v["handed_over"] & ~v["missed"]]
    taken = act[(act["model"] == "trust") & (act["kind"] == "handover_in")]
    when = taken.set_index(["replication", "visit_uid"])["start"]
    at = when.reindex(pd.MultiIndex.from_frame(t[["replication", "visit_uid"]])).to_numpy()
    assert len(t) > 0 and not np.isnan(at).any()
    assert (t["planned_start"].to_numpy() >= at - 1e-9).all()
    assert (t["planned_start"] >= t["window_start"]).all()


def _helper_units(res: sim.Results) -> pd.DataFrame:
    """Handed-over trust visits with the unit of the caregiver who made them."""
    v, s = res.visits, res.shifts
    t = v[(v["model"] == "trust") & v["handed_over"] & ~v["missed"]]
    crew = s[s["model"] == "trust"][["replication", "day", "caregiver_id", "unit"]]
    return t.merge(crew, on=["replication", "day", "caregiver_id"], suffixes=("", "_helper"))


def test_help_across_teams_only_when_allowed(seeded_run):
    """``execution.help_across_teams``: off (the default) and without the small crews' help from
    neighbouring teams (tests/test_team_relief.py), every handed-over visit stays in its team (a
    lent caregiver works for the borrowing team that day); on, some go to another team of the
    district, and only when no teammate could take them."""
    off = _helper_units(seeded_run([*ONE_REP, "models.trust.execution.help_across_teams_crew_max=0"]))
    assert len(off) > 0 and (off["unit"] == off["unit_helper"]).all()
    on = _helper_units(seeded_run([*ONE_REP, "models.trust.execution.help_across_teams=true"]))
    assert (on["unit"] != on["unit_helper"]).sum() > 0


def test_no_handovers_without_mutual_help(seeded_run):
    res = seeded_run([*SMALL, "models.trust.execution.mutual_help=false"])
    assert not res.visits["handed_over"].any()
    assert res.shifts[["handed_out", "handed_in"]].sum().sum() == 0


@pytest.mark.parametrize("log", [0.0, 2.5])
def test_logging_minutes_appear_as_admin(seeded_run, log):
    res = seeded_run(
        [
            *ONE_REP,
            f"models.minute.overheads.logging_min_per_visit={log}",
            f"models.trust.overheads.logging_min_per_visit={log}",
        ]
    )
    s = res.shifts
    np.testing.assert_allclose(s["admin_min"], log * s["visits"], atol=1e-9)
    if log > 0:
        assert s["admin_min"].sum() > 0
    share = res.summary.set_index(["model", "metric"])["mean"]
    for model in MODELS:
        assert (share[(model, "admin_time_share")] > 0) == (log > 0)


def test_default_logging_only_in_the_minute_model(small_cfg, small_results):
    s = small_results.shifts
    m, t = s[s["model"] == "minute"], s[s["model"] == "trust"]
    log = small_cfg.models["minute"].overheads.logging_min_per_visit
    assert log > 0 and small_cfg.models["trust"].overheads.logging_min_per_visit == 0
    assert m["admin_min"].sum() > 0 and (m["admin_min"] == m["visits"] * log).all()
    assert (t["admin_min"] == 0).all()


def test_daily_meeting_only_in_trust(small_cfg, small_results):
    s = small_results.shifts
    trust_meeting = small_cfg.models["trust"].overheads.daily_meeting_min
    assert trust_meeting > 0
    assert (s[s["model"] == "trust"]["meeting_min"] == trust_meeting).all()
    assert (s[s["model"] == "minute"]["meeting_min"] == 0).all()
    share = small_results.summary.set_index(["model", "metric"])["mean"]
    assert share[("minute", "meeting_time_share")] == 0 < share[("trust", "meeting_time_share")]


def test_meeting_length_is_a_parameter(seeded_run):
    res = seeded_run(
        [
            *ONE_REP,
            "models.minute.overheads.daily_meeting_min=15",
            "models.trust.overheads.daily_meeting_min=0",
        ]
    )
    s = res.shifts
    assert (s[s["model"] == "minute"]["meeting_min"] == 15).all()
    assert (s[s["model"] == "trust"]["meeting_min"] == 0).all()
    # nobody starts a visit during the meeting
    v = res.visits
    done = v[~v["missed"] & (v["model"] == "minute")]
    starts = s[s["model"] == "minute"].set_index(["caregiver_id", "day"])["start"]
    first = done.groupby(["caregiver_id", "day"])["actual_start"].min()
    assert (first >= starts.reindex(first.index) + 15 - 1e-9).all()


# ---- reassessment ----------------------------------------------------------------------------

REASSESS = [
    "compare=[minute]",
    "replications=1",
    "horizon_days=28",
    "warmup_days=0",
    "scenario.districts.centrum.n_clients=30",
    "scenario.clients.need.client_factor_sigma=0.5",
    "scenario.staffing.capacity_factor=2",
    "scenario.alarms.holder_share=0",
    "models.minute.reassessment.window_days=7",
    "models.minute.reassessment.delay_days=3",
    # start from the standard grants so the reassessments of the run are what is seen
    "models.minute.reassessment.start_settled=false",
    "models.minute.reassessment.threshold=1.0",
]


def test_reassessment_raises_grants_after_the_delay(seeded_run):
    res = seeded_run(REASSESS)
    cfg = sim.config(REASSESS)
    ra = cfg.models["minute"].reassessment
    review = getattr(ra, "review_every_days", 7)
    first_review = next(d for d in range(ra.window_days, 100) if d % review == 0)
    v = res.visits.assign(f=lambda d: d["allotted_min"] / d["standard_min"])
    early = v[v["day"] < first_review + ra.delay_days]
    late = v[v["day"] >= first_review + ra.delay_days]
    np.testing.assert_allclose(early["f"], 1.0)
    assert (late["f"] > 1.0 + 1e-9).any(), "no grant was raised"
    assert late["f"].max() <= ra.max_factor + 1e-12
    # grants only go up, and more of them over time
    per_plan = v.sort_values("day").groupby(["client_id", "planned_visit"])["f"]
    assert (per_plan.diff().dropna() >= -1e-12).all()
    last_week = v[v["day"] >= v["day"].max() - 6]["f"].mean()
    first_week_after = v[
        (v["day"] >= first_review + ra.delay_days) & (v["day"] < first_review + ra.delay_days + 7)
    ]["f"].mean()
    assert last_week > first_week_after > 1.0


def test_no_reassessment_when_disabled(seeded_run):
    res = seeded_run([*REASSESS, "models.minute.reassessment.enabled=false"])
    v = res.visits
    np.testing.assert_allclose(v["allotted_min"], v["standard_min"])


def test_trust_allotment_learns_the_need(seeded_run):
    """allotted = the team's estimate when the day is planned (midnight): the standard time,
    moved by learning_rate towards the need of every visit finished before then (judged without
    error here; test_knobs checks the judgement error)."""
    overrides = [*ONE_REP, "compare=[trust]", "models.trust.planning.need_judgement_cv=0"]
    res = seeded_run(overrides)
    cfg = sim.config(overrides)
    lr = cfg.models["trust"].planning.learning_rate
    log = cfg.models["trust"].overheads.logging_min_per_visit
    v = res.visits
    moved = 0
    for _, g in v.groupby(["client_id", "planned_visit"]):
        done = g[~g["missed"]].sort_values("end")
        fin, needs = (done["end"] + log).to_numpy(), done["need_min"].to_numpy()
        for r in g.itertuples():
            est = r.standard_min
            for x in needs[fin < r.day * 1440]:
                est += lr * (x - est)
            assert r.allotted_min == pytest.approx(est, rel=1e-9, abs=1e-9), (
                r.client_id,
                r.planned_visit,
                r.day,
            )
            moved += abs(est - r.standard_min) > 1e-6
    assert moved > 0


# ---- alarms -----------------------------------------------------------------------------------


# every client holds an alarm and calls about once a day, one alarm unit per district: the unit
# is often busy, so team members are often the first who can arrive
BUSY_ALARMS = [
    *SMALL,
    "scenario.alarms.holder_share=1",
    "scenario.alarms.responders_per_district=1",
    *[f"scenario.clients.care_levels.{i}.alarm_calls_per_day=1.0" for i in range(4)],
]


def test_team_answers_alarms_only_in_the_team_model(seeded_run):
    small_cfg = sim.config(BUSY_ALARMS)
    res = seeded_run(BUSY_ALARMS)
    s, a = res.shifts, res.events["alarms"]
    assert small_cfg.models["trust"].execution.alarms_answered_by == "team"
    assert small_cfg.models["minute"].execution.alarms_answered_by == "alarm_unit"
    assert s[s["model"] == "trust"]["alarms_answered"].sum() > 0
    assert s[s["model"] == "minute"]["alarms_answered"].sum() == 0
    assert (a[a["model"] == "minute"]["responder"] != "team").all()  # unanswered at the end: ""
    team = a[a["responder"] == "team"]
    al = small_cfg.scenario.alarms
    day_start, night_start = (
        (clock_to_min(al.day_start), clock_to_min(al.night_start))
        if hasattr(al, "day_start")
        else (420, 1320)
    )
    tod = team["call_time"] % 1440
    assert ((tod >= day_start) & (tod < night_start)).all(), "the night always goes to the alarm unit"
    night = a[
        (a["model"] == "trust")
        & ~((a["call_time"] % 1440 >= day_start) & (a["call_time"] % 1440 < night_start))
    ]
    assert len(night) > 0 and (night["responder"] != "team").all()


def test_alarm_unit_answers_everything_when_chosen(seeded_run):
    res = seeded_run([*ONE_REP, "models.trust.execution.alarms_answered_by=alarm_unit"])
    assert res.shifts["alarms_answered"].sum() == 0
    assert (res.events["alarms"]["responder"] == "alarm_unit").all()


def test_no_team_member_answers_when_an_idle_alarm_unit_is_there_at_once(seeded_run):
    """``alarm_rule=first_to_arrive``: with the unit's drive not counted and a responder always
    free, the unit arrives at the call's time, which no caregiver beats; the old rule
    (``within_guarantee``) sends team members all the same."""
    unit_at_once = [
        *SMALL,
        "scenario.alarms.include_travel=false",
        "scenario.alarms.responders_per_district=50",
    ]
    first = seeded_run(unit_at_once).events["alarms"]
    assert (first["responder"] == "alarm_unit").all()
    old = seeded_run([*unit_at_once, "models.trust.execution.alarm_rule=within_guarantee"]).events["alarms"]
    assert (old["responder"] == "team").sum() > 0


def test_first_to_arrive_sends_team_members_only_ahead_of_the_unit(seeded_run):
    """With the unit's drive from its base counted, a team member nearby answers; the mean
    response is no worse than the alarm unit's alone on the same calls (common random numbers)."""
    team = seeded_run(BUSY_ALARMS).events["alarms"]
    unit = seeded_run([*BUSY_ALARMS, "models.trust.execution.alarms_answered_by=alarm_unit"]).events["alarms"]
    t, u = team[team["model"] == "trust"], unit[unit["model"] == "trust"]
    assert (t["responder"] == "team").sum() > 0
    assert t["response_min"].mean() <= u["response_min"].mean() + 1e-9


def test_team_answers_alarms_within_the_guarantee(seeded_run):
    """``alarm_rule=within_guarantee``: a team member answers only if expected there within the
    guarantee."""
    res = seeded_run(
        [
            *SMALL,
            "scenario.districts.centrum.n_clients=60",
            "scenario.districts.centrum.geography.travel_noise_cv=0",
            "models.trust.execution.alarm_rule=within_guarantee",
        ]
    )
    a = res.events["alarms"]
    team = a[a["responder"] == "team"]
    assert len(team) > 0
    guarantee = sim.config(SMALL).scenario.alarms.guarantee_min
    # the member is chosen on what is known when the call comes (planning travel, allotted
    # times): a visit that runs over can still make an answer late, but only now and then
    over = team[team["response_min"] > guarantee + 1e-6]
    assert len(over) <= 0.1 * len(team), (
        f"{len(over)} of {len(team)} team answers late; worst {team['response_min'].max():.0f} min"
    )
    assert team["response_min"].median() <= guarantee


# ---- planning -------------------------------------------------------------------------------


def _plan_day(overrides, model="minute", day=None, skills=None):
    """Plan one day of the first unit with the real dispatcher on a real world's crew."""
    cfg = sim.config(overrides)
    world = build_world(cfg, 0)
    mr = model_run(world, model, cfg.models[model])
    unit = mr.org.units[0]
    day = world.warmup_days if day is None else day
    crew = []
    for sid in unit.slots:
        slot = mr.slots[sid]
        if mr.rostered(slot, day):
            held = slot.skills if skills is None else skills(slot)
            crew.append(mr.make_run(mr.persons[sid], slot, day, held))
    visits = mr._visits(unit, day)
    missed = []
    dispatch(visits, crew, mr.plan_travel(unit.district, day), DispatchWeights(), None, 0.0, missed.append)
    return visits, crew, missed


def _planned_to(crew):
    return {id(v): r for r in crew for v in r.queue if hasattr(v, "plan")}


def test_dispatcher_honours_skills():
    overrides = [*ONE_REP, "scenario.districts.centrum.n_clients=60"]
    visits, crew, missed = _plan_day(overrides)
    skilled = [v for v in visits if "delegation" in v.skills]
    assert skilled, "the day should have insulin visits"
    # give the delegation to exactly one day caregiver and one evening caregiver
    chosen = {}
    for r in crew:
        chosen.setdefault(r.shift, r.slot.id)
    visits, crew, missed = _plan_day(
        overrides, skills=lambda s: frozenset({"delegation"}) if s.id in chosen.values() else frozenset()
    )
    skilled = [v for v in visits if "delegation" in v.skills]
    for v in skilled:
        if v in missed:
            continue
        owners = [r for r in crew if v in r.queue]
        # one skilled caregiver is enough; a double visit may bring an unskilled partner
        assert owners and any(r.slot.id in chosen.values() for r in owners)
        if v.double:
            assert v in missed or len(owners) == 2
    # nobody holds it: every such visit is cancelled at planning, nothing else is
    visits, crew, missed = _plan_day(overrides, skills=lambda s: frozenset())
    skilled = [v for v in visits if v.skills]
    assert skilled and all(v in missed for v in skilled)
    assert not any(v in r.queue for v in skilled for r in crew)


def test_dispatcher_plans_inside_windows_when_capacity_is_ample():
    visits, crew, missed = _plan_day(
        [*ONE_REP, "scenario.staffing.capacity_factor=3", "scenario.staffing.skill_shares.delegation=1"]
    )
    assert not missed
    for v in visits:
        assert v.earliest - 1e-9 <= v.planned_start <= v.latest + 1e-9
        owners = [r for r in crew if v in r.queue]
        assert len(owners) == (2 if v.double else 1)
        assert len({r.person.id for r in owners}) == len(owners)
        assert v.planned == [r.person.id for r in owners] or sorted(v.planned) == sorted(
            r.person.id for r in owners
        )
        assert all(r.shift == v.plan.shift for r in owners)
    # each caregiver's route is in time order and gets its break
    for r in crew:
        starts = [t.planned_start for t in r.queue if hasattr(t, "plan")]
        assert starts == sorted(starts)
        assert sum(not hasattr(t, "plan") for t in r.queue) == 1


def test_planned_starts_in_windows_in_a_run_with_ample_staff(seeded_run):
    res = seeded_run([*ONE_REP, "scenario.staffing.capacity_factor=3"])
    v = res.visits
    planned = v[v["scheduled_caregiver_id"] >= 0]
    assert len(planned) > 0
    assert (planned["planned_start"] >= planned["window_start"] - 1e-9).all()
    inside = planned["planned_start"] <= planned["window_end"] + 1e-9
    # the district pool always fits; a small team (at 3x staff, teams of 8 have ~2 people on a
    # day shift) can still be caught by its own morning peak now and then
    assert inside[planned["model"] == "minute"].all()
    assert inside[planned["model"] == "trust"].mean() > 0.995
