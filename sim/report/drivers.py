"""What drives the results: the model's mechanisms, each with this run's numbers.

continuity ↔ familiarity ↔ time needed; allotted vs. needed time and rushing;
overtime and breaks; stress, sick leave and substitutes; time use; cost components.
"""

from __future__ import annotations

import math

import pandas as pd

from sim.config.schema import RunConfig
from sim.lang import fmt_diff, fmt_value, model_label, tr
from sim.report.facts import cost_components, model_facts

# (section, {placeholder: (fact name, unit)}) — each placeholder gets an "a" and a "b" value
SECTIONS: list[tuple[str, dict[str, tuple[str, str]]]] = [
    (
        "continuity",
        {
            "s": ("staff_per_client_14d", "staff"),
            "c": ("contact_person_share", "share"),
            "f": ("fam_extra_min", "min"),
            "p": ("fam_share", "share"),
        },
    ),
    (
        "allotted",
        {
            "r": ("allot_cover", "share"),
            "rs": ("rushed_visit_share", "share"),
            "u": ("unmet_need_min_per_client_week", "min"),
        },
    ),
    (
        "overtime",
        {
            "o": ("overtime_min_per_shift", "min"),
            "m": ("missed_break_share", "share"),
            "h": ("handed_share", "share"),
        },
    ),
    (
        "stress",
        {
            "t": ("strain_index", "index"),
            "s": ("sick_leave_rate", "share"),
            "p": ("substitute_share", "share"),
        },
    ),
    (
        "time",
        {
            "c": ("care_time_share", "share"),
            "t": ("travel_time_share", "share"),
            "l": ("admin_time_share", "share"),
            "m": ("meeting_time_share", "share"),
            "i": ("idle_time_share", "share"),
        },
    ),
]


def _cost_paragraph(
    tables: dict[str, pd.DataFrame], run: RunConfig, a: str, b: str, names: dict[str, str], lang: str
) -> str | None:
    comp = cost_components(tables, run)
    if comp.empty or a not in comp or b not in comp:
        return None
    diff = (comp[b] - comp[a]).sort_values(key=lambda s: -s.abs())
    items = [
        tr(lang, "drivers.cost.item", comp=tr(lang, f"cost.{c}"), diff=fmt_diff(x, "SEK", lang))
        for c, x in diff.items()
        if abs(x) >= 0.5
    ][:4]
    text = tr(
        lang,
        "drivers.cost",
        a=names[a],
        b=names[b],
        ta=fmt_value(float(comp[a].sum()), "SEK", lang),
        tb=fmt_value(float(comp[b].sum()), "SEK", lang),
    )
    text += " " + (
        tr(
            lang,
            "drivers.cost.items",
            items="; ".join(items),
            b_minus_a=f"{model_label(b, lang)} − {model_label(a, lang)}",
        )
        if items
        else tr(lang, "drivers.cost.same")
    )
    return text


def drivers(
    tables: dict[str, pd.DataFrame], run: RunConfig, names: dict[str, str], lang: str
) -> list[tuple[str, str, str]]:
    """``(section key, heading, paragraph)`` for each mechanism with numbers for both models."""
    a, b = run.compare[0], run.compare[1]
    facts = model_facts(tables, run)
    out = []
    for key, fields in SECTIONS:
        values: dict[str, str] = {"a": names[a], "b": names[b]}
        ok = True
        for ph, (fact, unit) in fields.items():
            for model, suffix in ((a, "a"), (b, "b")):
                x = facts.get(model, {}).get(fact, float("nan"))
                ok &= math.isfinite(x) or fact == "staff_per_client_14d"
                values[ph + suffix] = fmt_value(x, unit, lang)
        if ok:
            out.append((key, tr(lang, f"drivers.{key}.h"), tr(lang, f"drivers.{key}", **values)))
    cost = _cost_paragraph(tables, run, a, b, names, lang)
    if cost:
        out.append(("cost", tr(lang, "drivers.cost.h"), cost))
    return out
