"""Implausible figures and unmeasured metrics in the report: which figures are flagged is
:func:`sim.plausibility.plausibility_flags`' call and why a metric is not measured is
:func:`sim.metrics.na.na_reasons`' (both worded in the report's language there); this module
adds what only the report needs."""

from __future__ import annotations

from sim.lang import metric_label
from sim.plausibility import Flag


def flagged_metrics(flags: list[Flag], models: list[str]) -> set[str]:
    """Metrics flagged in any of ``models`` (a comparison of them gets no verdict)."""
    return {f.metric for f in flags if f.model in models}


def na_lines(reasons: dict[str, str], shown: list[str], lang: str) -> list[str]:
    """``Metric: reason`` for each metric of ``shown`` that is not measured."""
    return [f"{metric_label(m, lang)}: {reasons[m]}" for m in shown if m in reasons]
