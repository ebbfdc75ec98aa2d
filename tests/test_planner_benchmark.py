"""The planner benchmark: UHHC reader, planner adapters, the report (the scorer: test_uhhc_scorer.py)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "experiments"))

import planner_benchmark as pb
from uhhc import InstanceError, read_instance, score

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
    assert "InstanzCPLEX_HCSRP_10_1" in out and "mean gap to the best known" in out and "target" in out
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
    assert all(n == 0 for k, n in sc.violations.items() if k != "sequential_gap"), sc.violations
    served = sorted(key for route in one.routes for key in route)
    assert served == sorted((pi, si) for pi, p in enumerate(inst.patients) for si in range(len(p.services)))
