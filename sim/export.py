"""``python -m sim.export [overrides] --out DIR``: a generated district as a unit's own data.

Writes the world of replication 0 of a scenario — its clients, visit plans, caregivers and
travel-time matrices — in the import format of docs/data-format.md, so a user sees a
filled-in example and can edit it; ``python -m sim scenario=from_data data.dir=DIR`` runs
it again (the same world: ``tests/test_import.py``).

    python -m sim.export scenario=classroom --out my_unit
    python -m sim.export --out my_unit --format parquet --district 0
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.config import ConfigError, checked_config
from sim.world.build import build_world
from sim.world.imported import export_unit


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m sim.export", description=__doc__.split("\n")[0])
    ap.add_argument("overrides", nargs="*", help="config overrides, as for python -m sim")
    ap.add_argument(
        "--out", type=Path, required=True, help="the folder to write (must not exist or be empty)"
    )
    ap.add_argument("--format", choices=("csv", "parquet"), default="csv", help="table files (default csv)")
    ap.add_argument("--district", type=int, default=0, help="which district of the scenario (default 0)")
    args = ap.parse_args(argv)
    from sim.data.write import write_unit

    try:
        run = checked_config(args.overrides)
        if not 0 <= args.district < len(run.scenario.districts):
            raise ConfigError(
                "--district", f"must be 0 to {len(run.scenario.districts) - 1}; got {args.district}"
            )
        unit = export_unit(build_world(run, 0), run, args.district)
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
