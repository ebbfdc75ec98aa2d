"""Strain, stress, sick leave and turnover (MODEL.md §4–5).

Daily strain of one shift (0 = an easy day), after the demand–control–support model
(Karasek; Johnson & Hall) with stress of conscience (samvetsstress)::

    demands    = w_ot × overtime_h + w_behind × mean_lateness_h + w_break × missed_breaks
                 + w_demand × max(0, real/planned demand − 1) + w_clients × distinct_clients
    conscience = w_rush × rushed_share + w_unmet × unmet_h
    strain     = demands × (1 − control_relief × control) × (1 − support_relief × support)
                 + conscience

``control`` and ``support`` (each 0–1) are measured per shift from what happened in it
(Karasek's decision latitude; Johnson & Hall's coworker support)::

    length   = 1 − rushed / visits                       (1 without visits)
    own      = planned × own_plan + helped_in + helped_out
    imposed  = planned × (1 − own_plan) + (handed_in − helped_in) + (handed_out − helped_out)
               + alarms + cancelled
    order    = own / (own + imposed)                     (1 when nothing was decided)
    control  = (length + order) / 2

    help     = min(1, (handed_out + helped_in) / support_help_reference)
    together = min(1, (meeting_min + paired_min) / support_together_reference_min)
    support  = (help + together) / 2

*Length*: a visit whose care stopped before the need was met (a rushed visit: cut at the
allotted time, at the stay cap or by the catch-up rule) had its length imposed; one whose
length followed the need, or whose need fit in its time, was decided by the caregiver.
*Order*: the visits of the day's plan (``planned``) are the caregiver's own unit's when no
central planner made it (``own_plan``: ``overheads.planners_per_caregiver = 0``, the unit
plans its own day); visits a caregiver chose to hand to or take over from a colleague
(mutual help, ``helped_*``) are own decisions; plan changes pushed from outside during the
shift — visits handed back or reassigned by the overtime rule, alarm calls the dispatcher
assigned, visits cancelled by the rule — are imposed. *Help*: a visit a colleague took when
one was behind (mutual help or the overtime hand-back) is help received; one taken over by
choice is help offered; one pushed onto the caregiver by the rule is not support (it counts
as imposed above). *Together*: the team meeting and the minutes of double-staffed care with
a colleague present (``paired_min``). So a hybrid earns exactly the relief its simulated
working conditions give; with both reliefs at 0 the demands count in full.

The stress state is its running average over calendar days (days off count as
0, i.e. recovery) with time constant ``memory_days``. Stress raises the daily
chance of starting a sick spell and of quitting::

    p_sick = sick_start_probability × (1 + absence_stress_elasticity × stress)
    p_quit = (1 − (1 − turnover_per_year) ** (1/365.25)) × (1 + turnover_stress_elasticity × stress)
"""

from __future__ import annotations

from sim.config.reads import ALWAYS, Reads
from sim.config.schema_staff import StrainWeights, StressConfig

# The config keys the stress model reads (issue 25: sim/config/reads.py).
READS = Reads("the stress model (sim/stress.py)", ("scenario.stress.*",), ALWAYS)


def job_control(
    *,
    visits: int,
    rushed: int,
    planned: int,
    own_plan: bool,
    handed_in: int,
    handed_out: int,
    helped_in: int,
    helped_out: int,
    alarms: int,
    cancelled: int,
) -> float:
    """Job control of one shift, 0–1: the mean of the share of visit lengths the caregiver
    decided and the share of the day's order that was their own unit's or their own choice
    (module docstring)."""
    length = 1.0 - rushed / visits if visits else 1.0
    own = planned * own_plan + helped_in + helped_out
    pushed = (handed_in - helped_in) + (handed_out - helped_out) + alarms + cancelled  # by rules
    imposed = planned * (not own_plan) + pushed
    order = own / (own + imposed) if own + imposed else 1.0
    return (length + order) / 2.0


def job_support(
    cfg: StressConfig, *, handed_out: int, helped_in: int, meeting_min: float, paired_min: float
) -> float:
    """Coworker support of one shift, 0–1: the mean of help exchanged and time with colleagues,
    each saturating at its reference level (module docstring)."""
    got_or_gave = min(1.0, (handed_out + helped_in) / cfg.support_help_reference)
    together = min(1.0, (meeting_min + paired_min) / cfg.support_together_reference_min)
    return (got_or_gave + together) / 2.0


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
