"""The decision-maker report: one self-contained ``report.html`` per run or sweep.

* :func:`write_run_report` — plots into ``<run>/plots/`` and ``<run>/report.html``;
* :func:`write_sweep_report` — plots into ``<sweep>/plots/`` and ``<sweep>/report.html``;
* ``python -m sim.report <run_or_sweep_dir> [--lang sv]`` rebuilds either from a finished folder.

All text comes from the translation tables in :mod:`sim.lang` (``en`` and ``sv``).
"""

from sim.report.run_report import write_run_report
from sim.report.sweep_report import write_sweep_report

__all__ = ["write_run_report", "write_sweep_report"]
