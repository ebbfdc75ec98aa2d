"""``report.html`` of a sweep: how the comparison's verdict depends on the swept parameters."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
from omegaconf import DictConfig, OmegaConf

from sim.config import to_run_config
from sim.config.schema import RunConfig
from sim.io import DONE_MARKER, write_atomic
from sim.lang import check_lang, fmt_diff, metric_label, model_phrase, tr
from sim.metrics.definitions import HEADLINE, METRICS
from sim.plots.common import labels_for
from sim.plots.headline import verdict
from sim.plots.sweep import plot_sweep, plot_sweep_differences, sweep_differences
from sim.report.html import bullets, esc, figure, header, page, section, table, write_page
from sim.report.run_report import footer, run_info


def first_point_config(sweep_dir: Path) -> RunConfig | None:
    """The resolved config of the sweep's first finished point (None if there is none)."""
    for info in sorted(Path(sweep_dir).glob(f"*/{DONE_MARKER}")):
        cfg = info.parent / "config.yaml"
        if cfg.exists():
            try:
                loaded = OmegaConf.load(cfg)
                return to_run_config(loaded) if isinstance(loaded, DictConfig) else None
            except Exception:  # an unreadable point config only costs the labels
                return None
    return None


def _short(key: str) -> str:
    return key.split(".")[-1]


def point_label(row: pd.Series, keys: list[str]) -> str:
    """``buffer_share = 0.1`` / ``buffer_share = 0.1, team_size = 8``."""
    return ", ".join(f"{_short(k)} = {row[k]}" for k in keys)


def _verdict_sentence(metric: str, rows: pd.DataFrame, keys: list[str], b: str, lang: str) -> str:
    label = metric_label(metric, lang)
    vs = [verdict(metric, r["diff_mean"], r["ci_low"], r["ci_high"]) for _, r in rows.iterrows()]
    n = len(vs)
    clear = [v for v in vs if v != "unclear"]
    if not clear:
        return tr(lang, "sweep.none", label=label, n=n)
    if len(set(vs)) == 1:
        return tr(lang, "sweep.all", label=label, n=n, verdict=tr(lang, f"finding.verdict.{vs[0]}", b=b))
    parts = []
    for v in ("better", "worse", "different", "unclear"):
        pts = [point_label(r, keys) for (_, r), x in zip(rows.iterrows(), vs, strict=True) if x == v]
        if pts:
            word = tr(lang, f"finding.verdict.{v}", b=b) if v != "unclear" else tr(lang, "verdict.unclear")
            parts.append(tr(lang, "sweep.part", verdict=word, values="; ".join(pts)))
    text = tr(lang, "sweep.mixed", label=label, parts=" · ".join(parts))
    if "better" in vs and "worse" in vs:
        text += " " + tr(lang, "sweep.flips")
    return text


def _matrix(d2: pd.DataFrame, keys: list[str], lang: str) -> str:
    """A table: one row per headline metric, one column per point, the difference and its CI."""
    order = list(dict.fromkeys(d2["point"]))
    cols = [tr(lang, "report.col.measure"), *(point_label(d2[d2["point"] == p].iloc[0], keys) for p in order)]
    rows = []
    for m in HEADLINE:
        rm = d2[d2["metric"] == m].set_index("point")
        if rm.empty:
            continue
        unit = METRICS[m].unit
        unit_text = tr(lang, "unit.pp" if unit == "share" else f"unit.{unit}")
        cells = [esc(metric_label(m, lang) + (f" ({unit_text})" if unit != "index" else ""))]
        for p in order:
            r = rm.loc[p] if p in rm.index else None
            if r is None or not math.isfinite(r["diff_mean"]):
                cells.append(esc(tr(lang, "na")))
                continue
            v = verdict(m, r["diff_mean"], r["ci_low"], r["ci_high"])
            lo, hi = (
                fmt_diff(r["ci_low"], unit, lang, bare=True),
                fmt_diff(r["ci_high"], unit, lang, bare=True),
            )
            ci = tr(lang, "report.between", lo=lo, hi=hi) if math.isfinite(r["ci_low"]) else ""
            diff = esc(fmt_diff(r["diff_mean"], unit, lang, bare=True))
            cells.append(f'<span class="verdict-{v}">{diff}</span> <span class="muted">{esc(ci)}</span>')
        rows.append(cells)
    return table(cols, rows, raw=True)


def write_sweep_report(
    sweep_dir: Path,
    sweep_summary: pd.DataFrame,
    sweep_metrics: pd.DataFrame,
    swept_keys: list[str],
    lang: str | None = None,
) -> Path:
    """Draw the sweep plots into ``sweep_dir/plots`` and write ``sweep_dir/report.html``.

    ``lang`` defaults to ``report.lang`` of the sweep's first point (else English).
    """
    sweep_dir = Path(sweep_dir)
    keys = list(swept_keys)
    run = first_point_config(sweep_dir)
    lang = check_lang(lang or (run.report.lang if run is not None else "en"))
    models = list(dict.fromkeys(sweep_summary["model"]))
    if run is not None:
        models = [m for m in run.compare if m in models] + [m for m in models if m not in run.compare]
    given = {m: run.models[m].label for m in models if run is not None and m in run.models}
    names = labels_for(models, lang, given)
    plots_dir = sweep_dir / "plots"
    metric_pngs: dict[str, Path] = {}
    if keys:
        written = plot_sweep(sweep_summary, keys, plots_dir, lang=lang, labels=given)
        metric_pngs = {p.stem: p for p in written if p.suffix == ".png"}
    diffs = sweep_differences(sweep_metrics, keys, models) if len(models) > 1 else pd.DataFrame()
    diff_png = None
    if keys and not diffs.empty:
        written = plot_sweep_differences(diffs, keys, plots_dir, lang=lang, labels=given, reference=models[0])
        diff_png = next((p for p in written if p.suffix == ".png"), None)
    title = tr(lang, "report.title_sweep", keys=", ".join(_short(k) for k in keys) or "—")
    scenario = run.scenario.name if run is not None else "?"
    parts = [header(title, tr(lang, "report.subtitle", scenario=scenario, date=dt.date.today()))]
    has_points = not sweep_metrics.empty
    points = sweep_metrics.drop_duplicates("point")[[*keys, "point"]] if has_points else pd.DataFrame()
    reps = sweep_metrics.groupby("point")["replication"].nunique() if has_points else pd.Series(dtype=int)
    a, b = models[0], models[1] if len(models) > 1 else models[0]
    n_reps = int(reps.min()) if not reps.empty else 0
    short = [
        tr(
            lang,
            "sweep.short.setup",
            n=len(points),
            keys=", ".join(keys) or "—",
            reps=n_reps,
            a=model_phrase(a, lang, names[a]),
            b=model_phrase(b, lang, names[b]),
        )
    ]
    d2 = diffs[diffs["model"] == b] if not diffs.empty else diffs
    for m in HEADLINE if not d2.empty else ():
        rows = d2[d2["metric"] == m]
        if not rows.empty and rows["diff_mean"].notna().any():
            short.append(_verdict_sentence(m, rows, keys, model_phrase(b, lang, names[b]), lang))
    parts += [section(tr(lang, "report.short.h")), bullets(short, "short")]
    parts.append(section(tr(lang, "sweep.varied.h"), tr(lang, "sweep.varied.intro")))
    prow = [[str(r[k]) for k in keys] + [str(int(reps.get(r["point"], 0)))] for _, r in points.iterrows()]
    parts.append(table([*keys, tr(lang, "report.setup.reps")], prow))
    if not d2.empty:
        parts.append(
            section(tr(lang, "sweep.matrix.h"), tr(lang, "sweep.matrix.intro", b=names[b], a=names[a]))
        )
        parts.append(_matrix(d2, keys, lang))
        caption = tr(lang, "report.fig.sweep_differences", b=names[b], a=names[a])
        parts.append(figure(diff_png, tr(lang, "sweep.matrix.h"), caption))
    if metric_pngs:
        parts.append(section(tr(lang, "sweep.metrics.h")))
        for m in (m for m in HEADLINE if m in metric_pngs):
            label = metric_label(m, lang)
            parts.append(figure(metric_pngs[m], label, tr(lang, "report.fig.sweep_metric", label=label)))
    cav = [tr(lang, k) for k in ("caveat.model", "caveat.sweep", "caveat.assumed", "caveat.not_modelled")]
    parts += [section(tr(lang, "report.caveats.h")), bullets(cav)]
    parts.append(footer(run_info(sweep_dir), f"python -m sim.report {sweep_dir} --lang {lang}", lang))
    out = sweep_dir / "report.html"
    text = page(lang, title, "\n".join(p for p in parts if p))
    write_atomic(out, lambda p: write_page(p, text))
    return out
