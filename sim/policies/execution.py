"""How long a caregiver stays at a visit — the rule both models share, with their parameters.

* ``stay_for=allotted`` (minute control): stay the allotted time; when on time, run
  over by up to ``overrun_share`` of it, or into the slack before the next planned
  visit when ``use_slack`` is set; when behind, cut towards the floor.
* ``stay_for=need`` (trust-based): stay for the real need up to
  ``allotted × (1 + overrun_share)``; cut only when no teammate could help.

The floor (the essential share of the need) is never cut.
"""

from __future__ import annotations

from sim.config.reads import ALWAYS, Reads, model_equals
from sim.config.schema_models import ExecutionConfig

# The config keys the caregivers' execution reads (issue 25: sim/config/reads.py).
READS = Reads(
    "the execution (sim/policies/execution.py)",
    (
        "models.*.execution.stay_for",
        "models.*.execution.overrun_share",
        "models.*.execution.cut_when_behind",
        "models.*.execution.behind_tolerance_min",
    ),
    ALWAYS,
)
SLACK_READS = Reads(
    "the stay into the slack (sim/policies/execution.py)",
    ("models.*.execution.use_slack",),
    model_equals("execution.stay_for", "allotted"),
)
CUT_READS = Reads(
    "the cut when behind (sim/policies/execution.py)",
    ("models.*.execution.catch_up_share",),
    model_equals("execution.cut_when_behind", True),
)


def stay_minutes(
    ex: ExecutionConfig,
    need: float,
    allotted: float,
    floor: float,
    behind: float,
    may_cut: bool,
    slack: float = 0.0,
) -> float:
    """Minutes delivered at a visit for a caregiver ``behind`` minutes late.

    ``slack`` is the time left before the next planned visit beyond the allotted
    minutes and the travel (0 when there is none).
    """
    on_time = behind <= ex.behind_tolerance_min
    if ex.stay_for == "need":
        target = min(need, allotted * (1.0 + ex.overrun_share))
    elif on_time:
        allowance = allotted * ex.overrun_share
        if ex.use_slack:
            allowance = max(allowance, slack)
        target = min(need, allotted + allowance)
    else:
        target = min(need, allotted)
    if may_cut and ex.cut_when_behind and not on_time:
        target = min(target, max(floor, target - ex.catch_up_share * behind))
    return max(min(floor, need), target)
