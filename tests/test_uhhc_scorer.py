"""The UHHC scorer under the paper's rules: best timing, sequential gaps, deadlocks, published routes."""

from __future__ import annotations

import dataclasses
import functools
import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "experiments"))

import uhhc
from uhhc import (
    Caregiver,
    Instance,
    InstanceError,
    Patient,
    Service,
    Solution,
    check_published,
    read_instance,
    read_published,
    score,
)

DATA = Path(__file__).parent / "data" / "uhhc"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "uhhc"
OURS = sorted((DATA / "published_routes").glob("solution-*.txt"))
ALL = sorted((SHARED / "published_routes").glob("solution-*.txt"))


def _line(n: int) -> np.ndarray:
    """Travel times between points 0..n-1 on a line at 10-minute spacing."""
    x = np.arange(n) * 10.0
    return np.abs(x[:, None] - x[None, :])


def test_objective_is_travel_plus_total_and_highest_tardiness_over_three() -> None:
    """One caregiver: depot → p0 (10 min, window 0–5, service 20) → p1 (10 min more).

    p0 starts at 10 (tardy 5), p1 arrives at 40 with window 0–15 (tardy 25); travel
    10 + 10 + 20 back = 40. Objective = (40 + 30 + 25) / 3 = 31.67.
    """
    inst = Instance(
        "hand",
        _line(3),
        0,
        (Caregiver("c", frozenset({"s"})),),
        (
            Patient("p0", 1, (Service("s", 20.0),), 0.0, 5.0),
            Patient("p1", 2, (Service("s", 5.0),), 0.0, 15.0),
        ),
    )
    sc = score(inst, Solution([[(0, 0), (1, 0)]]))
    assert (sc.travel, sc.total_tardiness, sc.max_tardiness) == (40.0, 30.0, 25.0)
    assert sc.objective == pytest.approx(95.0 / 3)
    assert sc.feasible and sc.scored and not sc.reason


def _pair(
    sync: str, gap: tuple[float, float] = (0.0, 0.0), latest: float = 100.0, far: str = "a"
) -> Instance:
    """Patient 0 ('pair', at 1) needs services a and b; patient 1 ('far', at 2) needs ``far``.
    Caregiver 0 can do a, caregiver 1 can do b."""
    other = Patient("far", 2, (Service(far, 10.0),), 0.0, 100.0)
    pair = Patient("pair", 1, (Service("a", 10.0), Service("b", 10.0)), 0.0, latest, sync, *gap)
    cgs = (Caregiver("ca", frozenset({"a"})), Caregiver("cb", frozenset({"b"})))
    return Instance("pair", _line(3), 0, cgs, (pair, other))


def test_simultaneous_pair_starts_when_the_later_caregiver_arrives() -> None:
    """ca visits 'far' first (arrives at the pair at 20 + 10 + 10 = 40); cb is there at 10 and waits."""
    sc = score(_pair("simultaneous"), Solution([[(1, 0), (0, 0)], [(0, 1)]]))
    assert sc.feasible
    # travel: ca 20 + 10 + 10 back = 40, cb 10 + 10 = 20; no tardiness (window ends at 100)
    assert sc.travel == 60.0 and sc.total_tardiness == 0.0
    assert sc.start[(0, 0)] == sc.start[(0, 1)] == 40.0
    sc = score(_pair("simultaneous", latest=35.0), Solution([[(1, 0), (0, 0)], [(0, 1)]]))
    assert sc.total_tardiness == pytest.approx(2 * 5.0)  # both services start at 40


def test_feasibility_catches_ability_same_caregiver_twice_and_unassigned() -> None:
    inst = _pair("simultaneous")
    wrong = score(inst, Solution([[(0, 1)], [(0, 0), (1, 0)]]))  # roles swapped: neither is able
    assert wrong.violations["ability"] == 3 and not wrong.feasible
    one = score(inst, Solution([[(0, 0), (0, 1), (1, 0)], []]))
    assert one.violations["same_caregiver_simultaneous"] == 1 and not one.feasible
    seq = _pair("sequential", (5.0, 8.0))
    assert score(seq, Solution([[(1, 0), (0, 0)], [(1, 0), (0, 1)]])).violations["assigned_twice"] == 1
    assert score(seq, Solution([[(0, 0)], [(0, 1)]])).violations["unassigned"] == 1
    assert score(seq, Solution([[(0, 0), (7, 0)], [(0, 1)]])).violations["unknown_service"] == 1


def test_the_second_of_a_sequential_pair_waits_for_min() -> None:
    """ca does 'far' first, so a starts at 40; cb is there at 10 and waits until 40 + 5."""
    sc = score(_pair("sequential", (5.0, 8.0)), Solution([[(1, 0), (0, 0)], [(0, 1)]]))
    assert sc.feasible and (sc.start[(0, 0)], sc.start[(0, 1)]) == (40.0, 45.0)


def test_the_max_gap_makes_the_first_service_start_later() -> None:
    """The pair's b may start at most 5 min after a. cb serves 'far' first (20 out, 10 on
    site, 10 back) and reaches the pair at 40; ca is there at 10. The paper's timing lets
    ca wait: a starts at 35, b at 40, and a's route carries the wait on (ca goes on to
    'next', 20 min on, starting at 35 + 10 + 20 = 65). A scorer in which only the second
    service may wait starts a at 10 and flags the gap (30 > 5) or mis-scores the route."""
    nxt = Patient("next", 3, (Service("a", 5.0),), 0.0, 60.0)
    base = _pair("sequential", (0.0, 5.0), far="b")
    inst = Instance("max", _line(4), 0, base.caregivers, (*base.patients, nxt))
    sc = score(inst, Solution([[(0, 0), (2, 0)], [(1, 0), (0, 1)]]))
    assert sc.feasible, sc.violations
    assert (sc.start[(0, 0)], sc.start[(0, 1)], sc.start[(1, 0)], sc.start[(2, 0)]) == (
        35.0,
        40.0,
        20.0,
        65.0,
    )
    # travel: ca 10 + 20 + 30 back = 60, cb 20 + 10 + 10 back = 40; 'next' is 5 min late
    assert (sc.travel, sc.total_tardiness, sc.max_tardiness) == (100.0, 5.0, 5.0)
    assert sc.objective == pytest.approx(110.0 / 3)
    # with the pair's window closing at 30 both its services are late: a by 5, b by 10
    late = dataclasses.replace(
        inst, patients=(dataclasses.replace(inst.patients[0], latest=30.0), *inst.patients[1:])
    )
    sc = score(late, Solution([[(0, 0), (2, 0)], [(1, 0), (0, 1)]]))
    assert sc.feasible and (sc.total_tardiness, sc.max_tardiness) == (20.0, 10.0)


def test_pushes_cascade_across_routes_until_they_settle() -> None:
    """Three caregivers, two sequential pairs: a max gap pushes a first service later, which
    pushes its route's next service, the first of another pair, whose second then waits."""
    ab = frozenset({"a", "b"})
    svc = (Service("a", 10.0), Service("b", 10.0))
    p = Patient("p", 1, svc, 0.0, 500.0, "sequential", 0.0, 5.0)
    q = Patient("q", 2, svc, 0.0, 500.0, "sequential", 20.0, 30.0)
    far = Patient("far", 5, (Service("a", 10.0),), 0.0, 500.0)
    cgs = tuple(Caregiver(f"c{i}", ab) for i in range(3))
    inst = Instance("cascade", _line(6), 0, cgs, (p, q, far))
    # c0: p.a then q.a; c1: far then p.b (there at 50 + 10 + 40 = 100); c2: q.b
    sc = score(inst, Solution([[(0, 0), (1, 0)], [(2, 0), (0, 1)], [(1, 1)]]))
    assert sc.feasible, sc.violations
    assert sc.start[(0, 1)] == 100.0 and sc.start[(0, 0)] == 95.0  # p.a waits for p.b's max
    assert sc.start[(1, 0)] == 115.0 and sc.start[(1, 1)] == 135.0  # q.a after p.a, q.b min 20 later


DEADLOCKS = {
    # two simultaneous pairs visited in opposite orders by the two caregivers
    "simultaneous": (("simultaneous", 0.0, 0.0), [[(0, 0), (1, 0)], [(1, 1), (0, 1)]]),
    # two sequential pairs: each caregiver does one pair's second before the other pair's first
    "sequential": (("sequential", 0.0, 60.0), [[(0, 1), (1, 0)], [(1, 1), (0, 0)]]),
    # one caregiver does a sequential pair's second before its first
    "wrong order": (("sequential", 0.0, 60.0), [[(0, 1), (0, 0), (1, 0), (1, 1)], []]),
    # one caregiver does both, but the service (10 min) outlasts the max gap (5 min)
    "max below duration": (("sequential", 0.0, 5.0), [[(0, 0), (0, 1), (1, 0), (1, 1)], []]),
}


@pytest.mark.parametrize("case", sorted(DEADLOCKS))
def test_routes_waiting_on_each_other_in_a_cycle_are_refused_with_a_reason(case: str) -> None:
    (sync, lo, hi), routes = DEADLOCKS[case]
    both = frozenset({"a", "b"})
    pair = (Service("a", 10.0), Service("b", 10.0))
    inst = Instance(
        "cycle",
        _line(3),
        0,
        (Caregiver("c0", both), Caregiver("c1", both)),
        (Patient("p", 1, pair, 0.0, 100.0, sync, lo, hi), Patient("q", 2, pair, 0.0, 100.0, sync, lo, hi)),
    )
    sc = score(inst, Solution(routes))
    assert sc.violations["deadlock"] == 1 and not sc.feasible and not sc.scored
    assert math.isnan(sc.objective) and math.isnan(sc.total_tardiness) and sc.start == {}
    assert sc.reason.startswith("deadlock: no start times exist")
    assert "(c0)" in sc.reason and "min after itself" in sc.reason


def test_the_same_pairs_in_a_consistent_order_are_feasible() -> None:
    both = frozenset({"a", "b"})
    pair = (Service("a", 10.0), Service("b", 10.0))
    inst = Instance(
        "nocycle",
        _line(3),
        0,
        (Caregiver("c0", both), Caregiver("c1", both)),
        (
            Patient("p", 1, pair, 0.0, 100.0, "simultaneous"),
            Patient("q", 2, pair, 0.0, 100.0, "simultaneous"),
        ),
    )
    sc = score(inst, Solution([[(0, 0), (1, 0)], [(0, 1), (1, 1)]]))
    assert sc.feasible and sc.start[(1, 0)] == sc.start[(1, 1)] == 30.0


@functools.cache
def _instance(folder: Path, name: str) -> Instance:
    return read_instance(folder / f"{name}.json")


def _check_one(path: Path) -> None:
    folder = path.parent.parent
    name = uhhc._named_instance(path)
    pub = read_published(path, _instance(folder, name))
    sc = score(_instance(folder, name), pub.solution)
    assert sc.feasible, (path.name, sc.violations, sc.reason)
    assert uhhc.matches(sc.objective, pub.cost), (path.name, sc.objective, pub.cost)
    # the parts agree too: the files' six significant digits, the distances' three decimals
    assert sc.travel == pytest.approx(pub.travel, abs=0.05)
    assert sc.total_tardiness == pytest.approx(pub.total_tardiness, abs=0.05)
    assert sc.max_tardiness == pytest.approx(pub.max_tardiness, abs=0.05)


def test_the_published_routes_of_the_test_instances_are_feasible_at_their_published_cost() -> None:
    assert len(OURS) == 30
    for path in OURS:
        _check_one(path)


@pytest.mark.skipif(len(ALL) != 75, reason="../shared/data/uhhc/published_routes (75 files) not present")
def test_all_75_published_routes_are_feasible_at_their_published_cost() -> None:
    """Kummer et al.'s 75 BRKGA solutions of the five shared instances (all feasible)."""
    for path in ALL:
        _check_one(path)
    check = check_published(SHARED)
    assert (check.n, check.feasible, check.mismatched) == (75, 75, ())
    assert check.worst_diff < 0.01


def test_reading_a_published_file_and_its_errors(tmp_path: Path) -> None:
    inst = read_instance(DATA / "InstanzCPLEX_HCSRP_10_1.json")
    pub = read_published(DATA / "published_routes" / "solution-10-1-1.txt", inst)
    assert pub.instance == "InstanzCPLEX_HCSRP_10_1"
    assert (pub.cost, pub.travel, pub.total_tardiness, pub.max_tardiness) == (226.978, 680.934, 0.0, 0.0)
    # caregiver 0: 0 -> 10 (type 2 = s3) -> 3 (s2) -> 5 (s3) -> 9 (s1) -> 7 (s3) -> 0
    assert pub.solution.routes[0] == [(9, 0), (2, 0), (4, 0), (8, 0), (6, 0)]
    assert pub.solution.routes[2][:2] == [(7, 1), (9, 1)]  # patient 8's s6 and patient 10's s6
    text = (DATA / "published_routes" / "solution-10-1-1.txt").read_text()
    bad = {
        "noheader": (text.replace("# Cost", "# Price"), "no 'Cost = "),
        "broken": (text.replace("10 3 0 1", "11 3 0 1"), "does not continue from node 10"),
        "open": (text.replace("0 6\n", "0 5\n").replace("7 0 0 0\n", ""), "does not return to the depot"),
        "type": (text.replace("0 10 0 2", "0 10 0 9"), "names no patient or service type"),
        "words": (text.replace("0 6\n", "zero six\n"), "integers expected"),
    }
    for name, (body, message) in bad.items():
        (tmp_path / name).write_text(body)
        with pytest.raises(InstanceError, match=message):
            read_published(tmp_path / name, inst)


def test_check_published_entry_prints_the_verdict(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert uhhc.main(["--check-published", "--instances", str(DATA)]) == 0
    out = capsys.readouterr().out
    assert "30 of 30 feasible, largest cost difference 0.0" in out
    assert uhhc.main(["--check-published", "--instances", str(tmp_path)]) == 2
    assert "no solution-*.txt files" in capsys.readouterr().err
