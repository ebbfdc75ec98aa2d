"""``python -m sim.export [overrides] --out DIR``: a generated district as a unit's own data.

Writes the world of replication 0 of a scenario — its clients, visit plans, caregivers and
travel-time matrices — in the import format of docs/data-format.md, so a user sees a
filled-in example and can edit it; ``python -m sim scenario=from_data data.dir=DIR`` runs
it again (the same world: ``tests/test_import.py``).

    python -m sim.export scenario=classroom --out my_unit
    python -m sim.export --out my_unit --format parquet --district 0
    python -m sim.export scenario=classroom --plan-from minute --out examples/unit   # the example unit
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import numpy as np

from sim.config import ConfigError, RunConfig, checked_config_and_warnings
from sim.experiment import run_replication
from sim.world.build import build_world
from sim.world.unit_export import export_unit


def planned_positions(run: RunConfig, model: str, n_slots: int) -> dict[tuple[int, int], int]:
    """(client id, planned visit) -> the staff position ``model`` most often planned for it over
    14 days of replication 0 (a stand-in for a unit's own plan)."""
    if model not in run.models:
        raise ConfigError("--plan-from", f"must be one of {', '.join(run.models)}; got {model!r}")
    short = dataclasses.replace(run, compare=[model], replications=1, horizon_days=14, warmup_days=0)
    visits = run_replication(short, 0)["visits"]
    held = visits[(visits["scheduled_caregiver_id"] >= 0) & (visits["scheduled_caregiver_id"] < n_slots)]
    top = held.groupby(["client_id", "planned_visit"])["scheduled_caregiver_id"].agg(
        lambda s: s.value_counts().index[0]
    )
    pairs = top.reset_index().to_numpy(dtype=np.int64)
    return {(int(c), int(v)): int(p) for c, v, p in pairs}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m sim.export", description=__doc__.split("\n")[0])
    ap.add_argument("overrides", nargs="*", help="config overrides, as for python -m sim")
    ap.add_argument(
        "--out", type=Path, required=True, help="the folder to write (must not exist or be empty)"
    )
    ap.add_argument("--format", choices=("csv", "parquet"), default="csv", help="table files (default csv)")
    ap.add_argument("--district", type=int, default=0, help="which district of the scenario (default 0)")
    ap.add_argument(
        "--plan-from",
        default=None,
        help="fill planned_caregiver with who a model's planners most often sent in its first two weeks "
        "(e.g. minute), so the unit can be replayed as a plan of its own",
    )
    args = ap.parse_args(argv)
    from sim.data.files import write_unit

    try:
        run, warns = checked_config_and_warnings(args.overrides)
        for w in warns:
            print(f"warning: {w}", file=sys.stderr)
        if not 0 <= args.district < len(run.scenario.districts):
            raise ConfigError(
                "--district", f"must be 0 to {len(run.scenario.districts) - 1}; got {args.district}"
            )
        world = build_world(run, 0)
        plan = None if args.plan_from is None else planned_positions(run, args.plan_from, world.n_slots)
        unit = export_unit(world, run, args.district, plan)
        write_unit(unit, args.out, args.format)
    except (ConfigError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"Unit {unit.name!r} ({len(unit.clients)} clients, {len(unit.visits)} visits) written to {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
