"""The run report of a unit's own data (issue 24): the delivery models first, the unit's plan on
paper beside its replay and both models, what the files held, what the import rests on, and no
verdict on an implausible figure."""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.plausibility import plausibility_warnings
from sim.plots.run import as_tables
from sim.report import write_run_report
from sim.report.run_report import build_run_html
from sim.report.unit import imported_text, period_caveats
from sim.tables import PLAN_METRICS, paper_figures

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def plain_unit(folder: Path) -> Path:
    """examples/unit with ids as a routing system's export gives them (P-…, K-…) and without the
    skills and contracts of its caregivers (the files then give none)."""
    shutil.copytree(EXAMPLES / "unit", folder)
    for p in folder.glob("*.csv"):
        p.write_text(p.read_text().replace("cg-", "P-").replace("client-", "K-"))
    staff = pd.read_csv(folder / "caregivers.csv", keep_default_na=False)
    staff = staff.drop(columns=["skills", "contract_fte"])
    staff.to_csv(folder / "caregivers.csv", index=False)
    visits = pd.read_csv(folder / "visits.csv", keep_default_na=False)
    visits.drop(columns=["skill"]).to_csv(folder / "visits.csv", index=False)
    return folder


def unit_args(folder: Path) -> list[str]:
    # 2 measured days after a week's warm-up; overtime above 0.5 min per shift is flagged, so the
    # report has an implausible figure to handle
    return [
        "scenario=from_data",
        f"data.dir={folder}",
        "replications=2",
        "warmup_days=7",
        "horizon_days=2",
        "scenario.guards.plausible_overtime_min_per_shift=0.5",
    ]


@pytest.fixture(scope="module")
def unit_run(tmp_path_factory):
    folder = plain_unit(tmp_path_factory.mktemp("unit") / "plain")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 2 measured days: the 14-day indicator is not measured
        cfg = sim.config(unit_args(folder))
        results = sim.run(cfg=cfg, n_jobs=1)
    out = tmp_path_factory.mktemp("report")
    en = write_run_report(out, results, cfg, "en").read_text(encoding="utf-8")
    # the Swedish page from the same figures (drawing them again adds nothing here)
    plots: dict[str, list[Path]] = {}
    for png in (out / "plots").glob("*.png"):
        plots[png.stem] = [png]
    sv = build_run_html(as_tables(results), cfg, plots, "sv", {}, out)
    return cfg, results, {"en": en, "sv": sv}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.replace("&#x27;", "'")))


def _short(html: str) -> str:
    return re.search(r'<ul class="short"><li>(.*?)</li>', html, re.S).group(1)


def _section(html: str, heading: str) -> str:
    start = html.index(heading)
    return html[start : html.index("<h2>", start + len(heading))]


def test_the_first_sentence_names_the_two_delivery_models_not_the_replay(unit_run):
    cfg, _, pages = unit_run
    assert cfg.compare == ["minute", "trust", "own_plan"]
    first = _short(pages["en"])
    assert "minute-controlled care" in first and "trust-based care" in first
    assert "own plan" not in first.lower().replace("&#x27;", "'")
    first_sv = _short(pages["sv"])
    assert "minutstyrd hemtjänst" in first_sv and "tillitsbaserad hemtjänst" in first_sv
    assert "egen plan" not in first_sv
    # the findings table compares the two models (its difference is trust − minute)
    assert "Difference Trust-based − Minute-controlled" in pages["en"]


def test_the_plan_table_has_the_plan_on_paper_and_the_three_arms(unit_run):
    _, results, pages = unit_run
    html = pages["en"]
    part = _section(html, "Your plan on paper · your plan under simulated reality")
    head = re.search(r"<thead>(.*?)</thead>", part, re.S).group(1)
    cols = re.findall(r"<th>(.*?)</th>", head)
    assert cols[1:] == ["Your plan on paper", "The unit&#x27;s own plan", "Minute-controlled", "Trust-based"]
    rows = re.findall(r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", part, re.S).group(1))
    assert len(rows) == len(PLAN_METRICS)
    paper = paper_figures(results.plan_audit)
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        assert len(cells) == 5
        assert "between" not in cells[1]  # the plan on paper: one value, no interval
        assert all("between" in c for c in cells[2:]), cells  # each arm: mean and 95% interval
    care = re.findall(r"<td[^>]*>(.*?)</td>", rows[0])
    assert care[1] == f"{100 * paper['care_time_share']:.1f}%"
    # the audit's counts in plain words, and what simulated reality does to the plan
    text = _text(part)
    assert f"{paper['short_transitions']:.0f} of the plan's {paper['transitions']:.0f} moves" in text
    assert "lie outside every shift of their caregiver" in text
    assert "Every visit has a planned caregiver." in text
    assert "What simulated reality does to your plan" in text and "on paper" in text
    assert "Er plan på papperet" in pages["sv"]


def test_imported_lists_what_the_files_held_and_nothing_they_did_not(unit_run):
    _, _, pages = unit_run
    row = re.search(r"<td>Imported</td><td>(.*?)</td>", pages["en"], re.S).group(1)
    assert "20 clients and their homes" in row
    assert "106 recurring visits (weekday patterns)" in row and "106 with a planned caregiver" in row
    assert "14 caregivers with 2 different shift hours" in row
    assert "skill" not in row.lower() and "contract" not in row.lower()
    assert "starting from home" not in row and "continuity history" not in row  # zeros are left out
    # the same unit with its caregivers' skills and contracts says so
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        full = imported_text(sim.config(["scenario=from_data", f"data.dir={EXAMPLES / 'unit'}"]), "en")
    assert "their contracts, skills and travel modes" in full


def test_imported_counts_of_a_dated_export():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = sim.config(["scenario=from_data", f"data.dir={EXAMPLES / 'realistic_unit'}"])
    text = imported_text(run, "en")
    for part in (
        "99 clients and their homes, 6 of them refusing someone",
        "338 visits on 1 dated day",
        "15 with a planned second caregiver",
        "3 linked to an earlier visit",
        "32 caregivers with 14 different shift hours, 15 of them starting from home",
        "a continuity history of 123 pairs",
    ):
        assert part in text, part
    assert "One measured day (2026-03-11): costs per month are extrapolated" in period_caveats(run, "en")[0]
    assert "En uppmätt dag" in period_caveats(run, "sv")[0]


def test_the_assumptions_are_what_the_import_depends_on(unit_run):
    _, _, pages = unit_run
    part = _section(pages["en"], "<h2>Assumptions</h2>").replace("<wbr>", "")
    for key in (
        "scenario.clients.need.need_to_standard_ratio",
        "scenario.districts.unit.geography.winter_travel_factor",
        "scenario.districts.unit.geography.travel_noise_cv",
        "data.essential_share",
        "data.usual_caregiver_visits",
        "data.staff_as_planned",
        "warmup_days",
        "scenario.stress.sick_start_probability",
    ):
        assert f"<code>{key}</code>" in part, key
    for key in ("radius_km", "planned_utilisation_target", "n_clients", "capacity_factor</code>"):
        assert key not in part, key
    # March is in the default winter months: the winter factor applies to the measured dates
    assert "applies: every measured date (2025-03-03 to 2025-03-04) falls in winter_months" in part


def test_an_implausible_figure_gets_a_warning_and_no_verdict(unit_run):
    cfg, results, pages = unit_run
    labels = {m: cfg.models[m].label for m in cfg.compare}
    flagged = plausibility_warnings(results.summary, cfg, labels, paper_figures(results.plan_audit))
    assert any("overtime per shift is implausible" in line for line in flagged), flagged
    html = pages["en"]
    findings = _section(html, "<h2>Key findings</h2>")
    assert '<div class="warning">' in findings and "of overtime per shift is implausible" in findings
    assert "scenario.guards.plausible_overtime_min_per_shift" in findings
    para = re.search(r"<strong>Overtime per shift\.</strong>(.*?)</p>", findings, re.S).group(1)
    assert "better with" not in para and "worse with" not in para and "implausible" in para
    row = re.search(r"<tr><td>Overtime per shift</td>(.*?)</tr>", findings, re.S).group(1)
    assert "clearly better" not in row and "clearly worse" not in row
    assert "implausible: check the input" in row
    assert "orimlig siffra: kontrollera indata" in pages["sv"]


def test_not_measured_cells_carry_their_reason(unit_run):
    _, _, pages = unit_run
    html = pages["en"]
    assert "n/a<sup>1</sup>" in html
    assert "Different staff per client in 14 days: needs 14 measured days; the run measures 2" in html
    caveats = _section(html + "<h2>", "<h2>What this report cannot tell</h2>")
    assert "The measured period is only 2 days: costs per month are extrapolated" in caveats
    assert "kräver 14 uppmätta dagar; körningen mäter 2" in pages["sv"]
