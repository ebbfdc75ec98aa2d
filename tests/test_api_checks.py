"""The Python API checks what it is given as the command line does (issue 14, part): one
ConfigError naming the key, before anything runs."""

from __future__ import annotations

import dataclasses

import pytest

import sim
from sim.config import ConfigError


def test_a_string_instead_of_a_list_of_overrides_is_refused():
    with pytest.raises(ConfigError) as err:
        sim.run("replications=1")  # type: ignore[arg-type]
    assert err.value.key == "overrides" and "list of strings" in str(err.value)


def test_a_config_edited_by_hand_is_checked_again():
    cfg = dataclasses.replace(sim.config(["horizon_days=2", "warmup_days=0"]), replications=0)
    with pytest.raises(ConfigError) as err:
        sim.run(cfg=cfg)
    assert err.value.key == "replications"


@pytest.mark.parametrize("n_jobs", [0, -2, 1.5, True])
def test_n_jobs_is_checked(n_jobs: object):
    cfg = sim.config(["horizon_days=2", "warmup_days=0", "replications=1"])
    with pytest.raises(ConfigError) as err:
        sim.run(cfg=cfg, n_jobs=n_jobs)  # type: ignore[arg-type]
    assert err.value.key == "n_jobs"


@pytest.mark.parametrize(
    "override",
    [
        "scenario.staffing.capacity_factor=inf",
        "models.trust.planning.buffer_share=nan",
        "scenario.clients.need.day_factor_sigma=-inf",
        "scenario.costs.travel_cost_per_km_sek.car=inf",
    ],
)
def test_non_finite_numbers_are_refused_everywhere(override: str):
    with pytest.raises(ConfigError) as err:
        sim.config([override])
    assert err.value.key == override.split("=")[0] and "finite" in str(err.value)


# ---- issue 28 item 3: every wrong type, value or key of the public functions is one ConfigError

TINY = ["scenario=classroom", "replications=1", "horizon_days=1", "warmup_days=0"]


@pytest.fixture(scope="module")
def tiny() -> sim.config.RunConfig:  # type: ignore[name-defined]
    return sim.config(TINY)


def _edited(cfg, path: str, value: object):  # type: ignore[no-untyped-def]
    """``cfg`` with the dataclass field at dotted ``path`` set to ``value``."""
    head, _, rest = path.partition(".")
    if not rest:
        return dataclasses.replace(cfg, **{head: value})
    return dataclasses.replace(cfg, **{head: _edited(getattr(cfg, head), rest, value)})


@pytest.mark.parametrize(
    ("path", "value", "key", "said"),
    [
        ("horizon_days", "x", "horizon_days", "must be a whole number; got 'x'"),
        ("seed", "7", "seed", "must be a whole number; got '7'"),
        ("replications", 1.5, "replications", "must be a whole number; got 1.5"),
        ("scenario.name", 3, "scenario.name", "must be text; got 3"),
        ("scenario.staffing.capacity_factor", "1.2", "scenario.staffing.capacity_factor", "must be a number"),
        ("report.enabled", "yes", "report.enabled", "must be true or false; got 'yes'"),
        ("compare", "minute", "compare", "must be a list"),
        ("scenario.staffing", 3, "scenario.staffing", "is a group of settings"),
    ],
)
def test_a_value_of_the_wrong_type_set_in_python_is_one_config_error(tiny, path, value, key, said) -> None:
    with pytest.raises(ConfigError) as err:
        sim.run(cfg=_edited(tiny, path, value))
    assert err.value.key == key and said in str(err.value), str(err.value)


@pytest.mark.parametrize(
    ("call", "key"),
    [
        (lambda c: sim.run(TINY, cfg=c), "overrides"),
        (lambda c: sim.run(cfg=c, keep_events="no"), "keep_events"),
        (lambda c: sim.run(cfg="configs/config.yaml"), "cfg"),
        (lambda c: sim.api.load_config("scenario=classroom"), "overrides"),
        (lambda c: sim.api.load_config(["replicatons=2"]), "replicatons"),
        (lambda c: sim.api.run_replication(c, "a"), "replication"),
        (lambda c: sim.api.run_replication(c, -1), "replication"),
        (lambda c: sim.api.run_replication("cfg", 0), "run"),
        (lambda c: sim.api.run_replication(_edited(c, "warmup_days", "x"), 0), "warmup_days"),
    ],
    ids=[
        "both",
        "keep-events",
        "cfg-str",
        "load-str",
        "load-key",
        "rep-str",
        "rep-neg",
        "rep-cfg",
        "rep-edited",
    ],
)
def test_every_public_function_refuses_wrong_arguments_with_one_config_error(tiny, call, key) -> None:
    with pytest.raises(ConfigError) as err:
        call(tiny)
    assert err.value.key == key, str(err.value)
    assert "\n" not in str(err.value)


def test_numpy_numbers_set_by_an_experiment_are_accepted(tiny) -> None:
    import numpy as np

    from sim.config import validate

    validate(
        _edited(_edited(tiny, "seed", np.int64(5)), "scenario.staffing.capacity_factor", np.float64(1.1))
    )
