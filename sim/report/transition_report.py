"""The council's page on a phased transition: what the switch costs, when it pays back, and
what it changes — in English or Swedish (issue 11.4)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from sim.config.fields import iter_fields
from sim.config.schema import RunConfig
from sim.io import write_atomic
from sim.lang import check_lang, fmt_num, metric_label, tr
from sim.plots.bridge import plot_cost_bridge
from sim.plots.transition import ARM_COLOURS
from sim.report.assumptions import fmt_param, meaning, source_cell
from sim.report.bridge import bridge_parts, has_bridge, headline
from sim.report.html import bullets, esc, figure, header, page, section, table, write_page
from sim.report.run_report import footer, run_info
from sim.stats import mean_ci
from sim.transition import planned_dates, run_on_months
from sim.transition_costs import transition_bridge

# what the end state is compared on (municipality, last full month)
END_STATE = (
    "cost_per_client_month_sek",
    "staff_per_client_14d",
    "unmet_need_min_per_client_week",
    "overtime_min_per_shift",
    "sick_leave_rate",
    "care_time_share",
)


def _arm_names(lang: str) -> dict[str, str]:
    """The two arms the bridge compares, as a table names them and (``:phrase``) in a sentence."""
    out = {arm: tr(lang, f"transition.arm.{arm}") for arm in ("stay", "switched")}
    return {**out, "switched:phrase": tr(lang, "transition.bridge.switched")}


def _bridge(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The bridge of a transition's tables: kept, or from the costs per component."""
    if "cost_bridge" in tables and not tables["cost_bridge"].empty:
        return tables["cost_bridge"]
    costs = tables.get("costs", pd.DataFrame())
    return transition_bridge(tables["monthly"], costs) if not costs.empty else pd.DataFrame()


def _kr(x: float, lang: str) -> str:
    return f"{fmt_num(x / 1e6, lang, 2)} {tr(lang, 'transition.msek')}"


def _last_full_month(monthly: pd.DataFrame) -> str:
    cm = monthly[(monthly["metric"] == "client_months") & (monthly["district"] == "all")]
    per = cm.groupby("month")["value"].mean()
    full = per[per >= 0.9 * per.max()]
    return str(full.index.max())


def in_short(run: RunConfig, tables: dict[str, pd.DataFrame], marks: dict[str, str], lang: str) -> list[str]:
    """The few sentences a council reads first."""
    t = run.transition
    pay, monthly, summary = tables["payback"], tables["monthly"], tables["summary"]
    months = sorted(marks.values())
    out = [
        tr(
            lang,
            "transition.short.plan",
            n=len(marks),
            first=months[0] if months else "-",
            last=months[-1] if months else "-",
            weeks=round(t.training_days / 7),
        )
    ]
    if "transition_cost_sek" in pay:
        mean, lo, hi, _ = mean_ci(pay["transition_cost_sek"])
        window = run_on_months(t)
        # one replication gives no interval: say the figure alone
        key = "transition.short.cost" if np.isfinite(lo) else "transition.short.cost_one"
        out.append(tr(lang, key, lo=_kr(lo, lang), hi=_kr(hi, lang), mean=_kr(mean, lang), months=window))
    if "break_even_month" in pay:
        found = pay["break_even_month"].replace("", np.nan).dropna()
        if len(found) == len(pay):
            span = found.min() if found.min() == found.max() else f"{found.min()}–{found.max()}"
            out.append(tr(lang, "transition.short.payback", when=span))
        else:
            mean, lo, hi, _ = mean_ci(pay["final_cumulative_sek"])
            out.append(
                tr(
                    lang,
                    "transition.short.no_payback",
                    share=fmt_num(100 * len(found) / max(1, len(pay)), lang, 0),
                    mean=_kr(mean, lang),
                    lo=_kr(lo, lang),
                    hi=_kr(hi, lang),
                )
            )
    if {"stay", "phased"} <= set(summary["arm"]):
        month = _last_full_month(monthly)
        out.append(tr(lang, "transition.short.end", month=month))
    bridge = _bridge(tables)
    if has_bridge(bridge, "switched"):
        out.append(headline(bridge, "stay", "switched", _arm_names(lang), lang))
    return out


def _end_rows(tables: dict[str, pd.DataFrame], lang: str) -> list[list[str]]:
    monthly = tables["monthly"]
    month = _last_full_month(monthly)
    m = monthly[(monthly["district"] == "all") & (monthly["month"] == month)]
    rows = []
    for metric in END_STATE:
        wide = m[m["metric"] == metric].pivot_table(index="replication", columns="arm", values="value")
        cells = [metric_label(metric, lang)]
        for arm in ("stay", "phased", "switched"):
            cells.append(fmt_num(float(wide[arm].mean()), lang) if arm in wide else tr(lang, "na"))
        if {"stay", "phased"} <= set(wide.columns):
            mean, lo, hi, _ = mean_ci((wide["phased"] - wide["stay"]).to_numpy())
            cells.append(f"{fmt_num(mean, lang)} [{fmt_num(lo, lang)}, {fmt_num(hi, lang)}]")
        else:
            cells.append(tr(lang, "na"))
        rows.append(cells)
    return rows


def _assumption_rows(run: RunConfig, lang: str) -> list[list[str]]:
    rows = []
    for key, value, meta in iter_fields(run.transition, "transition."):
        if meta.get("source", "-") == "-":
            continue
        rows.append(
            [
                f"<code>{esc(key)}</code>",
                esc(fmt_param(value, lang)),
                esc(meta.get("unit", "")),
                esc(meaning(key, meta, lang)),
                source_cell(meta, lang),
            ]
        )
    return rows


def build_transition_html(
    run: RunConfig,
    tables: dict[str, pd.DataFrame],
    marks: dict[str, str],
    plots_dir: Path,
    lang: str,
    info: dict,
    run_dir: Path,
) -> str:
    """The report page of a transition run."""
    title = tr(lang, "transition.report.title")
    parts = [header(title, tr(lang, "report.subtitle", scenario=run.scenario.name, date=dt.date.today()))]
    parts += [section(tr(lang, "report.short.h")), bullets(in_short(run, tables, marks, lang), "short")]
    parts.append(section(tr(lang, "transition.plan.h"), tr(lang, "transition.plan.intro")))
    dates = planned_dates(run)
    plan_rows = [
        [k, f"{dates[k]:%Y-%m-%d}" if k in marks else tr(lang, "transition.not_in_run")]
        for k in run.scenario.districts
    ]
    parts.append(table([tr(lang, "transition.col.district"), tr(lang, "transition.col.month")], plan_rows))
    parts.append(section(tr(lang, "transition.months.h"), tr(lang, "transition.months.intro")))
    png = plots_dir / "transition_all.png"
    parts.append(figure(png, tr(lang, "transition.title", district=""), tr(lang, "transition.fig.caption")))
    month = _last_full_month(tables["monthly"])
    parts.append(section(tr(lang, "transition.end.h", month=month), tr(lang, "transition.end.intro")))
    cols = [tr(lang, "report.col.measure")] + [
        tr(lang, f"transition.arm.{a}") for a in ("stay", "phased", "switched")
    ]
    cols.append(tr(lang, "transition.col.diff"))
    parts.append(table(cols, _end_rows(tables, lang), num_cols=(1, 2, 3, 4)))
    bridge = _bridge(tables)
    n_months = tables["monthly"]["month"].nunique()
    intro = tr(
        lang,
        "transition.bridge.intro",
        months=n_months,
        stay=tr(lang, "transition.bridge.stay"),
        switched=tr(lang, "transition.bridge.switched"),
    )
    png = plots_dir / "transition_cost_bridge.png"
    parts += bridge_parts(bridge, "stay", "switched", _arm_names(lang), lang, png, intro)
    parts.append(section(tr(lang, "report.assumptions.h"), tr(lang, "transition.assumptions.intro")))
    acols = [tr(lang, f"report.col.{c}") for c in ("parameter", "value", "unit", "meaning", "source")]
    parts.append(table(acols, _assumption_rows(run, lang), num_cols=(1,), raw=True))
    caveats = [tr(lang, "transition.caveat.reps", n=run.replications), tr(lang, "transition.caveat.months")]
    parts += [section(tr(lang, "report.caveats.h")), bullets(caveats)]
    parts.append(
        footer(info, f"python -m sim +experiment=phased_transition … (config.yaml in {run_dir})", lang)
    )
    return page(lang, title, "\n".join(p for p in parts if p))


def write_transition_report(
    run_dir: Path,
    tables: dict[str, pd.DataFrame],
    run: RunConfig,
    marks: dict[str, str],
    lang: str | None = None,
) -> Path:
    """Write ``run_dir/report.html`` for a transition run whose plots are in ``run_dir/plots``."""
    lang = check_lang(lang or run.report.lang)
    bridge = _bridge(tables)
    if has_bridge(bridge, "switched"):
        names = _arm_names(lang)
        plot_cost_bridge(
            bridge, "stay", "switched", run_dir / "plots", lang, names, "transition_cost_bridge", ARM_COLOURS
        )
    text = build_transition_html(run, tables, marks, run_dir / "plots", lang, run_info(run_dir), run_dir)
    out = run_dir / "report.html"
    write_atomic(out, lambda p: write_page(p, text))
    return out
