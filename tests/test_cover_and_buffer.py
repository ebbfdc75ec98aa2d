"""Issue 9, items 4 and 6: who covers an absence, and where a team's buffer sits.

* A shift no substitute covers may be taken by an off-duty colleague of the district as an
  extra shift, paid as overtime and within the Working Hours Act's yearly limit; what nobody
  covers falls on the rest of the crew (``uncovered_shift_share``).
* The buffer is either spread over every route or held by floaters: caregivers kept free of
  planned visits, who take hand-overs and alarms.
"""

from __future__ import annotations

import pandas as pd
import pytest
from simhelpers import SMALL

import sim
from sim.engine.state import Person, ShiftRun
from sim.metrics.costs import RunFacts, cost_components
from sim.planning.dispatch import choose_floaters, plannable_capacity
from sim.world.build import build_world
from sim.world.staff import StaffSlot

ONE_REP = [*SMALL, "replications=1", "scenario.metrics.min_days_for_rates=1"]
# many absences, no substitutes: every uncovered shift is offered to a colleague
ABSENT = [
    *ONE_REP,
    "scenario.stress.sick_start_probability=0.1",
    "scenario.staffing.substitute_fill_probability=0",
]


@pytest.mark.parametrize("p", [0.0, 1.0])
def test_extra_shifts_cover_absences_only_when_allowed(seeded_run, p):
    res = seeded_run([*ABSENT, f"scenario.staffing.extra_shift_probability={p}"])
    sd, s = res.events["staff_days"], res.shifts
    absent = sd[sd["status"].isin(["sick", "vacant"])]
    assert len(absent) > 0
    extra = s[s["kind"] == "extra"]
    assert s[s["kind"] == "substitute"].empty
    if p == 0:
        assert extra.empty
        return
    assert len(extra) > 0
    # an extra shift works the position of someone absent that day ...
    pairs = set(zip(absent["model"], absent["day"], absent["slot_id"], strict=True))
    assert all(k in pairs for k in zip(extra["model"], extra["day"], extra["slot_id"], strict=True))
    # ... by a regular of the same district who is off duty that day: nobody works twice a day
    assert not s.duplicated(["model", "day", "caregiver_id"]).any()
    working = sd[sd["status"] == "work"]
    on_duty = set(zip(working["model"], working["day"], working["caregiver_id"], strict=True))
    assert not any(
        k in on_duty for k in zip(extra["model"], extra["day"], extra["caregiver_id"], strict=True)
    )
    holders = set(sd.loc[sd["caregiver_id"] >= 0, "caregiver_id"])  # position holders, not substitutes
    assert set(extra["caregiver_id"]) <= holders
    subs = set(build_world(sim.config(ABSENT), 0).districts[0].substitutes)
    assert not set(extra["caregiver_id"]) & subs


def test_extra_shifts_respect_the_yearly_limit(seeded_run):
    res = seeded_run(
        [
            *ABSENT,
            "scenario.staffing.extra_shift_probability=1",
            "scenario.staffing.max_extra_shift_h_per_year=16",
        ]
    )
    extra = res.shifts[res.shifts["kind"] == "extra"]
    assert len(extra) > 0
    hours = (extra["end"] - extra["start"]).groupby([extra["model"], extra["caregiver_id"]]).sum() / 60.0
    assert (hours <= 16 + 1e-9).all()
    none = seeded_run(
        [
            *ABSENT,
            "scenario.staffing.extra_shift_probability=1",
            "scenario.staffing.max_extra_shift_h_per_year=0",
        ]
    )
    assert (none.shifts["kind"] != "extra").all()


def test_uncovered_share_falls_when_colleagues_cover(seeded_run):
    def share(p: float) -> float:
        m = seeded_run([*ABSENT, f"scenario.staffing.extra_shift_probability={p}"]).metrics
        return float(m[m["metric"] == "uncovered_shift_share"]["value"].mean())

    def extra(p: float) -> float:
        m = seeded_run([*ABSENT, f"scenario.staffing.extra_shift_probability={p}"]).metrics
        return float(m[m["metric"] == "extra_shift_share"]["value"].mean())

    def absent(p: float) -> float:
        sd = seeded_run([*ABSENT, f"scenario.staffing.extra_shift_probability={p}"]).events["staff_days"]
        rostered = sd[sd["status"].isin(["work", "sick", "vacant"]) & (sd["day"] >= 3)]
        return float(
            rostered.groupby("model")["status"].apply(lambda s: s.isin(["sick", "vacant"]).mean()).mean()
        )

    assert extra(0.0) == 0.0 and extra(1.0) > 0
    # no substitutes: what is absent is covered by a colleague's extra shift or not at all
    for p in (0.0, 1.0):
        assert share(p) == pytest.approx(absent(p) - extra(p), abs=1e-9)
    assert share(1.0) < share(0.0)


def test_an_extra_shift_is_paid_as_overtime():
    cfg = sim.config(ONE_REP)
    sc, model = cfg.scenario, cfg.models["minute"]
    c = sc.costs
    row = {"day": 0, "overtime_min": 0.0, "paid_min": 480.0, "mode": "car", "travel_km": 0.0}
    facts = RunFacts(0, 1, 1, 1, 1, 1)
    staff_days = pd.DataFrame(columns=["day", "slot_id", "status", "event", "shift_min"])

    def costs(kind: str) -> dict[str, float]:
        return cost_components(pd.DataFrame([{**row, "kind": kind}]), staff_days, sc, model, facts)

    contrib = 1 + c.employer_contribution_rate
    ot_rate = c.monthly_wage_sek / c.overtime_divisor * contrib
    assert costs("extra")["overtime"] == pytest.approx(8 * ot_rate)
    assert costs("extra")["staff"] == 0.0 and costs("extra")["substitutes"] == 0.0
    hourly = c.monthly_wage_sek * contrib / c.paid_hours_per_month
    assert costs("regular")["staff"] == pytest.approx(8 * hourly)
    assert costs("regular")["overtime"] == 0.0


# ---- floaters ------------------------------------------------------------------------------------


def _run(pid: int, kind: str, shift: str, slot_id: int) -> ShiftRun:
    slot = StaffSlot(slot_id, 0, shift, 1.0, 0, frozenset(), frozenset(), "car")
    return ShiftRun(
        Person(pid, 0, kind, slot), slot, 0, 0, shift, 420.0, 900.0, 30.0, 600.0, 780.0, 0, frozenset()
    )


def test_floaters_are_a_share_of_each_shift_substitutes_first_then_a_daily_rota():
    day = [_run(i, "regular", "day", i) for i in range(6)] + [_run(99, "substitute", "day", 6)]
    evening = [_run(10 + i, "regular", "evening", 10 + i) for i in range(2)]
    crew = day + evening
    got = choose_floaters(crew, 0.3, 0)
    # round(0.3 × 7) = 2 in the day crew (the substitute first), round(0.3 × 2) = 1 in the evening
    assert [r.person.id for r in got] == [99, 0, 10]
    assert [r.person.id for r in choose_floaters(crew, 0.3, 1)] == [99, 1, 11]
    assert choose_floaters(crew, 0.0, 0) == []
    f = got[1]
    f.floater = True
    assert plannable_capacity(f, 0.3) == 0.0
    assert plannable_capacity(day[2], 0.0) == pytest.approx(900 - 420 - 30)


def test_floaters_are_planned_only_what_others_cannot_take(seeded_run):
    base = [*ONE_REP, "compare=[trust]", "models.trust.planning.buffer_share=0.3"]
    spread = seeded_run([*base, "models.trust.planning.buffer_placement=spread"])
    floater = seeded_run([*base, "models.trust.planning.buffer_placement=floater"])

    def unplanned(res: sim.Results) -> pd.Index:
        """(day, caregiver) of shifts that started with no planned visit."""
        planned = pd.MultiIndex.from_frame(res.visits[["day", "scheduled_caregiver_id"]])
        worked = pd.MultiIndex.from_frame(res.shifts[["day", "caregiver_id"]])
        return worked.difference(planned)

    free = unplanned(floater)
    assert len(free) > 2 * len(unplanned(spread))
    # ... and the floaters take hand-overs during the day
    acts = floater.events["activities"]
    took = acts[acts["kind"] == "handover_in"]
    assert pd.MultiIndex.from_frame(took[["day", "caregiver_id"]]).isin(free).sum() > 0
    assert not spread.metrics.equals(floater.metrics)
