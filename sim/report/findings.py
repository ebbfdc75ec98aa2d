"""The report's key findings in plain words, each with its uncertainty.

A difference is *clear* when its paired 95% interval excludes 0; otherwise the text
says the simulation cannot tell the models apart on that measure. A measure whose figure is
implausible (:mod:`sim.report.plausible`) gets no verdict: the text points at the input.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from sim.lang import fmt_bound, fmt_diff, fmt_value, metric_label, tr
from sim.metrics.definitions import HEADLINE, METRICS
from sim.plots.headline import verdict
from sim.report.html import esc


@dataclass
class Finding:
    """One headline metric: its verdict, a sentence, and the cells of the findings table."""

    metric: str
    verdict: str  # better | worse | different | unclear | implausible | missing
    label: str
    text: str
    cells: list[str]  # HTML: measure, each model's value and CI, the difference and its CI, the verdict
    diff_text: str = ""  # the difference and its CI as plain text


def _unit(metric: str) -> str:
    return METRICS[metric].unit if metric in METRICS else ""


def value_ci(mean: float, lo: float, hi: float, unit: str, lang: str) -> str:
    """``12.3`` and, below it, ``(between 11.0 and 13.6)`` as HTML; bounds clipped to the metric's
    range (every metric is ≥ 0, shares ≤ 100%)."""
    text = esc(fmt_value(mean, unit, lang))
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return text
    lo, hi = max(0.0, lo), min(1.0, hi) if unit == "share" else hi
    ci = tr(lang, "report.between", lo=fmt_bound(lo, unit, lang), hi=fmt_bound(hi, unit, lang))
    return f'{text}<br><span class="muted">{esc(ci)}</span>'


def _rows(summary: pd.DataFrame, comparison: pd.DataFrame, other: str) -> tuple[dict, dict]:
    s = {(str(r["model"]), str(r["metric"])): r for r in summary.to_dict("records")}
    c = comparison
    if "model" in c:
        c = c[c["model"] == other]
    return s, {str(r["metric"]): r for r in c.to_dict("records")}


def headline_findings(
    summary: pd.DataFrame,
    comparison: pd.DataFrame,
    models: list[str],
    names: dict[str, str],
    lang: str,
    metrics: tuple[str, ...] = HEADLINE,
    flagged: set[str] | frozenset[str] = frozenset(),
    reasons: dict[str, str] | None = None,
) -> list[Finding]:
    """A finding per headline metric for the first two models (``models[1] − models[0]``).

    ``names`` are the models as named inside a sentence; ``flagged`` metrics have an implausible
    figure (no verdict); ``reasons`` say why a metric is not measured (metric -> reason).
    """
    a, b = models[0], models[1]
    s, c = _rows(summary, comparison, b)
    na = esc(tr(lang, "na"))
    out = []
    for m in metrics:
        unit, label = _unit(m), metric_label(m, lang)
        ra, rb, d = s.get((a, m)), s.get((b, m)), c.get(m)
        if ra is None or rb is None or d is None or not math.isfinite(d["diff_mean"]):
            if reasons and m in reasons:
                text = tr(lang, "finding.missing_reason", reason=reasons[m])
            else:
                text = tr(lang, "finding.missing")
                if m.startswith("staff_per_client"):
                    text += " " + tr(lang, "finding.missing_continuity")
            out.append(Finding(m, "missing", label, text, [esc(label), na, na, na, ""]))
            continue
        v = "implausible" if m in flagged else verdict(m, d["diff_mean"], d["ci_low"], d["ci_high"])
        diff, lo, hi = (
            fmt_diff(d[k], unit, lang, bare=k != "diff_mean") for k in ("diff_mean", "ci_low", "ci_high")
        )
        between = tr(lang, "report.between", lo=lo, hi=hi) if math.isfinite(d["ci_low"]) else ""
        args = {
            "a": names[a],
            "b": names[b],
            "diff": diff,
            "lo_hi": between,
            "va": fmt_value(ra["mean"], unit, lang),
            "vb": fmt_value(rb["mean"], unit, lang),
        }
        if v == "implausible":
            text = tr(lang, "finding.implausible", **args)
        elif not between:
            text = tr(lang, "finding.noci", **args)
        elif d["ci_low"] == d["ci_high"] == d["diff_mean"] == 0:
            text = tr(lang, "finding.same", **args)
        elif v == "unclear":
            text = tr(lang, "finding.unclear", **args)
        else:
            text = tr(lang, "finding.clear", **args, verdict=tr(lang, f"finding.verdict.{v}", b=names[b]))
        cells = [
            esc(label),
            value_ci(ra["mean"], ra["ci_low"], ra["ci_high"], unit, lang),
            value_ci(rb["mean"], rb["ci_low"], rb["ci_high"], unit, lang),
            esc(diff) + (f'<br><span class="muted">{esc(between)}</span>' if between else ""),
            f'<span class="verdict-{v}">{esc(tr(lang, f"verdict.{v}"))}</span>',
        ]
        out.append(Finding(m, v, label, text, cells, diff + (" " + between if between else "")))
    return out


def in_short(findings: list[Finding], names: dict[str, str], b: str, lang: str) -> list[str]:
    """Bullet points: how many measures are better/worse/unclear, which ones, and the cost."""
    count = {v: sum(f.verdict == v for f in findings) for v in ("better", "worse", "different", "unclear")}
    measured = sum(count.values())
    bullets = [tr(lang, "report.short.count", n=measured, b=names[b], **count)]
    for v in ("better", "worse", "implausible"):
        items = [f.label[:1].lower() + f.label[1:] for f in findings if f.verdict == v]
        if items:
            bullets.append(tr(lang, f"report.short.{v}", b=names[b], items="; ".join(items)))
    cost = next((f for f in findings if f.metric == "cost_per_client_month_sek"), None)
    if cost is not None and cost.verdict not in ("missing", "implausible"):
        key = "report.short.cost_unclear" if cost.verdict == "unclear" else "report.short.cost"
        bullets.append(tr(lang, key, b=names[b], diff=cost.diff_text))
    return bullets
