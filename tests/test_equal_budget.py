"""Equal budget (issue 12): the per-model staffing, the root finder and the experiment's outputs.

The root finder is tested on functions whose root is known (it must bracket, stop early
within the tolerance, say clearly when no level in the bracket reaches the target, and
report the nearest levels when a step function jumps over the target); the staffing on
the engine (a model's own capacity_factor leaves every other model's results exactly
as they were); the experiment end to end on a tiny district.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from simhelpers import SMALL

import sim
from sim.config import ConfigError
from sim.equal_budget import Evaluation, find_level, wide_ci
from sim.experiment import run_replication
from sim.world.build import build_world


def _evaluator(f, calls: list[float], half: float = 0.001):  # type: ignore[no-untyped-def]
    def evaluate(x: float) -> Evaluation:
        calls.append(x)
        g = float(f(x))
        return Evaluation(x, 100 + g * 100, g * 100, (g - half) * 100, (g + half) * 100, 10, 100.0, 0.0)

    return evaluate


def test_a_smooth_gap_is_found_within_the_tolerance_in_a_handful_of_levels():
    calls: list[float] = []
    s = find_level(_evaluator(lambda x: 0.9 * (x - 1.137), calls), (0.6, 1.5), 0.01, 12, "trust")
    assert s.found and s.status == "converged"
    assert s.best is not None and abs(s.best.rel_gap) <= 0.01
    assert abs(s.best.factor - 1.137) <= 0.012
    assert len(calls) <= 5, calls
    assert calls[:2] == [0.6, 1.5], "both ends of the bracket first"
    assert "1.1" in s.message and "levels" in s.message


def test_the_search_stops_at_the_first_level_within_the_tolerance():
    calls: list[float] = []
    # linear: the secant step from the bracket ends lands on the root at once
    s = find_level(_evaluator(lambda x: x - 1.0, calls), (0.5, 1.5), 0.01, 12)
    assert s.found and len(calls) == 3


def test_a_gap_of_one_sign_over_the_bracket_is_reported_as_not_in_bracket():
    calls: list[float] = []
    s = find_level(_evaluator(lambda x: 0.2 + 0.1 * x, calls), (0.7, 1.4), 0.01, 12, "trust")
    assert not s.found and s.status == "not_in_bracket"
    assert calls == [0.7, 1.4], "two levels are enough to know"
    assert "no staffing of trust in [0.7, 1.4]" in s.message and "widen equal_budget.bracket" in s.message
    assert s.best is not None and s.best.factor == 0.7  # the nearest


def test_a_step_that_jumps_over_the_target_names_the_levels_on_either_side():
    calls: list[float] = []
    # whole positions: the gap jumps from -3% to +2% at 1.05 and nothing in between
    s = find_level(_evaluator(lambda x: -0.03 if x < 1.05 else 0.02, calls), (0.8, 1.3), 0.01, 30)
    assert not s.found and s.status == "no_level_within_tolerance"
    assert "-3.00%" in s.message and "+2.00%" in s.message and "whole positions" in s.message
    lo = max(x for x in calls if x < 1.05)
    hi = min(x for x in calls if x >= 1.05)
    assert hi - lo <= 2e-3, "the bracket closes in on the jump"


def test_the_number_of_levels_is_capped():
    calls: list[float] = []
    s = find_level(_evaluator(lambda x: -0.03 if x < 1.05 else 0.02, calls), (0.8, 1.3), 0.01, 4)
    assert len(calls) == 4 and not s.found


def test_a_decreasing_gap_is_found_too():
    calls: list[float] = []
    s = find_level(_evaluator(lambda x: 0.5 - 0.4 * x, calls), (0.6, 1.6), 0.01, 12)
    assert s.found and s.best is not None and abs(s.best.factor - 1.25) < 0.03


def test_a_wide_interval_is_flagged():
    e = Evaluation(1.0, 100, 0.2, -3.0, 3.4, 2, 100.0, 0.0)
    assert wide_ci(e, 0.01) and not wide_ci(e, 0.05)
    assert wide_ci(Evaluation(1.0, 100, 0.2, math.nan, math.nan, 1, 100.0, 0.0), 0.01)


# ---- the per-model staffing on the engine --------------------------------------------------


def test_a_models_own_staffing_leaves_the_other_model_and_every_client_unchanged():
    base = sim.config([*SMALL[1:], "replications=1"])
    more = sim.config([*SMALL[1:], "replications=1", "models.trust.capacity_factor=1.4"])
    a, b = run_replication(base, 0), run_replication(more, 0)
    for table in ("visits", "shifts", "staff_days"):
        ma, mb = (t[table][t[table]["model"] == "minute"].reset_index(drop=True) for t in (a, b))
        pd.testing.assert_frame_equal(ma, mb, check_exact=True)
    ta, tb = (t["shifts"][t["shifts"]["model"] == "trust"] for t in (a, b))
    assert tb["caregiver_id"].nunique() > ta["caregiver_id"].nunique(), "more trust staff"
    # the same clients with the same planned visits on the same days
    va, vb = (t["visits"][t["visits"]["model"] == "trust"] for t in (a, b))
    key = ["client_id", "day", "planned_visit"]
    assert set(map(tuple, va[key].to_numpy())) == set(map(tuple, vb[key].to_numpy()))
    ca, cb = (t["metrics"].set_index(["model", "metric"])["value"] for t in (a, b))
    assert ca["minute"].equals(cb["minute"])
    assert cb[("trust", "cost_per_client_month_sek")] > ca[("trust", "cost_per_client_month_sek")]


def test_the_world_of_a_larger_staffing_holds_every_position_of_the_smaller():
    run = sim.config(SMALL)
    w1, w2 = build_world(run, 0, 1.0), build_world(run, 0, 1.3)
    key = {(s.district, s.shift, s.place): (s.fte, s.skills, s.mode) for d in w1.districts for s in d.staff}
    key2 = {(s.district, s.shift, s.place): (s.fte, s.skills, s.mode) for d in w2.districts for s in d.staff}
    assert set(key) < set(key2) and all(key2[k] == v for k, v in key.items())
    assert [c.plans for c in w1.clients] == [c.plans for c in w2.clients]
    np.testing.assert_array_equal(w1.need_noise(5)[0], w2.need_noise(5)[0])


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        (["equal_budget.enabled=true", "equal_budget.model=nobody"], "equal_budget.model"),
        (["equal_budget.enabled=true", "equal_budget.reference=trust"], "equal_budget.reference"),
        (["equal_budget.enabled=true", "equal_budget.bracket=[1.2,0.8]"], "equal_budget.bracket"),
        (["equal_budget.enabled=true", "equal_budget.cost_metric=money"], "equal_budget.cost_metric"),
        (["models.trust.capacity_factor=0"], "models.trust.capacity_factor"),
        (
            ["models.trust.capacity_factor=1.2", "scenario.staffing.caregivers_per_district=20"],
            "scenario.staffing.caregivers_per_district",
        ),
        (
            ["transition.enabled=true", "models.trust.capacity_factor=1.2", "horizon_days=120"],
            "models.trust.capacity_factor",
        ),
    ],
)
def test_a_search_that_cannot_run_is_refused_naming_the_key(overrides, key):
    with pytest.raises(ConfigError) as err:
        sim.config(overrides)
    assert err.value.key == key


# ---- the experiment end to end ---------------------------------------------------------------

TINY = [
    "scenario=classroom",
    "replications=2",
    "horizon_days=7",
    "warmup_days=3",
    "n_jobs=1",
    "models.trust.organisation.team_size=5",
]


def _run_cli(args: list[str], out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sim", *args, f"hydra.run.dir={out}"],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def equal_cost_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("eb") / "run"
    done = _run_cli(["+experiment=equal_budget", *TINY, "equal_budget.tolerance=0.03"], out)
    assert done.returncode == 0, done.stderr[-2000:]
    return out


def test_the_experiment_writes_its_tables_and_a_report(equal_cost_run: Path):
    ev = pd.read_csv(equal_cost_run / "equal_budget_evaluations.csv")
    assert list(ev["capacity_factor"][:2]) == [0.6, 1.5] and ev["chosen"].sum() == 1
    info = json.loads((equal_cost_run / "run_info.json").read_text())
    found = info["equal_budget"]["trust"]
    chosen = ev[ev["chosen"]].iloc[0]
    assert found["capacity_factor"] == pytest.approx(chosen["capacity_factor"])
    summary = pd.read_csv(equal_cost_run / "equal_budget_summary.csv")
    cost = summary[summary["metric"] == "cost_per_client_month_sek"].set_index("model")["mean"]
    gap = cost["trust"] / cost["minute"] - 1
    assert gap == pytest.approx(chosen["rel_gap"], abs=1e-9)
    if found["status"] == "converged":
        assert abs(gap) <= 0.03
    comparison = pd.read_csv(equal_cost_run / "equal_budget_comparison.csv")
    assert {"unmet_need_min_per_client_week", "staff_per_client_14d"} <= set(comparison["metric"])
    html = (equal_cost_run / "report.html").read_text()
    assert "At equal cost" in html and "The search" in html and "data:image/png" in html
    assert (equal_cost_run / "plots" / "equal_budget_search.png").stat().st_size > 0


def test_the_report_reads_in_swedish(equal_cost_run: Path, tmp_path: Path):
    from sim.equal_budget import read_equal_budget
    from sim.report.__main__ import load_run_config
    from sim.report.equal_budget_report import build_equal_budget_html

    # the outcome of the command-line run, read back from its folder (not searched again)
    run, out = load_run_config(equal_cost_run), read_equal_budget(equal_cost_run)
    html = build_equal_budget_html(run, out, tmp_path, "sv", {})
    assert "Till samma kostnad" in html and "Sökningen" in html
    assert "{" not in html.split("<style>")[0] + html.split("</style>")[1], "an unfilled placeholder"


def test_no_equal_cost_staffing_in_range_is_said_clearly(tmp_path: Path):
    out = tmp_path / "run"
    done = _run_cli(["+experiment=equal_budget", *TINY, "equal_budget.bracket=[1.6,2.0]"], out)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "no staffing of trust in [1.6, 2]" in done.stdout
    info = json.loads((out / "run_info.json").read_text())
    assert info["equal_budget"]["trust"]["status"] == "not_in_bracket"
    assert "widen equal_budget.bracket" in (out / "report.html").read_text()


def test_the_converse_finds_each_models_staffing_for_a_quality(tmp_path: Path):
    out = tmp_path / "run"
    args = [
        "+experiment=equal_budget",
        *TINY,
        "equal_budget.goal=quality",
        "equal_budget.quality_metric=overtime_min_per_shift",
        "equal_budget.quality_target=5",
        "equal_budget.tolerance=0.2",
        "equal_budget.max_evaluations=4",  # per model: both searched, the report written
    ]
    done = _run_cli(args, out)
    assert done.returncode == 0, done.stderr[-2000:]
    ev = pd.read_csv(out / "equal_budget_evaluations.csv")
    assert set(ev["model"]) == {"minute", "trust"}
    info = json.loads((out / "run_info.json").read_text())
    assert set(info["equal_budget"]) == {"minute", "trust"}
    assert "equal quality" in (out / "report.html").read_text()


def test_the_report_is_rebuilt_from_the_folder(equal_cost_run: Path):
    from sim.report.__main__ import build

    before = json.loads((equal_cost_run / "run_info.json").read_text())["equal_budget"]
    html = build(equal_cost_run, "sv").read_text()
    assert "Till samma kostnad" in html and "Sökningen" in html
    assert before["trust"]["message"].split(":")[0] in json.dumps(before)
