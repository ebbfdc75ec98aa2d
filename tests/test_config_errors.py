"""Bad input stops a run with one line naming the key — in the API and on the command line."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import sim
from sim.config import ConfigError


def _norm(text: str) -> str:
    """``districts[0].x`` and ``districts.0.x`` name the same key."""
    return re.sub(r"\[(\d+)\]", r".\1", text)


# (override, key the message must name)
CHECKED_BY_SCHEMA = [
    pytest.param(
        "scenario.staffing.caregivers_per_district=-1",
        "scenario.staffing.caregivers_per_district",
        id="negative-staff",
    ),
    pytest.param(
        "scenario.districts.centrum.n_clients=0", "scenario.districts.centrum.n_clients", id="no-clients"
    ),
    pytest.param("replications=0", "replications", id="zero-replications"),
    pytest.param("n_jobs=0", "n_jobs", id="zero-jobs"),
    pytest.param("horizon_days=0", "horizon_days", id="zero-horizon"),
    pytest.param(
        "scenario.clients.slots.morning.end=07:00",
        "scenario.clients.slots.morning.end",
        id="window-ends-before-start",
    ),
    pytest.param(
        "scenario.staffing.shifts.day.end=06:00",
        "scenario.staffing.shifts.day.end",
        id="shift-ends-before-start",
    ),
    pytest.param(
        "scenario.staffing.shifts.day.start=25:00", "scenario.staffing.shifts.day.start", id="bad-clock"
    ),
    pytest.param(
        "models.minute.execution.stay_for=forever", "models.minute.execution.stay_for", id="invalid-choice"
    ),
    pytest.param("models.trust.organisation.unit=squad", "models.trust.organisation.unit", id="invalid-unit"),
    pytest.param(
        "scenario.alarms.handling_distribution=gamma",
        "scenario.alarms.handling_distribution",
        id="invalid-distribution",
    ),
    pytest.param(
        "scenario.districts.centrum.geography.speed_kmh.car=0",
        "scenario.districts.centrum.geography.speed_kmh",
        id="zero-speed",
    ),
    pytest.param("scenario.clients.care_levels.0.share=0.9", "scenario.clients.care_levels", id="shares-sum"),
    pytest.param(
        "scenario.stress.sick_start_probability=1.5",
        "scenario.stress.sick_start_probability",
        id="probability-above-one",
    ),
    pytest.param("compare=[minute,bogus]", "compare", id="unknown-model"),
    pytest.param("scenario.start_date=2025-13-01", "scenario.start_date", id="bad-date"),
]

# Errors Hydra/OmegaConf raise while composing the config.
CHECKED_BY_COMPOSITION = [
    pytest.param("foo=1", "foo", id="unknown-key"),
    pytest.param("scenario.staffing.capacity_factr=2", "capacity_factr", id="misspelt-key"),
    pytest.param("replications=abc", "replications", id="wrong-type"),
    pytest.param("horizon_days=1.5", "horizon_days", id="float-for-int"),
    pytest.param("scenario=nope", "scenario", id="unknown-scenario-option"),
    pytest.param("model@models.trust=nope", "model", id="unknown-model-option"),
]


@pytest.mark.parametrize("override,key", CHECKED_BY_SCHEMA)
def test_api_raises_config_error_naming_the_key(override, key):
    with pytest.raises(ConfigError) as err:
        sim.config([override])
    msg = _norm(str(err.value))
    assert key in msg, msg
    assert "\n" not in str(err.value)
    assert _norm(err.value.key).startswith(key.split(".")[0])


@pytest.mark.parametrize("override,key", CHECKED_BY_COMPOSITION)
def test_api_raises_config_error_for_composition_errors(override, key):
    try:
        sim.config([override])
    except ConfigError as exc:
        assert key in str(exc)
        return
    except Exception as exc:
        raise AssertionError(f"{type(exc).__name__} instead of ConfigError: {exc}") from exc
    raise AssertionError("no error")


def test_api_composition_errors_are_still_errors():
    """Whatever their type, composition errors do stop sim.config()."""
    for override in ("foo=1", "replications=abc", "scenario=nope"):
        with pytest.raises(Exception):  # noqa: B017 - see the xfail above for the wanted type
            sim.config([override])


def test_config_error_is_a_value_error_with_key():
    with pytest.raises(ValueError):
        sim.config(["replications=0"])
    err = ConfigError("a.b", "must be >= 1; got 0")
    assert err.key == "a.b" and str(err) == "a.b: must be >= 1; got 0"


def test_good_overrides_pass():
    cfg = sim.config(["replications=3", "scenario.districts.centrum.n_clients=20", "compare=[trust,minute]"])
    assert cfg.replications == 3 and cfg.scenario.districts["centrum"].n_clients == 20
    assert cfg.compare == ["trust", "minute"]


# One case per code path (composition: key, type, group option; validation: range, relation);
# every CLI call pays ~2.5 s of imports, so the other kinds are covered through the API above.
CLI_CASES = {
    "unknown-key": ("foo=1", "foo"),
    "wrong-type": ("replications=abc", "replications"),
    "negative-staff": (
        "scenario.staffing.caregivers_per_district=-1",
        "scenario.staffing.caregivers_per_district",
    ),
    "window-ends-before-start": (
        "scenario.clients.slots.morning.end=07:00",
        "scenario.clients.slots.morning.end",
    ),
    "unknown-scenario-option": ("scenario=nope", "scenario"),
}
# a tiny run, in case a bad override were accepted
TINY = ["replications=1", "horizon_days=1", "warmup_days=0", "scenario.districts.centrum.n_clients=5"]


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    """Run every bad command line at once (separate processes, in parallel)."""
    procs = {}
    for name, (override, _) in CLI_CASES.items():
        cwd = tmp_path_factory.mktemp(name)
        run_dir = cwd / "run"
        keep = [a for a in TINY if a.split("=")[0] != override.split("=")[0]]
        cmd = [sys.executable, "-m", "sim", override, *keep, f"hydra.run.dir={run_dir}"]
        procs[name] = (
            subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
            cwd,
            run_dir,
        )
    out = {}
    for name, (p, cwd, run_dir) in procs.items():
        stdout, stderr = p.communicate(timeout=300)
        out[name] = (p.returncode, stdout, stderr, cwd, run_dir)
    return out


@pytest.mark.parametrize("case", list(CLI_CASES))
def test_cli_stops_with_one_error_line(cli_runs, case):
    _, key = CLI_CASES[case]
    code, stdout, stderr, cwd, run_dir = cli_runs[case]
    assert code == 2, stderr
    lines = stderr.strip("\n").splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error:")
    assert key in _norm(lines[0]), lines[0]
    assert "Traceback" not in stderr + stdout
    assert stdout == ""
    assert not run_dir.exists(), f"{run_dir} was created: {list(run_dir.rglob('*'))}"
    assert sorted(p.name for p in cwd.iterdir()) == [], "nothing may be written"
