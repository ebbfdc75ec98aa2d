"""Strain, stress, sick leave and turnover (MODEL.md §4–5).

Daily strain of one shift (0 = an easy day), after the demand–control–support model
(Karasek; Johnson & Hall) with stress of conscience (samvetsstress)::

    demands    = w_ot × overtime_h + w_behind × mean_lateness_h + w_break × missed_breaks
                 + w_demand × max(0, real/planned demand − 1) + w_clients × distinct_clients
    conscience = w_rush × rushed_share + w_unmet × unmet_h
    strain     = demands × (1 − control_relief × control) × (1 − support_relief × support)
                 + conscience

``control`` (0–1) is the mean of two features of the delivery model: the team plans its
own day (``organisation.unit=team``) and care may follow the need
(``execution.stay_for=need``); ``support`` is 1 for a small team that helps each other
(``unit=team`` with ``mutual_help``), else 0. With both reliefs at 0 the demands count
in full.

The stress state is its running average over calendar days (days off count as
0, i.e. recovery) with time constant ``memory_days``. Stress raises the daily
chance of starting a sick spell and of quitting::

    p_sick = sick_start_probability × (1 + absence_stress_elasticity × stress)
    p_quit = (1 − (1 − turnover_per_year) ** (1/365.25)) × (1 + turnover_stress_elasticity × stress)
"""

from __future__ import annotations

from sim.config.reads import ALWAYS, Reads
from sim.config.schema_models import ModelConfig
from sim.config.schema_staff import StrainWeights, StressConfig

# The config keys the stress model reads (issue 25: sim/config/reads.py).
READS = Reads("the stress model (sim/stress.py)", ("scenario.stress.*",), ALWAYS)


def job_resources(model: ModelConfig) -> tuple[float, float]:
    """(control, support) of a delivery model's jobs, each 0–1 (see the module docstring)."""
    team = model.organisation.unit == "team"
    control = (float(team) + float(model.execution.stay_for == "need")) / 2.0
    support = float(team and model.execution.mutual_help)
    return control, support


def demand_relief(cfg: StressConfig, control: float, support: float) -> float:
    """The factor of the job demands' strain that ``control`` and ``support`` leave (1 = none)."""
    return (1.0 - cfg.control_relief * control) * (1.0 - cfg.support_relief * support)


def strain_index(
    w: StrainWeights,
    *,
    overtime_min: float,
    visits: int,
    rushed: int,
    behind_mean_min: float,
    missed_breaks: int,
    planned_demand_min: float,
    real_demand_min: float,
    distinct_clients: int,
    unmet_min: float = 0.0,
    relief: float = 1.0,
) -> float:
    """Documented daily strain of one shift; ``relief`` is the factor job control and support
    leave of the demands (:func:`demand_relief`)."""
    rushed_share = rushed / visits if visits else 0.0
    excess = max(0.0, real_demand_min / planned_demand_min - 1.0) if planned_demand_min > 0 else 0.0
    demands = (
        w.overtime_per_hour * overtime_min / 60.0
        + w.behind_per_hour * behind_mean_min / 60.0
        + w.missed_break * missed_breaks
        + w.excess_demand * excess
        + w.per_distinct_client * distinct_clients
    )
    conscience = w.rushed_share * rushed_share + w.unmet_per_hour * unmet_min / 60.0
    return demands * relief + conscience


def sick_probability(cfg: StressConfig, stress: float) -> float:
    """Chance a caregiver with ``stress`` starts a sick spell on a working day."""
    return min(1.0, cfg.sick_start_probability * (1.0 + cfg.absence_stress_elasticity * stress))


def quit_probability(cfg: StressConfig, stress: float) -> float:
    """Chance a caregiver with ``stress`` quits on a given day."""
    daily = 1.0 - (1.0 - cfg.turnover_per_year) ** (1.0 / 365.25)
    return min(1.0, daily * (1.0 + cfg.turnover_stress_elasticity * stress))
