"""``report.html`` of one run: what was compared, the findings with their uncertainty, what
drives them, a day in the life, the assumptions and the caveats — in English or Swedish."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pandas as pd

from sim.config.schema import RunConfig
from sim.experiment import Results
from sim.io import DONE_MARKER, git_commit, package_version, write_atomic
from sim.lang import check_lang, fmt_num, model_phrase, tr
from sim.plots.common import labels_for
from sim.plots.run import as_tables, n_clients, plot_run
from sim.report.assumptions import model_rows, scenario_rows
from sim.report.drivers import drivers
from sim.report.facts import staff_positions
from sim.report.findings import headline_findings, in_short
from sim.report.html import bullets, esc, figure, header, model_span, page, section, table, write_page
from sim.report.robustness import robustness_lines
from sim.world.imported import unit_counts, unit_of

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


def _setup_rows(t: dict[str, pd.DataFrame], run: RunConfig, lang: str) -> list[list[str]]:
    sc = run.scenario
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
        [tr(lang, "report.setup.districts"), districts],
        [tr(lang, "report.setup.clients"), fmt_num(n_clients(run), lang, 0)],
    ]
    pos = staff_positions(t)
    if math.isfinite(pos):
        rows.append(
            [tr(lang, "report.setup.staff"), tr(lang, "report.setup.staff_value", n=fmt_num(pos, lang, 0))]
        )
    rows += [
        [
            tr(lang, "report.setup.days"),
            tr(
                lang,
                "report.setup.days_value",
                days=run.horizon_days,
                start=start.isoformat(),
                end=end.isoformat(),
            ),
        ],
        [tr(lang, "report.setup.warmup"), tr(lang, "report.setup.warmup_value", days=run.warmup_days)],
        [tr(lang, "report.setup.reps"), tr(lang, "report.setup.reps_value", n=reps)],
        [tr(lang, "report.setup.seed"), str(run.seed)],
    ]
    if run.data.dir is not None:  # a unit's own data: what came from the files, what was assumed
        rows += [
            [
                tr(lang, "report.setup.imported"),
                tr(lang, "report.setup.imported_value", dir=run.data.dir)
                + tr(lang, "report.setup.imported_counts", **unit_counts(unit_of(run))),
            ],
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
        tr(lang, "caveat.period", days=run.horizon_days),
    ]
    if reps < 5:
        out.append(tr(lang, "caveat.reps", n=reps))
    return out


def build_run_html(
    t: dict[str, pd.DataFrame],
    run: RunConfig,
    plots: dict[str, list[Path]],
    lang: str,
    info: dict,
    run_dir: Path,
) -> str:
    """The report page of a run (``plots`` as returned by :func:`sim.plots.run.plot_run`)."""
    models = list(run.compare)
    names = labels_for(models, lang, {m: run.models[m].label for m in models})
    phrases = {m: model_phrase(m, lang, names[m]) for m in models}
    a, b = models[0], models[-1]
    metrics = t.get("metrics", pd.DataFrame())
    reps = int(metrics["replication"].nunique()) if not metrics.empty else 0
    title = tr(lang, "report.title_run")
    today = dt.date.today()
    parts = [header(title, tr(lang, "report.subtitle", scenario=run.scenario.name, date=today))]
    two = len(models) >= 2 and not t.get("comparison", pd.DataFrame()).empty
    findings = headline_findings(t["summary"], t["comparison"], models, phrases, lang) if two else []
    # in short
    short = [
        tr(
            lang,
            "report.short.setup",
            a=phrases[a],
            b=phrases[b],
            clients=n_clients(run),
            days=run.horizon_days,
            reps=reps,
        )
    ]
    if two:
        short += in_short(findings, phrases, models[1], lang)
    parts += [section(tr(lang, "report.short.h")), bullets(short, "short")]
    # what was compared
    parts.append(section(tr(lang, "report.compared.h")))
    for m in models:
        plain = tr(lang, f"model.{m}.plain") if m in ("minute", "trust") else tr(lang, "model.other.plain")
        parts.append(f"<p>{model_span(m, names[m])}: {esc(plain)}</p>")
    parts.append(
        table([tr(lang, "report.col.what"), tr(lang, "report.col.value")], _setup_rows(t, run, lang))
    )
    if "visits" not in t:
        parts.append(f'<p class="muted">{esc(tr(lang, "report.noevents"))}</p>')
    # findings
    parts.append(section(tr(lang, "report.findings.h"), tr(lang, "report.findings.intro")))
    parts += [f'<p class="finding"><strong>{esc(f.label)}.</strong> {esc(f.text)}</p>' for f in findings]
    if findings:
        cols = [tr(lang, "report.col.measure"), names[a], names[models[1]]]
        cols += [tr(lang, "report.col.diff", b=names[models[1]], a=names[a]), tr(lang, "report.col.verdict")]
        parts.append(table(cols, [f.cells for f in findings], num_cols=(1, 2, 3), raw=True))
        quoted = robustness_lines(run, [f.metric for f in findings], {"a": phrases[a], "b": phrases[b]}, lang)
        parts += [f"<h3>{esc(tr(lang, 'sa.run.h'))}</h3>", bullets(quoted)]
    parts.append(
        figure(_png(plots, "headline"), tr(lang, "plot.headline.title"), tr(lang, "report.fig.headline"))
    )
    caption = tr(lang, "report.fig.differences", a=names[a])
    parts.append(figure(_png(plots, "differences"), tr(lang, "plot.relative.title"), caption))
    # what drives them
    if two:
        parts.append(section(tr(lang, "report.drivers.h"), tr(lang, "report.drivers.intro")))
        for key, heading, text in drivers(t, run, phrases, lang):
            parts.append(f"<h3>{esc(heading)}</h3><p>{esc(text)}</p>")
            fig = FIGURE_OF_SECTION.get(key)
            if fig:
                parts.append(figure(_png(plots, fig), heading, tr(lang, f"report.fig.{fig}")))
    else:  # one model: its figures without the comparison's explanations
        parts.append(section(tr(lang, "report.figures.h")))
        for fig in FIGURE_OF_SECTION.values():
            parts.append(figure(_png(plots, fig), fig, tr(lang, f"report.fig.{fig}")))
    # a day in the life
    if _png(plots, "day_in_life"):
        parts.append(section(tr(lang, "report.day.h"), tr(lang, "report.day.intro")))
        caption = tr(lang, "report.fig.day_in_life")
        parts.append(figure(_png(plots, "day_in_life"), tr(lang, "report.day.h"), caption))
    # assumptions
    parts.append(section(tr(lang, "report.assumptions.h"), tr(lang, "report.assumptions.intro")))
    cols = [tr(lang, f"report.col.{c}") for c in ("parameter", "value", "unit", "meaning", "source")]
    parts.append(f"<h3>{esc(tr(lang, 'report.assumptions.scenario'))}</h3>")
    parts.append(table(cols, scenario_rows(run, lang), num_cols=(1,), raw=True))
    mrows = model_rows(run, lang)
    if len(models) > 1 and mrows:
        parts.append(f"<h3>{esc(tr(lang, 'report.assumptions.models'))}</h3>")
        parts.append(table([cols[0], *(names[m] for m in models), cols[3], cols[4]], mrows, raw=True))
    # caveats
    parts += [section(tr(lang, "report.caveats.h")), bullets(caveats(run, reps, lang))]
    parts.append(footer(info, f"python -m sim.report {run_dir} --lang {lang}", lang))
    return page(lang, title, "\n".join(p for p in parts if p))


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
