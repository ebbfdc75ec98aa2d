"""Every fast path equals the plain computation it stands for.

The engine and the planners use several shortcuts: a dense, vectorised
familiarity store (``known_matrix``, ``known_many``) next to the scalar
``known``; a cache of the world's daily draws; a route projection used by the
trust teams' mutual help; and the need formula, which keeps unplanned extras out
of the familiarity scaling. Each is checked here against a straightforward
reference implementation, with Hypothesis generating the inputs (derandomized, so
CI sees the same examples on every run) — including query days later than the
last record, which only a decay bug on later days can get wrong.

The last part replays a small real run: every performed visit's real need is
recomputed from the world's draws and a reference familiarity fed with the visits
in the order they started.
"""

from __future__ import annotations

import functools
import math
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
import sim.policies.affinity as shared_affinity
import sim.policies.minute as minute_policy
import sim.policies.minute_routes as minute_routes
import sim.policies.trust as trust_policy
from sim.config.schema_world import NeedConfig
from sim.engine.familiarity import Familiarity
from sim.engine.handback import insert_in_order
from sim.engine.simulate import ModelRun
from sim.engine.state import AlarmTask, Break, Person, ShiftRun, Visit
from sim.experiment import model_run
from sim.planning.projection import behind, eta_if_given, project
from sim.policies.affinity import continuity_affinity
from sim.rng import Stream, keyed_uniform
from sim.world.build import World, build_world
from sim.world.clients import Client, VisitPlan, day_need_noise
from sim.world.geography import daily_travel, pair_uniforms
from sim.world.staff import StaffSlot

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples on every run: a CI failure is reproducible
    suppress_health_check=[HealthCheck.too_slow],
)
CLIENTS_PER_DISTRICT = (7, 4)
N_PERSON_IDS = 40  # more than the 16 rows the store starts with: exercises row growth


# ---- reference familiarity ---------------------------------------------------------------------


class ReferenceFamiliarity:
    """Familiarity as the module docstring defines it, with a dict and math.exp.

    ``known`` grows by one per visit and fades with e-folding time ``memory_days``::

        known(day) = known(last) × exp(−(day − last) / memory_days)
    """

    def __init__(self, cfg: NeedConfig) -> None:
        self.cfg = cfg
        self.state: dict[tuple[int, int, int], tuple[float, float]] = {}  # -> (known at last, last)

    def known(self, district: int, person: int, loc: int, day: float) -> float:
        """Effective past visits of ``person`` to the client at ``loc`` on ``day``."""
        if (district, person, loc) not in self.state:
            return 0.0
        k, last = self.state[(district, person, loc)]
        return k * math.exp(-(day - last) / self.cfg.familiarity_memory_days)

    def record(self, district: int, person: int, loc: int, day: float) -> None:
        """One more visit on ``day``."""
        self.state[(district, person, loc)] = (self.known(district, person, loc, day) + 1.0, day)

    def multiplier(self, known: float) -> float:
        """1 + extra_share × 0.5 ** (known / halflife)."""
        c = self.cfg
        return 1.0 + c.familiarity_extra_share * 0.5 ** (known / c.familiarity_halflife_visits)

    def score(self, known: float) -> float:
        """1 − 0.5 ** (known / halflife)."""
        return 1.0 - 0.5 ** (known / self.cfg.familiarity_halflife_visits)


def _need_cfg(memory: float, share: float, halflife: float) -> NeedConfig:
    return NeedConfig(
        familiarity_memory_days=memory, familiarity_extra_share=share, familiarity_halflife_visits=halflife
    )


# An operation: ("record", district, person index, client loc, days to advance first) or
# ("query", district, person indices, client locs, days after the current day).
_district = st.integers(0, len(CLIENTS_PER_DISTRICT) - 1)
_record = st.tuples(
    st.just("record"),
    _district,
    st.integers(0, N_PERSON_IDS - 1),
    st.integers(1, max(CLIENTS_PER_DISTRICT)),
    st.sampled_from([0, 0, 0, 1, 1, 2, 5, 30]),
)
_query = st.tuples(
    st.just("query"),
    _district,
    st.lists(st.integers(0, N_PERSON_IDS - 1), min_size=1, max_size=N_PERSON_IDS),
    st.lists(st.integers(1, max(CLIENTS_PER_DISTRICT)), min_size=1, max_size=6),
    st.sampled_from([0, 0, 1, 3, 17, 60, 250]),
)
familiarity_cases = st.fixed_dictionaries(
    {
        "memory": st.floats(0.5, 120.0),
        "share": st.floats(0.0, 1.0),
        "halflife": st.floats(0.25, 8.0),
        # person ids in a scrambled order, so rows are registered out of id order
        "ids": st.permutations([1000 - 13 * i for i in range(N_PERSON_IDS)]),
        "ops": st.lists(st.one_of(_record, _record, _query), max_size=120),
        "final_offsets": st.lists(st.integers(0, 400), min_size=1, max_size=3),
    }
)


def _clip_loc(district: int, loc: int) -> int:
    return 1 + (loc - 1) % CLIENTS_PER_DISTRICT[district]


def _assert_same(
    fam: Familiarity,
    ref: ReferenceFamiliarity,
    district: int,
    persons: list[int],
    locs: list[int],
    day: float,
) -> None:
    """known, known_many and known_matrix of ``fam`` equal the reference."""
    expected = np.array([[ref.known(district, p, loc, day) for p in persons] for loc in locs])
    scalar = np.array([[fam.known(district, p, loc, day) for p in persons] for loc in locs])
    np.testing.assert_allclose(scalar, expected, rtol=1e-12, atol=0, err_msg="known")
    many = np.array([fam.known_many(district, persons, loc, day) for loc in locs])
    np.testing.assert_allclose(many, expected, rtol=1e-12, atol=0, err_msg="known_many")
    rows = fam.rows(district, persons)
    matrix = fam.known_matrix(district, rows, np.array(locs), day)
    np.testing.assert_allclose(matrix, expected, rtol=1e-12, atol=0, err_msg="known_matrix")


def _replay_ops(case: dict[str, Any]) -> tuple[Familiarity, ReferenceFamiliarity, int]:
    """Apply the operations to both implementations, checking every query; return the last day."""
    cfg = _need_cfg(case["memory"], case["share"], case["halflife"])
    fam, ref = Familiarity(list(CLIENTS_PER_DISTRICT), cfg), ReferenceFamiliarity(cfg)
    ids = case["ids"]
    day = 0
    for op in case["ops"]:
        if op[0] == "record":
            _, d, p, loc, step = op
            day += step
            fam.record(d, ids[p], _clip_loc(d, loc), day)
            ref.record(d, ids[p], _clip_loc(d, loc), day)
        else:
            _, d, ps, locs, later = op
            _assert_same(fam, ref, d, [ids[p] for p in ps], [_clip_loc(d, x) for x in locs], day + later)
    return fam, ref, day


def scalar_credit(
    known: Callable[[int, int, int], float],
    halflife: float,
    weight: float,
    bonus: float,
    holder: Callable[[int], int],
    visits: list,
    crew: list,
) -> np.ndarray:
    """Planner credit one (visit, caregiver) pair at a time: weight × score(known) + contact bonus,
    with score = 1 − 0.5^(known / halflife)."""
    out = np.zeros((len(visits), len(crew)))
    for i, v in enumerate(visits):
        for j, r in enumerate(crew):
            k = known(v.district, r.person.id, v.loc)
            out[i, j] = weight * (1.0 - 0.5 ** (k / halflife)) + bonus * (holder(v.client.id) == r.person.id)
    return out


@SETTINGS
@given(familiarity_cases)
def test_known_known_many_and_known_matrix_equal_the_reference(case: dict[str, Any]) -> None:
    """All three read paths agree with the reference after any sequence of records (days
    non-decreasing), on the day of the last record and on later days, for every person (many
    more than 16, registered in scrambled order, some never seen) and client."""
    fam, ref, day = _replay_ops(case)
    ids = case["ids"]
    for later in case["final_offsets"]:
        for d, n in enumerate(CLIENTS_PER_DISTRICT):
            _assert_same(fam, ref, d, list(ids), list(range(1, n + 1)), day + later)
            _assert_same(fam, ref, d, list(reversed(ids)), list(range(n, 0, -1)), day + later)


@SETTINGS
@given(familiarity_cases)
def test_continuity_affinity_equals_scalar_credit(case: dict[str, Any]) -> None:
    """The planners' credit matrix (known_matrix + score) equals continuity_weight ×
    score(known) + contact bonus computed one (visit, caregiver) pair at a time."""
    fam, ref, day = _replay_ops(case)
    ids = case["ids"]
    weight, bonus = 40.0 + case["share"], 20.0 * case["halflife"]
    holders = {cid: ids[(3 * cid) % N_PERSON_IDS] for cid in range(10)}
    mr = SimpleNamespace(
        fam=fam,
        cfg=SimpleNamespace(
            planning=SimpleNamespace(continuity_weight_min=weight, contact_person_bonus_min=bonus)
        ),
        contact_holder=lambda cid: holders[cid],
    )
    for later in case["final_offsets"]:
        for d, n in enumerate(CLIENTS_PER_DISTRICT):
            visits = [
                SimpleNamespace(district=d, loc=loc, client=SimpleNamespace(id=loc))
                for loc in range(1, n + 1)
            ]
            crew = [SimpleNamespace(person=SimpleNamespace(id=p)) for p in ids[::3]]
            credit = continuity_affinity(mr, day + later)(visits, crew)  # type: ignore[arg-type]
            expected = scalar_credit(
                lambda d, p, loc, q=day + later: ref.known(d, p, loc, q),
                case["halflife"],
                weight,
                bonus,
                holders.__getitem__,
                visits,
                crew,
            )
            np.testing.assert_allclose(credit, expected, rtol=1e-12, atol=1e-12)


def test_row_growth_keeps_every_person_apart():
    """Registering 50 persons (ids descending) grows the store past 16 rows without mixing
    rows up: each person's count and last day stay their own, in every read path."""
    cfg = _need_cfg(10.0, 0.3, 2.0)
    fam, ref = Familiarity([5], cfg), ReferenceFamiliarity(cfg)
    persons = [500 - 7 * i for i in range(50)]
    for i, p in enumerate(persons):
        for _ in range(1 + i % 4):
            fam.record(0, p, 1 + i % 5, i)
            ref.record(0, p, 1 + i % 5, i)
    rows = fam.rows(0, persons)
    assert sorted(rows.tolist()) == list(range(50)), "each person has one row"
    np.testing.assert_array_equal(fam.rows(0, persons), rows)
    for day in (49, 50, 80):
        _assert_same(fam, ref, 0, persons, [1, 2, 3, 4, 5], day)
        _assert_same(fam, ref, 0, [*persons[::-1], 12345], [5, 3, 1], day)


@SETTINGS
@given(
    st.floats(0.0, 2.0),
    st.floats(0.1, 20.0),
    st.lists(st.floats(0.0, 200.0), min_size=1, max_size=20),
)
def test_multiplier_and_score_follow_their_formulas(
    share: float, halflife: float, known: list[float]
) -> None:
    """multiplier = 1 + share × 0.5^(known / halflife); score = 1 − 0.5^(known / halflife)."""
    cfg = _need_cfg(60.0, share, halflife)
    fam, ref = Familiarity([3], cfg), ReferenceFamiliarity(cfg)
    for k in known:
        assert fam.multiplier(k) == pytest.approx(ref.multiplier(k), rel=1e-13, abs=1e-15)
    np.testing.assert_allclose(
        fam.score(np.array(known)), [ref.score(k) for k in known], rtol=1e-12, atol=1e-15
    )
    assert fam.multiplier(0.0) == pytest.approx(1.0 + share)
    assert fam.multiplier(halflife) == pytest.approx(1.0 + share / 2)
    assert fam.score(np.array([0.0]))[0] == 0.0


# ---- the world's cache of daily draws ---------------------------------------------------------------

CACHE_WORLD = [
    "replications=1",
    "warmup_days=2",
    "horizon_days=10",
    "scenario.start_date=2025-03-28",  # days run from 26 March into April: winter and not
    "scenario.districts.centrum.n_clients=30",
    "+geography@scenario.districts.b.geography=suburban",
    "scenario.districts.b.n_clients=20",
]


@functools.cache
def _cache_world() -> tuple[World, dict[tuple[str, int, int], Any]]:
    """A world and, for every day, its uncached need noise and travel."""
    cfg = sim.config(CACHE_WORLD)
    w = build_world(cfg, 0)
    fresh: dict[tuple[str, int, int], Any] = {}
    for day in range(w.n_days):
        fresh[("need", -1, day)] = day_need_noise(
            cfg.scenario.clients, w.client_key, w.max_plans, day, cfg.seed, 0
        )
        for d, dist in enumerate(w.districts):
            u = pair_uniforms(cfg.seed, 0, d, day, dist.geography.n_locations)
            fresh[("travel", d, day)] = daily_travel(dist.geography, w.calendar.date(day).month, u)
    return w, fresh


@SETTINGS
@given(
    st.lists(
        st.tuples(st.sampled_from(["need", "travel"]), st.integers(0, 1), st.integers(0, 11)),
        min_size=1,
        max_size=40,
    )
)
def test_world_cache_returns_the_uncached_draws(requests: list[tuple[str, int, int]]) -> None:
    """World.need_noise and World.travel equal day_need_noise and daily_travel with the keyed
    stream, whatever order days are asked in (out of order, repeated, after eviction); the cache
    stays small."""
    w, fresh = _cache_world()
    for kind, district, day in requests:
        if kind == "need":
            got, want = w.need_noise(day), fresh[("need", -1, day)]
            np.testing.assert_array_equal(got[0], want[0])
            np.testing.assert_array_equal(got[1], want[1])
        else:
            np.testing.assert_array_equal(w.travel(district, day), fresh[("travel", district, day)])
        for k in {k[:2] for k in w._cache}:
            assert sum(c[:2] == k for c in w._cache) <= 3, "the cache keeps only the latest days"


def test_judgement_uniforms_of_a_day_equal_the_scalar_keyed_draws():
    """The trust teams read a caregiver's judgement of a visit's need from one array per day;
    each entry is the draw keyed by (day, district, home, planned visit) on its own."""
    w, _ = _cache_world()
    district, home = w.client_key
    for day in (0, 3, 3, 11):
        got = w.judgement_uniforms(day)
        assert got.shape == (len(w.clients), w.max_plans)
        for cid in range(0, len(w.clients), 7):
            for p in range(w.max_plans):
                want = keyed_uniform(w.seed, 0, Stream.JUDGEMENT, day, int(district[cid]), int(home[cid]), p)
                assert got[cid, p] == float(want)


def test_world_cache_after_eviction_and_across_the_winter_boundary():
    """Walk forward, back past the evicted days and forward again: every answer is the uncached
    draw; days in March carry the winter factor, days in April do not."""
    w, fresh = _cache_world()
    order = [*range(12), *range(11, -1, -1), 0, 11, 5, 5, 6, 0]
    for day in order:
        np.testing.assert_array_equal(w.need_noise(day)[0], fresh[("need", -1, day)][0])
        for d in (0, 1):
            np.testing.assert_array_equal(w.travel(d, day), fresh[("travel", d, day)])
    geo = w.districts[0].geography
    months = [w.calendar.date(day).month for day in range(w.n_days)]
    assert 3 in months and 4 in months
    rng = lambda day: pair_uniforms(w.seed, 0, 0, day, geo.n_locations)  # noqa: E731
    off = ~np.eye(geo.n_locations, dtype=bool)
    for day, month in enumerate(months):
        ratio = w.travel(0, day)[:, off] / daily_travel(geo, 7, rng(day))[:, off]
        np.testing.assert_allclose(ratio, geo.winter_factor if month == 3 else 1.0, rtol=1e-12)


def test_cached_draws_are_read_only():
    """Callers share the cached arrays: writing into one would corrupt every later reader."""
    w, _ = _cache_world()
    factor, extra = w.need_noise(3)
    for a in (factor, extra, w.travel(0, 3)):
        with pytest.raises(ValueError, match="read-only"):
            a[(0,) * a.ndim] = 1.0


# ---- route projection --------------------------------------------------------------------------------

N_LOC = 6


def _client(loc: int) -> Client:
    return Client(
        id=100 + loc, district=0, loc=loc, level="x", client_factor=1.0, alarm_rate_per_day=0.0, plans=()
    )


def _plan(earliest: int) -> VisitPlan:
    return VisitPlan(
        client=0,
        index=0,
        slot="s",
        earliest_min=earliest,
        latest_min=earliest + 120,
        shift="day",
        tasks=("t",),
        standard_min=10.0,
        floor_share=0.5,
        skills=frozenset(),
        double=False,
        weekdays=frozenset(range(7)),
        every_weeks=1,
        week_offset=0,
    )


def _visit(uid: int, loc: int, earliest: int, allotted: float, planned: float) -> Visit:
    v = Visit(uid, 0, _plan(earliest), _client(loc), 0, allotted, 0.0)
    v.allotted = allotted
    v.planned_start = planned
    return v


def _run(mode: int, loc: int, loc_after: int, busy_until: float, queue: list) -> ShiftRun:
    slot = StaffSlot(
        id=1,
        district=0,
        shift="day",
        fte=1.0,
        weekend_week=0,
        cycle_days=frozenset(),
        skills=frozenset(),
        mode="car",
    )
    r = ShiftRun(
        Person(1, 0, "regular", slot), slot, 0, 0, "day", 450.0, 960.0, 30.0, 660.0, 810.0, mode, frozenset()
    )
    r.loc, r.loc_after, r.busy_until = loc, loc_after, busy_until
    r.queue = deque(queue)
    return r


def reference_project(run: ShiftRun, now: float, travel: list, after: float) -> tuple[list, float]:
    """Walk the queue task by task: travel, wait for the window, stay the allotted time."""
    clock = now if now > run.busy_until else run.busy_until
    here = run.loc_after
    legs = travel[run.mode]
    starts = []
    for task in run.queue:
        if isinstance(task, Break):
            clock = clock + task.minutes
        elif isinstance(task, AlarmTask):
            clock = clock + legs[here][task.client.loc] + task.expected_min
            here = task.client.loc
        else:
            arrive = clock + legs[here][task.loc]
            start = task.earliest if task.earliest > arrive else arrive
            starts.append((task, start))
            clock = start + task.allotted + after
            here = task.loc
    return starts, clock + legs[here][0]


_task = st.one_of(
    st.tuples(st.just("visit"), st.integers(1, N_LOC - 1), st.integers(420, 1300), st.floats(0, 90)),
    st.tuples(st.just("break"), st.floats(0, 50)),
    st.tuples(st.just("alarm"), st.integers(1, N_LOC - 1), st.floats(0, 60)),
)
route_cases = st.fixed_dictionaries(
    {
        "travel": st.lists(st.floats(0, 45), min_size=2 * N_LOC * N_LOC, max_size=2 * N_LOC * N_LOC),
        "tasks": st.lists(_task, max_size=14),
        "now": st.floats(400, 1200),
        "busy": st.floats(0, 1300),
        "mode": st.integers(0, 1),
        "loc": st.integers(0, N_LOC - 1),
        "loc_after": st.integers(0, N_LOC - 1),
        "after": st.sampled_from([0.0, 1.0, 2.5]),
        "planned_shift": st.floats(-60, 60),
    }
)


def _build_route(case: dict[str, Any], visits_only: bool = False) -> tuple[ShiftRun, np.ndarray]:
    travel = np.array(case["travel"]).reshape(2, N_LOC, N_LOC)
    queue: list = []
    for i, t in enumerate(case["tasks"]):
        if t[0] == "visit":
            queue.append(_visit(i + 1, t[1], t[2], t[3], t[2] + case["planned_shift"]))
        elif visits_only:
            continue
        elif t[0] == "break":
            queue.append(Break(t[1]))
        else:
            queue.append(AlarmTask(0.0, _client(t[1]), 2 * t[2], -1, t[2]))
    if visits_only:
        queue.sort(key=lambda v: v.order_key())
    return _run(case["mode"], case["loc"], case["loc_after"], case["busy"], queue), travel


@SETTINGS
@given(route_cases)
def test_project_equals_a_step_by_step_walk(case: dict[str, Any]) -> None:
    """project() gives the same expected start of every queued visit and the same time back at
    the office as walking the queue (visits, breaks and team alarms) one task at a time; behind()
    is the lateness of the first visit if the caregiver left now."""
    run, travel = _build_route(case)
    starts, back = project(run, case["now"], travel, case["after"])
    ref_starts, ref_back = reference_project(run, case["now"], travel.tolist(), case["after"])
    assert [v for v, _ in starts] == [v for v, _ in ref_starts]
    assert [s for _, s in starts] == pytest.approx([s for _, s in ref_starts], rel=1e-12, abs=1e-9)
    assert back == pytest.approx(ref_back, rel=1e-12, abs=1e-9)
    first = next((t for t in run.queue if isinstance(t, Visit)), None)
    late = 0.0
    if first is not None:
        eta = max(case["now"] + travel[run.mode, run.loc, first.loc], first.earliest)
        late = max(0.0, eta - first.planned_start)
    assert behind(run, case["now"], travel) == pytest.approx(late, abs=1e-9)


@SETTINGS
@given(route_cases, st.integers(1, N_LOC - 1), st.integers(420, 1300), st.floats(0, 60))
def test_eta_if_given_equals_projecting_the_route_with_the_visit(
    case: dict[str, Any], loc: int, earliest: int, allotted: float
) -> None:
    """For a route of visits, the handover shortcut eta_if_given equals the start project()
    gives the visit once insert_in_order has put it into the route."""
    run, travel = _build_route(case, visits_only=True)
    now, log = case["now"], case["after"]
    v = _visit(999, loc, earliest, allotted, earliest + case["planned_shift"] / 2)
    starts, _ = project(run, now, travel, log)
    eta = eta_if_given(run, starts, v, now, travel, log)
    insert_in_order(run, v)
    with_v, _ = project(run, now, travel, log)
    assert eta == pytest.approx({id(w): s for w, s in with_v}[id(v)], rel=1e-12, abs=1e-9)


# ---- the need formula with extras, replayed from a real run ------------------------------------------

NEED_RUN = [
    "replications=1",
    "horizon_days=5",
    "warmup_days=2",
    "scenario.districts.centrum.n_clients=40",
    "+geography@scenario.districts.b.geography=suburban",
    "scenario.districts.b.n_clients=20",
    "scenario.clients.need.extras_probability=0.3",
    # a short memory and a large effect, so decay between days matters in the need
    "scenario.clients.need.familiarity_memory_days=3",
    "scenario.clients.need.familiarity_extra_share=0.5",
]


@contextmanager
def _checked_fast_paths(checks: dict[str, list]) -> Iterator[None]:
    """While a model runs, compare every planner credit matrix and every route projection with
    their scalar references on the live state (appending (ok, detail) to ``checks``)."""
    orig_affinity, orig_project = shared_affinity.continuity_affinity, trust_policy.project

    def affinity(mr: ModelRun, day: int) -> Callable:
        fast = orig_affinity(mr, day)
        cfg = mr.cfg.planning

        def credit(visits, crew):  # type: ignore[no-untyped-def]
            got = fast(visits, crew)
            want = scalar_credit(
                lambda d, p, loc: mr.fam.known(d, p, loc, day),
                mr.sc.clients.need.familiarity_halflife_visits,
                cfg.continuity_weight_min,
                cfg.contact_person_bonus_min,
                mr.contact_holder,
                list(visits),
                list(crew),
            )
            checks["affinity"].append((np.allclose(got, want, rtol=1e-12, atol=1e-12), day))
            return got

        return credit

    def projection(run, now, travel, after=0.0):  # type: ignore[no-untyped-def]
        got = orig_project(run, now, travel, after)
        want = reference_project(run, now, travel.tolist(), after)
        ok = [v for v, _ in got[0]] == [v for v, _ in want[0]] and np.allclose(
            [s for _, s in got[0]] + [got[1]], [s for _, s in want[0]] + [want[1]], rtol=1e-12, atol=1e-9
        )
        checks["project"].append((ok, run.day))
        return got

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(shared_affinity, "continuity_affinity", affinity)
        mp.setattr(minute_policy, "continuity_affinity", affinity)
        mp.setattr(minute_routes, "continuity_affinity", affinity)
        mp.setattr(trust_policy, "project", projection)
        yield


@pytest.fixture(scope="module")
def need_run() -> tuple[World, dict[str, pd.DataFrame], dict[str, list]]:
    """World and visits table of each model on the NEED_RUN scenario, with the fast-path checks."""
    cfg = sim.config(NEED_RUN)
    world = build_world(cfg, 0)
    visits: dict[str, pd.DataFrame] = {}
    checks: dict[str, list] = {"affinity": [], "project": []}
    with _checked_fast_paths(checks):
        for name in cfg.compare:
            visits[name] = model_run(world, name, cfg.models[name]).run()["visits"]
    return world, visits, checks


@pytest.mark.parametrize("model", ["minute", "trust"])
def test_base_need_follows_the_formula_from_the_world_draws(need_run, model):
    """base_need = standard × need_to_standard_ratio × client factor × need multiplier (drift,
    hospital) × day factor + extra, for every planned visit; each planned visit of a client out
    of hospital appears exactly once."""
    world, visits, _ = need_run
    v = visits[model]
    ratio = world.scenario.clients.need.need_to_standard_ratio
    expected = []
    for day in range(world.n_days):
        factor, extra = world.need_noise(day)
        wd, wk = world.calendar.weekday(day), world.calendar.week(day)
        for c in world.clients:
            if world.course.in_hospital[c.id, day]:
                continue
            for p in c.plans:
                if p.active(wd, wk):
                    x = float(extra[c.id, p.index])
                    base = (
                        p.standard_min
                        * ratio
                        * c.client_factor
                        * float(world.course.need_multiplier[c.id, day])
                        * float(factor[c.id, p.index])
                        + x
                    )
                    expected.append((c.id, day, p.index, p.standard_min, base))
    want = pd.DataFrame(expected, columns=["client_id", "day", "planned_visit", "standard", "base"])
    m = v.merge(
        want, on=["client_id", "day", "planned_visit"], how="outer", validate="one_to_one", indicator=True
    )
    assert (m["_merge"] == "both").all(), "planned visits differ from the plans"
    np.testing.assert_array_equal(m["standard_min"], m["standard"])
    np.testing.assert_allclose(m["base_need_min"], m["base"], rtol=1e-12, atol=0)


@pytest.mark.parametrize("model", ["minute", "trust"])
def test_need_with_extras_replays_exactly(need_run, model):
    """Replaying performed visits in order of actual start through the reference familiarity
    gives every visit's need: (base_need − extra) × mean familiarity multiplier of its performers
    (read when the last one arrives) + extra; each performer then counts one visit. Alarms do not
    count. Missed visits keep their base need."""
    world, visits, _ = need_run
    cfg = world.scenario.clients.need
    ref = ReferenceFamiliarity(cfg)
    v = visits[model]
    missed = v[v["missed"]]
    np.testing.assert_array_equal(missed["need_min"], missed["base_need_min"])
    assert (missed["caregiver_id"] == -1).all()
    done = v[~v["missed"]].sort_values(["actual_start", "visit_uid"])
    assert len(done) > 200
    loc = {c.id: c.loc for c in world.clients}
    got, want, extras, mults = [], [], [], []
    for row in done.itertuples(index=False):
        performers = [row.caregiver_id] + ([row.second_caregiver_id] if row.second_caregiver_id >= 0 else [])
        extra = float(world.need_noise(row.day)[1][row.client_id, row.planned_visit])
        m = [ref.multiplier(ref.known(row.district, p, loc[row.client_id], row.day)) for p in performers]
        want.append((row.base_need_min - extra) * (sum(m) / len(m)) + extra)
        got.append(row.need_min)
        extras.append(extra)
        mults.append(sum(m) / len(m))
        for p in performers:
            ref.record(row.district, p, loc[row.client_id], row.day)
    got_a, want_a = np.array(got), np.array(want)
    bad = np.flatnonzero(~np.isclose(got_a, want_a, rtol=1e-12, atol=1e-9))
    assert bad.size == 0, (
        f"{bad.size} visits differ, first: {done.iloc[bad[0]].to_dict()} want {want_a[bad[0]]}"
    )
    # the check has teeth: many visits carry extras, by caregivers at many levels of familiarity
    extras_a, mults_a = np.array(extras), np.array(mults)
    assert (extras_a > 0).mean() > 0.2
    assert (mults_a[extras_a > 0] > 1.01).sum() > 50 and (mults_a < 1.3).sum() > 50
    assert done["second_caregiver_id"].ge(0).sum() > 0, "double visits are part of the replay"


def test_fast_paths_agree_with_scalar_references_in_a_real_run(need_run):
    """During both model runs every planner credit matrix (known_matrix + score, on days after
    the last record) and every route projection of mutual help equal their scalar references."""
    _, _, checks = need_run
    assert len(checks["affinity"]) > 10 and len(checks["project"]) > 10
    for kind, results in checks.items():
        bad = [day for ok, day in results if not ok]
        assert not bad, f"{kind}: {len(bad)} mismatches, days {sorted(set(bad))[:5]}"


@pytest.mark.parametrize("chunk_rows", [1, 37])
def test_tables_packed_in_chunks_equal_the_tables_kept_as_lists(monkeypatch, chunk_rows):
    """Records packs its rows into typed chunks as a run goes (memory); the tables it returns
    are the ones it would build from its lists at the end, values, dtypes and order alike."""
    import sim.engine.records as records

    cfg = sim.config(["horizon_days=3", "warmup_days=1", "scenario.districts.centrum.n_clients=40"])
    world = build_world(cfg, 0)

    def tables(min_rows: int) -> dict[str, pd.DataFrame]:
        monkeypatch.setattr(records, "CHUNK_ROWS", min_rows)
        return model_run(world, "trust", cfg.models["trust"]).run()

    calls: list[int] = []
    orig = pd.concat

    def counted(parts: list[pd.DataFrame], **kw: Any) -> pd.DataFrame:
        calls.append(len(parts))
        return orig(parts, **kw)

    monkeypatch.setattr(records.pd, "concat", counted)
    kept = tables(10**12)
    assert not calls
    packed = tables(chunk_rows)
    assert len(kept["activities"]) > 10 * chunk_rows
    assert calls and max(calls) > 1  # the packed run did join chunks
    for name, df in kept.items():
        pd.testing.assert_frame_equal(packed[name], df, check_exact=True)
