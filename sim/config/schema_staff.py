"""Schema of staff, alarms, stress and costs (shared by both delivery models)."""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.fields import param

CAL = "CALIBRATION.md"
KTH = f"{CAL}: one real planned day (KTH thesis data, 2025)"


@dataclass
class ShiftConfig:
    """A shift type with its (paid) meal break."""

    start: str = param("07:30", clock=True, help="shift start", source=KTH)
    end: str = param("16:00", clock=True, help="shift end", source=KTH)
    break_min: float = param(
        30.0,
        ge=0,
        unit="min",
        help="paid meal break (måltidsuppehåll)",
        source=f"{KTH}: breaks of 20–50 min",
    )
    break_earliest: str = param("11:00", clock=True, help="earliest break start", source="assumption")
    break_latest: str = param("13:30", clock=True, help="latest break start", source="assumption")


def default_shifts() -> dict[str, ShiftConfig]:
    """Day 07:30–16:00 and evening 16:00–22:30 as in the KTH planned day."""
    return {
        "day": ShiftConfig("07:30", "16:00", 30.0, "11:00", "13:30"),
        "evening": ShiftConfig("16:00", "22:30", 20.0, "18:00", "20:00"),
    }


@dataclass
class StaffingConfig:
    """Caregivers, contracts, shifts and substitutes of each district."""

    caregivers_per_district: int | None = param(
        None,
        ge=0,
        help="regular caregivers per district; null sizes staff from the care plans",
        source="-",
    )
    planned_utilisation_target: float = param(
        0.66,
        gt=0,
        le=1,
        help="planned minutes (standard time + expected travel) per paid shift minute, to size staff",
        source=f"calibrated (experiments/calibration.py): ≈53% of paid time in clients' homes under "
        f"minute control ({CAL}: 58%, Jordahl & Persson 2018) and continuity near the national figure",
    )
    route_factor: float = param(
        0.5,
        ge=0,
        help="trip between visits / mean travel between two homes, when sizing staff",
        source="assumption: routes chain nearby homes; makes rural districts need more staff",
    )
    capacity_factor: float = param(1.0, gt=0, help="multiplier on automatically sized staff (1 = as sized)")
    full_time_share: float = param(0.6, ge=0, le=1, help="share of caregivers on full-time contracts")
    part_time_fte: float = param(0.75, gt=0, le=1, help="contract share of part-time caregivers")
    hours_per_week_full_time: float = param(
        38.25, gt=0, unit="h/week", help="full-time hours (rotating schedule)"
    )
    weekend_every: int = param(2, ge=1, le=4, help="work every n-th weekend")
    shifts: dict[str, ShiftConfig] = param(factory=default_shifts, help="shift types", source="-")
    skill_shares: dict[str, float] = param(
        factory=lambda: {"delegation": 0.6},
        ge=0,
        le=1,
        help="share of caregivers holding each delegated skill (e.g. insulin)",
    )
    substitute_pool_share: float = param(
        0.2,
        ge=0,
        lt=1,
        help="hourly-paid substitutes as a share of all care staff",
        source=f"{CAL}: hourly-paid staff 20% of care staff in 2023 (SKR)",
    )
    substitute_fill_probability: float = param(
        0.8,
        ge=0,
        le=1,
        help="chance an absence or a vacancy is covered by a substitute",
        sa_range=(0.6, 0.95),
    )
    extra_shift_probability: float = param(
        0.5,
        ge=0,
        le=1,
        help="chance a shift no substitute covers is taken by an off-duty colleague of the district "
        "as an extra shift, paid as overtime",
        source=f"assumption: extra shifts are how units cover what the staffing pool cannot ({CAL}: "
        "overtime doubled 2019–2022)",
        sa_range=(0.0, 0.8),
    )
    max_extra_shift_h_per_year: float = param(
        200.0,
        ge=0,
        unit="h/year",
        help="extra-shift hours a caregiver may work in a calendar year",
        source=f"{CAL}: the Working Hours Act allows 200 h of overtime a year",
    )
    max_overtime_min: float = param(
        120.0,
        ge=0,
        unit="min",
        help="overtime after which a caregiver's remaining non-essential visits are cancelled",
    )


@dataclass
class AlarmConfig:
    """Safety alarms (trygghetslarm) and the unit that answers them."""

    holder_share: float = param(
        0.6,
        ge=0,
        le=1,
        help="share of clients with a safety alarm",
        source=f"{CAL}: about half of Stockholm's older-care clients had an alarm (2017)",
        sa_range=(0.4, 0.7),
    )
    day_start: str = param(
        "07:00",
        clock=True,
        help="daytime starts (alarm rate, team answering)",
        source="CALIBRATION.md: the 07–22 payment and indicator hours",
    )
    night_start: str = param(
        "22:00",
        clock=True,
        help="night starts",
        source="CALIBRATION.md: the 07–22 payment and indicator hours",
    )
    responder_mode: str = param(
        "car",
        help="travel mode of the alarm unit (a key of speed_kmh)",
        source="assumption: alarm units drive",
    )
    rate_multiplier: float = param(
        1.0,
        ge=0,
        help="multiplier on every care level's alarm call rate (care_levels.*.alarm_calls_per_day)",
        source=f"assumption: {CAL} says no published call rate exists",
        sa_range=(0.5, 2.0),
    )
    night_rate_multiplier: float = param(
        1.5,
        ge=0,
        help="call rate 22:00–07:00 relative to daytime",
        source="assumption: MODEL.md says higher at night",
        sa_range=(1.0, 2.5),
    )
    guarantee_min: float = param(
        45.0,
        gt=0,
        unit="min",
        help="promised arrival time",
        source=f"{CAL}: Sigtuna 45 min (range 20–60+)",
    )
    handling_mean_min: float = param(
        20.0, gt=0, unit="min", help="mean time at the client", sa_range=(10.0, 30.0)
    )
    handling_distribution: str = param(
        "lognormal", choices=("lognormal", "exponential"), help="handling-time distribution"
    )
    handling_cv: float = param(0.6, ge=0, help="CV of the lognormal handling time")
    include_travel: bool = param(
        True, help="responders travel from the office (false: answer on the spot, for verification)"
    )
    responders_per_district: int = param(
        1, ge=0, help="alarm/night-patrol responders on duty at any time per district"
    )


_W = "assumption: no validated instrument maps shift events to strain"


@dataclass
class StrainWeights:
    """Weights of the daily strain index (one caregiver shift)."""

    overtime_per_hour: float = param(
        1.0, ge=0, unit="1/h", help="per hour of overtime", source=_W, sa_range=(0.0, 2.0)
    )
    rushed_share: float = param(1.0, ge=0, help="per share of visits rushed", source=_W, sa_range=(0.0, 2.0))
    behind_per_hour: float = param(
        1.0, ge=0, unit="1/h", help="per hour of mean lateness", source=_W, sa_range=(0.0, 2.0)
    )
    missed_break: float = param(0.5, ge=0, help="per missed break", source=_W, sa_range=(0.0, 2.0))
    excess_demand: float = param(
        1.0, ge=0, help="per unit real/planned demand above 1", source=_W, sa_range=(0.0, 2.0)
    )
    per_distinct_client: float = param(
        0.02,
        ge=0,
        help="per distinct client met",
        source="assumption",
        sa_range=(0.0, 0.05),
    )
    unmet_per_hour: float = param(
        1.0,
        ge=0,
        unit="1/h",
        help="conscience stress: per hour of need left unmet on the caregiver's visits",
        source="assumption: stress of conscience (samvetsstress) from care one could not give, "
        "Kommunal and Glasberg et al. 2006",
        sa_range=(0.0, 2.0),
    )


@dataclass
class StressConfig:
    """How strain accumulates and drives sick leave and turnover (MODEL.md §5)."""

    weights: StrainWeights = param(factory=StrainWeights, source="-")
    memory_days: float = param(
        10.0,
        gt=0,
        unit="days",
        help="time constant of the stress state (running average)",
        sa_range=(5.0, 20.0),
    )
    control_relief: float = param(
        0.3,
        ge=0,
        le=1,
        help="share of the job demands' strain that full job control takes away (control: measured "
        "per shift from who decided the visits' length and the day's order, sim/stress.py)",
        source="assumption: Karasek's demand–control model (control buffers demands); no size for "
        "Swedish home care",
        sa_range=(0.0, 0.5),
    )
    support_relief: float = param(
        0.2,
        ge=0,
        le=1,
        help="share of the job demands' strain that full support takes away (support: measured per "
        "shift from help exchanged and time with colleagues, sim/stress.py)",
        source="assumption: Johnson & Hall's demand–control–support model",
        sa_range=(0.0, 0.5),
    )
    support_help_reference: float = param(
        2.0,
        gt=0,
        unit="visits",
        help="hand-overs in a shift at which the help part of support is full (visits a colleague "
        "took when one was behind + visits one chose to take over from a colleague)",
        source="assumption: Johnson & Hall 1988 (coworker support: practical help at work); no scale "
        "maps hand-overs to support. Trust teams hand over ≈0.8 visits per shift",
        sa_range=(1.0, 4.0),
    )
    support_together_reference_min: float = param(
        60.0,
        gt=0,
        unit="min",
        help="minutes with colleagues in a shift (team meeting, double-staffed care with a colleague) "
        "at which the contact part of support is full",
        source="assumption: Johnson & Hall 1988 (support needs social contact at work; isolated work "
        "strains most); no scale maps minutes to support. A 20-min meeting and ≈27 min of "
        "double-staffed care are typical",
        sa_range=(30.0, 120.0),
    )
    sick_start_probability: float = param(
        0.008,
        ge=0,
        le=1,
        unit="1/day",
        help="chance an unstressed caregiver starts a sick spell on a working day",
        source=f"assumption; calibrated so absence ≈ all-occupation level ({CAL}: 105/1,000)",
    )
    sick_spell_mean_days: float = param(
        5.0, ge=1, unit="days", help="mean sick-spell length", sa_range=(3.0, 10.0)
    )
    absence_stress_elasticity: float = param(
        3.0,
        ge=0,
        help="relative rise of the sick-spell chance per unit of stress",
        source=f"assumption; calibrated so minute control ≈ 2× baseline ({CAL}: 226 vs 105); "
        "4.0 before the demand–control–support strain with conscience stress (December 2026); "
        "rechecked with job control and support measured per shift (issue 25): minute 2.05× "
        "[1.74, 2.35] the unstressed baseline, kept",
        sa_range=(1.0, 5.0),
    )
    turnover_per_year: float = param(
        0.12, ge=0, le=1, unit="1/year", help="quit rate of an unstressed caregiver", sa_range=(0.06, 0.2)
    )
    turnover_stress_elasticity: float = param(
        1.0,
        ge=0,
        help="relative rise of the quit rate per unit of stress",
        source=f"assumption; {CAL}: ≈60% expect to leave before retirement",
        sa_range=(0.0, 2.0),
    )
    vacancy_days: int = param(
        30,
        ge=0,
        unit="days",
        help="days until a leaver is replaced",
        source="assumption: recruiting takes about the one-month notice period",
        sa_range=(14, 90),
    )


@dataclass
class CostConfig:
    """Swedish 2024 prices (SEK)."""

    monthly_wage_sek: float = param(
        32600.0,
        ge=0,
        unit="SEK/month",
        help="undersköterska monthly wage",
        source=f"{CAL}: SCB 2024, 32,600 kr/month",
    )
    employer_contribution_rate: float = param(
        0.42,
        ge=0,
        help="employer's contributions incl. pensions and insurance",
        source=f"{CAL}: ≈31.4% statutory, ≈40–45% with pensions",
    )
    paid_hours_per_month: float = param(
        165.75,
        gt=0,
        unit="h/month",
        help="full-time paid hours per month",
        source="derived: 38.25 h/week × 52 / 12",
    )
    overtime_divisor: float = param(
        94.0,
        gt=0,
        help="overtime pay per hour = monthly wage / divisor",
        source=f"{CAL}: ≈ monthly salary / 94 (simple overtime; secondary source)",
    )
    substitute_wage_premium: float = param(
        0.12,
        ge=0,
        help="extra hourly cost of hourly-paid substitutes (holiday pay)",
        source="assumption: 12% statutory holiday pay for hourly staff",
    )
    sick_pay_share: float = param(
        0.8,
        ge=0,
        le=1,
        help="sick pay as share of wage, days 2–14 (employer pays)",
        source="assumption: Swedish Sick Pay Act (80%, first day unpaid)",
    )
    sick_pay_days: int = param(
        14,
        ge=0,
        unit="days",
        help="rostered days of a spell the employer pays sick pay for",
        source="assumption: Swedish Sick Pay Act (the employer pays days 1–14)",
    )
    recruitment_cost_sek: float = param(
        40000.0,
        ge=0,
        unit="SEK",
        help="cost to recruit and introduce a replacement (advertising, interviews, paid "
        "introduction shifts alongside a colleague)",
        source="assumption: about 5 introduction shifts (≈ 11,000 kr) plus the recruiting work",
        sa_range=(20_000, 120_000),
    )
    travel_cost_per_km_sek: dict[str, float] = param(
        factory=lambda: {"walk": 0.0, "bike": 0.5, "car": 3.5},
        ge=0,
        unit="SEK/km",
        help="running cost per km by mode",
    )
    planner_monthly_wage_sek: float = param(
        36000.0,
        ge=0,
        unit="SEK/month",
        help="planner (central scheduler) wage",
        source="assumption: about a care worker's wage (CALIBRATION.md: 32,600 in 2024) plus 10 %",
        sa_range=(32000.0, 42000.0),
    )
    team_leader_monthly_wage_sek: float = param(
        38000.0,
        ge=0,
        unit="SEK/month",
        help="team leader wage (share used for team planning)",
        source="assumption: a care worker's wage (CALIBRATION.md) plus about 15 %",
        sa_range=(34000.0, 44000.0),
    )
    logging_system_per_caregiver_month_sek: float = param(
        250.0,
        ge=0,
        unit="SEK/month",
        help="visit-logging phones and licences per caregiver",
        source="assumption: no published price; range 100–500 SEK a month (a phone and a licence)",
        sa_range=(100.0, 500.0),
    )
    alarm_responder_monthly_wage_sek: float = param(
        33500.0, ge=0, unit="SEK/month", help="alarm/night-patrol responder wage incl. night premium"
    )
    provider_rate_per_hour_sek: float = param(
        485.0,
        ge=0,
        unit="SEK/h",
        help="provider payment per hour (07–22)",
        source=f"{CAL}: Stockholm 2024, 485 kr/h (municipal)",
    )
