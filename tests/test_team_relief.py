"""The teams at their best (issue 25, item 7): each team's own relief substitutes, and help from
a neighbouring team for a small crew.

* ``organisation.team_relief``: the district's substitutes are dealt to its teams round-robin
  by id; an absent member is replaced from the team's own relief staff while one is free, then
  from the rest of the district pool, with the same pick draw (common random numbers).
* ``execution.help_across_teams_crew_max``: with ``help_across_teams`` off, a caregiver whose
  team has at most this many people on the shift may hand a visit to a neighbouring team.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest
from simhelpers import SMALL, worlds

import sim
from sim.config import ConfigWarning
from sim.config.schema_models import OrganisationConfig
from sim.organisation import Organisation, organise, take_substitute
from sim.policies.trust import helping_teams

TRUST = [*SMALL, "replications=1", "compare=[trust]"]
# many absences, each covered by a substitute when one is free; no lending, so a substitute
# works for the team of the position they cover
ABSENT = [
    "scenario.stress.sick_start_probability=0.15",
    "scenario.staffing.substitute_fill_probability=1",
    "models.trust.organisation.lend_staff=false",
    "scenario.clients.need.extras_probability=0",  # need / base need = the familiarity factor
]


def _org(relief: dict[int, int]) -> Organisation:
    return Organisation((), {}, {}, {}, relief)


# ---- the pick ------------------------------------------------------------------------------------


def test_an_absence_takes_the_teams_own_relief_first_then_the_district_pool() -> None:
    org = _org({10: 0, 11: 1, 12: 0, 13: 1})
    pool = [10, 11, 12, 13]
    assert take_substitute(org, pool, 1, 0.9) == 13  # team 1's own: [11, 13]
    assert take_substitute(org, pool, 1, 0.0) == 11
    # team 1's relief all out: the rest of the district pool, [10, 12]
    assert take_substitute(org, pool, 1, 0.6) == 12
    assert pool == [10]


@pytest.mark.parametrize("u", [0.0, 0.3, 0.74, 0.99])
def test_without_relief_staff_the_pick_is_the_district_pools(u: float) -> None:
    pool = [4, 7, 9, 20]
    expected = pool[int(u * len(pool))]
    assert take_substitute(_org({}), pool, 0, u) == expected
    assert expected not in pool and len(pool) == 3


def test_relief_staff_are_dealt_round_robin_to_the_districts_teams() -> None:
    cfg = sim.config([*TRUST, "models.trust.organisation.team_size=5"])
    world = worlds(cfg)[0]
    org = organise(world, cfg.models["trust"].organisation)
    for d in world.districts:
        teams = [u.index for u in org.units if u.district == d.index]
        assert len(teams) >= 2 and len(d.substitutes) >= len(teams)
        got = [org.relief_unit[s] for s in sorted(d.substitutes)]
        assert got == [teams[j % len(teams)] for j in range(len(got))]
    off = OrganisationConfig(unit="team", team_size=5, team_relief=False)
    assert organise(world, off).relief_unit == {}
    district = OrganisationConfig(unit="district", team_relief=True)  # a district pool has no teams
    assert organise(world, district).relief_unit == {}


# ---- in a run ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def relief_runs() -> dict[bool, tuple[sim.Results, Organisation]]:
    out = {}
    for on in (True, False):
        cfg = sim.config([*TRUST, *ABSENT, f"models.trust.organisation.team_relief={str(on).lower()}"])
        org = organise(worlds(cfg)[0], cfg.models["trust"].organisation)
        out[on] = (sim.run(cfg=cfg, n_jobs=1), org)
    return out


def _substitute_shifts(res: sim.Results, org: Organisation) -> pd.DataFrame:
    s = res.shifts
    s = s[s["kind"] == "substitute"].drop_duplicates(["day", "caregiver_id"])
    team = s["slot_id"].map(org.unit_of_slot)
    return s.assign(team=team, relief=s["caregiver_id"].map(org.relief_unit))


def test_a_substitute_comes_from_the_teams_relief_while_one_is_free(relief_runs) -> None:
    """A substitute from outside a team's relief staff works for it only on a day when every one
    of its relief staff is working (taken before: each substitute covers one absence a day)."""
    res, org = relief_runs[True]
    s = _substitute_shifts(res, org)
    working = s.groupby("day")["caregiver_id"].agg(set)
    own = s[s["team"] == s["relief"]]
    other = s[s["team"] != s["relief"]]
    assert len(own) > 0 and len(other) > 0, "the run exercises both the own relief and the pool"
    assert len(own) > len(other)
    for r in other.itertuples():
        relief = {p for p, t in org.relief_unit.items() if t == r.team}
        assert relief <= working[r.day], (r.day, r.team, relief - working[r.day])
    # without relief staff the district pool's pick sends substitutes to any team
    res_off, org_off = relief_runs[False]
    off = _substitute_shifts(res_off, org_off).assign(relief=lambda f: f["caregiver_id"].map(org.relief_unit))
    assert (off["team"] == off["relief"]).mean() < (s["team"] == s["relief"]).mean()


def _returning_substitute_visits(res: sim.Results) -> pd.DataFrame:
    """Single visits a substitute made to a client they had visited on an earlier day."""
    v = res.visits
    subs = set(res.shifts.loc[res.shifts["kind"] == "substitute", "caregiver_id"])
    v = v[~v["missed"] & ~v["double"] & v["caregiver_id"].isin(subs)]
    first = v.groupby(["caregiver_id", "client_id"])["day"].transform("min")
    return v[v["day"] > first]


def test_returning_relief_staff_know_their_clients(relief_runs) -> None:
    """Familiarity is kept by person: a relief substitute back at a client needs less than a
    stranger's extra time, and with relief staff substitutes come back more often."""
    res, _ = relief_runs[True]
    cfg = sim.config([*TRUST, *ABSENT])
    stranger = 1.0 + cfg.scenario.clients.need.familiarity_extra_share
    back = _returning_substitute_visits(res)
    assert len(back) > 0
    assert (back["need_min"] < back["base_need_min"] * stranger - 1e-9).all()
    assert len(back) > len(_returning_substitute_visits(relief_runs[False][0]))


# ---- help from a neighbouring team ---------------------------------------------------------------


def _world_of_teams(crew: int, across: bool = False, crew_max: int = 3) -> tuple[Any, Any]:
    """A district of four teams (sectors 0-3 in angle order); team 0 has ``crew`` people on the
    evening and four on the day."""
    ex = SimpleNamespace(help_across_teams=across, help_across_teams_crew_max=crew_max)

    def run(pid: int, unit: int, shift: str) -> SimpleNamespace:
        return SimpleNamespace(
            person=SimpleNamespace(id=pid), unit=unit, shift=shift, slot=SimpleNamespace(district=0)
        )

    evening = [run(p, 0, "evening") for p in range(crew)]
    active = {0: [*evening, *(run(10 + p, 0, "day") for p in range(4))], 1: [], 2: [], 3: []}
    mr = SimpleNamespace(
        cfg=SimpleNamespace(execution=ex), units_by_district={0: [0, 1, 2, 3]}, active=active
    )
    return mr, evening[0]


@pytest.mark.parametrize("crew", [1, 2, 3])
def test_a_small_crew_may_call_on_its_neighbouring_teams(crew: int) -> None:
    mr, run = _world_of_teams(crew)
    assert helping_teams(mr, run) == [1, 3]  # the sectors on either side, not the one across


def test_a_crew_above_the_limit_gets_no_help_from_other_teams() -> None:
    mr, run = _world_of_teams(4)
    assert helping_teams(mr, run) == []
    mr, run = _world_of_teams(1, crew_max=0)  # 0: never
    assert helping_teams(mr, run) == []
    mr, run = _world_of_teams(4, across=True)  # help_across_teams: any team, any crew
    assert helping_teams(mr, run) == [1, 2, 3]


def _crossing(res: sim.Results) -> pd.DataFrame:
    """The trust teams' handed-over visits made by a caregiver of another team than the giver's,
    with the size of the giver's crew on that shift (distinct people of the team with the same
    shift label)."""
    v, s = (f[f["model"] == "trust"] for f in (res.visits, res.shifts))
    done = v[v["handed_over"] & ~v["missed"]]
    runs = s[["day", "caregiver_id", "unit", "shift"]].drop_duplicates(["day", "caregiver_id"])
    crew = runs.groupby(["day", "unit", "shift"])["caregiver_id"].nunique().rename("crew").reset_index()
    giver = runs.rename(columns={"caregiver_id": "scheduled_caregiver_id", "unit": "giver_unit"})
    helper = runs[["day", "caregiver_id", "unit"]].rename(columns={"unit": "helper_unit"})
    t = done.merge(giver, on=["day", "scheduled_caregiver_id"]).merge(helper, on=["day", "caregiver_id"])
    t = t.merge(
        crew, left_on=["day", "giver_unit", "shift"], right_on=["day", "unit", "shift"], suffixes=("", "_c")
    )
    return t[t["giver_unit"] != t["helper_unit"]]


@pytest.mark.parametrize("crew_max", [2, 3])
def test_only_small_crews_hand_visits_to_other_teams(seeded_run, crew_max: int) -> None:
    res = seeded_run(
        [*SMALL, "replications=1", f"models.trust.execution.help_across_teams_crew_max={crew_max}"]
    )
    crossing = _crossing(res)
    assert len(crossing) > 0, "a small crew got help from another team"
    assert (crossing["crew"] <= crew_max).all(), crossing[["day", "giver_unit", "shift", "crew"]]


def test_no_crew_hands_visits_to_other_teams_with_the_limit_at_zero(seeded_run) -> None:
    res = seeded_run([*SMALL, "replications=1", "models.trust.execution.help_across_teams_crew_max=0"])
    assert _crossing(res).empty


# ---- common random numbers -----------------------------------------------------------------------


def test_the_minute_models_results_do_not_depend_on_the_trust_teams_switches() -> None:
    base = [*SMALL, "replications=1"]
    a = sim.run(cfg=sim.config(base), n_jobs=1)
    b = sim.run(
        cfg=sim.config(
            [
                *base,
                "models.trust.organisation.team_relief=false",
                "models.trust.execution.help_across_teams_crew_max=0",
            ]
        ),
        n_jobs=1,
    )
    for name in ("visits", "shifts", "staff_days", "alarms"):
        x, y = (r.events[name] for r in (a, b))
        x, y = (f[f["model"] == "minute"].reset_index(drop=True) for f in (x, y))
        assert len(x) > 0
        pd.testing.assert_frame_equal(x, y)
    # ... while the trust teams' do
    tv = [r.visits[r.visits["model"] == "trust"] for r in (a, b)]
    assert (
        not tv[0]["caregiver_id"].reset_index(drop=True).equals(tv[1]["caregiver_id"].reset_index(drop=True))
    )


# ---- no silent settings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides,key",
    [
        (
            [
                "models.trust.execution.help_across_teams=true",
                "models.trust.execution.help_across_teams_crew_max=2",
            ],
            "models.trust.execution.help_across_teams_crew_max",
        ),
        (["models.minute.organisation.team_relief=true"], "models.minute.organisation.team_relief"),
    ],
)
def test_a_switch_nothing_reads_is_a_warning(overrides: list[str], key: str) -> None:
    """The crew limit means nothing when every team helps anyway, relief staff nothing without
    teams: setting either then is named."""
    with pytest.warns(ConfigWarning) as issued:
        sim.config(overrides)
    assert any(str(w.message).startswith(f"{key}: is not read") for w in issued), [
        str(w.message) for w in issued
    ]
