"""Random streams keyed by what they belong to (common random numbers).

Every random quantity of the world is drawn from a numpy ``SeedSequence`` whose
spawn key names its source: ``(replication, stream, *keys)`` — for instance the
need noise of day 17 is ``(rep, NEED, 17)``. The draws therefore do not depend on
the order in which a delivery model's events happen, so both models see the very
same clients, needs, alarms, travel noise and base absences.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np


class Stream(IntEnum):
    """One independent stream per source of randomness."""

    GEOGRAPHY = 1
    CLIENTS = 2
    NEED = 3
    HOSPITAL = 4
    ALARMS = 5
    STAFF = 6
    ABSENCE = 7
    TRAVEL = 8
    TURNOVER = 9
    SUBSTITUTES = 10


def stream(seed: int, replication: int, source: Stream, *keys: int) -> np.random.Generator:
    """A generator for ``source`` in ``replication``, further keyed by ``keys`` (e.g. a day)."""
    seq = np.random.SeedSequence(entropy=seed, spawn_key=(replication, int(source), *keys))
    return np.random.default_rng(seq)


def lognormal_median1(rng: np.random.Generator, sigma: float, size: int | tuple[int, ...]) -> np.ndarray:
    """Lognormal factors with median 1 and log-sd ``sigma`` (all ones when sigma is 0)."""
    if sigma == 0:
        return np.ones(size)
    return np.exp(rng.normal(0.0, sigma, size))


def lognormal_mean1_from_cv(rng: np.random.Generator, cv: float, size: int | tuple[int, ...]) -> np.ndarray:
    """Lognormal factors with mean 1 and coefficient of variation ``cv``."""
    if cv == 0:
        return np.ones(size)
    s2 = np.log1p(cv * cv)
    return np.exp(rng.normal(-s2 / 2, np.sqrt(s2), size))
