"""Districts are independent: simulated apart, in one process or several, they give the same
tables as simulated together (issue 10.3)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from simhelpers import TWO_DISTRICTS

import sim
from sim.experiment import EVENT_TABLES, district_groups, model_run, multiple_replications
from sim.io import new_spool
from sim.spool import read_table
from sim.world.build import build_world

# three districts, with quits and quick hires so newcomers' ids are handed out too
THREE = [
    *TWO_DISTRICTS,
    "+geography@scenario.districts.c.geography=rural",
    "scenario.districts.c.n_clients=20",
    "scenario.stress.turnover_per_year=1",
    "scenario.stress.vacancy_days=1",
    "horizon_days=8",
]


@pytest.fixture(scope="module")
def three():
    return sim.config(THREE)


@pytest.fixture(scope="module")
def together(three):
    return multiple_replications(three, n_jobs=1)


@pytest.mark.parametrize("model", ["minute", "trust"])
def test_each_district_alone_gives_its_rows_of_the_whole_run(three, model):
    world = build_world(three, 0)
    whole = model_run(world, model, three.models[model]).run()
    alone = [model_run(world, model, three.models[model], districts=[d.index]).run() for d in world.districts]
    hires = 0
    for table, df in whole.items():
        want = df.sort_values("district", kind="stable", ignore_index=True)
        got = pd.concat([a[table] for a in alone], ignore_index=True)
        assert len(got) > 0, table
        pd.testing.assert_frame_equal(got, want, check_exact=True)
        if table == "staff_days":
            hires = int((df["event"] == "hire").sum())
    assert hires > 0  # newcomers' ids are keyed by district too


def test_district_jobs_give_identical_results(three, together):
    apart = multiple_replications(dataclasses.replace(three, district_jobs=2), n_jobs=1)
    pd.testing.assert_frame_equal(apart.metrics, together.metrics, check_exact=True)
    pd.testing.assert_frame_equal(apart.costs, together.costs, check_exact=True)
    for table in EVENT_TABLES:
        pd.testing.assert_frame_equal(apart.events[table], together.events[table], check_exact=True)


def test_district_jobs_streamed_give_identical_tables(three, together, tmp_path):
    folder = new_spool(tmp_path)
    apart = multiple_replications(dataclasses.replace(three, district_jobs=3), n_jobs=1, spool=folder)
    pd.testing.assert_frame_equal(apart.metrics, together.metrics, check_exact=True)
    for table in EVENT_TABLES:
        pd.testing.assert_frame_equal(read_table(folder, table), together.events[table], check_exact=True)


def test_tables_come_district_by_district(together):
    for table in ("visits", "shifts", "staff_days"):
        for _, df in together.events[table].groupby("model"):
            assert df["district"].is_monotonic_increasing, table


def test_district_groups_share_every_district_once_by_clients(three):
    world = build_world(three, 0)
    for jobs in (1, 2, 3, 8):
        groups = district_groups(world, jobs)
        assert sorted(d for g in groups for d in g) == [0, 1, 2]
        assert len(groups) == min(jobs, 3)
    # the largest district alone, the two smaller together
    assert sorted(map(tuple, district_groups(world, 2))) == [(0,), (1, 2)]
