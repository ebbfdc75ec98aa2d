"""Geography: where the office and the homes lie, and travel times between them.

Travel time between two points (MODEL.md §2)::

    minutes = distance × circuity / speed(mode) × 60 + door_overhead
    trip    = minutes × noise(day, from, to) × season(day)

The noise is a mean-one lognormal drawn per district and day for every ordered
pair of locations from a keyed stream, so a trip from A to B on a given day takes
the same time in both delivery models.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sim.config.fields import ConfigError
from sim.config.reads import ALWAYS, Reads
from sim.config.schema_world import GeographyConfig
from sim.rng import Stream, keyed_uniform, lognormal_mean1_from_cv_u, normal_from_uniform

if TYPE_CHECKING:
    from sim.config.schema import RunConfig

OFFICE = 0  # location index of the district office; clients are 1..n


# The config keys a district's geography reads (issue 25: sim/config/reads.py).
READS = Reads("the geography (sim/world/geography.py)", ("scenario.districts.*.geography.*",), ALWAYS)


@dataclass(frozen=True)
class DistrictGeography:
    """Locations of one district and the base (noise-free) travel minutes per mode."""

    xy_km: np.ndarray  # (n_loc, 2), row 0 is the office
    modes: tuple[str, ...]
    base_min: np.ndarray  # (n_modes, n_loc, n_loc) minutes, diagonal 0
    road_km: np.ndarray  # (n_loc, n_loc)
    noise_cv: float
    winter_factor: float
    winter_months: frozenset[int]

    @property
    def n_locations(self) -> int:
        """Office plus client homes."""
        return int(self.xy_km.shape[0])

    def mode_index(self, mode: str) -> int:
        """Index of ``mode`` in :attr:`modes`."""
        return self.modes.index(mode)


def place_homes(g: GeographyConfig, rng: np.random.Generator, home_u: np.ndarray) -> np.ndarray:
    """Clustered (Thomas-process-like) home positions in a disc around the office at (0, 0).

    The neighbourhood centres come from the district's stream ``rng``; each home from its
    own three uniforms (``home_u``, one row per client: neighbourhood, east, north offset),
    so adding a client moves nobody else."""
    k = g.n_neighbourhoods
    r = g.radius_km * np.sqrt(rng.uniform(0, 1, k))
    a = rng.uniform(0, 2 * np.pi, k)
    centres = np.column_stack([r * np.cos(a), r * np.sin(a)])
    which = np.minimum((home_u[:, 0] * k).astype(int), k - 1)
    xy = centres[which] + g.neighbourhood_sigma_km * normal_from_uniform(home_u[:, 1:3])
    # keep everyone inside the district: pull strays back onto the boundary
    dist = np.hypot(xy[:, 0], xy[:, 1])
    far = dist > g.radius_km
    xy[far] *= (g.radius_km / dist[far])[:, None]
    return np.vstack([[0.0, 0.0], xy])


def _base_minutes(road_km: np.ndarray, g: GeographyConfig, modes: tuple[str, ...]) -> np.ndarray:
    out = np.empty((len(modes), *road_km.shape))
    for i, m in enumerate(modes):
        out[i] = road_km / g.speed_kmh[m] * 60.0 + g.door_overhead_min
        np.fill_diagonal(out[i], 0.0)
    return out


def load_travel_matrix(path: str, location_ids: list[str], key: str) -> np.ndarray:
    """A travel-minute matrix ordered by ``location_ids``, read as a unit's matrices are
    (:func:`sim.data.travel.read_matrix`: long ``from_id, to_id, minutes`` or square, ``,`` or
    ``;`` with a decimal comma, CSV or Parquet); :class:`ConfigError` on ``key`` naming every
    problem of the file (file, line, column, rule)."""
    from sim.data.checks import DataError, Problem
    from sim.data.travel import read_matrix

    p = Path(path)
    if not p.is_file():
        raise ConfigError(key, f"file not found: {path}")
    problems: list[Problem] = []
    sq = read_matrix(p, "minutes", problems, key)
    mat = np.empty((0, 0))
    if sq is not None:
        mat = sq.reindex(index=location_ids, columns=location_ids).to_numpy(dtype=float, copy=True)
        np.fill_diagonal(mat, 0.0)
        missing = np.argwhere(np.isnan(mat))
        for a, b in missing[:5]:
            problems.append(
                Problem(
                    p.name,
                    None,
                    None,
                    f"no time from {location_ids[a]} to {location_ids[b]} (ids: office, client ids)",
                )
            )
        if len(missing) > 5:
            problems.append(Problem(p.name, None, None, f"… and {len(missing) - 5} more pairs missing"))
    if problems:
        raise ConfigError(key, str(DataError(path, problems)))
    return mat


def check_travel_matrix_files(run: RunConfig) -> None:
    """Read every district's ``geography.travel_matrix_file`` before anything runs (client ids
    are numbered across districts in their order), so a bad file stops the run up front."""
    first = 0
    for name, d in run.scenario.districts.items():
        if d.geography.travel_matrix_file and run.data.dir is None:
            ids = ["office", *[str(c) for c in range(first, first + d.n_clients)]]
            load_travel_matrix(
                d.geography.travel_matrix_file, ids, f"scenario.districts.{name}.geography.travel_matrix_file"
            )
        first += d.n_clients


def build_geography(
    g: GeographyConfig, rng: np.random.Generator, home_u: np.ndarray, client_ids: list[int]
) -> DistrictGeography:
    """Place the homes of one district (:func:`place_homes`) and compute its base travel minutes."""
    xy = place_homes(g, rng, home_u)
    straight = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    road = straight * g.circuity
    modes = tuple(g.speed_kmh)
    base = _base_minutes(road, g, modes)
    if g.travel_matrix_file:
        ids = ["office", *[str(c) for c in client_ids]]
        mat = load_travel_matrix(g.travel_matrix_file, ids, "geography.travel_matrix_file")
        base = np.broadcast_to(mat, base.shape).copy()
        road = mat / 60.0 * g.speed_kmh.get("car", 25.0)
    return DistrictGeography(
        xy_km=xy,
        modes=modes,
        base_min=base,
        road_km=road,
        noise_cv=g.travel_noise_cv,
        winter_factor=g.winter_travel_factor,
        winter_months=frozenset(g.winter_months),
    )


def pair_uniforms(seed: int, replication: int, district: int, day: int, n_locations: int) -> np.ndarray:
    """One uniform per (from, to) pair of locations of ``district`` on ``day``: the travel noise's
    draws, keyed by the pair, so a new home changes no other trip."""
    loc = np.arange(n_locations)
    return keyed_uniform(seed, replication, Stream.TRAVEL, district, day, loc[:, None], loc)


def daily_travel(geo: DistrictGeography, month: int, pair_u: np.ndarray) -> np.ndarray:
    """Travel minutes of one day, (n_modes, n_loc, n_loc): base × noise × season, the noise
    from one uniform per (from, to) pair of the day (``pair_u``)."""
    noise = lognormal_mean1_from_cv_u(pair_u, geo.noise_cv)
    season = geo.winter_factor if month in geo.winter_months else 1.0
    out = geo.base_min * (noise * season)[None, :, :]
    return out
