"""The generated docs (docs/parameters.md, docs/metrics.md) match the code, and the code documents itself.

If a test here fails, the fix is almost always::

    python experiments/gen_docs.py

(after fixing the ``param(...)`` declaration in ``sim/config/`` if a source or help text is missing).
"""

from __future__ import annotations

import difflib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from sim.config import load_config, to_run_config
from sim.config.fields import iter_fields
from sim.config.schema import RunConfig
from sim.metrics.definitions import COST_COMPONENTS, METRICS

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "experiments" / "gen_docs.py"
REGENERATE = "run `python experiments/gen_docs.py` and commit docs/"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", SCRIPT)
    assert spec is not None and spec.loader is not None, f"cannot import {SCRIPT}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and typing look the module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    return _load_script()


@pytest.fixture(scope="module")
def run() -> RunConfig:
    return to_run_config(load_config())


def _diff(committed: str, generated: str, name: str) -> str:
    lines = list(
        difflib.unified_diff(
            committed.splitlines(),
            generated.splitlines(),
            f"{name} (committed)",
            f"{name} (from the code)",
            lineterm="",
            n=0,
        )
    )
    shown = "\n".join(lines[:40])
    more = f"\n… {len(lines) - 40} more diff lines" if len(lines) > 40 else ""
    return shown + more


@pytest.mark.parametrize("name", ["parameters.md", "metrics.md"])
def test_committed_docs_match_the_code(gen: ModuleType, run: RunConfig, name: str) -> None:
    path = REPO / "docs" / name
    assert path.exists(), f"docs/{name} is missing; {REGENERATE}."
    render = gen.render_parameters if name == "parameters.md" else gen.render_metrics
    generated = render(run)
    committed = path.read_text(encoding="utf-8")
    assert committed == generated, (
        f"docs/{name} is out of date with the code; {REGENERATE}.\n{_diff(committed, generated, name)}"
    )


def test_every_parameter_has_a_source_and_a_meaning(run: RunConfig) -> None:
    problems = []
    for key, _value, meta in iter_fields(run):
        source = str(meta.get("source", "")).strip()
        if source == "-":  # structural or label field (names, descriptions, lists)
            continue
        if not source:
            problems.append(f"{key}: no source")
        if not str(meta.get("help", "")).strip():
            problems.append(f"{key}: empty help text")
    assert not problems, (
        "parameters without documentation — give each param(...) in sim/config/ a help text and a "
        "source (a figure from CALIBRATION.md / MODEL.md, or 'assumption: <why>'), then run "
        "`python experiments/gen_docs.py`:\n  " + "\n  ".join(problems)
    )


def test_metrics_doc_mentions_every_metric() -> None:
    text = (REPO / "docs" / "metrics.md").read_text(encoding="utf-8")
    missing = [name for name in METRICS if f"`{name}`" not in text]
    assert not missing, f"docs/metrics.md does not document {', '.join(missing)}; {REGENERATE}."


def test_every_event_column_has_a_meaning(gen: ModuleType) -> None:
    columns = gen.event_columns()
    undocumented = [
        f"{t}.{c}" for t, cols in columns.items() for c in cols if c not in gen.COLUMN_DOCS.get(t, {})
    ]
    stale = [f"{t}.{c}" for t, docs in gen.COLUMN_DOCS.items() for c in docs if c not in columns.get(t, ())]
    assert not undocumented and not stale, (
        "the event tables in sim/engine/records.py and COLUMN_DOCS in experiments/gen_docs.py disagree "
        f"(undocumented: {undocumented or 'none'}; documented but gone: {stale or 'none'}); update "
        "COLUMN_DOCS and run `python experiments/gen_docs.py`."
    )


def test_every_cost_component_is_described(gen: ModuleType) -> None:
    described, _ = gen.cost_docstring_items()
    missing = [c for c in COST_COMPONENTS if c not in described]
    no_formula = [c for c in COST_COMPONENTS if c not in gen.COST_FORMULAS]
    assert not missing and not no_formula, (
        f"cost components without a '* ``name`` — …' line in the docstring of sim/metrics/costs.py: "
        f"{missing or 'none'}; without an entry in COST_FORMULAS in experiments/gen_docs.py: "
        f"{no_formula or 'none'}. Add them and run `python experiments/gen_docs.py`."
    )


def test_check_mode_passes_on_current_docs(gen: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    code = gen.main(["--check"])
    err = capsys.readouterr().err
    assert code == 0, f"`python experiments/gen_docs.py --check` failed:\n{err}"
