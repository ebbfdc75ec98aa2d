"""What ``python -m sim`` does before Hydra starts, and after a run that failed.

Before: the overrides are composed and checked once (every combination of a ``-m`` sweep too),
so a wrong key, type or value stops the run with one line naming the key and what is allowed,
with no traceback and without creating a results folder; warnings and the run-time estimate
are printed. After: a run that stopped leaves nothing of its own behind (no ``.hydra/``, no
``cli.log``, no partial tables, no folders Hydra made for it). Rules: docs/errors.md.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from hydra.core.override_parser.overrides_parser import OverridesParser
from omegaconf import OmegaConf

from sim.config import ConfigError, checked_config_and_warnings, load_config
from sim.config.errors import one_line
from sim.config.estimate import estimate_line
from sim.config.overrides import check_syntax, quote_letters
from sim.config.schema import RunConfig
from sim.io import DONE_MARKER
from sim.sweep import expand, sweep_overrides

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
_SAFE_DIR = re.compile(r"[\w./\-]+")


def split_argv(argv: list[str]) -> tuple[list[str], bool, bool]:
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


def quote_argv(argv: list[str]) -> list[str]:
    """The command line with values such as ``Umeå`` quoted for Hydra's grammar (flags and
    their values unchanged)."""
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
            out.append(a)
        elif a.startswith("-"):
            skip = a in _HYDRA_FLAGS_WITH_VALUE
            out.append(a)
        else:
            out.extend(quote_letters([a]))
    return out


def combinations(overrides: list[str], search: list[str] | None = None) -> tuple[list[list[str]], int]:
    """(the single-value override lists a multirun will run, up to ``MAX_CHECKED_COMBINATIONS``
    of them, including ``hydra.sweeper.params`` set by an experiment file; how many in all)."""
    parsed = OverridesParser.create().parse_overrides(overrides)
    fixed = [raw for raw, o in zip(overrides, parsed, strict=True) if not o.is_sweep_override()]
    hydra_cfg = load_config(fixed, return_hydra_config=True, search=search)
    node = hydra_cfg.hydra.sweeper.get("params")
    params = OmegaConf.to_container(node) if node is not None else {}
    assert isinstance(params, dict)
    _, combos = expand(sweep_overrides(overrides, {str(k): v for k, v in params.items()}))
    return combos[:MAX_CHECKED_COMBINATIONS], len(combos)


@dataclass
class Checked:
    """What the up-front check found: the runs' configs, warnings and the run-time estimate."""

    runs: list[RunConfig] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    estimate: str | None = None
    run_dir: str | None = None  # a single run's hydra.run.dir, resolved while checking


def check_overrides(overrides: list[str], multirun: bool, search: list[str] | None = None) -> Checked:
    """Compose and validate the config for these overrides (with the config folders ``search``
    on the search path); raise :class:`ConfigError` with one line (a short list for several
    problems of one config). Returns the configs, their warnings (each once) and the estimate."""
    out = Checked()
    try:
        overrides = quote_letters(overrides)
        check_syntax(overrides, multirun)
        combos, total = combinations(overrides, search) if multirun else ([overrides], 1)
        for combo in combos:
            seen: list[str] | None = None if multirun else []
            run, warns = checked_config_and_warnings(combo, search, run_dir=seen)
            out.run_dir = seen[0] if seen else None
            out.runs.append(run)
            out.warnings += [w for w in warns if w not in out.warnings]
    except ConfigError:
        raise
    except Exception as exc:  # Hydra/OmegaConf composition errors
        raise ConfigError(*one_line(exc)) from None
    if not any(r.sensitivity.enabled for r in out.runs):  # its sweeper plans its own stages
        out.estimate = estimate_line(out.runs, total if multirun else None)
    return out


def output_dir(
    argv: list[str], multirun: bool, search: list[str] | None = None, known: str | None = None
) -> tuple[Path | None, str]:
    """(the folder Hydra will make for this run or sweep, the ``hydra.*.dir`` override to pin it
    with; '' when the command line already names it). Hydra's default folder names the second
    it was composed, so it is composed once here and given to Hydra: a run that fails then knows
    exactly what to remove. (None, '') when the folder cannot be known safely."""
    key = "hydra.sweep.dir" if multirun else "hydra.run.dir"
    for a in argv:
        if a.lstrip("+").startswith(f"{key}="):
            value = a.split("=", 1)[1].strip("'\"")
            return (Path(value), "") if _SAFE_DIR.fullmatch(value) else (None, "")
    try:
        if known is not None and not multirun:  # resolved while the config was checked
            value = known
        else:
            overrides, _, _ = split_argv(argv)
            fixed = [o for o in quote_letters(overrides) if not _is_sweep(o)]
            hc = load_config(fixed, return_hydra_config=True, search=search)
            value = str(OmegaConf.select(hc, key))
    except Exception:  # nothing pinned: Hydra names the folder itself
        return None, ""
    if not _SAFE_DIR.fullmatch(value):
        return None, ""
    return Path(value), f"{key}={value}"


def _is_sweep(override: str) -> bool:
    try:
        return bool(OverridesParser.create().parse_overrides([override])[0].is_sweep_override())
    except Exception:
        return False


def missing_parents(folder: Path) -> list[Path]:
    """``folder`` and those of its parents that do not exist yet (deepest first)."""
    out, p = [], folder.absolute()
    while not p.exists() and p != p.parent:
        out.append(p)
        p = p.parent
    return out


# What a run writes into its folder (sim/io.py, sim/cli.py), besides run_info.json: without
# run_info.json these are the leftovers of a write that stopped midway, not results.
_RESULTS = (
    "config.yaml",
    "summary.csv",
    "comparison.csv",
    "costs.csv",
    "metrics.parquet",
    *(f"{t}.parquet" for t in ("visits", "shifts", "alarms", "staff_days", "activities")),
    "transition_*",
    "equal_budget_*",
)


def cleanup_after_error(run_dir: Path) -> None:
    """Remove what Hydra and an unfinished run created in ``run_dir`` (a run folder or a sweep
    point): ``.hydra/``, logs, staging folders and tables moved into place by a write that did
    not finish; a finished run (with ``run_info.json``) is kept."""
    if (run_dir / DONE_MARKER).exists():
        # finished: only a staging folder the stop caught while it was being removed goes
        for p in [*run_dir.glob(".partial-*"), *run_dir.glob(".spool-*")]:
            shutil.rmtree(p, ignore_errors=True)
        return
    hydra_made = (run_dir / ".hydra").is_dir()  # a run folder, not one of the user's own
    shutil.rmtree(run_dir / ".hydra", ignore_errors=True)
    ours = [*run_dir.glob("*.log"), *run_dir.glob(".partial-*"), *run_dir.glob(".spool-*")]
    for pattern in _RESULTS if hydra_made else ():
        ours += run_dir.glob(pattern)
    for p in ours:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # it holds something that is not ours
        run_dir.rmdir()


def cleanup_failed(folder: Path, created: list[Path], multirun: bool) -> None:
    """After a failed run or sweep: clean ``folder`` (and, for a sweep, every unfinished point);
    a sweep with no finished point loses its plan and ``multirun.yaml`` too. Then remove the
    folders of ``created`` that are left empty."""
    if multirun and folder.is_dir():
        points = [p for p in folder.iterdir() if p.is_dir() and p.name.isdigit()]
        for p in points:
            cleanup_after_error(p)
        if not any((p / DONE_MARKER).exists() for p in points):
            for name in ("multirun.yaml", "sweep_plan.json"):
                (folder / name).unlink(missing_ok=True)
            cleanup_after_error(folder)
    else:
        cleanup_after_error(folder)
    for p in created:  # deepest first
        if not p.exists():
            continue
        try:
            p.rmdir()
        except OSError:  # not empty: something else lives there
            break
