"""What the report says about a unit's own data (``data.dir``): what its files held, what the
import depended on, and the honest limits of a short measured period.

"Imported" lists only what the files gave (counts from :func:`sim.world.imported.unit_counts`
and the tables themselves; nothing that is zero or left at its default). The assumptions a
unit's run rests on are not a generated district's settings (radius, utilisation target,
district sizes) but how the real day strays from the plan: need, familiarity, travel noise and
winter, the share of a visit never cut, who knows whom, the warm-up, absences and costs.
"""

from __future__ import annotations

import datetime as dt

from sim.config.schema import RunConfig
from sim.lang import fmt_num, join_words, tr
from sim.world.imported import unit_counts, unit_of

# the assumptions an imported unit's run depends on, in the order the report lists them
UNIT_ASSUMPTIONS = (
    "scenario.clients.need.need_to_standard_ratio",
    "scenario.clients.need.client_factor_sigma",
    "scenario.clients.need.day_factor_sigma",
    "data.essential_share",
    "scenario.clients.need.familiarity_extra_share",
    "scenario.clients.need.familiarity_halflife_visits",
    "scenario.clients.need.familiarity_memory_days",
    "data.usual_caregiver_visits",
    "scenario.districts.*.geography.travel_noise_cv",
    "scenario.districts.*.geography.winter_travel_factor",
    "scenario.districts.*.geography.winter_months",
    "warmup_days",
    "data.staff_as_planned",
    "data.repeat",
    "scenario.stress.sick_start_probability",
    "scenario.stress.sick_spell_mean_days",
    "scenario.stress.absence_stress_elasticity",
    "scenario.stress.turnover_per_year",
    "scenario.stress.turnover_stress_elasticity",
    "scenario.staffing.substitute_fill_probability",
    "scenario.alarms.guarantee_min",
    "scenario.costs.monthly_wage_sek",
    "scenario.costs.employer_contribution_rate",
    "scenario.costs.substitute_wage_premium",
)
MODE_ORDER = ("car", "bike", "walk")


def _n(x: float, lang: str) -> str:
    return fmt_num(float(x), lang, 0)


def imported_text(run: RunConfig, lang: str) -> str:
    """What the files of ``data.dir`` held, in words (only what they gave)."""
    unit = unit_of(run)
    c = unit_counts(unit)
    v, g = unit.visits, unit.shifts
    groups = []
    clients = [tr(lang, "unit.clients", n=_n(c["clients"], lang))]
    if c["refusing"]:
        clients.append(tr(lang, "unit.refusing", n=_n(c["refusing"], lang)))
    groups.append(", ".join(clients))
    days = c["dated_days"]
    visits = [
        tr(
            lang,
            "unit.visits_dated_one" if days == 1 else "unit.visits_dated",
            n=_n(c["visits"], lang),
            days=days,
        )
        if days
        else tr(lang, "unit.visits_pattern", n=_n(c["visits"], lang))
    ]
    given = []
    if (v["latest_min"] > v["earliest_min"]).any():
        given.append(tr(lang, "unit.windows"))
    given.append(tr(lang, "unit.granted"))
    if v["planned_start_min"].notna().any():
        given.append(tr(lang, "unit.planned_start"))
    visits.append(tr(lang, "unit.with", what=join_words(given, lang)))
    counted = (
        ("planned", int((v["planned_caregiver"] != "").sum()), "unit.planned"),
        ("double", int(v["double_staffed"].astype(bool).sum()), "unit.double"),
        ("second_planned", c["second_planned"], "unit.second_planned"),
        ("linked", c["linked"], "unit.linked"),
        ("skill", int((v["skill"] != "").sum()), "unit.skill"),
    )
    visits += [tr(lang, key, n=_n(n, lang)) for _, n, key in counted if n]
    groups.append(", ".join(visits))
    staff = [tr(lang, "unit.caregivers", n=_n(c["caregivers"], lang), hours=_n(c["shift_hours"], lang))]
    if c["from_home"]:
        staff.append(tr(lang, "unit.from_home", n=_n(c["from_home"], lang)))
    if c["break_times"]:
        staff.append(tr(lang, "unit.break_times", n=_n(c["break_times"], lang)))
    held = []
    if (g["contract_fte"].astype(float) != 1.0).any():
        held.append(tr(lang, "unit.contracts"))
    if (g["skills"] != "").any():
        held.append(tr(lang, "unit.skills"))
    held.append(tr(lang, "unit.modes"))
    staff.append(tr(lang, "unit.their", what=join_words(held, lang)))
    groups.append(", ".join(staff))
    modes = [tr(lang, f"mode.{m}") for m in MODE_ORDER if m in unit.travel]
    modes += [m for m in unit.travel if m not in MODE_ORDER]
    groups.append(tr(lang, "unit.travel", modes=join_words(modes, lang)))
    if c["history"]:
        groups.append(tr(lang, "unit.history", n=_n(c["history"], lang)))
    return tr(lang, "unit.from", dir=run.data.dir, what="; ".join(groups))


def measured_dates(run: RunConfig) -> list[dt.date]:
    """The calendar dates of the measured days."""
    start = dt.date.fromisoformat(run.scenario.start_date)
    return [start + dt.timedelta(days=k) for k in range(run.horizon_days)]


def winter_note(run: RunConfig, lang: str) -> str:
    """Whether the winter travel factor applies to the measured dates."""
    dates = measured_dates(run)
    months = {int(m) for d in run.scenario.districts.values() for m in d.geography.winter_months}
    winter = sum(d.month in months for d in dates)
    first = dates[0].isoformat() if dates else ""
    last = dates[-1].isoformat() if dates else ""
    when = first if first == last else tr(lang, "unit.dates", first=first, last=last)
    if winter == len(dates):
        return tr(lang, "unit.winter.all", dates=when)
    if winter == 0:
        return tr(lang, "unit.winter.none", dates=when)
    return tr(lang, "unit.winter.some", k=winter, n=len(dates))


def period_caveats(run: RunConfig, lang: str) -> list[str]:
    """The measured period in the caveats: a short one honestly (costs per month extrapolated,
    rates over time not measured), else the usual note on slow effects."""
    days, need = run.horizon_days, run.scenario.metrics.min_days_for_rates
    if days == 1:
        return [tr(lang, "caveat.one_day", date=measured_dates(run)[0].isoformat(), min=need)]
    if days < need:
        return [tr(lang, "caveat.short_period", days=days, min=need)]
    return [tr(lang, "caveat.period", days=days)]
