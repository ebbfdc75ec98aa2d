"""Random numbers keyed by the entity they belong to (common random numbers).

Every random quantity of the world is a pure function of ``(seed, replication,
source, *keys)`` where the keys name the entity: a client by (district, home), a
planned visit by its index, a staff position by (district, shift, place in the
shift's rota), a day by its number. Two ways to draw:

* :func:`stream` — a numpy generator from a ``SeedSequence`` whose spawn key is
  ``(replication, source, *keys)``, for an entity that needs a run of draws (a
  client's care plan, a client's alarm calls);
* :func:`keyed_uniform` — one uniform per element of broadcast key arrays, a
  counter-based generator (the SplitMix64 finaliser chained over the keys), for
  draws per (client, visit, day) or per (position, day) in their millions, where a
  ``SeedSequence`` each (≈17 µs) would cost minutes.

Because a draw belongs to its entity and not to its position in an array, both
models see the very same clients, needs, alarms, travel noise and base absences,
and adding a client or a caregiver leaves every other client's and position's
draws unchanged.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
from scipy.special import ndtri


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
    ASSESSMENT = 11  # the needs assessor's judgement of a client's typical need
    JUDGEMENT = 12  # a caregiver's judgement of a visit's real need


def stream(seed: int, replication: int, source: Stream, *keys: int) -> np.random.Generator:
    """A generator for ``source`` in ``replication``, further keyed by ``keys`` (e.g. a day)."""
    seq = np.random.SeedSequence(entropy=seed, spawn_key=(replication, int(source), *keys))
    return np.random.default_rng(seq)


_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_M1, _M2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB


def _mix_int(x: int) -> int:
    """SplitMix64's finaliser on a Python int (exact 64-bit arithmetic)."""
    x = (x + _GOLDEN) & _MASK
    x = ((x ^ (x >> 30)) * _M1) & _MASK
    x = ((x ^ (x >> 27)) * _M2) & _MASK
    return x ^ (x >> 31)


def _mix_array(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser, elementwise on uint64 (wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        x = x + np.uint64(_GOLDEN)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(_M1)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(_M2)
        return x ^ (x >> np.uint64(31))


def keyed_uniform(seed: int, replication: int, source: Stream, *keys: int | np.ndarray) -> np.ndarray:
    """Uniform draws in (0, 1), one per element of the broadcast ``keys``: a pure function of
    ``(seed, replication, source, *keys)``. Scalar keys first keep it fast (they are mixed
    once); keys must be non-negative integers."""
    h: int | np.ndarray = _mix_int(_mix_int(_mix_int(seed & _MASK) ^ replication) ^ int(source))
    for key in keys:
        if isinstance(h, int) and isinstance(key, (int, np.integer)):
            h = _mix_int(h ^ int(key))
        else:
            h = _mix_array(np.asarray(h, dtype=np.uint64) ^ np.asarray(key).astype(np.uint64))
    bits = np.asarray(h, dtype=np.uint64) >> np.uint64(11)
    return (bits.astype(np.float64) + 0.5) * 2.0**-53


def normal_from_uniform(u: np.ndarray) -> np.ndarray:
    """Standard normal quantiles of uniform draws."""
    return ndtri(u)


def exponential_from_uniform(u: np.ndarray, mean: float) -> np.ndarray:
    """Exponential draws with ``mean`` from uniform draws (inverse CDF)."""
    return -mean * np.log(u)


def geometric_from_uniform(u: np.ndarray, p: float) -> np.ndarray:
    """Geometric draws on 1, 2, … with success probability ``p`` (numpy's convention)."""
    if p >= 1.0:
        return np.ones(np.shape(u), dtype=np.int64)
    return 1 + np.floor(np.log(u) / np.log1p(-p)).astype(np.int64)


def _median1(z: np.ndarray, sigma: float) -> np.ndarray:
    """exp(sigma × z): lognormal with median 1 from standard normal draws."""
    return np.exp(sigma * z)


def _mean1(z: np.ndarray, cv: float) -> np.ndarray:
    """Lognormal with mean 1 and coefficient of variation ``cv`` from standard normal draws."""
    s2 = np.log1p(cv * cv)
    return np.exp(-s2 / 2 + np.sqrt(s2) * z)


def lognormal_median1_u(u: np.ndarray, sigma: float) -> np.ndarray:
    """Lognormal factors with median 1 and log-sd ``sigma`` from uniform draws."""
    return _median1(ndtri(u), sigma) if sigma > 0 else np.ones(np.shape(u))


def lognormal_mean1_from_cv_u(u: np.ndarray, cv: float) -> np.ndarray:
    """Lognormal factors with mean 1 and coefficient of variation ``cv`` from uniform draws."""
    return _mean1(ndtri(u), cv) if cv > 0 else np.ones(np.shape(u))


def lognormal_median1(rng: np.random.Generator, sigma: float, size: int | tuple[int, ...]) -> np.ndarray:
    """Lognormal factors with median 1 and log-sd ``sigma`` (all ones when sigma is 0)."""
    if sigma == 0:
        return np.ones(size)
    return _median1(rng.standard_normal(size), sigma)


def lognormal_mean1_from_cv(rng: np.random.Generator, cv: float, size: int | tuple[int, ...]) -> np.ndarray:
    """Lognormal factors with mean 1 and coefficient of variation ``cv``."""
    if cv == 0:
        return np.ones(size)
    return _mean1(rng.standard_normal(size), cv)
