"""docs/model.md's generated tables match the code, and the citation metadata matches the package.

If the first test fails, the fix is::

    python experiments/model_doc_tables.py
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_model_doc_tables_are_up_to_date():
    gen = _load("model_doc_tables", REPO / "experiments" / "model_doc_tables.py")
    assert gen.main(["--check"]) == 0, "run `python experiments/model_doc_tables.py`"


def test_citation_matches_pyproject():
    # tomllib is Python ≥ 3.11; the project supports 3.10, so read the few keys with regexes
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    version = re.search(r'^version\s*=\s*"([^"]+)"', text, flags=re.MULTILINE)
    assert version is not None
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] == "hemtjänst-sim"
    assert str(cff["version"]) == version.group(1), "CITATION.cff version ≠ pyproject.toml version"
    assert cff["license"] == "MIT" and 'license = { text = "MIT" }' in text
    assert [a["name"] for a in cff["authors"]] == ["hemtjanst-sim maintainers"]
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence and "hemtjanst-sim maintainers" in licence
