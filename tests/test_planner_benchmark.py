"""The planner benchmark: UHHC reader, planner adapters, the report (the scorer: test_uhhc_scorer.py)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "experiments"))

import planner_benchmark as pb
from uhhc import (
    Caregiver,
    Instance,
    InstanceError,
    Patient,
    Service,
    Solution,
    read_instance,
    read_published,
    score,
)

DATA = Path(__file__).parent / "data" / "uhhc"
A1 = DATA / "InstanzCPLEX_HCSRP_10_1.json"


def test_reader_on_the_10_patient_instance() -> None:
    inst = read_instance(A1)
    assert (len(inst.patients), len(inst.caregivers), inst.depot) == (10, 3, 0)
    p8, p9 = inst.patients[7], inst.patients[8]
    assert p8.sync == "simultaneous" and [s.skill for s in p8.services] == ["s5", "s6"]
    assert (p9.sync, p9.gap_min, p9.gap_max) == ("sequential", 51.0, 102.0)
    assert (p8.earliest, p8.latest) == (46.0, 166.0)
    assert inst.caregivers[0].abilities == frozenset({"s1", "s2", "s3"})


def test_dispatcher_plan_assigns_every_service_once_and_is_deterministic() -> None:
    inst = read_instance(A1)
    one, two = pb.dispatcher_plan(inst), pb.dispatcher_plan(inst)
    assert one is not None and two is not None
    assert one.routes == two.routes
    sc = score(inst, one)
    assert sc.violations["unassigned"] == 0 and sc.violations["assigned_twice"] == 0
    assert sc.violations["not_synchronised"] == 0
    assert sc.objective > 0
    assert pb.dispatcher_plan(inst, "higher") is None


def test_benchmark_prints_gaps_and_refuses_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert pb.main(["--instances", str(DATA)]) == 0
    out = capsys.readouterr().out
    assert "InstanzCPLEX_HCSRP_10_1" in out and "mean gap to the best known over those only" in out
    assert "target (default effort: every plan feasible" in out
    table = out[out.index("effort   class") :].splitlines()
    assert table[0].split() == ["effort", "class", "plans", "feasible", "mean_gap", "left_out"]
    assert [r.split()[:3] for r in table[1:4]] == [
        ["default", "A", "1"],
        ["default", "B", "1"],
        ["default", "all", "2"],
    ]
    assert "scorer check against Kummer et al.'s published routes: 30 of 30 feasible" in out
    assert pb.main(["--instances", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and "no *.json" in err[0]
    (tmp_path / "bad.json").write_text("{not json")
    assert pb.main(["--instances", str(tmp_path)]) == 2
    assert "best_known.csv: cannot read" in capsys.readouterr().err
    assert pb.main(["--instances", str(tmp_path), "--best-known", str(DATA / "best_known.csv")]) == 2
    assert "bad.json: not valid JSON" in capsys.readouterr().err


def test_dispatcher_plan_records_the_planners_own_start_times() -> None:
    inst = read_instance(A1)
    sol = pb.dispatcher_plan(inst)
    assert sol is not None
    assert set(sol.planned_start) == {
        (i, j) for i, p in enumerate(inst.patients) for j in range(len(p.services))
    }
    sc = score(inst, sol)
    # the scorer never starts a service before the planner did (it only adds waits)
    assert all(sc.start[k] >= t - 1e-9 for k, t in sol.planned_start.items())


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["patients"][0].pop("time_windows"), "missing key 'time_windows'"),
        (lambda d: d["patients"][0].update(time_windows=[]), "one time window expected"),
        (lambda d: d["patients"][7]["synchronization"].update(type="together"), "unknown synchronization"),
        (lambda d: d["patients"][0].update(distance_matrix_index=99), "outside the 11x11 matrix"),
        (lambda d: d.update(distances=[[0.0, 1.0], [1.0]]), "malformed instance"),
    ],
)
def test_bad_instances_give_one_error_line_and_exit_code_2(
    edit: Callable[[dict[str, Any]], object], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(A1.read_text())
    edit(data)
    (tmp_path / A1.name).write_text(json.dumps(data))
    with pytest.raises(InstanceError, match=message):
        read_instance(tmp_path / A1.name)
    args = ["--instances", str(tmp_path), "--best-known", str(DATA / "best_known.csv")]
    assert pb.main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_only_runs_the_named_instances_and_refuses_unknown_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert pb.main(["--instances", str(DATA), "--only", A1.stem]) == 0
    out = capsys.readouterr().out
    assert A1.stem in out and "HCSRP_25_1" not in out
    assert "== planning effort: higher ==" in out  # the optimiser has effort levels
    assert pb.main(["--instances", str(DATA), "--only", A1.stem, "--planner", "dispatcher"]) == 0
    assert "higher effort: n/a (the greedy dispatcher has no effort parameter)" in capsys.readouterr().out
    assert pb.main(["--instances", str(DATA), "--only", "nosuch"]) == 2
    assert "no instance named nosuch" in capsys.readouterr().err


def test_a_best_known_file_without_its_columns_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "best.csv").write_text("name,value\nA1,1.0\n")
    assert pb.main(["--instances", str(DATA), "--best-known", str(tmp_path / "best.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "needs columns file and best_known_objective" in err[0]


def test_optimiser_plan_is_feasible_and_deterministic_on_the_smallest_instance() -> None:
    inst = read_instance(A1)
    one, two = pb.optimiser_plan(inst), pb.optimiser_plan(inst)
    assert one is not None and two is not None
    assert one.routes == two.routes and one.planned_start == two.planned_start
    sc = score(inst, one)
    assert sc.feasible, (sc.violations, sc.reason)  # every rule of the paper, sequential gaps included
    served = sorted(key for route in one.routes for key in route)
    assert served == sorted((pi, si) for pi, p in enumerate(inst.patients) for si in range(len(p.services)))


def test_the_class_table_counts_feasible_plans_and_averages_the_gap_over_them_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A planner that hands back a published solution for A1 (226.978, +4.0 % over 218.2) and
    nothing for B1 (every service unassigned: infeasible, left out of the gap)."""

    def planner(inst: Instance, effort: str) -> Solution | None:
        if effort != "default":
            return None
        if inst.name == A1.stem:
            return read_published(DATA / "published_routes" / "solution-10-1-1.txt", inst).solution
        return Solution([[] for _ in inst.caregivers])

    assert pb.main(["--instances", str(DATA)], planner=planner) == 0
    out = capsys.readouterr().out
    table = [r.split(maxsplit=5) for r in out[out.index("effort   class") :].splitlines()[1:4]]
    assert table == [
        ["default", "A", "1", "1", "+4.0%", "-"],
        ["default", "B", "1", "0", "-", "1 infeasible"],
        ["default", "all", "2", "1", "+4.0%", "1 infeasible"],
    ]
    assert "NOT met" in out


def test_a_deadlocked_plan_is_reported_without_an_objective() -> None:
    both = frozenset({"a", "b"})
    pair = (Service("a", 10.0), Service("b", 10.0))
    dist = np.abs(np.arange(3)[:, None] - np.arange(3)[None, :]) * 10.0
    inst = Instance(
        "cycle",
        dist,
        0,
        (Caregiver("c0", both), Caregiver("c1", both)),
        (
            Patient("p", 1, pair, 0.0, 100.0, "simultaneous"),
            Patient("q", 2, pair, 0.0, 100.0, "simultaneous"),
        ),
    )
    sol = Solution([[(0, 0), (1, 0)], [(1, 1), (0, 1)]])
    sc = score(inst, sol)
    row = dict(zip(pb.HEAD, pb._row(inst, sc, 0.0, 50.0), strict=True))
    assert (row["objective"], row["gap"], row["feasible"], row["violations"]) == (
        "-",
        "-",
        "no",
        "deadlock 1",
    )
    assert row["travel"] == "80.0"
    assert pb._late_starts(inst, sol, sc).startswith("deadlock: no start times exist")
