"""No silent settings (issue 25): every config key is read by some component, the components'
declarations (sim/reads.py) say truly what they read, and a key set where nothing active reads
it is a warning naming it.

What the code really reads is recorded, not assumed: while a few tiny runs go (together they
switch every component on), every read of a field of a config dataclass made by code of the
simulation (sim/, not the config layer's own checks) is recorded by a ``__getattribute__``
hook installed on the schema's classes for this test only.
"""

from __future__ import annotations

import dataclasses
import sys
import typing
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import sim
from sim.cli_checks import check_overrides
from sim.config import ConfigWarning
from sim.config.reads import installed, overlaps, run_models, schema_keys, unread_keys
from sim.config.schema import RunConfig
from sim.experiment import multiple_replications
from sim.plausibility import plausibility_warnings
from sim.reads import DESCRIPTIVE
from sim.tables import paper_figures

SIM = str(Path(sim.__file__).parent)
CONFIG_LAYER = str(Path(sim.__file__).parent / "config")
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "unit"

# Declared reads no run below makes, each with the reason and where it is tested instead.
NOT_RUN_HERE = {
    "equal_budget.*": "the equal-budget search runs many comparisons (tests/test_equal_budget.py)",
    "sensitivity.*": "the sensitivity analysis runs many points (tests/test_sensitivity_*.py)",
    "report.*": "the report is written after a run (tests/test_report_*.py, tests/test_cli.py)",
    "output.print_table": "read by the command line only (tests/test_cli.py)",
    "output.write_event_tables": "read by the command line only (tests/test_cli.py)",
    "scenario.name": "printed by the command line and the reports (tests/test_cli.py)",
    "models.*.label": "shown by the command line, plots and reports (tests/test_cli.py)",
    "transition.enabled": "read by the command line, which runs the transition (tests/test_transition.py)",
    "transition.switch_dates": "read with transition.schedule=dates only (tests/test_transition.py)",
    "data.repeat": "read for a dated unit's export only (tests/test_unit_behaviour.py)",
    "data.staff_as_planned": "read for a dated unit's export only (tests/test_unit_behaviour.py)",
}

TINY = ["scenario=classroom", "replications=1", "warmup_days=1", "n_jobs=1", "report.enabled=false"]
# everything that happens only sometimes made to happen within a few days
OFTEN = [
    "scenario.clients.need.hospital_admissions_per_year=60",
    "scenario.stress.sick_start_probability=0.2",
    "scenario.stress.turnover_per_year=0.9",
    "scenario.staffing.extra_shift_probability=1",
    "scenario.staffing.weekend_every=1",  # a base schedule per weekday: rebuilt within 8 days
    "scenario.metrics.continuity_window_days=3",
]
RUNS = {
    # the optimiser with a base schedule and a buffer; a reassessment that triggers; precision
    "optimiser": [
        *TINY,
        *OFTEN,
        "horizon_days=8",
        "compare=[minute]",
        "models.minute.planning.buffer_share=0.1",
        "models.minute.reassessment.threshold=1",
        "models.minute.reassessment.review_every_days=1",
        "models.minute.reassessment.window_days=1",
        "models.minute.reassessment.delay_days=0",
    ],
    # a team planning by hand each day: learned times, mutual help (small crews' across teams),
    # relief staff, team alarms, lending, floaters
    "teams": [
        *TINY,
        *OFTEN,
        "horizon_days=4",
        "compare=[trust]",
        "replications=2",
        "precision.metric=late_visit_share",
        "precision.max_replications=3",
        "models.trust.organisation.team_size=5",
        "models.trust.planning.buffer_placement=floater",
    ],
    # the greedy router keeping a base schedule, staying into the slack, the other alarm rule
    "greedy_base": [
        *TINY,
        *OFTEN,
        "horizon_days=8",
        "compare=[minute]",
        "models.minute.planning.router=greedy",
        "models.minute.planning.planned_caregiver_weight_min=5",
        "models.minute.execution.alarms_answered_by=team",
        "models.minute.execution.alarm_rule=within_guarantee",
    ],
    # a unit's own files, its plan replayed
    "unit": ["scenario=from_data", f"data.dir={EXAMPLE}", "replications=1", "horizon_days=1", "n_jobs=1"],
    # the transition of two districts a month apart
    "transition": [
        *TINY,
        "+geography@scenario.districts.b.geography=suburban",
        "scenario.districts.b.n_clients=10",
        "scenario.districts.kvarteret.n_clients=10",
        "warmup_days=0",
        "horizon_days=32",
        "transition.enabled=true",
        "transition.first_wave_month=1",
        "transition.districts_per_wave=1",
        "transition.training_days=3",
    ],
}


def _config_classes(cls: type = RunConfig) -> Iterator[type]:
    yield cls
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        t = hints[f.name]
        item = typing.get_args(t)[-1] if typing.get_origin(t) in (dict, list) else t
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            yield from _config_classes(item)


def _field_keys(cls: type = RunConfig, prefix: str = "") -> dict[tuple[type, str], str]:
    """(class, field) -> the field's key pattern (each class sits at one place in the schema)."""
    out: dict[tuple[type, str], str] = {}
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        t, key = hints[f.name], prefix + f.name
        item = typing.get_args(t)[-1] if typing.get_origin(t) in (dict, list) else None
        if dataclasses.is_dataclass(t):
            out.update(_field_keys(t, key + "."))  # type: ignore[arg-type]
        elif isinstance(item, type) and dataclasses.is_dataclass(item):
            out.update(_field_keys(item, key + ".*."))
        else:
            out[(cls, f.name)] = key
    return out


FIELD_KEYS = _field_keys()


class Recorder:
    """Records the key of every config field read by the simulation's code while installed."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.classes = set(_config_classes())
        # while a config is built, the config layer's checks read every key: not counted then;
        # while it runs, a component may read through a helper of the config layer: counted
        self.count_config_layer = False

    def __enter__(self) -> Recorder:
        for cls in self.classes:
            cls.__getattribute__ = self._hook(cls)  # type: ignore[method-assign,assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        for cls in self.classes:
            del cls.__getattribute__

    def _hook(self, cls: type) -> Callable[[object, str], object]:
        # the leaves only: reading a group (run.scenario) is the way to a leaf, not a setting
        leaves = {
            f.name: FIELD_KEYS[(cls, f.name)] for f in dataclasses.fields(cls) if (cls, f.name) in FIELD_KEYS
        }
        keys = self.keys

        def get(obj: object, name: str) -> object:
            if name in leaves:
                where = sys._getframe(1).f_code.co_filename
                if where.startswith(SIM) and (self.count_config_layer or not where.startswith(CONFIG_LAYER)):
                    keys.add(leaves[name])
            return object.__getattribute__(obj, name)

        return get


def _run(cfg: RunConfig) -> None:
    """Run ``cfg`` as the command line would, without its checks of the config (they read every
    key; the config was checked when it was built)."""
    if cfg.transition.enabled:
        from sim.transition import run_transition

        run_transition(cfg)  # n_jobs=1 in the config: one process
        return
    res = multiple_replications(cfg)
    labels = {m: m for m in cfg.compare}
    plausibility_warnings(res.summary, cfg, labels, paper_figures(res.plan_audit))


Reads = dict[str, tuple[RunConfig, set[str]]]


@pytest.fixture(scope="module")
def reads() -> Reads:
    """Per run: its config and the keys read while it was built (a unit's files are read then)
    and while it ran."""
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConfigWarning)
        for name, overrides in RUNS.items():
            with Recorder() as rec:
                cfg = sim.config(overrides)
                rec.count_config_layer = True
                _run(cfg)
            out[name] = (cfg, rec.keys)
    return out


def _declared() -> set[str]:
    return {k for r in installed() for k in r.keys}


def test_the_registry_is_installed() -> None:
    assert {r.component for r in installed()} >= {"the greedy router (sim/planning/dispatch.py)"}


def test_every_schema_key_is_declared_by_a_component() -> None:
    declared = [*_declared(), *DESCRIPTIVE]
    orphans = [k for k in schema_keys() if not any(overlaps(p, k) for p in declared)]
    assert not orphans, f"no component declares that it reads: {orphans}"


def test_every_declared_read_is_really_read(reads: Reads) -> None:
    read = set().union(*(keys for _, keys in reads.values()))
    skipped = [*NOT_RUN_HERE, *DESCRIPTIVE]
    never = sorted(
        k
        for k in schema_keys()
        if any(overlaps(p, k) for p in _declared())
        and k not in read
        and not any(overlaps(p, k) for p in skipped)
    )
    assert not never, f"declared as read, but no run read them: {never}"


@pytest.mark.parametrize("name", list(RUNS))
def test_a_key_read_is_never_said_to_be_unread(reads: Reads, name: str) -> None:
    """The warning never lies: what a run's code read, its declarations call active."""
    cfg, keys = reads[name]
    wrong = []
    for key in sorted(keys):
        concrete = (
            [key.replace("models.*", f"models.{m}", 1) for m in run_models(cfg)]
            if "models.*" in key
            else [key]
        )
        said = [unread_keys([c], cfg) for c in concrete]
        if all(said):
            wrong.append(said[0][0])
    assert not wrong, wrong


def test_the_runs_switch_every_router_on(reads: Reads) -> None:
    routers = {cfg.models[m].planning.router for cfg, _ in reads.values() for m in run_models(cfg)}
    assert routers == {"greedy", "optimiser", "replay"}


@pytest.mark.parametrize(
    "overrides,key,says",
    [
        (
            ["models.minute.planning.travel_weight=2"],
            "models.minute.planning.travel_weight",
            "the greedy router (sim/planning/dispatch.py) reads it when planning.router=greedy "
            "(here models.minute.planning.router=optimiser)",
        ),
        (
            ["models.trust.planning.router_iterations=3"],
            "models.trust.planning.router_iterations",
            "here models.trust.planning.router=greedy",
        ),
        (
            ["models.trust.execution.use_slack=false"],
            "models.trust.execution.use_slack",
            "reads it when execution.stay_for=allotted (here models.trust.execution.stay_for=need)",
        ),
        (
            ["compare=[trust]", "models.minute.execution.cut_when_behind=false"],
            "models.minute.execution.cut_when_behind",
            "model 'minute' is not simulated",
        ),
    ],
)
def test_an_unread_override_is_a_warning_naming_it(overrides: list[str], key: str, says: str) -> None:
    with pytest.warns(ConfigWarning) as issued:
        sim.config(overrides)
    lines = [str(w.message) for w in issued if str(w.message).startswith(f"{key}: is not read")]
    assert len(lines) == 1 and says in lines[0], [str(w.message) for w in issued]
    assert check_overrides(overrides, multirun=False).warnings == [str(w.message) for w in issued]


def test_an_override_something_active_reads_is_no_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConfigWarning)
        sim.config(["models.trust.planning.travel_weight=2", "models.minute.planning.router_iterations=3"])


def test_the_default_command_line_warns_nothing() -> None:
    assert check_overrides([], multirun=False).warnings == []
