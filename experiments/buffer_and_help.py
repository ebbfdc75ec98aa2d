"""What the trust teams' buffer and cross-team help do (issue 9, item 4).

Runs the trust model on the default district for each buffer share and placement (spread
over every route, or held by floaters), with help across teams off (the default) and on,
and prints the mean over replications (common random
numbers: the same clients, needs and absences in every arm):

    python experiments/buffer_and_help.py                  # 2 replications of each arm
    python experiments/buffer_and_help.py --replications 5 horizon_days=14
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

import sim
from sim.experiment import run_replication

METRICS = (
    "unmet_need_min_per_client_week",
    "alarm_response_p90_min",
    "overtime_min_per_shift",
    "late_visit_share",
    "behind_plan_share",
    "rushed_visit_share",
    "idle_time_share",
    "staff_per_client_14d",
    "cost_per_client_month_sek",
)
BUFFERS = ("0", "0.15", "0.3")
PLACEMENTS = ("spread", "floater")


def main(argv: list[str]) -> int:
    """Run every arm and print one row per arm."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replications", type=int, default=2)
    ap.add_argument("overrides", nargs="*", help="Hydra overrides for every arm")
    args = ap.parse_args(argv)
    base = ["compare=[trust]", f"replications={args.replications}", "output.record_activities=false"]
    print("help_across_teams  placement  buffer  " + "  ".join(METRICS))
    arms = [
        (h, p, b) for h in ("false", "true") for p in PLACEMENTS for b in BUFFERS if p == "spread" or b != "0"
    ]
    for help_across, placement, buffer in arms:
        cfg = sim.config(
            [
                *base,
                *args.overrides,
                f"models.trust.execution.help_across_teams={help_across}",
                f"models.trust.planning.buffer_share={buffer}",
                f"models.trust.planning.buffer_placement={placement}",
            ]
        )
        rows = []
        for rep in range(args.replications):
            m = run_replication(cfg, rep, keep_events=False)["metrics"].set_index("metric")["value"]
            rows.append([float(m[k]) for k in METRICS])
        mean = np.mean(rows, axis=0)
        print(
            f"{help_across:<17}  {placement:<9}  {buffer:<6}  " + "  ".join(f"{x:.3f}" for x in mean),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
