"""Sweeps: Hydra multiruns whose points resume, report progress and are collected.

A sweep is ``python -m sim -m key=a,b,c`` or an experiment file that sets
``hydra.sweeper.params``. Each point is an ordinary run in its own folder
(``<sweep dir>/<job number>``), written atomically by :mod:`sim.io` and stamped
with a hash of its resolved config. Re-running the same sweep into the same
``hydra.sweep.dir`` skips every point whose folder already holds a finished run
with the same hash, so an interrupted sweep resumes without losing or redoing
work. When all points are done, :class:`SweepCallback` merges them into

* ``sweep_summary.csv`` — the swept keys as columns, then ``model, metric, mean,
  ci_low, ci_high, n``;
* ``sweep_metrics.parquet`` — every point's per-replication metrics;
* ``plots/`` — each headline metric against the swept parameter, one line per
  model with its 95% confidence band, and the paired differences;
* ``report.html`` — the sweep's report (:mod:`sim.report.sweep_report`).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.experimental.callback import Callback
from omegaconf import DictConfig, OmegaConf

from sim.io import DONE_MARKER, write_atomic

PLAN = "sweep_plan.json"
# keys that do not change a point's results
_NOT_HASHED = ("n_jobs", "output")


def config_hash(cfg: DictConfig | dict[str, Any]) -> str:
    """Digest of a run's resolved config (without Hydra's own node and result-neutral keys)."""
    plain = OmegaConf.to_container(cfg, resolve=True) if isinstance(cfg, DictConfig) else dict(cfg)
    assert isinstance(plain, dict)
    plain = {k: v for k, v in plain.items() if k not in ("hydra", *_NOT_HASHED)}
    text = json.dumps(plain, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def finished(run_dir: Path, digest: str) -> bool:
    """Whether ``run_dir`` holds a complete run of the config with hash ``digest``
    (its ``run_info.json`` with that hash, and every file it lists)."""
    info = run_dir / DONE_MARKER
    if not info.exists():
        return False
    try:
        data = json.loads(info.read_text())
    except (OSError, ValueError):
        return False
    if data.get("config_hash") != digest:
        return False
    return all((run_dir / name).is_file() for name in data.get("files", []))


def sweeper_params(config: DictConfig) -> dict[str, Any]:
    """``hydra.sweeper.params`` of a config with its Hydra node ({} when unset or null)."""
    node = config.hydra.sweeper.get("params")
    if node is None:
        return {}
    params = OmegaConf.to_container(node, resolve=False) if isinstance(node, DictConfig) else dict(node)
    assert isinstance(params, dict)
    return {str(k): v for k, v in params.items()}


def sweep_overrides(task_overrides: list[str], sweeper_params: dict[str, Any] | None) -> list[str]:
    """``hydra.sweeper.params`` plus the command-line overrides, merged as Hydra's basic sweeper
    does: keyed by the override's key (with its ``+``/``~`` prefix), the command line wins, and
    a key keeps the place where it first appeared (so points are numbered as Hydra numbers them)."""
    raw = [*(f"{k}={v}" for k, v in (sweeper_params or {}).items()), *task_overrides]
    parsed = OverridesParser.create().parse_overrides(raw)
    merged: dict[str, str] = {}
    for text, o in zip(raw, parsed, strict=True):
        merged[o.get_key_element()] = text
    return list(merged.values())


def expand(overrides: list[str]) -> tuple[list[str], list[list[str]]]:
    """(swept keys, every combination of single-value overrides) of a sweep specification."""
    parsed = OverridesParser.create().parse_overrides(overrides)
    keys, choices = [], []
    for raw, o in zip(overrides, parsed, strict=True):
        if o.is_sweep_override():
            key = o.get_key_element()
            keys.append(key.lstrip("+~"))
            choices.append([f"{key}={v}" for v in o.sweep_string_iterator()])
        else:
            choices.append([raw])
    return keys, [list(c) for c in itertools.product(*choices)]


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _point_values(overrides: list[str], keys: list[str]) -> dict[str, Any]:
    given = dict(o.lstrip("+~").split("=", 1) for o in overrides if "=" in o)
    return {k: _value(given[k]) if k in given else None for k in keys}


def point_dirs(sweep_dir: Path, n_points: int | None = None) -> list[Path]:
    """Folders of the finished points under ``sweep_dir``, in job order.

    With ``n_points``, numbered folders from a larger earlier sweep into the same
    folder (job number ``>= n_points``) are left out.
    """
    found = [p.parent for p in sweep_dir.glob(f"*/{DONE_MARKER}")]
    if n_points is not None:
        found = [p for p in found if not p.name.isdigit() or int(p.name) < n_points]
    return sorted(found, key=lambda p: (0, int(p.name), "") if p.name.isdigit() else (1, 0, p.name))


def collect(
    sweep_dir: Path, keys: list[str], n_points: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sweep summary, per-replication metrics) of every finished point under ``sweep_dir``."""
    summaries: list[pd.DataFrame] = []
    metrics: list[pd.DataFrame] = []
    for point in point_dirs(sweep_dir, n_points):
        info_path = point / DONE_MARKER
        info = json.loads(info_path.read_text())
        values = _point_values(info.get("overrides", []), keys)
        s = pd.read_csv(point / "summary.csv")
        m = pd.read_parquet(point / "metrics.parquet")
        for frame, bucket in ((s, summaries), (m, metrics)):
            for i, (k, v) in enumerate(values.items()):
                frame.insert(i, k, v)
            frame.insert(len(values), "point", point.name)
            bucket.append(frame)
    if not summaries:
        return pd.DataFrame(), pd.DataFrame()
    summary: pd.DataFrame = pd.concat(summaries, ignore_index=True)
    summary = summary.sort_values([*keys, "point"], kind="stable").drop(columns="point")
    return summary, pd.concat(metrics, ignore_index=True)


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _plan_path(sweep_dir: Path) -> Path:
    return sweep_dir / PLAN


def _is_sensitivity(config: DictConfig) -> bool:
    return bool(OmegaConf.select(config, "sensitivity.enabled", default=False))


class SweepCallback(Callback):
    """Hydra callback: plan, progress and collection of a multirun."""

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        """Record how many points the sweep has, for progress messages."""
        if _is_sensitivity(config):
            return  # the sensitivity sweeper plans its stages itself
        sweep_dir = Path(str(config.hydra.sweep.dir))
        task = [str(t) for t in config.hydra.overrides.task]
        params = sweeper_params(config)
        keys, combos = expand(sweep_overrides(task, params))
        plan = {"points": len(combos), "swept": keys, "started": time.time()}
        write_atomic(_plan_path(sweep_dir), lambda p: _write_text(p, json.dumps(plan)))
        print(
            f"Sweep of {len(combos)} points over {', '.join(keys) or '(no swept key)'} into {sweep_dir}",
            file=sys.stderr,
            flush=True,
        )

    def on_job_end(self, config: DictConfig, job_return: Any, **kwargs: Any) -> None:
        """Print how many points are done and an estimate of the time left."""
        sweep_dir = Path(str(config.hydra.sweep.dir))
        plan_file = _plan_path(sweep_dir)
        if not plan_file.exists():
            return  # a single run
        plan = json.loads(plan_file.read_text())
        total = max(1, int(plan["points"]))
        done = len(point_dirs(sweep_dir, total))
        elapsed = time.time() - float(plan["started"])
        left = elapsed / max(1, done) * (total - done)
        print(
            f"[sweep] {done}/{total} points done, {elapsed:.0f} s elapsed, ~{left:.0f} s left",
            file=sys.stderr,
            flush=True,
        )

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Merge the points into the sweep summary, the metrics table and the plots.

        Hydra turns an exception raised here into a warning and exits with 0; a sweep
        whose merge failed must not look finished, so this exits with 1 instead (the
        points stay on disk: re-running the same command only redoes the merge).
        """
        if _is_sensitivity(config):
            return  # the sensitivity sweeper writes its own analysis
        sweep_dir = Path(str(config.hydra.sweep.dir))
        try:
            merge(sweep_dir)
        except Exception as exc:
            print(f"error: [sweep] merging {sweep_dir} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            raise SystemExit(1) from exc


def merge(sweep_dir: Path) -> None:
    """Write ``sweep_summary.csv``, ``sweep_metrics.parquet``, ``plots/`` and ``report.html``
    of a sweep folder."""
    plan_file = _plan_path(sweep_dir)
    plan = json.loads(plan_file.read_text()) if plan_file.exists() else {}
    keys, n = plan.get("swept", []), plan.get("points")
    summary, metrics = collect(sweep_dir, keys, n)
    if summary.empty:
        print(f"[sweep] no finished points in {sweep_dir}", file=sys.stderr)
        return
    write_atomic(sweep_dir / "sweep_summary.csv", lambda p: summary.to_csv(p, index=False))
    write_atomic(sweep_dir / "sweep_metrics.parquet", lambda p: metrics.to_parquet(p, index=False))
    commits = sorted(
        {str(json.loads((p / DONE_MARKER).read_text()).get("git_commit")) for p in point_dirs(sweep_dir, n)}
    )
    if len(commits) > 1:
        print(
            f"[sweep] warning: the points were computed by different code ({', '.join(commits)}); "
            "re-run the sweep into a new folder to compare like with like",
            file=sys.stderr,
        )
    # plots/ (each headline metric and the paired differences against the swept key) and
    # report.html, in the first point's report.lang, unless its report.enabled is false
    from sim.report.sweep_report import first_point_config, write_sweep_report

    first = first_point_config(sweep_dir)
    if first is None or first.report.enabled:
        write_sweep_report(sweep_dir, summary, metrics, keys)
    print(f"[sweep] {metrics['point'].nunique()} points merged into {sweep_dir}", file=sys.stderr)
