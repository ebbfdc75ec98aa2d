"""Benchmark the engine: wall time, throughput, SimPy events and peak memory per model.

Cases (one replication each, replication 0 of the configured seed):

* ``default``       — one replication of the default main job (urban_district, 150
  clients): 35 warm-up + 91 measured days = 126 simulated days;
* ``municipality``  — ``scenario=municipality_2000`` (≈2,000 clients in 12
  districts) over 28 days: ``horizon_days=28 warmup_days=0``.

Every (case, model) is measured in a fresh child process (``spawn``), so peaks of
one case never mix with another's:

1. a *timing pass*: world building time, then the model run (``ModelRun.run``,
   which includes turning the records into DataFrames); simulated visits (rows of
   the visits table, missed visits included), SimPy events processed (counted
   from ``Environment._eid`` after the run, no overhead) and the process's peak
   resident set size (``getrusage(RUSAGE_SELF).ru_maxrss``: Python, imports,
   world and run together);
2. with ``--tracemalloc``, a *memory pass*: the same in another child under
   ``tracemalloc``, which slows this code down about ten times (so its times are
   not reported, and it is off by default); it gives the Python heap held by the
   world and the peak of traced allocations during the model run (world included).

Usage::

    python experiments/benchmark.py                  # both cases, both models
    python experiments/benchmark.py --quick          # default scenario only
    python experiments/benchmark.py --cases municipality --repeat 3
    python experiments/benchmark.py --quick --tracemalloc            # + Python heap peaks
    python experiments/benchmark.py --profile municipality          # cProfile, top 25
    python experiments/benchmark.py --profile default --profile-model trust
    python experiments/benchmark.py --set seed=7 --set horizon_days=14   # extra overrides
    python experiments/benchmark.py --cases year --end-to-end        # + python -m sim, outputs written

This is a script, not a test: nothing is asserted and nothing is written unless
``--profile-out`` is given.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import multiprocessing as mp
import os
import platform
import pstats
import resource
import subprocess
import sys
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

CASES: dict[str, tuple[str, list[str]]] = {
    "default": (
        "default scenario (urban_district), 35 warm-up + 91 days = 126 simulated days",
        ["replications=1", "horizon_days=91", "warmup_days=35"],
    ),
    "municipality": (
        "municipality_2000 over 28 days (horizon_days=28, warmup_days=0)",
        ["replications=1", "scenario=municipality_2000", "horizon_days=28", "warmup_days=0"],
    ),
    # issue 10's year target; not run unless asked for (about 10 minutes a model today)
    "year": (
        "municipality_2000 over 365 days (horizon_days=365, warmup_days=0), activities not recorded",
        [
            "replications=1",
            "scenario=municipality_2000",
            "horizon_days=365",
            "warmup_days=0",
            "output.record_activities=false",
        ],
    ),
}
DEFAULT_CASES = ("default", "municipality")
MODELS = ("minute", "trust")
TOP_N = 25


# ---------------------------------------------------------------------------------------------
# measuring (runs in child processes)
# ---------------------------------------------------------------------------------------------
def _maxrss_mb() -> float:
    """Peak resident set size of this process so far, MiB (Linux reports KiB, macOS bytes)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def processed_events(env: Any) -> int | None:
    """SimPy events processed by ``env`` so far, or None if simpy's internals differ.

    simpy 4's ``Environment.schedule`` gives every scheduled event the next number of
    the ``itertools.count`` in ``env._eid``; events still in ``env._queue`` have not
    been processed. Reading the counter once after the run costs nothing (wrapping
    ``env.step`` would add a Python call per event).
    """
    eid, queue = getattr(env, "_eid", None), getattr(env, "_queue", None)
    if eid is None or queue is None:
        return None
    try:
        return next(eid) - len(queue)
    except TypeError:
        return None


def measure(overrides: list[str], model: str, trace: bool) -> dict[str, Any]:
    """Build the world of replication 0 and run ``model`` on it; return the measurements."""
    import sim
    from sim.experiment import model_run
    from sim.world.build import build_world

    cfg = sim.config(overrides)
    out: dict[str, Any] = {
        "n_clients": sum(d.n_clients for d in cfg.scenario.districts.values()),
        "n_districts": len(cfg.scenario.districts),
        "days": cfg.warmup_days + cfg.horizon_days,
        "rss_start_mb": _maxrss_mb(),
    }
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    world = build_world(cfg, 0)
    out["build_s"] = time.perf_counter() - t0
    out["n_slots"] = world.n_slots
    out["rss_world_mb"] = _maxrss_mb()
    if trace:
        out["traced_world_mb"] = tracemalloc.get_traced_memory()[0] / 2**20
        tracemalloc.reset_peak()
    t0 = time.perf_counter()
    mr = model_run(world, model, cfg.models[model], record_activities=cfg.output.record_activities)
    frames = mr.run()
    out["run_s"] = time.perf_counter() - t0
    if trace:
        out["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    out["rss_peak_mb"] = _maxrss_mb()
    out["events"] = processed_events(mr.env)
    out["visits"] = len(frames["visits"])
    out["performed"] = int((~frames["visits"]["missed"]).sum())
    out["shifts"] = len(frames["shifts"])
    out["units"] = len(mr.org.units)
    # the yardstick: a bare SimPy loop of as many visits, in this same process
    sys.path.insert(0, str(ROOT / "experiments"))
    from bare_loop import bare_loop_visits_per_s

    out["bare_vps"] = bare_loop_visits_per_s(out["visits"])
    return out


def in_child(fn: Any, *args: Any) -> Any:
    """Run ``fn(*args)`` in a fresh spawned process, so its memory peak is its own."""
    with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


# ---------------------------------------------------------------------------------------------
# reporting
# ---------------------------------------------------------------------------------------------
@dataclass
class Row:
    """Measurements of one (case, model)."""

    case: str
    model: str
    timing: list[dict[str, Any]] = field(default_factory=list)
    memory: dict[str, Any] | None = None

    def best(self) -> dict[str, Any]:
        """The timing pass with the shortest model run."""
        return min(self.timing, key=lambda m: m["run_s"])


def machine_info() -> list[str]:
    """CPU, OS, Python and library versions, and the git revision."""
    import numpy
    import pandas
    import simpy

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    rev = (
        subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        or "?"
    )
    return [
        f"date      {dt.datetime.now().isoformat(timespec='seconds')}",
        f"machine   {platform.node()}  {platform.system()} {platform.release()} {platform.machine()}",
        f"cpu       {cpu}; {os.cpu_count()} logical CPUs ({affinity} usable); one core used per run",
        f"python    {platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        f"libraries simpy {simpy.__version__}, numpy {numpy.__version__}, pandas {pandas.__version__}",
        f"git       {rev}",
    ]


def _fmt(x: float | int | None, spec: str) -> str:
    return "n/a" if x is None else format(x, spec)


def print_table(rows: list[Row]) -> None:
    """The summary table: one line per (case, model)."""
    head = (
        "case",
        "model",
        "days",
        "clients",
        "staff",
        "visits",
        "build s",
        "run s",
        "visits/s",
        "x bare loop",
        "events",
        "events/s",
        "peak RSS MB",
        "heap world MB",
        "heap peak MB",
    )
    lines = []
    for r in rows:
        b = r.best()
        ev = b["events"]
        lines.append(
            (
                r.case,
                r.model,
                str(b["days"]),
                f"{b['n_clients']:,}",
                f"{b['n_slots']:,}",
                f"{b['visits']:,}",
                f"{b['build_s']:.2f}",
                f"{b['run_s']:.2f}",
                f"{b['visits'] / b['run_s']:,.0f}",
                f"{b['visits'] / b['run_s'] / b['bare_vps']:.3f}",
                _fmt(ev, ","),
                _fmt(None if ev is None else ev / b["run_s"], ",.0f"),
                f"{b['rss_peak_mb']:.0f}",
                _fmt(r.memory and r.memory["traced_world_mb"], ".1f"),
                _fmt(r.memory and r.memory["traced_peak_mb"], ".1f"),
            )
        )
    width = [max(len(h), *(len(x[i]) for x in lines)) for i, h in enumerate(head)]
    sep = "  "

    def line(cells: tuple[str, ...]) -> str:
        # text columns (case, model) left-aligned, numbers right-aligned
        pairs = enumerate(zip(cells, width, strict=True))
        return sep.join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in pairs)

    print(line(head))
    print(sep.join("-" * w for w in width))
    for x in lines:
        print(line(x))


def print_notes(cases: list[str], repeat: int, traced: bool) -> None:
    """What each column means."""
    passes = f"best of {repeat} timing passes, each" if repeat > 1 else "one timing pass"
    print()
    for c in cases:
        print(f"  {c}: {CASES[c][0]}")
    print(f"""
  visits    rows of the visits table: every planned visit simulated (missed ones included),
            warm-up days included; performed (not missed) visits are listed per case above
  build s   build_world (homes, clients, care plans, staff, alarms, client courses)
  run s     ModelRun(world, model, …).run(): the SimPy run plus turning records into DataFrames,
            world building excluded; {passes} in a fresh process per (case, model)
  visits/s  visits / run s;  events = SimPy events processed (from env._eid after the run)
  x bare    visits/s as a share of a bare SimPy loop's on the same number of visits (one
  loop      travel and one service timeout per visit, 400 processes: experiments/bare_loop.py),
            measured in the same child process right after the run (issue 10's target: 0.2)
  peak RSS  ru_maxrss of the child process (interpreter + imports + world + run)
  heap      {
        "tracemalloc in a separate pass: Python heap held by the world after building, and"
        if traced
        else "(n/a without --tracemalloc) tracemalloc pass: Python heap of the world, and"
    }
            the peak of traced allocations during the model run (world included)""")


# ---------------------------------------------------------------------------------------------
# profiling (in this process)
# ---------------------------------------------------------------------------------------------
def profile(case: str, models: list[str], overrides: list[str], out_file: str | None) -> None:
    """Run ``case`` under cProfile and print the top functions by cumulative and by own time."""
    import sim
    from sim.experiment import model_run
    from sim.world.build import build_world

    cfg = sim.config(CASES[case][1] + overrides)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    world = build_world(cfg, 0)
    visits = 0
    for name in models:
        mr = model_run(world, name, cfg.models[name], record_activities=cfg.output.record_activities)
        visits += len(mr.run()["visits"])
    prof.disable()
    wall = time.perf_counter() - t0
    print(
        f"\n=== cProfile: case {case} ({CASES[case][0]}), world building + model(s) "
        f"{', '.join(models)}: {visits:,} visits, {wall:.1f} s under the profiler ==="
    )
    if out_file:
        prof.dump_stats(out_file)
        print(f"(raw stats written to {out_file}; view with `python -m pstats` or snakeviz)")
    for key, title in (("cumulative", "cumulative time"), ("tottime", "total (own) time")):
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        stats.sort_stats(key).print_stats(TOP_N)
        text = buf.getvalue()
        # drop pstats' preamble up to the column header, keep the table
        start = text.find("   ncalls")
        print(f"\n--- top {TOP_N} by {title} ---")
        print(text[start:].rstrip() if start >= 0 else text.rstrip())


# ---------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    """Parse options, run the benchmark (or the profile) and print the results."""
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="default scenario only (about 15 s)")
    ap.add_argument(
        "--cases",
        nargs="+",
        choices=list(CASES),
        metavar="CASE",
        help=f"cases to run, of {', '.join(CASES)} (default: {', '.join(DEFAULT_CASES)})",
    )
    ap.add_argument(
        "--models",
        nargs="+",
        choices=MODELS,
        default=list(MODELS),
        metavar="MODEL",
        help="models to run (default: minute trust)",
    )
    ap.add_argument("--repeat", type=int, default=1, help="timing passes per (case, model); best is shown")
    ap.add_argument(
        "--tracemalloc",
        action="store_true",
        help="add a tracemalloc pass per (case, model) for Python heap peaks (≈10× slower)",
    )
    ap.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra Hydra override for every case (repeatable)",
    )
    ap.add_argument(
        "--profile",
        nargs="?",
        const="",
        choices=["", *CASES],
        metavar="CASE",
        help="instead of benchmarking, run CASE under cProfile and print the top "
        f"{TOP_N} functions (default case: municipality, or default with --quick)",
    )
    ap.add_argument(
        "--profile-model",
        choices=[*MODELS, "all"],
        default="all",
        help="model(s) to profile (default: all, in one profile)",
    )
    ap.add_argument("--profile-out", metavar="FILE", help="also write the raw pstats file")
    ap.add_argument(
        "--end-to-end",
        action="store_true",
        help="also run each case through python -m sim (both models, outputs written, one core)",
    )
    args = ap.parse_args(argv)

    print("hemtjanst-sim engine benchmark")
    for line in machine_info():
        print("  " + line)

    if args.profile is not None:
        case = args.profile or ("default" if args.quick else "municipality")
        models = list(MODELS) if args.profile_model == "all" else [args.profile_model]
        profile(case, models, args.overrides, args.profile_out)
        return 0

    cases = args.cases or (["default"] if args.quick else list(DEFAULT_CASES))
    rows: list[Row] = []
    for case in cases:
        desc, overrides = CASES[case]
        overrides = overrides + args.overrides
        print(f"\n== {case}: {desc}")
        if args.overrides:
            print(f"   extra overrides: {' '.join(args.overrides)}")
        for model in args.models:
            row = Row(case, model)
            for i in range(max(1, args.repeat)):
                m = in_child(measure, overrides, model, False)
                row.timing.append(m)
                ev = m["events"]
                print(
                    f"   {model:<6} pass {i + 1}: build {m['build_s']:.2f} s, run {m['run_s']:.2f} s, "
                    f"{m['visits']:,} visits ({m['performed']:,} performed), {m['shifts']:,} shifts, "
                    f"{m['units']} units, {_fmt(ev, ',')} events, peak RSS {m['rss_peak_mb']:.0f} MB "
                    f"(after imports {m['rss_start_mb']:.0f}, after world {m['rss_world_mb']:.0f})"
                )
            if args.tracemalloc:
                row.memory = in_child(measure, overrides, model, True)
                print(
                    f"   {model:<6} tracemalloc: world {row.memory['traced_world_mb']:.1f} MB, "
                    f"run peak {row.memory['traced_peak_mb']:.1f} MB "
                    f"(run took {row.memory['run_s']:.1f} s under tracemalloc)"
                )
            rows.append(row)
        if args.end_to_end:
            from end_to_end import report

            report(case, overrides)

    print("\n== summary (one replication; times are wall-clock seconds on one core)\n")
    print_table(rows)
    print_notes(cases, args.repeat, args.tracemalloc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
