"""What a teaching view knows beyond the event tables: task names, client homes, dates.

Everything here is redrawn from the run's config with the same keyed random streams
the simulation used (clients and care plans are pure functions of seed, replication
and district), so it matches the tables exactly; a unit's own run (``data.dir``) reads its
clients from the unit's files and names visits, people and clients by the unit's ids.
Without a config the views still work, with slot names instead of task names and no
calendar date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sim.config.schema import RunConfig
from sim.lang import has, join_words, tr
from sim.world.clients import Client, make_clients


@dataclass
class Context:
    """Facts of one replication a narration uses (empty without a run config)."""

    tasks: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)
    levels: dict[int, str] = field(default_factory=dict)
    home: dict[tuple[int, int], int] = field(default_factory=dict)  # (district, loc) -> client id
    start_date: dt.date | None = None
    warmup_days: int = 0
    behind_tolerance: dict[str, float] = field(default_factory=dict)
    stay_for: dict[str, str] = field(default_factory=dict)
    named: bool = False  # a unit's own run: people, clients and visits by the unit's ids

    def date(self, day: int) -> dt.date | None:
        """Calendar date of simulation ``day`` (None without a config)."""
        if self.start_date is None:
            return None
        return self.start_date + dt.timedelta(days=day - self.warmup_days)


def build_context(run: RunConfig | None, replication: int) -> Context:
    """Redraw the clients of ``replication`` to learn task names, care levels and homes."""
    if run is None:
        return Context()
    sc = run.scenario
    ctx = Context(
        start_date=dt.date.fromisoformat(sc.start_date),
        warmup_days=run.warmup_days,
        behind_tolerance={m: cfg.execution.behind_tolerance_min for m, cfg in run.models.items()},
        stay_for={m: cfg.execution.stay_for for m, cfg in run.models.items()},
        named=run.data.dir is not None,
    )
    first = 0
    for i, dc in enumerate(sc.districts.values()):
        clients = (
            _unit_clients(run, replication)
            if ctx.named
            else make_clients(sc.clients, sc.alarms, i, dc.n_clients, first, run.seed, replication)
        )
        for c in clients:
            ctx.levels[c.id] = c.level
            ctx.home[(i, c.loc)] = c.id
            for p in c.plans:
                ctx.tasks[(c.id, p.index)] = p.tasks
        first += dc.n_clients
    return ctx


def _unit_clients(run: RunConfig, replication: int) -> list[Client]:
    """The clients of a unit's own run, as the simulation built them from its files."""
    from sim.world.build import run_calendar
    from sim.world.imported import imported_clients, unit_of

    return imported_clients(run, unit_of(run), 0, 0, run_calendar(run), replication)


def visit_text(v: dict, ctx: Context, lang: str) -> str:
    """What a visit (a row of the visits table) is in words: its tasks, or in a unit's own run
    its visit id (the unit's files name no tasks the simulation knows)."""
    if ctx.named and str(v.get("visit", "")):
        return tr(lang, "trace.unit_visit", visit=v["visit"])
    return task_text(ctx.tasks.get((int(v["client_id"]), int(v["planned_visit"]))), str(v["slot"]), lang)


def visit_slot(v: dict, ctx: Context, lang: str) -> str:
    """The visit's window in words (``morning``), or in a unit's own run its visit id."""
    if ctx.named and str(v.get("visit", "")):
        return str(v["visit"])
    return slot_text(str(v["slot"]), lang)


def task_text(tasks: tuple[str, ...] | None, slot: str, lang: str) -> str:
    """The tasks of a visit in words ("morning help and medication"), or the slot's visit."""
    if not tasks:
        return tr(lang, "trace.slot_visit", slot=slot_text(slot, lang))
    words = [tr(lang, f"task.{t}") if has(lang, f"task.{t}") else t.replace("_", " ") for t in tasks]
    return join_words(words, lang)


def slot_text(slot: str, lang: str) -> str:
    """Name of a visit window (morning, bedtime …)."""
    return tr(lang, f"slot.{slot}") if has(lang, f"slot.{slot}") else slot.replace("_", " ")


def date_text(ctx: Context, day: int, lang: str) -> str:
    """``Tuesday 11 March 2025 (day 20)`` — just ``day 20`` without a config."""
    d = ctx.date(day)
    if d is None:
        return tr(lang, "trace.day_only", day=day)
    return tr(
        lang,
        "trace.date",
        weekday=tr(lang, f"weekday.{d.weekday()}"),
        d=d.day,
        month=tr(lang, f"month.{d.month}"),
        y=d.year,
        day=day,
    )
