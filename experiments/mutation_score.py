"""Mutation score of the core packages: how many small planted bugs the test suite kills.

mutmut (``pip install -e ".[mutation]"``, configured in ``pyproject.toml`` under
``[tool.mutmut]``) writes every mutant of ``sim/metrics``, ``sim/engine`` and
``sim/world`` and runs, for each, the tests whose call statistics show they reach
the mutated function. A full run of the engine takes hours on a laptop, so this
script can score a seeded random sample of each package's mutants and gives the
score with a 95% Wilson interval; ``--sample 0`` runs them all.

    python experiments/mutation_score.py --package sim.metrics --sample 0
    python experiments/mutation_score.py --package sim.engine --sample 60 --seed 1

Score = killed / (killed + survived + no tests), where a timeout counts as killed
(the mutant made a test hang) and "no tests" counts as survived (no test reaches
the code). Survivors are listed so that a developer can look at each with
``mutmut show NAME`` and either write the test that kills it or note why it is
equivalent to the original.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KILLED = {"killed", "timeout"}
SURVIVED = {"survived", "no tests"}


def _mutmut() -> str:
    exe = shutil.which("mutmut") or str(Path(sys.executable).with_name("mutmut"))
    if not Path(exe).exists():
        sys.exit('error: mutmut is not installed; run: pip install -e ".[mutation]"')
    return exe


def _results(exe: str) -> dict[str, str]:
    """Every generated mutant and its status (``not checked`` until run)."""
    out = subprocess.run(
        [exe, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    status = {}
    for line in out.splitlines():
        name, sep, state = line.strip().partition(": ")
        if sep:
            status[name] = state.strip()
    return status


# mutmut has no "generate only" command; these are the first steps of its ``run`` (3.8.1,
# pinned in pyproject.toml), so the sample can be drawn before any mutant runs
_GENERATE = """
import os
from mutmut import __main__ as m
os.makedirs("mutants", exist_ok=True)
m.set_mutant_under_test("mutant_generation")
m.copy_src_dir()
m.copy_also_copy_files()
m.setup_source_paths()
m.store_lines_covered_by_tests()
m.create_mutants(os.cpu_count() or 2)
"""


def _generate(exe: str) -> None:
    """Write the mutants without running any (once; mutmut keeps them in ``mutants/``)."""
    if _results(exe):
        return
    python = str(Path(exe).with_name("python"))
    subprocess.run([python, "-c", _GENERATE], cwd=ROOT, check=True, capture_output=True)


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion k/n."""
    if n == 0:
        return math.nan, math.nan
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def main() -> None:
    """Run (a sample of) one package's mutants and print the score and the survivors."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--package", default="sim.metrics", help="dotted package prefix, e.g. sim.engine")
    ap.add_argument("--sample", type=int, default=60, help="mutants to run (0: all)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the sample")
    ap.add_argument("--max-children", type=int, default=2, help="mutants run in parallel")
    args = ap.parse_args()
    exe = _mutmut()
    _generate(exe)
    names = sorted(n for n in _results(exe) if n.startswith(args.package + "."))
    if not names:
        sys.exit(
            f"error: --package {args.package}: no mutants (see only_mutate in pyproject.toml [tool.mutmut])"
        )
    chosen = (
        names
        if args.sample <= 0
        else sorted(random.Random(args.seed).sample(names, min(args.sample, len(names))))
    )
    print(f"{args.package}: {len(names)} mutants, running {len(chosen)}", flush=True)
    subprocess.run([exe, "run", "--max-children", str(args.max_children), *chosen], cwd=ROOT, check=False)
    status = _results(exe)
    counts = Counter(status.get(n, "not checked") for n in chosen)
    killed = sum(counts[s] for s in KILLED)
    scored = killed + sum(counts[s] for s in SURVIVED)
    lo, hi = wilson(killed, scored)
    print()
    print(f"package        {args.package}")
    print(f"mutants        {len(names)} (sampled {len(chosen)}, seed {args.seed})")
    print("outcomes       " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"score          {killed}/{scored} = {killed / max(scored, 1):.0%}  [95% CI {lo:.0%}, {hi:.0%}]")
    survivors = [n for n in chosen if status.get(n) in SURVIVED]
    if survivors:
        print("survivors      (mutmut show NAME)")
        for n in survivors:
            print(f"  {n}: {status[n]}")


if __name__ == "__main__":
    main()
