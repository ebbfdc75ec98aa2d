"""The cost bridge (issue 25) in the reports: how much of the cost difference the simulation
produced and how much is organisational overhead set by assumption — computed by hand on a tiny
costs table, then shown in the run, equal-budget and transition reports."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from simhelpers import TWO_DISTRICTS

import sim
from sim.lang import fmt_num
from sim.metrics.bridge import ASSUMED, SIMULATED, cost_bridge, simulated_share
from sim.report.bridge import headline, signed

# ---- cost_bridge by hand ---------------------------------------------------------------------

# two replications, two models, two simulated and two assumed components (SEK)
HAND = {
    # (replication, model): {component: sek}
    (0, "minute"): {"staff": 1000, "overtime": 100, "planning_logging": 300, "team_leaders": 0},
    (0, "trust"): {"staff": 900, "overtime": 150, "planning_logging": 0, "team_leaders": 200},
    (1, "minute"): {"staff": 1200, "overtime": 80, "planning_logging": 300, "team_leaders": 0},
    (1, "trust"): {"staff": 1000, "overtime": 120, "planning_logging": 0, "team_leaders": 220},
}
T_975_1 = 12.706204736174698  # t quantile, 1 degree of freedom


def _hand_costs() -> pd.DataFrame:
    rows = [
        {"replication": r, "model": m, "component": c, "sek": float(v)}
        for (r, m), comps in HAND.items()
        for c, v in comps.items()
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def hand() -> pd.DataFrame:
    return cost_bridge(_hand_costs(), ["minute", "trust"], scale=10.0).set_index("part")


@pytest.mark.parametrize(
    ("part", "group", "diffs", "base", "model"),
    [
        # per replication (trust − minute) / 10 client-months
        ("staff", "simulated", (-10.0, -20.0), 110.0, 95.0),
        ("overtime", "simulated", (5.0, 4.0), 9.0, 13.5),
        ("planning_logging", "assumed", (-30.0, -30.0), 30.0, 0.0),
        ("team_leaders", "assumed", (20.0, 22.0), 0.0, 21.0),
        ("simulated", "simulated", (-5.0, -16.0), 119.0, 108.5),
        ("assumed", "assumed", (-10.0, -8.0), 30.0, 21.0),
        ("total", "total", (-15.0, -24.0), 149.0, 129.5),
    ],
)
def test_each_part_is_the_paired_mean_difference_with_its_interval(hand, part, group, diffs, base, model):
    r = hand.loc[part]
    mean = sum(diffs) / 2
    half = T_975_1 * abs(diffs[0] - diffs[1]) / math.sqrt(2) / math.sqrt(2)
    assert r["group"] == group and r["model"] == "trust" and r["n"] == 2
    assert r["diff_mean"] == pytest.approx(mean)
    assert r["ci_low"] == pytest.approx(mean - half) and r["ci_high"] == pytest.approx(mean + half)
    assert r["base_mean"] == pytest.approx(base) and r["model_mean"] == pytest.approx(model)


def test_every_component_has_its_group_and_the_parts_add_up(hand):
    for comp in SIMULATED:
        assert hand.at[comp, "group"] == "simulated", comp
    for comp in ASSUMED:
        assert hand.at[comp, "group"] == "assumed", comp
    # components no model has cost nothing in either
    assert hand.at["team_meetings", "diff_mean"] == 0 and hand.at["travel", "base_mean"] == 0
    for group, comps in (("simulated", SIMULATED), ("assumed", ASSUMED)):
        assert hand.loc[list(comps), "diff_mean"].sum() == pytest.approx(hand.at[group, "diff_mean"])
    assert hand.at["simulated", "diff_mean"] + hand.at["assumed", "diff_mean"] == pytest.approx(
        hand.at["total", "diff_mean"]
    )
    bridge = hand.reset_index()
    assert simulated_share(bridge, "trust") == pytest.approx(-10.5 / -19.5)


def test_the_headline_quotes_shares_only_when_both_parts_pull_the_same_way(hand):
    names = {"minute": "Minute-controlled", "trust": "Trust-based", "trust:phrase": "trust-based care"}
    bridge = hand.reset_index()
    text = headline(bridge, "minute", "trust", names, "en")
    assert text.startswith("The difference in cost per client and month, Trust-based − Minute-controlled")
    assert f"{signed(-10.5, 'en')} [" in text and f"{signed(-9.0, 'en')} [" in text
    assert "54%" in text and "46%" in text and "opposite" not in text
    assert "(planners and logging system, team leaders)" in text
    # the assumed overhead made dearer: the parts pull opposite ways, no share beyond 100 %
    pulled = bridge.copy()
    pulled.loc[pulled["part"] == "assumed", "diff_mean"] = 4.0
    pulled.loc[pulled["part"] == "total", "diff_mean"] = -6.5
    text = headline(pulled, "minute", "trust", names, "en")
    assert "opposite ways" in text and "%" not in text
    assert "makes trust-based care cheaper" in text and "makes it dearer" in text
    sv = headline(pulled, "minute", "trust", {**names, "trust:phrase": "tillitsbaserad hemtjänst"}, "sv")
    assert "det som simulerades" in sv and "antagna i förväg" in sv and "åt olika håll" in sv


# ---- the run report --------------------------------------------------------------------------


def _cells(html: str) -> list[list[str]]:
    """The bridge table's rows as plain text cells."""
    body = re.search(r'<table class="bridge">(.*?)</table>', html, re.S)
    assert body, "no bridge table"
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1).split("<tbody>")[1], re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows
    ]


def _number(text: str) -> float:
    """The first number of a cell (``-1 169 [-1 300, -900]`` -> -1169)."""
    head = text.split("[")[0].replace("\u2212", "-").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    return float(head)


@pytest.fixture(scope="module")
def run_report(tmp_path_factory: pytest.TempPathFactory):
    from sim.report import write_run_report

    cfg = sim.config(["scenario=classroom", "replications=2", "horizon_days=14", "warmup_days=7", "n_jobs=1"])
    res = sim.run(cfg=cfg)
    out = tmp_path_factory.mktemp("bridge_run")
    page = write_run_report(out, res, cfg, "en")
    return cfg, res, page


def test_the_run_report_says_where_the_cost_difference_comes_from(run_report):
    page = run_report[2]
    html = page.read_text(encoding="utf-8")
    assert "<h2>Where the cost difference comes from</h2>" in html
    assert "set by assumption in each model" in html  # the intro: the overhead is assumed beforehand
    for ext in ("png", "svg"):
        assert (page.parent / "plots" / f"cost_bridge.{ext}").stat().st_size > 0
    assert 'alt="Where the cost difference comes from"' in html


def test_the_bridge_table_adds_up(run_report):
    _, res, page = run_report
    rows = {r[0]: r for r in _cells(page.read_text(encoding="utf-8"))}
    sim_row = rows["Subtotal: what was simulated"]
    ass_row = rows["Subtotal: organisational overhead set by assumption"]
    total = rows["Total"]
    for col in (2, 3, 4):  # each model's mean and the difference
        assert _number(sim_row[col]) + _number(ass_row[col]) == pytest.approx(_number(total[col]), abs=1.0)
    # each group's components add up to its subtotal (within rounding: a krona per row)
    for group, sub in (("What was simulated", sim_row), ("Overhead set by assumption", ass_row)):
        members = [r for r in rows.values() if r[1] == group]
        assert members
        assert sum(_number(r[4]) for r in members) == pytest.approx(_number(sub[4]), abs=len(members))
    # the models' means are the run's cost per client-month
    cost = res.summary[res.summary["metric"] == "cost_per_client_month_sek"].set_index("model")["mean"]
    assert _number(total[2]) == pytest.approx(cost["minute"], abs=0.5)
    assert _number(total[3]) == pytest.approx(cost["trust"], abs=0.5)


def test_the_headline_quotes_the_bridge_in_short(run_report):
    _, res, page = run_report
    html = page.read_text(encoding="utf-8")
    short = re.search(r'<ul class="short">(.*?)</ul>', html, re.S)
    assert short
    b = res.cost_bridge[res.cost_bridge["model"] == "trust"].set_index("part")
    line = next(li for li in re.findall(r"<li>(.*?)</li>", short.group(1)) if "by assumption" in li)
    for part in ("total", "simulated", "assumed"):
        r = b.loc[part]
        lo, hi = fmt_num(r["ci_low"], "en", 0), fmt_num(r["ci_high"], "en", 0)
        unit = " SEK" if part == "total" else ""
        quoted = f"{signed(r['diff_mean'], 'en')}{unit} [{lo}, {hi}]"
        assert quoted in line, (part, quoted, line)
    # the same sentence opens the section
    assert f'<p class="finding bridge-headline">{line}</p>' in html
    same_way = b.at["simulated", "diff_mean"] * b.at["assumed", "diff_mean"] >= 0
    assert ("opposite ways" in line) != same_way


def test_the_swedish_run_report_has_the_bridge(run_report, tmp_path: Path):
    from sim.plots.run import as_tables
    from sim.report.run_report import build_run_html

    cfg, res, page = run_report
    plots = {"cost_bridge": [page.parent / "plots" / "cost_bridge.png"]}
    html = build_run_html(as_tables(res), cfg, plots, "sv", {}, tmp_path)
    assert "Varifrån kostnadsskillnaden kommer" in html
    assert "organisatoriska omkostnader antagna i förväg" in html and "det som simulerades" in html
    assert "Delsumma: det som simulerades" in html and "Totalt" in html


# ---- the equal-budget report -----------------------------------------------------------------

TINY = [  # as tests/test_equal_budget.py
    "scenario=classroom",
    "replications=2",
    "horizon_days=7",
    "warmup_days=3",
    "n_jobs=1",
    "models.trust.organisation.team_size=5",
]


@pytest.fixture(scope="module")
def equal_budget():
    from sim.equal_budget import run_equal_budget

    run = sim.config(["+experiment=equal_budget", *TINY, "equal_budget.max_evaluations=3"])
    return run, run_equal_budget(run)


def test_the_equal_budget_keeps_the_costs_at_the_staffing_found(equal_budget):
    out = equal_budget[1]
    assert set(out.costs["model"]) == {"minute", "trust"}
    assert set(out.costs["replication"]) == {0, 1}
    tables = out.tables()
    assert {"equal_budget_costs.csv", "equal_budget_cost_bridge.csv"} <= set(tables)
    # the bridge's total is the paired cost difference the comparison reports
    total = out.cost_bridge.set_index("part").loc["total"]
    cost = out.comparison.set_index("metric").loc["cost_per_client_month_sek"]
    assert total["diff_mean"] == pytest.approx(cost["diff_mean"], rel=1e-9, abs=1e-6)
    assert total["ci_low"] == pytest.approx(cost["ci_low"], rel=1e-9, abs=1e-6)


def test_the_equal_budget_report_shows_the_bridge(equal_budget, tmp_path: Path):
    from sim.equal_budget import read_equal_budget
    from sim.report.equal_budget_report import build_equal_budget_html, write_equal_budget_report

    run, out = equal_budget
    for name, df in out.tables().items():
        if name.endswith(".csv"):
            df.to_csv(tmp_path / name, index=False)
        else:
            df.to_parquet(tmp_path / name)
    found = {
        s.model: {
            "status": s.status,
            "message": s.message,
            "capacity_factor": s.best.factor if s.best else None,
        }
        for s in out.searches
    }
    (tmp_path / "run_info.json").write_text(json.dumps({"equal_budget": found}))
    back = read_equal_budget(tmp_path)  # the bridge is read back with the folder
    pd.testing.assert_frame_equal(back.cost_bridge, out.cost_bridge, check_dtype=False)
    html = write_equal_budget_report(tmp_path, back, run, "en").read_text(encoding="utf-8")
    assert "<h2>Where the cost difference comes from</h2>" in html
    assert "At the staffing found" in html and 'class="bridge"' in html
    assert (tmp_path / "plots" / "equal_budget_cost_bridge.png").stat().st_size > 0
    total = out.cost_bridge.set_index("part").loc["total"]
    assert f"is {signed(total['diff_mean'], 'en')} SEK" in html
    if all(s.found for s in out.searches):  # the headline joins the bullets in short
        short = re.search(r'<ul class="short">(.*?)</ul>', html, re.S)
        assert short and "set by assumption" in short.group(1)
    sv = build_equal_budget_html(run, back, tmp_path / "plots", "sv", {})  # the plots drawn once
    assert "Varifrån kostnadsskillnaden kommer" in sv and "Vid den bemanning" in sv


# ---- the transition report -------------------------------------------------------------------

PLAN = [  # as tests/test_transition.py, shorter and smaller: centrum switches on 2025-02-01
    *(o for o in TWO_DISTRICTS if not o.startswith(("horizon_days", "warmup_days", "replications"))),
    "scenario.districts.centrum.n_clients=15",
    "scenario.districts.b.n_clients=12",
    "replications=2",
    "warmup_days=10",
    "horizon_days=40",
    "n_jobs=1",
    "transition.enabled=true",
    "transition.first_wave_month=1",
    "transition.districts_per_wave=1",
    "transition.months_between_waves=1",
    "transition.training_days=14",
    "transition.training_min_per_shift=45",
]


@pytest.fixture(scope="module")
def transition():
    from sim.transition import run_transition

    plan = sim.config(PLAN)
    return plan, run_transition(plan, n_jobs=1)


def test_the_transition_keeps_its_costs_per_component(transition):
    _, out = transition
    costs = out["costs"]
    assert list(costs.columns) == ["replication", "arm", "component", "sek"]
    assert not costs.duplicated(["replication", "arm", "component"]).any()
    assert set(costs["arm"]) == {"stay", "phased", "switched"} and set(costs["replication"]) == {0, 1}
    # the components add up to the monthly cost of the municipality, run-on costs included
    m = out["monthly"]
    monthly = (
        m[(m["metric"] == "cost_sek") & (m["district"] == "all")]
        .groupby(["replication", "arm"])["value"]
        .sum()
    )
    total = costs.groupby(["replication", "arm"])["sek"].sum()
    pd.testing.assert_series_equal(total.sort_index(), monthly.sort_index(), check_names=False, rtol=1e-9)
    run_on = costs[costs["component"] == "run_on"].set_index(["replication", "arm"])["sek"]
    assert (run_on.xs("stay", level="arm") == 0).all() and (run_on.xs("phased", level="arm") > 0).all()


def test_the_transition_report_shows_the_bridge_between_staying_and_switched(transition, tmp_path: Path):
    from sim.report.transition_report import (
        build_transition_html,
        transition_bridge,
        write_transition_report,
    )
    from sim.transition import switch_months

    plan, out = transition
    bridge = transition_bridge(out["monthly"], out["costs"])
    total = bridge.set_index("part").loc["total"]
    # per client-month over the whole horizon, paired by replication
    m = out["monthly"]
    cost = m[(m["metric"] == "cost_sek") & (m["district"] == "all")].pivot_table(
        index="replication", columns="arm", values="value", aggfunc="sum"
    )
    cm = m[(m["metric"] == "client_months") & (m["district"] == "all") & (m["arm"] == "stay")]
    per = cm.groupby("replication")["value"].sum()
    assert total["diff_mean"] == pytest.approx(((cost["switched"] - cost["stay"]) / per).mean())
    html = write_transition_report(tmp_path, out, plan, switch_months(plan), "en").read_text(encoding="utf-8")
    assert "<h2>Where the cost difference comes from</h2>" in html
    assert "All trust-based from day one − Stay minute-controlled" in html
    assert f"is {signed(total['diff_mean'], 'en')} SEK" in html
    short = re.search(r'<ul class="short">(.*?)</ul>', html, re.S)
    assert short and "set by assumption" in short.group(1)
    assert (tmp_path / "plots" / "transition_cost_bridge.png").stat().st_size > 0
    # in Swedish: the same page builder, the plots drawn once
    sv = build_transition_html(plan, out, switch_months(plan), tmp_path / "plots", "sv", {}, tmp_path)
    assert "Varifrån kostnadsskillnaden kommer" in sv and "tillitsbaserad hemtjänst från första dagen" in sv
