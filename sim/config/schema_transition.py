"""The transition plan: which districts switch from one delivery model to another, when, and
what the switch itself costs (issue 11).

A district switches on the first day of a month (``schedule=waves``) or on any date
(``schedule=dates``). At the switch its staff are reorganised into the new model's units on that
day — the same people, with their stress and what they know — the new model's planners start
from the minutes the old one granted, and a learning period follows: every shift spends some
time off the floor forming the team and training, and visits are slower, strain higher and the
teams' need judgements rougher at first, fading by a learning curve (sim/engine/learning.py);
optionally a wave of staff leave. Some of the old model's costs run on: planners kept for their
notice period, the visit-logging system for the rest of its contract; the switch's one-off costs
fall in its month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sim.config.fields import ConfigError, param

# how a learning period's costs fade (sim/engine/learning.py)
LEARNING_SHAPES = ("step", "linear", "exponential")


@dataclass
class TransitionConfig:
    """A phased switch from one delivery model to another, district by district."""

    enabled: bool = param(
        False, help="run the phased-transition experiment instead of the side-by-side comparison", source="-"
    )
    from_model: str = param("minute", help="the model every district starts with", source="-")
    to_model: str = param("trust", help="the model districts switch to", source="-")
    schedule: str = param(
        "waves",
        choices=("waves", "dates"),
        help="waves: districts_per_wave every months_between_waves; dates: switch_dates",
        source="-",
    )
    switch_dates: dict[str, str] = param(
        factory=dict,
        help="schedule=dates: district key -> its switch date (YYYY-MM-DD, any day)",
        source="-",
    )
    first_wave_month: int = param(
        2,
        ge=0,
        unit="months",
        help="months after the first measured month that the first wave switches",
        source="-",
    )
    districts_per_wave: int = param(2, ge=1, help="districts switching together", source="-")
    months_between_waves: int = param(
        3, ge=1, unit="months", help="months from one wave to the next", source="-"
    )
    order: list[str] = param(
        factory=list, help="district keys in switch order (default: the scenario's order)", source="-"
    )
    training_days: int = param(
        56,
        ge=0,
        unit="days",
        help="learning period after a district's switch (team formation and training)",
        source="Sundsvall: about 8 weeks per group (CALIBRATION.md); range 28-112",
    )
    training_min_per_shift: float = param(
        30.0,
        ge=0,
        unit="min",
        help="time each shift spends off the floor during the learning period",
        source="assumption; range 0-90",
    )
    learning_shape: str = param(
        "exponential",
        choices=LEARNING_SHAPES,
        help="how the costs of learning fade over the learning period: step (in full, then none), "
        "linear, or exponential (a learning curve: most of the gain early)",
        source="assumption: learning curves are commonly exponential (Wright 1936; Argote 2013)",
    )
    slowdown_share: float = param(
        0.10,
        ge=0,
        le=1,
        help="on the switch day, how much longer a visit takes for the same care (new routines, care "
        "plans, colleagues), fading by learning_shape; counted with the familiarisation time",
        source="assumption; range 0-0.25",
        sa_range=(0.0, 0.25),
    )
    strain_extra_share: float = param(
        0.20,
        ge=0,
        le=2,
        help="on the switch day, how much higher each shift's strain is (the change is a demand of "
        "its own), fading by learning_shape",
        source="assumption (organisational change raises sickness absence: Kivimäki et al. 2000, "
        "BMJ 320:971); range 0-0.5",
        sa_range=(0.0, 0.5),
    )
    judgement_cv_extra: float = param(
        0.15,
        ge=0,
        le=1,
        help="on the switch day, how much rougher a team new to planning judges its clients' needs "
        "(added to planning.need_judgement_cv), fading by learning_shape",
        source="assumption; range 0-0.3",
        sa_range=(0.0, 0.3),
    )
    quit_wave_share: float = param(
        0.0,
        ge=0,
        lt=1,
        help="share of the staff in post who leave over a district's learning period because of the "
        "switch, beyond the usual turnover (0: no quit wave)",
        source="assumption (optional); range 0-0.15",
        sa_range=(0.0, 0.15),
    )
    planner_notice_months: int = param(
        3,
        ge=0,
        unit="months",
        help="months the old model's planners stay paid after a district switches",
        source="assumption (notice period); range 0-6",
    )
    logging_contract_months: int = param(
        6,
        ge=0,
        unit="months",
        help="months the visit-logging system stays paid after a district switches",
        source="assumption (contract); range 0-24",
    )
    course_fee_per_caregiver_sek: float = param(
        3000.0,
        ge=0,
        unit="SEK",
        help="one-off, in a district's switch month: course fees, materials and external trainers per "
        "caregiver (the paid time in training is simulated: training_min_per_shift)",
        source="assumption: no published figure for Swedish trust-based reforms; range 0-10,000",
        sa_range=(0.0, 10000.0),
    )
    equipment_per_team_sek: float = param(
        15000.0,
        ge=0,
        unit="SEK",
        help="one-off, in a district's switch month: what each new team needs to plan its own day "
        "(a shared planning board or tablet, phones, a team room's fittings)",
        source="assumption; range 0-50,000",
        sa_range=(0.0, 50000.0),
    )
    systems_change_per_district_sek: float = param(
        150000.0,
        ge=0,
        unit="SEK",
        help="one-off, in a district's switch month: changes to the planning, logging and reporting "
        "systems and the follow-up of a district that no longer logs minutes",
        source="assumption (IT consultancy of a few weeks per district); range 0-500,000",
        sa_range=(0.0, 500000.0),
    )
    arms: list[str] = param(
        factory=lambda: ["stay", "phased", "switched"],
        help="arms on the same world: stay (all from_model), phased (the plan), switched (all to_model)",
        source="-",
    )


ARMS = ("stay", "phased", "switched")


def month_start(date: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``date``'s month."""
    k = date.year * 12 + date.month - 1 + months
    return dt.date(k // 12, k % 12 + 1, 1)


def switch_dates(t: TransitionConfig, districts: list[str], first_measured: dt.date) -> dict[str, dt.date]:
    """Each switching district's switch date (the first of a month), by the plan."""
    if t.schedule == "dates":
        return {k: dt.date.fromisoformat(v) for k, v in t.switch_dates.items()}
    order = t.order or districts
    out = {}
    for i, key in enumerate(order):
        wave = i // t.districts_per_wave
        out[key] = month_start(first_measured, t.first_wave_month + wave * t.months_between_waves)
    return out


def check_transition(
    t: TransitionConfig, models: list[str], districts: list[str], first_day: dt.date, last_day: dt.date
) -> None:
    """Raise :class:`ConfigError` naming the first key of the plan that cannot run."""
    for key in ("from_model", "to_model"):
        name = getattr(t, key)
        if name not in models:
            raise ConfigError(f"transition.{key}", f"must be one of {', '.join(models)}; got {name!r}")
    if t.from_model == t.to_model:
        raise ConfigError("transition.to_model", f"must differ from from_model ({t.from_model!r})")
    for arm in t.arms:
        if arm not in ARMS:
            raise ConfigError("transition.arms", f"must be some of {', '.join(ARMS)}; got {arm!r}")
    if "phased" not in t.arms:
        raise ConfigError("transition.arms", "must include phased")
    for key in t.order:
        if key not in districts:
            raise ConfigError(
                "transition.order", f"unknown district {key!r}; districts are {', '.join(districts)}"
            )
    if len(set(t.order)) != len(t.order):
        raise ConfigError("transition.order", "names a district twice")
    if t.quit_wave_share > 0 and t.training_days == 0:
        raise ConfigError(
            "transition.quit_wave_share", "spreads over the learning period: set training_days > 0 as well"
        )
    if t.schedule == "dates":
        if not t.switch_dates:
            raise ConfigError("transition.switch_dates", "needs at least one district with schedule=dates")
        for key, text in t.switch_dates.items():
            where = f"transition.switch_dates.{key}"
            if key not in districts:
                raise ConfigError(where, f"unknown district; districts are {', '.join(districts)}")
            try:
                date = dt.date.fromisoformat(str(text))
            except ValueError:
                raise ConfigError(where, f"must be a date YYYY-MM-DD; got {text!r}") from None
            if not first_day <= date <= last_day:
                raise ConfigError(where, f"must lie within the run, {first_day} to {last_day}; got {text}")
    else:
        first = min(switch_dates(t, districts, first_day).values(), default=None)
        if first is not None and first > last_day:  # the arms would be three identical runs
            raise ConfigError(
                "transition.first_wave_month",
                f"no district switches within the run: the first switch would be on {first} and the run "
                f"ends {last_day}; set an earlier first_wave_month or a longer horizon_days",
            )
