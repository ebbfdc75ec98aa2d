"""A real unit as it really runs (issue 24): rosters as they are, a true replay, the plan audit
as the yardstick, and the guards — on the realistic synthetic example unit
(examples/realistic_unit: 32 caregivers on 14 different shift hours, a split shift, breaks at
set times, home starts, staggered double visits, linked visits, refusals, a history)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim
from sim.data.audit import plan_audit
from sim.data.files import read_unit
from sim.engine import caregiver
from sim.engine.simulate import ModelRun
from sim.world.imported import REPLAY

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "examples" / "realistic_unit"
BASE = ["scenario=from_data", f"data.dir={REAL}", "replications=1", "warmup_days=3"]
# nobody falls ill or quits: the replay must then keep the plan's people
NO_ABSENCE = ["scenario.stress.sick_start_probability=0", "scenario.stress.turnover_per_year=0"]


@pytest.fixture(scope="module")
def res() -> sim.Results:
    return sim.run(BASE, n_jobs=1)


@pytest.fixture(scope="module")
def present() -> sim.Results:
    return sim.run([*BASE, *NO_ABSENCE], n_jobs=1)


def _measured(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["day"] >= 3]


def test_a_dated_one_day_export_runs_as_that_day(res: sim.Results):
    assert sorted(_measured(res.visits)["day"].unique()) == [3]
    cfg = sim.config(BASE)
    assert cfg.horizon_days == 1 and cfg.compare == ["minute", "trust", REPLAY]
    assert cfg.scenario.start_date == "2026-03-11"
    # the warm-up repeats that Wednesday: the same visits every day
    per_day = res.visits[res.visits["model"] == REPLAY].groupby("day").size()
    assert per_day.nunique() == 1


def test_every_visit_is_made_by_someone_on_duty_then(res: sim.Results):
    """Each performer's shift of the day holds the visit's start (no grouping of staff by shift
    type decides who may take a visit: 14 different shift hours plan as one day)."""
    v = _measured(res.visits)
    v = v[~v["missed"]]
    sh = _measured(res.shifts)
    for model in ("minute", "trust", REPLAY):
        mine, runs = v[v["model"] == model], sh[sh["model"] == model]
        for who in ("caregiver_id", "second_caregiver_id"):
            made = mine[mine[who] >= 0].merge(
                runs[["day", "caregiver_id", "start", "finish"]],
                left_on=["day", who],
                right_on=["day", "caregiver_id"],
                suffixes=("", "_run"),
            )
            if who == "caregiver_id":  # the first starts the visit within their shift
                inside = (made["start"] <= made["actual_start"] + 1e-6) & (
                    made["actual_start"] <= made["finish"]
                )
            else:  # a staggered pair's second joins part-way: their shift meets the visit
                inside = (made["start"] <= made["end"] + 1e-6) & (made["actual_start"] <= made["finish"])
            # each visit performed within one of that person's shifts of the day
            ok = inside.groupby(made["visit_uid"]).any()
            assert ok.all(), (model, who, ok[~ok].index.tolist()[:5])


def test_nobody_carries_a_day_of_visits_and_no_shift_runs_on(res: sim.Results):
    """The bug this issue began with: one position made 183 visits a day and shifts ran for days."""
    unit = read_unit(REAL)
    audit = plan_audit(unit)
    assert audit is not None
    most_planned = audit.caregiver_days["caregiver_visits"].max()
    sh = _measured(res.shifts)
    per_person = sh.groupby(["model", "caregiver_id"])["visits"].sum()
    assert per_person.max() <= 2 * most_planned, per_person.sort_values().tail()
    assert sh["overtime_min"].max() <= 180.0  # no shift ends more than 3 h after its end


def test_the_replay_keeps_every_visit_on_its_planned_caregivers_when_nobody_is_absent(present: sim.Results):
    v = _measured(present.visits)
    mine = v[(v["model"] == REPLAY) & (v["planned_caregiver_id"] >= 0)]
    assert len(mine) > 300 and not mine["missed"].any()
    first = (mine["caregiver_id"] == mine["planned_caregiver_id"]) | (
        mine["second_caregiver_id"] == mine["planned_caregiver_id"]
    )
    assert first.all(), mine.loc[~first, ["visit", "caregiver", "planned_caregiver"]].head()
    pairs = mine[mine["planned_second_caregiver_id"] >= 0]
    assert len(pairs) >= 10
    both = pairs[["caregiver_id", "second_caregiver_id"]].apply(set, axis=1) == pairs[
        ["planned_caregiver_id", "planned_second_caregiver_id"]
    ].apply(set, axis=1)
    assert both.all()
    m = present.summary.set_index(["model", "metric"])["mean"]
    assert m[(REPLAY, "plan_kept_caregiver_share")] == 1.0
    # the simulated planners make their own plan: they keep few of the unit's pairings
    assert m[("minute", "plan_kept_caregiver_share")] < 0.5


def test_the_replay_starts_no_visit_before_its_planned_start(present: sim.Results):
    unit = read_unit(REAL)
    planned = dict(zip(unit.visits["visit_id"], unit.visits["planned_start_min"], strict=True))
    v = _measured(present.visits)
    mine = v[(v["model"] == REPLAY) & ~v["missed"]]
    start_in_day = mine["actual_start"] - mine["day"] * 1440
    assert (start_in_day >= mine["visit"].map(planned) - 1e-6).all()


def test_the_replay_is_close_to_the_plan_on_paper(present: sim.Results):
    """The replay's care and travel shares stay near the plan audit's (the issue asks a held-out
    unit for 10 and 5 percentage points; experiments/unit_replay.py measures them over many
    replications). Care falls short of paper: the plan's tight transitions keep caregivers
    behind, and minute-controlled execution cuts care to catch up."""
    paper = dict(zip(present.plan_audit["figure"], present.plan_audit["value"], strict=True))
    m = present.summary.set_index(["model", "metric"])["mean"]
    assert 0.0 < paper["care_time_share"] - m[(REPLAY, "care_time_share")] < 0.12
    assert abs(m[(REPLAY, "travel_time_share")] - paper["travel_time_share"]) < 0.05


def test_the_plan_audit_of_a_run_is_that_of_the_files(res: sim.Results):
    audit = plan_audit(read_unit(REAL))
    assert audit is not None
    pd.testing.assert_frame_equal(res.plan_audit, audit.table())
    assert audit.figures["short_transitions"] > 0 and audit.figures["planned_outside_shift"] == 2


def test_a_linked_visit_keeps_its_gap_after_the_one_it_follows(res: sim.Results):
    unit = read_unit(REAL)
    linked = unit.visits[unit.visits["follows"] != ""]
    assert len(linked) >= 1
    v = _measured(res.visits)
    for model in ("minute", "trust", REPLAY):
        starts = v[(v["model"] == model) & ~v["missed"]].set_index("visit")["actual_start"]
        for r in linked.itertuples():
            if r.visit_id in starts and r.follows in starts:
                assert starts[r.visit_id] - starts[r.follows] >= r.follows_min_gap - 1e-6, (model, r.visit_id)


def test_a_staggered_double_visit_has_its_second_caregiver_join_part_way(present: sim.Results):
    unit = read_unit(REAL)
    late = unit.visits[unit.visits["double_staffed"] & (unit.visits["second_offset_min"] > 0)]
    v = _measured(present.visits)
    mine = v[(v["model"] == REPLAY) & v["visit"].isin(late["visit_id"]) & ~v["missed"]]
    assert len(mine) >= 5
    act = present.events["activities"]
    act = act[(act["model"] == REPLAY) & (act["kind"] == "care")]
    for r in mine.itertuples():
        care = act[act["visit_uid"] == r.visit_uid].groupby("caregiver_id").agg(start=("start", "min"))
        assert len(care) == 2
        # the first starts alone; the second joins later (their care starts after the first's)
        assert care["start"].max() > care["start"].min() + 1.0


def _planted(monkeypatch: pytest.MonkeyPatch) -> None:
    """A planted bug: every shift handed out twice, and the engine no longer waits for a person's
    previous shift to end."""

    def no_wait(mr: ModelRun, run: object):  # type: ignore[no-untyped-def]
        return iter(())

    original = ModelRun._runs

    def twice(self: ModelRun, *args: object):  # type: ignore[no-untyped-def]
        return original(self, *args) + original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(caregiver, "wait_for_previous_shift", no_wait)
    monkeypatch.setattr(ModelRun, "_runs", twice)


def test_the_guard_stops_a_run_that_puts_a_person_in_two_places(monkeypatch: pytest.MonkeyPatch):
    _planted(monkeypatch)
    with pytest.raises(sim.InvariantError, match=r"caregiver P-\d+ would be in two places"):
        sim.run([*BASE, "warmup_days=0", "compare=[minute]"], n_jobs=1)


def test_the_guard_stops_a_shift_running_on_past_its_end():
    # nobody hands work back before 10 h of overtime, and the guard allows 1 minute past the end
    tight = ["scenario.staffing.max_overtime_min=600", "scenario.guards.max_hours_past_shift_end=0.02"]
    with pytest.raises(sim.InvariantError, match=r"shift of 20\d\d-\d\d-\d\d .* is still going"):
        sim.run([*BASE, "warmup_days=0", "compare=[minute]", *tight], n_jobs=1)


def test_the_command_line_prints_the_plan_table_and_stops_a_broken_run_in_one_line(tmp_path: Path):
    out = tmp_path / "run"
    done = subprocess.run(
        [sys.executable, "-m", "sim", *BASE, "report.enabled=false", f"hydra.run.dir={out}"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "The unit's plan on paper" in done.stdout and "Visits by their planned caregiver" in done.stdout
    assert (
        "n/a: Distinct staff per client, 14 days: needs 14 measured days; the run measures 1" in done.stdout
    )
    audit = pd.read_csv(out / "plan_audit.csv")
    assert {"figure", "value", "unit", "description"} <= set(audit.columns)
    visits = pd.read_parquet(out / "visits.parquet")
    assert visits["caregiver"].str.match(r"^(P-\d+|substitute-\d+|.*newcomer.*|)$").all()
    assert visits["client"].str.match(r"^K-\d+$").all()
    broken = tmp_path / "broken"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            *BASE,
            "scenario.staffing.max_overtime_min=600",
            "scenario.guards.max_hours_past_shift_end=0.02",
            f"hydra.run.dir={broken}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 3
    lines = [x for x in done.stderr.splitlines() if x.startswith("error:")]
    assert len(lines) == 1 and "is still going" in lines[0] and "Traceback" not in done.stderr
    assert not broken.exists() or not any(broken.iterdir())


def test_a_weekday_pattern_unit_gets_no_warning_for_its_usual_caregivers_days_off():
    unit = read_unit(REPO / "examples" / "unit")
    assert not [w for w in unit.warnings if "has no shift" in w]


def test_the_ids_of_the_files_are_in_every_table(res: sim.Results):
    unit = read_unit(REAL)
    caregivers = set(unit.shifts["caregiver_id"])
    sh = res.shifts
    regular = sh[sh["kind"] == "regular"]
    assert set(regular["position"]) <= caregivers
    assert set(res.events["staff_days"]["position"]) <= caregivers
    assert set(res.visits["client"]) <= set(unit.clients["client_id"])
    assert set(res.visits["visit"]) <= set(unit.visits["visit_id"])
    assert np.isin(
        res.events["activities"]["caregiver"].unique(), [*caregivers, *sh["caregiver"].unique()]
    ).all()
