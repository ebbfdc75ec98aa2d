"""What the learning curve adds to a switch's cost (issue 25 item 8).

Runs the same small phased transition twice on the same worlds — once with the learning period
as a flat tax only (``learning_shape=step``, no slowdown, no extra strain, no rougher judgements:
the behaviour before the learning curve) and once with the defaults (an exponential learning
curve over slower visits, more strain and rougher need judgements) — and prints each one's
transition cost, cumulative cost against staying, and the phased arm's sick-leave rate and unmet
need in the learning months.

    python experiments/transition_learning.py                    # 2 replications
    python experiments/transition_learning.py --replications 5 --jobs 2
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

import sim
from sim.stats import mean_ci
from sim.transition import run_transition

BASE = [
    "scenario.districts.centrum.n_clients=35",
    "+geography@scenario.districts.b.geography=suburban",
    "scenario.districts.b.n_clients=30",
    "scenario.districts.b.geography.radius_km=4",
    "warmup_days=14",
    "horizon_days=150",
    "transition.enabled=true",
    "transition.first_wave_month=1",
    "transition.districts_per_wave=1",
    "transition.months_between_waves=1",
]
FLAT = [
    "transition.learning_shape=step",
    "transition.slowdown_share=0",
    "transition.strain_extra_share=0",
    "transition.judgement_cv_extra=0",
]


def _figures(out: dict[str, pd.DataFrame]) -> dict[str, str]:
    pay, m = out["payback"], out["monthly"]
    cost = mean_ci(pay["transition_cost_sek"] / 1e3)
    cum = mean_ci(pay["final_cumulative_sek"] / 1e3)
    phased = m[(m["arm"] == "phased") & (m["district"] == "all")]
    months = sorted(phased["month"].unique())[1:4]  # the months after the first switch
    inside = phased[phased["month"].isin(months)]

    def rate(metric: str) -> float:
        return float(inside[inside["metric"] == metric]["value"].mean())

    return {
        "transition cost (kSEK)": f"{cost[0]:.0f} [{cost[1]:.0f}, {cost[2]:.0f}]",
        "cumulative vs staying (kSEK)": f"{cum[0]:.0f} [{cum[1]:.0f}, {cum[2]:.0f}]",
        "sick leave, learning months": f"{rate('sick_leave_rate'):.2%}",
        "unmet need, learning months (min/client-week)": f"{rate('unmet_need_min_per_client_week'):.1f}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    reps = [f"replications={args.replications}"]
    rows = {}
    for name, extra in (("flat tax (before)", FLAT), ("learning curve (default)", [])):
        t0 = time.perf_counter()
        out = run_transition(sim.config([*BASE, *reps, *extra]), n_jobs=args.jobs)
        rows[name] = _figures(out)
        print(f"{name}: {time.perf_counter() - t0:.0f} s")
    print(pd.DataFrame(rows).to_string())


if __name__ == "__main__":
    main()
