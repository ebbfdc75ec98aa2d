"""The whole configuration tree of a run, registered in Hydra's ConfigStore.

``RunConfig`` is the schema of ``configs/config.yaml``: Hydra checks keys and
types when it composes the config; :func:`validate` then checks ranges and the
relations between fields (a slot that names a missing shift, a window that ends
before it starts …) and raises :class:`ConfigError` with one line naming the key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from hydra.core.config_store import ConfigStore
from omegaconf import DictConfig, ListConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.config.errors import one_line
from sim.config.fields import ConfigError, check_ranges, clock_to_min, param
from sim.config.schema_data import DataConfig
from sim.config.schema_experiments import (
    EqualBudgetConfig,
    SensitivityConfig,
    check_equal_budget,
    check_sensitivity,
)
from sim.config.schema_guards import GuardsConfig
from sim.config.schema_models import ModelConfig
from sim.config.schema_staff import AlarmConfig, CostConfig, StaffingConfig, StressConfig
from sim.config.schema_transition import TransitionConfig, check_transition
from sim.config.schema_world import (
    CareLevelConfig,
    DistrictConfig,
    NeedConfig,
    SlotConfig,
    TaskConfig,
    default_care_levels,
    default_catalogue,
    default_slots,
)
from sim.config.semantics import check_semantics
from sim.config.types import check_types


@dataclass
class ClientsConfig:
    """Client population: care levels, task catalogue, visit windows and real need."""

    care_levels: list[CareLevelConfig] = param(factory=default_care_levels, source="-")
    catalogue: dict[str, TaskConfig] = param(factory=default_catalogue, source="-")
    slots: dict[str, SlotConfig] = param(factory=default_slots, source="-")
    need: NeedConfig = param(factory=NeedConfig, source="-")


@dataclass
class MetricsConfig:
    """Definitions used when measuring (see docs/metrics.md)."""

    late_tolerance_min: float = param(
        15.0,
        ge=0,
        unit="min",
        help="a visit starting later than its window's latest start (the promise) + this is late; "
        "one starting later than its planned start + this is behind the plan",
        source="assumption with a range (0-30): municipal dignity guarantees for home care promise "
        "the agreed time within 30 minutes or a phone call (Karlskrona: ±30 min of the agreed time; "
        "Vaxholm: a call when more than 30 min late; Lund, 2000: a fee reduction beyond 30 min); "
        "the windows here are already an agreed span, so 15 minutes beyond its end",
    )
    rushed_tolerance_min: float = param(
        1.0, ge=0, unit="min", help="a visit delivering less than need − this is rushed"
    )
    continuity_window_days: int = param(
        14,
        ge=1,
        unit="days",
        help="window of the distinct-staff indicator",
        source="CALIBRATION.md: Socialstyrelsen indicator, 14 days",
    )
    continuity_min_visits_per_day: int = param(
        2,
        ge=1,
        help="indicator population: clients with at least this many visits every day",
        source="CALIBRATION.md: Socialstyrelsen indicator",
    )
    min_days_for_rates: int = param(
        7,
        ge=1,
        unit="days",
        help="sick leave, turnover and extra or uncovered shifts are rates over time: a run measuring "
        "fewer days reports them as not measured (a one-day export, say)",
        source="assumption: a week holds the rota's weekdays and weekend; fewer days say little",
    )
    continuity_hours: list[str] = param(
        factory=lambda: ["07:00", "22:00"],
        clock=True,
        help="visits counted by the indicator",
        source="CALIBRATION.md: Socialstyrelsen indicator, 07–22",
    )


@dataclass
class ScenarioConfig:
    """A simulated municipality: districts, clients, staff, alarms, stress and costs."""

    name: str = param("urban_district", help="scenario name", source="-")
    description: str = param("", help="what the scenario represents", source="-")
    start_date: str = param(
        "2025-01-06", help="calendar date of the first measured day (sets weekdays and season)", source="-"
    )
    districts: dict[str, DistrictConfig] = param(
        factory=dict,
        help="districts by key (the key names the district in overrides: scenario.districts.centrum…); "
        "a scenario file defines them",
        source="-",
    )
    clients: ClientsConfig = param(factory=ClientsConfig, source="-")
    staffing: StaffingConfig = param(factory=StaffingConfig, source="-")
    alarms: AlarmConfig = param(factory=AlarmConfig, source="-")
    stress: StressConfig = param(factory=StressConfig, source="-")
    costs: CostConfig = param(factory=CostConfig, source="-")
    metrics: MetricsConfig = param(factory=MetricsConfig, source="-")
    guards: GuardsConfig = param(factory=GuardsConfig, source="-")


@dataclass
class OutputConfig:
    """What a run writes."""

    write_event_tables: bool = param(True, help="write visits/shifts/alarms/staff_days Parquet", source="-")
    print_table: bool = param(True, help="print the side-by-side table", source="-")
    record_activities: bool = param(
        True,
        help="record every stretch of each caregiver's day (activities.parquet: Gantt, traces)",
        source="-",
    )


@dataclass
class ReportConfig:
    """The decision-maker report and plots written after a run or sweep."""

    enabled: bool = param(True, help="write plots and report.html", source="-")
    lang: str = param("en", choices=("en", "sv"), help="language of the report", source="-")
    sensitivity: str | None = param(
        None,
        help="folder of a finished sensitivity analysis (python -m sim -m +experiment=sensitivity) whose "
        "robustness the findings quote (null: none)",
        source="-",
    )


@dataclass
class PrecisionConfig:
    """Replications chosen to reach a precision (used when ``metric`` is set)."""

    metric: str | None = param(
        None,
        help="metric whose CI half-width decides the number of replications (null: fixed)",
        source="-",
    )
    rel_half_width: float = param(
        0.05,
        gt=0,
        help="target 95% CI half-width relative to the mean, for every compared model",
        source="-",
    )
    max_replications: int = param(50, ge=1, help="cap on replications", source="-")
    batch: int = param(2, ge=1, help="replications added per step", source="-")


@dataclass
class RunConfig:
    """A side-by-side comparison: one scenario, several delivery models, N replications."""

    scenario: ScenarioConfig = param(factory=ScenarioConfig, source="-")
    models: dict[str, ModelConfig] = param(factory=dict, source="-")
    compare: list[str] = param(
        factory=lambda: ["minute", "trust"],
        help="models to run; differences are reported as later minus first",
        source="-",
    )
    replications: int = param(10, ge=1, help="independent replications", source="-")
    horizon_days: int = param(91, ge=1, unit="days", help="measured days after warm-up", source="-")
    warmup_days: int = param(
        35,
        ge=0,
        unit="days",
        help="days simulated before measuring",
        source="docs/model.md §4.3: stress, unmet need and the teams' estimates settle by day 35",
    )
    seed: int = param(20251, ge=0, help="root seed of all random streams", source="-")
    n_jobs: int = param(-1, ge=-1, help="parallel processes for replications (-1 = all cores)", source="-")
    district_jobs: int = param(
        1,
        ge=1,
        help="processes sharing the districts of each model run (>1: replications one after another)",
        source="-",
    )
    precision: PrecisionConfig = param(factory=PrecisionConfig, source="-")
    report: ReportConfig = param(factory=ReportConfig, source="-")
    output: OutputConfig = param(factory=OutputConfig, source="-")
    transition: TransitionConfig = param(factory=TransitionConfig, source="-")
    equal_budget: EqualBudgetConfig = param(factory=EqualBudgetConfig, source="-")
    sensitivity: SensitivityConfig = param(factory=SensitivityConfig, source="-")
    data: DataConfig = param(factory=DataConfig, source="-")


@functools.cache
def register() -> None:
    """Register the schema so ``configs/config.yaml`` can name it in its defaults list.

    Called before the first composition rather than on import: building the schema's
    structured config takes about 0.3 s, which a process that composes nothing need not pay."""
    ConfigStore.instance().store(name="run_schema", node=RunConfig)


def _window(key: str, start: str, end: str) -> tuple[int, int]:
    a, b = clock_to_min(start, f"{key}.start"), clock_to_min(end, f"{key}.end")
    if b <= a:
        raise ConfigError(f"{key}.end", f"must be after {key}.start ({start}); got {end}")
    return a, b


def _check_shares(key: str, shares: dict[str, float] | list[float]) -> None:
    total = sum(shares.values() if isinstance(shares, dict) else shares)
    if abs(total - 1.0) > 1e-6:
        raise ConfigError(key, f"shares must sum to 1; they sum to {total:g}")


def _check_relations(run: RunConfig) -> None:
    sc = run.scenario
    try:
        dt.date.fromisoformat(sc.start_date)
    except ValueError:
        raise ConfigError(
            "scenario.start_date", f"expected an ISO date YYYY-MM-DD; got {sc.start_date!r}"
        ) from None
    shifts = sc.staffing.shifts
    if not shifts:
        raise ConfigError("scenario.staffing.shifts", "needs at least one shift")
    for name, sh in shifts.items():
        key = f"scenario.staffing.shifts.{name}"
        a, b = _window(key, sh.start, sh.end)
        e = clock_to_min(sh.break_earliest, f"{key}.break_earliest")
        lt = clock_to_min(sh.break_latest, f"{key}.break_latest")
        if lt < e:  # equal: a break at a set time
            raise ConfigError(
                f"{key}.break_latest",
                f"must not be before {key}.break_earliest ({sh.break_earliest}); got {sh.break_latest}",
            )
        if not (a <= e and lt + sh.break_min <= b):
            raise ConfigError(f"{key}.break_earliest", "the break window must lie inside the shift")
    cl = sc.clients
    for name, slot in cl.slots.items():
        key = f"scenario.clients.slots.{name}"
        _window(key, slot.start, slot.end)
        if slot.shift not in shifts:
            raise ConfigError(f"{key}.shift", f"must be one of {', '.join(shifts)}; got {slot.shift!r}")
    skills = set(sc.staffing.skill_shares)
    for name, task in cl.catalogue.items():
        if task.skill and task.skill not in skills:
            held = ", ".join(sorted(skills)) or "(none: staffing.skill_shares is empty)"
            raise ConfigError(
                f"scenario.clients.catalogue.{name}.skill", f"must be '' or one of {held}; got {task.skill!r}"
            )
    if not cl.care_levels:
        raise ConfigError("scenario.clients.care_levels", "needs at least one care level")
    _check_shares("scenario.clients.care_levels.*.share", [lv.share for lv in cl.care_levels])
    for i, lv in enumerate(cl.care_levels):
        for j, v in enumerate(lv.visits):
            key = f"scenario.clients.care_levels.{i}.visits.{j}"
            if v.slot not in cl.slots:
                raise ConfigError(f"{key}.slot", f"must be one of {', '.join(cl.slots)}; got {v.slot!r}")
            if not v.tasks:
                raise ConfigError(f"{key}.tasks", "needs at least one task")
            for t in [*v.tasks, *v.extra_tasks]:
                if t not in cl.catalogue:
                    raise ConfigError(
                        f"{key}.tasks", f"unknown task {t!r}; the catalogue has {', '.join(cl.catalogue)}"
                    )
            if v.weekdays_only and v.times_per_week > 5:
                raise ConfigError(f"{key}.times_per_week", "must be <= 5 when weekdays_only is true")
    if not sc.districts:
        raise ConfigError("scenario.districts", "needs at least one district")
    for name, d in sc.districts.items():
        g, key = d.geography, f"scenario.districts.{name}.geography"
        for mode in g.mode_shares:
            if mode not in g.speed_kmh:
                raise ConfigError(f"{key}.mode_shares", f"mode {mode!r} has no speed in {key}.speed_kmh")
            if mode not in sc.costs.travel_cost_per_km_sek:
                raise ConfigError("scenario.costs.travel_cost_per_km_sek", f"missing travel mode {mode!r}")
        try:
            _check_shares(f"{key}.mode_shares", g.mode_shares)
        except ConfigError as exc:
            # dict values merge with the defaults: a user setting {car: 1} keeps walk and bike
            raise ConfigError(
                exc.key,
                f"{str(exc).split(': ', 1)[1]} (dicts merge with the defaults: set unused modes to 0)",
            ) from None
        if len(d.centre_km) != 2:
            raise ConfigError(f"scenario.districts.{name}.centre_km", "must be [x, y]")
        if sc.alarms.responder_mode not in g.speed_kmh:
            raise ConfigError(
                "scenario.alarms.responder_mode",
                f"must be a travel mode of district {name} ({', '.join(g.speed_kmh)}); "
                f"got {sc.alarms.responder_mode!r}",
            )
    _window("scenario.alarms.day", sc.alarms.day_start, sc.alarms.night_start)
    for name, m in run.models.items():
        want = m.organisation.contact_person_shift
        if want and want not in shifts:
            raise ConfigError(
                f"models.{name}.organisation.contact_person_shift",
                f"must be '' or one of {', '.join(shifts)}; got {want!r}",
            )
    if sc.alarms.holder_share > 0 and sc.alarms.responders_per_district < 1:
        raise ConfigError(
            "scenario.alarms.responders_per_district",
            "must be >= 1 when clients hold alarms (set alarms.holder_share: 0 to simulate none)",
        )
    hours = sc.metrics.continuity_hours
    if len(hours) != 2:
        raise ConfigError("scenario.metrics.continuity_hours", "must be [start, end]")
    _window("scenario.metrics.continuity_hours", hours[0], hours[1])
    if not run.compare:
        raise ConfigError("compare", "needs at least one model")
    for name in run.compare:
        if name not in run.models:
            raise ConfigError(
                "compare", f"unknown model {name!r}; models are {', '.join(run.models) or '(none)'}"
            )
    metric = run.precision.metric
    if metric is not None:
        from sim.metrics.definitions import METRICS

        if metric not in METRICS:
            raise ConfigError(
                "precision.metric", f"must be null or one of {', '.join(METRICS)}; got {metric!r}"
            )
        if run.precision.max_replications < run.replications:
            raise ConfigError("precision.max_replications", "must be >= replications (the starting number)")
    if len(set(run.compare)) != len(run.compare):
        raise ConfigError("compare", f"models must be distinct; got {run.compare}")
    if run.n_jobs == 0:
        raise ConfigError("n_jobs", "must be -1 (all cores) or a number of processes >= 1; got 0")
    _check_experiments(run)
    from sim.report.robustness import check_folder

    check_folder(run.report.sensitivity)
    if run.transition.enabled:
        start = dt.date.fromisoformat(run.scenario.start_date)
        check_transition(
            run.transition,
            list(run.models),
            list(run.scenario.districts),
            start,  # start_date is the first measured day
            start + dt.timedelta(days=run.horizon_days - 1),
        )


def _check_experiments(run: RunConfig) -> None:
    from sim.metrics.definitions import METRICS

    if run.scenario.staffing.caregivers_per_district is not None:
        for name in run.compare:
            if run.models[name].capacity_factor != 1 or run.equal_budget.enabled:
                raise ConfigError(
                    "scenario.staffing.caregivers_per_district",
                    "fixes the headcount, so a model's capacity_factor (and the equal-budget search) "
                    "cannot change it; set it to null to size staff from the care plans",
                )
    if run.equal_budget.enabled:
        if run.transition.enabled:
            raise ConfigError("equal_budget.enabled", "cannot run together with transition.enabled")
        check_equal_budget(run.equal_budget, list(run.models), run.compare, set(METRICS))
    if run.sensitivity.enabled:
        check_sensitivity(run.sensitivity, set(METRICS))
        from sim.sensitivity.factors import factors_for

        factors_for(run)  # every factor a number of this config, with a range it allows
    t = run.transition
    if t.enabled and t.from_model in run.models and t.to_model in run.models:
        a, b = run.models[t.from_model].capacity_factor, run.models[t.to_model].capacity_factor
        if a != b:
            raise ConfigError(
                f"models.{t.to_model}.capacity_factor",
                f"a transition keeps its staff across the switch: give {t.from_model} and {t.to_model} "
                f"the same capacity_factor (got {a:g} and {b:g})",
            )


@functools.cache
def _schema() -> DictConfig:
    """The typed schema as an OmegaConf node, built once per process (about 0.2 s each time):
    :func:`OmegaConf.merge` copies its first argument, so the cached node is never changed."""
    return OmegaConf.structured(RunConfig)


def _only_schema_keys(node: Any) -> bool:
    """Whether every key of a typed config node (and of the typed nodes inside it) is a field of
    its dataclass: Hydra lets ``+key=...`` add a key the schema does not have, and converting
    such a config straight to objects would keep the stray key without a word."""
    if isinstance(node, DictConfig):
        kind = OmegaConf.get_type(node)
        if dataclasses.is_dataclass(kind):
            names = {f.name for f in dataclasses.fields(kind)}
            if any(k not in names for k in node):
                return False
        return all(_only_schema_keys(node._get_node(k)) for k in node)
    if isinstance(node, ListConfig):
        return all(_only_schema_keys(node._get_node(i)) for i in range(len(node)))
    return True


def _as_objects(cfg: DictConfig | dict[str, Any]) -> RunConfig:
    """The composed config as a :class:`RunConfig`, every key and type checked."""
    if isinstance(cfg, DictConfig) and OmegaConf.get_type(cfg) is RunConfig and _only_schema_keys(cfg):
        # composed by Hydra on the schema (configs/config.yaml names it first): every value was
        # type-checked as it was set, so the objects come straight out (merging into the schema
        # again, below, costs about 0.3 s a config: Hydra's sweeps and the tests do it hundreds
        # of times)
        try:
            run = OmegaConf.to_object(cfg)
        except OmegaConfBaseException as exc:
            raise ConfigError(*one_line(exc)) from None
        assert isinstance(run, RunConfig)
        return run
    # merge a plain copy so keys that Hydra force-added (``+key=...``) are checked too
    plain = OmegaConf.to_container(cfg, resolve=True) if isinstance(cfg, DictConfig) else cfg
    try:
        merged = OmegaConf.merge(_schema(), plain)
    except OmegaConfBaseException as exc:
        raise ConfigError(*one_line(exc)) from None
    run = OmegaConf.to_object(merged)
    assert isinstance(run, RunConfig)
    return run


def to_run_config(cfg: DictConfig | dict[str, Any]) -> RunConfig:
    """Turn a composed config into a checked :class:`RunConfig`; raise :class:`ConfigError`."""
    run = _as_objects(cfg)
    if run.data.dir is not None:  # the unit's own district in place of the scenario's
        from sim.world.imported import with_unit

        run = with_unit(run)
    from sim.world.geography import check_travel_matrix_files

    check_travel_matrix_files(run)  # a bad file stops the run here, not inside the simulation
    validate(run)
    return run


def validate(run: RunConfig) -> None:
    """Check every declared range, choice and clock, then the relations between fields.

    Raises :class:`ConfigError` naming the first offending key (every semantic problem, one line
    each: sim/config/semantics.py). :func:`to_run_config` calls
    it after composing; call it again on a :class:`RunConfig` edited in Python.
    """
    check_types(run)  # edited in Python, a value may not even have its field's type
    check_ranges(run)
    _check_relations(run)
    check_semantics(run)  # allowed keys can still describe a run that means nothing
