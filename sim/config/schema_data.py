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
