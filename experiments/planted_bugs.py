"""Plant one small, plausible bug of each class the suite once let through, and show the test
that now catches it.

Each bug is a one-line edit of the package, applied to a scratch copy of the
project (the working tree is never touched); the copy's tests named for that bug
are run, and the bug counts as caught when they fail. The clean copy must pass
the same tests first, so a "caught" is the bug's doing. Complements mutation
testing (experiments/mutation_score.py): mutmut's mutants are mechanical
(``+`` to ``-``, ``<`` to ``<=``); these are the mistakes a developer makes.

    python experiments/planted_bugs.py            # every bug
    python experiments/planted_bugs.py --only sick_pay_qualifying_day
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class PlantedBug:
    """A one-line edit of ``path`` and the tests expected to catch it."""

    name: str
    cls: str  # the class of bug (issue 15)
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


BUGS = (
    PlantedBug(
        "overtime_premium_without_contributions",
        "costs vs hand-computed values",
        "sim/metrics/costs.py",
        "ot_rate = c.monthly_wage_sek / c.overtime_divisor * contrib",
        "ot_rate = c.monthly_wage_sek / c.overtime_divisor",
        ("tests/test_costs_hand.py",),
    ),
    PlantedBug(
        "sick_pay_qualifying_day",
        "costs vs hand-computed values",
        "sim/metrics/costs.py",
        'paid_sick = sick[(sick["event"] != "sick_start") & (day_in_spell < c.sick_pay_days) & measured]',
        "paid_sick = sick[(day_in_spell < c.sick_pay_days) & measured]",
        ("tests/test_costs_hand.py",),
    ),
    PlantedBug(
        "continuity_ignores_second_caregiver",
        "continuity indicator vs tiny hand-made tables",
        "sim/metrics/continuity.py",
        '"cg": v["second_caregiver_id"]}',
        '"cg": v["caregiver_id"]}',  # a copy-paste slip: the second caregiver is never counted
        ("tests/test_metrics_hand.py",),
    ),
    PlantedBug(
        "need_stream_repeats_every_day",
        "structure of the random streams",
        "sim/world/clients.py",
        "rng = stream(seed, replication, Stream.NEED, day)",
        "rng = stream(seed, replication, Stream.NEED)",
        ("tests/test_world_draws.py",),
    ),
    PlantedBug(
        "vectorised_familiarity_half_life",
        "fast path vs plain path on later days",
        "sim/engine/familiarity.py",
        "return n * np.exp(-(day - last) / self.cfg.familiarity_memory_days)",
        "return n * 0.5 ** ((day - last) / self.cfg.familiarity_memory_days)",
        ("tests/test_fast_paths.py",),
    ),
    PlantedBug(
        "familiarity_multiplies_the_extras",
        "need formula with unplanned extras",
        "sim/engine/caregiver.py",
        "need = (v.base_need - v.extra) * (sum(mults) / len(mults)) + v.extra",
        "need = v.base_need * (sum(mults) / len(mults))",
        ("tests/test_fast_paths.py",),
    ),
    PlantedBug(
        "contact_bonus_masked_by_continuity_weight",
        "policy knob masked by the default config",
        "sim/policies/trust.py",
        "        if bonus > 0:",
        "        if bonus > 0 and w == 0:",
        ("tests/test_knobs.py",),
    ),
    PlantedBug(
        "integer_keys_escape_the_bound_check",
        "config bounds from the schema",
        "sim/config/fields.py",
        "if isinstance(v, (int, float)) and not ok(v, bound):",
        "if isinstance(v, float) and not ok(v, bound):",
        ("tests/test_config_bounds.py",),
    ),
)


def _copy_project(dest: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    for f in filter(None, files):
        src = ROOT / f
        if src.is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f)


def _pytest(where: Path, tests: tuple[str, ...]) -> tuple[bool, float]:
    """(passed, seconds) of the tests in the copy at ``where`` (its own ``sim`` is imported)."""
    t0 = time.perf_counter()
    rc = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
        cwd=where,
        capture_output=True,
        text=True,
    ).returncode
    return rc == 0, time.perf_counter() - t0


def main() -> None:
    """Plant each bug in a scratch copy, run its tests, print caught or missed."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", nargs="*", help="names of the bugs to plant (default: all)")
    args = ap.parse_args()
    bugs = [b for b in BUGS if not args.only or b.name in args.only]
    missed = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "project"
        _copy_project(work)
        print(f"{'bug':45} {'class':48} {'tests':28} result")
        for bug in bugs:
            target = work / bug.path
            clean = target.read_text()
            if clean.count(bug.old) != 1:
                sys.exit(f"error: {bug.name}: the line to change is not found once in {bug.path}")
            ok, _ = _pytest(work, bug.tests)
            if not ok:
                sys.exit(f"error: {bug.name}: {' '.join(bug.tests)} fail without the bug")
            target.write_text(clean.replace(bug.old, bug.new))
            try:
                passed, secs = _pytest(work, bug.tests)
            finally:
                target.write_text(clean)
            missed += passed
            result = "MISSED" if passed else f"caught ({secs:.0f} s)"
            print(f"{bug.name:45} {bug.cls:48} {' '.join(Path(t).name for t in bug.tests):28} {result}")
    print(f"\n{len(bugs) - missed} of {len(bugs)} planted bugs caught")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
