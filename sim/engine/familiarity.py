"""How well each caregiver knows each client: a decaying count of past visits.

A caregiver who has seldom met a client needs extra time (MODEL.md §2)::

    familiarity = 1 + extra_share × 0.5 ** (known_visits / halflife_visits)

``known_visits`` grows by one per visit and fades with e-folding time
``memory_days`` when the caregiver stays away.
"""

from __future__ import annotations

import numpy as np

from sim.config.reads import ALWAYS, Reads
from sim.config.schema_world import NeedConfig

# The config keys the familiarity effect reads (issue 25: sim/config/reads.py).
READS = Reads(
    "the familiarity effect (sim/engine/familiarity.py)",
    (
        "scenario.clients.need.familiarity_extra_share",
        "scenario.clients.need.familiarity_halflife_visits",
        "scenario.clients.need.familiarity_memory_days",
    ),
    ALWAYS,
)


class Familiarity:
    """Dense (person × client) acquaintance counts per district."""

    def __init__(self, clients_per_district: list[int], cfg: NeedConfig) -> None:
        self.cfg = cfg
        self._rows: list[dict[int, int]] = [{} for _ in clients_per_district]
        self._count = [np.zeros((16, max(1, n))) for n in clients_per_district]
        self._last = [np.zeros((16, max(1, n))) for n in clients_per_district]

    def _row(self, district: int, person: int) -> int:
        rows = self._rows[district]
        r = rows.get(person)
        if r is None:
            r = len(rows)
            rows[person] = r
            if r >= self._count[district].shape[0]:
                grow = self._count[district].shape[0]
                self._count[district] = np.vstack(
                    [self._count[district], np.zeros((grow, self._count[district].shape[1]))]
                )
                self._last[district] = np.vstack(
                    [self._last[district], np.zeros((grow, self._last[district].shape[1]))]
                )
        return r

    def known(self, district: int, person: int, client_loc: int, day: int) -> float:
        """Effective number of past visits of ``person`` to the client at ``client_loc``."""
        r = self._rows[district].get(person)
        if r is None:
            return 0.0
        col = client_loc - 1
        n = self._count[district][r, col]
        if n == 0.0:
            return 0.0
        return float(n * np.exp(-(day - self._last[district][r, col]) / self.cfg.familiarity_memory_days))

    def rows(self, district: int, persons: list[int]) -> np.ndarray:
        """Row indices of ``persons`` (registering newcomers), for :meth:`known_matrix`."""
        return np.array([self._row(district, p) for p in persons], dtype=np.intp)

    def known_many(self, district: int, persons: list[int], client_loc: int, day: int) -> np.ndarray:
        """:meth:`known` for several persons at once."""
        return self.known_matrix(district, self.rows(district, persons), np.array([client_loc]), day)[0]

    def known_matrix(self, district: int, rows: np.ndarray, client_locs: np.ndarray, day: int) -> np.ndarray:
        """Known visits for every (client location, person row) pair: shape (locations, rows)."""
        cols = client_locs - 1
        n = self._count[district][np.ix_(rows, cols)].T
        last = self._last[district][np.ix_(rows, cols)].T
        return n * np.exp(-(day - last) / self.cfg.familiarity_memory_days)

    def record(self, district: int, person: int, client_loc: int, day: int) -> None:
        """Count one more visit."""
        k = self.known(district, person, client_loc, day)
        r = self._row(district, person)
        self._count[district][r, client_loc - 1] = k + 1.0
        self._last[district][r, client_loc - 1] = day

    def seed(self, district: int, person: int, client_loc: int, visits: float) -> None:
        """Start with ``visits`` past visits of ``person`` to the client at ``client_loc`` (a unit's
        continuity history), as if made on day 0."""
        r = self._row(district, person)
        self._count[district][r, client_loc - 1] = visits
        self._last[district][r, client_loc - 1] = 0.0

    def multiplier(self, known_visits: float) -> float:
        """Extra-time factor of a caregiver with ``known_visits`` past visits."""
        c = self.cfg
        return 1.0 + c.familiarity_extra_share * 0.5 ** (known_visits / c.familiarity_halflife_visits)

    def score(self, known_visits: np.ndarray) -> np.ndarray:
        """How well the client is known, 0 (stranger) to 1 (well known)."""
        return 1.0 - 0.5 ** (known_visits / self.cfg.familiarity_halflife_visits)
