"""``python -m sim``: the Hydra app that runs a side-by-side comparison.

Before Hydra starts, the overrides are composed and checked once (every
combination of a ``-m`` sweep too: sim/cli_checks.py), so a wrong key, type or
value stops the run with one line naming the key and what is allowed — with no
traceback and without creating a results folder; a run that fails later leaves
nothing of its own behind. The rules are listed in docs/errors.md.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import shutil
import sys
import time
from pathlib import Path

import hydra
import pandas as pd
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf

from sim import spool
from sim.cli_checks import (
    check_overrides,
    cleanup_after_error,
    cleanup_failed,
    config_search,
    missing_parents,
    output_dir,
    quote_argv,
    split_argv,
)
from sim.config import CONFIG_DIR, ConfigError, to_run_config
from sim.config.schema import RunConfig, register
from sim.engine.errors import InvariantError
from sim.experiment import EVENT_TABLES, Results, multiple_replications
from sim.interrupt import exit_code, handle_stops, stopped_by, stopped_line, workers_deaf_to_ctrl_c
from sim.io import new_spool, write_results, write_tables
from sim.metrics.definitions import HEADLINE, METRICS
from sim.metrics.na import na_texts
from sim.plausibility import plausibility_warnings
from sim.progress import RunProgress, TaskProgress
from sim.run_folder import check_writable, claim, release
from sim.sweep import config_hash, finished
from sim.tables import PLAN_METRICS, bridge_lines, paper_figures, side_by_side
from sim.world.imported import REPLAY

log = logging.getLogger("sim")
register()  # the Hydra app below composes configs/config.yaml, which names the schema


# the RunConfig main() checked for a single run (empty for a multirun, or when _app runs alone)
_CHECKED: list[RunConfig] = []


@hydra.main(config_path=str(CONFIG_DIR), config_name="config", version_base="1.3")
def _app(cfg: DictConfig) -> None:
    hc = HydraConfig.get()
    run_dir = Path(hc.runtime.output_dir)
    try:
        # a single run was composed and checked before Hydra started, from the same command line:
        # its RunConfig is used as it is (converting again costs a second, and a unit's files
        # would be read twice)
        run = _CHECKED[0] if hc.mode == RunMode.RUN and len(_CHECKED) == 1 else to_run_config(cfg)
    except ConfigError as exc:  # e.g. a sweep point beyond the ones checked before Hydra started
        cleanup_after_error(run_dir)
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    try:
        _run(cfg, run, run_dir)
    except InvariantError as exc:  # the simulated world broke a rule: one line, nothing kept
        cleanup_after_error(run_dir)
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(3)
    except BaseException:
        cleanup_after_error(run_dir)  # a finished run (its run_info.json written) is kept
        raise


def _run(cfg: DictConfig, run: RunConfig, run_dir: Path) -> None:
    hc = HydraConfig.get()
    if hc.mode == RunMode.MULTIRUN and "joblib" in str(getattr(hc.launcher, "_target_", "")):
        # the local launcher already runs one sweep point per core
        run = dataclasses.replace(run, n_jobs=1)
    digest = config_hash(cfg)
    overrides = [str(o) for o in hc.overrides.task]
    if finished(run_dir, digest):
        print(f"Already done, kept: {run_dir} ({' '.join(overrides)})", file=sys.stderr)
        return
    if run.transition.enabled:
        _transition(run_dir, run, OmegaConf.to_yaml(cfg, resolve=True), digest, overrides)
        return
    if run.equal_budget.enabled:
        _equal_budget(run_dir, run, OmegaConf.to_yaml(cfg, resolve=True), digest, overrides)
        return
    labels = {m: run.models[m].label for m in run.compare}
    print(
        f"Scenario {run.scenario.name}: {', '.join(labels.values())}; {run.replications} replications "
        f"of {run.horizon_days} days after {run.warmup_days} warm-up days (seed {run.seed})",
        file=sys.stderr,
    )
    if run.data.dir is not None:  # the unit's plan on paper, before anything is simulated
        from sim.experiment import plan_audit_table

        audit = plan_audit_table(run)
        if not audit.empty:
            figures = paper_figures(audit)
            said = ", ".join(
                f"{k.replace('_', ' ')} {figures[k]:.1%}" for k in ("care_time_share", "travel_time_share")
            )
            print(f"The unit's plan on paper: {said} of paid time (plan_audit.csv)", file=sys.stderr)
    t0 = time.perf_counter()
    reps = run.precision.max_replications if run.precision.metric else run.replications
    shown = RunProgress(reps, labels, run.warmup_days + run.horizon_days)
    # sweep points skip their own report; the sweep gets one when it ends
    report = run.report.enabled and hc.mode != RunMode.MULTIRUN
    # event tables go to disk as they are recorded, so memory does not grow with the horizon
    parts = new_spool(run_dir)
    try:
        try:
            results = multiple_replications(
                run,
                keep_events=run.output.write_event_tables or report,
                progress=shown.replication_done,
                on_day=shown.on_day,
                spool=parts,
            )
        finally:
            shown.close()
        wall = time.perf_counter() - t0
        write_results(
            run_dir,
            results,
            OmegaConf.to_yaml(cfg, resolve=True),
            {
                "wall_time_s": round(wall, 2),
                "replications": int(results.metrics["replication"].nunique()),
                "models": run.compare,
                "config_hash": digest,
                "overrides": overrides,
            },
            write_events=run.output.write_event_tables,
        )
        if report:
            _report(run_dir, results, run)
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    if run.output.print_table:
        paper = paper_figures(results.plan_audit)
        if paper:  # a unit's own plan: on paper, under simulated reality, both models
            order = [REPLAY, *(m for m in run.compare if m != REPLAY)]
            print(side_by_side(results.summary, pd.DataFrame(), order, labels, PLAN_METRICS, paper))
            print()
        print(side_by_side(results.summary, results.comparison, run.compare, labels))
        for line in bridge_lines(results.cost_bridge, labels, run.compare[0]):
            print(line)
        listed = set(HEADLINE) | (set(PLAN_METRICS) if paper else set())
        for metric, why in na_texts(run, results.summary, "en").items():
            if metric in listed:
                print(f"n/a: {METRICS[metric].label}: {why}")
        for line in plausibility_warnings(results.summary, run, labels, paper):
            print(f"warning: {line}", file=sys.stderr)
    print(f"Results in {run_dir}", file=sys.stderr)


def _transition(run_dir: Path, run: RunConfig, config_yaml: str, digest: str, overrides: list[str]) -> None:
    from sim.transition import run_transition, summary_lines, switch_months

    t = run.transition
    print(
        f"Transition {t.from_model} -> {t.to_model} in {run.scenario.name}: arms {', '.join(t.arms)}; "
        f"{run.replications} replications of {run.horizon_days} days after {run.warmup_days} warm-up days",
        file=sys.stderr,
    )
    t0 = time.perf_counter()
    shown = TaskProgress(run.replications * len(t.arms) * len(run.scenario.districts), "district-run")
    try:
        out = run_transition(run, progress=shown.done)
    finally:
        shown.close()
    info = {
        "wall_time_s": round(time.perf_counter() - t0, 2),
        "replications": run.replications,
        "arms": list(t.arms),
        "config_hash": digest,
        "overrides": overrides,
    }
    tables = {
        "transition_monthly.parquet": out["monthly"],
        "transition_summary.csv": out["summary"],
        "transition_payback.csv": out["payback"],
        "transition_costs.csv": out["costs"],
        "transition_cost_bridge.csv": out["cost_bridge"],
    }
    write_tables(run_dir, tables, config_yaml, info)
    if run.report.enabled:
        from sim.plots.transition import plot_transition

        marks = switch_months(run)
        for district in ["all", *run.scenario.districts]:
            plot_transition(out["summary"], marks, run_dir / "plots", district, run.report.lang)
        from sim.report.transition_report import write_transition_report

        print(f"Report: {write_transition_report(run_dir, out, run, marks)}", file=sys.stderr)
    for line in summary_lines(run, out["payback"]):
        print(line)
    print(f"Results in {run_dir}", file=sys.stderr)


def _equal_budget(run_dir: Path, run: RunConfig, config_yaml: str, digest: str, overrides: list[str]) -> None:
    from sim.equal_budget import Evaluation, run_equal_budget, summary_lines

    e = run.equal_budget
    what = (
        f"{e.model}'s staffing at {e.reference}'s {e.cost_metric}"
        if e.goal == "equal_cost"
        else f"each model's staffing at {e.quality_metric} = {e.quality_target:g}"
    )
    print(
        f"Equal budget in {run.scenario.name}: {what}, "
        f"capacity_factor in [{e.bracket[0]:g}, {e.bracket[1]:g}], "
        f"within ±{e.tolerance:.1%}; {run.replications} replications of {run.horizon_days} days per level",
        file=sys.stderr,
    )
    t0 = time.perf_counter()

    def tell(model: str, ev: Evaluation) -> None:
        print(
            f"[equal budget] {model} capacity_factor {ev.factor:.4f}: {ev.value:,.1f} "
            f"(gap {ev.rel_gap:+.2%}, 95% CI {ev.ci_low / ev.scale:+.2%} to {ev.ci_high / ev.scale:+.2%}) "
            f"in {ev.seconds:.0f} s",
            file=sys.stderr,
            flush=True,
        )

    out = run_equal_budget(run, tell)
    found = {
        s.model: {
            "status": s.status,
            "message": s.message,
            "capacity_factor": s.best.factor if s.best else None,
        }
        for s in out.searches
    }
    info = {
        "wall_time_s": round(time.perf_counter() - t0, 2),
        "replications": run.replications,
        "models": run.compare,
        "config_hash": digest,
        "overrides": overrides,
        "equal_budget": found,
    }
    tables = out.tables()
    write_tables(run_dir, tables, config_yaml, info)
    if run.report.enabled:
        from sim.report.equal_budget_report import write_equal_budget_report

        print(f"Report: {write_equal_budget_report(run_dir, out, run)}", file=sys.stderr)
    for line in summary_lines(out):
        print(line)
    print(f"Results in {run_dir}", file=sys.stderr)


def _report(run_dir: Path, results: Results, run: RunConfig) -> None:
    from sim.plots.run import as_tables
    from sim.report import write_run_report

    tables = as_tables(results)
    if results.spool is not None:
        tables.update({k: spool.read_table(results.spool, k) for k in EVENT_TABLES})
    try:
        print(f"Report: {write_run_report(run_dir, tables, run)}", file=sys.stderr)
    except Exception as exc:  # the results are safe on disk; the report can be rebuilt
        print(f"warning: report failed ({exc}); rebuild with python -m sim.report {run_dir}", file=sys.stderr)


def main() -> None:
    """Entry point of ``python -m sim``: check everything, then hand over to Hydra. Ctrl-C or
    SIGTERM at any point end it with one line (sim/interrupt.py), the unfinished work removed."""
    folder: Path | None = None
    multirun = False
    try:
        with handle_stops():
            folder, multirun = _main()
    except KeyboardInterrupt as exc:
        print(f"\n{stopped_line(exc, folder, multirun)}", file=sys.stderr)
        sys.exit(exit_code(exc))


def _main() -> tuple[Path | None, bool]:
    argv = sys.argv[1:]
    _CHECKED.clear()
    overrides, multirun, info = split_argv(argv)
    if info:
        sys.argv = [sys.argv[0], *quote_argv(argv)]
        _app()
        return None, False
    search = config_search(argv)
    try:
        checked = check_overrides(overrides, multirun, search)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    for w in checked.warnings:
        print(f"warning: {w}", file=sys.stderr)
    _CHECKED[:] = checked.runs if not multirun else []
    if checked.estimate:
        print(checked.estimate, file=sys.stderr)
    folder, pin = output_dir(argv, multirun, search, checked.run_dir)
    created = missing_parents(folder) if folder is not None else []
    lock = None
    if folder is not None:  # a folder that cannot be written, or another run's: one line, nothing run
        key = "hydra.sweep.dir" if multirun else "hydra.run.dir"
        try:
            check_writable(folder, key)
            lock = claim(folder, key)
        except ConfigError as exc:
            for p in created:  # what claim() made, deepest first (another run's folder is left)
                with contextlib.suppress(OSError):
                    p.rmdir()
            print(f"error: {exc}", file=sys.stderr)
            sys.exit(2)
    sys.argv = [sys.argv[0], *quote_argv(argv), *([pin] if pin else [])]
    # the command stops a sweep, parallel replications or district runs itself: the worker
    # processes joblib starts need not hear a terminal's Ctrl-C (sim/interrupt.py)
    workers_deaf_to_ctrl_c()
    try:
        _app()
    except BaseException as exc:
        release(lock)  # first: the folder is removed below when nothing else is in it
        if folder is not None and not (isinstance(exc, SystemExit) and exc.code in (0, None)):
            cleanup_failed(folder, created, multirun)
        stop = exc if isinstance(exc, KeyboardInterrupt) else stopped_by()
        if stop is not None:
            print(f"\n{stopped_line(stop, folder, multirun)}", file=sys.stderr)
            sys.exit(exit_code(stop))
        raise
    release(lock)
    return folder, multirun
