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
