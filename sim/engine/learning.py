"""The learning period after a switch of delivery model: how far the staff still have to go.

A district that switches does not work at the new model's steady state the next morning. For
``days`` after the switch a *gap* runs from 1 (the switch day) down to 0 (learned), by a
``shape``:

* ``step`` — the whole gap for the whole period, then none (a flat tax);
* ``linear`` — falling evenly to 0;
* ``exponential`` — a learning curve: most of the gain comes early, the rest slowly,
  ``(exp(-3 t) - exp(-3)) / (1 - exp(-3))`` of the period's share ``t`` (a time constant of a
  third of the period, reaching 0 at its end);

every shift of the period spends ``training_min`` off the floor (team formation and courses, a
schedule rather than a curve: the Sundsvall way of about eight weeks per group), and the gap
scales each cost of not knowing the new ways yet:

* **productivity** — a visit takes ``slowdown_share`` longer for the same care (new routines,
  care plans, keys, colleagues); counted with the familiarisation time, as time spent finding
  one's way, not care the client lacked;
* **strain** — each shift's strain is ``strain_extra_share`` higher (an organisational change
  is a demand of its own);
* **planning quality** — a team judging its clients' needs for its own plan does so with a
  coefficient of variation ``judgement_cv_extra`` higher (the teams' learned allotment also
  starts from the old standard minutes and learns from visits: that part is simulated).

Each parameter is an assumption with a range (docs/parameters.md, ``transition.*``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

_RATE = 3.0  # exponential shape: the period is three time constants


@dataclass(frozen=True)
class Learning:
    """What a switch's learning period costs at its start, and how it fades (module docstring)."""

    days: int = 0
    shape: str = "step"
    training_min: float = 0.0  # minutes per shift off the floor
    slowdown_share: float = 0.0  # extra visit time for the same care
    strain_extra_share: float = 0.0  # extra strain per shift
    judgement_cv_extra: float = 0.0  # extra error in a team's judgement of need

    def within(self, days_since: float) -> bool:
        """Whether ``days_since`` days after the switch lie in the learning period."""
        return 0 <= days_since < self.days

    def gap(self, days_since: float) -> float:
        """How much of the way is still to go ``days_since`` days after the switch (1 to 0)."""
        if not self.within(days_since):
            return 0.0
        t = days_since / self.days
        if self.shape == "step":
            return 1.0
        if self.shape == "linear":
            return 1.0 - t
        end = math.exp(-_RATE)
        return (math.exp(-_RATE * t) - end) / (1.0 - end)


NONE = Learning()
