"""A composition asked twice in a process is a copy of the first — unless a config file changed."""

from __future__ import annotations

from pathlib import Path

from omegaconf import OmegaConf, open_dict

from sim.config import checked_config, load_config

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
