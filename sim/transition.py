"""The switch itself: a phased transition, month by month, against staying and having switched.

Three arms run on the same world with common random numbers (issue 11):

* ``stay`` — every district keeps ``transition.from_model`` throughout;
* ``phased`` — districts switch to ``transition.to_model`` by the plan
  (:mod:`sim.config.schema_transition`), with a learning period, run-on costs and the one-off
  costs of each switch (:mod:`sim.transition_costs`);
* ``switched`` — every district works under ``to_model`` from day one (warm-up
  included), the steady state the plan is heading for.

Districts are independent (:mod:`sim.engine.simulate`), so each district of each arm runs
as its own model run with its own switch date, and its tables are reduced to one row per
(month, metric) before the next district runs: memory stays that of one district.

Outputs: a tidy monthly table (replication, arm, month, district, metric, value; district
``all`` for the municipality), its summary with confidence intervals over replications,
and per replication the *transition cost* — what the phased arm spends beyond the
switched arm in each district's months from its switch until learning and run-on costs
end — and the *break-even month*, the first month from which the phased arm's cumulative
cost stays at or below staying's.

The costs are also kept per component (one row per replication, arm and component over the whole
measured period, with the run-on costs as ``run_on``), for the cost bridge between staying and
having switched (:func:`sim.transition_costs.transition_bridge`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from sim.config.reads import Reads, run_equals
from sim.config.schema import RunConfig
from sim.config.schema_transition import TransitionConfig, month_start, switch_dates
from sim.engine.learning import Learning
from sim.engine.policy_api import Switch
from sim.experiment import client_days, model_run, processes
from sim.metrics import RunFacts, compute_metrics
from sim.stats import mean_ci
from sim.transition_costs import (
    COST_COLUMNS,
    ONE_OFF,
    RUN_ON,
    component_costs,
    one_off_cost,
    transition_bridge,
)
from sim.world.build import World, build_world
from sim.world.clients import Calendar

# The config keys the transition experiment reads (issue 25: sim/config/reads.py).
READS = Reads("the transition (sim/transition.py)", ("transition.*",), run_equals("transition.enabled", True))


# monthly quantities that add up over districts (the municipality's row is their sum)
ADDITIVE = ("cost_sek", "paid_hours", "overtime_hours", "care_hours", "unmet_hours", "client_months")
# rates shown per district-month; the municipality's is the client-weighted mean
RATES = (
    "cost_per_client_month_sek",
    "staff_per_client_14d",
    "unmet_need_min_per_client_week",
    "rushed_visit_share",
    "late_visit_share",
    "overtime_min_per_shift",
    "sick_leave_rate",
    "turnover_rate",
    "care_time_share",
    "strain_index",
)
DAYS_PER_MONTH = 30.4375


@dataclass(frozen=True)
class Month:
    """A calendar month of the measured period: its label and simulated days [first, end)."""

    label: str
    first: int
    end: int


def months(world: World) -> list[Month]:
    """The calendar months of the measured days (the first and last may be partial)."""
    out: list[Month] = []
    for day in range(world.warmup_days, world.n_days):
        label = world.calendar.date(day).strftime("%Y-%m")
        if out and out[-1].label == label:
            out[-1] = Month(label, out[-1].first, day + 1)
        else:
            out.append(Month(label, day, day + 1))
    return out


def calendar(run: RunConfig) -> Calendar:
    """The run's calendar (what the plan needs of a world, without building one)."""
    from sim.world.build import run_calendar

    return run_calendar(run)


def run_on_months(t: TransitionConfig) -> int:
    """Months after a district's switch in which the switch itself costs: the longest of
    the learning period, the planners' notice and the logging contract."""
    return max(t.planner_notice_months, t.logging_contract_months, -(-t.training_days // 30))


def planned_dates(run: RunConfig) -> dict[str, dt.date]:
    """District key -> its switch date by the plan (within the run or not)."""
    cal = calendar(run)
    return switch_dates(run.transition, list(run.scenario.districts), cal.date(run.warmup_days))


def plan_days(run: RunConfig) -> dict[int, int]:
    """District index -> the simulated day it switches in the phased arm (within the run)."""
    keys = list(run.scenario.districts)
    start = calendar(run).date(0)
    n_days = run.warmup_days + run.horizon_days
    days = {keys.index(k): (d - start).days for k, d in planned_dates(run).items()}
    return {d: day for d, day in days.items() if day < n_days}


def switch_months(run: RunConfig) -> dict[str, str]:
    """District key -> the month (``YYYY-MM``) it switches in the phased arm, within the run."""
    cal, keys = calendar(run), list(run.scenario.districts)
    return {keys[d]: cal.date(day).strftime("%Y-%m") for d, day in plan_days(run).items()}


def learning_of(t: TransitionConfig) -> Learning:
    """The learning period a district's switch starts (:mod:`sim.engine.learning`)."""
    return Learning(
        days=t.training_days,
        shape=t.learning_shape,
        training_min=t.training_min_per_shift,
        slowdown_share=t.slowdown_share,
        strain_extra_share=t.strain_extra_share,
        judgement_cv_extra=t.judgement_cv_extra,
    )


def segments(world: World, switch_day: int | None) -> list[tuple[str, int, int]]:
    """(month, first day, end day) of each measured stretch: the calendar months, a month in which
    a district switches split at its switch day (each part is measured under its own model)."""
    out = []
    for m in months(world):
        if switch_day is not None and m.first < switch_day < m.end:
            out += [(m.label, m.first, switch_day), (m.label, switch_day, m.end)]
        else:
            out.append((m.label, m.first, m.end))
    return out


def _district_rows(
    run: RunConfig, world: World, arm: str, district: int, switch_day: int | None
) -> tuple[list[dict[str, object]], dict[str, float]]:
    """The district's monthly rows, and its costs per component over all its months (SEK)."""
    t = run.transition
    first_name = t.to_model if arm == "switched" else t.from_model
    switches = []
    if switch_day is not None:
        switches.append(
            Switch(switch_day, t.to_model, run.models[t.to_model], learning_of(t), t.quit_wave_share)
        )
    mr = model_run(
        world,
        first_name,
        run.models[first_name],
        record_activities=False,
        districts=[district],
        switches=switches,
    )
    before_units = len(mr.units)
    frames = mr.run()
    after_units = len(mr.units)
    d = world.districts[district]
    components: dict[str, float] = {}
    key = list(run.scenario.districts)[district]
    old = run.models[t.from_model].overheads
    c = run.scenario.costs
    contrib = 1.0 + c.employer_contribution_rate
    parts: dict[str, list[dict[str, float]]] = {}
    for label, first, end in segments(world, switch_day):
        switched = switch_day is not None and first >= switch_day
        name = t.to_model if (arm == "switched" or switched) else t.from_model
        facts = RunFacts(
            warmup_days=first,
            horizon_days=end - first,
            n_clients=len(d.clients),
            n_positions=len(d.staff),
            n_units=after_units if (arm == "switched" or switched) else before_units,
            n_districts=1,
        )
        values, costs = compute_metrics(frames, run.scenario, run.models[name], facts)
        span = (end - first) / DAYS_PER_MONTH
        run_on = 0.0
        if switched and switch_day is not None:
            since = _months_between(world, switch_day, first)
            if since < t.planner_notice_months:
                run_on += (
                    old.planners_per_caregiver * len(d.staff) * c.planner_monthly_wage_sek * contrib * span
                )
            if since < t.logging_contract_months and old.logging_system:
                run_on += c.logging_system_per_caregiver_month_sek * len(d.staff) * span
        one_off = one_off_cost(run, len(d.staff), after_units) if first == switch_day else 0.0
        cost = sum(costs.values()) + run_on + one_off
        for comp, sek in [*costs.items(), (RUN_ON, run_on), (ONE_OFF, one_off)]:
            components[comp] = components.get(comp, 0.0) + float(sek)
        shifts = frames["shifts"]
        sh = shifts[(shifts["day"] >= first) & (shifts["day"] < end)]
        vi = frames["visits"]
        vm = vi[(vi["day"] >= first) & (vi["day"] < end)]
        part = {
            "cost_sek": cost,
            "run_on_cost_sek": run_on,
            "one_off_cost_sek": one_off,
            "paid_hours": float(sh["paid_min"].sum()) / 60.0,
            "overtime_hours": float(sh["overtime_min"].sum()) / 60.0,
            "care_hours": float(sh["care_min"].sum()) / 60.0,
            "unmet_hours": float(vm["unmet_min"].sum()) / 60.0,
            "client_months": len(d.clients) * span,
            **{k: float(values[k]) for k in RATES if k != "cost_per_client_month_sek"},
        }
        parts.setdefault(label, []).append(part)
    rows: list[dict[str, object]] = []
    for label, pieces in parts.items():
        for metric, value in _one_month(pieces).items():
            rows.append({"month": label, "district": key, "metric": metric, "value": value})
    return rows, components


def _one_month(pieces: list[dict[str, float]]) -> dict[str, float]:
    """A month's figures from its parts (two when a district switched within it): amounts add
    up, a rate is the parts' client-month-weighted mean (a part without the rate left out)."""
    out = {k: float(sum(p[k] for p in pieces)) for k in (*ADDITIVE, "run_on_cost_sek", "one_off_cost_sek")}
    for k in RATES:
        if k == "cost_per_client_month_sek":
            out[k] = out["cost_sek"] / out["client_months"] if out["client_months"] else float("nan")
            continue
        if len(pieces) == 1:
            out[k] = pieces[0][k]
            continue
        known = [(p[k], p["client_months"]) for p in pieces if not np.isnan(p[k])]
        weight = sum(w for _, w in known)
        out[k] = sum(v * w for v, w in known) / weight if weight else float("nan")
    order = ("cost_sek", "run_on_cost_sek", "one_off_cost_sek", *ADDITIVE[1:], *RATES)
    return {k: out[k] for k in order}


def _months_between(world: World, day_a: int, day_b: int) -> int:
    a, b = world.calendar.date(day_a), world.calendar.date(day_b)
    return (b.year - a.year) * 12 + b.month - a.month


def run_district_parts(
    run: RunConfig, replication: int, arm: str, district: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The monthly rows of one district in one arm of one replication, and its costs per
    component over the measured period (``replication, arm, component, sek``)."""
    # both models' capacity_factor (checked equal: the staff stay across the switch)
    world = build_world(run, replication, run.models[run.transition.from_model].capacity_factor)
    days = plan_days(run) if arm == "phased" else {}
    rows, components = _district_rows(run, world, arm, district, days.get(district))
    df = pd.DataFrame(rows)
    df.insert(0, "arm", arm)
    df.insert(0, "replication", replication)
    costs = pd.DataFrame(
        [(replication, arm, comp, sek) for comp, sek in components.items()], columns=COST_COLUMNS
    )
    return df, costs


def run_district(run: RunConfig, replication: int, arm: str, district: int) -> pd.DataFrame:
    """The monthly rows of one district in one arm of one replication."""
    return run_district_parts(run, replication, arm, district)[0]


def _with_municipality(districts: list[pd.DataFrame]) -> pd.DataFrame:
    df = pd.concat(districts, ignore_index=True)
    return pd.concat([df, _municipality(df)], ignore_index=True)


def run_arm(run: RunConfig, replication: int, arm: str) -> pd.DataFrame:
    """The monthly rows of one arm of one replication, every district and the municipality."""
    n = len(run.scenario.districts)
    return _with_municipality([run_district(run, replication, arm, d) for d in range(n)])


def _municipality(df: pd.DataFrame) -> pd.DataFrame:
    wide = df.pivot_table(
        index=["replication", "arm", "month"], columns=["metric", "district"], values="value"
    )
    out = []
    for metric in df["metric"].unique():
        part = wide[metric]
        if metric in ADDITIVE or metric in ("run_on_cost_sek", "one_off_cost_sek"):
            value = part.sum(axis=1)
        else:
            weight = wide["client_months"][part.columns]
            value = (part * weight).sum(axis=1, min_count=1) / weight.where(part.notna()).sum(axis=1)
        out.append(value.rename("value").reset_index().assign(metric=metric))
    total = pd.concat(out, ignore_index=True)
    total["district"] = "all"
    return total[df.columns]


def run_transition(
    run: RunConfig, n_jobs: int | None = None, progress: Callable[[int, str], None] | None = None
) -> dict[str, pd.DataFrame]:
    """Every district of every arm of every replication, in ``n_jobs`` processes (the
    results do not depend on how many): the monthly table, its summary and the transition
    cost and break-even month per replication. ``progress(finished, what)`` is told as
    (replication, arm, district) runs finish."""
    n = len(run.scenario.districts)
    arms = run.transition.arms
    tasks = [(r, arm, d) for r in range(run.replications) for arm in arms for d in range(n)]
    keys = list(run.scenario.districts)
    # a district-task runs one model; client_days counts every compared one
    work = client_days(run) // max(1, len(run.compare)) // max(1, n)
    jobs = processes(run.n_jobs if n_jobs is None else n_jobs, len(tasks), work)

    def told(k: int, task: tuple[int, str, int]) -> None:
        if progress is not None:
            progress(k, f"replication {task[0] + 1}, {task[1]}, {keys[task[2]]}")

    if jobs <= 1:
        rows, cost_rows = [], []
        for task in tasks:
            df, costs = run_district_parts(run, *task)
            rows.append(df)
            cost_rows.append(costs)
            told(len(rows), task)
    else:
        # the longest tasks (the minute-controlled arm's) first, so the cores end together
        order = sorted(range(len(tasks)), key=lambda i: (tasks[i][1] == "switched", tasks[i][1] == "phased"))
        runs = Parallel(n_jobs=jobs, return_as="generator")(
            delayed(run_district_parts)(run, *tasks[i]) for i in order
        )
        done = []
        for i, out in zip(order, runs, strict=True):
            done.append((i, out))
            told(len(done), tasks[i])
        ordered = [out for _, out in sorted(done, key=lambda x: x[0])]
        rows, cost_rows = [df for df, _ in ordered], [c for _, c in ordered]
    parts = [_with_municipality(rows[i : i + n]) for i in range(0, len(rows), n)]
    monthly = pd.concat(parts, ignore_index=True)
    return {
        "monthly": monthly,
        "summary": summarise(monthly),
        "payback": payback(run, monthly),
        "costs": (costs := component_costs(cost_rows)),
        "cost_bridge": transition_bridge(monthly, costs),
    }


def summarise(monthly: pd.DataFrame) -> pd.DataFrame:
    """Mean and 95% CI over replications of every (arm, month, district, metric)."""
    rows = []
    for (arm, month, district, metric), g in monthly.groupby(
        ["arm", "month", "district", "metric"], sort=False
    ):
        mean, lo, hi, n = mean_ci(g["value"])
        rows.append((arm, month, district, metric, mean, lo, hi, n))
    return pd.DataFrame(
        rows, columns=["arm", "month", "district", "metric", "mean", "ci_low", "ci_high", "n"]
    )


def payback(run: RunConfig, monthly: pd.DataFrame) -> pd.DataFrame:
    """Per replication: the transition cost (phased beyond switched, over each district's
    learning and run-on months) and the break-even month against staying (or none)."""
    t = run.transition
    cost = monthly[monthly["metric"] == "cost_sek"]
    wide = cost.pivot_table(index=["replication", "district", "month"], columns="arm", values="value")
    rows = []
    cal = calendar(run)
    days = plan_days(run)
    keys = list(run.scenario.districts)
    window = run_on_months(t)
    for r in sorted(monthly["replication"].unique()):
        row: dict[str, object] = {"replication": int(r)}
        if "switched" in wide:
            total = 0.0
            for d, day in days.items():
                start = cal.date(day)
                inside = {month_start(start, k).strftime("%Y-%m") for k in range(window)}
                w = wide.loc[(r, keys[d])]
                w = w[w.index.isin(inside)]
                total += float((w["phased"] - w["switched"]).sum())
            row["transition_cost_sek"] = total
        if "stay" in wide:
            diff = wide.loc[(r, "all")]
            cum = (diff["phased"] - diff["stay"]).cumsum()
            row["final_cumulative_sek"] = float(cum.iloc[-1])
            ahead = cum <= 0
            # the first month from which the phased arm's cumulative cost stays at or below
            later = ahead[::-1].cummin()[::-1]
            row["break_even_month"] = str(later.idxmax()) if later.any() else ""
        rows.append(row)
    return pd.DataFrame(rows)


def summary_lines(run: RunConfig, payback_table: pd.DataFrame) -> list[str]:
    """A few plain lines for the terminal: the plan, the transition cost and the break-even."""
    inside = switch_months(run)
    when = [f"{k} {inside[k]}" for k in run.scenario.districts if k in inside]
    lines = ["Switch plan: " + (", ".join(when) or "no district switches within the run")]
    late = [f"{k} {d:%Y-%m}" for k, d in planned_dates(run).items() if k not in inside]
    if late:
        lines.append("Planned after the run ends (not simulated): " + ", ".join(late))
    if "transition_cost_sek" in payback_table:
        mean, lo, hi, n = mean_ci(payback_table["transition_cost_sek"])
        ci = f"95% CI {lo / 1e6:.2f} to {hi / 1e6:.2f}, n={n}"
        lines.append(f"Transition cost: {mean / 1e6:.2f} MSEK ({ci})")
    if "break_even_month" in payback_table:
        found = payback_table["break_even_month"].replace("", np.nan).dropna()
        share = len(found) / max(1, len(payback_table))
        span = f"{found.min()} to {found.max()}" if len(found) else "not within the horizon"
        lines.append(f"Break-even against staying: {span} ({share:.0%} of replications pay back)")
    return lines
