"""Shared helpers of the verification suite: small scenarios and table reshaping.

Kept out of ``conftest.py`` so that test modules can import plain functions
(``from simhelpers import ...``); pytest puts ``tests/`` on ``sys.path``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

import sim
from sim.world.build import World, build_world

# A small but complete municipality: one urban district of 50 clients, 3 warm-up
# and 7 measured days, 2 replications. Big enough for double visits, delegated
# (insulin) visits, trust teams (≥ 2 teams), substitutes and team alarms.
SMALL = ["replications=2", "horizon_days=7", "warmup_days=3", "scenario.districts.centrum.n_clients=50"]

# Two districts (different geography) with noise-free travel: exercises the id
# offsets of a second district, and makes trip times obey the triangle
# inequality so the arrival-time bound in test_invariants is exact.
TWO_DISTRICTS = [
    "replications=1",
    "horizon_days=6",
    "warmup_days=2",
    "scenario.districts.centrum.n_clients=35",
    "scenario.districts.centrum.geography.travel_noise_cv=0",
    "+geography@scenario.districts.b.geography=suburban",
    "scenario.districts.b.n_clients=30",
    "scenario.districts.b.geography.radius_km=4",
    "scenario.districts.b.geography.travel_noise_cv=0",
]

# No variability anywhere in the real need (need == standard time exactly).
NO_NEED_NOISE = [
    "scenario.clients.need.client_factor_sigma=0",
    "scenario.clients.need.day_factor_sigma=0",
    "scenario.clients.need.extras_probability=0",
    "scenario.clients.need.drift_per_month=0",
    "scenario.clients.need.hospital_admissions_per_year=0",
    "scenario.clients.need.familiarity_extra_share=0",
    # and nobody misjudges it: the team learns the need itself, the assessor grants the standard
    "models.trust.planning.need_judgement_cv=0",
    "models.minute.reassessment.assessment_error_cv=0",
]

MODELS = ("minute", "trust")
VISIT_KEY = ["client_id", "day", "planned_visit"]


def run(overrides: list[str], n_jobs: int = 1) -> sim.Results:
    """Run the comparison for ``overrides`` (serial by default)."""
    return sim.run(cfg=sim.config(overrides), n_jobs=n_jobs)


def model_frames(res: sim.Results, model: str, replication: int) -> dict[str, pd.DataFrame]:
    """The four event tables of one model and replication, without the two id columns."""
    out = {}
    for name, df in res.events.items():
        part = df[(df["model"] == model) & (df["replication"] == replication)]
        out[name] = part.drop(columns=["model", "replication"]).reset_index(drop=True)
    return out


def worlds(cfg) -> dict[int, World]:
    """The world of every replication of ``cfg``."""
    return {r: build_world(cfg, r) for r in range(cfg.replications)}


def performer_rows(visits: pd.DataFrame) -> pd.DataFrame:
    """One row per (performed visit, caregiver): a double visit gives two rows.

    Columns: the visit's columns plus ``cg`` (the caregiver) and ``role`` (1 or 2).
    """
    done = visits[~visits["missed"]]
    first = done.assign(cg=done["caregiver_id"], role=1)
    second = done[done["second_caregiver_id"] >= 0]
    second = second.assign(cg=second["second_caregiver_id"], role=2)
    return pd.concat([first, second], ignore_index=True)


def team_alarm_rows(alarms: pd.DataFrame) -> pd.DataFrame:
    """Alarm calls answered by a caregiver, as busy intervals at the client's home."""
    t = alarms[alarms["responder"] == "team"]
    return t.assign(cg=t["responder_id"], start=t["arrival_time"], stop=t["arrival_time"] + t["handling_min"])


def skills_of(world: World, shifts: pd.DataFrame) -> pd.Series:
    """Skills each shift's caregiver holds, indexed like ``shifts``.

    Regular staff (initial holders and newcomers alike) work with their slot's
    skills; substitutes hold no delegations (sim/engine/simulate.py); a colleague on an
    extra shift works with the skills of their own slot (the one of their regular shifts).
    """
    slot_skills = {s.id: s.skills for d in world.districts for s in d.staff}
    regular = shifts[shifts["kind"] == "regular"]
    own_slot = dict(zip(regular["caregiver_id"], regular["slot_id"], strict=True))

    def held(sid: int, kind: str, cg: int) -> frozenset[str]:
        if kind == "regular":
            return slot_skills[sid]
        if kind == "extra":
            return slot_skills[int(own_slot[cg])]
        return frozenset()

    return pd.Series(
        [
            held(int(sid), kind, int(cg))
            for sid, kind, cg in zip(shifts["slot_id"], shifts["kind"], shifts["caregiver_id"], strict=True)
        ],
        index=shifts.index,
        dtype=object,
    )


def erlang_c(c: int, offered: float) -> float:
    """Erlang C: probability that an arrival waits in an M/M/c queue with load ``offered`` = λ/μ."""
    if offered >= c:
        return 1.0
    # numerically stable recursion via Erlang B
    b = 1.0
    for k in range(1, c + 1):
        b = offered * b / (k + offered * b)
    rho = offered / c
    return b / (1.0 - rho + rho * b)


def erlang_c_direct(c: int, offered: float) -> float:
    """Textbook form of Erlang C (cross-check of :func:`erlang_c`)."""
    s = sum(offered**k / math.factorial(k) for k in range(c))
    top = offered**c / math.factorial(c) / (1.0 - offered / c)
    return top / (s + top)


def assert_close(a: np.ndarray | pd.Series, b: np.ndarray | pd.Series, tol: float, what: str) -> None:
    """Element-wise |a − b| ≤ tol, with the worst offender in the message."""
    d = np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))
    if d.size:
        i = int(np.nanargmax(d)) if not np.isnan(d).all() else 0
        assert not np.isnan(d).any(), f"{what}: NaN in comparison"
        assert d[i] <= tol, f"{what}: max |diff| {d[i]:.3g} > {tol:g} at position {i}"


def expected_strain(weights, shifts: pd.DataFrame, relief=None) -> list[float]:
    """The documented strain index of every row of a shifts table (sim.stress.strain_index);
    ``relief`` is what job control and support leave of the demands, one per row (default 1)."""
    from sim.stress import strain_index

    rel = np.ones(len(shifts)) if relief is None else np.asarray(relief, dtype=float)
    return [
        strain_index(
            weights,
            overtime_min=r.overtime_min,
            visits=r.visits,
            rushed=r.rushed_visits,
            behind_mean_min=r.behind_mean_min,
            missed_breaks=r.missed_breaks,
            planned_demand_min=r.planned_demand_min,
            real_demand_min=r.real_demand_min,
            distinct_clients=r.distinct_clients,
            unmet_min=r.unmet_min,
            relief=float(rel[i]),
        )
        for i, r in enumerate(shifts.itertuples())
    ]


def shift_relief(stress, shifts: pd.DataFrame) -> np.ndarray:
    """Per row, what the shift's recorded job control and support leave of the demands:
    (1 − control_relief × control) × (1 − support_relief × support)."""
    c, s = shifts["control"].to_numpy(float), shifts["support"].to_numpy(float)
    return (1 - stress.control_relief * c) * (1 - stress.support_relief * s)


def hand_control_support(stress, shifts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Job control and support of every row of a shifts table, by hand from the module docstring
    of sim.stress and the row's own counters (written out again here, not calling sim.stress)."""
    v = shifts["visits"].to_numpy(float)
    length = np.where(v > 0, 1 - shifts["rushed_visits"].to_numpy(float) / np.maximum(v, 1), 1.0)
    planned = shifts["planned_visits"].to_numpy(float)
    own_plan = shifts["own_plan"].to_numpy(bool)
    h_in, h_out = shifts["handed_in"].to_numpy(float), shifts["handed_out"].to_numpy(float)
    c_in, c_out = shifts["helped_in"].to_numpy(float), shifts["helped_out"].to_numpy(float)
    own = np.where(own_plan, planned, 0) + c_in + c_out
    imposed = (
        np.where(own_plan, 0, planned)
        + (h_in - c_in)
        + (h_out - c_out)
        + shifts["alarms_answered"].to_numpy(float)
        + shifts["cancelled_visits"].to_numpy(float)
    )
    total = own + imposed
    order = np.where(total > 0, own / np.maximum(total, 1), 1.0)
    control = (length + order) / 2
    help_ = np.minimum(1, (h_out + c_in) / stress.support_help_reference)
    together = np.minimum(
        1,
        (shifts["meeting_min"].to_numpy(float) + shifts["paired_min"].to_numpy(float))
        / stress.support_together_reference_min,
    )
    return control, (help_ + together) / 2
