"""The sensitivity-analysis layer on functions whose indices are known (Ishigami, linear models)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from sim.plots.sensitivity import tornado
from sim.sensitivity.analysis import (
    Factor,
    morris_design,
    morris_indices,
    robustness,
    salib_problem,
    screen,
    sign_flips,
    sobol_design,
    sobol_indices,
)

ISHIGAMI = [Factor(f"x{i}", -math.pi, math.pi) for i in (1, 2, 3)]
UNIT = [Factor(f"x{i}", 0.0, 1.0) for i in (1, 2, 3)]
# analytic indices of the Ishigami function with a = 7, b = 0.1
ISHIGAMI_S1 = (0.3139, 0.4424, 0.0)
ISHIGAMI_ST = (0.5576, 0.4424, 0.2437)


def ishigami(X: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return np.sin(X[:, 0]) + a * np.sin(X[:, 1]) ** 2 + b * X[:, 2] ** 4 * np.sin(X[:, 0])


@pytest.fixture(scope="module")
def ishigami_indices() -> pd.DataFrame:
    X = sobol_design(ISHIGAMI, n_base=1024, seed=11)
    assert X.shape == (1024 * 5, 3)
    return sobol_indices(ISHIGAMI, {"ishigami": ishigami(X)}, seed=3)


@pytest.fixture(scope="module")
def linear_morris() -> pd.DataFrame:
    X = morris_design(UNIT, trajectories=20, levels=4, seed=5)
    Y = {"y1": 3 * X[:, 0] + 1 * X[:, 1] + 0 * X[:, 2], "y2": -X[:, 2]}
    return morris_indices(UNIT, X, Y, levels=4, seed=2)


def test_problem_lists_the_factors_in_order() -> None:
    problem = salib_problem([Factor("a.b", 1, 2), Factor("c", 0, 5, integer=True)])
    assert problem == {"num_vars": 2, "names": ["a.b", "c"], "bounds": [[1.0, 2.0], [0.0, 5.0]]}
    with pytest.raises(ValueError, match="unique"):
        salib_problem([Factor("a", 0, 1), Factor("a", 0, 2)])
    with pytest.raises(ValueError, match="low < high"):
        Factor("a", 1, 1)
    with pytest.raises(ValueError, match="whole numbers"):
        Factor("team", 2.5, 6, integer=True)


def test_sobol_recovers_the_ishigami_indices(ishigami_indices: pd.DataFrame) -> None:
    t = ishigami_indices.set_index("parameter")
    assert list(t.index) == ["x1", "x2", "x3"]
    np.testing.assert_allclose(t["S1"], ISHIGAMI_S1, atol=0.05)
    np.testing.assert_allclose(t["ST"], ISHIGAMI_ST, atol=0.05)
    for index in ("S1", "ST"):
        assert (t[f"{index}_ci_low"] <= t[index]).all()
        assert (t[index] <= t[f"{index}_ci_high"]).all()
        # the bootstrap CIs (widened a little) cover the true values
        truth = np.array(ISHIGAMI_S1 if index == "S1" else ISHIGAMI_ST)
        slack = 0.01
        assert (t[f"{index}_ci_low"] - slack <= truth).all()
        assert (truth <= t[f"{index}_ci_high"] + slack).all()
    assert t["rank"].tolist() == [1, 2, 3]
    assert (t["note"] == "").all()


def test_sobol_is_reproducible_with_seed_zero() -> None:
    X = sobol_design(ISHIGAMI, n_base=64, seed=0)
    Y = {"ishigami": ishigami(X)}
    pd.testing.assert_frame_equal(sobol_indices(ISHIGAMI, Y, seed=0), sobol_indices(ISHIGAMI, Y, seed=0))


def test_sobol_design_rejects_a_base_that_is_not_a_power_of_two() -> None:
    with pytest.raises(ValueError, match=r"n_base.*power of 2"):
        sobol_design(ISHIGAMI, n_base=100, seed=1)


def test_sobol_of_a_constant_output_is_nan_but_kept() -> None:
    X = sobol_design(UNIT, n_base=64, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no division-by-zero warnings from SALib
        t = sobol_indices(UNIT, {"flat": np.zeros(len(X)), "x1": X[:, 0]}, seed=1)
    flat = t[t["output"] == "flat"]
    assert len(flat) == 3
    assert flat[["S1", "ST", "ST_ci_low", "ST_ci_high"]].isna().all().all()
    assert flat["rank"].isna().all()
    assert flat["note"].str.contains("constant").all()
    x1 = t[t["output"] == "x1"].set_index("parameter")
    assert x1.loc["x1", "rank"] == 1
    assert x1.loc["x1", "ST"] == pytest.approx(1.0, abs=0.1)


def test_sobol_rejects_outputs_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="n_base"):
        sobol_indices(UNIT, {"y": np.arange(7.0)}, seed=1)


def test_morris_mu_star_is_the_absolute_coefficient_of_a_linear_model(linear_morris: pd.DataFrame) -> None:
    y1 = linear_morris[linear_morris["output"] == "y1"].set_index("parameter")
    y2 = linear_morris[linear_morris["output"] == "y2"].set_index("parameter")
    np.testing.assert_allclose(y1["mu_star"], [3.0, 1.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(y1["mu"], [3.0, 1.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(y2["mu_star"], [0.0, 0.0, 1.0], atol=1e-9)
    np.testing.assert_allclose(y2["mu"], [0.0, 0.0, -1.0], atol=1e-9)
    np.testing.assert_allclose(y1["sigma"], 0.0, atol=1e-9)  # no interactions
    assert y1["rank"].tolist() == [1, 2, 3]
    assert y2.loc["x3", "rank"] == 1
    assert (linear_morris["mu_star_ci_low"] <= linear_morris["mu_star"]).all()
    assert (linear_morris["mu_star"] <= linear_morris["mu_star_ci_high"]).all()
    assert list(linear_morris.columns) == [
        "output",
        "parameter",
        "mu",
        "mu_star",
        "mu_star_ci_low",
        "mu_star_ci_high",
        "sigma",
        "rank",
    ]


def test_screen_keeps_what_matters_for_any_output(linear_morris: pd.DataFrame) -> None:
    # y1: x1 (rank 1, share 1), x2 (rank 2, share 1/3); y2: x3 (rank 1, share 1); x1 and x3 tie
    # on rank and share, so the order of appearance decides
    assert screen(linear_morris, max_factors=2) == ["x1", "x3"]
    assert screen(linear_morris, max_factors=3) == ["x1", "x3", "x2"]
    assert screen(linear_morris, max_factors=1) == ["x1"]
    assert screen(linear_morris, max_factors=3, min_share=0.5) == ["x1", "x3"]
    # no effect anywhere: still one parameter
    flat = linear_morris.assign(mu_star=0.0)
    assert screen(flat, max_factors=2) == ["x1"]


def test_morris_integer_factor_is_whole_and_its_effect_exact() -> None:
    factors = [Factor("x1", 0.0, 1.0), Factor("team", 2, 8, integer=True)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a grid on whole numbers needs no warning
        X = morris_design(factors, trajectories=10, levels=4, seed=1)
    assert X.shape == (10 * 3, 2)
    team = X[:, 1]
    np.testing.assert_array_equal(team, np.round(team))
    assert set(team) <= {2.0, 4.0, 6.0, 8.0}
    t = morris_indices(factors, X, {"y": 0.5 * X[:, 1]}, levels=4, seed=1).set_index("parameter")
    # effect per whole range: 0.5 * (8 - 2)
    assert t.loc["team", "mu_star"] == pytest.approx(3.0)
    assert t.loc["x1", "mu_star"] == pytest.approx(0.0)


def test_morris_warns_when_rounding_changes_integer_steps() -> None:
    factors = [Factor("x1", 0.0, 1.0), Factor("team", 3, 5, integer=True)]
    with pytest.warns(UserWarning, match="team"):
        X = morris_design(factors, trajectories=10, levels=4, seed=1)
    np.testing.assert_array_equal(X[:, 1], np.round(X[:, 1]))


def test_morris_rejects_nan_outputs() -> None:
    X = morris_design(UNIT, trajectories=4, levels=4, seed=1)
    y = X[:, 0].copy()
    y[[1, 5]] = np.nan
    with pytest.raises(ValueError, match=r"'cost_diff'.*2 NaN"):
        morris_indices(UNIT, X, {"ok": X[:, 1], "cost_diff": y}, levels=4, seed=1)


def test_sign_flips_finds_where_the_verdict_turns() -> None:
    rng = np.random.default_rng(7)
    factors = [Factor("x1", 0.0, 1.0), Factor("x2", 0.0, 1.0)]
    X = rng.uniform(size=(4000, 2))
    t = sign_flips(factors, X, {"up": X[:, 0] - 0.3, "down": 0.3 - X[:, 0], "never": 0.5 + X[:, 0]})
    assert len(t) == 6
    t = t.set_index(["output", "parameter"])
    up = t.loc[("up", "x1")]
    assert up["flips_at"] == pytest.approx(0.3, abs=0.05)
    assert up["direction"] == "above"
    assert (up["sign_at_low"], up["sign_at_high"], up["n_crossings"]) == ("negative", "positive", 1)
    assert up["effect"] == pytest.approx(0.875, abs=0.05)  # centres of the outer eighths
    down = t.loc[("down", "x1")]
    assert down["flips_at"] == pytest.approx(0.3, abs=0.05)
    assert down["direction"] == "below"
    # x2 is irrelevant: E[x1 - 0.3 | x2] is about +0.2 everywhere
    flat = t.loc[("up", "x2")]
    assert math.isnan(flat["flips_at"])
    assert (flat["direction"], flat["n_crossings"]) == ("", 0)
    assert (flat["sign_at_low"], flat["sign_at_high"]) == ("positive", "positive")
    assert flat["effect"] == pytest.approx(0.0, abs=0.06)
    never = t.loc["never"]
    assert never["flips_at"].isna().all()
    assert (never["direction"] == "").all()


def test_sign_flips_bins_a_discrete_factor_by_value() -> None:
    factors = [Factor("team", 2, 8, integer=True)]
    X = np.repeat([[2.0], [4.0], [6.0], [8.0]], 5, axis=0)
    t = sign_flips(factors, X, {"y": X[:, 0] - 5.0}).iloc[0]
    assert t["flips_at"] == pytest.approx(5.0)
    assert t["direction"] == "above"


def test_robustness_reads_the_sign() -> None:
    rng = np.random.default_rng(1)
    t = robustness(
        {"pos": rng.uniform(0.1, 1.0, 200), "mixed": rng.normal(0.0, 1.0, 200), "neg": -np.ones(50)}
    ).set_index("output")
    assert t.loc["pos", "robust"] and t.loc["pos", "verdict"] == "positive"
    assert t.loc["pos", "share_positive"] == 1.0
    assert not t.loc["mixed", "robust"] and t.loc["mixed", "verdict"] == "mixed"
    assert t.loc["neg", "verdict"] == "negative" and t.loc["neg", "n"] == 50
    assert t.loc["pos", "q05"] <= t.loc["pos", "q50"] <= t.loc["pos", "q95"]


def test_tornado_writes_png_for_sobol_and_morris(
    tmp_path, ishigami_indices: pd.DataFrame, linear_morris: pd.DataFrame
) -> None:
    labels = {"x1": "first input", "x2": "second input"}
    sobol_png = tornado(ishigami_indices, "ishigami", tmp_path / "sobol.png", "Ishigami", "index", labels)
    morris_png = tornado(linear_morris, "y1", tmp_path / "morris", "Linear", "μ*")
    for png in (sobol_png, morris_png):
        assert png.suffix == ".png" and png.exists() and png.stat().st_size > 0
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError, match="nope"):
        tornado(linear_morris, "nope", tmp_path / "x.png", "t", "x")
    # a constant output has no indices: a note instead of bars, still a PNG
    X = sobol_design(UNIT, n_base=64, seed=1)
    flat = sobol_indices(UNIT, {"flat": np.zeros(len(X))}, seed=1)
    assert tornado(flat, "flat", tmp_path / "flat.png", "Flat", "index").stat().st_size > 0
