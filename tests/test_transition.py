"""The phased transition (issue 11): a district switches models on a date without losing its
people, and the experiment's monthly table, transition cost and break-even add up."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pandas as pd
import pytest
from simhelpers import TWO_DISTRICTS

import sim
from sim.config import ConfigError
from sim.engine.learning import Learning
from sim.engine.policy_api import Switch
from sim.experiment import model_run
from sim.transition import months, payback, plan_days, run_arm, run_transition
from sim.world.build import build_world

# two districts switching a month apart: centrum on 2025-02-01, b on 2025-03-01
PLAN = [
    *(o for o in TWO_DISTRICTS if not o.startswith(("horizon_days", "warmup_days", "replications"))),
    "replications=2",
    "warmup_days=10",
    "horizon_days=70",
    "transition.enabled=true",
    "transition.first_wave_month=1",
    "transition.districts_per_wave=1",
    "transition.months_between_waves=1",
    "transition.training_days=14",
    "transition.training_min_per_shift=45",
]


@pytest.fixture(scope="module")
def plan():
    return sim.config(PLAN)


@pytest.fixture(scope="module")
def switch_plan():
    """The plan run to three weeks after centrum's switch on 2025-02-01 (b's in March lies beyond
    it): enough for the tests of one district's switch, its 14 learning days and a week after."""
    return sim.config([*PLAN, "horizon_days=45"])


TOLD: list[tuple[int, str]] = []
# the event tables of every district run of `result`, by (replication, arm, district index)
RUNS: dict[tuple[int, str, int], dict[str, pd.DataFrame]] = {}


@pytest.fixture(scope="module")
def result(plan):
    """The whole plan, serially; each district run's event tables are kept in RUNS, so the tests
    of what an arm ran read them instead of running the arm again."""
    n = len(plan.scenario.districts)
    tasks = [(r, arm, d) for r in range(plan.replications) for arm in plan.transition.arms for d in range(n)]
    with pytest.MonkeyPatch.context() as mp:
        captured = _spy_on_runs(mp)
        out = run_transition(plan, n_jobs=1, progress=lambda k, what: TOLD.append((k, what)))
    assert len(captured) == len(tasks)  # one model run per task, in the order of the tasks
    RUNS.update(zip(tasks, captured, strict=True))
    return out


def test_progress_is_told_as_each_district_run_finishes(result):
    assert [k for k, _ in TOLD] == list(range(1, 2 * 3 * 2 + 1))
    assert TOLD[0][1] == "replication 1, stay, centrum"


@pytest.fixture(scope="module")
def switched_district(switch_plan):
    """District 0 run minute-controlled throughout, and switched to trust on its date."""
    plan = switch_plan
    world = build_world(plan, 0)
    day = plan_days(plan)[0]
    stay = model_run(world, "minute", plan.models["minute"], districts=[0]).run()
    switch = Switch(day, "trust", plan.models["trust"], Learning(days=14, training_min=45.0))
    mr = model_run(world, "minute", plan.models["minute"], districts=[0], switches=[switch])
    phased = mr.run()
    return day, stay, phased, mr


def test_the_plan_switches_each_district_on_the_first_of_its_month(plan):
    world = build_world(plan, 0)
    days = plan_days(plan)
    assert [str(world.calendar.date(d)) for _, d in sorted(days.items())] == ["2025-02-01", "2025-03-01"]


def test_before_the_switch_everything_is_as_if_nothing_changed(switched_district):
    day, stay, phased, _ = switched_district
    for table in ("visits", "shifts", "staff_days", "alarms"):
        a, b = stay[table], phased[table]
        pd.testing.assert_frame_equal(
            a[a["day"] < day].reset_index(drop=True),
            b[b["day"] < day].reset_index(drop=True),
            check_exact=True,
        )


def test_the_switch_reorganises_the_same_people_into_teams(switched_district):
    day, stay, phased, mr = switched_district
    v = phased["visits"]
    assert v[v["day"] < day]["unit"].nunique() == 1  # the district pool
    assert v[v["day"] >= day]["unit"].nunique() > 1  # teams
    assert mr.name == "trust" and len(mr.units) > 1
    sd_a, sd_b = stay["staff_days"], phased["staff_days"]
    on_day = ["slot_id", "caregiver_id", "stress"]
    # the staff of the switch day are the same people with the stress they had
    pd.testing.assert_frame_equal(
        sd_a[sd_a["day"] == day][on_day].reset_index(drop=True),
        sd_b[sd_b["day"] == day][on_day].reset_index(drop=True),
    )


def test_after_the_switch_the_team_answers_daytime_alarms(switch_plan):
    plan = switch_plan
    # the dispatcher asks the policy at each call, so the new model's alarm rule applies
    trust = plan.models["trust"]
    eager = dataclasses.replace(
        trust, execution=dataclasses.replace(trust.execution, alarm_rule="within_guarantee")
    )
    world = build_world(plan, 0)
    day = plan_days(plan)[0]
    mr = model_run(
        world, "minute", plan.models["minute"], districts=[0], switches=[Switch(day, "trust", eager)]
    )
    a = mr.run()["alarms"]
    assert (a[a["day"] < day]["responder"] != "team").all()  # minute control: the alarm unit
    assert (a[a["day"] >= day]["responder"] == "team").any()


def test_teams_start_from_the_granted_times(switched_district):
    day, stay, phased, _ = switched_district
    key = ["client_id", "planned_visit"]
    a = stay["visits"][stay["visits"]["day"] == day].set_index(key)["allotted_min"]
    b = phased["visits"][phased["visits"]["day"] == day].set_index(key)["allotted_min"]
    assert len(b) > 0
    pd.testing.assert_series_equal(a.sort_index(), b.sort_index())
    later = phased["visits"][phased["visits"]["day"] >= day + 7]
    granted = stay["visits"][stay["visits"]["day"] >= day + 7]
    assert later["allotted_min"].sum() != pytest.approx(granted["allotted_min"].sum())  # then learned


def test_the_learning_period_takes_time_off_the_floor(plan, switched_district):
    day, _, phased, _ = switched_district
    s = phased["shifts"]
    meeting = plan.models["trust"].overheads.daily_meeting_min
    during = s[(s["day"] >= day) & (s["day"] < day + 14)]
    after = s[s["day"] >= day + 14]
    assert len(during) and len(after)
    assert (during["meeting_min"] >= meeting + 45 - 1e-9).all()
    assert (after["meeting_min"] <= meeting + 1e-9).all()


def test_monthly_table_is_tidy_and_the_municipality_adds_up(plan, result):
    m = result["monthly"]
    assert list(m.columns) == ["replication", "arm", "month", "district", "metric", "value"]
    assert set(m["arm"]) == {"stay", "phased", "switched"}
    world = build_world(plan, 0)
    assert sorted(m["month"].unique()) == [x.label for x in months(world)]
    cost = m[m["metric"] == "cost_sek"].pivot_table(
        index=["replication", "arm", "month"], columns="district", values="value"
    )
    pd.testing.assert_series_equal(
        cost["all"], cost[["centrum", "b"]].sum(axis=1), check_names=False, rtol=1e-12
    )
    # the arms share the world: before the first switch, phased costs exactly what staying does
    first = m[(m["month"] == "2025-01") & (m["metric"] == "cost_sek")].pivot_table(
        index=["replication", "district"], columns="arm", values="value"
    )
    pd.testing.assert_series_equal(first["phased"], first["stay"], check_names=False)


def test_run_on_costs_follow_the_switch(plan, result):
    m = result["monthly"]
    run_on = m[(m["metric"] == "run_on_cost_sek") & (m["arm"] == "phased") & (m["district"] == "centrum")]
    by_month = run_on.groupby("month")["value"].mean()
    assert by_month["2025-01"] == 0.0 and by_month["2025-02"] > 0.0
    assert (m[(m["metric"] == "run_on_cost_sek") & (m["arm"] != "phased")]["value"] == 0).all()


def test_one_off_costs_fall_in_each_districts_switch_month(plan, result):
    """Course fees per caregiver position, equipment per new team and the systems' change per
    district, once, in the phased arm's switch month of each district; never in the other arms."""
    t = plan.transition
    m = result["monthly"]
    one_off = m[m["metric"] == "one_off_cost_sek"]
    assert (one_off[one_off["arm"] != "phased"]["value"] == 0).all()
    for r in sorted(one_off["replication"].unique()):
        world = build_world(plan, int(r))
        for d, month in (("centrum", "2025-02"), ("b", "2025-03")):
            mine = one_off[
                (one_off["arm"] == "phased") & (one_off["district"] == d) & (one_off["replication"] == r)
            ]
            by_month = mine.set_index("month")["value"]
            assert (by_month.drop(month) == 0).all(), by_month
            staff = len(world.districts[list(plan.scenario.districts).index(d)].staff)
            rest = (
                by_month[month] - t.course_fee_per_caregiver_sek * staff - t.systems_change_per_district_sek
            )
            teams = rest / t.equipment_per_team_sek
            assert teams >= 1 and teams == pytest.approx(round(teams)), teams
    # the municipality's row sums the districts', and the switch's cost counts in cost_sek
    total = one_off[(one_off["arm"] == "phased") & (one_off["district"] == "all")]["value"].sum()
    districts = one_off[(one_off["arm"] == "phased") & (one_off["district"] != "all")]["value"].sum()
    assert total == pytest.approx(districts) and total > 0
    costs = result["costs"]
    phased = costs[(costs["arm"] == "phased") & (costs["component"] == "one_off")]["sek"].sum()
    assert phased == pytest.approx(districts)


def test_payback_finds_the_break_even_month(plan):
    rows = []
    months_ = ["2025-01", "2025-02", "2025-03"]
    # phased costs 10 more than staying in January, 4 less in February and 7 less in March:
    # cumulative +10, +6, -1: paid back in March
    for arm, costs in {"stay": [100, 100, 100], "phased": [110, 96, 93], "switched": [100, 90, 90]}.items():
        for month, c in zip(months_, costs, strict=True):
            for district in ("all", "centrum", "b"):
                rows.append((0, arm, month, district, "cost_sek", float(c)))
    monthly = pd.DataFrame(rows, columns=["replication", "arm", "month", "district", "metric", "value"])
    table = payback(plan, monthly)
    assert table.loc[0, "break_even_month"] == "2025-03"
    assert table.loc[0, "final_cumulative_sek"] == pytest.approx(-1.0)
    # centrum from February (+6, +3), b from March (+3), within the run-on window
    assert table.loc[0, "transition_cost_sek"] == pytest.approx(12.0)


def test_replications_run_alike_in_parallel(plan, result):
    # the first replication alone (its streams are keyed by replication, so it is the same run),
    # its six district runs shared by two processes
    par = run_transition(dataclasses.replace(plan, replications=1), n_jobs=2)["monthly"]
    want = result["monthly"][result["monthly"]["replication"] == 0].reset_index(drop=True)
    pd.testing.assert_frame_equal(par.reset_index(drop=True), want, check_exact=True)


def test_a_single_arm_is_its_own_run(plan, result):
    again = run_arm(plan, 1, "switched")
    want = result["monthly"]
    want = want[(want["replication"] == 1) & (want["arm"] == "switched")].reset_index(drop=True)
    pd.testing.assert_frame_equal(again, want, check_exact=True)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("transition.order=[nowhere]", "transition.order: unknown district 'nowhere'"),
        ("transition.to_model=minute", "transition.to_model: must differ from from_model"),
        ("transition.from_model=hybrid", "transition.from_model: must be one of minute, trust"),
        ("transition.arms=[stay,switched]", "transition.arms: must include phased"),
        # three identical arms: refused rather than run and reported in a line of the output
        ("transition.first_wave_month=5", "transition.first_wave_month: no district switches within the run"),
    ],
)
def test_a_plan_that_cannot_run_is_one_clear_line(override, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        sim.config([*PLAN, override])


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2026-02-01", "must lie within the run"),
        ("soon", "must be a date YYYY-MM-DD"),
    ],
)
def test_switch_dates_are_checked(date, message):
    with pytest.raises(ConfigError, match=f"transition.switch_dates.b: {message}"):
        sim.config([*PLAN, "transition.schedule=dates", f"+transition.switch_dates.b={date}"])


def test_the_command_line_writes_the_transition_tables(tmp_path):
    run_dir = tmp_path / "run"
    small = [  # fewer clients: what is checked is what the command line writes and prints
        *PLAN,
        "replications=1",
        "horizon_days=40",
        "scenario.districts.centrum.n_clients=15",
        "scenario.districts.b.n_clients=12",
    ]
    proc = subprocess.run(
        [sys.executable, "-m", "sim", *small, f"hydra.run.dir={run_dir}"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    for name in (
        "transition_monthly.parquet",
        "transition_summary.csv",
        "transition_payback.csv",
        "transition_costs.csv",
        "transition_cost_bridge.csv",
    ):
        assert (run_dir / name).is_file(), name
    assert {p.name for p in (run_dir / "plots").iterdir()} >= {"transition_all.png", "transition_b.svg"}
    assert "Switch plan: centrum 2025-02\n" in proc.stdout
    assert "Planned after the run ends (not simulated): b 2025-03" in proc.stdout
    assert not [p for p in run_dir.iterdir() if p.name.startswith(".") and p.name != ".hydra"]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_report_tells_the_council_what_the_switch_costs(plan, result, tmp_path, lang):
    from sim.plots.transition import plot_transition
    from sim.report.transition_report import write_transition_report
    from sim.transition import switch_months

    marks = switch_months(plan)
    plot_transition(result["summary"], marks, tmp_path / "plots", "all", lang)
    html = write_transition_report(tmp_path, result, plan, marks, lang).read_text(encoding="utf-8")
    words = {"en": ("The switch itself", "2025-02", "<img"), "sv": ("Själva bytet", "mnkr", "<img")}[lang]
    for w in words:
        assert w in html, w
    assert "transition.training_days" in html and "Sundsvall" in html


def _spy_on_runs(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, pd.DataFrame]]:
    """Record the event tables of every model run the transition makes."""
    import sim.transition as transition

    captured: list[dict[str, pd.DataFrame]] = []
    real = transition.model_run

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        mr = real(*args, **kwargs)
        run = mr.run

        def recorded():  # type: ignore[no-untyped-def]
            frames = run()
            captured.append(frames)
            return frames

        mr.run = recorded
        return mr

    monkeypatch.setattr(transition, "model_run", spy)
    return captured


def test_the_arm_in_which_nobody_switches_is_a_plain_minute_controlled_run(plan, result):
    from sim.experiment import run_replication

    # the stay arm of replication 0, as the transition ran it (district by district)
    captured = [RUNS[(0, "stay", d)] for d in range(len(plan.scenario.districts))]
    plain = run_replication(dataclasses.replace(plan, compare=["minute"]), 0)
    for table in ("visits", "shifts", "staff_days", "alarms"):
        got = pd.concat([c[table] for c in captured], ignore_index=True)
        want = plain[table].drop(columns=["replication", "model"])
        pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_every_arm_sees_the_same_needs(plan, result):
    # replication 1 of each arm, as the transition ran it: (stay, phased, switched) × 2 districts
    captured = [RUNS[(1, arm, d)] for arm in ("stay", "phased", "switched") for d in range(2)]
    key = ["day", "client_id", "planned_visit"]
    needs = [
        pd.concat([c["visits"] for c in captured[i : i + 2]]).set_index(key)["base_need_min"].sort_index()
        for i in (0, 2, 4)
    ]
    assert len(needs[0]) > 1000
    for other in needs[1:]:
        pd.testing.assert_series_equal(other, needs[0], check_exact=True)


def test_what_staff_know_of_their_clients_carries_across_the_switch(switch_plan):
    plan = switch_plan
    world = build_world(plan, 0)
    day = plan_days(plan)[0]
    switch = Switch(day, "trust", plan.models["trust"], Learning(days=14, training_min=45.0))
    mr = model_run(world, "minute", plan.models["minute"], districts=[0], switches=[switch])
    seen = {}
    real = mr.switch_model

    def watched(s):  # type: ignore[no-untyped-def]
        seen["before"] = (mr.fam._count[0].copy(), dict(mr.fam._rows[0]), dict(mr.holder))
        real(s)
        seen["after"] = (mr.fam._count[0].copy(), dict(mr.fam._rows[0]), dict(mr.holder))
        seen["day"] = int(mr.env.now // 1440)

    mr.switch_model = watched  # type: ignore[method-assign]
    mr.run()
    assert seen["day"] == day  # switched exactly on its date
    (count_b, rows_b, holders_b), (count_a, rows_a, holders_a) = seen["before"], seen["after"]
    assert count_b.sum() > 0
    assert (count_a == count_b).all() and rows_a == rows_b  # acquaintances kept
    assert holders_a == holders_b  # the same people hold the same positions


class _Built(Exception):
    """Raised by a stand-in world builder once it has seen its arguments."""


def test_the_transition_staffs_its_world_at_the_models_capacity_factor(monkeypatch):
    """Both models at capacity_factor 1.3 (the check demands them equal): the transition's world
    is staffed at 1.3, not at the scenario's 1.0 (issue 25: it used to ignore the factor)."""
    import sim.transition as transition

    run = sim.config([*PLAN, "models.minute.capacity_factor=1.3", "models.trust.capacity_factor=1.3"])
    seen: list[float] = []

    def built(run_, replication, capacity_factor=1.0):
        seen.append(capacity_factor)
        raise _Built

    monkeypatch.setattr(transition, "build_world", built)
    with pytest.raises(_Built):
        transition.run_district_parts(run, 0, "phased", 0)
    assert seen == [1.3]
    more, usual = build_world(run, 0, 1.3), build_world(run, 0)
    assert len(more.districts[0].staff) > len(usual.districts[0].staff)
