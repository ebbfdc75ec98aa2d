"""The teams at their best (issue 25, item 7): what each team's own relief staff and the small
crews' help from neighbouring teams do to the trust model.

Runs the trust model on the default district with each mechanism off and on (and help from any
team, for comparison) and prints, per arm, the mean over replications and the paired
difference from the first arm (both mechanisms off) with its 95% confidence interval (common
random numbers: the same clients, needs and absences in every arm):

    python experiments/team_relief.py                        # 10 replications of 28 days
    python experiments/team_relief.py --replications 5 horizon_days=91
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
from scipy import stats

import sim
from sim.experiment import run_replication

METRICS = (
    "staff_per_client_14d",
    "overtime_min_per_shift",
    "unmet_need_min_per_client_week",
    "familiarisation_min_per_client_week",
    "cost_per_client_month_sek",
)
ARMS = {
    "before (no relief staff, no help across teams)": (
        "organisation.team_relief=false",
        "execution.help_across_teams_crew_max=0",
    ),
    "relief staff": ("organisation.team_relief=true", "execution.help_across_teams_crew_max=0"),
    "small crews' help (crew <= 3)": (
        "organisation.team_relief=false",
        "execution.help_across_teams_crew_max=3",
    ),
    "both (the trust default)": ("organisation.team_relief=true", "execution.help_across_teams_crew_max=3"),
    "relief staff, any team helps": ("organisation.team_relief=true", "execution.help_across_teams=true"),
}


def main(argv: list[str]) -> int:
    """Run every arm and print its means and paired differences from the first arm."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replications", type=int, default=10)
    ap.add_argument("overrides", nargs="*", help="Hydra overrides for every arm")
    args = ap.parse_args(argv)
    n = args.replications
    base = ["compare=[trust]", f"replications={n}", "horizon_days=28", "output.record_activities=false"]
    first: np.ndarray | None = None
    print("arm: " + "  ".join(METRICS))
    for name, knobs in ARMS.items():
        cfg = sim.config([*base, *args.overrides, *(f"models.trust.{k}" for k in knobs)])
        rows = []
        for rep in range(n):
            m = run_replication(cfg, rep, keep_events=False)["metrics"].set_index("metric")["value"]
            rows.append([float(m[k]) if k in m else np.nan for k in METRICS])
        x = np.array(rows)
        first = x if first is None else first
        d = x - first
        half = stats.t.ppf(0.975, n - 1) * d.std(axis=0, ddof=1) / np.sqrt(n) if n > 1 else 0 * d[0]
        print(f"{name}:", flush=True)
        for k, mean, dm, h in zip(METRICS, x.mean(axis=0), d.mean(axis=0), half, strict=True):
            print(f"  {k:<38} {mean:10.2f}   difference {dm:+9.2f} ± {h:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
