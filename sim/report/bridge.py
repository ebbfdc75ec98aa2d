"""Where the cost difference comes from (issue 25): the cost bridge of
:func:`sim.metrics.bridge.cost_bridge` as a report section — a headline sentence, a waterfall
figure and a table — shared by the run, equal-budget and transition reports.

The headline says how much of the cost difference per client-month the simulation produced
and how much is organisational overhead set by assumption before anything ran; when the two
parts pull opposite ways it says so instead of quoting a share beyond 100 %.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.lang import fmt_num, tr
from sim.metrics.bridge import ASSUMED, SIMULATED
from sim.plots.bridge import Row, interval, parts_of, signed, with_ci
from sim.report.html import esc, figure, section, table

# the order of the table: each group's components, then its subtotal, then the total
ORDER = (*SIMULATED, "simulated", *ASSUMED, "assumed", "total")


def has_bridge(bridge: pd.DataFrame, model: str) -> bool:
    """Whether ``bridge`` holds ``model``'s total, simulated and assumed rows."""
    return {"total", "simulated", "assumed"} <= set(parts_of(bridge, model))


def overhead_items(rows: dict[str, Row], lang: str) -> list[str]:
    """The assumed components whose cost differs, in plain words."""
    out = []
    for comp in ASSUMED:
        if comp in rows and float(rows[comp]["diff_mean"]) != 0:
            label = tr(lang, f"cost.{comp}")
            out.append(label[:1].lower() + label[1:])
    return out


def headline(bridge: pd.DataFrame, base: str, model: str, names: dict[str, str], lang: str) -> str:
    """The plain-language sentence(s): ``model``'s cost difference to ``base`` and how much of it
    comes from what was simulated and how much from overhead set by assumption. ``names`` as
    in a table (``b − a``); ``names[model + ':phrase']`` (if given) names ``model`` in a sentence."""
    rows = parts_of(bridge, model)
    t, s, a = rows["total"], rows["simulated"], rows["assumed"]
    total, sim, ass = (float(r["diff_mean"]) for r in (t, s, a))
    args = {"b": names.get(model, model), "a": names.get(base, base), "total": with_ci(t, lang, unit=True)}
    if sim == 0 and ass == 0:
        return tr(lang, "bridge.headline.zero", **args)
    items = overhead_items(rows, lang)
    sim_text, ass_text = with_ci(s, lang), with_ci(a, lang)
    opposite = sim * ass < 0
    if not opposite and total:
        sim_text += f" ({tr(lang, 'fmt.percent', x=fmt_num(100 * sim / total, lang, 0))})"
        ass_text += f" ({tr(lang, 'fmt.percent', x=fmt_num(100 * ass / total, lang, 0))})"
    text = tr(
        lang,
        "bridge.headline",
        **args,
        sim=sim_text,
        ass=ass_text,
        items=f" ({', '.join(items)})" if items else "",
    )
    if opposite:
        text += " " + tr(
            lang,
            "bridge.opposite",
            b=names.get(f"{model}:phrase", names.get(model, model)),
            sim_dir=tr(lang, "bridge.cheaper" if sim < 0 else "bridge.dearer"),
            ass_dir=tr(lang, "bridge.cheaper" if ass < 0 else "bridge.dearer"),
        )
    return text[:1].upper() + text[1:]


def table_rows(bridge: pd.DataFrame, model: str, lang: str) -> list[list[str]]:
    """The cells (HTML) of the bridge table: component, group, each model's mean, the paired
    difference with its 95 % interval; the subtotals and the total in bold."""
    rows = parts_of(bridge, model)
    out = []
    for part in ORDER:
        if part not in rows:
            continue
        r = rows[part]
        group = str(r["group"])
        if part in ("simulated", "assumed"):
            label, group_cell = tr(lang, f"bridge.subtotal.{part}"), ""
        elif part == "total":
            label, group_cell = tr(lang, "bridge.total"), ""
        else:
            label, group_cell = tr(lang, f"cost.{part}"), tr(lang, f"bridge.group.{group}")
        ci = interval(r, lang)
        cells = [
            esc(label),
            esc(group_cell),
            esc(fmt_num(float(r["base_mean"]), lang, 0)),
            esc(fmt_num(float(r["model_mean"]), lang, 0)),
            esc(signed(float(r["diff_mean"]), lang))
            + (f' <span class="muted">{esc(ci)}</span>' if ci else ""),
        ]
        if part in ("simulated", "assumed", "total"):
            cells = [f"<strong>{c}</strong>" if c else c for c in cells]
        out.append(cells)
    return out


def bridge_table(bridge: pd.DataFrame, base: str, model: str, names: dict[str, str], lang: str) -> str:
    """The bridge table of ``model`` against ``base``, with a note on what its numbers are."""
    a, b = names.get(base, base), names.get(model, model)
    cols = [tr(lang, "bridge.col.component"), tr(lang, "bridge.col.group"), a, b]
    cols.append(tr(lang, "bridge.col.diff", b=b, a=a))
    rows = parts_of(bridge, model)
    n = int(rows["total"]["n"]) if "total" in rows else 0
    note = f'<p class="muted">{esc(tr(lang, "bridge.note", n=n))}</p>'
    return table(cols, table_rows(bridge, model, lang), num_cols=(2, 3, 4), raw=True, cls="bridge") + note


def bridge_parts(
    bridge: pd.DataFrame,
    base: str,
    model: str,
    names: dict[str, str],
    lang: str,
    png: Path | None = None,
    intro: str = "",
) -> list[str]:
    """The section: heading and intro (``intro`` before the common one), the headline, the
    waterfall (``png``, if drawn) and the table; nothing when the bridge lacks ``model``."""
    if not has_bridge(bridge, model):
        return []
    text = " ".join(x for x in (intro, tr(lang, "bridge.intro")) if x)
    caption = tr(lang, "bridge.fig.caption", a=names.get(base, base), b=names.get(model, model))
    return [
        section(tr(lang, "bridge.h"), text),
        f'<p class="finding bridge-headline">{esc(headline(bridge, base, model, names, lang))}</p>',
        figure(png, tr(lang, "bridge.h"), caption),
        bridge_table(bridge, base, model, names, lang),
    ]
