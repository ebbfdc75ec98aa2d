"""Engine rules checked over a longer run (from mutation-testing survivors).

* Teams answer only daytime alarm calls; every night call goes to the alarm unit, on
  every day of the run (a rule that drifts with the day number fails late in a run).
* Every stretch of a caregiver's day that belongs to a visit names that visit's client.
"""

from __future__ import annotations

import pandas as pd
import pytest

import sim
from sim.world.alarms import day_hours

LONG = [
    "replications=1",
    "horizon_days=40",
    "warmup_days=0",
    "scenario.districts.centrum.n_clients=50",
    "scenario.alarms.holder_share=1",
    "compare=[trust]",
    # teams take every day call they can reach in time, so most day calls are theirs
    "models.trust.execution.alarm_rule=within_guarantee",
    # every client calls about once a day, so late-night calls are plentiful
    *[f"scenario.clients.care_levels.{i}.alarm_calls_per_day=1.0" for i in range(4)],
]


@pytest.fixture(scope="module")
def long_run() -> tuple[sim.Results, object]:
    cfg = sim.config(LONG)
    return sim.run(cfg=cfg, n_jobs=1), cfg


def test_teams_answer_daytime_calls_and_the_unit_the_night(long_run) -> None:
    res, cfg = long_run
    a = res.events["alarms"]
    lo, hi = day_hours(cfg.scenario.alarms)
    tod = a["call_time"] % 1440
    day = (tod >= lo) & (tod < hi)
    assert (a.loc[~day, "responder"] != "team").all(), "a night call went to a team"
    late_days = a["call_time"] >= 20 * 1440
    # enough night calls late in the run that a drifting day/night rule would misroute some
    assert (~day & late_days & (tod >= hi) & (tod < hi + 40)).sum() >= 5
    assert (a.loc[day, "responder"] == "team").mean() > 0.5


def test_visit_stretches_name_the_visits_client(long_run) -> None:
    res, _ = long_run
    act, vis = res.events["activities"], res.events["visits"]
    own = act[act["kind"].isin(["wait", "wait_partner", "care", "logging"])]
    merged = own.merge(vis[["visit_uid", "client_id"]], on="visit_uid", suffixes=("", "_visit"))
    assert len(merged) == len(own) > 0
    pd.testing.assert_series_equal(
        merged["client_id"].astype(int), merged["client_id_visit"].astype(int), check_names=False
    )
