"""The analysis layer of the global sensitivity analysis: designs, indices and verdicts.

Why: the comparison of the trust-based with the minute-controlled model is only as good as the
assumptions behind it. Here the uncertain inputs (a :class:`Factor` with a plausible range each)
are varied together, and for the paired difference of each headline metric (trust minus minute,
one value per sampled point) three questions are answered:

* which inputs drive the difference (Morris screening, then Sobol' first-order and total indices),
* does the difference keep its sign over the whole plausible input space (:func:`robustness`),
* and if not, at which value of which input the verdict flips (:func:`sign_flips`).

Sampling and index estimation are SALib's (Morris and Sobol' samplers and analysers); this module
adds only whole-number factors, checks with clear messages and tidy tables. It knows nothing of
configs or simulations: designs go out as arrays (rows = points, columns = factors in order) and
outputs come back as ``{output_name: array}``.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

ROBUST_SHARE = 0.95  # share of the points that must agree in sign for a robust difference
CONSTANT_REL = 1e-12  # an output whose std is at most this times its largest magnitude is constant

MORRIS_COLUMNS = ["output", "parameter", "mu", "mu_star", "mu_star_ci_low", "mu_star_ci_high"]
MORRIS_COLUMNS += ["sigma", "rank"]
SOBOL_COLUMNS = ["output", "parameter", "S1", "S1_ci_low", "S1_ci_high", "ST", "ST_ci_low", "ST_ci_high"]
SOBOL_COLUMNS += ["rank", "note"]
CONSTANT_NOTE = "output (nearly) constant: indices undefined"


@dataclass(frozen=True)
class Factor:
    """One uncertain input: a dotted config key and the range it is sampled over (uniformly).

    ``integer`` factors (e.g. a team size) are rounded to whole numbers after sampling, so their
    bounds must be whole numbers. ``source`` says where the range comes from (a CALIBRATION.md
    figure or ``"assumption: ..."``).
    """

    key: str
    low: float
    high: float
    integer: bool = False
    source: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            raise ValueError("a factor needs a key")
        if not (math.isfinite(self.low) and math.isfinite(self.high) and self.low < self.high):
            raise ValueError(f"factor {self.key!r}: need finite low < high, got [{self.low}, {self.high}]")
        if self.integer and not (float(self.low).is_integer() and float(self.high).is_integer()):
            raise ValueError(
                f"integer factor {self.key!r}: bounds must be whole numbers, got [{self.low}, {self.high}]"
            )


def salib_problem(factors: Sequence[Factor]) -> dict[str, Any]:
    """SALib's problem dict (``num_vars``, ``names``, ``bounds``) of ``factors``, in their order."""
    if not factors:
        raise ValueError("need at least one factor")
    names = [f.key for f in factors]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"factor keys must be unique; repeated: {repeated}")
    return {
        "num_vars": len(factors),
        "names": names,
        "bounds": [[float(f.low), float(f.high)] for f in factors],
    }


def morris_design(factors: Sequence[Factor], trajectories: int, levels: int, seed: int) -> np.ndarray:
    """Morris design of ``trajectories`` one-at-a-time trajectories on a ``levels``-level grid.

    ``trajectories * (len(factors) + 1)`` rows (points), one column per factor in order; integer
    factors are rounded to whole numbers, and the rounded design is the one to run *and* to pass
    to :func:`morris_indices`. Rounding keeps the trajectories (each step still moves one factor),
    but unless ``(high - low) / (levels - 1)`` is whole it makes some steps longer or shorter than
    the grid's, and so their elementary effects approximate: a UserWarning says so.
    """
    if trajectories < 2:
        raise ValueError(f"Morris needs at least 2 trajectories, got trajectories={trajectories}")
    if levels < 2:
        raise ValueError(f"Morris needs at least 2 grid levels, got levels={levels}")
    problem = salib_problem(factors)
    # SALib is imported where it is used: it imports scipy.stats (about 0.9 s of every ``import sim``)
    from SALib.sample import morris as morris_sample

    raw = np.asarray(morris_sample.sample(problem, trajectories, num_levels=levels, seed=seed), dtype=float)
    X = _round_integers(factors, raw)
    _check_rounded_steps(factors, raw, X, levels)
    return X


def morris_indices(
    factors: Sequence[Factor],
    X: np.ndarray,
    Y: Mapping[str, np.ndarray],
    levels: int,
    seed: int,
    resamples: int = 1000,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Morris elementary-effect statistics of every output, one tidy row per (output, parameter).

    ``X`` is the design that was run (from :func:`morris_design`), ``levels`` the one it was made
    with. Effects are per whole factor range (SALib's unscaled elementary effects), so ``mu_star``
    of ``Y = c * x`` is ``|c| * (high - low)``. The CI is SALib's bootstrap half-width around
    ``mu_star``, its lower end clipped at 0 (``mu_star`` is a mean of absolute values). ``rank`` 1 is
    the largest ``mu_star`` of the output. A NaN or infinite output value is a ValueError.
    """
    problem = salib_problem(factors)
    X = _design(factors, X)
    if X.shape[0] % (len(factors) + 1):
        raise ValueError(
            f"a Morris design has a multiple of {len(factors) + 1} rows (trajectories of "
            f"len(factors) + 1 points), got {X.shape[0]}"
        )
    from SALib.analyze import morris as morris_analyze

    frames = []
    for name, y in _outputs(Y, X.shape[0]).items():
        res = morris_analyze.analyze(
            problem, X, y, num_resamples=resamples, conf_level=conf_level, num_levels=levels, seed=seed
        )
        mu_star, conf = _floats(res["mu_star"]), _floats(res["mu_star_conf"])
        mu, sigma = _floats(res["mu"]), _floats(res["sigma"])
        frame = pd.DataFrame({"mu": mu, **_with_ci("mu_star", mu_star, conf), "sigma": sigma})
        frame["mu_star_ci_low"] = frame["mu_star_ci_low"].clip(lower=0.0)
        frame.insert(0, "output", name)
        frame.insert(1, "parameter", problem["names"])
        frame["rank"] = _rank(frame["mu_star"])
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)[MORRIS_COLUMNS]


def screen(morris: pd.DataFrame, max_factors: int, min_share: float = 0.05) -> list[str]:
    """The parameters that matter for any output, by a Morris table from :func:`morris_indices`.

    A parameter qualifies for an output when its ``mu_star`` is at least ``min_share`` of that
    output's largest ``mu_star``. Qualifying parameters are ordered by their best (lowest) rank over
    the outputs they qualify for, then by their largest normalised ``mu_star`` (share of the
    output's largest), then by first appearance; at most ``max_factors`` are returned. When no
    parameter has any effect, the table's first parameter is returned, so never an empty list.
    """
    if max_factors < 1:
        raise ValueError(f"max_factors must be at least 1, got {max_factors}")
    if not 0.0 <= min_share <= 1.0:
        raise ValueError(f"min_share must lie in [0, 1], got {min_share}")
    if morris.empty:
        raise ValueError("empty Morris table: nothing to screen")
    best: dict[str, tuple[int, float]] = {}  # parameter -> (best rank, largest normalised mu_star)
    for _, g in morris.groupby("output", sort=False):
        top = float(g["mu_star"].max())
        if not math.isfinite(top) or top <= 0.0:
            continue
        g = g.sort_values("rank", kind="stable")
        for parameter, rank, mu_star in zip(g["parameter"], g["rank"], g["mu_star"], strict=True):
            share = float(mu_star) / top
            if share >= min_share:
                old = best.get(str(parameter))
                new = (int(rank), share)
                best[str(parameter)] = new if old is None else (min(old[0], new[0]), max(old[1], new[1]))
    if not best:
        return [str(morris["parameter"].iloc[0])]
    return sorted(best, key=lambda p: (best[p][0], -best[p][1]))[:max_factors]


def sobol_design(factors: Sequence[Factor], n_base: int, seed: int) -> np.ndarray:
    """Saltelli/Sobol' design for first-order and total indices: ``n_base * (len(factors) + 2)`` rows.

    SALib's scrambled Sobol' sequence without second-order cross-samples; ``n_base`` must be a
    power of 2 (the sequence's balance properties need it). Integer factors are rounded to whole
    numbers (the indices then describe the model with that factor discretised).
    """
    whole = not isinstance(n_base, bool) and isinstance(n_base, int | np.integer)
    if not whole or n_base < 2 or int(n_base) & (int(n_base) - 1):
        raise ValueError(
            "n_base must be a power of 2 of at least 2 (e.g. 512, 1024, 2048) for the balance properties"
            f" of the Sobol' sequence, got n_base={n_base!r}"
        )
    problem = salib_problem(factors)
    from SALib.sample import sobol as sobol_sample

    X = sobol_sample.sample(problem, int(n_base), calc_second_order=False, seed=seed)
    return _round_integers(factors, np.asarray(X, dtype=float))


def sobol_indices(
    factors: Sequence[Factor],
    Y: Mapping[str, np.ndarray],
    seed: int,
    resamples: int = 1000,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Sobol' first-order (``S1``) and total (``ST``) indices of each output, a row per (output, parameter).

    ``Y`` holds the outputs at the rows of :func:`sobol_design`, in its order. CIs are SALib's
    bootstrap half-widths around each estimate (``resamples`` resamples). ``rank`` 1 is the largest
    ``ST`` of the output. An output that is (nearly) constant has no variance to decompose: its
    rows are kept with NaN indices, no rank, and a ``note`` saying so. A NaN or infinite output
    value is a ValueError.
    """
    from SALib.analyze import sobol as sobol_analyze

    problem = salib_problem(factors)
    d = len(factors)
    outputs = _outputs(Y)
    frames = []
    for name, y in outputs.items():
        if y.size % (d + 2) or y.size < 2 * (d + 2):
            raise ValueError(
                f"output {name!r}: {y.size} values is not n_base * (len(factors) + 2) = n_base * {d + 2};"
                " was it run on sobol_design() of these factors?"
            )
        if _constant(y):
            s1 = st = s1_conf = st_conf = np.full(d, np.nan)
            note = CONSTANT_NOTE
        else:
            # a Generator, not the int: SALib 1.6 ignores a falsy seed (0) and then bootstraps
            # from numpy's global random state
            rng = np.random.default_rng(seed)
            res = sobol_analyze.analyze(
                problem, y, calc_second_order=False, num_resamples=resamples, conf_level=conf_level, seed=rng
            )
            s1, st = _floats(res["S1"]), _floats(res["ST"])
            s1_conf, st_conf = _floats(res["S1_conf"]), _floats(res["ST_conf"])
            note = ""
        frame = pd.DataFrame({**_with_ci("S1", s1, s1_conf), **_with_ci("ST", st, st_conf), "note": note})
        frame.insert(0, "output", name)
        frame.insert(1, "parameter", problem["names"])
        frame["rank"] = _rank(frame["ST"])
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)[SOBOL_COLUMNS]


def robustness(Y: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """Does each output keep one sign over the sampled input space? One row per output.

    ``n``, ``mean`` and the 5/50/95 % quantiles; ``share_positive`` and ``share_negative`` (exact
    zeros count as neither); ``robust`` when at least 95 % of the points share one sign, and
    ``verdict`` that sign (``"positive"``/``"negative"``) or ``"mixed"``.
    """
    rows = []
    for name, y in _outputs(Y, equal=False).items():
        positive, negative = float(np.mean(y > 0)), float(np.mean(y < 0))
        if positive >= ROBUST_SHARE:
            verdict = "positive"
        elif negative >= ROBUST_SHARE:
            verdict = "negative"
        else:
            verdict = "mixed"
        row: dict[str, Any] = {"output": name, "n": int(y.size), "mean": float(y.mean())}
        row |= {f"q{round(100 * q):02d}": float(np.quantile(y, q)) for q in (0.05, 0.5, 0.95)}
        row |= {"share_positive": positive, "share_negative": negative}
        rows.append({**row, "robust": verdict != "mixed", "verdict": verdict})
    return pd.DataFrame(rows)


def sign_flips(
    factors: Sequence[Factor], X: np.ndarray, Y: Mapping[str, np.ndarray], bins: int = 8
) -> pd.DataFrame:
    """What flips the verdict: where the conditional mean of each output crosses zero along each factor.

    For each (output, factor) ``E[Y | x_i]`` is estimated over ``bins`` quantile bins of ``x_i``
    across all points (a factor with at most ``bins`` distinct values gets one bin per value); bin
    centres are the mean ``x_i`` in the bin. ``flips_at`` is where that curve crosses zero (linear
    interpolation between neighbouring centres; of several crossings the one nearest the middle of
    the factor's range, their number in ``n_crossings``), NaN when it keeps one sign. ``direction``
    is ``"above"`` when the conditional mean turns positive above ``flips_at``, ``"below"`` when it
    turns positive below it, ``""`` without a flip. ``sign_at_low``/``sign_at_high`` are the signs
    of the lowest and highest bin's mean, ``effect`` the highest bin's mean minus the lowest's.
    """
    if bins < 2:
        raise ValueError(f"need at least 2 bins, got bins={bins}")
    X = _design(factors, X)
    rows = []
    for name, y in _outputs(Y, X.shape[0]).items():
        for j, factor in enumerate(factors):
            centres, means = _conditional_mean(X[:, j], y, bins)
            crossings = _crossings(centres, means)
            low, high = _sign(means[0]), _sign(means[-1])
            row: dict[str, Any] = {"output": name, "parameter": factor.key, "flips_at": math.nan}
            row |= {"direction": "", "n_crossings": len(crossings), "sign_at_low": low, "sign_at_high": high}
            row["effect"] = float(means[-1] - means[0])
            if crossings:
                middle = (factor.low + factor.high) / 2
                at, rising = min(crossings, key=lambda c: abs(c[0] - middle))
                row["flips_at"], row["direction"] = at, "above" if rising else "below"
            rows.append(row)
    return pd.DataFrame(rows)


def _round_integers(factors: Sequence[Factor], X: np.ndarray) -> np.ndarray:
    """``X`` with the columns of integer factors rounded half up (not numpy's half to even)."""
    out = np.array(X, dtype=float)
    for j, factor in enumerate(factors):
        if factor.integer:
            out[:, j] = np.floor(out[:, j] + 0.5)
    return out


def _check_rounded_steps(factors: Sequence[Factor], raw: np.ndarray, X: np.ndarray, levels: int) -> None:
    """Warn if rounding changed the length of some Morris steps of an integer factor."""
    d = len(factors)
    raw_steps = np.diff(raw.reshape(-1, d + 1, d), axis=1)
    steps = np.diff(X.reshape(-1, d + 1, d), axis=1)
    uneven = []
    for j, factor in enumerate(factors):
        if not factor.integer:
            continue
        # a step spans over half the (whole-number) range, so rounding never erases one
        moved = raw_steps[:, :, j] != 0
        if not np.allclose(steps[:, :, j][moved], raw_steps[:, :, j][moved]):
            uneven.append(factor.key)
    if uneven:
        warnings.warn(
            f"integer factor(s) {uneven}: with levels={levels} the grid is not on whole numbers, so rounding"
            " changes some Morris step lengths and their elementary effects are approximate; choose levels"
            " so that (high - low) / (levels - 1) is a whole number",
            UserWarning,
            stacklevel=3,
        )


def _design(factors: Sequence[Factor], X: np.ndarray) -> np.ndarray:
    """``X`` as a float matrix with one column per factor (ValueError otherwise)."""
    out = np.asarray(X, dtype=float)
    if out.ndim != 2 or out.shape[1] != len(factors) or out.shape[0] == 0:
        raise ValueError(f"design must have shape (points, {len(factors)}), got {out.shape}")
    return out


def _outputs(Y: Mapping[str, np.ndarray], n: int | None = None, equal: bool = True) -> dict[str, np.ndarray]:
    """The outputs as 1-D float arrays, all values finite; of length ``n`` if given, else (with
    ``equal``) all as long as the first."""
    if not Y:
        raise ValueError("no outputs given")
    out: dict[str, np.ndarray] = {}
    for name, values in Y.items():
        y = np.asarray(values, dtype=float)
        if y.ndim != 1 or y.size == 0:
            raise ValueError(
                f"output {name!r}: need a non-empty 1-D array (one value per point), got {y.shape}"
            )
        if n is None and equal:
            n = y.size
        if n is not None and y.size != n:
            raise ValueError(f"output {name!r}: {y.size} values for {n} points")
        n_nan, n_inf = int(np.isnan(y).sum()), int(np.isinf(y).sum())
        if n_nan or n_inf:
            raise ValueError(
                f"output {name!r} has {n_nan} NaN and {n_inf} infinite value(s) among {y.size} points;"
                " re-run or impute the failed points first (the designs need every point)"
            )
        out[str(name)] = y
    return out


def _floats(values: Any) -> np.ndarray:
    """A SALib result entry (list, array or masked array) as a float array, masked entries NaN."""
    return np.asarray(np.ma.filled(np.ma.asarray(values, dtype=float), np.nan), dtype=float)


def _with_ci(index: str, estimate: np.ndarray, conf: np.ndarray) -> dict[str, np.ndarray]:
    """``index`` with its CI ends ``{index}_ci_low``/``{index}_ci_high`` from SALib's half-width."""
    return {index: estimate, f"{index}_ci_low": estimate - conf, f"{index}_ci_high": estimate + conf}


def _rank(values: pd.Series) -> pd.Series:
    """1 for the largest value, ties in order of appearance; NaN values get no rank."""
    return values.rank(ascending=False, method="first").astype("Int64")


def _constant(y: np.ndarray) -> bool:
    """Whether ``y`` has (numerically) no variance."""
    return float(np.std(y)) <= CONSTANT_REL * max(float(np.max(np.abs(y))), np.finfo(float).tiny)


def _conditional_mean(x: np.ndarray, y: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Bin centres (mean ``x``) and mean ``y`` over quantile bins of ``x`` (empty bins dropped)."""
    values = np.unique(x)
    if values.size <= bins:
        idx = np.searchsorted(values, x)
    else:
        inner = np.unique(np.quantile(x, np.linspace(0.0, 1.0, bins + 1))[1:-1])
        idx = np.searchsorted(inner, x, side="right")
    counts = np.bincount(idx)
    keep = counts > 0
    centres = np.bincount(idx, weights=x)[keep] / counts[keep]
    means = np.bincount(idx, weights=y)[keep] / counts[keep]
    return centres, means


def _crossings(centres: np.ndarray, means: np.ndarray) -> list[tuple[float, bool]]:
    """Zero crossings of the piecewise-linear curve (position, whether it turns positive to the right)."""
    nonzero = np.flatnonzero(means != 0)
    out = []
    for a, b in itertools.pairwise(nonzero):
        if np.sign(means[a]) == np.sign(means[b]):
            continue
        if b == a + 1:
            at = centres[a] - means[a] * (centres[b] - centres[a]) / (means[b] - means[a])
        else:  # the curve is zero on the bins in between
            at = float(np.mean(centres[a + 1 : b]))
        out.append((float(at), bool(means[b] > 0)))
    return out


def _sign(value: float) -> str:
    """``"positive"``, ``"negative"`` or (exactly 0) ``"zero"``."""
    return "positive" if value > 0 else "negative" if value < 0 else "zero"
