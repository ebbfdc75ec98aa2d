"""Reproducibility: a seed fixes every table; serial and parallel runs agree; seeds matter."""

from __future__ import annotations

import pandas as pd
import pytest
from simhelpers import SMALL

import sim
from sim.experiment import EVENT_TABLES


def _assert_same(a: sim.Results, b: sim.Results) -> None:
    for name in EVENT_TABLES:
        pd.testing.assert_frame_equal(a.events[name], b.events[name], check_exact=True, obj=name)
    pd.testing.assert_frame_equal(a.metrics, b.metrics, check_exact=True, obj="metrics")
    pd.testing.assert_frame_equal(a.costs, b.costs, check_exact=True, obj="costs")
    pd.testing.assert_frame_equal(a.summary, b.summary, check_exact=True, obj="summary")
    pd.testing.assert_frame_equal(a.comparison, b.comparison, check_exact=True, obj="comparison")


def test_same_seed_gives_identical_tables(small_cfg, small_results):
    again = sim.run(cfg=sim.config(SMALL), n_jobs=1)
    for name in EVENT_TABLES:
        assert len(small_results.events[name]) > 0 or name == "staff_days"
    _assert_same(small_results, again)


def test_serial_and_parallel_runs_are_identical(small_cfg, small_results):
    parallel = sim.run(cfg=small_cfg, n_jobs=2)
    _assert_same(small_results, parallel)


def test_replications_differ_from_each_other(small_results):
    v = small_results.visits
    a = v[(v["replication"] == 0) & (v["model"] == "minute")]
    b = v[(v["replication"] == 1) & (v["model"] == "minute")]
    assert len(a) != len(b) or a["base_need_min"].tolist() != b["base_need_min"].tolist()


@pytest.mark.parametrize("other_seed", [1, 20252])
def test_different_seed_gives_different_results(small_results, other_seed):
    other = sim.run(cfg=sim.config([*SMALL, f"seed={other_seed}"]), n_jobs=1)
    a, b = small_results.visits, other.visits
    # a different municipality: other needs, other alarms, other metric values
    assert not (len(a) == len(b) and (a["base_need_min"].to_numpy() == b["base_need_min"].to_numpy()).all())
    al, bl = small_results.events["alarms"], other.events["alarms"]
    assert not (len(al) == len(bl) and (al["call_time"].to_numpy() == bl["call_time"].to_numpy()).all())
    ma = small_results.metrics.set_index(["replication", "model", "metric"])["value"]
    mb = other.metrics.set_index(["replication", "model", "metric"])["value"]
    assert not ma.equals(mb)


def test_keep_events_false_gives_the_same_metrics(small_cfg, small_results):
    lean = sim.run(cfg=small_cfg, n_jobs=1, keep_events=False)
    assert lean.events == {}
    pd.testing.assert_frame_equal(lean.metrics, small_results.metrics, check_exact=True)
    pd.testing.assert_frame_equal(lean.summary, small_results.summary, check_exact=True)
