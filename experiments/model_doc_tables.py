"""Generate the side-by-side tables of docs/model.md from the code and the composed config.

docs/model.md is written by hand, except two tables that carry numbers:

* ``models`` — the behaviour parameters of the two delivery models side by side
  (every parameter that differs, plus the ones that define a behaviour even when
  both models share the value);
* ``feedback`` — the parameters of the feedback loops (stress, sickness, turnover,
  familiarity) with their defaults.

Each sits between ``<!-- generated:NAME:start -->`` and ``<!-- generated:NAME:end -->``
and is rewritten from ``sim.config()`` (the default config, as ``python -m sim``
composes it) and the ``param(...)`` metadata of ``sim/config/``. Defaults are being
recalibrated, so regenerate after changing one::

    python experiments/model_doc_tables.py           # rewrite the tables in docs/model.md
    python experiments/model_doc_tables.py --check   # exit 1 if they are out of date

``tests/test_model_doc.py`` runs the check.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from pathlib import Path
from typing import Any

import sim

DOC = Path(__file__).resolve().parents[1] / "docs" / "model.md"

# behaviour -> keys under models.<name>, in the order of MODEL.md §3
BEHAVIOURS: list[tuple[str, list[str]]] = [
    (
        "Organisation",
        [
            "organisation.unit",
            "organisation.team_size",
            "organisation.team_relief",
            "organisation.contact_person_shift",
        ],
    ),
    ("Allotted time", ["planning.allotment", "planning.learning_rate"]),
    (
        "Planning strategy",
        ["planning.strategy", "planning.base_rebuild_days", "planning.base_schedule_weight_min"],
    ),
    (
        "Continuity weights",
        [
            "planning.continuity_weight_min",
            "planning.same_client_weight_min",
            "planning.contact_person_bonus_min",
        ],
    ),
    ("Buffer", ["planning.buffer_share"]),
    ("Stay rule", ["execution.stay_for", "execution.overrun_share", "execution.use_slack"]),
    (
        "Cut when behind",
        [
            "execution.cut_when_behind",
            "execution.catch_up_share",
            "execution.behind_tolerance_min",
            "execution.skip_break_when_behind_min",
        ],
    ),
    (
        "Mutual help",
        [
            "execution.mutual_help",
            "execution.help_threshold_min",
            "execution.help_across_teams",
            "execution.help_across_teams_crew_max",
        ],
    ),
    ("Logging", ["overheads.logging_min_per_visit", "overheads.logging_system"]),
    ("Meetings", ["overheads.daily_meeting_min"]),
    ("Planners", ["overheads.planners_per_caregiver", "overheads.team_leader_fte_per_team"]),
    ("Reassessment", ["reassessment.enabled", "reassessment.delay_days", "reassessment.threshold"]),
    ("Payment", ["payment_basis"]),
    ("Alarm answering", ["execution.alarms_answered_by"]),
]


def leaves(obj: Any, prefix: str = "") -> dict[str, tuple[Any, dict[str, Any]]]:
    """Dotted key -> (value, param metadata) of every leaf field of a config dataclass."""
    out: dict[str, tuple[Any, dict[str, Any]]] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            out.update(leaves(value, f"{prefix}{f.name}."))
        else:
            out[f"{prefix}{f.name}"] = (value, dict(f.metadata))
    return out


def fmt(v: Any) -> str:
    """A value as it is written in the YAML configs."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, str):
        return v or "''"
    return str(v)


def cell(text: str) -> str:
    """Escape a table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def models_table(run: Any) -> str:
    """The behaviour parameters of the first two compared models, side by side."""
    a, b = run.compare[0], run.compare[1]
    la, lb = leaves(run.models[a]), leaves(run.models[b])
    rows = [
        f"| behaviour | key (`models.<model>.…`) | {run.models[a].label} (`{a}`) | "
        f"{run.models[b].label} (`{b}`) | unit | what it does |",
        "|---|---|---|---|---|---|",
    ]
    shown: set[str] = set()

    def row(behaviour: str, key: str) -> str:
        va, meta = la[key]
        vb = lb[key][0]
        differ = va != vb
        ca, cb = (f"**`{fmt(va)}`**", f"**`{fmt(vb)}`**") if differ else (f"`{fmt(va)}`", f"`{fmt(vb)}`")
        shown.add(key)
        unit, help_text = meta.get("unit", ""), cell(meta.get("help", ""))
        return f"| {behaviour} | `{key}` | {ca} | {cb} | {unit} | {help_text} |"

    for behaviour, keys in BEHAVIOURS:
        present = [k for k in keys if k in la and k in lb]
        for i, key in enumerate(present):
            rows.append(row(behaviour if i == 0 else "", key))
    others = [k for k in la if k in lb and k not in shown and k != "label" and la[k][0] != lb[k][0]]
    for i, key in enumerate(others):
        rows.append(row("Other differences" if i == 0 else "", key))
    rows.append("")
    rows.append(
        "Values in **bold** differ between the two models. Parameters shared by both models with the "
        "same value (planner cost weights, lending between teams, reassessment details …) are listed "
        "in [parameters.md](parameters.md#models--the-delivery-models-side-by-side)."
    )
    return "\n".join(rows)


def feedback_table(run: Any) -> str:
    """Stress, sickness, turnover and familiarity parameters with their defaults."""
    sc = run.scenario
    items = [(f"scenario.stress.{k}", v) for k, v in leaves(sc.stress).items()]
    need = leaves(sc.clients.need)
    items += [(f"scenario.clients.need.{k}", v) for k, v in need.items() if k.startswith("familiarity")]
    rows = ["| key | default | unit | meaning | source |", "|---|---|---|---|---|"]
    for key, (value, meta) in items:
        rows.append(
            f"| `{key}` | `{fmt(value)}` | {meta.get('unit', '')} | {cell(meta.get('help', ''))} | "
            f"{cell(_source(meta))} |"
        )
    return "\n".join(rows)


def _source(meta: dict[str, Any]) -> str:
    """The declared source, with the sensitivity range where one is declared."""
    sa = meta.get("sa_range")
    text = str(meta.get("source", ""))
    return text if sa is None else f"{text}; sensitivity range {sa[0]:g}–{sa[1]:g}"


TABLES = {"models": models_table, "feedback": feedback_table}


def render(text: str, run: Any) -> str:
    """``text`` with every generated block rewritten."""
    for name, make in TABLES.items():
        pattern = re.compile(
            rf"(<!-- generated:{name}:start -->).*?(<!-- generated:{name}:end -->)", flags=re.DOTALL
        )
        if not pattern.search(text):
            raise SystemExit(f"{DOC}: markers of the generated table '{name}' not found")
        body = make(run)
        text = pattern.sub(lambda m, body=body: f"{m.group(1)}\n{body}\n{m.group(2)}", text)
    return text


def main(argv: list[str] | None = None) -> int:
    """Rewrite (or check) the generated tables of docs/model.md."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if docs/model.md is out of date")
    args = ap.parse_args(argv)
    run = sim.config()
    old = DOC.read_text(encoding="utf-8")
    new = render(old, run)
    if args.check:
        if new != old:
            print(f"{DOC} is out of date: run `python experiments/model_doc_tables.py`", file=sys.stderr)
            return 1
        print(f"{DOC}: generated tables up to date")
        return 0
    if new != old:
        DOC.write_text(new, encoding="utf-8")
        print(f"rewrote the generated tables of {DOC}")
    else:
        print(f"{DOC}: already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
