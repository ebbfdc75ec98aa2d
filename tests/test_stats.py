"""Statistics over replications: t intervals and paired differences (sim/stats.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from sim.metrics.definitions import metric_range
from sim.stats import mean_ci, paired_differences, summarise


def test_mean_ci_matches_scipy():
    x = np.array([3.1, 4.7, 2.2, 5.9, 4.4, 3.8, 5.0])
    mean, lo, hi, n = mean_ci(x)
    ref_lo, ref_hi = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert n == 7
    assert mean == pytest.approx(x.mean())
    assert lo == pytest.approx(ref_lo, rel=1e-12)
    assert hi == pytest.approx(ref_hi, rel=1e-12)
    # another level
    _, lo90, hi90, _ = mean_ci(x, level=0.90)
    r90 = stats.t.interval(0.90, 6, loc=x.mean(), scale=stats.sem(x))
    assert (lo90, hi90) == pytest.approx(r90, rel=1e-12)
    assert lo < lo90 < mean < hi90 < hi


def test_mean_ci_known_numbers():
    # mean 2, sd 1, n 3: half-width = t_{0.975, 2} / sqrt(3) = 4.302653 / 1.7320508
    mean, lo, hi, n = mean_ci([1.0, 2.0, 3.0])
    half = 4.3026527297 / math.sqrt(3)
    assert (mean, n) == (2.0, 3)
    assert lo == pytest.approx(2 - half, rel=1e-9) and hi == pytest.approx(2 + half, rel=1e-9)


def test_constant_values_have_a_zero_width_interval():
    mean, lo, hi, n = mean_ci([5.0, 5.0, 5.0, 5.0])
    assert (mean, lo, hi, n) == (5.0, 5.0, 5.0, 4)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=2, max_size=40))
def test_mean_ci_property(values):
    x = np.array(values)
    mean, lo, hi, n = mean_ci(x)
    assert n == len(x)
    assert mean == pytest.approx(float(x.mean()), abs=1e-6 * (1 + abs(x).max()))
    assert lo <= mean + 1e-9 * (1 + abs(mean)) and mean <= hi + 1e-9 * (1 + abs(mean))
    assert hi - lo == pytest.approx(
        2 * stats.t.ppf(0.975, n - 1) * x.std(ddof=1) / math.sqrt(n), rel=1e-9, abs=1e-6
    )


def test_n_counts_finite_values_only():
    mean, lo, hi, n = mean_ci([1.0, np.nan, 3.0, np.inf, -np.inf, 2.0])
    assert n == 3 and mean == pytest.approx(2.0)
    ref = stats.t.interval(0.95, 2, loc=2.0, scale=stats.sem([1.0, 3.0, 2.0]))
    assert (lo, hi) == pytest.approx(ref)


def test_interval_is_nan_below_two_values():
    mean, lo, hi, n = mean_ci([4.2])
    assert mean == 4.2 and n == 1 and math.isnan(lo) and math.isnan(hi)
    mean, lo, hi, n = mean_ci([4.2, np.nan])
    assert mean == 4.2 and n == 1 and math.isnan(lo) and math.isnan(hi)
    mean, lo, hi, n = mean_ci([])
    assert n == 0 and math.isnan(mean) and math.isnan(lo) and math.isnan(hi)
    mean, lo, hi, n = mean_ci([np.nan, np.nan])
    assert n == 0 and math.isnan(mean)


def _metrics(values: dict[str, dict[str, list[float]]]) -> pd.DataFrame:
    rows = []
    for model, per_metric in values.items():
        for metric, xs in per_metric.items():
            rows += [
                {"replication": r, "model": model, "metric": metric, "value": x} for r, x in enumerate(xs)
            ]
    return pd.DataFrame(rows)


def test_paired_differences_are_per_replication_differences():
    a = [10.0, 12.0, 9.0, 14.0, 11.0]
    b = [11.0, 12.5, 10.5, 14.2, 12.1]
    m = _metrics({"minute": {"x": a, "y": [1, 2, 3, 4, 5]}, "trust": {"x": b, "y": [2, 2, 2, 2, 2]}})
    out = paired_differences(m, "minute", "trust").set_index("metric")
    assert list(out.columns) == ["diff_mean", "ci_low", "ci_high", "n"]
    d = np.array(b) - np.array(a)
    ref = stats.t.interval(0.95, 4, loc=d.mean(), scale=stats.sem(d))
    assert out.loc["x", "diff_mean"] == pytest.approx(d.mean())
    assert (out.loc["x", "ci_low"], out.loc["x", "ci_high"]) == pytest.approx(ref)
    assert out.loc["x", "n"] == 5
    # paired: much narrower than the unpaired spread of either model
    assert out.loc["x", "ci_high"] - out.loc["x", "ci_low"] < np.std(a, ddof=1)
    assert out.loc["y", "diff_mean"] == pytest.approx(np.mean(np.array([2] * 5) - np.arange(1, 6)))
    # the other way round flips the sign
    rev = paired_differences(m, "trust", "minute").set_index("metric")
    assert rev.loc["x", "diff_mean"] == pytest.approx(-d.mean())
    assert rev.loc["x", "ci_low"] == pytest.approx(-ref[1])


def test_paired_differences_pair_by_replication_not_by_row_order():
    m = _metrics({"minute": {"x": [1.0, 2.0, 3.0]}, "trust": {"x": [2.0, 4.0, 6.0]}})
    shuffled = m.sample(frac=1.0, random_state=3).reset_index(drop=True)
    out = paired_differences(shuffled, "minute", "trust").set_index("metric")
    assert out.loc["x", "diff_mean"] == pytest.approx(2.0)
    ref = stats.t.interval(0.95, 2, loc=2.0, scale=stats.sem([1.0, 2.0, 3.0]))
    assert (out.loc["x", "ci_low"], out.loc["x", "ci_high"]) == pytest.approx(ref)


def test_paired_differences_skip_non_finite_replications():
    m = _metrics({"minute": {"x": [1.0, np.nan, 3.0, 4.0]}, "trust": {"x": [2.0, 5.0, np.nan, 6.0]}})
    out = paired_differences(m, "minute", "trust").set_index("metric")
    assert out.loc["x", "n"] == 2
    assert out.loc["x", "diff_mean"] == pytest.approx(1.5)  # (1 + 2) / 2 from replications 0 and 3
    m1 = _metrics({"minute": {"x": [1.0, np.nan]}, "trust": {"x": [2.0, 3.0]}})
    one = paired_differences(m1, "minute", "trust").set_index("metric")
    assert (
        one.loc["x", "n"] == 1 and math.isnan(one.loc["x", "ci_low"]) and math.isnan(one.loc["x", "ci_high"])
    )


def test_summarise_per_model_and_metric():
    m = _metrics({"minute": {"x": [1.0, 2.0, 3.0], "y": [np.nan, 1.0, 1.0]}, "trust": {"x": [2.0, 2.0, 5.0]}})
    s = summarise(m).set_index(["model", "metric"])
    assert list(s.reset_index().columns) == ["model", "metric", "mean", "ci_low", "ci_high", "n"]
    assert s.loc[("minute", "x"), "mean"] == pytest.approx(2.0)
    assert s.loc[("trust", "x"), "mean"] == pytest.approx(3.0)
    assert s.loc[("minute", "y"), "n"] == 2
    assert s.loc[("minute", "y"), "ci_low"] == s.loc[("minute", "y"), "ci_high"] == 1.0


def test_run_summary_is_consistent_with_its_metrics(small_results):
    """End to end: the summary and comparison of a real run follow from its metrics table."""
    m = small_results.metrics
    s = small_results.summary.set_index(["model", "metric"])
    for (model, metric), g in m.groupby(["model", "metric"]):
        mean, lo, hi, n = mean_ci(g["value"])
        assert s.loc[(model, metric), "n"] == n
        if n:
            assert s.loc[(model, metric), "mean"] == pytest.approx(mean)
        if n >= 2:  # the interval clipped to what the metric can be (a share in [0, 1])
            low, high = metric_range(str(metric))
            assert s.loc[(model, metric), "ci_low"] == pytest.approx(max(lo, low))
            assert s.loc[(model, metric), "ci_high"] == pytest.approx(min(hi, high))
    c = small_results.comparison.set_index("metric")
    wide = m.pivot_table(index=["metric", "replication"], columns="model", values="value", dropna=False)
    for metric in c.index:
        d = (wide.loc[metric, "trust"] - wide.loc[metric, "minute"]).to_numpy()
        d = d[np.isfinite(d)]
        assert c.loc[metric, "n"] == d.size
        if d.size:
            assert c.loc[metric, "diff_mean"] == pytest.approx(d.mean())
