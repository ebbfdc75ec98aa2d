""" "A day in the life": a Gantt chart of one caregiver's day in each model, same day, same clients.

One row per model. The main lane shows every stretch of paid time (meeting, travel,
waiting, care, logging, break, alarm, idle); care beyond the allotted minutes is
hatched; below it a hatched outline shows care the client needed but did not get
(a visit cut short); above it markers show a missed break and visits handed to or
taken from a teammate. Dashed lines mark the scheduled shift; grey shading after the
end is overtime.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.config.schema import RunConfig
from sim.lang import fmt_clock, model_label, tr
from sim.plots.style import model_palette, save, setup
from sim.teaching.context import build_context, date_text
from sim.teaching.names import namer_for
from sim.teaching.select import DayChoice
from sim.teaching.trace import pick, records

KIND_COLOURS = {
    "meeting": "#CC79A7",
    "travel": "#56B4E9",
    "wait": "#CFCFCF",
    "wait_partner": "#A8A8A8",
    "care": "#009E73",
    "overrun": "#009E73",
    "logging": "#F0E442",
    "break": "#E69F00",
    "alarm": "#000000",
    "idle": "#EBEBEB",
}
EVENT_MARKERS = {
    "missed_break": ("X", "#D55E00"),
    "handover_out": ("^", "#000000"),
    "handover_in": ("v", "#0072B2"),
}
LANE_MAIN, LANE_EVENTS, LANE_CUT = 0.0, 0.62, -0.55
CHAR_INCH, LANE_INCH = 0.065, 11.0  # width of a label character at 7 pt; of the time axis


def gantt_data(tables: dict[str, pd.DataFrame], choice: DayChoice) -> pd.DataFrame:
    """The bars and markers of the chart: ``model, caregiver_id, client_id, kind, start, end``.

    ``kind`` is an activity kind, ``overrun`` (care beyond the allotted minutes, split off
    its care bar) or ``cut`` (need − delivered after a visit cut short); instants have start = end.
    """
    rows = []
    for model, cg in choice.caregivers.items():
        acts = pick(tables["activities"], choice.replication, model, choice.day)
        mine = records(acts[acts["caregiver_id"] == cg].sort_values("start", kind="stable"))
        visits = {
            int(v["visit_uid"]): v
            for v in records(pick(tables["visits"], choice.replication, model, choice.day))
        }
        for r in mine:
            base = {"model": model, "caregiver_id": cg, "client_id": int(r["client_id"])}
            start, end, kind = float(r["start"]), float(r["end"]), str(r["kind"])
            v = visits.get(int(r["visit_uid"]))
            if kind == "care" and v is not None:
                cut_at = start + min(float(v["allotted_min"]), end - start)
                rows.append({**base, "kind": "care", "start": start, "end": cut_at})
                if end > cut_at + 1e-9:
                    rows.append({**base, "kind": "overrun", "start": cut_at, "end": end})
                if bool(v["rushed"]):
                    short = float(v["need_min"]) - float(v["delivered_min"])
                    rows.append({**base, "kind": "cut", "start": end, "end": end + short})
            else:
                rows.append({**base, "kind": kind, "start": start, "end": end})
    return pd.DataFrame(rows, columns=["model", "caregiver_id", "client_id", "kind", "start", "end"])


def _shift(tables: dict[str, pd.DataFrame], choice: DayChoice, model: str) -> dict[str, Any] | None:
    s = tables.get("shifts", pd.DataFrame())
    if s.empty:
        return None
    mine = records(pick(s, choice.replication, model, choice.day))
    return next((r for r in mine if int(r["caregiver_id"]) == choice.caregivers[model]), None)


def _draw_lane(
    ax: plt.Axes,
    bars: list[dict[str, Any]],
    day0: float,
    client_names: dict[int, str] | None = None,
    min_per_char: float = 0.0,
) -> None:
    """One model's row: activity bars, overruns, care not given, event markers, and on the care
    bars the client numbers (a unit's own ids with ``client_names``, on the bars they fit:
    ``min_per_char`` minutes of bar per character)."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for b in bars:
        by_kind.setdefault(str(b["kind"]), []).append(b)
    for kind, group in by_kind.items():
        spans = [(b["start"] - day0, b["end"] - b["start"]) for b in group if b["end"] > b["start"]]
        if kind == "cut":
            ax.broken_barh(
                spans,
                (LANE_CUT - 0.15, 0.3),
                facecolors="white",
                edgecolors="#D55E00",
                hatch="////",
                linewidth=0.8,
            )
        elif kind in EVENT_MARKERS:
            marker, colour = EVENT_MARKERS[kind]
            xs = [b["start"] - day0 for b in group]
            ax.scatter(xs, [LANE_EVENTS] * len(xs), marker=marker, color=colour, s=55, zorder=3)
        elif spans:
            over = kind == "overrun"
            ax.broken_barh(
                spans,
                (LANE_MAIN - 0.25, 0.5),
                facecolors=KIND_COLOURS.get(kind, "#999999"),
                edgecolors="#00382A" if over else "white",
                linewidth=0.4,
                hatch="xxx" if over else None,
            )
    for b in by_kind.get("care", []):
        label = (client_names or {}).get(int(b["client_id"]), str(b["client_id"]))
        if b["end"] - b["start"] >= max(7.0, min_per_char * len(label)):
            ax.text(
                (b["start"] + b["end"]) / 2 - day0,
                LANE_MAIN,
                label,
                ha="center",
                va="center",
                fontsize=7,
                color="white",
                fontweight="bold",
            )


def _legend(present: set[str], lang: str) -> list[Any]:
    handles: list[Any] = [
        plt.Rectangle(
            (0, 0),
            1,
            1,
            facecolor=KIND_COLOURS[k],
            edgecolor="#00382A" if k == "overrun" else "#999999",
            hatch="xxx" if k == "overrun" else None,
            label=tr(lang, f"kind.{k}"),
        )
        for k in KIND_COLOURS
        if k in present
    ]
    if "cut" in present:
        handles.append(
            plt.Rectangle(
                (0, 0), 1, 1, facecolor="white", edgecolor="#D55E00", hatch="////", label=tr(lang, "kind.cut")
            )
        )
    handles += [
        plt.Line2D([], [], marker=mk, color=c, ls="", label=tr(lang, f"kind.{k}"))
        for k, (mk, c) in EVENT_MARKERS.items()
        if k in present
    ]
    return handles


def plot_day_in_life(
    tables: dict[str, pd.DataFrame],
    choice: DayChoice,
    out_dir: Path,
    lang: str = "en",
    labels: dict[str, str] | None = None,
    run: RunConfig | None = None,
    name: str = "day_in_life",
) -> list[Path]:
    """Draw the chart for ``choice`` (one row per model) as ``name``.png/.svg in ``out_dir``."""
    setup()
    data = gantt_data(tables, choice)
    models = list(choice.caregivers)
    colours = model_palette(models)
    day0 = float(choice.day * 1440)
    lo = float(data["start"].min()) if not data.empty else day0 + 420
    hi = float(data["end"].max()) if not data.empty else day0 + 960
    fig, axes = plt.subplots(
        len(models), 1, figsize=(13, 1.9 * len(models) + 1.4), sharex=True, squeeze=False
    )
    named = run is not None and run.data.dir is not None  # a unit's run: its own ids
    shifts = {m: _shift(tables, choice, m) for m in models}
    span = max([hi, *(float(s["finish"]) for s in shifts.values() if s)]) - min(
        [lo, *(float(s["start"]) for s in shifts.values() if s)]
    )
    per_char = CHAR_INCH * (span + 10) / LANE_INCH if named else 0.0
    for ax, model in zip(axes[:, 0], models, strict=True):
        names = namer_for(tables, lang, choice.replication, model, named)
        _draw_lane(ax, records(data[data["model"] == model]), day0, names.clients, per_char)
        s = shifts[model]
        if s is not None:
            for t in (float(s["start"]), float(s["end"])):
                ax.axvline(t - day0, color="#444444", ls="--", lw=0.9)
            if float(s["finish"]) > float(s["end"]):
                ax.axvspan(float(s["end"]) - day0, float(s["finish"]) - day0, color="#DDDDDD", zorder=0)
            lo, hi = min(lo, float(s["start"])), max(hi, float(s["finish"]))
        title = (
            f"{model_label(model, lang, (labels or {}).get(model))}\n{names.person(choice.caregivers[model])}"
        )
        ax.set_ylabel(
            title, rotation=0, ha="right", va="center", color=colours[model], fontsize=10, fontweight="bold"
        )
        ax.set_yticks([])
        ax.set_ylim(-0.85, 0.9)
        ax.grid(axis="y", visible=False)
    hours = list(range(int((lo - day0) // 60), int(np.ceil((hi - day0) / 60)) + 1))
    axes[-1, 0].set_xticks([60 * h for h in hours])
    axes[-1, 0].set_xticklabels([fmt_clock(60 * h) for h in hours], fontsize=8.5)
    axes[-1, 0].set_xlim(60 * hours[0] - 5, 60 * hours[-1] + 5)
    handles = _legend(set(data["kind"]), lang)
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=min(6, max(1, len(handles))),
        frameon=False,
        fontsize=8.5,
        bbox_to_anchor=(0.5, -0.02),
    )
    when = date_text(build_context(run, choice.replication), choice.day, lang)
    fig.suptitle(tr(lang, "gantt.title", date=when), fontsize=12, x=0.01, ha="left")
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return save(fig, out_dir, name)
