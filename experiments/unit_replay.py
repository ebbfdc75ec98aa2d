"""A unit's own day: the plan on paper, the plan under simulated reality, and both models (issue 24).

Runs a unit folder (default: the realistic synthetic example, examples/realistic_unit) with the
replay arm beside minute-controlled and trust-based care, and prints one Markdown table of the
figures the issue names, then the acceptance checks a held-out real unit must pass:

* the replay keeps >= 90 % of visits on their planned caregiver,
* no shift (in any arm) ends more than 3 h after its scheduled end,
* the replay's care and travel shares are within 10 and 5 percentage points of the plan audit's.

    python experiments/unit_replay.py                       # examples/realistic_unit, 10 replications
    python experiments/unit_replay.py --unit my_unit --replications 20 --warmup 14
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import pandas as pd

import sim
from sim.tables import PLAN_METRICS, paper_figures
from sim.world.imported import REPLAY

REPO = Path(__file__).resolve().parents[1]
ARMS = (REPLAY, "minute", "trust")
NAMES = {
    REPLAY: "plan under simulated reality (replay)",
    "minute": "minute-controlled",
    "trust": "trust-based",
}


def _fmt(metric: str, x: float) -> str:
    if isinstance(x, float) and math.isnan(x):
        return "n/a"
    return f"{100 * x:.1f} %" if metric.endswith("_share") else f"{x:.2f}"


def table(res: sim.Results) -> str:
    """The Markdown table: one row per figure, one column per arm (mean [95 % CI])."""
    paper = paper_figures(res.plan_audit)
    s = res.summary.set_index(["model", "metric"])
    head = ["figure", "plan on paper (audit)", *(NAMES[a] for a in ARMS)]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for metric in PLAN_METRICS:
        cells = [metric, _fmt(metric, paper.get(metric, math.nan))]
        for arm in ARMS:
            r = s.loc[(arm, metric)]
            lo, hi = _fmt(metric, r["ci_low"]), _fmt(metric, r["ci_high"])
            ci = "" if math.isnan(r["ci_low"]) else f" [{lo}, {hi}]"
            cells.append(_fmt(metric, float(r["mean"])) + ci)
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def checks(res: sim.Results, warmup: int) -> list[tuple[str, bool, str]]:
    """(check, passed, figure) of the issue's acceptance criteria for a held-out unit."""
    paper = paper_figures(res.plan_audit)
    m = res.summary.set_index(["model", "metric"])["mean"]
    shifts = res.shifts[res.shifts["day"] >= warmup]
    worst = float(shifts["overtime_min"].max()) / 60.0
    kept = float(m[(REPLAY, "plan_kept_caregiver_share")])
    care = abs(float(m[(REPLAY, "care_time_share")]) - paper["care_time_share"]) * 100
    travel = abs(float(m[(REPLAY, "travel_time_share")]) - paper["travel_time_share"]) * 100
    return [
        ("replay keeps >= 90 % of visits on their planned caregiver", kept >= 0.9, f"{kept:.1%}"),
        ("no shift ends more than 3 h after its scheduled end (any arm)", worst <= 3.0, f"{worst:.2f} h"),
        ("replay's care share within 10 pp of the plan audit's", care <= 10, f"{care:.1f} pp"),
        ("replay's travel share within 5 pp of the plan audit's", travel <= 5, f"{travel:.1f} pp"),
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--unit", default=str(REPO / "examples" / "realistic_unit"), help="the unit's folder")
    p.add_argument("--replications", type=int, default=10)
    p.add_argument("--warmup", type=int, default=14, help="warm-up days (the dated period repeated)")
    p.add_argument("--jobs", type=int, default=-1, help="parallel replications (-1: all cores)")
    p.add_argument("overrides", nargs="*", help="more Hydra overrides, e.g. seed=7")
    a = p.parse_args(argv)
    args = [
        "scenario=from_data",
        f"data.dir={a.unit}",
        f"replications={a.replications}",
        f"warmup_days={a.warmup}",
        *a.overrides,
    ]
    t0 = time.perf_counter()
    try:
        res = sim.run(args, n_jobs=a.jobs)
    except (sim.ConfigError, sim.InvariantError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if res.plan_audit.empty:
        print("error: the unit's visits name no planned caregiver: no plan to replay", file=sys.stderr)
        return 2
    cmd = f"python experiments/unit_replay.py --unit {a.unit} --replications {a.replications}"
    print(f"{cmd} --warmup {a.warmup} ({time.perf_counter() - t0:.0f} s)\n")
    print(table(res))
    print()
    ok = True
    for what, passed, figure in checks(res, a.warmup):
        ok &= passed
        print(f"- [{'x' if passed else ' '}] {what}: {figure}")
    audit = paper_figures(res.plan_audit)
    print(
        f"\nThe plan on paper: {audit['short_transitions']:.0f} of {audit['transitions']:.0f} planned "
        f"transitions shorter than the travel matrix; {audit['planned_outside_shift']:.0f} visits outside "
        "their planned caregiver's shift."
    )
    return 0 if ok else 1


if __name__ == "__main__":
    pd.set_option("display.width", 200)
    sys.exit(main())
