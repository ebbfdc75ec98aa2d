"""Calibration check: the default scenario against the real-world targets of CALIBRATION.md.

Runs the default side-by-side comparison (``configs/config.yaml``: the urban
district, both models) and an *unstressed baseline* of the same municipality, and
prints for every calibration target the target range, the simulated value with its
95% confidence interval over replications, and whether it is inside; then a few
validation figures that have a published reference but no target range.

Calibration targets (CALIBRATION.md)
------------------------------------
* **Continuity, minute-controlled**: distinct staff per client in 14 days
  (Socialstyrelsen's indicator) 13–16 for an urban district (national 14.9,
  metro regions 13.3 in 2021).
* **Time in clients' homes, minute-controlled**: 50–65% of paid time
  (Jordahl & Persson 2018: 58% on average; one group in five below 50%).
* **Sick leave, minute-controlled ≈ twice the unstressed baseline**: 1.7–2.5 ×.
  Försäkringskassan 2021: undersköterskor in home care and elderly housing had
  226 sickness cases per 1,000 workers against 105 for all occupations, a ratio of
  2.15; all care staff 174, ratio 1.66. The model's baseline sick-spell chance
  (``scenario.stress.sick_start_probability``) is calibrated to the all-occupation
  level, and stress multiplies it, so *minute-controlled sick leave / sick leave
  at zero stress* is the model's counterpart of 226/105. The range runs from the
  all-care-staff ratio (≈1.7) to a little above the home-care ratio (2.15 + 0.35,
  allowing for the difference between sickness *cases* and the model's *share of
  rostered shifts lost*, which also depends on spell length and timing).
  The **baseline run** is the same scenario, seed and replications with every
  stress elasticity of ``scenario.stress`` (the fields ending in ``_elasticity``:
  sick leave and turnover) set to 0, so stress has no effect on absence or quits;
  only the minute model is run (with no stress effect the absences are the same
  under either model). Both runs share each replication's random numbers, so the
  ratio is estimated from paired replications: R = mean(minute) / mean(baseline),
  with a delta-method 95% interval (t with n − 1 degrees of freedom on the
  residuals minute − R × baseline).
* **Continuity, trust-based**: single digits (< 10) with teams of about ten
  (Skönsmo: ≈40 staff a month → ≈10; CALIBRATION.md: "well below, single digits").

Validation figures (reported, no range): late visits (against the promise, with the
tolerance), visits started after their window closed (no tolerance) and visits later than
planned (against the day's plan); overtime per shift, also as
hours per full-time year (Working Hours Act cap 200 h/year); visits per client-day
(Huddinge 2.4, KTH unit 3.7); double-staffed share (KTH 4%); mean planned visit
length (KTH mean 32 min, median 30); care + travel share of paid time; distinct
caregivers per client-day (KTH mean 1.8); visits per day shift (KTH median 11);
caregivers per client (Karlstad ≈460 / 1,600 = 0.29).

Every value is read from the code and the composed configuration: change a default
and rerun. Extra Hydra overrides (``--set key=value``) try a candidate calibration.

Usage::

    python experiments/calibration.py                    # 10 replications (the default config's)
    python experiments/calibration.py --quick            # 3 replications, about 30 s
    python experiments/calibration.py --replications 20 --n-jobs 4
    python experiments/calibration.py --set scenario.staffing.planned_utilisation_target=0.7

The script always exits 0; it says which targets are missed.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

import sim
from sim.config.schema_staff import StressConfig
from sim.metrics.definitions import METRICS
from sim.stats import mean_ci

MINUTE, TRUST = "minute", "trust"


# ---------------------------------------------------------------------------------------------
# statistics
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Estimate:
    """A mean with its 95% interval over n replications."""

    mean: float
    lo: float
    hi: float
    n: int

    @classmethod
    def of(cls, values: np.ndarray | pd.Series) -> Estimate:
        """t-interval of the mean of per-replication values."""
        return cls(*mean_ci(np.asarray(values, dtype=float)))


def ratio_ci(num: np.ndarray, den: np.ndarray, level: float = 0.95) -> Estimate:
    """Ratio of means of paired values, with a delta-method t-interval.

    R = mean(num) / mean(den); se(R) = sd(num − R·den) / (√n · mean(den)).
    """
    num, den = np.asarray(num, float), np.asarray(den, float)
    ok = np.isfinite(num) & np.isfinite(den)
    num, den = num[ok], den[ok]
    n = int(num.size)
    if n == 0 or den.mean() <= 0:
        return Estimate(math.nan, math.nan, math.nan, n)
    r = float(num.mean() / den.mean())
    if n < 2:
        return Estimate(r, math.nan, math.nan, n)
    se = float(np.std(num - r * den, ddof=1) / (math.sqrt(n) * den.mean()))
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * se
    return Estimate(r, r - half, r + half, n)


# ---------------------------------------------------------------------------------------------
# per-replication figures computed from the event tables (measured days only)
# ---------------------------------------------------------------------------------------------
def measured(df: pd.DataFrame, cfg: sim.config.RunConfig) -> pd.DataFrame:
    """Rows of the measured days (after warm-up)."""
    lo, hi = cfg.warmup_days, cfg.warmup_days + cfg.horizon_days
    return df[(df["day"] >= lo) & (df["day"] < hi)]


def per_rep(df: pd.DataFrame, model: str, fn: Callable[[pd.DataFrame], float]) -> np.ndarray:
    """``fn`` of each replication's rows of ``model``."""
    part = df[df["model"] == model]
    return np.array([fn(g) for _, g in part.groupby("replication", sort=True)], dtype=float)


def metric(res: sim.Results, model: str, name: str) -> np.ndarray:
    """Per-replication values of a metric of ``model``."""
    m = res.metrics
    return m[(m["model"] == model) & (m["metric"] == name)].sort_values("replication")["value"].to_numpy()


def distinct_per_client_day(v: pd.DataFrame) -> float:
    """Mean number of distinct caregivers a client meets in a day (performed visits, both roles)."""
    done = v[~v["missed"]]
    both = pd.concat(
        [
            done[["client_id", "day", "caregiver_id"]].rename(columns={"caregiver_id": "cg"}),
            done[["client_id", "day", "second_caregiver_id"]].rename(columns={"second_caregiver_id": "cg"}),
        ]
    )
    both = both[both["cg"] >= 0]
    return float(both.groupby(["client_id", "day"])["cg"].nunique().mean()) if len(both) else math.nan


def after_window(v: pd.DataFrame) -> float:
    """Share of performed visits that started after the latest start of their window."""
    done = v[~v["missed"]]
    return float((done["actual_start"] > done["window_end"]).mean()) if len(done) else math.nan


# ---------------------------------------------------------------------------------------------
# printing
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    """One line of a table."""

    figure: str
    model: str
    target: str
    value: Estimate
    unit: str  # "%" (shares, printed ×100), "x" (ratios) or a unit of measure
    lo: float = -math.inf
    hi: float = math.inf
    is_target: bool = True


def fmt(x: float, unit: str) -> str:
    """A number in its unit."""
    if not np.isfinite(x):
        return "n/a"
    if unit == "%":
        return f"{100 * x:.1f}%"
    if unit == "x":
        return f"{x:.2f}×"
    return f"{x:.2f}" if abs(x) < 100 else f"{x:,.0f}"


def cell(e: Estimate, unit: str) -> str:
    """mean [lo, hi]."""
    if not np.isfinite(e.lo):
        return fmt(e.mean, unit)
    return f"{fmt(e.mean, unit)} [{fmt(e.lo, unit)}, {fmt(e.hi, unit)}]"


def verdict(r: Row) -> str:
    """Whether the estimate is inside the target range, and how sure that is."""
    m = r.value.mean
    if not np.isfinite(m):
        return "n/a (no value)"
    inside = r.lo <= m <= r.hi
    lo, hi = r.value.lo, r.value.hi
    if not np.isfinite(lo):
        return "yes" if inside else ("NO, above" if m > r.hi else "NO, below")
    ci_inside = r.lo <= lo and hi <= r.hi
    if inside:
        return "yes" if ci_inside else "yes (CI crosses a bound)"
    side = "above" if m > r.hi else "below"
    overlap = hi >= r.lo and lo <= r.hi
    return f"NO, {side}" + (" (CI overlaps)" if overlap else "")


def table(rows: list[Row], columns: list[str], cells: Callable[[Row], list[str]]) -> str:
    """Plain-text table."""
    body = [columns] + [cells(r) for r in rows]
    widths = [max(len(b[i]) for b in body) for i in range(len(columns))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(b, widths, strict=True)).rstrip() for b in body]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------
def stress_free_overrides() -> list[str]:
    """Overrides that make stress have no effect: every ``*_elasticity`` of scenario.stress = 0."""
    names = [f.name for f in dataclasses.fields(StressConfig) if f.name.endswith("_elasticity")]
    return [f"scenario.stress.{n}=0" for n in names]


def main(argv: list[str] | None = None) -> int:
    """Run the default scenario and the baseline; print the calibration and validation tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replications", type=int, help="replications (default: the config's)")
    ap.add_argument("--quick", action="store_true", help="3 replications (a rough look, ≈ 30 s)")
    ap.add_argument("--n-jobs", type=int, default=-1, help="parallel processes (default: all cores)")
    ap.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra Hydra override for both runs (repeatable), e.g. a candidate calibration",
    )
    args = ap.parse_args(argv)

    base = [*args.overrides, "output.record_activities=false"]
    if args.quick and args.replications is None:
        base.append("replications=3")
    elif args.replications is not None:
        base.append(f"replications={args.replications}")
    cfg = sim.config(base)
    if cfg.compare[:2] != [MINUTE, TRUST]:
        base.append(f"compare=[{MINUTE},{TRUST}]")
        cfg = sim.config(base)
    calm = stress_free_overrides()
    cfg0 = sim.config([*base, f"compare=[{MINUTE}]", *calm])
    sc = cfg.scenario

    print("hemtjanst-sim calibration check (targets from CALIBRATION.md)")
    print(
        f"  scenario {sc.name}: {sum(d.n_clients for d in sc.districts.values())} clients in "
        f"{len(sc.districts)} district(s); {cfg.replications} replications of {cfg.horizon_days} days "
        f"after {cfg.warmup_days} warm-up days; seed {cfg.seed}"
    )
    if args.overrides:
        print(f"  extra overrides: {' '.join(args.overrides)}")
    print(f"  baseline (no stress effect): minute model with {' '.join(calm)}")
    t0 = time.perf_counter()
    res = sim.run(cfg=cfg, n_jobs=args.n_jobs)
    t1 = time.perf_counter()
    res0 = sim.run(cfg=cfg0, n_jobs=args.n_jobs)
    t2 = time.perf_counter()
    print(f"  wall time: comparison {t1 - t0:.0f} s, baseline {t2 - t1:.0f} s")

    ev = {k: measured(df, cfg) for k, df in res.events.items() if k != "activities"}
    v, s, sd = ev["visits"], ev["shifts"], ev["staff_days"]
    n_clients = sum(d.n_clients for d in sc.districts.values())
    # rota positions (slots) per replication; the same in both models
    sd_all = res.events["staff_days"]
    positions = float(sd_all[sd_all["model"] == MINUTE].groupby("replication")["slot_id"].nunique().mean())
    units_trust = res.events["visits"].query("model == @TRUST").groupby("replication")["unit"].nunique()
    team_size_cfg = cfg.models[TRUST].organisation.team_size
    team_real = positions / float(units_trust.mean()) if len(units_trust) else math.nan

    # ---- calibration targets ------------------------------------------------------------------
    sick_m = metric(res, MINUTE, "sick_leave_rate")
    sick_0 = metric(res0, MINUTE, "sick_leave_rate")
    label = {MINUTE: cfg.models[MINUTE].label, TRUST: cfg.models[TRUST].label}
    targets = [
        Row(
            "Distinct staff per client, 14 days",
            label[MINUTE],
            "13–16",
            Estimate.of(metric(res, MINUTE, "staff_per_client_14d")),
            "staff",
            13,
            16,
        ),
        Row(
            "Paid time in clients' homes",
            label[MINUTE],
            "50–65%",
            Estimate.of(metric(res, MINUTE, "care_time_share")),
            "%",
            0.50,
            0.65,
        ),
        Row(
            "Sick leave / unstressed baseline",
            label[MINUTE],
            "1.7–2.5×",
            ratio_ci(sick_m, sick_0),
            "x",
            1.7,
            2.5,
        ),
        Row(
            f"Distinct staff per client, 14 days (teams of {team_size_cfg}; realised {team_real:.1f})",
            label[TRUST],
            "< 10",
            Estimate.of(metric(res, TRUST, "staff_per_client_14d")),
            "staff",
            -math.inf,
            10 - 1e-9,
        ),
    ]
    print("\nCalibration targets (mean [95% CI] over replications)\n")
    print(
        table(
            targets,
            ["target", "model", "range", "simulated", "inside?"],
            lambda r: [r.figure, r.model, r.target, cell(r.value, r.unit), verdict(r)],
        )
    )
    print(
        f"\n  sick leave (share of rostered shifts lost): {label[MINUTE]} "
        f"{cell(Estimate.of(sick_m), '%')}, {label[TRUST]} "
        f"{cell(Estimate.of(metric(res, TRUST, 'sick_leave_rate')), '%')}, "
        f"unstressed baseline {cell(Estimate.of(sick_0), '%')}; "
        f"{label[TRUST]} / baseline {cell(ratio_ci(metric(res, TRUST, 'sick_leave_rate'), sick_0), 'x')}"
    )

    def spells(df: pd.DataFrame) -> float:
        starts = (df["event"] == "sick_start").sum()
        at_risk = (df["status"] == "work").sum() + starts
        return starts / at_risk if at_risk else math.nan

    sd0 = measured(res0.events["staff_days"], cfg)
    inc_m, inc_0 = per_rep(sd, MINUTE, spells), per_rep(sd0, MINUTE, spells)
    print(
        f"  sick-spell starts per day at work (incidence, closest to 'cases'): {label[MINUTE]} / baseline "
        f"{cell(ratio_ci(inc_m, inc_0), 'x')}"
    )

    # ---- validation figures --------------------------------------------------------------------
    hours_fte_year = cfg.scenario.staffing.hours_per_week_full_time * 365.25 / 7
    shift_h = float(((s["end"] - s["start"]) / 60).mean()) if len(s) else math.nan
    shifts_per_fte_year = hours_fte_year / shift_h
    rows: list[Row] = []
    for model in (MINUTE, TRUST):
        lab = label[model]
        rows.append(
            Row(
                "Late visits (window end + late_tolerance_min)",
                lab,
                "— (late_visit_share: against the promise)",
                Estimate.of(metric(res, model, "late_visit_share")),
                "%",
            )
        )
        rows.append(
            Row(
                "Visits started after their window closed",
                lab,
                "— (any start past the window's end, no tolerance)",
                Estimate.of(per_rep(v, model, after_window)),
                "%",
            )
        )
        rows.append(
            Row(
                "Visits later than planned (> late_tolerance_min)",
                lab,
                "Norway: 14–22% of routes longer than planned (context)",
                Estimate.of(metric(res, model, "behind_plan_share")),
                "%",
            )
        )
        ot = metric(res, model, "overtime_min_per_shift")
        rows.append(Row("Overtime per shift (min)", lab, "—", Estimate.of(ot), "min"))
        rows.append(
            Row(
                "Overtime, h per full-time year",
                lab,
                "Working Hours Act cap 200 h/year",
                Estimate.of(ot / 60 * shifts_per_fte_year),
                "h",
            )
        )
        rows.append(
            Row(
                "Mean planned (allotted) visit length",
                lab,
                "KTH day: mean 32, median 30 min",
                Estimate.of(per_rep(v, model, lambda g: float(g["allotted_min"].mean()))),
                "min",
            )
        )
        care_travel = metric(res, model, "care_time_share") + metric(res, model, "travel_time_share")
        rows.append(
            Row(
                "Care + travel share of paid time",
                lab,
                "Norway: visits 40–62% + driving 18–26%; KTH plan: care ≈ 75% of span",
                Estimate.of(care_travel),
                "%",
            )
        )
        rows.append(
            Row(
                "Distinct caregivers per client-day",
                lab,
                "KTH day: mean 1.8, median 2",
                Estimate.of(per_rep(v, model, distinct_per_client_day)),
                "staff",
            )
        )
        rows.append(
            Row(
                "Visits per day shift (median)",
                lab,
                "KTH day: median 11 (quartiles 10–12.5)",
                Estimate.of(
                    per_rep(s, model, lambda g: float(g.loc[g["shift"] == "day", "visits"].median()))
                ),
                "visits",
            )
        )
    # the same in both models (common random numbers): shown once
    per_client_day = per_rep(v, MINUTE, lambda g: len(g) / (n_clients * cfg.horizon_days))
    rows.append(
        Row(
            "Planned visits per client-day",
            "both",
            "Huddinge 2.4 (vendor), KTH unit 3.7",
            Estimate.of(per_client_day),
            "visits",
        )
    )
    rows.append(
        Row(
            "Double-staffed share of visits",
            "both",
            "KTH day: 4%",
            Estimate.of(per_rep(v, MINUTE, lambda g: float(g["double"].mean()))),
            "%",
        )
    )
    rows.append(
        Row(
            "Caregivers (positions) per client",
            "both",
            "Karlstad ≈460 staff / 1,600 clients = 0.29",
            Estimate(positions / n_clients, math.nan, math.nan, 1),
            "staff",
        )
    )
    print("\nValidation figures (no target range; compare with the reference)\n")
    print(
        table(
            rows,
            ["figure", "model", "simulated", "reference"],
            lambda r: [r.figure, r.model, cell(r.value, r.unit), r.target],
        )
    )
    print(
        f"\n  overtime per full-time year = overtime per shift × {shifts_per_fte_year:.0f} shifts "
        f"({hours_fte_year:.0f} h / {shift_h:.2f} h mean shift); late = start more than "
        f"{sc.metrics.late_tolerance_min:g} min after the window's end (the promise); "
        f"{METRICS['care_time_share'].label.lower()} counts team alarm calls as care"
    )

    missed = [f"{r.figure} ({r.model}): {fmt(r.value.mean, r.unit)}, target {r.target}" for r in targets]
    missed = [m for m, r in zip(missed, targets, strict=True) if not verdict(r).startswith("yes")]
    print(f"\n{len(targets) - len(missed)} of {len(targets)} calibration targets met.")
    for m in missed:
        print(f"  missed: {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
