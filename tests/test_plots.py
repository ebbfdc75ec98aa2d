"""The run and sweep plots: files written, the right panels and series, numbers that add up."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from teachhelpers import classroom

from sim.metrics.definitions import COST_COMPONENTS, HEADLINE
from sim.plots import continuity, costs, headline, stress, sweep, timeuse
from sim.plots.costs import client_months, cost_per_client_month
from sim.plots.run import as_tables, n_clients
from sim.plots.style import MODEL_COLOURS
from sim.plots.timeuse import time_shares


@pytest.fixture(scope="module")
def run_and_tables():
    cfg, results = classroom()
    return cfg, as_tables(results)


@pytest.fixture
def figures(monkeypatch):
    """Capture every figure a plot function saves (name -> figure), then save it as usual."""
    seen: dict[str, plt.Figure] = {}
    for module in (continuity, costs, headline, stress, sweep, timeuse):
        original = module.save

        def keep(fig, out_dir, name, _original=original):
            seen[name] = fig
            fig.canvas.draw()
            return _original(fig, out_dir, name)

        monkeypatch.setattr(module, "save", keep)
    return seen


def _colour(line) -> str:
    return plt.matplotlib.colors.to_hex(line.get_color()).upper()


def test_headline_has_a_value_and_a_difference_panel_per_metric(run_and_tables, tmp_path, figures):
    cfg, t = run_and_tables
    headline.plot_headline(t["summary"], t["comparison"], list(cfg.compare), tmp_path, "sv")
    fig = figures["headline"]
    shown = [m for m in HEADLINE if m in set(t["summary"]["metric"])]
    assert len(fig.axes) == 2 * len(shown)
    # the model colours are fixed: minute vermillion, trust blue
    first = fig.axes[0]
    colours = {plt.matplotlib.colors.to_hex(c.get_color()).upper() for c in first.lines}
    assert {MODEL_COLOURS["minute"], MODEL_COLOURS["trust"]} <= colours


def test_continuity_marks_the_national_average(run_and_tables, tmp_path, figures):
    cfg, t = run_and_tables
    continuity.plot_continuity(
        t["visits"],
        list(cfg.compare),
        tmp_path,
        cfg.warmup_days,
        cfg.horizon_days,
        cfg.scenario.metrics,
        "en",
    )
    ax = figures["continuity"].axes[0]
    labels = ax.get_legend_handles_labels()[1]
    assert sum("Minute-controlled" in x for x in labels) == 1 and sum("Trust-based" in x for x in labels) == 1
    assert any("14.9" in x for x in labels)
    assert any(np.allclose(line.get_xdata(), 14.9) for line in ax.lines)
    data, length = continuity.continuity_windows(
        t["visits"], cfg.scenario.metrics, cfg.warmup_days, cfg.horizon_days
    )
    assert length == 14 and set(data["model"]) == {"minute", "trust"}
    # the plotted means are the metric's own values
    m = t["metrics"]
    for model in ("minute", "trust"):
        per_rep = data[data["model"] == model].groupby("replication")["distinct_staff"].mean()
        metric = m[(m["model"] == model) & (m["metric"] == "staff_per_client_14d")].set_index("replication")[
            "value"
        ]
        assert np.allclose(per_rep.sort_index(), metric.sort_index())


def test_costs_add_up_to_the_cost_per_client_month_metric(run_and_tables, tmp_path, figures):
    cfg, t = run_and_tables
    months = client_months(n_clients(cfg), cfg.horizon_days)
    costs.plot_costs(t["costs"], list(cfg.compare), tmp_path, months, "en")
    fig = figures["costs"]
    assert len(fig.axes) == 2
    bars = fig.axes[0].containers
    assert len(bars) == len(COST_COMPONENTS)
    per = cost_per_client_month(t["costs"], months).groupby("model")["sek"].sum()
    summary = t["summary"].set_index(["model", "metric"])["mean"]
    for model in cfg.compare:
        assert per[model] == pytest.approx(summary[(model, "cost_per_client_month_sek")], rel=1e-9)
        stacked = sum(c.patches[list(cfg.compare).index(model)].get_height() for c in bars)
        assert stacked == pytest.approx(per[model], rel=1e-9)


def test_time_use_shares_add_up_and_match_the_metrics(run_and_tables, tmp_path, figures):
    cfg, t = run_and_tables
    s = t["shifts"]
    s = s[(s["day"] >= cfg.warmup_days) & (s["day"] < cfg.warmup_days + cfg.horizon_days)]
    shares = time_shares(s)
    assert np.allclose(shares.groupby("model")["share"].sum(), 1.0)
    care = shares[shares["category"] == "care"].set_index("model")["share"]
    summary = t["summary"].set_index(["model", "metric"])["mean"]
    for model in cfg.compare:
        assert care[model] == pytest.approx(summary[(model, "care_time_share")], rel=1e-9)
    timeuse.plot_time_use(s, list(cfg.compare), tmp_path, "sv")
    ax = figures["time_use"].axes[0]
    assert len(ax.containers) == 6 and len(ax.containers[0].patches) == 2


def test_stress_has_three_panels_with_a_line_per_model(run_and_tables, tmp_path, figures):
    cfg, t = run_and_tables
    stress.plot_stress(t["shifts"], t["staff_days"], list(cfg.compare), tmp_path, cfg.warmup_days, "en")
    fig = figures["stress"]
    assert len(fig.axes) == 3
    for ax in fig.axes:
        assert sorted(_colour(line) for line in ax.lines) == sorted(MODEL_COLOURS.values())
    weekly = stress.weekly_stress(t["shifts"], t["staff_days"], cfg.warmup_days)
    assert set(weekly["series"]) == {"strain", "stress", "sick"}
    assert weekly["week"].min() == 0 and weekly["week"].max() == 2  # one warm-up week, two measured


def _fake_sweep() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, metrics = [], []
    rng = np.random.default_rng(1)
    for i, x in enumerate((0.0, 0.1, 0.2)):
        for model, base in (("minute", 0.02), ("trust", 0.01)):
            # a share with a wide interval: its band must stay inside [0, 100]%
            rows.append(
                {
                    "x": x,
                    "model": model,
                    "metric": "late_visit_share",
                    "mean": base,
                    "ci_low": -0.05,
                    "ci_high": 1.2,
                    "n": 3,
                }
            )
            for r in range(3):
                metrics.append(
                    {
                        "x": x,
                        "point": str(i),
                        "replication": r,
                        "model": model,
                        "metric": "late_visit_share",
                        "value": base + rng.normal(0, 0.01),
                    }
                )
    return pd.DataFrame(rows), pd.DataFrame(metrics)


def test_sweep_bands_of_shares_are_clipped_to_0_100(tmp_path, figures):
    summary, metrics = _fake_sweep()
    written = sweep.plot_sweep(summary, ["x"], tmp_path, metrics=("late_visit_share",), lang="sv")
    assert {p.name for p in written} == {"late_visit_share.png", "late_visit_share.svg"}
    ax = figures["late_visit_share"].axes[0]
    ys = np.concatenate([p.get_paths()[0].vertices[:, 1] for p in ax.collections])
    assert ys.min() >= 0 and ys.max() <= 100
    diffs = sweep.sweep_differences(metrics, ["x"], ["minute", "trust"])
    assert len(diffs) == 3 and (diffs["model"] == "trust").all()
    sweep.plot_sweep_differences(diffs, ["x"], tmp_path, metrics=("late_visit_share",))
    assert (tmp_path / "sweep_differences.png").stat().st_size > 1000


def test_sweep_of_a_non_numeric_parameter(tmp_path):
    summary, _ = _fake_sweep()
    summary["x"] = summary["x"].map({0.0: "urban", 0.1: "suburban", 0.2: "rural"})
    assert sweep.plot_sweep(summary, ["x"], tmp_path, metrics=("late_visit_share",))
