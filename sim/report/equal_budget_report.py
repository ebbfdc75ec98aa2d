"""The council's page on equal budget: what each model delivers for the same money, or what
each costs for the same quality — in English or Swedish (issue 12.3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from sim.config.schema import RunConfig
from sim.equal_budget import EqualBudget, Search, wide_ci
from sim.io import write_atomic
from sim.lang import check_lang, fmt_num, metric_label, model_phrase, tr
from sim.plots.bridge import plot_cost_bridge
from sim.plots.common import labels_for
from sim.plots.equal_budget import plot_search
from sim.report.bridge import bridge_parts, has_bridge, headline
from sim.report.findings import headline_findings, in_short
from sim.report.html import bullets, esc, figure, header, page, section, table, write_page
from sim.report.run_report import footer, run_info


def _pct(x: float, lang: str) -> str:
    return f"{'+' if x > 0 else ''}{fmt_num(100 * x, lang, 1)} %"


def search_sentence(run: RunConfig, s: Search, names: dict[str, str], lang: str) -> str:
    """One sentence on a search's outcome, in the report's language."""
    e = run.equal_budget
    b = s.best
    assert b is not None
    args = {
        "model": names.get(s.model, s.model),
        "ref": names.get(e.reference, e.reference),
        "factor": fmt_num(b.factor, lang, 3),
        "gap": _pct(b.rel_gap, lang),
        "lo": _pct(b.ci_low / b.scale, lang),
        "hi": _pct(b.ci_high / b.scale, lang),
        "n": len(s.evaluations),
        "tol": fmt_num(100 * e.tolerance, lang, 1),
        "metric": metric_label(e.quality_metric, lang).lower(),
        "target": fmt_num(e.quality_target, lang),
        "lo_end": fmt_num(e.bracket[0], lang),
        "hi_end": fmt_num(e.bracket[1], lang),
    }
    goal = "cost" if e.goal == "equal_cost" else "quality"
    text = tr(lang, f"eb.{goal}.{s.status}", **args)
    if s.found and wide_ci(b, e.tolerance):
        text += " " + tr(lang, "eb.wide_ci", tol=args["tol"])
    return text[:1].upper() + text[1:]


def _evaluation_rows(evaluations: pd.DataFrame, names: dict[str, str], lang: str) -> list[list[str]]:
    rows = []
    for _, r in evaluations.iterrows():
        scale = r["gap"] / r["rel_gap"] if r["rel_gap"] else float("nan")
        rows.append(
            [
                names.get(str(r["model"]), str(r["model"])),
                str(int(r["evaluation"])),
                fmt_num(float(r["capacity_factor"]), lang, 3),
                fmt_num(float(r["value"]), lang),
                _pct(float(r["rel_gap"]), lang),
                f"{_pct(r['gap_ci_low'] / scale, lang)} … {_pct(r['gap_ci_high'] / scale, lang)}",
                "✓" if r["chosen"] else "",
            ]
        )
    return rows


def _bridge_intro(run: RunConfig, out: EqualBudget, names: dict[str, str], lang: str) -> str:
    e = run.equal_budget
    if e.goal == "equal_cost":
        factor = fmt_num(out.levels.get(e.model, float("nan")), lang, 3)
        return tr(lang, "eb.bridge.intro", factor=factor, model=names.get(e.model, e.model))
    return tr(lang, "eb.bridge.intro_quality")


def build_equal_budget_html(run: RunConfig, out: EqualBudget, plots_dir: Path, lang: str, info: dict) -> str:
    """The report page of an equal-budget run."""
    e = run.equal_budget
    models = list(run.compare) if e.goal == "quality" else [e.reference, e.model]
    names = labels_for(models, lang, {m: run.models[m].label for m in models})
    phrases = {m: model_phrase(m, lang, names[m]) for m in models}
    searches, summary, comparison, evaluations = out.searches, out.summary, out.comparison, out.evaluations
    goal = "cost" if e.goal == "equal_cost" else "quality"
    title = tr(lang, f"eb.{goal}.title", ref=phrases[models[0]], model=phrases[models[-1]])
    parts = [header(title, tr(lang, "report.subtitle", scenario=run.scenario.name, date=dt.date.today()))]
    short = [search_sentence(run, s, phrases, lang) for s in searches]
    findings = []
    if len(models) == 2 and not comparison.empty and all(s.found for s in searches):
        findings = headline_findings(summary, comparison, models, phrases, lang)
        short.append(tr(lang, f"eb.{goal}.then", model=phrases[models[1]], ref=phrases[models[0]]))
        short += in_short(findings, phrases, models[1], lang)
    bridged = {**names, f"{models[-1]}:phrase": phrases[models[-1]]}
    bridge = (
        out.cost_bridge if len(models) == 2 and has_bridge(out.cost_bridge, models[1]) else pd.DataFrame()
    )
    if findings and not bridge.empty:
        short.append(headline(bridge, models[0], models[1], bridged, lang))
    parts += [section(tr(lang, "report.short.h")), bullets(short, "short")]
    parts.append(
        section(tr(lang, "eb.search.h"), tr(lang, "eb.search.intro", tol=fmt_num(100 * e.tolerance, lang, 1)))
    )
    parts.append(
        figure(plots_dir / "equal_budget_search.png", tr(lang, "eb.plot.title"), tr(lang, "eb.plot.caption"))
    )
    cols = [
        tr(lang, f"eb.col.{c}") for c in ("model", "evaluation", "factor", "value", "gap", "ci", "chosen")
    ]
    parts.append(table(cols, _evaluation_rows(evaluations, names, lang), num_cols=(1, 2, 3, 4, 5)))
    if findings:
        a, b = models
        parts.append(section(tr(lang, f"eb.{goal}.delivers.h"), tr(lang, f"eb.{goal}.delivers.intro")))
        parts += [f'<p class="finding"><strong>{esc(f.label)}.</strong> {esc(f.text)}</p>' for f in findings]
        cols = [tr(lang, "report.col.measure"), names[a], names[b]]
        cols += [tr(lang, "report.col.diff", b=names[b], a=names[a]), tr(lang, "report.col.verdict")]
        parts.append(table(cols, [f.cells for f in findings], num_cols=(1, 2, 3), raw=True))
    if not bridge.empty:  # where the remaining cost difference comes from (issue 25)
        png = plots_dir / "equal_budget_cost_bridge.png"
        parts += bridge_parts(
            bridge, models[0], models[1], bridged, lang, png, _bridge_intro(run, out, names, lang)
        )
    caveats = [
        tr(lang, "eb.caveat.steps"),
        tr(lang, "eb.caveat.same_rule"),
        tr(lang, "eb.caveat.reps", n=run.replications),
    ]
    parts += [section(tr(lang, "report.caveats.h")), bullets(caveats)]
    parts.append(footer(info, "python -m sim +experiment=equal_budget …", lang))
    return page(lang, title, "\n".join(p for p in parts if p))


def write_equal_budget_report(
    run_dir: Path, out: EqualBudget, run: RunConfig, lang: str | None = None
) -> Path:
    """Write ``run_dir/plots/equal_budget_search.*`` and ``run_dir/report.html``."""
    lang = check_lang(lang or run.report.lang)
    plot_search(out.evaluations, run.equal_budget.tolerance, run_dir / "plots", lang)
    e = run.equal_budget
    models = list(run.compare) if e.goal == "quality" else [e.reference, e.model]
    if len(models) == 2 and has_bridge(out.cost_bridge, models[1]):
        names = labels_for(models, lang, {m: run.models[m].label for m in models})
        plot_cost_bridge(
            out.cost_bridge, models[0], models[1], run_dir / "plots", lang, names, "equal_budget_cost_bridge"
        )
    text = build_equal_budget_html(run, out, run_dir / "plots", lang, run_info(run_dir))
    path = run_dir / "report.html"
    write_atomic(path, lambda p: write_page(p, text))
    return path
