"""``python -m sim.trace`` on a unit's own run: people and clients by the unit's ids (issue 24)."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from omegaconf import OmegaConf

import sim
from sim import trace as trace_cli
from sim.config import load_config
from sim.io import write_results
from sim.report.__main__ import load_run_config
from sim.teaching import gantt
from sim.teaching.select import choose_day

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "unit"


@pytest.fixture(scope="module")
def unit_run(tmp_path_factory) -> tuple[Path, dict[str, pd.DataFrame]]:
    """examples/unit with a routing system's ids (P-…, K-…), run and written as a run folder."""
    folder = tmp_path_factory.mktemp("unit") / "unit"
    shutil.copytree(EXAMPLE, folder)
    for p in folder.glob("*.csv"):
        p.write_text(p.read_text().replace("cg-", "P-").replace("client-", "K-"))
    args = [
        "scenario=from_data",
        f"data.dir={folder}",
        "replications=1",
        "warmup_days=7",
        "horizon_days=2",
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 2 measured days: the 14-day indicator is not measured
        cfg = sim.config(args)
        results = sim.run(cfg=cfg, n_jobs=1)
    run_dir = tmp_path_factory.mktemp("run")
    write_results(run_dir, results, OmegaConf.to_yaml(load_config(args), resolve=True), {})
    return run_dir, results.events


def _busiest(events: dict[str, pd.DataFrame], model: str) -> tuple[int, str, str]:
    """A measured day, and the caregiver and client (the unit's ids) with the most visits then."""
    v = events["visits"]
    v = v[(v["model"] == model) & ~v["missed"] & (v["day"] >= 7)]
    day = int(v.groupby("day").size().idxmax())
    on = v[v["day"] == day]
    return day, str(on["caregiver"].value_counts().index[0]), str(on["client"].value_counts().index[0])


def test_a_caregiver_by_the_units_id(unit_run, capsys):
    run_dir, events = unit_run
    day, caregiver, _ = _busiest(events, "minute")
    assert caregiver.startswith("P-")
    code = trace_cli.main([str(run_dir), "--model", "minute", "--caregiver", caregiver, "--day", str(day)])
    out = capsys.readouterr().out
    assert code == 0
    title = next(line for line in out.splitlines() if line.startswith("Minute-controlled:"))
    assert f"Caregiver {caregiver}," in title
    # the narration names clients and visits by the unit's ids, never by the simulation's numbers
    care = [line for line in out.splitlines() if " for Client " in line]
    assert care and all("Client K-" in line and "Visit client" not in line for line in care)
    assert all(line.split("  ", 1)[1].startswith("Visit K-") for line in care)
    # the same caregiver by the simulation's number tells the same day
    number = events["shifts"].query("caregiver == @caregiver")["caregiver_id"].iloc[0]
    assert (
        trace_cli.main([str(run_dir), "--model", "minute", "--caregiver", str(number), "--day", str(day)])
        == 0
    )
    assert capsys.readouterr().out == out


def test_a_client_by_the_units_id(unit_run, capsys):
    run_dir, events = unit_run
    day, _, client = _busiest(events, "minute")
    assert client.startswith("K-")
    assert trace_cli.main([str(run_dir), "--client", client, "--day", str(day), "--lang", "sv"]) == 0
    out = capsys.readouterr().out
    assert f"Minutstyrd: Brukare {client}," in out and f"Tillitsbaserad: Brukare {client}," in out
    assert "Enhetens egen plan: Brukare" in out  # the replay, by its name
    met = [line for line in out.splitlines() if line.startswith("Mötte")]
    assert met and all("Undersköterska P-" in line for line in met)


@pytest.mark.parametrize(
    ("flag", "given", "listed"), [("--caregiver", "P-nobody", "P-"), ("--client", "K-0", "K-")]
)
def test_an_unknown_id_gives_one_line_with_some_of_the_runs_ids(unit_run, capsys, flag, given, listed):
    run_dir, _ = unit_run
    assert trace_cli.main([str(run_dir), flag, given]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith(f"error: {flag}: no {flag[2:]} '{given}' in this run;")
    assert f"include {listed}" in err and "in all)" in err


def test_the_gantt_labels_care_bars_with_the_units_client_ids(unit_run, tmp_path, monkeypatch):
    run_dir, events = unit_run
    run = load_run_config(run_dir)
    choice = choose_day(events, ["minute", "trust"], run.warmup_days, run.horizon_days)
    drawn: list[str] = []

    def keep_texts(fig, out_dir, name):
        drawn.extend(t.get_text() for ax in fig.axes for t in ax.texts)
        drawn.extend(ax.get_ylabel() for ax in fig.axes)
        plt.close(fig)
        return []

    monkeypatch.setattr(gantt, "save", keep_texts)
    gantt.plot_day_in_life(events, choice, tmp_path, "en", run=run)
    on_bars = [t for t in drawn if t and "\n" not in t]
    assert on_bars and all(t.startswith("K-") for t in on_bars), on_bars
    assert any("Caregiver P-" in t for t in drawn), drawn
