"""Guards: when a run stops because something impossible happened, and when a figure is
implausible enough to be flagged (issue 24: a real unit's files once ran for "17 days" of
overtime without a word)."""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.fields import param


@dataclass
class GuardsConfig:
    """Invariants checked while a run goes, and plausible ranges of its headline figures."""

    max_hours_past_shift_end: float = param(
        8.0,
        gt=0,
        unit="h",
        help="a shift still working this long after its end stops the run with one line (the plan gives "
        "one person more than a shift holds: usually an input problem)",
        source="-",
    )
    plausible_overtime_min_per_shift: float = param(
        60.0,
        ge=0,
        unit="min",
        help="mean overtime per shift above this is flagged on the printed table and in the report",
        source="assumption: Swedish home-care shifts average well under an hour of overtime",
    )
    plausible_late_visit_share: float = param(
        0.3,
        ge=0,
        le=1,
        help="a late-visit share above this is flagged on the printed table and in the report",
        source="assumption",
    )
    plausible_visits_vs_plan: float = param(
        1.5,
        ge=1,
        help="visits per caregiver-day more than this many times the unit's own plan's (or fewer than "
        "its inverse) is flagged (a unit's data only)",
        source="assumption",
    )
