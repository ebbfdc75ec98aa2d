"""The yardstick of issue 10: a bare SimPy loop of a given number of visits.

``n_caregivers`` processes each do their share of the visits as one travel and one
service timeout per visit, with pre-drawn durations: the least any SimPy model of
the same visits must do. Speed of the real engine is reported as a ratio to this
loop's visits per second, measured in the same process, so the figure does not
depend on how fast or busy the machine is.

    python experiments/bare_loop.py 281282      # visits/s of the loop alone
"""

from __future__ import annotations

import sys
import time
from collections.abc import Generator

import numpy as np
import simpy


def _caregiver(env: simpy.Environment, travel: np.ndarray, service: np.ndarray) -> Generator:
    for t, s in zip(travel.tolist(), service.tolist(), strict=True):
        yield env.timeout(t)
        yield env.timeout(s)


def bare_loop_visits_per_s(n_visits: int, n_caregivers: int = 400, seed: int = 0) -> float:
    """Visits per second of the bare loop doing ``n_visits`` visits (at least one)."""
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    shares = np.full(n_caregivers, n_visits // n_caregivers)
    shares[: n_visits % n_caregivers] += 1
    for k in shares[shares > 0]:
        env.process(_caregiver(env, rng.uniform(2, 15, k), rng.uniform(5, 45, k)))
    t0 = time.perf_counter()
    env.run()
    return max(n_visits, 1) / (time.perf_counter() - t0)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"bare SimPy loop: {n:,} visits, {bare_loop_visits_per_s(n):,.0f} visits/s")
