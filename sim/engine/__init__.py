"""The simulation engine: SimPy processes for caregivers' shifts, visits and alarm calls."""

from sim.config.reads import ALWAYS, Reads

# The config keys the engine reads (sim/engine/simulate.py and sim/engine/caregiver.py; issue 25:
# sim/config/reads.py).
READS = Reads(
    "the engine (sim/engine)",
    (
        "scenario.guards.max_hours_past_shift_end",
        "scenario.metrics.late_tolerance_min",
        "scenario.metrics.rushed_tolerance_min",
        "scenario.staffing.substitute_fill_probability",
        "scenario.staffing.extra_shift_probability",
        "scenario.staffing.max_extra_shift_h_per_year",
        "scenario.staffing.max_overtime_min",
        "scenario.stress.memory_days",
        "scenario.clients.need.need_to_standard_ratio",
        "models.*.execution.skip_break_when_behind_min",
        "models.*.overheads.daily_meeting_min",
        "models.*.overheads.logging_min_per_visit",
        "models.*.planning.deferrable_below_essential_share",
        "models.*.organisation.lend_staff",
    ),
    ALWAYS,
)
