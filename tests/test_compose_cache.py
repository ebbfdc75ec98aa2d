"""A composition asked twice in a process is a copy of the first — unless a config file changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from omegaconf import OmegaConf, open_dict

from sim.config import checked_config, load_config
from sim.config.compose import _composed

OWN = (
    "defaults:\n"
    "  - /geography@districts.north.geography: urban\n"
    "  - /population@clients: swedish_default\n"
    "  - /staffing@staffing: kth_shifts\n"
    "  - /costs@costs: sek_2024\n"
    "  - _self_\n"
    "districts:\n  north:\n    n_clients: 25\n"
)


def test_the_same_composition_is_an_equal_copy_that_can_be_edited_alone():
    a = load_config(["scenario=classroom", "replications=3"])
    b = load_config(["scenario=classroom", "replications=3"])
    assert a is not b and OmegaConf.to_yaml(a) == OmegaConf.to_yaml(b)
    with open_dict(a):
        a.replications = 9
    assert load_config(["scenario=classroom", "replications=3"]).replications == 3


def test_a_scenario_file_edited_between_two_calls_is_read_again(tmp_path: Path):
    folder = tmp_path / "mine"
    (folder / "scenario").mkdir(parents=True)
    f = folder / "scenario" / "own.yaml"
    for name in ("first", "second_version"):  # the second file is longer: its size differs too
        f.write_text(f"{OWN}name: {name}\n")
        assert checked_config(["scenario=own"], search=[str(folder)]).scenario.name == name


# Override lists as users and the suite write them: groups, values, +/++/~, packages, lists,
# dicts, quoted text, null, and mistakes. Hydra's full composition is the reference.
SAME_AS_HYDRA = [
    [],
    ["scenario=classroom", "replications=3", "horizon_days=7", "warmup_days=2"],
    ["replications=2", "scenario.districts.centrum.n_clients=50", "models.trust.planning.buffer_share=0.3"],
    ["scenario=rural_district", "compare=[trust,minute]", "seed=7"],
    [
        "scenario.districts.centrum.geography.travel_noise_cv=0",
        "+geography@scenario.districts.b.geography=suburban",
        "scenario.districts.b.n_clients=30",
    ],
    ["model@models.minute=trust", "models.minute.label=Other"],
    ["+experiment=sensitivity", "scenario=classroom", "sensitivity.sobol_base=4"],
    ["transition.enabled=true", "transition.first_wave_month=1"],
    ["scenario.description='Umeå, norra'", "report.lang=sv"],
    ["++scenario.description=x"],
    ["data.dir=null", "scenario.staffing.caregivers_per_district=null"],
    ["scenario.districts.centrum={n_clients: 12}"],
]
WRONG = [
    ["foo=1"],
    ["replications=abc"],
    ["scenario=nope"],
    ["+replications=3"],
    ["~scenario.nothing"],
    ["~scenario.description"],  # a field of the schema cannot be deleted
    ["scenario.districts.nowhere.n_clients=5"],
    ["scenario=classroom", "scenario.districts.centrum.n_clients=5"],
]


@pytest.mark.parametrize("overrides", SAME_AS_HYDRA, ids=lambda o: " ".join(o)[:50] or "defaults")
def test_groups_then_values_compose_what_hydra_composes(overrides):
    full = _composed("config", list(overrides), False, [])
    assert OmegaConf.to_yaml(load_config(list(overrides))) == OmegaConf.to_yaml(full)


@pytest.mark.parametrize("overrides", WRONG, ids=lambda o: " ".join(o)[:50])
def test_a_wrong_override_fails_as_in_hydra(overrides):
    with pytest.raises(Exception) as hydra_says:
        _composed("config", list(overrides), False, [])
    with pytest.raises(Exception) as we_say:
        load_config(list(overrides))
    assert type(we_say.value) is type(hydra_says.value)
    assert str(we_say.value) == str(hydra_says.value)


def test_threads_composing_at_once_each_get_their_own_config():
    """A web app composes from several threads; Hydra's search path is one per process."""
    from concurrent.futures import ThreadPoolExecutor

    asks = [["scenario=classroom", f"seed={k}"] for k in range(6)] + [["scenario=rural_district"]] * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(load_config, asks))
    assert [c.seed for c in got[:6]] == list(range(6))
    assert got[6].scenario.name == got[7].scenario.name == "rural_district" and got[6] is not got[7]
