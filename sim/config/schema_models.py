"""Schema of a delivery model: every behaviour that differs between models is a parameter.

The two shipped models are ``configs/model/minute.yaml`` and
``configs/model/trust.yaml``; a hybrid (say, teams that still log every visit)
is a third YAML file, not new code. The dataclass defaults are those of the
minute-controlled model.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.fields import param

CAL = "CALIBRATION.md"


@dataclass
class OrganisationConfig:
    """How staff and clients are grouped."""

    unit: str = param(
        "district",
        choices=("district", "team"),
        help="one staff pool per district, or small geographic teams",
        source="MODEL.md §3",
    )
    team_size: int = param(
        10,
        ge=2,
        help="caregivers per team, day and evening positions together (unit=team)",
        source=f"MODEL.md §3 (≈8–12 staff); {CAL}: Skönsmo 7 staff, Buurtzorg 10–12: the middle of "
        "the staff evidence. Clients per team follow from the need per client: ≈21 (15–26) in "
        "the default district, below the sources' 30–60 because its clients need about twice "
        "the staff per client (0.49 positions; Skönsmo ≈0.23, Buurtzorg ≈0.2) (docs/model.md "
        "§3.1)",
        sa_range=(7, 15),
    )
    lend_staff: bool = param(
        True,
        help="units of a district lend each other staff for a day when one is short",
        source="assumption: common practice between neighbouring teams",
    )
    team_relief: bool = param(
        False,
        help="each team has its own relief substitutes: the district's substitute pool is dealt to "
        "its teams round-robin by substitute id, and an absent member is replaced from the team's "
        "own relief staff first, then from the rest of the district pool (unit=team)",
        source="assumption: trust-based teams keep a few regular relief staff (timvikarier) whom "
        "the clients know, to keep the circle of faces small (MODEL.md §3: small, stable teams; "
        f"{CAL}: Skönsmo 7 staff for ≈30 clients); no source gives how strictly a team keeps to them",
    )
    contact_person_shift: str = param(
        "day",
        help="shift type contact persons work (a key of staffing.shifts; '' for any)",
        source="assumption: contact persons usually work days",
    )
    lend_threshold: float = param(
        0.1, ge=0, help="lend when a unit's planned work exceeds its capacity by this share"
    )


@dataclass
class PlanningConfig:
    """How a day's routes are built."""

    allotment: str = param(
        "standard",
        choices=("standard", "learned"),
        help="allotted minutes: the granted standard time, or the team's estimate of real need",
        source="MODEL.md §3",
    )
    learning_rate: float = param(
        0.2,
        gt=0,
        le=1,
        help="weight of the newest observed need in the team's estimate",
        sa_range=(0.05, 0.5),
    )
    need_judgement_cv: float = param(
        0.2,
        ge=0,
        le=2,
        help="error of a caregiver's judgement of a visit's real need, the observation the team's "
        "estimate learns from (CV of a mean-one lognormal factor per visit)",
        source="assumption: no published figure",
        sa_range=(0.0, 0.4),
    )
    strategy: str = param(
        "base_schedule",
        choices=("base_schedule", "daily"),
        help="keep a base schedule and patch it daily, or plan each day afresh",
        source="MODEL.md §3",
    )
    router: str = param(
        "greedy",
        choices=("greedy", "optimiser", "replay"),
        help="how routes are built: the greedy time-ordered dispatcher (a team planning its own day), "
        "a VRP optimiser (PyVRP) with daily repair by insertion, as central planners' routing tools, or "
        "replay: a unit's own plan as its files give it (data.dir; only absences covered)",
        source="MODEL.md §3; issue 8 (vendors' routing tools)",
    )
    flexible_window_min: float = param(
        240.0,
        ge=0,
        unit="min",
        help="visits whose start window is wider than this are fitted in after the timed visits "
        "(router=greedy)",
        source="assumption: service visits (08:30–14:45) are flexible, care visits (≤ 3 h windows) timed",
    )
    router_iterations: int = param(
        25,
        ge=1,
        le=1_000_000,
        help="the optimiser's search effort (PyVRP iterations per solve); deterministic, no time limit",
        source="assumption: chosen on experiments/planner_benchmark.py (quality per second of planning)",
    )
    router_neighbours: int = param(
        30,
        ge=1,
        le=1000,
        help="how many nearest visits the optimiser's local search considers for each visit",
        source="assumption: on the default district, 30 gives shorter routes in less time than PyVRP's 60",
    )
    route_balance_share: float = param(
        0.8,
        gt=0,
        le=1,
        help="the optimiser charges for route time beyond this share of a shift (as much as for "
        "travel), so work is spread over the crew rather than packed into few routes",
        source="assumption: routing tools balance workload",
        sa_range=(0.7, 1.0),
    )
    rebuild_drift_share: float = param(
        0.25,
        ge=0,
        le=1,
        help="rebuild the base schedule early when more than this share of a day's visits "
        "had to be re-placed by the daily repair (router=optimiser)",
        source="assumption",
    )
    base_rebuild_days: int = param(
        28, ge=1, unit="days", help="rebuild the base schedule this often (strategy=base_schedule)"
    )
    continuity_in_solver: bool = param(
        False,
        help="the optimiser's objective counts continuity (who knows the client, the contact person, "
        "the slot that holds the visit on other days) as well as travel, not only the relocate step "
        "after it (router=optimiser)",
        source="issue 26: routing tools sold to Swedish home care plan 'the same caregivers at the "
        "same times'; the credits are the planner's own (continuity_weight_min, "
        "contact_person_bonus_min, base_schedule_weight_min). Off by default: on, the default "
        "district's minute-controlled continuity (12.3 distinct staff per client in 14 days, 10 "
        "replications) falls below the calibration range 13-16 that the credits were tuned to "
        "(national 14.9); on needs those credits recalibrated",
    )
    time_consistency_min: float = param(
        60.0,
        ge=0,
        unit="min",
        help="the optimiser plans a visit within this many minutes either side of the time it has in "
        "the unit's base schedules of the rota's other days, where its window allows (0: each day "
        "planned on its own)",
        source="assumption with a range (30-90): the consistent vehicle routing literature bounds a "
        "client's arrival times across days (Groër, Golden & Wasil 2009: the maximum arrival-time "
        "difference L); municipal dignity guarantees promise an agreed clock time within 30 minutes "
        "(Karlskrona's värdighetsgaranti for home care). Measured on the "
        "default district (issue 26): 0 -> 46 min median spread of a visit's start, 60 -> 28 (the "
        "teams: 36), for 2.7 points more travel time",
        sa_range=(30.0, 90.0),
    )
    base_schedule_weight_min: float = param(
        150.0,
        ge=0,
        unit="min",
        help="planner credit for keeping a visit with the slot that holds it in the base schedule",
        source=f"calibrated (experiments/calibration.py): the minute-controlled default lands on {CAL}'s "
        "national 14.9 distinct staff per client in 14 days (target 13–16)",
    )
    travel_weight: float = param(1.0, ge=0, help="planner cost per minute of travel")
    idle_weight: float = param(0.3, ge=0, help="planner cost per minute of waiting")
    delay_weight: float = param(
        0.5,
        ge=0,
        help="planner cost per minute a visit starts after its window opens (spreads work)",
        source="assumption: tuned so routes are balanced across the crew",
    )
    late_weight: float = param(
        1000.0,
        ge=0,
        help="planner cost per minute a visit is planned after its window",
        source="assumption: windows are all but hard",
    )
    overtime_weight: float = param(
        50.0,
        ge=0,
        help="planner cost per minute a route is planned into overtime",
        source="assumption: overtime is avoided unless a window would be missed",
    )
    over_capacity_weight: float = param(
        5.0,
        ge=0,
        help="planner cost per minute planned above a caregiver's plannable time (the buffer: both "
        "routers, the optimiser once buffer_share > 0)",
        source="assumption: the buffer is kept unless needed",
    )
    deferrable_below_essential_share: float = param(
        0.5,
        ge=0,
        le=1,
        help="a visit whose essential share is below this may be cancelled when nobody can make it",
        source="assumption: service visits (cleaning, shopping, walks) are postponed before personal care",
    )
    continuity_weight_min: float = param(
        40.0,
        ge=0,
        unit="min",
        help="planner credit (travel-minute equivalents) for a caregiver who knows the client",
        source="calibrated for the minute model (experiments/calibration.py); the trust model's "
        "higher value (configs/model/trust.yaml) is its 'continuity first' (MODEL.md §3)",
    )
    same_client_weight_min: float = param(
        60.0,
        ge=0,
        unit="min",
        help="planner credit for giving a client's visits of a day to a caregiver who already has one",
        source=f"calibrated with the continuity target; {CAL}: clients meet ≈1.8 caregivers a day (KTH)",
    )
    planned_caregiver_weight_min: float = param(
        0.0,
        ge=0,
        unit="min",
        help="planner credit for giving a visit to the caregiver of the unit's own plan (data.dir, "
        "visits.planned_caregiver); large: the plan as given (router=greedy)",
        source="-",
    )
    contact_person_bonus_min: float = param(
        0.0,
        ge=0,
        unit="min",
        help="extra planner credit for the client's contact person",
        source="SoL (2001:453) 5 kap. 6 § (from 2022): every home-care client has a fixed care contact "
        "(fast omsorgskontakt), whoever plans; the credit's size is an assumption (both models 20)",
        sa_range=(0.0, 40.0),
    )
    buffer_share: float = param(
        0.0,
        ge=0,
        lt=1,
        help="share of each shift left unplanned for the unexpected (every router: the optimiser "
        "fills each route to route_balance_share × (1 − buffer_share) of its shift)",
        source="MODEL.md §3 (trust-based)",
        sa_range=(0.05, 0.25),
    )
    buffer_placement: str = param(
        "spread",
        choices=("spread", "floater"),
        help="where the buffer sits: spread over every route (each caregiver is planned to "
        "1 − buffer_share of the shift), or in floaters — round(buffer_share × crew) of each "
        "shift's crew kept free of planned visits for hand-overs and alarms",
        source="assumption: both are practised; docs/model.md §3.3 compares them",
    )


@dataclass
class ExecutionConfig:
    """How long a caregiver stays and what happens when someone falls behind."""

    stay_for: str = param(
        "allotted",
        choices=("allotted", "need"),
        help="stay for the allotted time (plus overrun) or for the real need (up to a cap)",
        source="MODEL.md §3",
    )
    overrun_share: float = param(
        0.1,
        ge=0,
        help="share of allotted time a caregiver may run over when on time "
        "(stay_for=allotted) or cap on the stay (stay_for=need: allotted × (1 + share))",
    )
    use_slack: bool = param(
        True,
        help="when on time, stay into the slack before the next planned visit (stay_for=allotted)",
        source="assumption: caregivers are bound by the schedule, not by the minute count",
    )
    cut_when_behind: bool = param(True, help="cut care towards the floor to catch up")
    catch_up_share: float = param(
        0.5,
        ge=0,
        le=1,
        help="share of the current lateness recovered by cutting one visit",
        sa_range=(0.2, 0.8),
    )
    behind_tolerance_min: float = param(
        5.0, ge=0, unit="min", help="lateness below which nobody cuts or asks for help"
    )
    skip_break_when_behind_min: float = param(
        30.0,
        ge=0,
        unit="min",
        help="lateness at which a caregiver skips the meal break",
        source="assumption with a range (15-60), the same in both models: Arbetstidslagen (1982:673) "
        "15 § gives a break after at most five hours' work; how late a caregiver must be to skip it "
        "is not documented. One threshold for both models, so a difference in skipped breaks comes "
        "from how far behind each model's days run (it was 20 minute-controlled, 45 trust-based: "
        "a label, issue 26)",
        sa_range=(15.0, 60.0),
    )
    mutual_help: bool = param(False, help="teammates with slack take over later visits")
    help_threshold_min: float = param(
        15.0,
        ge=0,
        unit="min",
        help="projected overrun at which a caregiver hands visits over",
        sa_range=(5.0, 30.0),
    )
    help_across_teams: bool = param(
        False,
        help="when no teammate has slack, a caregiver of any other team of the district may take "
        "the visit, whatever the crew size (mutual_help; off: only small crews' neighbours, "
        "help_across_teams_crew_max)",
        source="assumption: neighbouring teams of a district help each other on the day, as they "
        "lend staff (organisation.lend_staff)",
    )
    help_across_teams_crew_max: int = param(
        3,
        ge=0,
        help="with help_across_teams off: a caregiver whose team has at most this many caregivers "
        "on the shift (an evening crew of two or three) may, when no teammate has slack, hand a "
        "visit to a caregiver of a neighbouring team (the adjacent sectors of the district); 0: "
        "never (mutual_help, unit=team)",
        source="assumption: a crew of two or three has nobody to hand to, so teams that work "
        "well cover each other's evenings; large crews help themselves and keep their faces",
        sa_range=(0, 5),
    )
    alarms_answered_by: str = param(
        "alarm_unit",
        choices=("alarm_unit", "team"),
        help="who answers daytime alarms (the night always goes to the alarm unit)",
    )
    alarm_rule: str = param(
        "first_to_arrive",
        choices=("first_to_arrive", "within_guarantee"),
        help="with alarms_answered_by=team: the responder who can arrive first answers (a team "
        "member with slack for the call, or the alarm unit, whose responders may all be busy), or "
        "any team member who can arrive within the guarantee",
        source="assumption: dispatch to the nearest free responder, as alarm centres do",
    )


@dataclass
class OverheadConfig:
    """Time and money a model spends besides care."""

    logging_min_per_visit: float = param(
        1.0,
        ge=0,
        unit="min",
        help="check-in/out on the phone per visit",
        source="MODEL.md §3 (≈1 min)",
        sa_range=(0.5, 2.0),
    )
    daily_meeting_min: float = param(
        0.0,
        ge=0,
        unit="min",
        help="team meeting at shift start (the team plans its day and hands over): paid time off the "
        "floor, an organisational overhead of the cost bridge",
        source="MODEL.md §3 (15–30 min); assumption: range 10–30 min",
        sa_range=(10.0, 30.0),
    )
    planners_per_caregiver: float = param(
        0.036,
        ge=0,
        help="central planners per caregiver (an organisational overhead set by assumption)",
        source="MODEL.md §3 (1 per 25–30); assumption: range 1 per 50 to 1 per 20 (units with "
        "routing tools plan more caregivers per planner; no Swedish survey found)",
        sa_range=(0.02, 0.05),
    )
    team_leader_fte_per_team: float = param(
        0.0,
        ge=0,
        help="team-leader or coordinator FTE per team spent on team planning and support (an "
        "organisational overhead set by assumption)",
        source="assumption: 0 (Buurtzorg's self-managing teams have none; coaches serve dozens of "
        "teams) to 0.5 (a Swedish unit keeping a coordinator per team); CALIBRATION.md gives no figure",
        sa_range=(0.0, 0.5),
    )
    logging_system: bool = param(True, help="pays for visit-logging phones and licences")


@dataclass
class ReassessmentConfig:
    """Needs reassessment after logged time keeps exceeding the grant (minute control)."""

    enabled: bool = param(True, help="reassess grants from logged time", source="MODEL.md §3")
    start_settled: bool = param(
        True,
        help="clients enter with grants that past reassessments already raised (the assessed "
        "typical need / standard above the threshold, capped), so no months-long start-up transient",
        source="assumption: the simulated municipality has a history; see docs/model.md §4",
    )
    review_every_days: int = param(
        7, ge=1, unit="days", help="how often the needs assessors review logged time"
    )
    window_days: int = param(28, ge=1, unit="days", help="logged time averaged over this window")
    threshold: float = param(1.1, ge=1, help="logged/granted ratio that triggers a reassessment")
    delay_days: int = param(
        42,
        ge=0,
        unit="days",
        help="delay before the new grant applies",
        source="assumption: MODEL.md says 'after weeks of delay'",
    )
    max_factor: float = param(1.5, ge=1, help="largest grant multiplier a reassessment gives")
    assessment_error_cv: float = param(
        0.2,
        ge=0,
        le=2,
        help="error of the needs assessor's judgement of a client's typical need, on which the "
        "settled grants rest (CV of a mean-one lognormal factor per client)",
        source="assumption: no published figure",
        sa_range=(0.0, 0.4),
    )


@dataclass
class ModelConfig:
    """One delivery model: organisation, planning, execution, overheads, payment."""

    label: str = param("Minute-controlled", help="name shown in tables and plots", source="-")
    organisation: OrganisationConfig = param(factory=OrganisationConfig, source="-")
    planning: PlanningConfig = param(factory=PlanningConfig, source="-")
    execution: ExecutionConfig = param(factory=ExecutionConfig, source="-")
    overheads: OverheadConfig = param(factory=OverheadConfig, source="-")
    reassessment: ReassessmentConfig = param(factory=ReassessmentConfig, source="-")
    capacity_factor: float = param(
        1.0,
        gt=0,
        help="this model's staff relative to the scenario's (multiplies scenario.staffing.capacity_factor); "
        "the equal-budget experiment searches it",
        source="assumption: both models employ the same staff unless a question says otherwise",
    )
    payment_basis: str = param(
        "allotted",
        choices=("allotted", "logged", "worked"),
        help="what the provider is paid for: granted minutes, logged minutes or staff hours",
        source="MODEL.md §3",
    )
