"""Schema of the simulated world: geography, clients, care plans and real need.

These parameters are shared by both delivery models (the same municipality is
simulated under each). Defaults describe an urban Swedish home-care district;
each carries its source.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.fields import param

CAL = "CALIBRATION.md"
KTH = f"{CAL}: one real planned day (KTH thesis data, 2025)"
KRIST = f"{CAL}: Kristianstad needs-assessment handbook"


@dataclass
class GeographyConfig:
    """Where homes lie and how long it takes to travel between them."""

    kind: str = param(
        "urban", choices=("urban", "suburban", "rural"), help="kind of area (label)", source="-"
    )
    radius_km: float = param(1.5, gt=0, unit="km", help="radius of the district around its office")
    n_neighbourhoods: int = param(8, ge=1, help="clusters of homes (neighbourhoods)")
    neighbourhood_sigma_km: float = param(
        0.3, ge=0, unit="km", help="spread of homes around a neighbourhood centre"
    )
    circuity: float = param(
        1.3, ge=1.0, help="road distance / straight-line distance", source="MODEL.md §2 (≈1.3)"
    )
    door_overhead_min: float = param(
        2.5, ge=0, unit="min", help="parking, keys, door codes per trip", source="MODEL.md §2 (2–3 min)"
    )
    travel_noise_cv: float = param(
        0.2,
        ge=0,
        le=2,
        help="coefficient of variation of the lognormal trip-time factor",
        source="MODEL.md §2 (CV ≈ 0.2)",
        sa_range=(0.1, 0.4),
    )
    speed_kmh: dict[str, float] = param(
        factory=lambda: {"walk": 5.0, "bike": 15.0, "car": 25.0},
        gt=0,
        unit="km/h",
        help="travel speed per mode",
        source="MODEL.md §2 (walk 5, bike 15, car 25 urban / 50 rural)",
    )
    mode_shares: dict[str, float] = param(
        factory=lambda: {"walk": 0.375, "bike": 0.094, "car": 0.531},
        ge=0,
        le=1,
        help="share of caregivers per travel mode",
        source=f"{KTH}: 17 car, 12 on foot, 3 bicycle",
    )
    winter_travel_factor: float = param(
        1.15,
        ge=1.0,
        help="trip-time multiplier in winter months (snow, e.g. Umeå)",
        source="assumption: no published figure; sweep it",
        sa_range=(1.0, 1.3),
    )
    winter_months: list[int] = param(
        factory=lambda: [12, 1, 2, 3], ge=1, le=12, help="months with winter travel"
    )
    travel_matrix_file: str | None = param(
        None,
        help="optional CSV/Parquet of travel minutes replacing the distance model: long "
        "(from_id, to_id, minutes) or square (first column location_id), ',' or ';' with a "
        "decimal comma; ids are 'office' and the district's client ids",
        source="-",
    )


@dataclass
class DistrictConfig:
    """One home-care district (hemtjänstområde) with its office."""

    label: str = param("", help="display name (default: the district's key)", source="-")
    n_clients: int = param(
        150, ge=1, help="home-care clients", source="MODEL.md §7: a district has ≈50–300 clients"
    )
    centre_km: list[float] = param(
        factory=lambda: [0.0, 0.0], unit="km", help="office position in the municipality"
    )
    staff_scale: float = param(1.0, gt=0, help="multiplier on this district's automatically sized staff")
    geography: GeographyConfig = param(factory=GeographyConfig, source="-")


@dataclass
class TaskConfig:
    """A task (insats) in the catalogue with its standard time (schablontid)."""

    standard_min: float = param(15.0, gt=0, unit="min", help="standard time", source="the task's source")
    essential_share: float = param(
        0.5,
        ge=0,
        le=1,
        help="share of the need that is never cut (floor)",
        source="assumption: medication and the core of personal care are essential; the unhurried "
        "rest and most service can be cut",
    )
    skill: str = param("", help="delegated skill needed ('' for none)", source="-")
    source: str = param(KRIST, help="source of the standard time", source="-")


def _task(std: float, ess: float, skill: str = "", source: str = KRIST) -> TaskConfig:
    return TaskConfig(standard_min=std, essential_share=ess, skill=skill, source=source)


def default_catalogue() -> dict[str, TaskConfig]:
    """Task catalogue with Kristianstad standard times and a few from other municipalities."""
    return {
        "morning_help": _task(15, 0.6),
        "midday_help": _task(15, 0.6),
        "evening_help": _task(15, 0.6),
        "safety_check": _task(15, 0.5),
        "night_help": _task(5, 1.0),
        "shower": _task(40, 0.4),
        "shopping": _task(45, 0.3),
        "cleaning": _task(70, 0.2),
        "laundry": _task(25, 0.3),
        "walk": _task(45, 0.1),
        "bed_making": _task(10, 0.3),
        "dishes_waste": _task(10, 0.3),
        "self_care_support": _task(10, 0.5),
        "medication": _task(10, 0.9, source=f"{CAL}: Umeå 2011, 10-min medication visits"),
        "meal": _task(10, 0.6, source=f"{CAL}: Sollentuna 2024 meal delivery 10 min"),
        "insulin": _task(10, 1.0, skill="delegation", source="assumption: as a medication visit"),
    }


@dataclass
class SlotConfig:
    """A time window in which a visit may start, and the shift that covers it."""

    start: str = param("07:30", clock=True, help="earliest start", source="-")
    end: str = param("10:00", clock=True, help="latest start", source="-")
    shift: str = param("day", help="shift that covers the slot (a key of staffing.shifts)", source="-")


def default_slots() -> dict[str, SlotConfig]:
    """Visit windows across a day shift 07:30–16:00 and an evening shift 16:00–22:30 (KTH)."""
    return {
        "morning": SlotConfig("07:30", "10:30", "day"),
        "late_morning": SlotConfig("09:30", "11:00", "day"),
        "midday": SlotConfig("11:00", "13:30", "day"),
        "afternoon": SlotConfig("13:00", "15:15", "day"),
        "service": SlotConfig("08:30", "14:45", "day"),
        "dinner": SlotConfig("16:00", "17:30", "evening"),
        "evening": SlotConfig("17:00", "20:30", "evening"),
        "bedtime": SlotConfig("20:00", "21:45", "evening"),
    }


@dataclass
class VisitTemplateConfig:
    """A recurring visit in a care plan: which tasks, when, and how often."""

    slot: str = param("morning", help="key of clients.slots", source="-")
    tasks: list[str] = param(factory=lambda: ["morning_help"], help="keys of the task catalogue", source="-")
    extra_tasks: dict[str, float] = param(
        factory=dict, ge=0, le=1, help="task -> probability a client's visit also includes it"
    )
    times_per_week: int = param(7, ge=1, le=7, help="visit days per week (7 = daily)")
    every_weeks: int = param(1, ge=1, le=4, help="1 = every week, 2 = every other week, ...")
    weekdays_only: bool = param(False, help="only Monday–Friday (service tasks)")
    probability: float = param(1.0, ge=0, le=1, help="share of clients at this level who have it")
    double_staffing_probability: float = param(
        0.0,
        ge=0,
        le=1,
        help="share of such visits needing two caregivers (dubbelbemanning)",
        source=f"assumption tuned to {KTH}: 4% of visits double-staffed",
    )


def _v(
    slot: str,
    tasks: list[str],
    per_week: int = 7,
    p: float = 1.0,
    *,
    every: int = 1,
    weekdays: bool = False,
    double: float = 0.0,
    extra: dict[str, float] | None = None,
) -> VisitTemplateConfig:
    return VisitTemplateConfig(slot, tasks, extra or {}, per_week, every, weekdays, p, double)


@dataclass
class CareLevelConfig:
    """A care level (vårdnivå): its share of clients, care plan and alarm use."""

    name: str = param("medium", help="label", source="-")
    share: float = param(0.25, ge=0, le=1, help="share of clients at this level")
    alarm_calls_per_day: float = param(
        0.08,
        ge=0,
        unit="1/day",
        help="safety-alarm calls per alarm holder per day",
        source=f"assumption: {CAL} says no published call rate exists; sweep it",
    )
    visits: list[VisitTemplateConfig] = param(factory=list, help="recurring visits", source="-")


def _service(full: bool) -> list[VisitTemplateConfig]:
    return [
        _v("service", ["shower"], 2 if full else 1, 1.0 if full else 0.5, weekdays=True),
        _v("service", ["cleaning"], 1, 0.9, every=2, weekdays=True),
        _v("service", ["shopping"], 1, 0.8, weekdays=True),
        _v("service", ["laundry"], 1, 0.5 if full else 0.3, every=2, weekdays=True),
    ]


def default_care_levels() -> list[CareLevelConfig]:
    """Four care levels; shares and plans are assumptions tuned to the volumes in CALIBRATION.md.

    They give ≈2.6 visits per client and day (Huddinge 2.4, KTH unit 3.7), ≈3–4% of
    visits double-staffed (KTH 4%) and, with the staffing rule, ≈15 distinct staff per
    client in 14 days under minute control (national 14.9).
    """
    insulin = {"insulin": 0.12}
    return [
        CareLevelConfig(
            "low",
            0.52,
            0.05,
            [
                _v("morning", ["morning_help"], p=0.5),
                _v("evening", ["evening_help"], p=0.4),
                _v("midday", ["safety_check"], p=0.15),
                *_service(False),
            ],
        ),
        CareLevelConfig(
            "medium",
            0.28,
            0.08,
            [
                _v("morning", ["morning_help", "medication"], extra=insulin),
                _v("midday", ["meal"], p=0.5),
                _v("evening", ["evening_help"]),
                _v("afternoon", ["walk"], 1, 0.2, weekdays=True),
                *_service(False),
            ],
        ),
        CareLevelConfig(
            "high",
            0.15,
            0.12,
            [
                _v("morning", ["morning_help", "medication", "bed_making"], double=0.05, extra=insulin),
                _v("midday", ["midday_help", "meal"]),
                _v("afternoon", ["safety_check"], p=0.4),
                _v("dinner", ["meal"], p=0.5),
                _v("evening", ["evening_help", "medication"], double=0.05, extra=insulin),
                _v("bedtime", ["self_care_support"], p=0.3),
                *_service(True),
            ],
        ),
        CareLevelConfig(
            "very_high",
            0.05,
            0.2,
            [
                _v(
                    "morning",
                    ["morning_help", "medication", "bed_making", "self_care_support"],
                    double=0.4,
                    extra=insulin,
                ),
                _v("late_morning", ["safety_check"]),
                _v("midday", ["midday_help", "meal"], double=0.2),
                _v("afternoon", ["safety_check"], p=0.5),
                _v("dinner", ["meal"]),
                _v("evening", ["evening_help", "medication"], double=0.4, extra=insulin),
                _v("bedtime", ["evening_help"], double=0.2),
                *_service(True),
            ],
        ),
    ]


@dataclass
class NeedConfig:
    """How the real need of a visit differs from its standard time.

    need = standard × need_to_standard_ratio × client_factor × drift × day_factor
           × familiarity + extras
    """

    need_to_standard_ratio: float = param(
        1.0,
        gt=0,
        help="typical real need of a task / its standard time (< 1: generous standards)",
        source="assumption: standard times are set to the typical need; sweep it",
        sa_range=(0.85, 1.15),
    )
    client_factor_sigma: float = param(
        0.25,
        ge=0,
        help="sigma of the lognormal client factor (median 1)",
        source="assumption: some clients always need more than the standard",
        sa_range=(0.1, 0.4),
    )
    day_factor_sigma: float = param(
        0.2,
        ge=0,
        help="sigma of the lognormal day factor per visit",
        source=f"assumption consistent with {CAL}: 14–22% of routes took longer than planned",
        sa_range=(0.05, 0.4),
    )
    extras_probability: float = param(
        0.04,
        ge=0,
        le=1,
        help="chance a visit has an unplanned extra need (fall, soiled bed …)",
        sa_range=(0.01, 0.08),
    )
    extras_mean_min: float = param(
        15.0, ge=0, unit="min", help="mean extra minutes (exponential)", sa_range=(5.0, 30.0)
    )
    drift_per_month: float = param(
        0.01,
        ge=0,
        unit="1/month",
        help="mean relative growth of need per month (deterioration)",
        sa_range=(0.0, 0.03),
    )
    hospital_admissions_per_year: float = param(
        0.5, ge=0, unit="1/year", help="hospital admissions per client per year", sa_range=(0.2, 1.0)
    )
    hospital_stay_mean_days: float = param(6.0, ge=1, unit="days", help="mean hospital stay")
    post_discharge_increase: float = param(
        0.25, ge=0, help="relative extra need on return from hospital", sa_range=(0.0, 0.5)
    )
    post_discharge_recovery_days: float = param(
        21.0, gt=0, unit="days", help="time for the post-discharge extra need to fade (e-folding)"
    )
    familiarity_extra_share: float = param(
        0.25,
        ge=0,
        help="extra time a caregiver who never met the client needs (share of need)",
        source="assumption: the mechanism tying continuity to efficiency (MODEL.md §2); no published size",
        sa_range=(0.1, 0.5),
    )
    familiarity_halflife_visits: float = param(
        2.0,
        gt=0,
        unit="visits",
        help="visits after which the familiarity extra has halved",
        source="assumption: a stranger learns a home and its routines in a few visits (a long "
        "half-life strengthens the continuity → efficiency link)",
        sa_range=(1.0, 10.0),
    )
    familiarity_memory_days: float = param(
        60.0,
        gt=0,
        unit="days",
        help="time over which an unused acquaintance fades (e-folding)",
        sa_range=(20.0, 180.0),
    )
