"""Strain, stress, sick leave and turnover (MODEL.md §4–5).

Daily strain of one shift (0 = an easy day)::

    strain = w_ot × overtime_h + w_rush × rushed_share + w_behind × mean_lateness_h
             + w_break × missed_breaks + w_demand × max(0, real/planned demand − 1)
             + w_clients × distinct_clients

The stress state is its running average over calendar days (days off count as
0, i.e. recovery) with time constant ``memory_days``. Stress raises the daily
chance of starting a sick spell and of quitting::

    p_sick = sick_start_probability × (1 + absence_stress_elasticity × stress)
    p_quit = (1 − (1 − turnover_per_year) ** (1/365.25)) × (1 + turnover_stress_elasticity × stress)
"""

from __future__ import annotations

from sim.config.schema_staff import StrainWeights, StressConfig


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
) -> float:
    """Documented daily strain of one shift."""
    rushed_share = rushed / visits if visits else 0.0
    excess = max(0.0, real_demand_min / planned_demand_min - 1.0) if planned_demand_min > 0 else 0.0
    return (
        w.overtime_per_hour * overtime_min / 60.0
        + w.rushed_share * rushed_share
        + w.behind_per_hour * behind_mean_min / 60.0
        + w.missed_break * missed_breaks
        + w.excess_demand * excess
        + w.per_distinct_client * distinct_clients
    )


def sick_probability(cfg: StressConfig, stress: float) -> float:
    """Chance a caregiver with ``stress`` starts a sick spell on a working day."""
    return min(1.0, cfg.sick_start_probability * (1.0 + cfg.absence_stress_elasticity * stress))


def quit_probability(cfg: StressConfig, stress: float) -> float:
    """Chance a caregiver with ``stress`` quits on a given day."""
    daily = 1.0 - (1.0 - cfg.turnover_per_year) ** (1.0 / 365.25)
    return min(1.0, daily * (1.0 + cfg.turnover_stress_elasticity * stress))
