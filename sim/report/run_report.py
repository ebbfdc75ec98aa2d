"""``report.html`` of one run: what was compared, the findings with their uncertainty, what
drives them, a day in the life, the assumptions and the caveats — in English or Swedish. For a
unit's own data also its plan on paper, replayed, and beside both delivery models."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pandas as pd

from sim.config.schema import RunConfig
from sim.experiment import Results
from sim.io import DONE_MARKER, git_commit, package_version, write_atomic
from sim.lang import check_lang, fmt_num, metric_label, model_phrase, tr
from sim.metrics.definitions import HEADLINE
from sim.metrics.na import na_texts
from sim.plausibility import flag_text, plausibility_flags
from sim.plots.common import labels_for
from sim.plots.run import as_tables, n_clients, plot_run, run_bridge
from sim.report.assumptions import model_rows, scenario_rows
from sim.report.bridge import bridge_parts, has_bridge, headline
from sim.report.drivers import drivers
from sim.report.facts import staff_positions
from sim.report.findings import Finding, headline_findings, in_short
from sim.report.html import (
    breakable_code,
    bullets,
    esc,
    figure,
    header,
    model_span,
    page,
    section,
    table,
    write_page,
)
from sim.report.plan import plan_section
from sim.report.plausible import flagged_metrics
from sim.report.robustness import robustness_lines
from sim.report.unit import UNIT_ASSUMPTIONS, imported_text, period_caveats, winter_note
from sim.tables import PLAN_METRICS, paper_figures
from sim.world.imported import REPLAY

FIGURE_OF_SECTION = {"continuity": "continuity", "time": "time_use", "stress": "stress", "cost": "costs"}


def _png(plots: dict[str, list[Path]], name: str) -> Path | None:
    return next((p for p in plots.get(name, []) if p.suffix == ".png"), None)


def run_info(run_dir: Path) -> dict:
    """The run's provenance (run_info.json), or this installation's version and commit."""
    p = run_dir / DONE_MARKER
    if p.exists():
        try:
            return dict(json.loads(p.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            pass
    return {"version": package_version(), "git_commit": git_commit()}


def delivery_models(models: list[str]) -> list[str]:
    """The delivery models of a run: every arm but a unit's replayed plan (not a delivery model)."""
    return [m for m in models if m != REPLAY] or list(models)


def _setup_rows(t: dict[str, pd.DataFrame], run: RunConfig, lang: str) -> list[list[str]]:
    sc = run.scenario
    imported = run.data.dir is not None
    start = dt.date.fromisoformat(sc.start_date)
    end = start + dt.timedelta(days=run.horizon_days - 1)
    reps = (
        t["metrics"]["replication"].nunique()
        if "metrics" in t and not t["metrics"].empty
        else run.replications
    )
    districts = ", ".join((d.label or k) for k, d in sc.districts.items())
    rows = [
        [
            tr(lang, "report.setup.scenario"),
            f"{sc.name}" + (f" — {sc.description}" if sc.description else ""),
        ],
        [tr(lang, "report.setup.unit" if imported else "report.setup.districts"), districts],
        [tr(lang, "report.setup.clients"), fmt_num(n_clients(run), lang, 0)],
    ]
    pos = staff_positions(t)
    if math.isfinite(pos):
        key = "report.setup.staff_unit_value" if imported else "report.setup.staff_value"
        rows.append([tr(lang, "report.setup.staff"), tr(lang, key, n=fmt_num(pos, lang, 0))])
    days = (
        tr(lang, "report.setup.days_value_one", start=start.isoformat())
        if run.horizon_days == 1
        else tr(
            lang,
            "report.setup.days_value",
            days=run.horizon_days,
            start=start.isoformat(),
            end=end.isoformat(),
        )
    )
    rows += [
        [tr(lang, "report.setup.days"), days],
        [tr(lang, "report.setup.warmup"), tr(lang, "report.setup.warmup_value", days=run.warmup_days)],
        [tr(lang, "report.setup.reps"), tr(lang, "report.setup.reps_value", n=reps)],
        [tr(lang, "report.setup.seed"), str(run.seed)],
    ]
    if imported:  # a unit's own data: what came from the files, what was assumed
        rows += [
            [tr(lang, "report.setup.imported"), imported_text(run, lang)],
            [tr(lang, "report.setup.assumed"), tr(lang, "report.setup.assumed_value")],
        ]
    return rows


def caveats(run: RunConfig, reps: int, lang: str) -> list[str]:
    """The honest limits of a run's conclusions."""
    out = [
        tr(lang, "caveat.model"),
        tr(lang, "caveat.crn"),
        tr(lang, "caveat.assumed"),
        tr(lang, "caveat.not_modelled"),
    ]
    if run.data.dir is not None:
        out.append(tr(lang, "caveat.unit_plan"))
    out += period_caveats(run, lang)
    if reps < 5:
        out.append(tr(lang, "caveat.reps", n=reps))
    return out


def _footnoted(findings: list[Finding], notes: dict[str, int], lang: str) -> None:
    """Mark the n/a cells of measures not measured with their footnote number."""
    na = esc(tr(lang, "na"))
    for f in findings:
        if f.verdict == "missing" and f.metric in notes:
            f.cells = [c + f"<sup>{notes[f.metric]}</sup>" if c == na else c for c in f.cells]


def _footnotes(metrics: list[str], notes: dict[str, int], reasons: dict[str, str], lang: str) -> str:
    items = [
        f"<sup>{notes[m]}</sup> {esc(metric_label(m, lang))}: {esc(reasons[m])}"
        for m in metrics
        if m in notes
    ]
    return f'<p class="muted">{"<br>".join(items)}</p>' if items else ""


def _warnings(lines: list[str], lang: str) -> str:
    if not lines:
        return ""
    items = "".join(f"<li>{esc(x)}</li>" for x in lines)
    head = f"<strong>{esc(tr(lang, 'plaus.h'))}</strong> {esc(tr(lang, 'plaus.intro'))}"
    return f'<div class="warning">{head}<ul>{items}</ul></div>'


def _short(
    t: dict[str, pd.DataFrame],
    run: RunConfig,
    pair: tuple[str, str],
    phrases: dict[str, str],
    findings: list[Finding],
    reps: int,
    lang: str,
    bridge_line: str = "",
) -> list[str]:
    a, b = pair
    if run.data.dir is None:
        setup = tr(
            lang,
            "report.short.setup",
            a=phrases[a],
            b=phrases[b],
            clients=n_clients(run),
            days=run.horizon_days,
            reps=reps,
        )
    else:
        period = (
            tr(lang, "report.short.one_day")
            if run.horizon_days == 1
            else tr(lang, "report.short.days", days=run.horizon_days)
        )
        unit = ", ".join((d.label or k) for k, d in run.scenario.districts.items())
        setup = tr(
            lang,
            "report.short.setup_unit",
            a=phrases[a],
            b=phrases[b],
            unit=unit,
            clients=n_clients(run),
            period=period,
            reps=reps,
        )
    short = [setup]
    if findings:
        short += in_short(findings, phrases, b, lang)
    if bridge_line:
        short.append(bridge_line)
    if REPLAY in run.compare and "plan_audit" in t:
        short.append(tr(lang, "report.short.replay"))
    return short


def build_run_html(
    t: dict[str, pd.DataFrame],
    run: RunConfig,
    plots: dict[str, list[Path]],
    lang: str,
    info: dict,
    run_dir: Path,
) -> str:
    """The report page of a run (``plots`` as returned by :func:`sim.plots.run.plot_run`).

    The first sentence and the findings compare the two delivery models; a unit's replayed plan
    (``own_plan``) gets its own section beside the plan on paper (:mod:`sim.report.plan`)."""
    models = list(run.compare)
    names = labels_for(models, lang, {m: run.models[m].label for m in models})
    phrases = {m: model_phrase(m, lang, names[m]) for m in models}
    delivery = delivery_models(models)
    a, b = delivery[0], delivery[-1]
    pair = delivery[:2] if len(delivery) >= 2 else delivery
    metrics = t.get("metrics", pd.DataFrame())
    summary, comparison = t.get("summary", pd.DataFrame()), t.get("comparison", pd.DataFrame())
    reps = int(metrics["replication"].nunique()) if not metrics.empty else 0
    paper = paper_figures(t.get("plan_audit", pd.DataFrame()))
    flags = plausibility_flags(summary, run, paper or None) if not summary.empty else []
    reasons = na_texts(run, summary, lang) if not summary.empty else {}
    shown = [*HEADLINE, *(m for m in PLAN_METRICS if paper and m not in HEADLINE)]
    notes = {m: i + 1 for i, m in enumerate(m for m in shown if m in reasons)}
    title = tr(lang, "report.title_run")
    today = dt.date.today()
    parts = [header(title, tr(lang, "report.subtitle", scenario=run.scenario.name, date=today))]
    two = len(pair) == 2 and not comparison.empty
    findings = (
        headline_findings(
            summary, comparison, pair, phrases, lang, flagged=flagged_metrics(flags, pair), reasons=reasons
        )
        if two
        else []
    )
    _footnoted(findings, notes, lang)
    # where the cost difference comes from: the delivery models' cost bridge (issue 25)
    bridge = run_bridge(t, run)[0] if two else pd.DataFrame()
    bridged = {**names, f"{pair[-1]}:phrase": phrases[pair[-1]]}
    line = headline(bridge, a, pair[1], bridged, lang) if two and has_bridge(bridge, pair[1]) else ""
    parts += [
        section(tr(lang, "report.short.h")),
        bullets(_short(t, run, (a, b), phrases, findings, reps, lang, line), "short"),
    ]
    # what was compared
    parts.append(section(tr(lang, "report.compared.h")))
    for m in models:
        key = f"model.{m}.plain" if m in ("minute", "trust", REPLAY) else "model.other.plain"
        parts.append(f"<p>{model_span(m, names[m])}: {esc(tr(lang, key))}</p>")
    parts.append(
        table([tr(lang, "report.col.what"), tr(lang, "report.col.value")], _setup_rows(t, run, lang))
    )
    if "visits" not in t:
        parts.append(f'<p class="muted">{esc(tr(lang, "report.noevents"))}</p>')
    # findings, with the implausible figures first
    parts.append(section(tr(lang, "report.findings.h"), tr(lang, "report.findings.intro")))
    parts.append(_warnings([flag_text(f, run, names, lang) for f in flags], lang))
    parts += [f'<p class="finding"><strong>{esc(f.label)}.</strong> {esc(f.text)}</p>' for f in findings]
    if findings:
        cols = [tr(lang, "report.col.measure"), names[a], names[pair[1]]]
        cols += [tr(lang, "report.col.diff", b=names[pair[1]], a=names[a]), tr(lang, "report.col.verdict")]
        parts.append(table(cols, [f.cells for f in findings], num_cols=(1, 2, 3), raw=True))
        parts.append(_footnotes(list(HEADLINE), notes, reasons, lang))
        quoted = robustness_lines(run, [f.metric for f in findings], {"a": phrases[a], "b": phrases[b]}, lang)
        parts += [f"<h3>{esc(tr(lang, 'sa.run.h'))}</h3>", bullets(quoted)]
    parts.append(
        figure(_png(plots, "headline"), tr(lang, "plot.headline.title"), tr(lang, "report.fig.headline"))
    )
    caption = tr(lang, "report.fig.differences", a=names[a])
    parts.append(figure(_png(plots, "differences"), tr(lang, "plot.relative.title"), caption))
    # a unit's own plan: on paper, replayed, and beside both models
    plan = plan_section(t, models, names, flags, notes, lang)
    if plan:
        parts += [plan, _footnotes(list(PLAN_METRICS), notes, reasons, lang)]
    # what drives them
    if two:
        parts.append(section(tr(lang, "report.drivers.h"), tr(lang, "report.drivers.intro")))
        for key, heading, text in drivers(t, run, phrases, lang):
            parts.append(f"<h3>{esc(heading)}</h3><p>{esc(text)}</p>")
            fig = FIGURE_OF_SECTION.get(key)
            if fig:
                parts.append(figure(_png(plots, fig), heading, tr(lang, f"report.fig.{fig}")))
        parts += bridge_parts(bridge, a, pair[1], bridged, lang, _png(plots, "cost_bridge"))
    else:  # one model: its figures without the comparison's explanations
        parts.append(section(tr(lang, "report.figures.h")))
        for fig in FIGURE_OF_SECTION.values():
            parts.append(figure(_png(plots, fig), fig, tr(lang, f"report.fig.{fig}")))
    # a day in the life
    if _png(plots, "day_in_life"):
        intro = "report.day.intro_unit" if run.data.dir is not None else "report.day.intro"
        parts.append(section(tr(lang, "report.day.h"), tr(lang, intro)))
        caption = tr(lang, "report.fig.day_in_life")
        parts.append(figure(_png(plots, "day_in_life"), tr(lang, "report.day.h"), caption))
    parts += assumption_parts(run, models, names, lang)
    # caveats
    parts += [section(tr(lang, "report.caveats.h")), bullets(caveats(run, reps, lang))]
    parts.append(footer(info, f"python -m sim.report {run_dir} --lang {lang}", lang))
    return page(lang, title, "\n".join(p for p in parts if p))


def assumption_parts(run: RunConfig, models: list[str], names: dict[str, str], lang: str) -> list[str]:
    """The assumptions: a generated district's key settings, or what a unit's import depended on;
    then every setting that differs between the arms."""
    parts = [section(tr(lang, "report.assumptions.h"), tr(lang, "report.assumptions.intro"))]
    cols = [tr(lang, f"report.col.{c}") for c in ("parameter", "value", "unit", "meaning", "source")]
    if run.data.dir is not None:
        winter = {"scenario.districts.*.geography.winter_travel_factor": winter_note(run, lang)}
        heading, rows = "report.assumptions.unit", scenario_rows(run, lang, UNIT_ASSUMPTIONS, winter)
    else:
        heading, rows = "report.assumptions.scenario", scenario_rows(run, lang)
    if run.data.dir is not None:  # long parameter names: let them wrap at their dots
        rows = [[breakable_code(r[0]), *r[1:]] for r in rows]
    parts += [f"<h3>{esc(tr(lang, heading))}</h3>", table(cols, rows, num_cols=(1,), raw=True)]
    mrows = model_rows(run, lang)
    if len(models) > 1 and mrows:
        parts.append(f"<h3>{esc(tr(lang, 'report.assumptions.models'))}</h3>")
        if len(models) > 2:  # three arms: let the parameter names wrap at their dots
            mrows = [[breakable_code(r[0]), *r[1:]] for r in mrows]
        parts.append(table([cols[0], *(names[m] for m in models), cols[3], cols[4]], mrows, raw=True))
    return parts


def footer(info: dict, command: str, lang: str) -> str:
    """Provenance and the command that rebuilds the page."""
    made = tr(
        lang,
        "report.footer",
        version=info.get("version", "?"),
        commit=info.get("git_commit", "?"),
        date=dt.date.today(),
    )
    return f"<footer>{esc(made)}<br>{esc(tr(lang, 'report.reproduce'))} <code>{esc(command)}</code></footer>"


def write_run_report(
    run_dir: Path,
    results_or_tables: Results | dict[str, pd.DataFrame],
    run: RunConfig,
    lang: str | None = None,
) -> Path:
    """Draw the plots into ``run_dir/plots`` and write ``run_dir/report.html``; return its path.

    ``lang`` defaults to the config's ``report.lang``.
    """
    run_dir = Path(run_dir)
    lang = check_lang(lang or run.report.lang)
    t = as_tables(results_or_tables)
    plots = plot_run(t, run, run_dir / "plots", lang)
    text = build_run_html(t, run, plots, lang, run_info(run_dir), run_dir)
    out = run_dir / "report.html"
    write_atomic(out, lambda p: write_page(p, text))
    return out
