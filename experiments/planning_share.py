"""How much of a run's wall time goes to planning routes (issue 8's target: at most 20 %).

Times every call of the policies' daily planning (base schedules included) inside one
replication of both models, in this process, and prints the planning seconds per model
next to the replication's wall time:

    python experiments/planning_share.py                          # municipality_2000, 28 days
    python experiments/planning_share.py scenario=urban_district horizon_days=14
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict

import sim
from sim.experiment import run_replication
from sim.policies import Policy

TARGET = 0.20
DEFAULT = [
    "scenario=municipality_2000",
    "horizon_days=28",
    "replications=1",
    "output.record_activities=false",
]


def main(argv: list[str]) -> int:
    """Run one replication with the planner timed; print the shares."""
    spent: dict[str, float] = defaultdict(float)
    plan = Policy.plan

    def timed(self: Policy, *args: object, **kwargs: object) -> None:
        t0 = time.perf_counter()
        plan(self, *args, **kwargs)  # type: ignore[arg-type]
        spent[self.cfg.label] += time.perf_counter() - t0

    Policy.plan = timed  # type: ignore[method-assign]
    run = sim.config([*DEFAULT, *argv])
    t0 = time.perf_counter()
    out = run_replication(run, 0, keep_events=False)
    wall = time.perf_counter() - t0
    Policy.plan = plan  # type: ignore[method-assign]
    total = sum(spent.values())
    print(f"overrides: {' '.join([*DEFAULT, *argv])}")
    print(f"replication wall time: {wall:.1f} s (both models)")
    for label, secs in spent.items():
        print(f"  planning, {label}: {secs:.1f} s ({secs / wall:.1%} of the wall time)")
    print(f"planning in all: {total:.1f} s = {total / wall:.1%} (target <= {TARGET:.0%}: "
          f"{'met' if total / wall <= TARGET else 'NOT met'})")  # fmt: skip
    m = out["metrics"]
    print(m[m["metric"].isin(["travel_time_share", "planned_late_share"])].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
