"""How a run's replications scale over cores (issue 10's target: at least 1.8x on 2 cores).

Runs the same replications serially and then in ``--jobs`` processes, checks that the
tables are identical, and prints both wall times and the speed-up. A sweep's points
are spread the same way (one process per point), so this is also the sweep figure.

    python experiments/scaling.py                        # 4 replications of the default job
    python experiments/scaling.py --replications 8 --jobs 2 horizon_days=28
    python experiments/scaling.py --over districts --replications 1 scenario=municipality_2000 horizon_days=28

``--over districts`` spreads the districts of each replication instead (``district_jobs``).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time

import pandas as pd

import sim
from sim.experiment import multiple_replications


def main(argv: list[str]) -> int:
    """Time the serial and the parallel run and print the speed-up."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replications", type=int, default=4)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--over", choices=("replications", "districts"), default="replications")
    ap.add_argument("overrides", nargs="*", help="Hydra overrides of the run")
    args = ap.parse_args(argv)
    cfg = sim.config([f"replications={args.replications}", "output.record_activities=false", *args.overrides])
    wall = {}
    metrics = {}
    for jobs in (1, args.jobs):
        t0 = time.perf_counter()
        if args.over == "districts":
            res = multiple_replications(
                dataclasses.replace(cfg, district_jobs=jobs), n_jobs=1, keep_events=False
            )
        else:
            res = multiple_replications(cfg, n_jobs=jobs, keep_events=False)
        wall[jobs] = time.perf_counter() - t0
        metrics[jobs] = res.metrics
        key = "district_jobs" if args.over == "districts" else "n_jobs"
        print(f"{key}={jobs}: {wall[jobs]:.1f} s for {args.replications} replications", flush=True)
    pd.testing.assert_frame_equal(metrics[1], metrics[args.jobs], check_exact=True)
    print(f"speed-up on {args.jobs} processes: {wall[1] / wall[args.jobs]:.2f}x (metrics identical)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
