"""A corpus of bad inputs (issue 14): each stops with one plain line naming the key, what was
given and what is allowed, exit code 2, and nothing written — from the command line, the
Python API and the helper commands. The rules are listed in docs/errors.md.

Most cases call the command line's entry point in this process (it exits before Hydra starts,
so that is what a user's shell sees, without ~3 s of imports per case); a few run
``python -m sim`` in a subprocess, end to end, in tests/test_bad_inputs_commands.py (with the
helper commands and runs that fail after Hydra started).
"""

from __future__ import annotations

import contextlib
import io
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

import sim
import sim.cli
from sim.cli_checks import check_overrides, quote_argv
from sim.config import ConfigError, ConfigWarning

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "examples" / "unit"
# library words a message must not show
JARGON = (
    "subclass",
    "ValidationError",
    "ListConfig",
    "DictConfig",
    "Dict[",
    "Lexer",
    "struct",
    "Exception",
    "full_key",
    "object_type",
    "Integer",
    "Traceback",
)


@dataclass
class Case:
    """Overrides (as typed), fragments the message must hold, and whether the API sees it too."""

    id: str
    argv: list[str]
    says: list[str]
    api: bool = True


CASES = [
    # unknown keys: "did you mean", and the entries a dict has
    Case("unknown-key", ["replicatons=3"], ["replicatons: unknown key", "did you mean replications?"]),
    Case(
        "misspelt-nested-key",
        ["scenario.staffing.capacity_factr=2"],
        ["scenario.staffing.capacity_factr: unknown key", "did you mean capacity_factor?"],
    ),
    Case(
        "unknown-district",
        ["scenario.districts.urban.n_clients=5"],
        [
            "scenario.districts.urban: no district 'urban' in scenario urban_district",
            "districts here: centrum",
        ],
    ),
    Case(
        "misspelt-district-of-another-scenario",
        ["scenario=municipality_2000", "scenario.districts.centrun.n_clients=5"],
        ["no district 'centrun' in scenario municipality_2000", "did you mean centrum?"],
    ),
    Case(
        "index-past-the-end",
        ["scenario.clients.care_levels.9.name=x"],
        ["scenario.clients.care_levels.9: no entry 9 in scenario.clients.care_levels: it has entries 0 to 3"],
    ),
    Case(
        "unknown-key-of-a-list-item",
        ["scenario.clients.care_levels.0.nme=x"],
        ["scenario.clients.care_levels.0.nme: unknown key; did you mean name?"],
    ),
    Case("unknown-model", ["models.trst.label=x"], ["models.trst: no model 'trst'", "did you mean trust?"]),
    Case("unknown-scenario", ["scenario=urban_distric"], ["scenario: no config named", "urban_district?"]),
    # what Hydra's parser cannot read
    Case("letters-in-key", ["scenario.districts.umeå.n_clients=3"], ["a key may use only the letters"]),
    Case("unreadable-value", ["horizon_days=("], ["horizon_days: cannot read the value '('"]),
    Case(
        "comma-without-multirun",
        ["horizon_days=1,5"],
        ["horizon_days: '1,5' is a list of values", "add -m (multirun)", "use a point: 1.5"],
    ),
    # wrong types, in plain words
    Case("text-for-whole-number", ["horizon_days=abc"], ["horizon_days: must be a whole number; got 'abc'"]),
    Case("decimal-for-whole-number", ["replications=2.5"], ["replications: must be a whole number; got 2.5"]),
    Case(
        "text-for-number",
        ["scenario.staffing.capacity_factor=lots"],
        ["scenario.staffing.capacity_factor: must be a number; got 'lots'"],
    ),
    Case(
        "not-a-bool", ["output.print_table=maybe"], ["output.print_table: must be true or false; got 'maybe'"]
    ),
    Case("not-a-list", ["compare=minute"], ["compare: must be a list such as [a,b]; got 'minute'"]),
    Case(
        "not-a-mapping",
        ["scenario.staffing.skill_shares=0.5"],
        ["scenario.staffing.skill_shares: must be a mapping", "got 0.5"],
    ),
    Case("a-group-given-a-value", ["scenario.staffing=5"], ["scenario.staffing: is a group of settings"]),
    Case(
        "date-not-iso",
        ["scenario.start_date=13/01/2026"],
        ["scenario.start_date: expected an ISO date YYYY-MM-DD; got '13/01/2026'"],
    ),
    Case("infinite", ["scenario.staffing.capacity_factor=inf"], ["must be a finite number; got inf"]),
    Case("zero-jobs", ["n_jobs=0"], ["n_jobs: must be -1 (all cores) or a number of processes >= 1"]),
    # semantic rules: allowed values, meaningless run
    Case(
        "nobody-works",
        ["scenario.staffing.caregivers_per_district=0", "scenario.alarms.holder_share=0"],
        ["scenario.staffing.caregivers_per_district: is 0 and no alarm unit works", "nobody works at all"],
    ),
    Case(
        "skill-nobody-holds",
        ["scenario.staffing.skill_shares.delegation=0"],
        ["scenario.staffing.skill_shares.delegation: is 0, so nobody can do task 'insulin'"],
    ),
    Case(
        "window-outside-its-shift",
        ["scenario.clients.slots.bedtime.shift=day"],
        [
            "scenario.clients.slots.bedtime: window 20:00-21:45 lies outside shift 'day' (07:30-16:00)",
            "set scenario.clients.slots.bedtime.shift=evening",
        ],
    ),
    Case(
        "double-staffing-with-one-caregiver",
        ["scenario.staffing.caregivers_per_district=1"],
        ["scenario.staffing.caregivers_per_district: is 1, but some visits are double-staffed"],
    ),
    Case(
        "from-data-without-a-folder",
        ["scenario=from_data"],
        ["data.dir: scenario from_data reads a unit's folder: give data.dir=FOLDER"],
    ),
    Case(
        "override-data-dir-replaces",
        ["scenario=from_data", f"data.dir={UNIT}", "scenario.districts.unit.n_clients=5"],
        ["scenario.districts.unit.n_clients: is ignored: data.dir", "edit the files, or drop data.dir"],
    ),
    Case(
        "sweep-point-checked",
        ["-m", "horizon_days=1,2", "scenario.staffing.skill_shares.delegation=0.5,0"],
        ["scenario.staffing.skill_shares.delegation: is 0"],
        api=False,
    ),
]


def _cli(argv: list[str], cwd: Path) -> tuple[int | str | None, str]:
    """Run ``python -m sim ARGV`` in this process from ``cwd``: (exit code, stderr). On bad input
    it stops before Hydra starts; a Hydra start is reported as exit code "started"."""
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stderr(err):
        mp.chdir(cwd)
        mp.setattr(
            sys, "argv", ["sim", *argv, f"hydra.run.dir={cwd / 'out'}", f"hydra.sweep.dir={cwd / 'sw'}"]
        )
        mp.setattr(sim.cli, "_app", lambda: sys.exit("started"))
        try:
            sim.cli.main()
        except SystemExit as stop:
            return stop.code, err.getvalue()
    return None, err.getvalue()


@pytest.fixture(scope="module")
def cli_out(tmp_path_factory) -> dict[str, tuple[int | str | None, str, Path]]:
    """(exit code, stderr, working folder) of every case, run once (composing costs ~0.5 s)."""
    out = {}
    for case in CASES:
        cwd = tmp_path_factory.mktemp(case.id)
        out[case.id] = (*_cli(case.argv, cwd), cwd)
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cli_stops_with_one_plain_line(case: Case, cli_out):
    code, err, cwd = cli_out[case.id]
    assert code == 2, err
    lines = err.strip("\n").splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for fragment in case.says:
        assert fragment in lines[0], lines[0]
    assert not any(word in err for word in JARGON), err
    assert list(cwd.iterdir()) == [], "nothing may be written"


@pytest.mark.parametrize("case", [c for c in CASES if c.api], ids=[c.id for c in CASES if c.api])
def test_api_raises_the_same_message(case: Case, cli_out):
    with pytest.raises(ConfigError) as raised:
        sim.config(case.argv)
    assert f"error: {raised.value}" == cli_out[case.id][1].strip("\n")
    assert isinstance(raised.value, ValueError)
    assert str(raised.value).startswith(f"{raised.value.key}: ")


@pytest.mark.parametrize("case_id", ["unknown-key", "comma-without-multirun", "skill-nobody-holds"])
def test_api_run_raises_before_running(case_id: str, cli_out):
    case = next(c for c in CASES if c.id == case_id)
    with pytest.raises(ConfigError) as raised:
        sim.run(case.argv)
    assert f"error: {raised.value}" == cli_out[case.id][1].strip("\n")


def test_several_semantic_problems_are_a_short_list(tmp_path):
    argv = ["scenario.staffing.skill_shares.delegation=0", "scenario.clients.slots.bedtime.shift=day"]
    code, err = _cli(argv, tmp_path)
    lines = err.strip("\n").splitlines()
    assert code == 2 and len(lines) == 2, err
    assert lines[0].startswith("error: scenario.staffing.skill_shares.delegation: is 0")
    assert lines[1].startswith("scenario.clients.slots.bedtime: window 20:00-21:45 lies outside")
    assert list(tmp_path.iterdir()) == []


def test_run_with_a_hand_edited_config_checks_semantics():
    import dataclasses

    cfg = sim.config(["horizon_days=14", "warmup_days=0", "replications=1"])
    staffing = dataclasses.replace(cfg.scenario.staffing, skill_shares={"delegation": 0.0})
    bad = dataclasses.replace(cfg, scenario=dataclasses.replace(cfg.scenario, staffing=staffing))
    with pytest.raises(ConfigError, match="nobody can do task 'insulin'"):
        sim.run(cfg=bad)


def test_letters_outside_ascii_in_a_value_are_accepted():
    assert sim.config(["scenario.name=Umeå", "scenario.description=Umeå kommun"]).scenario.name == "Umeå"
    assert quote_argv(["-m", "scenario.name=Umeå,Luleå", "--config-dir", "å", "x=1"]) == [
        "-m",
        "scenario.name='Umeå','Luleå'",
        "--config-dir",
        "å",
        "x=1",
    ]


# ------------------------------------------------------------------ warnings: printed, the run goes on

WARNINGS = [
    pytest.param(
        ["scenario.staffing.caregivers_per_district=0"],
        "scenario.staffing.caregivers_per_district: is 0: no caregivers",
        id="only-the-alarm-unit",
    ),
    pytest.param(
        ["scenario.staffing.caregivers_per_district=4"],
        "scenario.staffing.caregivers_per_district: 4 caregivers over 2 shift types: some shifts will "
        "have fewer than two on duty, and their double-staffed visits are missed",
        id="few-per-shift",
    ),
    pytest.param(
        ["scenario.staffing.caregivers_per_district=2"],
        "scenario.staffing.skill_shares.delegation: with 2 caregivers per district about 1.2 hold",
        id="few-skill-holders",
    ),
    pytest.param(
        ["scenario.clients.slots.bedtime.end=23:00"],
        "scenario.clients.slots.bedtime: window 20:00-23:00 reaches outside shift 'evening'",
        id="window-reaches-outside",
    ),
    pytest.param(
        ["horizon_days=7"],
        "horizon_days: 7 days is shorter than the continuity indicator's window",
        id="short",
    ),
    pytest.param(
        ["precision.batch=3"],
        "precision.batch: is ignored while precision.metric is null",
        id="precision-off",
    ),
    pytest.param(
        ["transition.training_days=3"],
        "transition.training_days: is ignored while transition.enabled is false",
        id="experiment-off",
    ),
    pytest.param(
        ["scenario.staffing.caregivers_per_district=10", "scenario.staffing.capacity_factor=2"],
        "scenario.staffing.capacity_factor: only splits the staff between shifts",
        id="headcount-fixed",
    ),
]


@pytest.mark.parametrize("argv,says", WARNINGS)
def test_warnings_are_printed_and_the_run_goes_on(argv, says, tmp_path):
    code, err = _cli(argv, tmp_path)
    assert code == "started", err
    assert any(line.startswith(f"warning: {says}") for line in err.splitlines()), err


@pytest.mark.parametrize(
    "argv,says", [WARNINGS[0].values, WARNINGS[5].values], ids=["alarm-unit", "precision"]
)
def test_the_api_issues_the_same_warnings(argv, says):
    with pytest.warns(ConfigWarning) as issued:
        sim.config(argv)
    assert any(str(w.message).startswith(says) for w in issued), [str(w.message) for w in issued]


def test_a_plain_config_warns_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConfigWarning)
        sim.config([])


# ------------------------------------------------------------------ run-time estimate


def test_the_estimate_is_printed_for_a_large_run_only():
    large = check_overrides(["scenario=municipality_2000", "replications=10"], multirun=False)
    assert large.estimate is not None
    assert large.estimate.startswith("estimated run time ≈ ") and "memory ≈ " in large.estimate
    assert "2,000 clients × 126 days × 10 replications" in large.estimate
    small = check_overrides(["replications=2", "horizon_days=14"], multirun=False)
    assert small.estimate is None


def test_the_cli_prints_the_estimate_before_starting(tmp_path):
    code, err = _cli(["scenario=municipality_2000"], tmp_path)
    assert code == "started"
    assert err.splitlines()[0].startswith("estimated run time ≈ "), err
    assert list(tmp_path.iterdir()) == []
