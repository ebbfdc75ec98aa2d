"""What a unit's own data changes in the simulation (issue 13): a client's refusals keep the
refused caregiver away in every model, a shorter second_min lets the second caregiver of a
double visit leave, a continuity history means caregivers start out knowing their clients, and
visits and shifts given by dates are the weekday patterns of a repeating period."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.config import ConfigError
from sim.data.checks import DataError
from sim.data.files import read_unit
from sim.experiment import run_replication
from sim.world import imported
from sim.world.build import World, build_world
from sim.world.staff import cycle_day

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "unit"
START = pd.Timestamp("2025-03-03")  # the example's start_date, a Monday


def _copy(tmp_path: Path) -> Path:
    out = tmp_path / "unit"
    shutil.copytree(EXAMPLE, out)
    return out


def _table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def _save(folder: Path, name: str, df: pd.DataFrame) -> None:
    df.to_csv(folder / f"{name}.csv", index=False)


def _run(folder: Path, *extra: str) -> dict[str, pd.DataFrame]:
    run = sim.config(["scenario=from_data", f"data.dir={folder}", "replications=1", *extra])
    return run_replication(run, 0)


def _positions_of(folder: Path, caregivers: set[str]) -> set[int]:
    unit = read_unit(folder)
    return {p for cg, p in imported.positions(unit, 0).items() if cg in caregivers}


def test_a_refused_caregiver_never_visits_the_client_in_any_model(tmp_path: Path):
    folder = _copy(tmp_path)
    refused = {"cg-day-1", "cg-day-2"}
    before = _run(folder, "horizon_days=21")["visits"]
    positions = _positions_of(folder, refused)
    client = before[before["caregiver_id"].isin(positions)]["client_id"].value_counts().index[0]
    clients = _table(folder, "clients")
    clients.loc[client, "avoid_caregivers"] = "|".join(sorted(refused))
    _save(folder, "clients", clients)
    visits = _table(folder, "visits")  # the plan may not give the client to them either
    mine = visits["client_id"] == clients.loc[client, "client_id"]
    visits.loc[mine & visits["planned_caregiver"].isin(refused), "planned_caregiver"] = ""
    _save(folder, "visits", visits)
    after = _run(folder, "horizon_days=21")["visits"]
    for model, g in after[after["client_id"] == client].groupby("model"):
        served = set(g["caregiver_id"]) | set(g["second_caregiver_id"])
        assert not served & positions, model
        assert len(g) > 0 and g["missed"].mean() < 0.2, model
    # before the refusal they did visit the client: the test can fail
    assert set(before[before["client_id"] == client]["caregiver_id"]) & positions


def test_a_refusal_keeps_substitutes_and_the_others_able_to_come():
    run = sim.config(["scenario=from_data", f"data.dir={EXAMPLE}", "replications=1"])
    unit = imported.unit_of(run)
    unit.clients.loc[0, "avoid_caregivers"] = "cg-day-1"
    clients = imported.imported_clients(run, unit, 0, 0, build_world(run, 0).calendar, 0)
    facts = imported.unit_facts(run, unit, clients, 0)
    refused = {p for cg, p in imported.positions(unit, 0).items() if cg == "cg-day-1"}
    assert facts["refusal_skills"] == {"not:cg-day-1"}
    assert set(facts["own_refusals"]) == refused
    assert all(p.refusals == {"not:cg-day-1"} for p in clients[0].plans)
    assert all(not p.refusals for c in clients[1:] for p in c.plans)


def test_the_second_caregiver_stays_for_second_min_only(tmp_path: Path):
    folder = _copy(tmp_path)
    visits = _table(folder, "visits")
    double = visits["double_staffed"] == "true"
    visits.loc[double, "second_min"] = (visits.loc[double, "granted_min"].astype(float) / 3).map(str)
    _save(folder, "visits", visits)
    out = _run(folder, "horizon_days=14")
    vis, act = out["visits"], out["activities"]
    care = act[act["kind"] == "care"].merge(
        vis[["model", "visit_uid", "double", "delivered_min"]], on=["model", "visit_uid"]
    )
    care = care[care["double"] & (care["delivered_min"] > 0)]
    stay = (care["end"] - care["start"]) / care["delivered_min"]
    per_visit = stay.groupby([care["model"], care["visit_uid"]]).apply(sorted)
    assert len(per_visit) > 20
    for shares in per_visit:  # one caregiver the whole visit, the other a third of it
        assert shares == pytest.approx([1 / 3, 1.0])


def test_a_continuity_history_means_caregivers_start_out_knowing_their_clients(tmp_path: Path):
    folder = _copy(tmp_path)
    days = ["horizon_days=2", "warmup_days=0"]
    stranger = _run(folder, *days)["visits"]
    clients, staff = _table(folder, "clients"), _table(folder, "caregivers")
    pairs = pd.MultiIndex.from_product([clients["client_id"], staff["caregiver_id"].unique()])
    _save(
        folder,
        "continuity",
        pairs.to_frame(index=False, name=["client_id", "caregiver_id"]).assign(visits=50),
    )
    known = _run(folder, *days)["visits"]
    for model in ("minute", "trust"):
        a = stranger[(stranger["model"] == model) & (stranger["day"] == 0)]["need_min"].sum()
        b = known[(known["model"] == model) & (known["day"] == 0)]["need_min"].sum()
        assert b < 0.97 * a, model  # a stranger's extra time is gone


def _demand(world: World) -> set[tuple[int, int, int, int, float]]:
    cal = world.calendar
    return {
        (c.id, d, p.earliest_min, p.latest_min, p.standard_min)
        for d in range(world.n_days)
        for c in world.clients
        for p in c.plans
        if p.active(cal.weekday(d), cal.week(d))
    }


def _duty(world: World) -> set[tuple[int, int]]:
    staffing = world.scenario.staffing
    return {
        (s.id, d)
        for d in range(world.n_days)
        for s in world.districts[0].staff
        if cycle_day(world.calendar, staffing, d) in s.cycle_days
    }


def _world(folder: Path, *extra: str) -> World:
    run = sim.config(["scenario=from_data", f"data.dir={folder}", "horizon_days=35", "warmup_days=0", *extra])
    return build_world(run, 0)


def _as_dates(df: pd.DataFrame, weeks: int) -> pd.DataFrame:
    """Each weekday pattern as its dates in a dated period of ``weeks`` weeks from START."""
    out = df.copy()
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    for i, r in df.iterrows():
        every, offset = int(r["every_weeks"] or 1), int(r["week_offset"] or 0)
        on = [names.index(x) for x in r["weekdays"].split("|")]
        out.loc[i, "dates"] = "|".join(
            str((START + pd.Timedelta(days=7 * w + d)).date())
            for w in range(weeks)
            if (w - offset) % every == 0
            for d in on
        )
    return out.assign(weekdays="", every_weeks="", week_offset="")


def test_visits_and_shifts_on_dates_are_the_same_as_their_weekday_patterns(tmp_path: Path):
    folder = _copy(tmp_path)
    patterns = _world(folder, "horizon_days=42")
    for name in ("visits", "caregivers"):
        _save(folder, name, _as_dates(_table(folder, name), weeks=2))
    unit = read_unit(folder)
    assert unit.cycle_weeks == 2 and (unit.visits["dates"] != "").all()
    assert _world(folder).n_days == 14  # a dated export runs as its days …
    dated = _world(folder, "data.repeat=3")  # … or repeated when asked
    assert _demand(dated) == _demand(patterns) and len(_demand(patterns)) > 1000
    assert _duty(dated) == _duty(patterns) and len(_duty(patterns)) > 200


def test_a_week_offset_counts_weeks_from_the_week_of_start_date(tmp_path: Path):
    folder = _copy(tmp_path)
    visits = _table(folder, "visits")
    visits.loc[0, ["weekdays", "every_weeks", "week_offset"]] = ["Mon", "4", "1"]
    _save(folder, "visits", visits)
    world = _world(folder)
    cal, first = world.calendar, world.clients[0].plans[0]
    weeks = {
        cal.week(d) - cal.week(0) for d in range(world.n_days) if first.active(cal.weekday(d), cal.week(d))
    }
    assert weeks == {1}  # 35 days: weeks 0-4, so only week 1 (week 5 is past the end)
    assert {cal.weekday(d) for d in range(world.n_days) if first.active(cal.weekday(d), cal.week(d))} == {0}


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        ({"weekdays": "", "dates": ""}, "give weekdays or dates, one of them is required"),
        ({"dates": "2025-03-05"}, "give weekdays or dates, not both"),
        ({"weekdays": "", "dates": "2025-03-32"}, "is not dates such as"),
        ({"weekdays": "", "dates": "5 March"}, "is not dates such as"),
        ({"weekdays": "", "every_weeks": "2", "dates": "2025-03-05"}, "are for weekdays, not dates"),
        ({"weekdays": "", "every_weeks": "", "dates": "2025-03-05|2025-06-30"}, "span 18 calendar weeks"),
    ],
)
def test_rules_of_dates(tmp_path: Path, edit: dict[str, str], words: str):
    folder = _copy(tmp_path)
    visits = _table(folder, "visits")
    for column, value in edit.items():
        visits.loc[2, column] = value
    _save(folder, "visits", visits)
    with pytest.raises(DataError) as err:
        read_unit(folder)
    assert words in str(err.value) and "visits.csv" in str(err.value)


def test_a_planned_caregiver_the_client_refuses_is_an_error(tmp_path: Path):
    folder = _copy(tmp_path)
    visits, clients = _table(folder, "visits"), _table(folder, "clients")
    row = visits[visits["planned_caregiver"] != ""].index[0]
    who, client = visits.loc[row, "planned_caregiver"], visits.loc[row, "client_id"]
    clients.loc[clients["client_id"] == client, "avoid_caregivers"] = who
    _save(folder, "clients", clients)
    with pytest.raises(
        DataError, match=f"line {row + 2}, column planned_caregiver: the client refuses '{who}'"
    ):
        read_unit(folder)


def test_a_caregiver_who_starts_at_home_leaves_from_and_returns_home(tmp_path: Path):
    folder = _copy(tmp_path)
    staff = _table(folder, "caregivers")
    mine = staff["caregiver_id"] == "cg-day-1"
    staff.loc[mine, ["starts_at", "home_location_id"]] = ["home", "cg-home"]
    _save(folder, "caregivers", staff)
    for path in folder.glob("travel_*.csv"):  # a home of its own, 2 minutes beyond client-7's
        m = pd.read_csv(path).set_index("location_id")
        m.loc["cg-home"] = m.loc["home-7"] + 2
        m["cg-home"] = m.loc["cg-home"]
        m.loc["cg-home", "cg-home"] = 0
        m.reset_index().to_csv(path, index=False)
    unit = read_unit(folder)
    home = unit.locations.index("cg-home")
    positions = _positions_of(folder, {"cg-day-1"})
    out = _run(folder, "horizon_days=14", "warmup_days=0")
    act = out["activities"]
    trips = act[act["kind"] == "travel"].sort_values("start")
    for model, g in trips.groupby("model"):
        for (person, _day), shift in g.groupby(["caregiver_id", "day"]):
            first, last = shift.iloc[0], shift.iloc[-1]
            where = home if person in positions else 0
            assert (first["from_loc"], last["to_loc"]) == (where, where), (model, person)
        assert g["caregiver_id"].isin(positions).any(), model
    # the narrated day says so too
    from sim.teaching.trace import caregiver_day

    run = sim.config(["scenario=from_data", f"data.dir={folder}", "horizon_days=14", "warmup_days=0"])
    person, day = trips[trips["caregiver_id"].isin(positions)].iloc[0][["caregiver_id", "day"]]
    text = [ln.text for ln in caregiver_day(out, "minute", int(person), int(day), 0, "en", run).lines]
    assert any(t.startswith("Drives home") for t in text) and not any("office" in t for t in text), text


def test_another_staffing_of_an_imported_unit_is_refused_up_front():
    with pytest.raises(ConfigError) as err:
        sim.config(["scenario=from_data", f"data.dir={EXAMPLE}", "models.trust.capacity_factor=1.2"])
    assert "models.trust.capacity_factor: an imported unit's staff are its own caregivers" in str(err.value)


def test_a_client_never_gets_a_refused_caregiver_as_contact_person(tmp_path: Path):
    from sim.organisation import organise

    folder = _copy(tmp_path)
    run = sim.config(["scenario=from_data", f"data.dir={folder}"])
    before = organise(build_world(run, 0), run.models["trust"].organisation).contact_slot
    unit = read_unit(folder)
    names = {p: cg for cg, p in imported.positions(unit, 0).items()}
    clients = _table(folder, "clients")
    clients.loc[0, "avoid_caregivers"] = names[before[0]]
    _save(folder, "clients", clients)
    visits = _table(folder, "visits")
    visits.loc[visits["planned_caregiver"] == names[before[0]], "planned_caregiver"] = ""
    _save(folder, "visits", visits)
    run = sim.config(["scenario=from_data", f"data.dir={folder}"])
    after = organise(build_world(run, 0), run.models["trust"].organisation).contact_slot
    assert names[after[0]] != names[before[0]]
    assert {c: s for c, s in after.items() if c != 0} == {c: s for c, s in before.items() if c != 0}
