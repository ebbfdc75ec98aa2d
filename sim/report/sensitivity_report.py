"""The council's page on how sure the verdict is: which assumptions decide each headline
difference, and which values would reverse it — in English or Swedish (issue 12.3)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd

from sim.config.schema import RunConfig
from sim.io import write_atomic
from sim.lang import check_lang, fmt_diff, fmt_num, has, metric_label, model_phrase, tr
from sim.metrics.definitions import METRICS
from sim.plots.sensitivity import tornado
from sim.report.html import bullets, esc, figure, header, page, section, table, write_page
from sim.report.robustness import share_text
from sim.report.run_report import footer, run_info


def factor_label(key: str, lang: str) -> str:
    """A factor as a reader names it (the translation table's, else the key's last parts)."""
    k = f"sa.factor.{key}"
    return tr(lang, k) if has(lang, k) else ".".join(key.split(".")[-2:])


def outputs(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The outputs analysed, in the order asked for."""
    return list(dict.fromkeys(tables["sensitivity_morris.csv"]["output"]))


def _unit(metric: str) -> str:
    return METRICS[metric].unit if metric in METRICS else ""


def _value(x: float, lang: str) -> str:
    return fmt_num(x, lang, 3 if abs(x) < 1 else 2 if abs(x) < 10 else 0)


def drivers(tables: dict[str, pd.DataFrame], output: str, n: int = 2) -> list[str]:
    """The ``n`` factors that matter most for ``output``: by Sobol total index where the
    second stage ran, else by Morris μ*."""
    sobol = tables.get("sensitivity_sobol.csv")
    if sobol is not None and not sobol.empty:
        rows = sobol[(sobol["output"] == output) & sobol["ST"].notna()].sort_values("ST", ascending=False)
        if not rows.empty:
            return list(rows["parameter"][:n])
    m = tables["sensitivity_morris.csv"]
    rows = m[m["output"] == output].sort_values("mu_star", ascending=False)
    return list(rows["parameter"][:n])


def output_sentences(
    tables: dict[str, pd.DataFrame], output: str, names: dict[str, str], lang: str
) -> list[str]:
    """What a reader needs on one headline difference: robust or not, what drives it, what flips it."""
    found = [r for r in tables["sensitivity_robustness.csv"].to_dict("records") if r["output"] == output]
    if not found:
        return []
    r = found[0]
    unit = _unit(output)
    label = metric_label(output, lang)
    args: dict[str, object] = {
        "metric": label[:1].lower() + label[1:],
        "b": names["b"],
        "a": names["a"],
        "share": share_text(max(float(r["share_positive"]), float(r["share_negative"])), lang),
        "n": int(r["n"]),
        "q05": fmt_diff(float(r["q05"]), unit, lang),
        "q95": fmt_diff(float(r["q95"]), unit, lang),
    }
    if float(r["share_positive"]) + float(r["share_negative"]) < 0.5:
        return [tr(lang, "sa.short.none", **args)]
    sign = "higher" if r["share_positive"] >= r["share_negative"] else "lower"
    key = "robust" if bool(r["robust"]) else "mixed"
    out = [tr(lang, f"sa.short.{key}.{sign}", **args)]
    top = drivers(tables, output)
    if top:
        out.append(
            tr(lang, "sa.short.drivers", items=tr(lang, "sa.and").join(factor_label(k, lang) for k in top))
        )
    flips = tables["sensitivity_flips.csv"]
    f = flips[(flips["output"] == output) & flips["flips_at"].notna()]
    if not f.empty:
        ranked = [k for k in drivers(tables, output, n=len(f) + 10) if k in set(f["parameter"])]
        chosen = str(ranked[0] if ranked else f["parameter"].iloc[0])
        first = f[f["parameter"] == chosen].iloc[0]
        # "above": the difference is positive above flips_at; the verdict reverses on the side
        # where it takes the sign that most sampled sets do not have
        positive_above = first["direction"] == "above"
        side = "above" if positive_above != (sign == "higher") else "below"
        out.append(
            tr(
                lang,
                f"sa.short.flip.{side}",
                factor=factor_label(chosen, lang),
                value=_value(float(first["flips_at"]), lang),
                b=names["b"],
                now=tr(lang, f"sa.word.{'lower' if sign == 'higher' else 'higher'}"),
            )
        )
    elif key == "robust":
        out.append(tr(lang, "sa.short.no_flip"))
    return out


def _factor_rows(tables: dict[str, pd.DataFrame], lang: str) -> list[list[str]]:
    rows = []
    for _, r in tables["sensitivity_factors.csv"].iterrows():
        rows.append(
            [
                f"{esc(factor_label(str(r['parameter']), lang))}<br><code>{esc(r['parameter'])}</code>",
                esc(f"{_value(r['low'], lang)} – {_value(r['high'], lang)}"),
                esc(_value(r["baseline"], lang)),
                "✓" if bool(r["sobol"]) else "",
                esc(r["source"]),
            ]
        )
    return rows


def _index_rows(tables: dict[str, pd.DataFrame], output: str, lang: str) -> list[list[str]]:
    m = tables["sensitivity_morris.csv"]
    m = m[m["output"] == output].sort_values("mu_star", ascending=False)
    sobol = tables.get("sensitivity_sobol.csv", pd.DataFrame(columns=["output", "parameter"]))
    s = {str(r["parameter"]): r for r in sobol[sobol["output"] == output].to_dict("records")}

    def ci(v: float, lo: float, hi: float) -> str:
        if not math.isfinite(v):
            return tr(lang, "na")
        return f"{fmt_num(v, lang, 2)} [{fmt_num(lo, lang, 2)}, {fmt_num(hi, lang, 2)}]"

    rows = []
    for r in m.to_dict("records"):
        key = str(r["parameter"])
        cells = [factor_label(key, lang), ci(r["mu_star"], r["mu_star_ci_low"], r["mu_star_ci_high"])]
        if key in s:
            t = s[key]
            cells += [
                ci(t["S1"], t["S1_ci_low"], t["S1_ci_high"]),
                ci(t["ST"], t["ST_ci_low"], t["ST_ci_high"]),
            ]
        else:
            cells += ["", ""]
        rows.append(cells)
    return rows


def build_sensitivity_html(
    run: RunConfig, tables: dict[str, pd.DataFrame], plots: dict[str, Path], lang: str, info: dict
) -> str:
    """The report page of a sensitivity analysis."""
    a, b = run.compare[0], run.compare[-1]
    names = {"a": model_phrase(a, lang, run.models[a].label), "b": model_phrase(b, lang, run.models[b].label)}
    title = tr(lang, "sa.title")
    parts = [header(title, tr(lang, "report.subtitle", scenario=run.scenario.name, date=dt.date.today()))]
    points = tables["sensitivity_points.parquet"]
    n_morris = int((points["stage"] == "morris").sum())
    n_sobol = int((points["stage"] == "sobol").sum())
    short = [
        tr(
            lang,
            "sa.short.setup",
            k=len(tables["sensitivity_factors.csv"]),
            n=len(points),
            morris=n_morris,
            sobol=n_sobol,
            reps=run.replications,
            days=run.horizon_days,
        )
    ]
    parts += [section(tr(lang, "report.short.h")), bullets(short, "short")]
    for output in outputs(tables):
        parts.append(section(metric_label(output, lang)))
        parts.append(bullets(output_sentences(tables, output, names, lang)))
        parts.append(figure(plots.get(output), metric_label(output, lang), tr(lang, "sa.fig.caption")))
        cols = [
            tr(lang, "sa.col.factor"),
            tr(lang, "sa.col.mu_star"),
            tr(lang, "sa.col.s1"),
            tr(lang, "sa.col.st"),
        ]
        parts.append(table(cols, _index_rows(tables, output, lang), num_cols=(1, 2, 3)))
    parts.append(section(tr(lang, "sa.factors.h"), tr(lang, "sa.factors.intro")))
    cols = [tr(lang, f"sa.col.{c}") for c in ("factor", "range", "baseline", "kept", "source")]
    parts.append(table(cols, _factor_rows(tables, lang), num_cols=(1, 2), raw=True))
    parts.append(section(tr(lang, "sa.method.h")))
    parts.append(
        bullets([tr(lang, "sa.method.morris"), tr(lang, "sa.method.sobol"), tr(lang, "sa.method.flips")])
    )
    caveats = [tr(lang, "sa.caveat.ranges"), tr(lang, "sa.caveat.noise", reps=run.replications)]
    parts += [section(tr(lang, "report.caveats.h")), bullets(caveats)]
    parts.append(footer(info, "python -m sim -m +experiment=sensitivity …", lang))
    return page(lang, title, "\n".join(p for p in parts if p))


def read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The analysis tables of a finished sensitivity folder, by file name."""
    return {
        p.name: pd.read_csv(p) if p.suffix == ".csv" else pd.read_parquet(p)
        for p in sorted(folder.glob("sensitivity_*"))
        if p.suffix in (".csv", ".parquet")
    }


def write_sensitivity_report(
    sweep_dir: Path, tables: dict[str, pd.DataFrame], run: RunConfig, lang: str | None = None
) -> Path:
    """Write a tornado per output into ``sweep_dir/plots`` and ``sweep_dir/report.html``."""
    lang = check_lang(lang or run.report.lang)
    sobol = tables.get("sensitivity_sobol.csv")
    plots: dict[str, Path] = {}
    for output in outputs(tables):
        use_sobol = sobol is not None and not sobol[sobol["output"] == output]["ST"].isna().all()
        indices = sobol if use_sobol and sobol is not None else tables["sensitivity_morris.csv"]
        labels = {k: factor_label(k, lang) for k in tables["sensitivity_factors.csv"]["parameter"]}
        plots[output] = tornado(
            indices,
            output,
            sweep_dir / "plots" / f"tornado_{output}.png",
            tr(lang, "sa.fig.title", metric=metric_label(output, lang)),
            tr(lang, "sa.fig.x_sobol" if use_sobol else "sa.fig.x_morris"),
            labels,
        )
    text = build_sensitivity_html(run, tables, plots, lang, run_info(sweep_dir))
    path = sweep_dir / "report.html"
    write_atomic(path, lambda p: write_page(p, text))
    return path
