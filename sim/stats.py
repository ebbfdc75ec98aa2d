"""Statistics over replications: means with t-based confidence intervals, paired differences.

Replications are independent, so a metric's mean over them has the usual
Student-t interval. The two models share each replication's random numbers
(common random numbers), so their difference is taken *within* each replication
and the interval is built from those paired differences — it is much narrower
than comparing two separate intervals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# scipy.special's inverse t (what scipy.stats.t.ppf itself calls, to the last bit): importing
# scipy.stats would add about 0.4 s to every process that imports sim
from scipy.special import stdtrit


def mean_ci(values: np.ndarray | pd.Series, level: float = 0.95) -> tuple[float, float, float, int]:
    """(mean, ci_low, ci_high, n) of the finite values; the interval is NaN when n < 2."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = int(x.size)
    if n == 0:
        return float("nan"), float("nan"), float("nan"), 0
    mean = float(x.mean())
    if n < 2:
        return mean, float("nan"), float("nan"), n
    half = float(stdtrit(n - 1, 0.5 + level / 2) * x.std(ddof=1) / np.sqrt(n))
    return mean, mean - half, mean + half, n


def summarise(metrics: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Per model and metric: ``model, metric, mean, ci_low, ci_high, n`` (the interval clipped to
    the metric's range)."""
    from sim.metrics.definitions import metric_range

    rows = []
    for (model, metric), g in metrics.groupby(["model", "metric"], sort=False):
        mean, lo, hi, n = mean_ci(g["value"], level)
        # the t-interval clipped to what the metric can be (a share stays in [0, 1]), so the file
        # and every table that shows it agree
        low, high = metric_range(str(metric))
        lo, hi = (max(lo, low), min(hi, high)) if n > 1 else (lo, hi)
        rows.append({"model": model, "metric": metric, "mean": mean, "ci_low": lo, "ci_high": hi, "n": n})
    return pd.DataFrame(rows, columns=["model", "metric", "mean", "ci_low", "ci_high", "n"])


def paired_differences(metrics: pd.DataFrame, base: str, other: str, level: float = 0.95) -> pd.DataFrame:
    """``other − base`` per replication, then mean and CI: ``metric, diff_mean, ci_low, ci_high, n``."""
    wide = metrics.pivot_table(
        index=["metric", "replication"], columns="model", values="value", dropna=False, sort=False
    )
    rows = []
    for metric in metrics["metric"].drop_duplicates():
        if metric not in wide.index.get_level_values(0):
            continue
        g = wide.loc[metric]
        diff = g[other] - g[base] if other in g and base in g else pd.Series(dtype=float)
        mean, lo, hi, n = mean_ci(diff, level)
        rows.append({"metric": metric, "diff_mean": mean, "ci_low": lo, "ci_high": hi, "n": n})
    return pd.DataFrame(rows, columns=["metric", "diff_mean", "ci_low", "ci_high", "n"])
