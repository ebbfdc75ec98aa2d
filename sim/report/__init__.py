"""The decision-maker report: one self-contained ``report.html`` per run or sweep.

* :func:`write_run_report` — plots into ``<run>/plots/`` and ``<run>/report.html``;
* :func:`write_sweep_report` — plots into ``<sweep>/plots/`` and ``<sweep>/report.html``;
* ``python -m sim.report <run_or_sweep_dir> [--lang sv]`` rebuilds either from a finished folder.

All text comes from the translation tables in :mod:`sim.lang` (``en`` and ``sv``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.report.run_report import write_run_report
    from sim.report.sweep_report import write_sweep_report

__all__ = ["write_run_report", "write_sweep_report"]


def __getattr__(name: str) -> Any:
    # imported when first asked for: the config checks read sim.report.robustness, and importing
    # the writers with it (matplotlib, seaborn) added a second to every run's check
    if name == "write_run_report":
        from sim.report.run_report import write_run_report

        return write_run_report
    if name == "write_sweep_report":
        from sim.report.sweep_report import write_sweep_report

        return write_sweep_report
    raise AttributeError(f"module 'sim.report' has no attribute {name!r}")
