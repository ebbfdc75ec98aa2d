"""End to end: ``python -m sim`` for a case, both models, outputs written (issue 10's year target).

Runs the command line in a child process on one core (``n_jobs=1``, no report, no printed
table) into a temporary folder and prints its wall time, the child's peak resident memory
(from ``wait4``: this child alone) and what it wrote. Used by ``benchmark.py --end-to-end``
and on its own::

    python experiments/end_to_end.py municipality            # 28 days
    python experiments/end_to_end.py year                    # 365 days: about 15 minutes today
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]


def run_case(overrides: list[str]) -> dict[str, Any]:
    """Run ``python -m sim`` with ``overrides`` on one core; wall s, peak RSS MB and output."""
    with tempfile.TemporaryDirectory(prefix="e2e-") as tmp:
        out = Path(tmp) / "run"
        cmd = [
            sys.executable,
            "-m",
            "sim",
            *overrides,
            "n_jobs=1",
            "report.enabled=false",
            "output.print_table=false",
            f"hydra.run.dir={out}",
        ]
        t0 = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - t0
        err = child.stderr.read().decode() if child.stderr else ""
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise RuntimeError(f"python -m sim failed ({child.returncode}): {err.strip()[-500:]}")
        files = {p.name: p.stat().st_size for p in out.iterdir() if p.is_file()}
        visits = pq.ParquetFile(out / "visits.parquet").metadata.num_rows if "visits.parquet" in files else 0
        left = [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".hydra"]
    # Linux reports ru_maxrss in KiB
    return {
        "wall_s": wall,
        "rss_peak_mb": usage.ru_maxrss / 1024,
        "visits": visits,
        "written_mb": sum(files.values()) / 2**20,
        "left_behind": left,
    }


def report(case: str, overrides: list[str]) -> dict[str, Any]:
    """Run one case and print its line."""
    r = run_case(overrides)
    print(
        f"   end to end ({case}): {r['wall_s']:.1f} s wall, peak RSS {r['rss_peak_mb']:,.0f} MB, "
        f"{r['visits']:,} visits, {r['written_mb']:.0f} MB written"
        + (f", left behind: {r['left_behind']}" if r["left_behind"] else "")
        + " (issue 10's year target: <= 60 s on one core and <= 2,048 MB)",
        flush=True,
    )
    return r


def main(argv: list[str]) -> int:
    """Run the named benchmark cases end to end."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from benchmark import CASES

    for case in argv or ["municipality"]:
        report(case, CASES[case][1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
