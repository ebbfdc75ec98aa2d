"""Semantic checks: a config every key of which is allowed can still describe a run that means
nothing (nobody to make the visits, a skill nobody holds, a window no shift covers) or one
that is legal but surprising. The first are :class:`ConfigError`, raised before anything is
written; the second are warnings, printed (command line) or issued as :class:`ConfigWarning`
(Python API), and the run goes on. Every rule is listed in docs/errors.md.

:func:`check_semantics` sees only the :class:`RunConfig`; :func:`ignored_overrides` also sees
the overrides, to name one that the chosen scenario silently replaces or that no component
active in the run reads (sim/config/reads.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sim.config.fields import ConfigError, clock_to_min
from sim.config.reads import unread_keys

if TYPE_CHECKING:
    from sim.config.schema import RunConfig
    from sim.config.schema_world import VisitTemplateConfig


class ConfigWarning(UserWarning):
    """A config that runs but is probably not what was meant; the message names the key."""


# Fewer caregivers per shift type than this and some shifts have fewer than two on duty once
# rotas, weekends and absences thin them out: an assumption (a rota puts about 5 of 7 on duty).
FEW_PER_SHIFT = 3


def _raise_all(problems: list[tuple[str, str]]) -> None:
    """One :class:`ConfigError`: the first problem, then one line per further problem."""
    if not problems:
        return
    (key, msg), rest = problems[0], problems[1:]
    raise ConfigError(key, "\n".join([msg, *(f"{k}: {m}" for k, m in rest)]))


def _used_visits(run: RunConfig) -> Iterator[tuple[str, VisitTemplateConfig]]:
    """(key, template) of every visit a client can have: its level has clients and it has a chance."""
    for i, lv in enumerate(run.scenario.clients.care_levels):
        if lv.share <= 0:
            continue
        for j, v in enumerate(lv.visits):
            if v.probability > 0:
                yield f"scenario.clients.care_levels.{i}.visits.{j}", v


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _staff(run: RunConfig) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    sc, errors, warns = run.scenario, [], []
    n = sc.staffing.caregivers_per_district
    alarms_answered = sc.alarms.holder_share > 0 and sc.alarms.responders_per_district > 0
    if n == 0 and not alarms_answered:
        errors.append(
            (
                "scenario.staffing.caregivers_per_district",
                "is 0 and no alarm unit works (alarms.holder_share or responders_per_district is 0): "
                "nobody works at all, so the run would only count missed visits; set it >= 1, "
                "or null to size staff from the care plans",
            )
        )
    elif n == 0:
        warns.append(
            (
                "scenario.staffing.caregivers_per_district",
                "is 0: no caregivers, every visit is missed and only the alarm unit works "
                "(meant for checking the alarm queue); set null to size staff from the care plans",
            )
        )
    return errors, warns


def _visits(run: RunConfig) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    sc, errors, warns = run.scenario, [], []
    cl, staffing = sc.clients, sc.staffing
    shifts = {k: (clock_to_min(s.start), clock_to_min(s.end)) for k, s in staffing.shifts.items()}
    shares, n = staffing.skill_shares, staffing.caregivers_per_district
    seen_skill: set[str] = set()
    seen_slot: set[str] = set()
    double = False
    for key, v in _used_visits(run):
        double = double or v.double_staffing_probability > 0
        tasks = [*v.tasks, *(t for t, p in v.extra_tasks.items() if p > 0)]
        for t in tasks:
            skill = cl.catalogue[t].skill if t in cl.catalogue else ""
            if skill and shares.get(skill, 0.0) <= 0 and skill not in seen_skill:
                seen_skill.add(skill)
                errors.append(
                    (
                        f"scenario.staffing.skill_shares.{skill}",
                        f"is 0, so nobody can do task {t!r} (it needs skill {skill!r}) in {key}; "
                        "give the skill a share > 0",
                    )
                )
            elif skill and n and round(n * shares[skill]) < len(shifts) and skill not in seen_skill:
                seen_skill.add(skill)
                warns.append(
                    (
                        f"scenario.staffing.skill_shares.{skill}",
                        f"with {n} caregivers per district about {n * shares[skill]:.1f} hold {skill!r}: "
                        f"some of the {len(shifts)} shifts will have nobody who can do task {t!r}",
                    )
                )
        if v.slot in seen_slot or v.slot not in cl.slots:
            continue
        seen_slot.add(v.slot)
        slot = cl.slots[v.slot]
        a, b = clock_to_min(slot.start), clock_to_min(slot.end)
        s0, s1 = shifts[slot.shift]
        where = f"scenario.clients.slots.{v.slot}"
        window = f"{slot.start}-{slot.end}"
        shift = f"shift {slot.shift!r} ({_hhmm(s0)}-{_hhmm(s1)})"
        if b < s0 or a >= s1:
            other = [k for k, (x, y) in shifts.items() if a < y and b >= x]
            fix = f"set {where}.shift={other[0]}" if other else "move the window inside a shift"
            errors.append(
                (where, f"window {window} lies outside {shift}, so no visit can start in it; {fix}")
            )
        elif a < s0 or b >= s1:
            warns.append((where, f"window {window} reaches outside {shift}: visits start only inside it"))
    if double and n is not None and 0 < n < 2:
        errors.append(
            (
                "scenario.staffing.caregivers_per_district",
                f"is {n}, but some visits are double-staffed (double_staffing_probability > 0) and need "
                "two caregivers on duty together; set it >= 2 or the probability to 0",
            )
        )
    elif double and n and n / max(1, len(shifts)) < FEW_PER_SHIFT:
        warns.append(
            (
                "scenario.staffing.caregivers_per_district",
                f"{n} caregivers over {len(shifts)} shift types: some shifts will have fewer than two on "
                "duty, and their double-staffed visits are missed",
            )
        )
    return errors, warns


def _all(run: RunConfig) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    errors, warns = _staff(run)
    if run.scenario.name == "from_data" and run.data.dir is None:
        errors.append(("data.dir", "scenario from_data reads a unit's folder: give data.dir=FOLDER"))
    if run.data.dir is None:  # a unit's visits come from its files, checked by sim/data
        e, w = _visits(run)
        errors += e
        warns += w
    else:  # what a unit's files hold that a run copes with (sim/data/rules.py)
        from sim.world.imported import unit_of

        warns += [("data.dir", w) for w in unit_of(run).warnings]
    if run.horizon_days < run.scenario.metrics.continuity_window_days:
        warns.append(
            (
                "horizon_days",
                f"{run.horizon_days} days is shorter than the continuity indicator's window "
                f"({run.scenario.metrics.continuity_window_days} days): that indicator is not measured",
            )
        )
    return errors, warns


def check_semantics(run: RunConfig) -> None:
    """Raise :class:`ConfigError` (every problem, one line each) where a run would mean nothing."""
    _raise_all(_all(run)[0])


def semantic_warnings(run: RunConfig) -> list[str]:
    """``key: message`` lines for what is legal but probably not meant."""
    return [f"{k}: {m}" for k, m in _all(run)[1]]


# Keys a unit's folder (data.dir) replaces (sim/world/imported.py, apply_unit): its one district,
# its shift types, rota and skills come from the files, so an override of them changes nothing.
_UNIT_REPLACES = (
    "scenario.districts.",
    "scenario.staffing.shifts",
    "scenario.staffing.skill_shares",
    "scenario.staffing.weekend_every",
)
# the first district's geography (but for its mode shares) is the unit's template
_UNIT_KEEPS = ".geography."
# Keys read only when their experiment is switched on.
_EXPERIMENTS = {"transition": "transition.enabled", "equal_budget": "equal_budget.enabled"}
# Keys that only split a fixed headcount between shifts when caregivers_per_district is set.
_SIZING = ("scenario.staffing.capacity_factor", "scenario.staffing.planned_utilisation_target")


def _key(override: str) -> str:
    return override.partition("=")[0].lstrip("+~")


def ignored_overrides(overrides: list[str], run: RunConfig) -> list[str]:
    """Raise :class:`ConfigError` for an override the config's data replaces (``data.dir``);
    return ``key: message`` warnings for overrides the run does not read: an experiment's key
    while it is off, sizing keys under a fixed headcount, and any key that no component active
    in the run reads (the components' declarations, sim/config/reads.py)."""
    errors, warns = [], []
    for o in overrides:
        key = _key(o)
        if run.data.dir is not None and key.startswith(_UNIT_REPLACES):
            kept = _UNIT_KEEPS in key and "mode_shares" not in key
            if not kept:
                errors.append(
                    (
                        key,
                        f"is ignored: data.dir ({run.data.dir}) replaces the scenario's districts, shifts, "
                        "rota and skills with the unit's files; edit the files, or drop data.dir",
                    )
                )
        head = key.split(".", 1)[0]
        off = head in _EXPERIMENTS and not getattr(run, head).enabled
        if off and "." in key and not key.endswith(".enabled"):
            warns.append((key, f"is ignored while {_EXPERIMENTS[head]} is false"))
        if key.startswith("precision.") and key != "precision.metric" and run.precision.metric is None:
            warns.append((key, "is ignored while precision.metric is null (a fixed number of replications)"))
        sized = key.startswith(_SIZING) or key.endswith(".staff_scale")
        if sized and run.scenario.staffing.caregivers_per_district is not None:
            warns.append(
                (
                    key,
                    "only splits the staff between shifts: scenario.staffing.caregivers_per_district "
                    f"({run.scenario.staffing.caregivers_per_district}) fixes the headcount",
                )
            )
    _raise_all(errors)
    # what no active component reads; a key a rule above already named is not named twice, and
    # a config group chosen (``model@models.trust=minute``) or a key removed (``~key``) is no value
    named = {k for k, _ in warns}
    given = [_key(o) for o in overrides if not o.startswith("~")]
    keys = [k for k in given if k not in named and "@" not in k and "/" not in k]
    warns += unread_keys(dict.fromkeys(keys), run)
    return [f"{k}: {m}" for k, m in warns]
