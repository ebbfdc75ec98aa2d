"""Choosing the warm-up period and the number of replications (docs/model.md, section 4).

Two steps, both on the default scenario (``configs/config.yaml``; add Hydra
overrides with ``--set`` to study another one):

**(a) Warm-up: Welch's moving-average method.** Every run starts *empty and
rested*: stress states are 0, nobody is sick, nobody knows any client, the trust
teams' estimates of need are the standard times, nobody has been reassessed. The
model needs time to reach its steady state. We simulate ``--days`` days (default
168: the minute model's first reassessed grants apply on day window_days +
delay_days = 70 with the defaults, and the study must see what follows) with
``warmup_days=0`` for ``--welch-reps`` replications (default 5), and follow three
slow daily series per model:

* the mean stress state of the rostered staff (``staff_days.stress`` over the
  slot-days with status work or sick) — the slowest state variable;
* the daily sick-leave share (sick / (work + sick) slot-days) — driven by stress;
* the unmet need per client and day (Σ ``visits.unmet_min`` / clients) — driven
  by familiarity, stress-driven absences and the trust teams' learning.

Each series is averaged over the replications and smoothed with Welch's moving
average of half-width w (default 3, i.e. a 7-day window that also removes the
weekly rota cycle; near the start the window shrinks to 2d + 1 days). The series
is *flat from day d* when every moving-average value from d on lies within a band
around its level over the last third of the run:

    level = mean of the moving average over the last third of the days
    band  = max(rel_tol × |level|, 3 × se)

where se is the noise of one value of the averaged moving average: the standard
deviation of each replication's own moving average around that replication's
level over the last third (its day-to-day fluctuation; a replication's constant
offset shifts the level but makes no excursion), divided by √replications; and
rel_tol = 5% by default. The band is thus never narrower than the noise the
replications leave. The recommended warm-up is the largest such d over the
series and models, rounded up to whole weeks. As a cross-check the script also
prints the MSER-5 truncation point of each averaged series (White 1997; Hoad,
Robinson & Davies 2010): the batch of 5 days d that minimises the squared standard
error of the mean of the remaining batches, searched over the first half of the
run. Plots: ``welch_<series>.png``.

**(b) Replications: confidence-interval width against n.** We run
``--max-reps`` replications (default 20) of the default run length with the
warm-up just chosen (``--rep-warmup`` to fix it) and, for n = 2 … max-reps, compute
each headline metric's 95% t-interval half-width over the first n replications,
relative to the mean — per model, and for the paired difference (trust − minute)
relative to the mean difference. For each we print the smallest n from which the
relative half-width stays within 10% and 5%; when it is not reached within
max-reps we print the projection n ≈ (t·s / (ε·|mean|))² from all replications.
Plot: ``replications.png``.

Usage::

    python experiments/warmup_replications.py                 # ≈ 10 min on 2 cores
    python experiments/warmup_replications.py --quick         # a rough look, ≈ 1 min
    python experiments/warmup_replications.py --days 224 --welch-reps 8 --max-reps 30
    python experiments/warmup_replications.py --rep-warmup 21 # step (b) with a chosen warm-up
    python experiments/warmup_replications.py --set scenario=rural_district

Outputs go to ``--out`` (default ``results/warmup_replications/``).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy import stats

import sim
from sim.metrics.definitions import HEADLINE, METRICS

ROOT = Path(__file__).resolve().parents[1]
COLOURS = {"minute": "#D55E00", "trust": "#0072B2", "difference": "#009E73"}  # Okabe–Ito
SERIES = {
    "stress": "Mean stress state of rostered staff",
    "sick_share": "Sick-leave share of rostered shifts",
    "unmet_per_client": "Unmet need per client and day (min)",
}


# ---------------------------------------------------------------------------------------------
# (a) warm-up
# ---------------------------------------------------------------------------------------------
def daily_series(res: sim.Results, n_clients: int) -> pd.DataFrame:
    """Per model, replication and day: mean stress, sick share and unmet need per client."""
    sd = res.events["staff_days"]
    rostered = sd[sd["status"].isin(["work", "sick"])]
    g = rostered.groupby(["model", "replication", "day"])
    out = pd.DataFrame(
        {
            "stress": g["stress"].mean(),
            "sick_share": g["status"].apply(lambda s: float((s == "sick").mean())),
        }
    )
    unmet = res.events["visits"].groupby(["model", "replication", "day"])["unmet_min"].sum() / n_clients
    out["unmet_per_client"] = unmet
    return out.reset_index()


def welch(y: np.ndarray, w: int) -> np.ndarray:
    """Welch's moving average of half-width ``w`` (shrinking window at the start)."""
    m = len(y)
    out = np.empty(m - w)
    for d in range(m - w):
        h = min(d, w)
        out[d] = y[d - h : d + h + 1].mean()
    return out


@dataclass(frozen=True)
class Flat:
    """Where a smoothed series settles."""

    day: int  # first day from which the moving average stays in the band
    level: float
    band: float


def flat_from(ma: np.ndarray, rep_ma: np.ndarray, rel_tol: float) -> Flat:
    """First day after which ``ma`` (the moving average of the replication mean) stays within
    the band around its level over the last third; ``rep_ma`` holds each replication's own
    moving average (replications × days) and gives the noise of one value."""
    tail = slice(2 * len(ma) // 3, len(ma))
    level = float(ma[tail].mean())
    reps = rep_ma.shape[0]
    # fluctuation of each replication's moving average around its own level over the last third
    # (a replication's constant offset — its world — shifts the level but makes no excursion)
    dev = rep_ma[:, tail] - rep_ma[:, tail].mean(axis=1, keepdims=True)
    se = float(dev.std(ddof=1)) / math.sqrt(reps) if dev.size > 1 else 0.0
    band = max(rel_tol * abs(level), 3.0 * se)
    outside = np.flatnonzero(np.abs(ma - level) > band)
    day = int(outside[-1] + 1) if outside.size else 0
    return Flat(day, level, band)


def mser5(y: np.ndarray) -> int:
    """MSER-5 truncation point (in days) of a series: batches of 5 days, the batch d minimising
    Σ_{i≥d} (b_i − mean(b_d…))² / (k − d)², searched over the first half of the batches."""
    k = len(y) // 5
    if k < 4:
        return 0
    b = y[: 5 * k].reshape(k, 5).mean(axis=1)
    best, arg = math.inf, 0
    for d in range(k // 2):
        rest = b[d:]
        val = float(((rest - rest.mean()) ** 2).sum() / (k - d) ** 2)
        if val < best:
            best, arg = val, d
    return 5 * arg


def warmup_study(args: argparse.Namespace, extra: list[str], out: Path) -> int:
    """Run the long replications, print and plot the moving averages; return the warm-up."""
    cfg = sim.config(
        [
            *extra,
            f"replications={args.welch_reps}",
            "warmup_days=0",
            f"horizon_days={args.days}",
            "output.record_activities=false",
        ]
    )
    n_clients = sum(d.n_clients for d in cfg.scenario.districts.values())
    print(
        f"\n(a) Warm-up: Welch's method on {args.welch_reps} replications of {args.days} days "
        f"(warmup_days=0), moving-average half-width {args.window} days"
    )
    t0 = time.perf_counter()
    res = sim.run(cfg=cfg, n_jobs=args.n_jobs)
    print(f"    simulated in {time.perf_counter() - t0:.0f} s")
    daily = daily_series(res, n_clients)
    mean = daily.groupby(["model", "day"])[list(SERIES)].mean()
    models = list(dict.fromkeys(daily["model"]))
    rows = []
    flats: dict[tuple[str, str], Flat] = {}
    for key, title in SERIES.items():
        fig, ax = plt.subplots(figsize=(7.5, 3.6))
        for model in models:
            y = mean.loc[model, key].to_numpy()
            ma = welch(y, args.window)
            wide = daily[daily["model"] == model].pivot(index="replication", columns="day", values=key)
            rep_ma = np.array([welch(r, args.window) for r in wide.to_numpy()])
            f = flat_from(ma, rep_ma, args.rel_tol)
            flats[(key, model)] = f
            rows.append((title, model, f.day, mser5(y), f.level, f.band))
            c = COLOURS.get(model, "black")
            ax.plot(np.arange(len(y)), y, color=c, alpha=0.25, linewidth=0.8)
            ax.plot(np.arange(len(ma)), ma, color=c, linewidth=2, label=f"{model} (flat from day {f.day})")
            ax.axhspan(f.level - f.band, f.level + f.band, color=c, alpha=0.08)
            ax.axvline(f.day, color=c, linestyle="--", linewidth=1)
        ax.set_xlabel("simulation day (warmup_days=0)")
        ax.set_ylabel(title)
        ax.set_title(f"Welch moving average (w={args.window}) over {args.welch_reps} replications")
        ax.legend(frameon=False)
        fig.tight_layout()
        fig.savefig(out / f"welch_{key}.png", dpi=130)
        plt.close(fig)
    print()
    head = f"{'series':<40} {'model':<7} {'flat from day':>13} {'MSER-5 day':>10} {'level':>10} {'± band':>9}"
    print("    " + head)
    for title, model, day, mser, level, band in rows:
        print(f"    {title:<40} {model:<7} {day:>13} {mser:>10} {level:>10.4g} {band:>9.3g}")
    worst = max(f.day for f in flats.values())
    rec = int(math.ceil(worst / 7.0) * 7) if worst > 0 else 0
    print(
        f"\n    Latest flat day {worst}; recommended warm-up: {rec} days (whole weeks). "
        f"The configured default is {sim.config(extra).warmup_days} days."
    )
    print(f"    Plots: {', '.join(str(out / f'welch_{k}.png') for k in SERIES)}")
    return rec


# ---------------------------------------------------------------------------------------------
# (b) replications
# ---------------------------------------------------------------------------------------------
def rel_half_width(x: np.ndarray, level: float = 0.95) -> float:
    """95% CI half-width / |mean| of the finite values of ``x``."""
    x = x[np.isfinite(x)]
    if x.size < 2 or x.mean() == 0:
        return math.nan
    half = stats.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / math.sqrt(x.size)
    return float(half / abs(x.mean()))


def needed(curve: np.ndarray, ns: np.ndarray, target: float, x: np.ndarray) -> str:
    """Smallest n from which the curve stays ≤ target, or the projection when not reached."""
    ok = curve <= target
    if ok.size and ok[-1]:
        last_bad = np.flatnonzero(~ok)
        return str(int(ns[last_bad[-1] + 1]) if last_bad.size else int(ns[0]))
    x = x[np.isfinite(x)]
    if x.size < 2 or x.mean() == 0 or x.std(ddof=1) == 0:
        return "n/a"
    t = stats.t.ppf(0.975, x.size - 1)
    proj = math.ceil((t * x.std(ddof=1) / (target * abs(x.mean()))) ** 2)
    return f">{int(ns[-1])} (≈{proj})"


def replication_study(args: argparse.Namespace, extra: list[str], warmup: int, out: Path) -> None:
    """Run max-reps replications and print/plot the relative CI half-width against n."""
    cfg = sim.config([*extra, f"replications={args.max_reps}", f"warmup_days={warmup}"])
    print(
        f"\n(b) Replications: {args.max_reps} replications of {cfg.horizon_days} days after "
        f"{warmup} warm-up days; relative 95% CI half-width against n"
    )
    t0 = time.perf_counter()
    res = sim.run(cfg=cfg, n_jobs=args.n_jobs, keep_events=False)
    print(f"    simulated in {time.perf_counter() - t0:.0f} s")
    m = res.metrics.pivot_table(index=["metric", "replication"], columns="model", values="value")
    base, other = cfg.compare[0], cfg.compare[1]
    ns = np.arange(2, args.max_reps + 1)
    metrics = [k for k in HEADLINE if k in m.index.get_level_values(0)]
    cols = ["metric", *(f"{c} n10/n5" for c in (base, other, "difference")), "rel. half-width at max"]
    lines = []
    curves: dict[tuple[str, str], np.ndarray] = {}
    for k in metrics:
        g = m.loc[k].sort_index()
        series = {base: g[base].to_numpy(), other: g[other].to_numpy()}
        series["difference"] = series[other] - series[base]
        cells = [k]
        at_max = []
        for name, x in series.items():
            curve = np.array([rel_half_width(x[:n]) for n in ns])
            curves[(k, name)] = curve
            cells.append(f"{needed(curve, ns, 0.10, x)} / {needed(curve, ns, 0.05, x)}")
            at_max.append(f"{100 * curve[-1]:.1f}%" if np.isfinite(curve[-1]) else "n/a")
        cells.append(" / ".join(at_max))
        lines.append(cells)
    widths = [max(len(str(r[i])) for r in [cols, *lines]) for i in range(len(cols))]
    print()
    print("    " + "  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    print("    " + "  ".join("-" * w for w in widths))
    for r in lines:
        print("    " + "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))
    print(
        "\n    n10/n5: smallest n from which the relative half-width stays ≤ 10% / ≤ 5% "
        f"(>{args.max_reps} (≈N): not reached; N projected from all replications). "
        "Differences are relative to the mean paired difference, so a difference near 0 "
        "never gets a small relative interval."
    )
    # recommendation: metrics whose per-model precision is reachable
    rec10 = []
    for k in metrics:
        for name in (base, other):
            s = needed(curves[(k, name)], ns, 0.10, m.loc[k][name].to_numpy())
            if s.isdigit():
                rec10.append((int(s), k, name))
    if rec10:
        n_rec, k_rec, name_rec = max(rec10)
        print(
            f"\n    Per-model 10% precision reached within {args.max_reps} replications for "
            f"{len(rec10)} of {2 * len(metrics)} (metric, model) pairs; the last needs n = {n_rec} "
            f"({k_rec}, {name_rec})."
        )
    # plot
    n_plots = len(metrics)
    ncol = 4
    nrow = math.ceil(n_plots / ncol)
    fig, axes = plt.subplots(nrow, ncol, figsize=(3.3 * ncol, 2.5 * nrow), squeeze=False, sharex=True)
    for ax, k in zip(axes.flat, metrics, strict=False):
        for name in (base, other, "difference"):
            y = np.minimum(curves[(k, name)], 1.0)
            ax.plot(ns, 100 * y, color=COLOURS.get(name, "grey"), label=name, linewidth=1.5)
        ax.axhline(10, color="grey", linestyle="--", linewidth=0.8)
        ax.axhline(5, color="grey", linestyle=":", linewidth=0.8)
        ax.set_ylim(0, 100)
        ax.set_title(METRICS[k].label, fontsize=8)
    for ax in axes.flat[n_plots:]:
        ax.axis("off")
    for ax in axes[-1]:
        ax.set_xlabel("replications n")
    for ax in axes[:, 0]:
        ax.set_ylabel("95% CI half-width, % of mean")
    axes.flat[0].legend(fontsize=7, frameon=False)
    fig.tight_layout()
    fig.savefig(out / "replications.png", dpi=130)
    plt.close(fig)
    print(f"    Plot: {out / 'replications.png'}")


def main(argv: list[str] | None = None) -> int:
    """Run both studies."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--days", type=int, default=168, help="length of the warm-up study runs (days)")
    ap.add_argument("--welch-reps", type=int, default=5, help="replications of the warm-up study")
    ap.add_argument("--window", type=int, default=3, help="Welch half-width w (window 2w + 1 days)")
    ap.add_argument("--rel-tol", type=float, default=0.05, help="relative band of the flatness rule")
    ap.add_argument("--max-reps", type=int, default=20, help="replications of the replication study")
    ap.add_argument("--rep-warmup", type=int, help="warm-up of the replication study (default: step a's)")
    ap.add_argument("--quick", action="store_true", help="42 days × 3 replications; 6 replications")
    ap.add_argument("--skip-warmup", action="store_true", help="only step (b), with the config's warm-up")
    ap.add_argument("--n-jobs", type=int, default=-1, help="parallel processes (default: all cores)")
    ap.add_argument("--out", default=str(ROOT / "results" / "warmup_replications"), help="output folder")
    ap.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args(argv)
    if args.quick:
        args.days, args.welch_reps, args.max_reps = min(args.days, 42), min(args.welch_reps, 3), 6
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    extra = list(args.overrides)
    cfg = sim.config(extra)
    print("hemtjanst-sim: warm-up and replications")
    print(
        f"  scenario {cfg.scenario.name}, models {', '.join(cfg.compare)}, seed {cfg.seed}; "
        f"configured run: {cfg.warmup_days} warm-up + {cfg.horizon_days} days, "
        f"{cfg.replications} replications"
    )
    warmup = cfg.warmup_days if args.skip_warmup else warmup_study(args, extra, out)
    if args.rep_warmup is not None:
        warmup = args.rep_warmup
    replication_study(args, extra, warmup, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
