"""English texts of plots, reports and teaching views (parallel to :mod:`sim.lang.sv`)."""

from __future__ import annotations

TEXT: dict[str, str] = {
    # ---- numbers and words -------------------------------------------------------------
    "na": "n/a",
    "fmt.percent": "{x}%",
    "fmt.pp": "{x} percentage points",
    "fmt.sek": "{x} SEK",
    "fmt.min": "{x} min",
    "fmt.hmin": "{h} h {m} min",
    "fmt.staff": "{x}",
    "fmt.index": "{x}",
    "fmt.1/year": "{x} per year",
    "word.and": " and ",
    "word.yes": "yes",
    "word.no": "no",
    "unit.share": "%",
    "unit.pp": "percentage points",
    "unit.min": "min",
    "unit.SEK": "SEK",
    "unit.staff": "staff",
    "unit.index": "index",
    "unit.1/year": "per position and year",
    # ---- models ----------------------------------------------------------------------------
    "model.minute.name": "Minute-controlled",
    "model.trust.name": "Trust-based",
    "model.minute.phrase": "minute-controlled care",
    "model.trust.phrase": "trust-based care",
    "model.minute.plain": (
        "A needs assessor grants each task a standard time (schablontid). Central planners pack each "
        "caregiver's route from these minutes to fill the shift, with little slack. Staff log the start "
        "and end of every visit on a phone and stay for the granted minutes; when they fall behind they "
        "shorten visits to catch up. The provider is paid per granted minute."
    ),
    "model.trust.plain": (
        "Small teams own the clients of one area, and every client has a contact person. The team plans "
        "its own day at a short morning meeting, puts familiar faces first and leaves part of each shift "
        "free for the unexpected. Staff stay as long as the client really needs; a colleague with time to "
        "spare takes over visits before anyone shortens care. Staff hours are paid as worked."
    ),
    "model.other.plain": "A delivery model defined in the configuration (its settings are listed below).",
    # ---- metrics ---------------------------------------------------------------------------
    "metric.staff_per_client_14d": "Different staff per client in 14 days",
    "metric.staff_per_client_14d_median": "Different staff per client in 14 days (median)",
    "metric.staff_per_client_day": "Distinct staff per client and day",
    "metric.contact_person_share": "Visits made by the contact person",
    "metric.unmet_need_min_per_client_week": "Unmet need per client and week",
    "metric.familiarisation_min_per_client_week": "Familiarisation time per client and week",
    "metric.provider_payment_granted_per_client_month_sek": (
        "Provider payment per client and month, granted hours"
    ),
    "metric.rushed_visit_share": "Rushed visits (cut below the need)",
    "metric.missed_visit_share": "Missed visits",
    "metric.late_visit_share": "Late visits",
    "metric.behind_plan_share": "Visits later than planned",
    "metric.planned_late_share": "Visits planned after their window",
    "metric.start_spread_min": "Spread of a visit's time from day to day",
    "metric.alarm_response_mean_min": "Safety-alarm response time (mean)",
    "metric.alarm_response_p90_min": "Safety-alarm response time (9 in 10 within)",
    "metric.alarm_within_guarantee_share": "Alarms answered within the guarantee",
    "metric.overtime_min_per_shift": "Overtime per shift",
    "metric.missed_break_share": "Missed meal breaks",
    "metric.strain_index": "Daily strain index",
    "metric.job_control": "Control over one's work (0–1)",
    "metric.job_support": "Support from colleagues (0–1)",
    "metric.sick_leave_rate": "Sick leave",
    "metric.extra_shift_share": "Shifts covered by a colleague's extra shift",
    "metric.uncovered_shift_share": "Absences nobody covered",
    "metric.turnover_rate": "Staff turnover",
    "metric.care_time_share": "Paid time in clients' homes",
    "metric.travel_time_share": "Paid time travelling",
    "metric.admin_time_share": "Paid time logging visits",
    "metric.meeting_time_share": "Paid time in team meetings",
    "metric.idle_time_share": "Paid time waiting or idle",
    "metric.break_time_share": "Paid time on breaks",
    "metric.visits_per_caregiver_day": "Visits per caregiver and day",
    "metric.plan_kept_caregiver_share": "Visits by their planned caregiver",
    "metric.plan_kept_time_share": "Visits started within their window",
    "metric.cost_per_client_month_sek": "Cost per client and month",
    "metric.cost_per_care_hour_sek": "Cost per hour of care delivered",
    "metric.provider_payment_per_client_month_sek": "Payment to the provider per client and month",
    "verdict.better": "clearly better",
    "verdict.worse": "clearly worse",
    "verdict.different": "clearly different",
    "verdict.unclear": "not clear",
    # ---- cost components and time use ------------------------------------------------------
    "cost.staff": "Regular staff",
    "cost.team_meetings": "Team meetings and training",
    "cost.overtime": "Overtime",
    "cost.substitutes": "Hourly substitutes",
    "cost.sick_pay": "Sick pay",
    "cost.recruitment": "Recruitment",
    "cost.travel": "Travel (vehicles)",
    "cost.planning_logging": "Planners and logging system",
    "cost.team_leaders": "Team leaders",
    "cost.alarm_unit": "Alarm unit",
    "time.care": "In clients' homes",
    "time.travel": "Travelling",
    "time.admin": "Logging visits",
    "time.meeting": "Team meetings",
    "time.idle": "Waiting or idle",
    "time.break": "Breaks",
    # ---- plots -----------------------------------------------------------------------------
    "plot.headline.title": "Key measures: each model (mean, 95% interval) and the paired difference",
    "plot.headline.diff_title": "{b} − {a}",
    "plot.relative.title": "All differences at a glance",
    "plot.relative.xlabel": "{b} − {a}, in % of the {a} value",
    "plot.continuity.title": "How many different staff a client meets",
    "plot.continuity.short": "(whole {days}-day period; the official indicator uses {full} days)",
    "plot.continuity.none": "No client had two visits every day of a whole window: no continuity figure.",
    "plot.continuity.series": "{model} (mean {mean})",
    "plot.continuity.reference": "National average 2021: {x} (Socialstyrelsen)",
    "plot.continuity.xlabel": "Different staff who visited the client in {days} days",
    "plot.continuity.ylabel": "Share of clients",
    "plot.costs.title": "Cost per client and month",
    "plot.costs.ylabel": "SEK per client and month",
    "plot.costs.diff_title": "What makes the difference",
    "plot.costs.diff_xlabel": "{b} − {a}, SEK per client and month",
    "plot.costs.diff_total": "Total: {x} SEK",
    "plot.time.title": "How paid time is used",
    "plot.time.xlabel": "Share of paid time (measured days)",
    "plot.stress.title": "Stress and sick leave week by week (mean and 95% interval over replications)",
    "plot.stress.strain": "Strain per shift (index)",
    "plot.stress.stress": "Stress state of staff (index)",
    "plot.stress.sick": "Rostered shifts lost to sickness (%)",
    "plot.stress.week": "Week (1 = first measured week)",
    "plot.stress.warmup": "warm-up",
    "plot.sweep.diff_title": "{b} − {a} at each setting (95% interval)",
    # ---- teaching: people, tasks, slots, dates -----------------------------------------
    "who.caregiver": "Caregiver {id}",
    "who.substitute": "Substitute {id}",
    "who.client": "Client {id}",
    "task.morning_help": "morning help",
    "task.midday_help": "midday help",
    "task.evening_help": "evening help",
    "task.safety_check": "a safety check",
    "task.night_help": "night help",
    "task.shower": "a shower",
    "task.shopping": "shopping",
    "task.cleaning": "cleaning",
    "task.laundry": "laundry",
    "task.walk": "a walk",
    "task.bed_making": "bed-making",
    "task.dishes_waste": "dishes and rubbish",
    "task.self_care_support": "self-care support",
    "task.medication": "medication",
    "task.meal": "a meal",
    "task.insulin": "insulin",
    "slot.morning": "morning",
    "slot.late_morning": "late-morning",
    "slot.midday": "midday",
    "slot.afternoon": "afternoon",
    "slot.service": "service",
    "slot.dinner": "dinner",
    "slot.evening": "evening",
    "slot.bedtime": "bedtime",
    "level.low": "low",
    "level.medium": "medium",
    "level.high": "high",
    "level.very_high": "very high",
    "mode.walk": "on foot",
    "mode.bike": "by bicycle",
    "mode.car": "by car",
    "weekday.0": "Monday",
    "weekday.1": "Tuesday",
    "weekday.2": "Wednesday",
    "weekday.3": "Thursday",
    "weekday.4": "Friday",
    "weekday.5": "Saturday",
    "weekday.6": "Sunday",
    "month.1": "January",
    "month.2": "February",
    "month.3": "March",
    "month.4": "April",
    "month.5": "May",
    "month.6": "June",
    "month.7": "July",
    "month.8": "August",
    "month.9": "September",
    "month.10": "October",
    "month.11": "November",
    "month.12": "December",
    "trace.date": "{weekday} {d} {month} {y} (day {day})",
    "trace.day_only": "day {day}",
    # ---- teaching: the narrated trace ---------------------------------------------------
    "trace.cg_title": "{model}: {who}, {date}.",
    "trace.cg_shift": "Shift {start}–{end}, travelling {mode}.",
    "trace.cl_title": "{model}: {who}, {date}.",
    "trace.cl_level": "Care level: {level}.",
    "trace.meeting": "Team meeting ({d}).",
    "trace.travel.walk": "Walks to {dest} ({d}).",
    "trace.travel.bike": "Cycles to {dest} ({d}).",
    "trace.travel.car": "Drives to {dest} ({d}).",
    "trace.travel.other": "Travels to {dest} ({d}).",
    "trace.office": "the office",
    "trace.home.walk": "Walks home ({d}).",
    "trace.home.bike": "Cycles home ({d}).",
    "trace.home.car": "Drives home ({d}).",
    "trace.home.other": "Travels home ({d}).",
    "trace.somewhere": "the next client",
    "trace.wait": "Early at {client}: waits for the visit window to open at {opens} ({d}).",
    "trace.wait_planned": "Early at {client}: waits for the planned start at {at} ({d}).",
    "trace.unit_visit": "visit {visit}",
    "trace.cl_missed_unit": "Visit {visit} is missed: nobody comes.",
    "trace.handover_out_unit": (
        "Running late: hands visit {visit} to {client} (planned {planned}) over to {who}."
    ),
    "trace.handover_in_unit": (
        "Takes over visit {visit} to {client} (planned {planned}) from {who}, who is running late."
    ),
    "trace.wait_partner": "Waits for a colleague: a two-person visit starts when both are there ({d}).",
    "trace.care": "{tasks} for {client}: allotted {allotted} min, needed {need}, stayed {delivered}",
    "trace.slot_visit": "the {slot} visit",
    "trace.together": " together with {who}",
    "trace.over": " ({x} min beyond the allotted time)",
    "trace.short": " — cut short by {x} min {why}",
    "trace.because_behind": "because the caregiver was {x} min behind schedule",
    "trace.allotted_ran_out": "when the allotted time ran out",
    "trace.keep_schedule": "to keep to the schedule",
    "trace.cap_reached": "at the cap on how long a visit may run over",
    "trace.familiarity": "Not knowing the client well cost {x} min of the need.",
    "trace.late": "Started {x} min after the latest start promised ({promised}).",
    "trace.taken_over": "(Taken over from {who}.)",
    "trace.contact": "The client's contact person was there.",
    "trace.logging": "Logs the visit on the phone ({d}).",
    "trace.break": "Meal break ({d}).",
    "trace.missed_break": "Skips the meal break: too far behind schedule.",
    "trace.alarm": "Safety alarm from {client}, called at {call}: arrives after {resp} min and stays {d}.",
    "trace.alarm_plain": "Safety alarm at {client} ({d}).",
    "trace.idle": "At the office, free to help the team or answer alarms ({d}).",
    "trace.idle_end": "Back at the office with nothing left to do; waits for the shift to end ({d}).",
    "trace.idle_home": "At home, free to help the team or answer alarms ({d}).",
    "trace.idle_end_home": "Back home with nothing left to do; waits for the shift to end ({d}).",
    "trace.handover_out": (
        "Running late: hands the {slot} visit to {client} (planned {planned}) over to {who}."
    ),
    "trace.handover_in": (
        "Takes over the {slot} visit to {client} (planned {planned}) from {who}, who is running late."
    ),
    "trace.end": "Shift ends.",
    "trace.end_ot": "Shift ends, {x} min of overtime.",
    "trace.summary": (
        "Paid time {paid}: with clients {care}, travelling {travel}, logging {admin}, meetings {meeting}, "
        "breaks {brk}, waiting or idle {idle}. {visits} visits, {rushed} of them rushed."
    ),
    "trace.cl_visit": "{who} comes:",
    "trace.cl_missed": "The {slot} visit ({tasks}) is missed: nobody comes.",
    "trace.cl_alarm": "Presses the safety alarm; {who} arrives after {resp} min and stays {d} min.",
    "trace.cl_alarm_none": "Presses the safety alarm; nobody arrives before the day ends.",
    "trace.alarm_unit": "the alarm unit",
    "trace.cl_summary": "Met {n} different staff today: {who}. Unmet need today: {unmet} min.",
    "trace.defaults": "Not given, so chosen: {what}.",
    "trace.default.replication": "replication {x}",
    "trace.default.day": "day {x} (the measured day with the most visits)",
    "trace.default.caregiver": "caregiver {x} (the most visits that day)",
    "trace.default.caregiver_match": "caregiver {x} (shares the most clients with the other model's)",
    "trace.default.client": "client {x} (the most visits that day)",
    "kind.meeting": "Team meeting",
    "kind.travel": "Travel",
    "kind.wait": "Waiting for the window",
    "kind.wait_partner": "Waiting for a colleague",
    "kind.care": "Care within the allotted time",
    "kind.overrun": "Care beyond the allotted time",
    "kind.cut": "Care needed but not given",
    "kind.logging": "Logging",
    "kind.break": "Break",
    "kind.alarm": "Safety alarm",
    "kind.idle": "Idle",
    "kind.missed_break": "Missed break",
    "kind.handover_out": "Visit handed to a teammate",
    "kind.handover_in": "Visit taken over",
    "gantt.title": "A day in the life: {date}",
    # ---- report ------------------------------------------------------------------------------
    "report.title_run": "Minute-controlled or trust-based home care? A simulation report",
    "report.subtitle": "Scenario “{scenario}” · report written {date}",
    "report.between": "(between {lo} and {hi})",
    "report.assumption": "assumption",
    "report.short.h": "In short",
    "report.short.setup": (
        "The two ways of running home care, {a} and {b}, were simulated side by side on the same "
        "municipality of {clients} clients, over {days} days, {reps} times with different random draws "
        "(both models got the same draws each time)."
    ),
    "report.short.count": (
        "Of {n} key measures, {better} were clearly better and {worse} clearly worse with {b}; "
        "{different} changed without a better direction, and on {unclear} the simulation cannot tell the "
        "models apart."
    ),
    "report.short.better": "Clearly better with {b}: {items}.",
    "report.short.worse": "Clearly worse with {b}: {items}.",
    "report.short.cost": "Cost per client and month with {b}: {diff} — a clear difference.",
    "report.short.cost_unclear": "Cost per client and month with {b}: {diff} — not a clear difference.",
    "report.compared.h": "What was compared",
    "report.col.what": "",
    "report.col.value": "Value",
    "report.col.measure": "Measure",
    "report.col.diff": "Difference {b} − {a}",
    "report.col.verdict": "Verdict",
    "report.col.parameter": "Parameter",
    "report.col.unit": "Unit",
    "report.col.meaning": "Meaning",
    "report.col.source": "Source",
    "report.setup.scenario": "Scenario",
    "report.setup.districts": "Districts",
    "report.setup.clients": "Clients",
    "report.setup.staff": "Staff",
    "report.setup.staff_value": "about {n} positions on the rota (the same in both models)",
    "report.setup.days": "Measured period",
    "report.setup.days_value": "{days} days ({start} to {end})",
    "report.setup.warmup": "Warm-up",
    "report.setup.warmup_value": "{days} days simulated before measuring, so that both models start settled",
    "report.setup.reps": "Replications",
    "report.setup.reps_value": "{n}, each with its own clients, needs, alarms and absences",
    "report.setup.seed": "Random seed",
    "report.noevents": "This run did not keep its event tables, so the figures built from them are missing.",
    "report.findings.h": "Key findings",
    "report.findings.intro": (
        "Each number is a mean over the replications. “Between X and Y” is the 95% confidence interval: "
        "the range the replications support. A difference is clear only when its whole interval lies on "
        "one side of zero; when the interval includes zero, the simulation cannot tell the models apart "
        "on that measure."
    ),
    "finding.clear": "{vb} with {b} against {va} with {a}: a difference of {diff} {lo_hi}, {verdict}.",
    "finding.unclear": (
        "{vb} with {b} against {va} with {a}. The difference, {diff} {lo_hi}, is not clear: the interval "
        "includes zero."
    ),
    "finding.noci": (
        "{vb} with {b} against {va} with {a}: {diff}. One replication gives no uncertainty interval."
    ),
    "finding.same": "{vb} in both models, in every replication: no difference.",
    "finding.missing": "Could not be measured in this run.",
    "finding.missing_continuity": "The indicator needs a measured period of at least 14 days.",
    "finding.verdict.better": "better with {b}",
    "finding.verdict.worse": "worse with {b}",
    "finding.verdict.different": "a clear change, neither better nor worse in itself",
    "report.fig.headline": (
        "Each key measure: every model's mean with its 95% interval (left) and the paired difference with "
        "its interval (right). A difference whose interval does not touch the zero line is clear."
    ),
    "report.fig.differences": "All differences in per cent of the {a} value, marked by verdict.",
    "report.figures.h": "Figures",
    "report.drivers.h": "What drives the results",
    "report.drivers.intro": (
        "The simulation links a few mechanisms. The numbers below come from the same runs and show how "
        "strongly each worked in this scenario (means over the replications, measured days only)."
    ),
    "drivers.continuity.h": "Continuity, familiarity and the time a visit needs",
    "drivers.continuity": (
        "A client met {sa} different staff in 14 days with {a} and {sb} with {b} (national average 2021: "
        "14.9). The contact person made {ca} of the visits with {a} and {cb} with {b}. A caregiver who "
        "hardly knows a client needs extra time — to read notes, find things, build trust: on average "
        "{fa} per visit with {a} and {fb} with {b}, or {pa} and {pb} of all care needed."
    ),
    "drivers.allotted.h": "Time allotted against time needed, and rushing",
    "drivers.allotted": (
        "The time planned for the visits covered {ra} of the real need with {a} and {rb} with {b}. A "
        "caregiver who falls behind shortens visits: {rsa} of the visits were rushed with {a} and {rsb} "
        "with {b}, which left {ua} and {ub} of unmet need per client and week."
    ),
    "drivers.overtime.h": "Overtime, breaks and help from colleagues",
    "drivers.overtime": (
        "Overtime averaged {oa} per shift with {a} and {ob} with {b}; {ma} and {mb} of the shifts lost "
        "their meal break. {ha} of the visits with {a} and {hb} with {b} were handed to a colleague with "
        "time to spare."
    ),
    "drivers.stress.h": "Stress, sick leave and substitutes",
    "drivers.stress": (
        "The daily strain index (overtime, rushing, lateness, missed breaks, more work than planned, many "
        "different clients) averaged {ta} with {a} and {tb} with {b}. Strain builds up into stress, which "
        "raises the chance of falling sick: {sa} of rostered shifts were lost to sickness with {a} and "
        "{sb} with {b}. Hourly substitutes, who know no client, worked {pa} and {pb} of the shifts."
    ),
    "drivers.time.h": "How paid time is used",
    "drivers.time": (
        "Time in clients' homes was {ca} of paid time with {a} and {cb} with {b}; travelling {ta} and "
        "{tb}; logging visits {la} and {lb}; team meetings {ma} and {mb}; waiting or idle {ia} and {ib}."
    ),
    "drivers.cost.h": "What the money goes to",
    "drivers.cost": "Per client and month the cost was {ta} with {a} and {tb} with {b}.",
    "drivers.cost.items": "The components that differ most ({b_minus_a}): {items}.",
    "drivers.cost.item": "{comp} {diff}",
    "drivers.cost.same": "No component differs.",
    "report.fig.continuity": (
        "How many different staff each client met in the indicator's window, all replications together; "
        "dashed lines are each model's mean, the dotted line the national average."
    ),
    "report.fig.time_use": "Shares of paid time, measured days, mean over replications.",
    "report.fig.stress": (
        "Week by week (grey: warm-up, not measured): strain per shift, the stress state staff carry, and "
        "the share of rostered shifts lost to sickness; bands are 95% intervals over replications."
    ),
    "report.fig.costs": (
        "Cost per client and month by component (left) and each component's difference (right)."
    ),
    "report.day.h": "A day in the life",
    "report.day.intro": (
        "The same day in each model, for one caregiver each, chosen to share as many clients as possible. "
        "Numbers on the care bars are client numbers. The command python -m sim.trace tells such a day "
        "minute by minute."
    ),
    "report.fig.day_in_life": (
        "Each bar is a stretch of paid time. Hatched green: care beyond the allotted minutes; hatched "
        "outline below: care the client needed but did not get; triangles: visits handed over or taken "
        "over; dashed lines: the scheduled shift; grey after it: overtime."
    ),
    "report.assumptions.h": "Assumptions",
    "report.assumptions.intro": (
        "A simulation is only as good as its assumptions. The key ones are listed with their sources; "
        "those marked assumption have no published figure behind them and are worth varying in a sweep. "
        "docs/parameters.md lists every parameter."
    ),
    "report.assumptions.scenario": "The municipality (the same for both models)",
    "report.assumptions.models": "How the models differ",
    "report.caveats.h": "What this report cannot tell",
    "caveat.model": (
        "This is a model, not a forecast: it shows what follows from the assumptions above in a simulated "
        "municipality. The size of each effect depends on them."
    ),
    "caveat.crn": (
        "Both models saw the very same clients, needs, travel times and base absences (common random "
        "numbers), so the differences come from the models, not from chance."
    ),
    "caveat.assumed": (
        "Several links — how much extra time an unfamiliar caregiver needs, how strain turns into sick "
        "leave and turnover — are assumptions (marked above). Vary them to see whether the verdict holds."
    ),
    "caveat.not_modelled": (
        "Not modelled: home health care and nurses, night patrols beyond the alarm unit, the clients' own "
        "experience and quality beyond minutes of care, the cost of the change itself (training, IT, "
        "management time), and wage or labour-market effects."
    ),
    "caveat.period": (
        "The measured period is {days} days. Slow effects — turnover, reassessed grants, the slow "
        "build-up of familiarity — show fully only in longer runs."
    ),
    "caveat.reps": "With only {n} replications the intervals are wide: run more for firmer conclusions.",
    "report.footer": "Written by hemtjanst-sim {version} (commit {commit}) on {date}.",
    "report.reproduce": "Rebuild this report:",
    # ---- parameters in plain words (the report's assumption tables) ---------------------------
    "param.scenario.districts.*.n_clients": "home-care clients in the district",
    "param.scenario.districts.*.geography.kind": "kind of area",
    "param.scenario.districts.*.geography.radius_km": "radius of the district around its office",
    "param.scenario.clients.need.need_to_standard_ratio": (
        "typical real need of a task compared with its standard time"
    ),
    "param.scenario.clients.need.client_factor_sigma": (
        "how much clients differ in the time they need (spread)"
    ),
    "param.scenario.clients.need.day_factor_sigma": "how much a visit's need varies from day to day (spread)",
    "param.scenario.clients.need.familiarity_extra_share": (
        "extra time a caregiver needs with a client never met"
    ),
    "param.scenario.clients.need.familiarity_halflife_visits": (
        "visits after which that extra time has halved"
    ),
    "param.scenario.staffing.planned_utilisation_target": (
        "share of a shift the planners fill with visits and travel"
    ),
    "param.scenario.staffing.capacity_factor": "staffing relative to the automatically sized staff",
    "param.scenario.staffing.substitute_fill_probability": "chance an absence is filled by a substitute",
    "param.scenario.stress.sick_start_probability": "daily chance an unstressed caregiver falls sick",
    "param.scenario.stress.absence_stress_elasticity": "how much stress raises the chance of falling sick",
    "param.scenario.stress.turnover_per_year": "share of unstressed staff who quit in a year",
    "param.scenario.stress.turnover_stress_elasticity": "how much stress raises the chance of quitting",
    "param.scenario.alarms.guarantee_min": "promised response time to a safety alarm",
    "param.scenario.costs.monthly_wage_sek": "monthly wage of a caregiver",
    "param.scenario.costs.employer_contribution_rate": "employer's contributions on top of wages",
    "param.scenario.costs.substitute_wage_premium": "extra cost of an hourly substitute",
    "param.scenario.costs.recruitment_cost_sek": "cost of recruiting a replacement",
    "param.model.organisation.unit": "one staff pool for the district, or small teams",
    "param.model.organisation.team_size": "caregivers per team",
    "param.model.planning.allotment": (
        "time allotted per visit: the standard time, or the team's estimate of need"
    ),
    "param.model.planning.strategy": "keep a base schedule and patch it, or plan each day afresh",
    "param.model.planning.continuity_weight_min": "planning weight on a caregiver who knows the client",
    "param.model.planning.contact_person_bonus_min": "extra planning weight on the client's contact person",
    "param.model.planning.buffer_share": "share of each shift left unplanned for the unexpected",
    "param.model.execution.stay_for": "stay for the allotted time, or for the real need",
    "param.model.execution.overrun_share": "how far a visit may run over the allotted time",
    "param.model.execution.use_slack": "stay on into free time before the next visit",
    "param.model.execution.cut_when_behind": "shorten visits to catch up when behind",
    "param.model.execution.skip_break_when_behind_min": "lateness at which the meal break is skipped",
    "param.model.execution.mutual_help": "colleagues with time to spare take over visits",
    "param.model.execution.help_threshold_min": "expected lateness at which visits are handed over",
    "param.model.execution.alarm_rule": "who takes a day alarm: the first to arrive, or a teammate in time",
    "param.model.execution.alarms_answered_by": "who answers daytime safety alarms",
    "param.model.overheads.logging_min_per_visit": "time to log each visit on the phone",
    "param.model.overheads.daily_meeting_min": "daily team meeting",
    "param.model.overheads.planners_per_caregiver": "central planners per caregiver",
    "param.model.overheads.team_leader_fte_per_team": "team-leader time per team (full-time equivalents)",
    "param.model.overheads.logging_system": "pays for a visit-logging system",
    "param.model.reassessment.enabled": "grants reassessed from logged time",
    "param.model.payment_basis": "what the provider is paid for",
    # ---- sweep report -------------------------------------------------------------------------
    "report.title_sweep": "How the comparison depends on {keys}",
    "sweep.short.setup": (
        "The comparison of {a} and {b} was run at {n} settings of {keys}, with {reps} replications at "
        "each setting."
    ),
    "sweep.all": "{label}: {verdict} at all {n} settings.",
    "sweep.none": "{label}: no clear difference at any of the {n} settings.",
    "sweep.mixed": "{label}: {parts}.",
    "sweep.part": "{verdict} at {values}",
    "sweep.flips": "The verdict turns with this parameter.",
    "sweep.varied.h": "What was varied",
    "sweep.varied.intro": "Each setting is a full side-by-side comparison with its own replications.",
    "sweep.matrix.h": "The difference at each setting",
    "sweep.matrix.intro": (
        "Each cell is {b} − {a} with its 95% interval: green clearly better, purple clearly worse, grey "
        "not clear."
    ),
    "sweep.metrics.h": "Each measure per model",
    "report.fig.sweep_differences": (
        "{b} − {a} against the swept parameter, with 95% bands; where a band covers zero the difference "
        "is not clear."
    ),
    "report.fig.sweep_metric": "{label} for each model at each setting; bands are 95% intervals.",
    "caveat.sweep": (
        "Only the settings that were run are known; parameters that were not varied stay at the "
        "scenario's values."
    ),
    "transition.title": "The switch month by month: {district}",
    "transition.arm.stay": "Stay minute-controlled",
    "transition.arm.phased": "Phased switch (the plan)",
    "transition.arm.switched": "All trust-based from day one",
    "transition.switch": "a district switches",
    "transition.metric.cost_sek": "Cost per month (MSEK)",
    "transition.metric.overtime_hours": "Overtime hours per month",
    "transition.metric.unmet_hours": "Unmet need, hours per month",
    "transition.metric.paid_hours": "Paid hours per month",
    "transition.metric.care_hours": "Care hours per month",
    "transition.month": "Month",
    "transition.municipality": "the municipality",
    "transition.msek": "MSEK",
    "transition.report.title": "The switch from minute control to trust-based home care",
    "transition.short.plan": (
        "Under this plan the districts switch to trust-based care from {first} to {last} "
        "({n} in all), each with about {weeks} weeks of learning."
    ),
    "transition.short.cost": (
        "The switch itself — learning time off the floor and the old model's costs that run on — "
        "costs {lo} to {hi} (mean {mean}, 95% CI) during the first {months} months after each "
        "district's switch, beyond what trust-based care costs once it is in place."
    ),
    "transition.short.cost_one": (
        "The switch itself — learning time off the floor and the old model's costs that run on — "
        "costs about {mean} during the first {months} months after each district's switch, beyond "
        "what trust-based care costs once it is in place (one replication: no interval)."
    ),
    "transition.short.payback": (
        "Against staying minute-controlled, the plan has paid back by {when} in every "
        "replication: from then on its cumulative cost stays at or below staying's."
    ),
    "transition.short.no_payback": (
        "The plan has not paid back within the months simulated in every replication ({share}% "
        "pay back): at the end it has cost {mean} more than staying (95% CI {lo} to {hi}; "
        "negative means less)."
    ),
    "transition.short.end": "The table below compares the arms in {month}, the last full month simulated.",
    "transition.plan.h": "The plan",
    "transition.plan.intro": (
        "The day on which each district switches. A learning period follows: time off the floor for "
        "training, and visits slower, strain higher and the teams' need judgements rougher at first, "
        "fading by a learning curve (the assumptions below)."
    ),
    "transition.col.district": "District",
    "transition.col.month": "Switches",
    "transition.col.diff": "Plan − staying [95% CI]",
    "transition.not_in_run": "after the months simulated",
    "transition.months.h": "Month by month",
    "transition.months.intro": (
        "Three arms on the same simulated municipality, with the same clients, needs, absences and "
        "alarms: staying minute-controlled, the plan, and trust-based care from day one."
    ),
    "transition.fig.caption": (
        "The municipality month by month; bands are 95% confidence intervals over replications, "
        "dashed lines the months in which districts switch. Partial first and last months show "
        "lower totals."
    ),
    "transition.end.h": "Where the plan leaves the municipality ({month})",
    "transition.end.intro": "Municipality means over replications in the last full month.",
    "transition.assumptions.intro": (
        "What the switch is assumed to cost; each is an assumption with a range for the "
        "sensitivity analysis unless a source is given."
    ),
    "transition.caveat.reps": (
        "{n} replications: confidence intervals are wide with few; run more for a decision."
    ),
    "transition.caveat.months": (
        "The learning period, training time, run-on and one-off costs are assumptions; a district's own "
        "notice periods and contracts should replace them."
    ),
    # equal budget (issue 12)
    "eb.plot.band": "within the tolerance",
    "eb.plot.x": "Staffing (capacity factor, 1 = as the scenario sizes it)",
    "eb.plot.y": "Gap to the target (%)",
    "eb.plot.title": "The equal-budget search: every staffing level tried",
    "eb.plot.caption": (
        "Each point is one staffing level, replicated with common random numbers; the bars are the "
        "95% interval of the paired gap, the numbers the order in which levels were tried, the ring the "
        "level chosen; the grey band is the tolerance."
    ),
    "eb.cost.title": "At equal cost: what {model} delivers for the money {ref} costs",
    "eb.quality.title": "At equal quality: what each model needs to reach the same quality",
    "eb.cost.converged": (
        "{model} costs as much per client and month as {ref} when it has {factor} times the staff "
        "(gap {gap}, 95% interval {lo} to {hi}; {n} staffing levels tried)."
    ),
    "eb.cost.no_level_within_tolerance": (
        "No staffing of {model} came within ±{tol} % of the cost of {ref} after {n} levels: staff come "
        "in whole positions. The nearest, {factor} times the staff, leaves a gap of {gap}; the "
        "comparison below is not at equal cost."
    ),
    "eb.cost.not_in_bracket": (
        "No staffing of {model} between {lo_end} and {hi_end} times the staff costs what {ref} costs "
        "(the nearest leaves a gap of {gap}); widen equal_budget.bracket."
    ),
    "eb.quality.converged": (
        "{model} reaches {metric} of {target} with {factor} times the staff "
        "(gap {gap}, 95% interval {lo} to {hi}; {n} staffing levels tried)."
    ),
    "eb.quality.no_level_within_tolerance": (
        "No staffing of {model} came within ±{tol} % of {metric} {target} after {n} levels; the nearest, "
        "{factor} times the staff, leaves a gap of {gap}."
    ),
    "eb.quality.not_in_bracket": (
        "No staffing of {model} between {lo_end} and {hi_end} times the staff reaches {metric} of "
        "{target} (the nearest leaves a gap of {gap}); widen equal_budget.bracket."
    ),
    "eb.cost.then": "At that equal cost, {model} compared with {ref}:",
    "eb.quality.then": "At that equal quality, {model} compared with {ref}:",
    "eb.search.h": "The search",
    "eb.search.intro": (
        "A root finder (Brent's method) tries staffing levels until the mean paired gap is within "
        "±{tol} % of the target. Every level runs the same replications, so the gap is measured on the "
        "same clients, needs and absences."
    ),
    "eb.col.model": "Model",
    "eb.col.evaluation": "Try",
    "eb.col.factor": "Staffing (×)",
    "eb.col.value": "Value",
    "eb.col.gap": "Gap",
    "eb.col.ci": "95% interval of the gap",
    "eb.col.chosen": "Chosen",
    "eb.cost.delivers.h": "What each model delivers at equal cost",
    "eb.cost.delivers.intro": (
        "The reference model at its own staffing against the searched model at the staffing found; "
        "differences are paired by replication."
    ),
    "eb.quality.delivers.h": "What each model costs and delivers at equal quality",
    "eb.quality.delivers.intro": (
        "Each model at the staffing that reaches the quality target; differences are paired by replication."
    ),
    "eb.caveat.steps": (
        "Staff come in whole positions, so cost moves in steps with the staffing; the tolerance is met "
        "by the nearest step, not an exact root."
    ),
    "eb.caveat.same_rule": (
        "Extra staff are sized by the same rule as the scenario's staff (the same shifts, contracts and "
        "skill mix); a municipality may spend the money differently."
    ),
    "eb.caveat.reps": "{n} replications per staffing level; more narrow the intervals.",
    "eb.wide_ci": "Its interval is wider than ±{tol} %: more replications would pin the level down.",
    # sensitivity analysis (issue 12)
    "sa.title": "How sure is the verdict? Which assumptions decide it",
    "sa.and": " and ",
    "sa.word.higher": "higher",
    "sa.word.lower": "lower",
    "sa.short.setup": (
        "{k} uncertain assumptions were varied together over their documented ranges: {n} parameter "
        "sets ({morris} to screen them, {sobol} to measure the few that matter), each simulated with "
        "{reps} replications of {days} days on the same clients and needs."
    ),
    "sa.short.robust.higher": (
        "Robust: {metric} is higher with {b} than with {a} in {share} % of the {n} parameter sets "
        "(90 % of the differences between {q05} and {q95})."
    ),
    "sa.short.robust.lower": (
        "Robust: {metric} is lower with {b} than with {a} in {share} % of the {n} parameter sets "
        "(90 % of the differences between {q05} and {q95})."
    ),
    "sa.short.mixed.higher": (
        "Not robust: {metric} is higher with {b} than with {a} in only {share} % of the {n} parameter "
        "sets (90 % of the differences between {q05} and {q95})."
    ),
    "sa.short.mixed.lower": (
        "Not robust: {metric} is lower with {b} than with {a} in only {share} % of the {n} parameter "
        "sets (90 % of the differences between {q05} and {q95})."
    ),
    "sa.short.drivers": "The difference depends mostly on {items}.",
    "sa.short.flip.above": "It reverses ({b} becomes {now}) if {factor} exceeds {value}.",
    "sa.short.flip.below": "It reverses ({b} becomes {now}) if {factor} falls below {value}.",
    "sa.short.no_flip": "No single assumption reverses it anywhere in its range.",
    "sa.fig.title": "What drives the difference in {metric}",
    "sa.fig.x_sobol": "Share of the difference's variance (Sobol index, 95% CI)",
    "sa.fig.x_morris": "Effect over the range (Morris μ*, 95% CI)",
    "sa.fig.caption": (
        "Longer bars matter more. The total index counts a factor's effect with all its interactions; "
        "the first-order index its effect alone."
    ),
    "sa.col.factor": "Assumption",
    "sa.col.mu_star": "Morris μ* [95% CI]",
    "sa.col.s1": "Sobol first-order [95% CI]",
    "sa.col.st": "Sobol total [95% CI]",
    "sa.col.range": "Range",
    "sa.col.baseline": "Default",
    "sa.col.kept": "Measured by Sobol",
    "sa.col.source": "Source of the range",
    "sa.factors.h": "The assumptions varied",
    "sa.factors.intro": (
        "Each range is declared with its parameter (docs/parameters.md) from the spread in "
        "CALIBRATION.md or stated as an assumption."
    ),
    "sa.method.h": "How it was computed",
    "sa.method.morris": (
        "Morris screening (SALib): trajectories that change one assumption at a time across the ranges; "
        "μ* is the mean absolute effect of moving an assumption over its whole range."
    ),
    "sa.method.sobol": (
        "Sobol indices (SALib, Saltelli sampling) for the assumptions Morris found to matter, the others "
        "at their defaults; intervals by bootstrap."
    ),
    "sa.method.flips": (
        "Where the verdict reverses: the mean difference along each assumption (over all sampled sets), "
        "and where it crosses zero."
    ),
    "sa.caveat.ranges": (
        "The answer is only as good as the ranges: an assumption outside its range, or one not varied, "
        "can still change the verdict."
    ),
    "sa.caveat.noise": (
        "Each parameter set was simulated with {reps} replications; what remains of the simulation's own "
        "noise counts as unexplained variance, not as any assumption's effect."
    ),
    "sa.factor.scenario.clients.need.day_factor_sigma": "day-to-day variability of need",
    "sa.factor.scenario.clients.need.client_factor_sigma": "difference in need between clients",
    "sa.factor.scenario.clients.need.need_to_standard_ratio": "real need relative to the standard times",
    "sa.factor.scenario.clients.need.extras_probability": "chance of an unplanned extra need",
    "sa.factor.scenario.clients.need.familiarity_extra_share": "extra time a stranger needs",
    "sa.factor.scenario.clients.need.familiarity_halflife_visits": "visits until a stranger knows the home",
    "sa.factor.scenario.stress.absence_stress_elasticity": "how strongly stress raises sick leave",
    "sa.factor.scenario.stress.turnover_stress_elasticity": "how strongly stress raises quitting",
    "sa.factor.scenario.stress.control_relief": "strain relieved by control over one's work",
    "sa.factor.scenario.stress.support_relief": "strain relieved by support from colleagues",
    "sa.factor.scenario.stress.weights.rushed_share": "strain weight of rushed visits",
    "sa.factor.scenario.stress.weights.overtime_per_hour": "strain weight of overtime",
    "sa.factor.scenario.stress.weights.unmet_per_hour": "strain weight of care left undone",
    "sa.factor.scenario.stress.weights.behind_per_hour": "strain weight of running late",
    "sa.factor.scenario.stress.weights.missed_break": "strain weight of a missed break",
    "sa.factor.scenario.stress.weights.excess_demand": "strain weight of excess demand",
    "sa.factor.scenario.stress.weights.per_distinct_client": "strain weight per client met",
    "sa.factor.scenario.stress.vacancy_days": "days to fill a vacancy",
    "sa.factor.scenario.alarms.rate_multiplier": "safety-alarm call rate",
    "sa.factor.scenario.staffing.substitute_fill_probability": "chance a substitute covers an absence",
    "sa.factor.models.trust.planning.buffer_share": "the trust-based teams' buffer",
    "sa.factor.models.trust.planning.learning_rate": "how fast the teams learn the real need",
    "sa.factor.models.trust.planning.need_judgement_cv": "error of the teams' judgement of need",
    "sa.short.none": "No difference in {metric} between {b} and {a} in most of the {n} parameter sets.",
    "sa.run.h": "Over the assumption ranges",
    "sa.run.none": (
        "How these differences hold up when the uncertain assumptions vary over their ranges was not "
        "assessed for this report: run python -m sim -m +experiment=sensitivity and give its folder as "
        "report.sensitivity."
    ),
    "sa.run.unreadable": "The sensitivity analysis in {folder} could not be read.",
    "sa.run.other_scenario": (
        "Note: the sensitivity analysis was run on scenario {scenario}, not on {this}; it is indicative only."
    ),
    "sa.run.robust": (
        "{metric}: robust — {word} with {b} than with {a} in {share} % of the {n} parameter sets of the "
        "sensitivity analysis."
    ),
    "sa.run.mixed": (
        "{metric}: not robust — {word} with {b} than with {a} in only {share} % of the {n} parameter sets "
        "of the sensitivity analysis; the verdict depends on assumptions."
    ),
    # ---- a unit's own data (issue 24): the replay, the plan on paper, what was imported ----------
    "model.own_plan.name": "The unit's own plan",
    "model.own_plan.phrase": "the unit's own plan",
    "model.own_plan.plain": (
        "Not a delivery model: the unit's own plan from its files, replayed. Each visit goes to the "
        "caregiver the plan names (or whoever covers that caregiver's absence), in the planned order and "
        "from no earlier than its planned start; nobody re-plans or helps out. Granted minutes, logging "
        "and payment are as in minute-controlled care. It shows what simulated reality — real needs, "
        "travel times that vary, absences — does to the plan."
    ),
    "verdict.implausible": "implausible: check the input",
    "finding.missing_reason": "Not measured in this run: {reason}.",
    "finding.implausible": (
        "{vb} with {b} against {va} with {a}: a difference of {diff} {lo_hi}. A figure here is implausible "
        "(see the warning above), so the simulation gives no verdict on it: check the input first."
    ),
    "report.short.implausible": "No verdict, as a figure is implausible (see the warnings): {items}.",
    "report.short.setup_unit": (
        "The two ways of running home care, {a} and {b}, were simulated side by side on the clients, "
        "visits and caregivers of {unit} ({clients} clients), over {period}, {reps} times with different "
        "random draws (both models got the same draws each time)."
    ),
    "report.short.one_day": "one measured day",
    "report.short.days": "{days} measured days",
    "report.short.replay": (
        "The unit's own plan was replayed beside them in the same simulated reality: see the section on "
        "your plan, on paper and under simulated reality."
    ),
    "report.setup.unit": "Unit",
    "report.setup.staff_unit_value": "{n} positions: the unit's own caregivers (the same in every arm)",
    "report.setup.days_value_one": "1 day ({start})",
    "report.setup.imported": "Imported",
    "unit.from": "From {dir}: {what}.",
    "unit.clients": "{n} clients and their homes",
    "unit.refusing": "{n} of them refusing someone",
    "unit.visits_dated_one": "{n} visits on {days} dated day",
    "unit.visits_dated": "{n} visits on {days} dated days",
    "unit.visits_pattern": "{n} recurring visits (weekday patterns)",
    "unit.with": "with {what}",
    "unit.windows": "their windows",
    "unit.granted": "granted minutes",
    "unit.planned_start": "planned starts",
    "unit.planned": "{n} with a planned caregiver",
    "unit.double": "{n} double-staffed",
    "unit.second_planned": "{n} with a planned second caregiver",
    "unit.linked": "{n} linked to an earlier visit",
    "unit.skill": "{n} needing a skill",
    "unit.caregivers": "{n} caregivers with {hours} different shift hours",
    "unit.from_home": "{n} of them starting from home",
    "unit.break_times": "set break times on {n} shifts",
    "unit.their": "their {what}",
    "unit.contracts": "contracts",
    "unit.skills": "skills",
    "unit.modes": "travel modes",
    "unit.travel": "travel times {modes}",
    "unit.history": "a continuity history of {n} pairs",
    "unit.winter.all": "applies: every measured date ({dates}) falls in winter_months",
    "unit.winter.none": "does not apply: no measured date ({dates}) falls in winter_months",
    "unit.dates": "{first} to {last}",
    "unit.winter.some": "applies to {k} of the {n} measured days (those in winter_months)",
    "plaus.h": "Figures to check before reading them.",
    "plaus.intro": (
        "These figures are outside their plausible range (scenario.guards); a finding on them gets no "
        "verdict, as the cause is more likely in the input than in the care."
    ),
    "plaus.overtime_min_per_shift": (
        "{model}: {value} of overtime per shift is implausible (more than {limit}, {guard})."
    ),
    "plaus.late_visit_share": (
        "{model}: {value} of the visits start late, implausibly many (more than {limit}, {guard})."
    ),
    "plaus.visits_per_caregiver_day": (
        "{model}: {value} visits per caregiver and day against {paper} in the unit's plan (×{ratio}, beyond "
        "{guard} = {limit}): the day is not shared among the caregivers as the unit shares it."
    ),
    "plaus.cause_unit": (
        "Check the unit's files: its shifts (is a caregiver on duty for every visit?), its visit windows "
        "and its travel times (their unit)."
    ),
    "plaus.cause_generated": "Check the staffing (capacity_factor) and the need settings.",
    "na.continuity_days": "needs {w} measured days; the run measures {days}",
    "na.continuity_pattern": (
        "no client has at least {n} visits ({hours}) on every day of a {w}-day window (a unit visiting on "
        "some days only has none)"
    ),
    "na.rate": (
        "a rate over time needs {min} measured days (scenario.metrics.min_days_for_rates); the run measures "
        "{days}"
    ),
    "na.no_plan": "needs a unit's own plan (data.dir with visits.planned_caregiver)",
    "na.no_alarm": "no alarm call in the measured days",
    "report.plan.h": (
        "Your plan on paper · your plan under simulated reality · minute-controlled · trust-based"
    ),
    "report.plan.intro": (
        "The first column is the unit's own plan as its files give it, computed without simulating "
        "(plan_audit.csv): one plan, so no interval. The others are means over the replications with their "
        "95% interval: the same plan replayed in simulated reality (real needs, travel times that vary, "
        "absences), and the two delivery models planning the same clients and caregivers their own way."
    ),
    "report.plan.col.paper": "Your plan on paper",
    "report.plan.counts.h": "What the plan on paper holds",
    "report.plan.short_transitions": (
        "{n} of the plan's {total} moves from one visit to the next ({share}) leave less time than the "
        "travel takes: on paper the caregiver is in two places at once."
    ),
    "report.plan.short_transitions_none": (
        "Every move from one visit to the next leaves at least the travel time."
    ),
    "report.plan.outside_shift": (
        "{n} planned caregiver-visits (a double visit counts for each of its caregivers) lie outside "
        "every shift of their caregiver."
    ),
    "report.plan.outside_shift_none": "Every planned visit lies within a shift of its planned caregiver.",
    "report.plan.unplanned": (
        "{n} visits have no planned caregiver: they are left out of the figures on paper."
    ),
    "report.plan.unplanned_none": "Every visit has a planned caregiver.",
    "report.plan.replay.h": "What simulated reality does to your plan",
    "replay.time": (
        "On paper the plan spends {pc} of paid time in clients' homes and {pt} travelling. Replayed in "
        "simulated reality it spends {sc} in clients' homes ({vc}) and {st} travelling ({vt})."
    ),
    "replay.overtime": (
        "On paper the routes run {p} past their shifts on average; replayed, overtime is {s} per shift ({v})."
    ),
    "replay.late": (
        "On paper {p} of the visits are planned after their window; replayed, {s} start late ({v})."
    ),
    "replay.kept_caregiver": (
        "{s} of the visits were made by the caregiver the plan names ({p} on paper; {v}); the rest by "
        "whoever covered an absence."
    ),
    "replay.kept_time": "{s} of the visits started within their window ({p} on paper; {v}).",
    "replay.more": "more than on paper",
    "replay.less": "less than on paper",
    "replay.same": "not clearly different from the paper figure",
    "replay.implausible": "an implausible figure: check the input",
    "replay.noci": "one replication: no interval",
    "caveat.unit_plan": (
        "The unit's files give its plan, not how the day really went: the real needs, travel times and "
        "absences are simulated around the plan, so the replay is what the plan meets in a simulated "
        "reality, not a record of a real day."
    ),
    "caveat.one_day": (
        "One measured day ({date}): costs per month are extrapolated from that single day, and rates over "
        "time — sick leave, turnover, absences covered by colleagues — are not measured (they need at "
        "least {min} measured days)."
    ),
    "caveat.short_period": (
        "The measured period is only {days} days: costs per month are extrapolated from it, and rates over "
        "time — sick leave, turnover, absences covered by colleagues — are not measured (they need at "
        "least {min} measured days)."
    ),
    "report.day.intro_unit": (
        "The same day in each arm, for one caregiver each, chosen to share as many clients as possible. "
        "The care bars carry the clients' ids where they fit. The command python -m sim.trace tells such "
        "a day minute by minute (--caregiver and --client take the unit's own ids)."
    ),
    "report.assumptions.unit": (
        "What the import depends on: how the simulated day strays from the files (the same for every arm)"
    ),
    "param.scenario.clients.need.familiarity_memory_days": (
        "days over which an acquaintance with a client fades"
    ),
    "param.scenario.districts.*.geography.travel_noise_cv": (
        "how much a trip's time varies around the travel matrix (spread)"
    ),
    "param.scenario.districts.*.geography.winter_travel_factor": "trips take this much longer in winter",
    "param.scenario.districts.*.geography.winter_months": "months with winter travel",
    "param.scenario.stress.sick_spell_mean_days": "mean length of a sick spell",
    "param.data.essential_share": "share of a visit's need that is never cut (the files name no tasks)",
    "param.data.usual_caregiver_visits": (
        "past visits a continuity row without a count stands for (a usual caregiver)"
    ),
    "param.data.staff_as_planned": (
        "the first measured day starts with every caregiver at work, as the plan names them"
    ),
    "param.data.repeat": "times the dated period is run in a row",
    "param.warmup_days": (
        "days simulated before measuring (a dated export's period repeated), so who knows whom settles"
    ),
    "report.setup.assumed": "Assumed (from the configs)",
    "report.setup.assumed_value": (
        "how the real need varies around the granted minutes, safety alarms, sick leave and turnover, "
        "hospital stays, stress, costs, and the care level where the files give none"
    ),
    "sa.factor.models.minute.planning.route_balance_share": "how evenly the planners' tool spreads work",
    "sa.factor.models.minute.reassessment.assessment_error_cv": "error of the needs assessors' judgement",
    # ---- the cost bridge (issue 25) ----------------------------------------------------------
    "bridge.h": "Where the cost difference comes from",
    "bridge.intro": (
        "The difference in cost per client and month, paired by replication, split by cost component. "
        "Organisational overhead — central planners and the logging system, team leaders, the teams' "
        "meetings and training, the alarm unit — is set by assumption in each model's settings before "
        "anything runs: it comes out the same however the simulated days go. Everything else — regular "
        "hours, overtime, substitutes, sick pay, recruitment, travel — is what the simulated days cost."
    ),
    "bridge.headline": (
        "The difference in cost per client and month, {b} − {a}, is {total}. Of it, {sim} comes from "
        "what was simulated and {ass} from organisational overhead set by assumption before anything "
        "ran{items}."
    ),
    "bridge.opposite": (
        "The two parts pull in opposite ways, so neither is a share of the difference: what was "
        "simulated makes {b} {sim_dir}, the overhead set by assumption makes it {ass_dir}."
    ),
    "bridge.headline.zero": "The cost per client and month does not differ ({b} − {a}: {total}).",
    "bridge.cheaper": "cheaper",
    "bridge.dearer": "dearer",
    "bridge.group.simulated": "What was simulated",
    "bridge.group.assumed": "Overhead set by assumption",
    "bridge.subtotal.simulated": "Subtotal: what was simulated",
    "bridge.subtotal.assumed": "Subtotal: organisational overhead set by assumption",
    "bridge.total": "Total",
    "bridge.col.component": "Cost component",
    "bridge.col.group": "Part",
    "bridge.col.diff": "{b} − {a} [95% CI]",
    "bridge.note": (
        "SEK per client and month: each model's mean over {n} replications, and the difference "
        "paired by replication with its 95% interval."
    ),
    "bridge.fig.caption": (
        "From the cost per client and month of {a} (left) to that of {b} (right): each cost "
        "component's paired difference with its 95% interval — solid grey what was simulated, "
        "hatched sand the organisational overhead set by assumption — with each part's subtotal "
        "above its bars. The axis does not start at 0."
    ),
    "plot.bridge.title": "Where the cost difference comes from: {b} − {a}",
    "plot.bridge.axis": "the axis does not start at 0",
    "eb.bridge.intro": (
        "At the staffing found ({factor} × for {model}), the two models' costs split by component: "
        "what the search traded — fewer or more simulated hours against a different organisation."
    ),
    "transition.bridge.intro": (
        "Over all {months} months simulated, {switched} against {stay} — the steady states the "
        "switch goes from and to, without the learning period or the run-on costs."
    ),
    "transition.bridge.stay": "staying minute-controlled",
    "transition.bridge.switched": "trust-based care from day one",
    "eb.bridge.intro_quality": (
        "At the staffing each model needs for that quality, the two models' costs split by component."
    ),
}
