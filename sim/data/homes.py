"""Caregivers' homes given as coordinates (``home_lat``, ``home_lon``) rather than as a location of
the travel matrices.

A routing system's export often has the staff's home addresses geocoded but no travel times to
them. Such a home becomes a location of every matrix: the time from it to any location is the
matrix time from the nearest location of ``locations.csv`` plus the straight-line distance to that
location × :data:`CIRCUITY` at the mode's speed (:data:`SPEED_KMH`), and the same back.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.data.checks import Problem
from sim.data.text import csv_line, number

# the geography configs' defaults (configs/geography): road distance over straight-line distance
CIRCUITY = 1.3
SPEED_KMH = {"walk": 5.0, "bike": 15.0, "car": 25.0}
EARTH_RADIUS_KM = 6371.0


def home_id(caregiver_id: str) -> str:
    """The location id a home given as coordinates gets."""
    return f"home:{caregiver_id}"


def _has(r: pd.Series, col: str) -> bool:
    return bool(str(r.get(col, "")).strip())


def home_problems(
    caregivers: pd.DataFrame | None, locations: pd.DataFrame | None, files: dict[str, str]
) -> list[Problem]:
    """A caregiver starting from home names the home once: a location id or both coordinates, and
    coordinates need ``locations.csv``."""
    if caregivers is None:
        return []
    out = []
    fg = files["caregivers"]
    for i, r in caregivers.iterrows():
        coords = [_has(r, "home_lat"), _has(r, "home_lon")]
        if any(coords) and not all(coords):
            out.append(Problem(fg, csv_line(i), "home_lat", "give both home_lat and home_lon, or neither"))
        if all(coords) and _has(r, "home_location_id"):
            out.append(
                Problem(fg, csv_line(i), "home_location_id", "give the home as a location id or coordinates")
            )
        if str(r.get("starts_at", "")).strip() == "home" and not (all(coords) or _has(r, "home_location_id")):
            out.append(
                Problem(
                    fg,
                    csv_line(i),
                    "home_location_id",
                    "required when starts_at is home (or home_lat and home_lon)",
                )
            )
        if all(coords) and (locations is None or locations.empty):
            out.append(
                Problem(
                    fg,
                    csv_line(i),
                    "home_lat",
                    "a home given as coordinates needs locations.csv (location_id, lat, lon) to reach it",
                )
            )
    return out


def _km(lat1: float, lon1: float, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distances (haversine), km."""
    p1, p2 = math.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2) - math.radians(lon1)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a)))


def coordinate_homes(
    caregivers: pd.DataFrame, locations: pd.DataFrame | None, travel: dict[str, pd.DataFrame]
) -> dict[str, str]:
    """Add every home given as coordinates to the matrices of ``travel`` (in place, minutes);
    returns caregiver id -> the home's location id."""
    if locations is None or locations.empty:
        return {}
    homes: dict[str, tuple[float, float]] = {}
    for _, r in caregivers.iterrows():
        if _has(r, "home_lat") and _has(r, "home_lon"):
            homes.setdefault(str(r["caregiver_id"]), (number(r["home_lat"]), number(r["home_lon"])))
    if not homes:
        return {}
    ids = locations["location_id"].astype(str).to_numpy()
    lat = locations["lat"].map(number).to_numpy(dtype=float)
    lon = locations["lon"].map(number).to_numpy(dtype=float)
    out = {}
    for mode, sq in list(travel.items()):
        known = np.array([x in sq.index and x in sq.columns for x in ids])
        if not known.any():
            continue
        kid, klat, klon = ids[known], lat[known], lon[known]
        speed = SPEED_KMH.get(mode, SPEED_KMH["car"])
        sq = sq.copy()
        for cg, (hlat, hlon) in homes.items():
            dist = _km(hlat, hlon, klat, klon)
            k = int(np.argmin(dist))
            leg = float(dist[k]) * CIRCUITY / speed * 60.0
            near, hid = str(kid[k]), home_id(cg)
            row = sq.loc[near].astype(float) + leg
            col = sq[near].astype(float) + leg
            sq.loc[hid] = row
            sq[hid] = pd.concat([col, pd.Series({hid: 0.0})])
            sq.loc[hid, hid] = 0.0
            out[cg] = hid
        travel[mode] = sq
    return out
