"""``python -m sim``: the Hydra app that runs a side-by-side comparison.

Before Hydra starts, the overrides are composed and checked once (every
combination of a ``-m`` sweep too), so a wrong key, type or value stops the run
with one line naming the key and what is allowed — with no traceback and
without creating a results folder.
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
from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf

from sim import spool
from sim.config import CONFIG_DIR, ConfigError, checked_config, load_config, to_run_config
from sim.config.errors import one_line
from sim.config.schema import RunConfig
from sim.experiment import EVENT_TABLES, Results, multiple_replications
from sim.io import new_spool, write_results, write_tables
from sim.progress import RunProgress, TaskProgress
from sim.sweep import config_hash, expand, finished, sweep_overrides
from sim.tables import side_by_side

log = logging.getLogger("sim")
MAX_CHECKED_COMBINATIONS = 1000
_HYDRA_FLAGS_WITH_VALUE = {
    "--config-path",
    "-cp",
    "--config-name",
    "-cn",
    "--config-dir",
    "-cd",
    "--cfg",
    "-c",
    "--package",
    "-p",
    "--experimental-rerun",
    "--info",
    "-i",
    "--shell-completion",
    "-sc",
}


def _overrides(argv: list[str]) -> tuple[list[str], bool, bool]:
    """(config overrides, is_multirun, only_info) from the command line."""
    out, multirun, info = [], False, False
    skip = False
    for a in argv:
        if skip:
            skip = False
            continue
        if a in ("-m", "--multirun"):
            multirun = True
        elif a in ("-h", "--help", "--hydra-help", "--version", "-i", "--info", "--cfg", "-c"):
            info = True
            skip = a in _HYDRA_FLAGS_WITH_VALUE
        elif a.startswith("-"):
            skip = a in _HYDRA_FLAGS_WITH_VALUE
        elif not (a.startswith("hydra.") or a.startswith("hydra/") or a.startswith("+hydra")):
            out.append(a)
    return out, multirun, info


def config_search(argv: list[str]) -> list[str]:
    """Config folders the command line adds to Hydra's search path: ``--config-dir DIR``
    (``-cd``, ``--config-dir=DIR``) and ``hydra.searchpath=[...]``."""
    out: list[str] = []
    for i, a in enumerate(argv):
        if a in ("--config-dir", "-cd") and i + 1 < len(argv):
            out.append(argv[i + 1])
        elif a.startswith(("--config-dir=", "-cd=")):
            out.append(a.split("=", 1)[1])
        elif a.startswith(("hydra.searchpath=", "+hydra.searchpath=", "++hydra.searchpath=")):
            value = OverridesParser.create().parse_overrides([a.lstrip("+")])[0].value()
            out += [str(v) for v in (value if isinstance(value, list) else [value])]
    return out


def _combinations(overrides: list[str], search: list[str] | None = None) -> list[list[str]]:
    """The single-value override lists a multirun will run, including ``hydra.sweeper.params``
    set by an experiment file (at most ``MAX_CHECKED_COMBINATIONS`` of them)."""
    parsed = OverridesParser.create().parse_overrides(overrides)
    fixed = [raw for raw, o in zip(overrides, parsed, strict=True) if not o.is_sweep_override()]
    hydra_cfg = load_config(fixed, return_hydra_config=True, search=search)
    node = hydra_cfg.hydra.sweeper.get("params")
    params = OmegaConf.to_container(node) if node is not None else {}
    assert isinstance(params, dict)
    _, combos = expand(sweep_overrides(overrides, {str(k): v for k, v in params.items()}))
    return combos[:MAX_CHECKED_COMBINATIONS]


def check_overrides(overrides: list[str], multirun: bool, search: list[str] | None = None) -> None:
    """Compose and validate the config for these overrides (with the config folders
    ``search`` on the search path); raise ConfigError with one line."""
    try:
        combos = _combinations(overrides, search) if multirun else [overrides]
        for combo in combos:
            checked_config(combo, search)
    except ConfigError:
        raise
    except Exception as exc:  # Hydra/OmegaConf composition errors
        raise ConfigError(*one_line(exc)) from exc


def _cleanup_after_error(run_dir: Path) -> None:
    """Remove what Hydra created in ``run_dir`` for a run that stopped on bad input."""
    shutil.rmtree(run_dir / ".hydra", ignore_errors=True)
    for p in run_dir.glob("*.log"):
        p.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        run_dir.rmdir()


@hydra.main(config_path=str(CONFIG_DIR), config_name="config", version_base="1.3")
def _app(cfg: DictConfig) -> None:
    hc = HydraConfig.get()
    run_dir = Path(hc.runtime.output_dir)
    try:
        run = to_run_config(cfg)
    except ConfigError as exc:
        _cleanup_after_error(run_dir)
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
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
        print(side_by_side(results.summary, results.comparison, run.compare, labels))
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
    """Entry point of ``python -m sim``."""
    overrides, multirun, info = _overrides(sys.argv[1:])
    if not info:
        try:
            check_overrides(overrides, multirun, config_search(sys.argv[1:]))
        except ConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            sys.exit(2)
    _app()
