"""``python -m sim.trace``: a simulated day told minute by minute, from a finished run folder.

    python -m sim.trace RUN_DIR                                  # defaults: busiest day, busiest caregiver
    python -m sim.trace RUN_DIR --model trust --caregiver 12 --day 20 [--replication 0] [--lang sv]
    python -m sim.trace RUN_DIR --client 7 --day 20              # one client's day in every model
    python -m sim.trace UNIT_RUN --caregiver P-0412 --day 14     # a unit's run: its own ids
    python -m sim.trace RUN_DIR --client                         # the busiest client's day
    python -m sim.trace RUN_DIR --gantt OUT_DIR                  # also draw the Gantt chart of that day

Without ``--model`` every compared model is told (the same day; a caregiver sharing the most
clients with the first model's). What was not given is chosen and the trace says so. A caregiver
or client is given by the simulation's number or by the id the event tables' ``caregiver`` and
``client`` columns hold (a unit's own ids, e.g. ``P-0412``, ``K-10234``); a unit's run is told
with its own ids.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.config.schema import RunConfig
from sim.io import DONE_MARKER, read_results, verify_folder
from sim.lang import LANGS, tr
from sim.report.__main__ import load_run_config
from sim.teaching.context import build_context
from sim.teaching.gantt import plot_day_in_life
from sim.teaching.names import name_map, namer_for, resolve
from sim.teaching.select import busiest_client, choose_day
from sim.teaching.trace import Trace, caregiver_day, client_day


def _notes(
    defaulted: list[str], choice_day: int, replication: int, picked: dict[str, str], lang: str, what: str
) -> list[str]:
    parts = []
    if "replication" in defaulted:
        parts.append(tr(lang, "trace.default.replication", x=replication))
    if "day" in defaulted:
        parts.append(tr(lang, "trace.default.day", x=choice_day))
    for i, (model, who) in enumerate(picked.items()):
        if f"{what}:{model}" in defaulted:
            key = f"trace.default.{what}" if what == "client" or i == 0 else "trace.default.caregiver_match"
            parts.append(f"{model}: " + tr(lang, key, x=who))
    return [tr(lang, "trace.defaults", what="; ".join(parts))] if parts else []


def _first_replication(tables: dict, replication: int | None) -> int | None:
    v = tables["visits"]
    if replication is not None or "replication" not in v or v.empty:
        return replication
    return int(v["replication"].min())


def traces(
    run_dir: Path,
    run: RunConfig,
    model: str | None = None,
    caregiver: int | str | None = None,
    client: int | str | None = None,
    day: int | None = None,
    replication: int | None = None,
    lang: str = "en",
    gantt_dir: Path | None = None,
    verified: bool = False,
) -> list[Trace]:
    """The narrated day(s) asked for; the first trace carries notes on the defaults chosen.

    ``caregiver`` and ``client`` are the simulation's numbers or the analyst's ids (the event
    tables' ``caregiver`` and ``client`` columns); ``client`` -1 or "" is the busiest client."""
    tables = read_results(run_dir, verified)
    if "activities" not in tables:
        raise ValueError(f"{run_dir} has no activities.parquet (output.record_activities was off)")
    models = [model] if model else list(run.compare)
    unknown = [m for m in models if m not in set(tables["visits"]["model"])]
    if unknown:
        raise ValueError(f"model {unknown[0]} is not in this run; it has {', '.join(run.compare)}")
    rep = _first_replication(tables, replication)
    people = name_map(tables, "caregiver", rep)
    given = (
        {m: resolve(caregiver, name_map(tables, "caregiver", rep, m), "caregiver") for m in models}
        if caregiver is not None
        else None
    )
    busiest = client is not None and str(client) in ("", "-1")
    client_id = (
        resolve(client, name_map(tables, "client", rep), "client")
        if client is not None and not busiest
        else None
    )
    asking_client = client is not None
    choice = choose_day(
        tables,
        models,
        run.warmup_days,
        run.horizon_days,
        replication,
        day,
        None if asking_client else given,
        people if run.data.dir is not None else None,
    )
    ctx = build_context(run, choice.replication)
    namers = {m: namer_for(tables, lang, choice.replication, m, ctx.named) for m in models}
    out: list[Trace] = []
    if not asking_client:
        for m in models:
            out.append(
                caregiver_day(tables, m, choice.caregivers[m], choice.day, choice.replication, lang, ctx=ctx)
            )
        picked = {m: namers[m].person_id(c) for m, c in choice.caregivers.items()}
        what = "caregiver"
        if gantt_dir is not None:
            labels = {m: run.models[m].label for m in models if m in run.models}
            plot_day_in_life(tables, choice, gantt_dir, lang, labels=labels, run=run)
    else:
        if client_id is None:  # --client without an id: the first model's busiest client that day
            client_id = busiest_client(tables["visits"], choice.replication, models[0], choice.day)
            choice.defaulted += [f"client:{m}" for m in models]
        picked, what = {m: namers[m].client_id(client_id) for m in models}, "client"
        for m in models:
            out.append(client_day(tables, m, client_id, choice.day, choice.replication, lang, ctx=ctx))
    if out:
        out[0].notes = _notes(choice.defaulted, choice.day, choice.replication, picked, lang, what)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m sim.trace", description=(__doc__ or "").split("\n")[0])
    ap.add_argument("run_dir", type=Path, help="a finished run folder (with activities.parquet)")
    ap.add_argument("--model", help="one model to tell (default: every compared model)")
    who = ap.add_mutually_exclusive_group()
    who.add_argument("--caregiver", help="caregiver: the simulation's number or the unit's id (P-0412)")
    who.add_argument(
        "--client", nargs="?", const="", help="client: number or the unit's id (alone: the busiest client)"
    )
    ap.add_argument("--day", type=int, help="simulation day (0 = first warm-up day)")
    ap.add_argument("--replication", type=int, help="replication (default 0)")
    ap.add_argument("--lang", choices=sorted(LANGS), help="language (default: the run's report.lang)")
    ap.add_argument("--gantt", type=Path, metavar="DIR", help="also draw the day's Gantt chart into DIR")
    args = ap.parse_args(argv)
    try:
        if not args.run_dir.is_dir():
            raise FileNotFoundError(f"no such folder: {args.run_dir}")
        if not (args.run_dir / "config.yaml").is_file():
            raise FileNotFoundError(f"{args.run_dir} is not a finished run folder (no config.yaml in it)")
        verified = (args.run_dir / DONE_MARKER).exists()
        if verified:
            verify_folder(args.run_dir)  # a damaged table is named, not read (nor hashed again)
        run = load_run_config(args.run_dir)
        lang = args.lang or run.report.lang
        found = traces(
            args.run_dir,
            run,
            args.model,
            args.caregiver,
            args.client,
            args.day,
            args.replication,
            lang,
            args.gantt,
            verified,
        )
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("\n\n".join(t.render() for t in found))
    if args.gantt:
        print(f"\n{args.gantt / 'day_in_life.png'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
