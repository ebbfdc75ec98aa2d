"""The policy boundary (issue 11, item 2): policies sit below the engine.

The engine and the planning tools never import a policy module (a policy is handed to
the engine as a factory); the two delivery models are two modules side by side, neither
importing the other; arrival estimates are reckoned in one module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parents[1] / "sim"


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at top level, inside functions or under TYPE_CHECKING."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return out


@pytest.mark.parametrize("package", ["engine", "planning"])
def test_the_engine_and_the_planners_import_no_policy(package: str) -> None:
    for path in sorted((SIM / package).glob("*.py")):
        bad = {m for m in imported_modules(path) if m == "sim.policies" or m.startswith("sim.policies.")}
        assert not bad, f"{path.relative_to(SIM.parent)} imports {sorted(bad)}"


@pytest.mark.parametrize(
    ("module", "other"),
    [
        ("minute.py", "trust"),
        ("minute_routes.py", "trust"),
        ("trust.py", "minute"),
        ("trust.py", "minute_routes"),
    ],
)
def test_the_two_models_do_not_import_each_other(module: str, other: str) -> None:
    mods = imported_modules(SIM / "policies" / module)
    assert f"sim.policies.{other}" not in mods


def _looks_ahead(node: ast.AST) -> bool:
    """A max()/np.maximum() over a visit's window opening or a caregiver's free time."""
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
    if name not in ("max", "maximum"):
        return False
    return any(
        isinstance(a, ast.Attribute) and a.attr in ("earliest", "busy_until")
        for arg in node.args
        for a in ast.walk(arg)
    )


def test_arrival_estimates_live_in_one_module() -> None:
    """Only sim/planning/projection.py reckons when a caregiver can start a visit (the rule
    'not before the window opens, not before the caregiver is free'); every look-ahead —
    dispatch, stay, hand-over, alarm rule, skipped break — asks it."""
    found = []
    for path in sorted(SIM.rglob("*.py")):
        if path.name == "projection.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(SIM.parent)}:{n.lineno}" for n in ast.walk(tree) if _looks_ahead(n)]
    assert not found, f"arrival reckoned outside sim/planning/projection.py: {found}"
    users = ("planning/dispatch.py", "policies/trust.py", "policies/alarm_answer.py", "engine/caregiver.py")
    for user in users:
        assert "sim.planning.projection" in imported_modules(SIM / user), user


def test_the_look_ahead_check_sees_a_hand_written_arrival() -> None:
    tree = ast.parse("eta = max(now + trip, v.earliest)\nfree = max(now, run.busy_until)\n")
    assert sum(_looks_ahead(n) for n in ast.walk(tree)) == 2


def test_the_check_sees_imports_inside_functions_and_type_checking(tmp_path: Path) -> None:
    p = tmp_path / "m.py"
    p.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sim.policies import trust\n"
        "def f():\n    import sim.policies.minute\n",
        encoding="utf-8",
    )
    assert {"sim.policies.trust", "sim.policies.minute"} <= imported_modules(p)
