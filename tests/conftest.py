"""Session-wide runs shared by the verification suite (each is simulated once)."""

from __future__ import annotations

import pytest
from simhelpers import SMALL, TWO_DISTRICTS, run, worlds

import sim


@pytest.fixture(scope="session")
def small_cfg():
    """Checked config of the small one-district scenario (2 replications)."""
    return sim.config(SMALL)


@pytest.fixture(scope="session")
def small_results(small_cfg):
    """Both models on the small scenario, run serially."""
    return sim.run(cfg=small_cfg, n_jobs=1)


@pytest.fixture(scope="session")
def small_worlds(small_cfg):
    """World of each replication of the small scenario."""
    return worlds(small_cfg)


@pytest.fixture(scope="session")
def two_district_cfg():
    """Two districts with noise-free travel (1 replication)."""
    return sim.config(TWO_DISTRICTS)


@pytest.fixture(scope="session")
def two_district_results(two_district_cfg):
    """Both models on the two-district scenario."""
    return sim.run(cfg=two_district_cfg, n_jobs=1)


@pytest.fixture(scope="session")
def two_district_worlds(two_district_cfg):
    """World of each replication of the two-district scenario."""
    return worlds(two_district_cfg)


@pytest.fixture(scope="session", params=["small", "two_districts"])
def scenario_run(request):
    """(cfg, results, worlds) of each shared scenario, for tests that must hold everywhere."""
    if request.param == "small":
        names = ("small_cfg", "small_results", "small_worlds")
    else:
        names = ("two_district_cfg", "two_district_results", "two_district_worlds")
    return tuple(request.getfixturevalue(n) for n in names)


@pytest.fixture(scope="session")
def seeded_run():
    """Factory of cached runs keyed by their overrides (shared between test modules)."""
    cache: dict[tuple[str, ...], sim.Results] = {}

    def get(overrides: list[str]) -> sim.Results:
        key = tuple(overrides)
        if key not in cache:
            cache[key] = run(list(overrides))
        return cache[key]

    return get


# The longest test modules first: `make test` hands whole modules to the workers
# (--dist loadscope) in collection order, so starting with the long ones leaves short ones to
# even out the end instead of one worker finishing a long module alone (longest first).
LONGEST_MODULES = (
    "test_sweeps",
    "test_transition",
    "test_sensitivity_experiment",
    "test_knobs",
    "test_mechanisms",
    "test_cost_bridge_report",
    "test_bad_inputs",
    "test_equal_budget",
    "test_team_relief",
    "test_properties",
    "test_unit_roster",
    "test_import",
    "test_no_silent_settings",
    "test_report_browser",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_MODULES)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))  # stable: the rest in order
