"""Common random numbers keyed by entity: a change of size changes nobody else's draws.

A client's draws are keyed by (district, home), a staff position's by (district,
shift, place in the rota), a day's by its number. So adding a client, or a
caregiver, or a second district in front of a district, leaves every other
client's plan, need, hospital stays, alarm calls and home — and every other
position's contract, skills, mode and absence draws — exactly as they were. Sweeps
over staffing and population, and the equal-budget search, compare the same world.
"""

from __future__ import annotations

import numpy as np
import pytest
from simhelpers import SMALL

import sim
from sim.world.build import World, build_world

DAYS = (0, 4, 9)


def _world(extra: list[str]) -> World:
    return build_world(sim.config([*SMALL, *extra]), 0)


def _by_key(w: World, district: int) -> dict[int, int]:
    """Home location -> client id in ``district``."""
    return {c.loc: c.id for c in w.clients if c.district == district}


def _same_clients(a: World, b: World, district_a: int, district_b: int, homes: list[int]) -> None:
    ia, ib = _by_key(a, district_a), _by_key(b, district_b)
    ga, gb = a.districts[district_a].geography, b.districts[district_b].geography
    for loc in homes:
        ca, cb = a.clients[ia[loc]], b.clients[ib[loc]]
        assert (ca.level, ca.client_factor, ca.alarm_rate_per_day) == (
            cb.level,
            cb.client_factor,
            cb.alarm_rate_per_day,
        )
        assert [p.__dict__ | {"client": 0} for p in ca.plans] == [
            p.__dict__ | {"client": 0} for p in cb.plans
        ]
        np.testing.assert_array_equal(ga.xy_km[loc], gb.xy_km[loc])
        np.testing.assert_array_equal(a.course.in_hospital[ca.id], b.course.in_hospital[cb.id])
        np.testing.assert_array_equal(a.course.need_multiplier[ca.id], b.course.need_multiplier[cb.id])
        n = len(ca.plans)
        for day in DAYS:
            fa, ea = a.need_noise(day)
            fb, eb = b.need_noise(day)
            np.testing.assert_array_equal(fa[ca.id, :n], fb[cb.id, :n])
            np.testing.assert_array_equal(ea[ca.id, :n], eb[cb.id, :n])
        aa, ab = a.districts[district_a].alarms, b.districts[district_b].alarms
        np.testing.assert_array_equal(aa.time_min[aa.client == ca.id], ab.time_min[ab.client == cb.id])
        np.testing.assert_array_equal(
            aa.handling_min[aa.client == ca.id], ab.handling_min[ab.client == cb.id]
        )


@pytest.fixture(scope="module")
def base() -> World:
    return _world([])


def test_adding_a_client_leaves_every_other_client_unchanged(base):
    bigger = _world(["scenario.districts.centrum.n_clients=51"])
    homes = sorted(_by_key(base, 0))
    assert len(homes) == 50 and len(_by_key(bigger, 0)) == 51
    _same_clients(base, bigger, 0, 0, homes)
    # travel noise between the homes both worlds have is the same on every day
    n = base.districts[0].geography.n_locations
    for day in DAYS:
        np.testing.assert_array_equal(base.travel(0, day), bigger.travel(0, day)[:, :n, :n])


def test_a_bigger_first_district_shifts_the_second_ones_ids_but_no_draw():
    """Client ids run over districts; one more client in the first gives every client of the
    second a new id, not a new plan, need, stay or alarm."""
    second = ["+geography@scenario.districts.b.geography=suburban", "scenario.districts.b.n_clients=20"]
    one = _world(second)
    two = _world([*second, "scenario.districts.centrum.n_clients=51"])
    homes = sorted(_by_key(one, 1))
    assert _by_key(one, 1)[homes[0]] != _by_key(two, 1)[homes[0]], "ids should shift"
    _same_clients(one, two, 1, 1, homes)
    _same_clients(one, two, 0, 0, sorted(_by_key(one, 0)))


def _slots(w: World) -> dict[tuple[int, str, int], object]:
    return {(s.district, s.shift, s.place): s for d in w.districts for s in d.staff}


def test_adding_staff_leaves_every_other_position_and_every_client_unchanged(base):
    more = _world(["scenario.staffing.capacity_factor=1.3"])
    a, b = _slots(base), _slots(more)
    assert len(b) > len(a) and set(a) <= set(b)
    for key, s in a.items():
        t = b[key]
        assert (s.fte, s.skills, s.mode) == (t.fte, t.skills, t.mode), key  # type: ignore[attr-defined]
    # the absence, quit and substitute draws of each position that both worlds have
    row_a = {(s.district, s.shift, s.place): s.id for s in a.values()}  # type: ignore[attr-defined]
    row_b = {(s.district, s.shift, s.place): s.id for s in b.values()}  # type: ignore[attr-defined]
    ia = np.array([row_a[k] for k in a])
    ib = np.array([row_b[k] for k in a])
    for day in DAYS:
        da, db = base.staff_draws(day), more.staff_draws(day)
        for name in ("sick", "spell_days", "quit", "substitute", "pick"):
            np.testing.assert_array_equal(getattr(da, name)[ia], getattr(db, name)[ib], err_msg=name)
    _same_clients(base, more, 0, 0, sorted(_by_key(base, 0)))


def test_keyed_draws_differ_between_entities_and_replications(base):
    f, _ = base.need_noise(4)
    assert np.unique(f[:, 0]).size == f.shape[0], "two clients got the same need noise"
    other = build_world(sim.config(SMALL), 1)
    assert not np.array_equal(other.need_noise(4)[0], f)
    s = base.staff_draws(4)
    assert np.unique(s.sick).size == s.sick.size
