"""Where a unit's own data comes from (issue 13): ``data.dir`` names a folder in the format of
docs/data-format.md; the district, its clients, visits, caregivers and travel times then come
from the files, and everything else from the scenario's configs."""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.fields import param


@dataclass
class DataConfig:
    """A unit's own data in place of the scenario's generated district."""

    dir: str | None = param(
        None,
        help="folder of a unit's own data (docs/data-format.md); null: the scenario's districts are drawn",
        source="-",
    )
    essential_share: float = param(
        0.6,
        ge=0,
        le=1,
        help="share of an imported visit's need that is never cut (the files name no tasks)",
        source="assumption: about the default catalogue's granted-minute-weighted essential share",
        sa_range=(0.4, 0.8),
    )
    repeat: int = param(
        1,
        ge=1,
        help="a dated export runs as its days, this many times in a row (the period repeated); weekday "
        "patterns recur for horizon_days",
        source="-",
    )
    staff_as_planned: bool = param(
        True,
        help="a dated export's first measured day starts with its staff as the plan names them: every "
        "caregiver at work, no vacancy, no stress carried over from the warm-up (which repeats the "
        "period to build who knows whom); absences are then drawn afresh",
        source="-",
    )
    usual_caregiver_visits: float = param(
        8.0,
        ge=0,
        unit="visits",
        help="past visits a continuity.csv row without a count stands for (a usual caregiver: the "
        "stranger's extra time is almost gone)",
        source="assumption: with familiarity_halflife_visits 2, 8 visits leave 1/16 of the extra time",
        sa_range=(2.0, 20.0),
    )
