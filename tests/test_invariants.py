"""Invariants every run must satisfy, in both delivery models and every replication.

Checked on two shared scenarios (``conftest.scenario_run``): a small one-district
municipality with the default noise, and two districts with noise-free travel.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from simhelpers import MODELS, assert_close, model_frames, performer_rows, team_alarm_rows

EPS = 1e-9


def _each(results):
    """(model, replication, frames) for every model run in ``results``."""
    reps = sorted(results.visits["replication"].unique())
    for model in MODELS:
        for rep in reps:
            yield model, rep, model_frames(results, model, rep)


def test_every_model_run_produced_tables(scenario_run):
    cfg, res, _ = scenario_run
    for model in MODELS:
        for rep in range(cfg.replications):
            f = model_frames(res, model, rep)
            assert len(f["visits"]) > 0 and len(f["shifts"]) > 0, (model, rep)
            assert set(f["visits"]["day"].unique()) <= set(range(cfg.warmup_days + cfg.horizon_days))


# ---- care delivered --------------------------------------------------------------------------


def test_need_is_delivered_plus_unmet(scenario_run):
    _, res, _ = scenario_run
    v = res.visits
    assert_close(v["need_min"], v["delivered_min"] + v["unmet_min"], 1e-9, "need = delivered + unmet")
    assert (v["delivered_min"] >= 0).all()
    assert (v["unmet_min"] >= 0).all()
    assert v[["need_min", "delivered_min", "unmet_min", "base_need_min"]].notna().all().all()


def test_missed_visits_deliver_nothing(scenario_run):
    _, res, _ = scenario_run
    m = res.visits[res.visits["missed"]]
    assert (m["delivered_min"] == 0).all()
    assert (m["caregiver_id"] == -1).all() and (m["second_caregiver_id"] == -1).all()
    assert_close(m["unmet_min"], m["need_min"], 1e-12, "missed visit: unmet = need")
    assert m["actual_start"].isna().all()
    assert not m["rushed"].any() and not m["late"].any()


def test_performed_visits_deliver_at_least_the_floor(scenario_run):
    _, res, _ = scenario_run
    done = res.visits[~res.visits["missed"]]
    assert len(done) > 0
    assert (done["caregiver_id"] >= 0).all()
    assert (done["floor_min"] <= done["need_min"] + EPS).all()
    short = done[done["delivered_min"] < done["floor_min"] - EPS]
    assert short.empty, f"{len(short)} visits delivered less than their floor:\n{short.head()}"


def test_visit_end_is_start_plus_delivered(scenario_run):
    _, res, _ = scenario_run
    done = res.visits[~res.visits["missed"]]
    assert_close(done["end"], done["actual_start"] + done["delivered_min"], 1e-6, "end = start + delivered")


def test_visits_start_inside_their_window_or_later(scenario_run):
    _, res, _ = scenario_run
    v = res.visits
    assert (v["window_end"] > v["window_start"]).all()
    done = v[~v["missed"]]
    assert (done["actual_start"] >= done["window_start"] - EPS).all(), "started before the window opened"
    planned = v[v["scheduled_caregiver_id"] >= 0]
    assert (planned["planned_start"] >= planned["window_start"] - EPS).all()
    # the window is a time of day on the visit's own day
    assert ((v["window_start"] // 1440) == v["day"]).all()


def test_rushed_and_late_flags_follow_their_definition(scenario_run):
    cfg, res, _ = scenario_run
    m = cfg.scenario.metrics
    done = res.visits[~res.visits["missed"]]
    rushed = done["delivered_min"] < done["need_min"] - m.rushed_tolerance_min
    late = done["actual_start"] > done["window_end"] + m.late_tolerance_min
    behind = done["actual_start"] - done["planned_start"] > m.late_tolerance_min
    assert (done["rushed"] == rushed).all()
    assert (done["late"] == late).all()  # against the promise
    assert (done["behind_plan"] == behind).all()  # against the day's plan


# ---- visits only where planned ----------------------------------------------------------------


def test_no_duplicate_visits(scenario_run):
    _, res, _ = scenario_run
    dup = res.visits.duplicated(["replication", "model", "client_id", "day", "planned_visit"])
    assert not dup.any(), res.visits[dup].head()


def test_visits_exactly_on_planned_days(scenario_run):
    """Every active care-plan visit of a client not in hospital appears once, and nothing else."""
    _, res, worlds = scenario_run
    for rep, world in worlds.items():
        expected = set()
        cal = world.calendar
        for day in range(world.n_days):
            wd, wk = cal.weekday(day), cal.week(day)
            for c in world.clients:
                if world.course.in_hospital[c.id, day]:
                    continue
                for p in c.plans:
                    if p.active(wd, wk):
                        expected.add((c.id, day, p.index))
        for model in MODELS:
            v = model_frames(res, model, rep)["visits"]
            got = set(zip(v["client_id"], v["day"], v["planned_visit"], strict=True))
            assert got == expected, (model, rep, len(got - expected), len(expected - got))


# ---- a caregiver is in one place at a time ------------------------------------------------------


def _busy_intervals(frames) -> pd.DataFrame:
    p = performer_rows(frames["visits"])
    visits = pd.DataFrame(
        {
            "cg": p["cg"],
            "day": p["day"],
            "start": p["actual_start"],
            "stop": p["end"],
            "what": "visit",
            "double": p["double"],
        }
    )
    a = team_alarm_rows(frames["alarms"])
    alarms = pd.DataFrame(
        {
            "cg": a["cg"],
            "day": a["day"],
            "start": a["start"],
            "stop": a["stop"],
            "what": "alarm",
            "double": False,
        }
    )
    return pd.concat([visits, alarms], ignore_index=True).sort_values(["cg", "start", "stop"])


def test_caregiver_never_in_two_places(scenario_run):
    _, res, _ = scenario_run
    for model, rep, f in _each(res):
        b = _busy_intervals(f)
        same = b["cg"].to_numpy()[1:] == b["cg"].to_numpy()[:-1]
        overlap = b["start"].to_numpy()[1:] < b["stop"].to_numpy()[:-1] - 1e-9
        bad = np.flatnonzero(same & overlap)
        assert bad.size == 0, f"{model} rep {rep}: overlapping work\n{b.iloc[[bad[0], bad[0] + 1]]}"


def test_work_lies_within_a_shift_of_the_caregiver(scenario_run):
    _, res, _ = scenario_run
    for model, rep, f in _each(res):
        s = f["shifts"]
        assert not s.duplicated(["caregiver_id", "day"]).any(), f"{model}: two shifts of one person a day"
        b = _busy_intervals(f)
        m = b.merge(
            s[["caregiver_id", "day", "start", "finish"]].rename(
                columns={"caregiver_id": "cg", "start": "s_start"}
            ),
            on=["cg", "day"],
            how="left",
        )
        assert m["s_start"].notna().all(), f"{model} rep {rep}: work by someone without a shift that day"
        inside = (m["start"] >= m["s_start"] - 1e-9) & (m["stop"] <= m["finish"] + 1e-9)
        assert inside.all(), f"{model} rep {rep}: work outside the shift\n{m[~inside].head()}"


def test_double_visits_have_two_distinct_caregivers(scenario_run):
    _, res, _ = scenario_run
    done = res.visits[~res.visits["missed"]]
    dbl, single = done[done["double"]], done[~done["double"]]
    assert len(dbl) > 0, "scenario has no performed double-staffed visit"
    assert (dbl["second_caregiver_id"] >= 0).all()
    assert (dbl["caregiver_id"] != dbl["second_caregiver_id"]).all()
    assert (single["second_caregiver_id"] == -1).all()


def test_visits_start_after_every_caregiver_can_be_there(
    two_district_results, two_district_worlds, two_district_cfg
):
    """With noise-free travel, trips obey the triangle inequality, so for every caregiver

        start of a task ≥ end of their previous task (+ logging after a visit) + direct trip,
        start of their first task ≥ shift start + meeting + trip from the office.

    For a double-staffed visit this holds for *both* caregivers: it starts only when the
    later of the two has arrived (and each one's time at it is covered by their shift).
    """
    res = two_district_results
    checked_double = 0
    for model in MODELS:
        log = two_district_cfg.models[model].overheads.logging_min_per_visit
        for rep, world in two_district_worlds.items():
            f = model_frames(res, model, rep)
            s = f["shifts"].set_index(["caregiver_id", "day"])
            p = performer_rows(f["visits"])
            items = pd.concat(
                [
                    pd.DataFrame(
                        {
                            "cg": p["cg"],
                            "day": p["day"],
                            "start": p["actual_start"],
                            "stop": p["end"],
                            "client": p["client_id"],
                            "after": log,
                            "double": p["double"],
                        }
                    ),
                    (
                        lambda a: pd.DataFrame(
                            {
                                "cg": a["cg"],
                                "day": a["day"],
                                "start": a["start"],
                                "stop": a["stop"],
                                "client": a["client_id"],
                                "after": 0.0,
                                "double": False,
                            }
                        )
                    )(team_alarm_rows(f["alarms"])),
                ],
                ignore_index=True,
            ).sort_values(["cg", "day", "start"])
            for (cg, day), g in items.groupby(["cg", "day"]):
                sh = s.loc[(cg, day)]
                district = int(sh["district"])
                geo = world.districts[district].geography
                travel = world.travel(district, int(day))[geo.mode_index(sh["mode"])]
                loc, free = 0, float(sh["start"]) + float(sh["meeting_min"])
                for row in g.itertuples():
                    client = world.clients[int(row.client)]
                    assert client.district == district
                    arrive = free + float(travel[loc, client.loc])
                    assert row.start >= arrive - 1e-6, (
                        f"{model} rep {rep} caregiver {cg} day {day}: starts at {row.start:.3f} "
                        f"before they can arrive ({arrive:.3f})"
                    )
                    checked_double += bool(row.double)
                    loc, free = client.loc, float(row.stop) + float(row.after)
    assert checked_double > 0


# ---- shifts ---------------------------------------------------------------------------------


def test_paid_time_is_the_sum_of_its_accounts(scenario_run):
    _, res, _ = scenario_run
    s = res.shifts
    parts = ["care_min", "travel_min", "admin_min", "meeting_min", "idle_min", "break_min"]
    assert (s[parts] >= -1e-9).all().all()
    assert_close(s["paid_min"], s[parts].sum(axis=1), 1e-6, "paid = care+travel+admin+meeting+idle+break")
    worked = s[["care_min", "travel_min", "admin_min", "meeting_min"]].sum(axis=1)
    assert (s["paid_min"] >= worked - 1e-6).all()
    assert (s["paid_min"] >= s["end"] - s["start"] - 1e-6).all()
    assert_close(s["paid_min"], np.maximum(s["finish"], s["end"]) - s["start"], 1e-6, "paid span")


def test_overtime_is_time_past_the_scheduled_end(scenario_run):
    _, res, _ = scenario_run
    s = res.shifts
    assert_close(s["overtime_min"], np.maximum(0.0, s["finish"] - s["end"]), 1e-9, "overtime")
    assert (s["finish"] >= s["start"]).all()
    assert ((s["start"] // 1440) == s["day"]).all()


def test_shift_accounts_match_the_visits_and_alarms_worked(scenario_run):
    """care_min = Σ delivered minutes of its visits (either role) + Σ handling of its alarms;
    visits / alarms_answered count them; admin_min is the logging time of those visits."""
    cfg, res, _ = scenario_run
    for model, rep, f in _each(res):
        s = f["shifts"].set_index(["caregiver_id", "day"])
        p = performer_rows(f["visits"]).groupby(["cg", "day"])["delivered_min"].agg(["sum", "size"])
        a = team_alarm_rows(f["alarms"]).groupby(["cg", "day"])["handling_min"].agg(["sum", "size"])
        p.index.names = a.index.names = ["caregiver_id", "day"]
        assert p.index.isin(s.index).all() and a.index.isin(s.index).all()
        care = p["sum"].reindex(s.index, fill_value=0.0) + a["sum"].reindex(s.index, fill_value=0.0)
        n_visits = p["size"].reindex(s.index, fill_value=0)
        n_alarms = a["size"].reindex(s.index, fill_value=0)
        assert_close(s["care_min"], care, 1e-6, f"{model} rep {rep}: care minutes")
        assert (s["visits"] == n_visits).all(), (model, rep)
        assert (s["alarms_answered"] == n_alarms).all(), (model, rep)
        log = cfg.models[model].overheads.logging_min_per_visit
        assert_close(s["admin_min"], log * n_visits, 1e-9, f"{model} rep {rep}: logging minutes")


def test_regular_shifts_match_staff_days_at_work(scenario_run):
    _, res, _ = scenario_run
    for model, rep, f in _each(res):
        sd, s = f["staff_days"], f["shifts"]
        work = sd[sd["status"] == "work"].groupby("day").size()
        regular = s[s["kind"] == "regular"].groupby("day").size()
        pd.testing.assert_series_equal(work, regular, check_names=False, obj=f"{model} rep {rep}")
        absent = sd[sd["status"].isin(["sick", "vacant"])].groupby("day").size()
        subs = s[s["kind"] == "substitute"].groupby("day").size()
        assert (subs.reindex(absent.index, fill_value=0) <= absent).all()
        assert subs.index.isin(absent.index).all(), f"{model}: substitutes on a day nobody was absent"


# ---- alarms ---------------------------------------------------------------------------------


def test_every_alarm_is_answered_after_it_is_called(scenario_run):
    _, res, _ = scenario_run
    a = res.events["alarms"]
    assert len(a) > 0
    assert a["arrival_time"].notna().all(), "an alarm was never answered"
    assert (a["response_min"] >= 0).all()
    assert (a["arrival_time"] >= a["call_time"]).all()
    assert_close(a["response_min"], a["arrival_time"] - a["call_time"], 1e-9, "response")
    assert set(a["responder"]) <= {"alarm_unit", "team"}
    assert ((a["responder"] == "team") == (a["responder_id"] >= 0)).all()
    assert (a["handling_min"] > 0).all()
