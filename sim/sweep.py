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
  model with its 95% confidence band.
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
    """Whether ``run_dir`` holds a complete run of the config with hash ``digest``."""
    info = run_dir / DONE_MARKER
    if not info.exists():
        return False
    try:
        return bool(json.loads(info.read_text()).get("config_hash") == digest)
    except (OSError, ValueError):
        return False


def sweep_overrides(task_overrides: list[str], sweeper_params: dict[str, Any] | None) -> list[str]:
    """Command-line overrides plus ``hydra.sweeper.params`` (the command line wins), as Hydra does."""
    given = {o.split("=", 1)[0].lstrip("+~") for o in task_overrides}
    extra = [f"{k}={v}" for k, v in (sweeper_params or {}).items() if k not in given]
    return [*extra, *task_overrides]


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


def collect(sweep_dir: Path, keys: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sweep summary, per-replication metrics) of every finished point under ``sweep_dir``."""
    summaries: list[pd.DataFrame] = []
    metrics: list[pd.DataFrame] = []
    for info_path in sorted(sweep_dir.glob(f"*/{DONE_MARKER}")):
        point = info_path.parent
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


class SweepCallback(Callback):
    """Hydra callback: plan, progress and collection of a multirun."""

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        """Record how many points the sweep has, for progress messages."""
        sweep_dir = Path(str(config.hydra.sweep.dir))
        task = [str(t) for t in config.hydra.overrides.task]
        params = OmegaConf.to_container(config.hydra.sweeper.get("params") or {})
        assert isinstance(params, dict)
        keys, combos = expand(sweep_overrides(task, {str(k): v for k, v in params.items()}))
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
        done = len(list(sweep_dir.glob(f"*/{DONE_MARKER}")))
        total = max(1, int(plan["points"]))
        elapsed = time.time() - float(plan["started"])
        left = elapsed / max(1, done) * (total - done)
        print(
            f"[sweep] {done}/{total} points done, {elapsed:.0f} s elapsed, ~{left:.0f} s left",
            file=sys.stderr,
            flush=True,
        )

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Merge the points into the sweep summary, the metrics table and the plots."""
        sweep_dir = Path(str(config.hydra.sweep.dir))
        plan_file = _plan_path(sweep_dir)
        keys = json.loads(plan_file.read_text())["swept"] if plan_file.exists() else []
        summary, metrics = collect(sweep_dir, keys)
        if summary.empty:
            print(f"[sweep] no finished points in {sweep_dir}", file=sys.stderr)
            return
        write_atomic(sweep_dir / "sweep_summary.csv", lambda p: summary.to_csv(p, index=False))
        write_atomic(sweep_dir / "sweep_metrics.parquet", lambda p: metrics.to_parquet(p, index=False))
        if keys:
            from sim.plots.sweep import plot_sweep

            plot_sweep(summary, keys, sweep_dir / "plots")
        print(f"[sweep] {metrics['point'].nunique()} points merged into {sweep_dir}", file=sys.stderr)
