"""A generated district as a unit's data (issue 13): the import format's tables, so a user sees
a real one filled in, and a district exported and imported again is the same world
(``tests/test_import.py``)."""

from __future__ import annotations

import pandas as pd

from sim.config.fields import clock_to_min
from sim.config.schema import RunConfig
from sim.data.unit import SHIFT_COLUMNS, VISIT_COLUMNS, Unit
from sim.world.staff import position_name
from sim.world.unit_staff import start_week


def export_unit(
    world: object, run: RunConfig, district: int = 0, plan: dict[tuple[int, int], int] | None = None
) -> Unit:
    """A generated district of ``world`` (:class:`sim.world.build.World`) as a unit's data;
    ``plan`` ((client id, planned visit) -> staff position id) fills ``planned_caregiver``."""
    from sim.world.build import World

    assert isinstance(world, World)
    d = world.districts[district]
    geo = d.geography
    n_loc = geo.n_locations
    ids = ["office", *[f"home-{i}" for i in range(1, n_loc)]]
    s0 = start_week(world.calendar)
    names = {st.id: position_name(st) for st in d.staff}
    clients = pd.DataFrame(
        {
            "client_id": [f"client-{c.id - d.clients[0].id + 1}" for c in d.clients],
            "location_id": [ids[c.loc] for c in d.clients],
            "care_level": [c.level for c in d.clients],
            "avoid_caregivers": ["" for _ in d.clients],
        }
    )
    rows = []
    for c, cid in zip(d.clients, clients["client_id"], strict=True):
        for p in c.plans:
            rows.append(
                {
                    "visit_id": f"{cid}-{p.index + 1}",
                    "client_id": cid,
                    "weekdays": "".join(str(x) for x in sorted(p.weekdays)),
                    "every_weeks": p.every_weeks,
                    "week_offset": (-p.week_offset - s0) % p.every_weeks,
                    "dates": "",
                    "earliest_min": p.earliest_min,
                    "latest_min": p.latest_min,
                    "planned_start_min": float("nan"),
                    "granted_min": p.standard_min,
                    "double_staffed": p.double,
                    "second_min": float("nan"),
                    "second_offset_min": 0.0,
                    "skill": "|".join(sorted(p.skills)),
                    "planned_caregiver": names.get((plan or {}).get((c.id, p.index), -1), ""),
                    "second_caregiver": "",
                    "follows": "",
                    "follows_min_gap": 0.0,
                    "follows_max_gap": float("nan"),
                }
            )
    visits = pd.DataFrame(rows, columns=list(VISIT_COLUMNS))
    weeks = run.scenario.staffing.weekend_every
    shift_rows = []
    for s in d.staff:
        sh = run.scenario.staffing.shifts[s.shift]
        by_week = {
            c: "".join(str(x - c * 7) for x in sorted(s.cycle_days) if c * 7 <= x < c * 7 + 7)
            for c in range(weeks)
        }
        patterns = (
            [(by_week[0], 1, 0)]
            if len(set(by_week.values())) == 1
            else [(days, weeks, (c - s0) % weeks) for c, days in by_week.items() if days]
        )
        for days, every, offset in patterns:
            if not days:
                continue
            shift_rows.append(
                {
                    "caregiver_id": names[s.id],
                    "weekdays": days,
                    "every_weeks": every,
                    "week_offset": offset,
                    "dates": "",
                    "start_min": clock_to_min(sh.start),
                    "end_min": clock_to_min(sh.end),
                    "break_min": float(sh.break_min),
                    "break_earliest_min": float(clock_to_min(sh.break_earliest)),
                    "break_latest_min": float(clock_to_min(sh.break_latest)),
                    "travel_mode": s.mode,
                    "skills": "|".join(sorted(s.skills)),
                    "contract_fte": float(s.fte),
                    "starts_at": "office",
                    "home_location_id": "",
                }
            )
    shifts = pd.DataFrame(shift_rows, columns=list(SHIFT_COLUMNS))
    travel = {m: pd.DataFrame(geo.base_min[k], index=ids, columns=ids) for k, m in enumerate(geo.modes)}
    return Unit(
        name=d.name,
        office="office",
        start_date=run.scenario.start_date,
        clients=clients,
        visits=visits,
        shifts=shifts,
        travel=travel,
    )
