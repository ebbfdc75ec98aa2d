"""The report's section on a unit's own plan: on paper, under simulated reality, and beside
the two delivery models.

The plan on paper is the plan audit (``plan_audit.csv``, :mod:`sim.data.audit`): figures
computed from the unit's files without simulating, one plan, so no interval. The replay arm
(``own_plan``) is the same plan meeting simulated reality — needs that stray from the granted
minutes, travel times that vary, absences — with a mean and 95% interval over replications,
as are both delivery models.
"""

from __future__ import annotations

import math

import pandas as pd

from sim.lang import fmt_bound, fmt_num, fmt_value, metric_label, tr
from sim.metrics.definitions import METRICS
from sim.plausibility import Flag
from sim.report.findings import value_ci
from sim.report.html import bullets, esc, section, table
from sim.tables import PLAN_METRICS, paper_figures
from sim.world.imported import REPLAY


def _unit(metric: str) -> str:
    return METRICS[metric].unit if metric in METRICS else ""


def _summary_rows(summary: pd.DataFrame) -> dict[tuple[str, str], dict]:
    return {(str(r["model"]), str(r["metric"])): r for r in summary.to_dict("records")}


def plan_table(
    summary: pd.DataFrame,
    paper: dict[str, float],
    arms: list[str],
    names: dict[str, str],
    flags: list[Flag],
    notes: dict[str, int],
    lang: str,
) -> str:
    """PLAN_METRICS: the plan on paper (a value), then each arm's mean and interval; flagged cells
    say so; a metric not measured gets its footnote number from ``notes``."""
    s = _summary_rows(summary)
    flagged = {(f.model, f.metric) for f in flags}
    na = esc(tr(lang, "na"))
    rows = []
    for m in PLAN_METRICS:
        unit = _unit(m)
        mark = f"<sup>{notes[m]}</sup>" if m in notes else ""
        p = paper.get(m, math.nan)
        row = [esc(metric_label(m, lang)), esc(fmt_value(p, unit, lang)) if math.isfinite(p) else na]
        for arm in arms:
            r = s.get((arm, m))
            if r is None or not math.isfinite(float(r["mean"])):
                row.append(na + mark)
                continue
            cell = value_ci(float(r["mean"]), float(r["ci_low"]), float(r["ci_high"]), unit, lang)
            if (arm, m) in flagged:
                cell += f'<br><span class="verdict-implausible">{esc(tr(lang, "verdict.implausible"))}</span>'
            row.append(cell)
        rows.append(row)
    cols = [tr(lang, "report.col.measure"), tr(lang, "report.plan.col.paper"), *(names[a] for a in arms)]
    return table(cols, rows, num_cols=tuple(range(1, 2 + len(arms))), raw=True)


def audit_counts(paper: dict[str, float], lang: str) -> list[str]:
    """The audit's own counts in plain words: short transitions, visits outside their planned
    caregiver's shifts, visits without a planned caregiver."""
    out = []
    short, moves = paper.get("short_transitions", math.nan), paper.get("transitions", math.nan)
    if math.isfinite(short):
        key = "report.plan.short_transitions" if short > 0 else "report.plan.short_transitions_none"
        share = fmt_value(short / moves, "share", lang) if moves and math.isfinite(moves) else tr(lang, "na")
        out.append(tr(lang, key, n=fmt_num(short, lang, 0), total=fmt_num(moves, lang, 0), share=share))
    outside = paper.get("planned_outside_shift", math.nan)
    if math.isfinite(outside):
        key = "report.plan.outside_shift" if outside > 0 else "report.plan.outside_shift_none"
        out.append(tr(lang, key, n=fmt_num(outside, lang, 0)))
    unplanned = paper.get("unplanned_visits", math.nan)
    if math.isfinite(unplanned):
        key = "report.plan.unplanned" if unplanned > 0 else "report.plan.unplanned_none"
        out.append(tr(lang, key, n=fmt_num(unplanned, lang, 0)))
    return out


def _against_paper(r: dict | None, p: float, flagged: bool, lang: str) -> str:
    """How the replayed figure stands against the paper one: more, less, not clearly different."""
    if flagged:
        return tr(lang, "replay.implausible")
    if r is None or not math.isfinite(p):
        return ""
    lo, hi = float(r["ci_low"]), float(r["ci_high"])
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return tr(lang, "replay.noci")
    if lo > p:
        return tr(lang, "replay.more")
    if hi < p:
        return tr(lang, "replay.less")
    return tr(lang, "replay.same")


def replay_findings(
    summary: pd.DataFrame, paper: dict[str, float], flags: list[Flag], lang: str
) -> list[str]:
    """What simulated reality does to the unit's plan, each figure against the plan on paper."""
    s = _summary_rows(summary)
    flagged = {f.metric for f in flags if f.model == REPLAY}

    def fig(metric: str, suffix: str) -> dict[str, str]:
        r = s.get((REPLAY, metric))
        unit, p = _unit(metric), paper.get(metric, math.nan)
        if r is None or not math.isfinite(float(r["mean"])):
            return {}
        lo, hi = float(r["ci_low"]), float(r["ci_high"])
        between = ""
        if math.isfinite(lo) and math.isfinite(hi):
            lo, hi = max(0.0, lo), min(1.0, hi) if unit == "share" else hi
            between = " " + tr(
                lang, "report.between", lo=fmt_bound(lo, unit, lang), hi=fmt_bound(hi, unit, lang)
            )
        return {
            f"p{suffix}": fmt_value(p, unit, lang),
            f"s{suffix}": fmt_value(float(r["mean"]), unit, lang) + between,
            f"v{suffix}": _against_paper(r, p, metric in flagged, lang),
        }

    out = []
    care, travel = fig("care_time_share", "c"), fig("travel_time_share", "t")
    if care and travel:
        out.append(tr(lang, "replay.time", **care, **travel))
    for metric, key in (
        ("overtime_min_per_shift", "replay.overtime"),
        ("late_visit_share", "replay.late"),
        ("plan_kept_caregiver_share", "replay.kept_caregiver"),
        ("plan_kept_time_share", "replay.kept_time"),
    ):
        values = fig(metric, "")
        if values:
            out.append(tr(lang, key, **values))
    return out


def plan_section(
    t: dict[str, pd.DataFrame],
    models: list[str],
    names: dict[str, str],
    flags: list[Flag],
    notes: dict[str, int],
    lang: str,
) -> str:
    """The section on a unit's own plan (empty without a plan audit): the replay first when the
    run has it, then the delivery models."""
    paper = paper_figures(t.get("plan_audit", pd.DataFrame()))
    summary = t.get("summary", pd.DataFrame())
    if not paper or summary.empty:
        return ""
    arms = ([REPLAY] if REPLAY in models else []) + [m for m in models if m != REPLAY]
    parts = [
        section(tr(lang, "report.plan.h"), tr(lang, "report.plan.intro")),
        plan_table(summary, paper, arms, names, flags, notes, lang),
        f"<h3>{esc(tr(lang, 'report.plan.counts.h'))}</h3>",
        bullets(audit_counts(paper, lang)),
    ]
    found = replay_findings(summary, paper, flags, lang)
    if found:
        parts += [f"<h3>{esc(tr(lang, 'report.plan.replay.h'))}</h3>", bullets(found)]
    return "\n".join(parts)
