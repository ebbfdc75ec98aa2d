"""Teaching views: the narrated trace of a day and the "day in the life" Gantt chart."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from teachhelpers import classroom, write_run_folder

from sim import trace as trace_cli
from sim.plots.run import as_tables
from sim.teaching.context import build_context
from sim.teaching.gantt import gantt_data, plot_day_in_life
from sim.teaching.select import busiest_day, choose_day
from sim.teaching.trace import caregiver_day, client_day


@pytest.fixture(scope="module")
def run_and_tables():
    cfg, results = classroom()
    return cfg, as_tables(results)


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    return write_run_folder(tmp_path_factory.mktemp("classroom") / "run")


def test_narrated_minutes_of_every_caregiver_day_sum_to_paid_time(run_and_tables):
    cfg, t = run_and_tables
    day = busiest_day(t["visits"], 0, cfg.warmup_days, cfg.horizon_days)
    ctx = build_context(cfg, 0)
    shifts = t["shifts"]
    for model in cfg.compare:
        today = shifts[(shifts["replication"] == 0) & (shifts["model"] == model) & (shifts["day"] == day)]
        assert len(today) >= 3
        for s in today.itertuples():
            tr = caregiver_day(t, model, s.caregiver_id, day, 0, "en", ctx=ctx)
            assert sum(ln.minutes for ln in tr.lines) == pytest.approx(s.paid_min, abs=1e-6)
            assert [ln.start for ln in tr.lines] == sorted(ln.start for ln in tr.lines)
            text = tr.render()
            assert text.count("\n") >= len(tr.lines) and "Paid time" in tr.summary
            # every performed visit of the caregiver is narrated
            v = t["visits"]
            mine = v[
                (v["replication"] == 0)
                & (v["model"] == model)
                & (v["day"] == day)
                & ~v["missed"]
                & ((v["caregiver_id"] == s.caregiver_id) | (v["second_caregiver_id"] == s.caregiver_id))
            ]
            assert sum(ln.kind == "care" for ln in tr.lines) == len(mine)


def _a_handover(t: dict[str, pd.DataFrame]) -> pd.Series:
    a = t["activities"]
    out = a[(a["kind"] == "handover_out") & (a["model"] == "trust")]
    assert not out.empty, "the classroom trust teams should hand some visits over"
    return out.iloc[0]


def test_a_handed_over_visit_is_narrated_as_handed_over(run_and_tables):
    cfg, t = run_and_tables
    h = _a_handover(t)
    a = t["activities"]
    taker = a[
        (a["kind"] == "handover_in")
        & (a["visit_uid"] == h["visit_uid"])
        & (a["model"] == "trust")
        & (a["replication"] == h["replication"])
        & (a["day"] == h["day"])
    ].iloc[0]
    rep, day = int(h["replication"]), int(h["day"])
    giver = caregiver_day(t, "trust", int(h["caregiver_id"]), day, rep, "en", run=cfg)
    line = next(ln for ln in giver.lines if ln.kind == "handover_out")
    assert re.search(
        rf"hands the .* over to (Caregiver|Substitute) {int(taker['caregiver_id'])}\.", line.text
    )
    assert f"Client {int(h['client_id'])}" in line.text
    receiver = caregiver_day(t, "trust", int(taker["caregiver_id"]), day, rep, "en", run=cfg)
    assert any(ln.kind == "handover_in" for ln in receiver.lines)
    care = [ln for ln in receiver.lines if ln.kind == "care" and f"Client {int(h['client_id'])}:" in ln.text]
    assert any(
        re.search(rf"Taken over from (Caregiver|Substitute) {int(h['caregiver_id'])}\.", ln.text)
        for ln in care
    )
    sv = caregiver_day(t, "trust", int(h["caregiver_id"]), day, rep, "sv", run=cfg)
    assert any("lämnar över" in ln.text for ln in sv.lines)


def test_client_day_names_every_visit_and_caregiver(run_and_tables):
    cfg, t = run_and_tables
    v = t["visits"]
    day = busiest_day(v, 0, cfg.warmup_days, cfg.horizon_days)
    client = int(v[(v["replication"] == 0) & (v["day"] == day)]["client_id"].iloc[0])
    for model in cfg.compare:
        tr = client_day(t, model, client, day, 0, "sv", run=cfg)
        own = v[
            (v["replication"] == 0) & (v["model"] == model) & (v["day"] == day) & (v["client_id"] == client)
        ]
        assert sum(ln.kind in ("care", "missed") for ln in tr.lines) == len(own)
        assert f"Brukare {client}" in tr.title and "Omsorgsnivå" in tr.title
        for cg in own["caregiver_id"][own["caregiver_id"] >= 0]:
            assert f" {int(cg)}" in tr.summary


def test_gantt_shows_both_models_on_the_same_day(run_and_tables, tmp_path):
    cfg, t = run_and_tables
    choice = choose_day(t, list(cfg.compare), cfg.warmup_days, cfg.horizon_days)
    assert cfg.warmup_days <= choice.day < cfg.warmup_days + cfg.horizon_days
    assert set(choice.caregivers) == {"minute", "trust"} and "day" in choice.defaulted
    data = gantt_data(t, choice)
    assert set(data["model"]) == {"minute", "trust"}
    assert ((data["start"] // 1440) == choice.day).all()
    # the bars of each caregiver cover exactly their paid time
    s = t["shifts"]
    for model, cg in choice.caregivers.items():
        bars = data[(data["model"] == model) & ~data["kind"].isin(["cut"])]
        paid = s[
            (s["replication"] == 0)
            & (s["model"] == model)
            & (s["day"] == choice.day)
            & (s["caregiver_id"] == cg)
        ]
        assert (bars["end"] - bars["start"]).sum() == pytest.approx(float(paid["paid_min"].iloc[0]))
    paths = plot_day_in_life(t, choice, tmp_path, "sv", run=cfg)
    assert sorted(p.name for p in paths) == ["day_in_life.png", "day_in_life.svg"]
    assert all(p.stat().st_size > 5000 for p in paths)
    # a caregiver of the user's choice, who did not work that day, is refused with the list of who did
    with pytest.raises(ValueError, match="did not work"):
        choose_day(t, ["minute"], cfg.warmup_days, cfg.horizon_days, 0, choice.day, {"minute": 10_000})


def test_trace_command_line(run_folder, capsys):
    assert trace_cli.main([str(run_folder), "--gantt", str(run_folder / "g")]) == 0
    out = capsys.readouterr().out
    assert "Not given, so chosen" in out and "Minute-controlled:" in out and "Trust-based:" in out
    assert (run_folder / "g" / "day_in_life.png").exists()
    assert trace_cli.main([str(run_folder), "--model", "trust", "--client", "--lang", "sv"]) == 0
    out = capsys.readouterr().out
    assert "Tillitsbaserad: Brukare" in out and "Minutstyrd" not in out
    assert trace_cli.main([str(run_folder), "--model", "nobody"]) == 2
    assert "not in this run" in capsys.readouterr().err
