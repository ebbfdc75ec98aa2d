"""The scenario's key assumptions and what differs between the models, from the config schema.

Values, units and sources come from the metadata every field declares with
:func:`sim.config.fields.param` (as ``docs/parameters.md`` does, see
``experiments/gen_docs.py``); plain-language meanings come from the translation
tables (``param.<key>``), falling back to the field's own help text.
"""

from __future__ import annotations

import fnmatch
import re
from typing import Any

from sim.config.fields import iter_fields
from sim.config.schema import RunConfig
from sim.lang import fmt_num, has, tr
from sim.report.html import esc

KEY_ASSUMPTIONS = (
    "scenario.districts.*.n_clients",
    "scenario.districts.*.geography.kind",
    "scenario.districts.*.geography.radius_km",
    "scenario.clients.need.need_to_standard_ratio",
    "scenario.clients.need.client_factor_sigma",
    "scenario.clients.need.day_factor_sigma",
    "scenario.clients.need.familiarity_extra_share",
    "scenario.clients.need.familiarity_halflife_visits",
    "scenario.staffing.planned_utilisation_target",
    "scenario.staffing.capacity_factor",
    "scenario.staffing.substitute_fill_probability",
    "scenario.stress.sick_start_probability",
    "scenario.stress.absence_stress_elasticity",
    "scenario.stress.turnover_per_year",
    "scenario.stress.turnover_stress_elasticity",
    "scenario.alarms.guarantee_min",
    "scenario.costs.monthly_wage_sek",
    "scenario.costs.employer_contribution_rate",
    "scenario.costs.substitute_wage_premium",
    "scenario.costs.recruitment_cost_sek",
)


def _generic(key: str) -> str:
    """``scenario.districts.centrum.n_clients`` → ``scenario.districts.*.n_clients``."""
    return re.sub(r"^scenario\.districts\.[^.]+\.", "scenario.districts.*.", key)


def fmt_param(value: Any, lang: str) -> str:
    """A parameter value in words: numbers in the language's style, yes/no, lists."""
    if isinstance(value, bool):
        return tr(lang, "word.yes" if value else "word.no")
    if isinstance(value, (int, float)):
        x = float(value)
        return fmt_num(x, lang, 0 if x == int(x) else None) if abs(x) >= 1e-3 or x == 0 else f"{x:g}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {fmt_param(v, lang)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(fmt_param(v, lang) for v in value)
    return "" if value is None else str(value)


def source_cell(meta: dict[str, Any], lang: str) -> str:
    """The source as HTML: a badge when it is an assumption, then the cited text."""
    src = str(meta.get("source", "")).strip()
    if src in ("", "-"):
        return "—"
    badge = (
        f'<span class="badge">{esc(tr(lang, "report.assumption"))}</span>'
        if src.startswith("assumption")
        else ""
    )
    return badge + esc(src)


def meaning(key: str, meta: dict[str, Any], lang: str) -> str:
    """Plain meaning of a parameter: the translation table's ``param.<key>`` or the field's help."""
    generic = _generic(key)
    return tr(lang, f"param.{generic}") if has(lang, f"param.{generic}") else str(meta.get("help", ""))


def scenario_rows(
    run: RunConfig,
    lang: str,
    keys: tuple[str, ...] = KEY_ASSUMPTIONS,
    notes: dict[str, str] | None = None,
) -> list[list[str]]:
    """``[parameter, value, unit, meaning, source]`` (HTML cells) for the key scenario assumptions
    (``keys``, patterns as :data:`KEY_ASSUMPTIONS`); ``notes`` add a sentence to the meaning of a
    key (by its generic name)."""
    rows: list[tuple[int, list[str]]] = []
    for key, value, meta in iter_fields(run):
        generic = _generic(key)
        rank = next((i for i, p in enumerate(keys) if fnmatch.fnmatchcase(generic, p)), None)
        if rank is not None:
            text = meaning(key, meta, lang)
            note = (notes or {}).get(generic)
            rows.append(
                (
                    rank,
                    [
                        f"<code>{esc(key)}</code>",
                        esc(fmt_param(value, lang)),
                        esc(meta.get("unit", "")),
                        esc(f"{text} — {note}" if note else text),
                        source_cell(meta, lang),
                    ],
                )
            )
    return [r for _, r in sorted(rows, key=lambda x: x[0])]


def model_rows(run: RunConfig, lang: str) -> list[list[str]]:
    """``[parameter, value per model …, meaning, source]`` for every model setting that differs."""
    per = {m: {k: (v, meta) for k, v, meta in iter_fields(run.models[m])} for m in run.compare}
    first = per[run.compare[0]]
    rows = []
    for key, (value, meta) in first.items():
        values = [per[m].get(key, (None, {}))[0] for m in run.compare]
        if key == "label" or all(v == value for v in values):
            continue
        mk = f"param.model.{key}"
        text = tr(lang, mk) if has(lang, mk) else str(meta.get("help", ""))
        unit = meta.get("unit", "")
        cells = [esc(fmt_param(v, lang) + (f" {unit}" if unit and v is not None else "")) for v in values]
        rows.append([f"<code>{esc(key)}</code>", *cells, esc(text), source_cell(meta, lang)])
    return rows
