"""Every behaviour parameter moves the metric it exists for, in paired runs on one world.

Each test compares runs that differ in one knob only (same seed, same scenario, so
the same clients, needs, absences and travel noise) and asserts the direction the
parameter's help text (``sim/config/schema_*.py``) or ``docs/model.md`` documents.
The knob is turned while the *other* knobs keep their model's default, non-zero
values: a bonus that silently stops applying when another weight is positive, or a
parameter the engine reads from a hard-coded default, fails here even though the
model-vs-model direction tests still hold.

Runs are small (40 clients, 2 warm-up and 5 measured days, one model, one
replication) and shared through a module cache; where a small effect could flip
with noise the knob is set to an extreme value instead of loosening the assertion.
Configs are composed with Hydra once per base scenario and the knob is then set on
a copy of the checked :class:`~sim.config.RunConfig` and re-validated
(:func:`sim.config.validate`), which keeps composition out of the runtime budget.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from simhelpers import expected_strain, performer_rows, shift_relief

import sim
from sim.config import RunConfig, validate
from sim.organisation import organise
from sim.policies.execution import stay_minutes
from sim.world.build import build_world

WARMUP = 2
SMALL = [
    "replications=1",
    "horizon_days=5",
    f"warmup_days={WARMUP}",
    "scenario.districts.centrum.n_clients=40",
    "output.record_activities=false",
]
# teams of 8 on this 50-client world: three teams, so lending and hand-overs between teams happen
# and without judgement errors, which would hide the small effects of single knobs on it
TRUST = (
    *SMALL,
    "compare=[trust]",
    "models.trust.organisation.team_size=8",
    "models.trust.planning.need_judgement_cv=0",
)
MINUTE = (*SMALL, "compare=[minute]", "models.minute.reassessment.assessment_error_cv=0")
# one day from day 0: enough for what the plan of the first day shows (grants, costs)
DAY0 = (
    "replications=1",
    "horizon_days=1",
    "warmup_days=0",
    "scenario.districts.centrum.n_clients=40",
    "output.record_activities=false",
    "compare=[minute]",
)
# short-staffed with a one-day stress memory and high base rates, so that stress-driven
# sick spells and quits are many even in 8 days
STRESS = (
    "replications=1",
    "horizon_days=6",
    f"warmup_days={WARMUP}",
    "scenario.districts.centrum.n_clients=40",
    "output.record_activities=false",
    "compare=[trust]",
    "scenario.metrics.min_days_for_rates=1",  # the rates are the point, over few days
    "scenario.staffing.capacity_factor=0.8",
    "scenario.stress.memory_days=1",
    "scenario.stress.sick_start_probability=0.05",
    "scenario.stress.turnover_per_year=0.5",
    # so that missed breaks (and their strain weight) occur
    "models.trust.execution.skip_break_when_behind_min=0",
)

Run = Callable[..., sim.Results]


# ---- runs -------------------------------------------------------------------------------------


@cache
def _composed(base: tuple[str, ...]) -> RunConfig:
    return sim.config(list(base))


def _set(cfg: RunConfig, key: str, value: Any) -> None:
    """Set dotted ``key`` (as in a Hydra override) on a RunConfig; unknown keys raise."""
    *path, last = key.split(".")
    obj: Any = cfg
    for part in path:
        obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
    if isinstance(obj, dict):
        if last not in obj:
            raise KeyError(key)
        obj[last] = value
    else:
        if not hasattr(obj, last):
            raise KeyError(key)
        setattr(obj, last, value)


def knob_config(base: tuple[str, ...], knobs: tuple[str, ...]) -> RunConfig:
    """The checked config of ``base`` with ``knobs`` ("dotted.key=value") applied on top."""
    cfg = copy.deepcopy(_composed(base))
    for item in knobs:
        key, raw = item.split("=", 1)
        _set(cfg, key, yaml.safe_load(raw))
    validate(cfg)
    return cfg


@pytest.fixture(scope="module")
def runs() -> Run:
    """``runs(base, *knobs)``: the results of ``base`` with ``knobs``, simulated once per module."""
    cache_: dict[tuple[tuple[str, ...], tuple[str, ...]], sim.Results] = {}

    def get(base: tuple[str, ...], *knobs: str) -> sim.Results:
        key = (base, knobs)
        if key not in cache_:
            cache_[key] = sim.run(cfg=knob_config(base, knobs), n_jobs=1)
        return cache_[key]

    return get


def trust(runs: Run, *knobs: str) -> sim.Results:
    """The trust model on the small world, with ``models.trust.<knob>`` settings."""
    return runs(TRUST, *(f"models.trust.{k}" for k in knobs))


def minute(runs: Run, *knobs: str) -> sim.Results:
    """The minute model on the small world, with ``models.minute.<knob>`` settings."""
    return runs(MINUTE, *(f"models.minute.{k}" for k in knobs))


def minute_greedy(runs: Run, *knobs: str) -> sim.Results:
    """The minute model planned by the greedy dispatcher (``planning.router=greedy``): for the
    dispatcher's own weights, which the optimiser does not read."""
    return minute(runs, "planning.router=greedy", *knobs)


# ---- what the runs show -------------------------------------------------------------------------


def paired(*results: sim.Results) -> None:
    """The runs saw the same world: the same planned visits with the same base need."""
    key = ["client_id", "day", "planned_visit"]
    ref = results[0].visits.sort_values(key)[[*key, "base_need_min"]].reset_index(drop=True)
    for res in results[1:]:
        other = res.visits.sort_values(key)[[*key, "base_need_min"]].reset_index(drop=True)
        pd.testing.assert_frame_equal(ref, other)


def metric(res: sim.Results, name: str) -> float:
    """One metric of a one-model, one-replication run."""
    m = res.metrics
    assert m["model"].nunique() == 1 and m["replication"].nunique() == 1
    return float(m.loc[m["metric"] == name, "value"].iloc[0])


def cost(res: sim.Results, component: str) -> float:
    c = res.costs
    return float(c.loc[c["component"] == component, "sek"].iloc[0])


def measured(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["day"] >= WARMUP]


def done_visits(res: sim.Results) -> pd.DataFrame:
    v = measured(res.visits)
    return v[~v["missed"]]


def staff_per_client(res: sim.Results) -> float:
    """Distinct caregivers per client over the measured days."""
    return float(performer_rows(measured(res.visits)).groupby("client_id")["cg"].nunique().mean())


def staff_per_client_day(res: sim.Results) -> float:
    """Distinct caregivers per client and day."""
    p = performer_rows(measured(res.visits))
    return float(p.groupby(["client_id", "day"])["cg"].nunique().mean())


def known_share(res: sim.Results) -> float:
    """Share of measured (visit, caregiver) pairs where the caregiver had been to the client before."""
    p = performer_rows(res.visits).sort_values(["actual_start", "role"])
    seen: set[tuple[int, int]] = set()
    known = []
    for cg, client in zip(p["cg"], p["client_id"], strict=True):
        known.append((cg, client) in seen)
        seen.add((cg, client))
    return float(np.asarray(known)[(p["day"] >= WARMUP).to_numpy()].mean())


def planned_load_cv(res: sim.Results) -> float:
    """How unevenly the plan loads the crew: mean over (day, shift type) of the coefficient of
    variation of allotted minutes planned per caregiver (as planned, before any handover)."""
    s = measured(res.shifts)
    v = measured(res.visits)
    v = v[v["scheduled_caregiver_id"] >= 0]
    load = v.groupby(["day", "scheduled_caregiver_id"])["allotted_min"].sum()
    at = pd.MultiIndex.from_arrays([s["day"], s["caregiver_id"]])
    s = s.assign(load=load.reindex(at).fillna(0.0).to_numpy())
    g = s.groupby(["day", "shift"])["load"]
    return float((g.std() / g.mean()).mean())


def planned_lateness_min(res: sim.Results) -> float:
    """Minutes by which planned starts fall after the visit windows."""
    v = measured(res.visits)
    return float((v["planned_start"] - v["window_end"]).clip(lower=0).sum())


def travel_km(res: sim.Results) -> float:
    return float(measured(res.shifts)["travel_km"].sum())


def need_ratio(res: sim.Results) -> float:
    """Mean need / base need: the familiarity extra of the visits performed."""
    d = done_visits(res)
    return float((d["need_min"] / d["base_need_min"]).mean())


def lent_shifts(res: sim.Results, base: tuple[str, ...], *knobs: str) -> int:
    """Shifts worked for another unit than the one the slot belongs to."""
    cfg = knob_config(base, tuple(f"models.trust.{k}" for k in knobs))
    home = organise(build_world(cfg, 0), cfg.models["trust"].organisation).unit_of_slot
    s = measured(res.shifts)
    return int((s["slot_id"].map(home) != s["unit"]).sum())


# ---- planning credits: continuity, contact person, same client ---------------------------------


@pytest.mark.parametrize("continuity", ["default", "0"])
def test_contact_person_bonus_raises_contact_person_share(runs, continuity):
    """``planning.contact_person_bonus_min`` ("extra planner credit for the client's contact
    person") raises ``contact_person_share`` — with the trust default
    ``continuity_weight_min`` (45) also crediting who knows the client, and with it at 0."""
    cw = () if continuity == "default" else (f"planning.continuity_weight_min={continuity}",)
    with_bonus = trust(runs, *cw)
    without = trust(runs, *cw, "planning.contact_person_bonus_min=0")
    paired(with_bonus, without)
    on, off = metric(with_bonus, "contact_person_share"), metric(without, "contact_person_share")
    assert on > off * 1.2, (continuity, on, off)


@pytest.mark.parametrize("continuity", ["default", "0"])
def test_contact_person_bonus_reaches_the_base_schedule(runs, continuity):
    """A minute-controlled hybrid with a contact-person bonus (100) under
    ``strategy=base_schedule``: the bonus raises ``contact_person_share`` whether or not the
    planners also credit familiarity. The base schedule's 150-minute slot credit decides the
    daily patch, so the bonus has to be in the base schedule itself — it once was only when
    ``continuity_weight_min`` > 0 (the masked-knob bug this pins)."""
    cw = () if continuity == "default" else (f"planning.continuity_weight_min={continuity}",)
    with_bonus = minute(runs, *cw, "planning.contact_person_bonus_min=100")
    without = minute(runs, *cw, "planning.contact_person_bonus_min=0")
    paired(with_bonus, without)
    on, off = metric(with_bonus, "contact_person_share"), metric(without, "contact_person_share")
    assert on > 2 * off, (continuity, on, off)


@pytest.mark.parametrize("bonus", ["default", "0"])
def test_continuity_weight_raises_continuity(runs, bonus):
    """``planning.continuity_weight_min`` ("planner credit for a caregiver who knows the
    client") means fewer distinct caregivers per client and more visits by someone who has
    been there before — with the trust contact-person bonus on (20) and off."""
    cb = () if bonus == "default" else (f"planning.contact_person_bonus_min={bonus}",)
    on = trust(runs, *cb)
    off = trust(runs, *cb, "planning.continuity_weight_min=0")
    paired(on, off)
    assert staff_per_client(on) < staff_per_client(off), (staff_per_client(on), staff_per_client(off))
    assert known_share(on) > known_share(off)
    # and the familiarity extra time it saves (MODEL.md §2: continuity ties to efficiency)
    assert need_ratio(on) < need_ratio(off)


def test_minute_continuity_weight_raises_continuity_alongside_the_base_schedule(runs):
    """The minute planners' small ``continuity_weight_min`` (40) still counts next to the base
    schedule's 150-minute slot credit: without it clients meet more caregivers. The
    contact-person credit (20) is off in both: it rides on the same affinity, and on this small
    world it alone keeps clients with their day-shift contact person whether or not the
    planners credit familiarity."""
    no_bonus = "planning.contact_person_bonus_min=0"
    on, off = minute(runs, no_bonus), minute(runs, no_bonus, "planning.continuity_weight_min=0")
    paired(on, off)
    assert staff_per_client(on) < staff_per_client(off)
    assert known_share(on) > known_share(off)


@pytest.mark.parametrize("model", ["trust", "minute"])
def test_same_client_weight_lowers_caregivers_per_client_and_day(runs, model):
    """``planning.same_client_weight_min`` ("planner credit for giving a client's visits of a
    day to a caregiver who already has one") lowers distinct caregivers per client-day.

    The trust teams plan without the small crews' help from a neighbouring team
    (help_across_teams_crew_max=0): on this world's teams of 8 most evening and weekend crews are
    of three or fewer, and a caregiver given all of a client's visits falls behind and hands some
    to a neighbouring team's caregiver, a new face that day, so the help masks the planner's
    credit (2.371 with it against 2.344 without the credit; 2.177 against 2.215 without the help)."""
    run = trust if model == "trust" else minute
    base = ("execution.help_across_teams_crew_max=0",) if model == "trust" else ()
    on, off = run(runs, *base), run(runs, *base, "planning.same_client_weight_min=0")
    paired(on, off)
    assert staff_per_client_day(on) < staff_per_client_day(off) - 0.02


def test_base_schedule_keeps_clients_with_their_slots(runs):
    """``strategy=base_schedule`` with ``base_schedule_weight_min`` ("planner credit for keeping
    a visit with the slot that holds it in the base schedule") gives fewer distinct staff per
    client than planning each day afresh, with the optimiser (the minute model's router).

    With the greedy router it does not (docs/model.md, known issues: on the default world
    12.10 distinct staff per 14 days against 11.46 planned afresh), so only its inertness
    without weight is pinned (below)."""
    base, other = minute(runs), minute(runs, "planning.strategy=daily")
    paired(base, other)
    assert staff_per_client(base) < staff_per_client(other) - 0.2


def test_greedy_base_schedule_without_weight_is_planning_afresh(runs):
    """With no weight the greedy base schedule is inert: the very plan of planning each day afresh."""
    other = minute_greedy(runs, "planning.base_schedule_weight_min=0")
    daily = minute_greedy(runs, "planning.strategy=daily")
    pd.testing.assert_frame_equal(other.visits, daily.visits)


# ---- planning costs: buffer, delay, travel, idle, lateness, deferrable -------------------------


@pytest.mark.parametrize(
    ("model", "share"), [("minute", "0.3"), ("minute_optimiser", "0.3"), ("trust", "0.5")]
)
def test_buffer_spreads_the_planned_load(runs, model, share):
    """``planning.buffer_share`` ("share of each shift left unplanned for the unexpected") is
    kept by charging ``over_capacity_weight`` for load above (1 − buffer) × the plannable
    time, so the plan spreads the work: the planned load per caregiver varies less.

    The optimiser (the minute model's default router) keeps it as a shorter nominal route
    length (issue 25: it used to ignore the buffer). The direct consequence is tested because
    the downstream one is not clear-cut on this world: a buffer here does not lower overtime
    or late visits (in the minute model 0.3 raises both, as work spread to more caregivers
    costs continuity and travel).
    """
    run = {"trust": trust, "minute": minute_greedy, "minute_optimiser": minute}[model]
    none, buffered = run(runs, "planning.buffer_share=0"), run(runs, f"planning.buffer_share={share}")
    paired(none, buffered)
    assert planned_load_cv(buffered) < planned_load_cv(none) * 0.95, (
        planned_load_cv(buffered),
        planned_load_cv(none),
    )


def test_delay_weight_balances_routes(runs):
    """``planning.delay_weight`` ("planner cost per minute a visit starts after its window
    opens (spreads work)", tuned "so routes are balanced across the crew"): without it the
    planned load is much more uneven."""
    on, off = minute_greedy(runs), minute_greedy(runs, "planning.delay_weight=0")
    paired(on, off)
    assert planned_load_cv(off) > planned_load_cv(on) * 1.1


@pytest.mark.parametrize(
    ("model", "low", "high"), [("minute", "0", None), ("trust", "0", "5")], ids=["minute", "trust"]
)
def test_travel_weight_cuts_travel(runs, model, low, high):
    """``planning.travel_weight`` ("planner cost per minute of travel"): a higher weight gives
    routes with fewer kilometres — in the trust model too, against its continuity,
    contact-person and same-client credits."""
    run = trust if model == "trust" else minute_greedy
    lo = run(runs, f"planning.travel_weight={low}")
    hi = run(runs, *([f"planning.travel_weight={high}"] if high else []))
    paired(lo, hi)
    assert travel_km(hi) < travel_km(lo) * 0.99, (travel_km(hi), travel_km(lo))


def test_idle_weight_cuts_waiting_for_windows(runs):
    """``planning.idle_weight`` ("planner cost per minute of waiting"): with a high weight
    trust caregivers spend fewer minutes waiting for a visit window to open (read from
    the activity records, so these two runs record them)."""

    def wait_min(res: sim.Results) -> float:
        a = measured(res.events["activities"])
        w = a[a["kind"] == "wait"]
        return float((w["end"] - w["start"]).sum())

    act = "output.record_activities=true"
    lo = runs(TRUST, act, "models.trust.planning.idle_weight=0")
    hi = runs(TRUST, act, "models.trust.planning.idle_weight=5")
    paired(lo, hi)
    # on the default district over 14 days the weight cuts waiting by 12% (14,037 -> 12,347 min);
    # on this small world by less, so only the direction is pinned
    assert wait_min(hi) < wait_min(lo), (wait_min(hi), wait_min(lo))


def test_late_weight_keeps_planned_starts_inside_windows(runs):
    """``planning.late_weight`` ("planner cost per minute a visit is planned after its window"):
    the greedy dispatcher without it plans more late starts — and the by-hand repair then
    takes each of them out and fits it in on time where anyone can make it, so the day's
    plan ends up no later than with the weight."""
    on, off = minute_greedy(runs), minute_greedy(runs, "planning.late_weight=0")
    paired(on, off)
    assert planned_lateness_min(off) <= planned_lateness_min(on) + 1.0


def test_deferrable_threshold_decides_which_visits_may_be_cancelled(runs):
    """``planning.deferrable_below_essential_share`` ("a visit whose essential share is below
    this may be cancelled when nobody can make it"): 0 makes no visit deferrable; 1 makes
    every single-staffed visit deferrable, and the planner then cancels visits rather than
    plan them late or into overtime."""
    default = minute(runs)
    none = minute(runs, "planning.deferrable_below_essential_share=0")
    every = minute(runs, "planning.deferrable_below_essential_share=1")
    paired(default, none, every)
    share = {k: float(measured(r.visits)["deferrable"].mean()) for k, r in [("0", none), ("d", default)]}
    v_all = measured(every.visits)
    assert share["0"] == 0.0 < share["d"] < float(v_all["deferrable"].mean())
    assert not (v_all["deferrable"] & v_all["double"]).any()
    missed = {k: metric(r, "missed_visit_share") for k, r in [("d", default), ("all", every)]}
    assert missed["all"] > missed["d"], missed
    assert planned_lateness_min(every) <= planned_lateness_min(default)


# ---- organisation --------------------------------------------------------------------------------


def test_teams_shrink_the_pool_each_client_meets(runs):
    """``organisation.unit`` ("one staff pool per district, or small geographic teams") and
    ``team_size`` ("caregivers per team"): trust with one district pool has one unit and
    more caregivers per client; smaller teams give more units and fewer."""
    teams, pool = trust(runs), trust(runs, "organisation.unit=district")
    small = trust(runs, "organisation.team_size=4")
    paired(teams, pool, small)
    units = {k: measured(r.shifts)["unit"].nunique() for k, r in [("t", teams), ("p", pool), ("s", small)]}
    staff = len(build_world(knob_config(TRUST, ()), 0).districts[0].staff)
    assert units["p"] == 1 < units["t"] == round(staff / 8) < units["s"] == round(staff / 4), units
    assert staff_per_client(small) < staff_per_client(teams) < staff_per_client(pool) - 0.5


def test_lending_moves_staff_between_teams_and_saves_overtime(runs):
    """``organisation.lend_staff`` ("units of a district lend each other staff for a day when
    one is short") and ``lend_threshold`` ("lend when a unit's planned work exceeds its
    capacity by this share"): no lending means nobody works for another team and more
    unmet need; a higher threshold means fewer loans."""
    default = trust(runs)
    none = trust(runs, "organisation.lend_staff=false")
    reluctant = trust(runs, "organisation.lend_threshold=1")
    paired(default, none, reluctant)
    lent = {
        "default": lent_shifts(default, TRUST),
        "none": lent_shifts(none, TRUST, "organisation.lend_staff=false"),
        "reluctant": lent_shifts(reluctant, TRUST, "organisation.lend_threshold=1"),
    }
    assert lent["none"] == 0 < lent["reluctant"] < lent["default"], lent
    # the short team cuts care instead: lent staff do care that would go unmet (overtime moves
    # either way — lent hours are worked, cut care is not)
    assert metric(none, "unmet_need_min_per_client_week") > 1.15 * metric(
        default, "unmet_need_min_per_client_week"
    )


def test_contact_person_shift_decides_who_can_be_contact_person(runs):
    """``organisation.contact_person_shift`` ("shift type contact persons work; '' for any"):
    with day-shift contact persons no evening visit is made by the contact person; with ''
    some are."""
    day, anyone = trust(runs), trust(runs, "organisation.contact_person_shift=''")
    paired(day, anyone)
    slots = knob_config(TRUST, ()).scenario.clients.slots

    def evening_share(res: sim.Results) -> float:
        d = done_visits(res)
        evening = d["slot"].map(lambda s: slots[s].shift) == "evening"
        assert evening.sum() > 50
        return float(d.loc[evening, "is_contact_person"].mean())

    assert evening_share(day) == 0.0 < 0.05 < evening_share(anyone)


# ---- allotted time: learning and reassessment ----------------------------------------------------


def test_learned_allotment_tracks_the_need(runs):
    """``planning.allotment`` ("the granted standard time, or the team's estimate of real
    need"): learned allotted minutes are closer to the real need than standard times."""
    learned, standard = trust(runs), trust(runs, "planning.allotment=standard")
    paired(learned, standard)
    s = measured(standard.visits)
    np.testing.assert_allclose(s["allotted_min"], s["standard_min"])  # no reassessment in trust

    def error(res: sim.Results) -> float:
        d = done_visits(res)
        return float((d["allotted_min"] - d["need_min"]).abs().mean())

    assert error(learned) < error(standard) * 0.9, (error(learned), error(standard))


def test_learning_rate_one_allots_the_last_observed_need(runs):
    """``planning.learning_rate`` ("weight of the newest observed need in the team's
    estimate"): at 1 the estimate is the need of the last visit of that plan finished
    before the day was planned (judged without error: ``need_judgement_cv=0``); the estimate
    moves further from standard than at 0.2."""
    exact = "planning.need_judgement_cv=0"
    fast, default = trust(runs, "planning.learning_rate=1", exact), trust(runs, exact)
    paired(fast, default)
    v = fast.visits
    checked = 0
    for _, g in v.groupby(["client_id", "planned_visit"]):
        done = g[~g["missed"]].sort_values("end")
        fin, needs = done["end"].to_numpy(), done["need_min"].to_numpy()
        for r in g.itertuples():
            before = needs[fin < r.day * 1440]
            expected = before[-1] if before.size else r.standard_min
            assert r.allotted_min == pytest.approx(expected, rel=1e-9), (r.client_id, r.planned_visit, r.day)
            checked += before.size > 0
    assert checked > 100

    def drift(res: sim.Results) -> float:
        m = measured(res.visits)
        return float((m["allotted_min"] - m["standard_min"]).abs().mean())

    assert drift(fast) > drift(default) * 1.2


def test_need_judgement_error_is_what_the_team_learns_from(runs):
    """``planning.need_judgement_cv`` ("error of a caregiver's judgement of a visit's real
    need"): with learning_rate 1 the allotted time is the last visit's need times the judgement
    error, a mean-one factor with the configured spread; the team never sees the need itself."""
    res = trust(runs, "planning.learning_rate=1", "planning.need_judgement_cv=0.2")
    v = res.visits
    ratios = []
    for _, g in v.groupby(["client_id", "planned_visit"]):
        done = g[~g["missed"]].sort_values("end")
        fin, needs = done["end"].to_numpy(), done["need_min"].to_numpy()
        for r in g.itertuples():
            before = needs[fin < r.day * 1440]
            if before.size:
                ratios.append(r.allotted_min / before[-1])
    x = np.log(np.array(ratios))
    assert len(x) > 300
    sigma = math.sqrt(math.log1p(0.2**2))
    assert abs(x.std() - sigma) < 0.03, x.std()
    assert abs(x.mean() + sigma**2 / 2) < 0.03, x.mean()


def test_reassessment_grants_follow_enabled_settled_threshold_and_cap(runs):
    """``reassessment.*`` on the grants clients carry in (``start_settled``: "client factor ×
    need/standard above the threshold, capped"): allotted/standard is that factor on day 0;
    ``enabled=false`` or ``start_settled=false`` leave the standard; a lower ``threshold``
    raises more grants; a lower ``max_factor`` caps them. Checked with an assessor who judges
    without error (``assessment_error_cv=0``); with the default error the grants differ."""
    cfg = knob_config(DAY0, ())
    world = build_world(cfg, 0)
    ratio = cfg.scenario.clients.need.need_to_standard_ratio
    typical = {c.id: c.client_factor * ratio for c in world.clients}

    def factors(*knobs: str, exact: bool = True) -> pd.Series:
        err = ("assessment_error_cv=0",) if exact else ("assessment_error_cv=0.2",)
        res = runs(DAY0, *(f"models.minute.reassessment.{k}" for k in (*err, *knobs)))
        v = res.visits
        return (v["allotted_min"] / v["standard_min"]).groupby(v["client_id"]).first()

    def expected(threshold: float, cap: float) -> pd.Series:
        return pd.Series({c: min(cap, t) if t > threshold else 1.0 for c, t in typical.items()})

    ra = cfg.models["minute"].reassessment
    default = factors()
    low_threshold = factors("threshold=1.0")
    low_cap = factors("max_factor=1.2")
    for got, th, cap in [(default, ra.threshold, ra.max_factor), (low_threshold, 1.0, ra.max_factor)]:
        np.testing.assert_allclose(got, expected(th, cap).reindex(got.index), rtol=1e-12)
    np.testing.assert_allclose(low_cap, expected(ra.threshold, 1.2).reindex(low_cap.index), rtol=1e-12)
    assert (low_threshold > 1).sum() > (default > 1).sum() > 0
    assert low_cap.max() == pytest.approx(1.2) and default.max() > 1.2
    for off in (factors("enabled=false"), factors("start_settled=false")):
        np.testing.assert_allclose(off, 1.0)
    judged = factors(exact=False)
    assert (judged != default).mean() > 0.1 and (judged > 1).sum() > 0


# ---- execution: how long caregivers stay, cutting, breaks, help ----------------------------------


@pytest.mark.parametrize(
    ("model", "knob", "more_care"),
    [
        ("minute", "execution.overrun_share=1", True),
        ("minute", "execution.use_slack=false", False),
        ("trust", "execution.overrun_share=0", False),
        ("trust", "execution.stay_for=allotted", False),
    ],
)
def test_stay_rule_knobs_move_unmet_need(runs, model, knob, more_care):
    """The stay rule's knobs against their defaults: ``overrun_share`` ("share of allotted time
    a caregiver may run over when on time" — in the minute model even next to use_slack;
    the cap on the stay under stay_for=need) and ``use_slack`` ("stay into the slack before
    the next planned visit") give more care: fewer rushed visits, less unmet need;
    stay_for=need is what lets trust caregivers stay for the real need."""
    run = trust if model == "trust" else minute
    default, other = run(runs), run(runs, knob)
    paired(default, other)
    more, less = (other, default) if more_care else (default, other)
    assert metric(more, "rushed_visit_share") < 0.9 * metric(less, "rushed_visit_share")
    if (model, knob) != ("minute", "execution.overrun_share=1"):
        # in the optimiser's packed minute routes, running over when on time makes the next
        # visits late and cut: less is rushed and more delivered, but unmet need does not fall
        assert metric(more, "unmet_need_min_per_client_week") < metric(less, "unmet_need_min_per_client_week")
    assert done_visits(more)["delivered_min"].sum() > done_visits(less)["delivered_min"].sum()


@pytest.mark.parametrize("model", ["minute", "trust"])
def test_cutting_when_behind_trades_care_for_punctuality(runs, model):
    """``execution.cut_when_behind`` ("cut care towards the floor to catch up"): without it
    less need goes unmet but more visits start later than planned and shifts run longer.

    The trust teams work without the small crews' help from a neighbouring team
    (help_across_teams_crew_max=0): with it a crew of three or fewer that does not cut hands its
    late visits to a neighbouring team, which starts them on time, so lateness barely moves
    (behind plan 0.340 without cutting against 0.342 with; 0.317 against 0.275 without the help)
    while unmet need and overtime move as without it."""
    run = trust if model == "trust" else minute
    base = ("execution.help_across_teams_crew_max=0",) if model == "trust" else ()
    cut, no_cut = run(runs, *base), run(runs, *base, "execution.cut_when_behind=false")
    paired(cut, no_cut)
    assert metric(no_cut, "unmet_need_min_per_client_week") < metric(cut, "unmet_need_min_per_client_week")
    assert metric(no_cut, "behind_plan_share") > metric(cut, "behind_plan_share")
    if model == "trust":
        # minute routes from the optimiser rarely run into overtime either way (< 0.2 min/shift)
        assert metric(no_cut, "overtime_min_per_shift") > metric(cut, "overtime_min_per_shift")


def test_catch_up_share_sets_how_much_is_cut(runs):
    """``execution.catch_up_share`` ("share of the current lateness recovered by cutting one
    visit"): at 0.1 instead of 0.5 less care is cut and more visits start later than
    planned; the late
    visits are cut by exactly 0.1 × lateness (the stay rule with the run's value)."""
    default, gentle = minute(runs), minute(runs, "execution.catch_up_share=0.1")
    paired(default, gentle)
    assert metric(gentle, "unmet_need_min_per_client_week") < metric(
        default, "unmet_need_min_per_client_week"
    )
    assert metric(gentle, "behind_plan_share") > metric(default, "behind_plan_share")
    ex = knob_config(MINUTE, ("models.minute.execution.catch_up_share=0.1",)).models["minute"].execution
    d = gentle.visits[~gentle.visits["missed"]]
    behind = (d["actual_start"] - d["planned_start"]).clip(lower=0)
    late = d[behind > ex.behind_tolerance_min]
    assert len(late) > 20
    expected = [
        stay_minutes(ex, r.need_min, r.allotted_min, r.floor_min, b, True)
        for r, b in zip(late.itertuples(), behind[late.index], strict=True)
    ]
    np.testing.assert_allclose(late["delivered_min"], expected, rtol=1e-9, atol=1e-9)


def test_behind_tolerance_sets_when_care_is_cut(runs):
    """``execution.behind_tolerance_min`` ("lateness below which nobody cuts or asks for
    help"): a huge tolerance means nobody cuts: less unmet need, more visits later than planned."""
    default, tolerant = minute(runs), minute(runs, "execution.behind_tolerance_min=1000")
    paired(default, tolerant)
    assert metric(tolerant, "unmet_need_min_per_client_week") < 0.9 * metric(
        default, "unmet_need_min_per_client_week"
    )
    assert metric(tolerant, "behind_plan_share") > metric(default, "behind_plan_share")


def test_skip_break_threshold_drives_missed_breaks(runs):
    """``execution.skip_break_when_behind_min`` ("lateness at which a caregiver skips the meal
    break"): at 0 instead of the trust model's 45 caregivers who are behind skip breaks."""
    default, eager = trust(runs), trust(runs, "execution.skip_break_when_behind_min=0")
    paired(default, eager)
    assert metric(eager, "missed_break_share") > metric(default, "missed_break_share") + 0.05


def test_mutual_help_comes_before_cutting_care(runs):
    """``execution.mutual_help`` ("teammates with slack take over later visits"; MODEL.md §3
    "mutual help before cutting care"): without it no visit is handed over and more care
    is cut — more unmet need and more rushed visits."""
    helped, alone = trust(runs), trust(runs, "execution.mutual_help=false")
    paired(helped, alone)
    assert measured(helped.visits)["handed_over"].sum() > 0 == measured(alone.visits)["handed_over"].sum()
    assert metric(alone, "unmet_need_min_per_client_week") > 1.2 * metric(
        helped, "unmet_need_min_per_client_week"
    )
    assert metric(alone, "rushed_visit_share") > metric(helped, "rushed_visit_share")


def test_help_threshold_sets_how_often_visits_are_handed_over(runs):
    """``execution.help_threshold_min`` ("projected overrun at which a caregiver hands visits
    over"): at 0 instead of 15 many more visits change hands."""
    default, eager = trust(runs), trust(runs, "execution.help_threshold_min=0")
    paired(default, eager)
    n = {k: int(measured(r.visits)["handed_over"].sum()) for k, r in [("15", default), ("0", eager)]}
    assert n["0"] > 1.5 * n["15"] > 0, n


# ---- overheads, payment and alarm answering --------------------------------------------------


def _payment(res: sim.Results, cfg: RunConfig, basis: str, model: str) -> float:
    """Provider payment per client-month by the documented formula (docs/metrics.md)."""
    v, s = measured(res.visits), measured(res.shifts)
    done = v[~v["missed"]]
    # granted minutes: the allotted time under allotment=standard, else the standard time
    granted = "allotted_min" if cfg.models[model].planning.allotment == "standard" else "standard_min"
    minutes = {
        "allotted": done[granted].sum(),
        "logged": done["delivered_min"].sum(),
        "worked": s["paid_min"].sum(),
    }[basis]
    client_months = len(build_world(cfg, 0).clients) * cfg.horizon_days / 30.4375
    return float(minutes / 60.0 * cfg.scenario.costs.provider_rate_per_hour_sek / client_months)


def _planning_logging(cfg: RunConfig, model: str) -> float:
    c, ov = cfg.scenario.costs, cfg.models[model].overheads
    positions = build_world(cfg, 0).n_slots
    monthly = ov.planners_per_caregiver * positions * c.planner_monthly_wage_sek * (
        1 + c.employer_contribution_rate
    ) + (c.logging_system_per_caregiver_month_sek * positions if ov.logging_system else 0.0)
    return monthly * cfg.horizon_days / 30.4375


TRUST_OVERHEADS = (
    "overheads.logging_min_per_visit=2",
    "overheads.daily_meeting_min=0",
    "overheads.planners_per_caregiver=0.05",
    "overheads.logging_system=true",
    "overheads.team_leader_fte_per_team=0.5",
    "payment_basis=allotted",
)
MINUTE_OVERHEADS = (
    "overheads.logging_min_per_visit=0",
    "overheads.daily_meeting_min=10",
    "overheads.planners_per_caregiver=0",
    "overheads.logging_system=false",
    "overheads.team_leader_fte_per_team=0.3",
    "payment_basis=logged",
    "execution.alarms_answered_by=team",
)


@pytest.mark.parametrize("model", ["trust", "minute"])
def test_overhead_and_payment_knobs_move_their_accounts(runs, model):
    """Each model with every overhead knob flipped from its default (read from different
    accounts of one pair of runs): ``logging_min_per_visit`` → admin minutes (= log × visits),
    ``daily_meeting_min`` → meeting minutes, ``planners_per_caregiver`` and
    ``logging_system`` → the planning_logging cost, ``team_leader_fte_per_team`` → the
    team_leaders cost, ``payment_basis`` → the provider payment, and (minute)
    ``alarms_answered_by=team`` → caregivers answer daytime alarms."""
    run, knobs = (trust, TRUST_OVERHEADS) if model == "trust" else (minute, MINUTE_OVERHEADS)
    base = TRUST if model == "trust" else MINUTE
    default, flipped = run(runs), run(runs, *knobs)
    paired(default, flipped)
    cfgs = {
        "default": knob_config(base, ()),
        "flipped": knob_config(base, tuple(f"models.{model}.{k}" for k in knobs)),
    }
    for name, res in [("default", default), ("flipped", flipped)]:
        cfg, ov = cfgs[name], cfgs[name].models[model].overheads
        s = measured(res.shifts)
        np.testing.assert_allclose(s["admin_min"], ov.logging_min_per_visit * s["visits"], atol=1e-9)
        assert (s["meeting_min"] == ov.daily_meeting_min).all()
        assert (metric(res, "admin_time_share") > 0) == (ov.logging_min_per_visit > 0)
        assert (metric(res, "meeting_time_share") > 0) == (ov.daily_meeting_min > 0)
        assert cost(res, "planning_logging") == pytest.approx(_planning_logging(cfg, model), rel=1e-9)
        basis = cfg.models[model].payment_basis
        assert metric(res, "provider_payment_per_client_month_sek") == pytest.approx(
            _payment(res, cfg, basis, model), rel=1e-9
        )
    assert cost(default, "planning_logging") != cost(flipped, "planning_logging")
    fte = {k: c.models[model].overheads.team_leader_fte_per_team for k, c in cfgs.items()}
    if fte["default"] > 0:
        ratio = cost(flipped, "team_leaders") / cost(default, "team_leaders")
        assert ratio == pytest.approx(fte["flipped"] / fte["default"], rel=1e-9)
    else:
        assert cost(default, "team_leaders") == 0 < cost(flipped, "team_leaders")
    assert metric(default, "provider_payment_per_client_month_sek") != pytest.approx(
        metric(flipped, "provider_payment_per_client_month_sek"), rel=1e-3
    )
    if model == "minute":
        for res, by_team in [(default, False), (flipped, True)]:
            a = measured(res.events["alarms"])
            assert ((a["responder"] == "team").sum() > 0) == by_team
            assert (measured(res.shifts)["alarms_answered"].sum() > 0) == by_team


# ---- familiarity: the real need -------------------------------------------------------------------


@pytest.mark.parametrize(
    "knob",
    [
        "familiarity_extra_share=1",
        "familiarity_halflife_visits=20",
        "familiarity_memory_days=0.5",
    ],
)
def test_familiarity_knobs_raise_the_need(runs, knob):
    """``scenario.clients.need``: a larger ``familiarity_extra_share`` ("extra time a caregiver
    who never met the client needs"), a longer ``familiarity_halflife_visits`` ("visits after
    which the familiarity extra has halved") or a shorter ``familiarity_memory_days`` ("time
    over which an unused acquaintance fades") all mean more need per visit than the default,
    with the trust model's continuity-first planning running."""
    default, other = runs(TRUST), runs(TRUST, f"scenario.clients.need.{knob}")
    paired(default, other)
    assert need_ratio(other) > need_ratio(default) + 0.05, (need_ratio(other), need_ratio(default))
    share = knob_config(
        TRUST, (f"scenario.clients.need.{knob}",)
    ).scenario.clients.need.familiarity_extra_share
    ratio = done_visits(other)["need_min"] / done_visits(other)["base_need_min"]
    assert ratio.max() <= 1 + share + 1e-12
    if share > 0.25:
        assert ratio.max() > 1.25 + 1e-6


# ---- strain and stress ------------------------------------------------------------------------------

WEIGHTS = {
    "overtime_per_hour": 2.0,
    "rushed_share": 3.0,
    "behind_per_hour": 4.0,
    "missed_break": 5.0,
    "excess_demand": 6.0,
    "per_distinct_client": 0.07,
    "unmet_per_hour": 1.5,
}
# the conscience terms are not relieved by job control and support; the demands are
CONSCIENCE = ("rushed_share", "unmet_per_hour")


def test_strain_weights_are_the_configured_ones(runs):
    """``scenario.stress.weights`` (StrainWeights): every shift's strain is the documented
    index with the configured weights — each term present in some shift, so no weight can
    fall back to its default unseen — and larger weights raise the strain index."""
    knobs = tuple(f"scenario.stress.weights.{k}={v}" for k, v in WEIGHTS.items())
    default, heavy = runs(STRESS), runs(STRESS, *knobs)
    paired(default, heavy)
    w = knob_config(STRESS, knobs).scenario.stress.weights
    assert {k: getattr(w, k) for k in WEIGHTS} == WEIGHTS
    s = heavy.shifts
    planned = s["planned_demand_min"]
    rushed = s["rushed_visits"] / s["visits"].where(s["visits"] > 0)
    excess = s["real_demand_min"] / planned.where(planned > 0) - 1.0
    terms = {
        "overtime_per_hour": s["overtime_min"] / 60,
        "rushed_share": rushed.fillna(0.0),
        "behind_per_hour": s["behind_mean_min"] / 60,
        "missed_break": s["missed_breaks"],
        "excess_demand": excess.fillna(0.0).clip(lower=0.0),
        "per_distinct_client": s["distinct_clients"],
        "unmet_per_hour": s["unmet_min"] / 60,
    }
    for k, t in terms.items():
        assert (np.asarray(t) > 0).any(), f"no shift has a {k} term"
    relief = shift_relief(knob_config(STRESS, knobs).scenario.stress, s)
    expected = expected_strain(w, s, relief)
    np.testing.assert_allclose(s["strain"], expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(
        s["strain"],
        sum(WEIGHTS[k] * np.asarray(t) * (1.0 if k in CONSCIENCE else relief) for k, t in terms.items()),
        rtol=1e-9,
    )
    assert metric(heavy, "strain_index") > 2 * metric(default, "strain_index")


def test_absence_stress_elasticity_raises_sick_leave(runs):
    """``scenario.stress.absence_stress_elasticity`` ("relative rise of the sick-spell chance
    per unit of stress"): at the default (4) a stressed crew has far more sick leave than
    with no stress effect (0)."""
    default, flat = runs(STRESS), runs(STRESS, "scenario.stress.absence_stress_elasticity=0")
    paired(default, flat)
    assert metric(default, "sick_leave_rate") >= 2 * metric(flat, "sick_leave_rate")

    def starts(res: sim.Results) -> int:
        return int((res.events["staff_days"]["event"] == "sick_start").sum())

    assert starts(default) >= 2 * starts(flat)


def test_turnover_stress_elasticity_raises_turnover(runs):
    """``scenario.stress.turnover_stress_elasticity`` ("relative rise of the quit rate per unit
    of stress"): a strong stress effect makes stressed caregivers quit."""
    flat = runs(STRESS, "scenario.stress.turnover_stress_elasticity=0")
    steep = runs(STRESS, "scenario.stress.turnover_stress_elasticity=100")
    paired(flat, steep)
    assert metric(steep, "turnover_rate") > metric(flat, "turnover_rate") + 5
    quits = (steep.events["staff_days"]["event"] == "quit").sum()
    assert quits >= 5 and math.isfinite(metric(steep, "turnover_rate"))
