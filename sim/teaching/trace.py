"""A narrated, time-stamped account of one caregiver's or one client's simulated day.

Built only from the run's own event tables (``activities``, ``visits``, ``shifts``,
``alarms``), e.g.::

    07:30  Team meeting (20 min).
    07:50  Walks to Client 17 (9 min).
    08:02  Morning help and medication for Client 17: allotted 25 min, needed 31,
           stayed 27 — cut short by 4 min because the caregiver was 12 min behind schedule.

Every stretch of a caregiver's paid time is one line, so the minutes of a
caregiver's trace add up to the shift's paid time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sim.config.schema import RunConfig
from sim.lang import fmt_clock, fmt_duration, fmt_num, join_words, model_label, tr
from sim.teaching.context import Context, build_context, date_text, visit_slot, visit_text
from sim.teaching.names import Namer, namer_for

DURATION_KINDS = ("meeting", "travel", "wait", "wait_partner", "care", "logging", "break", "alarm", "idle")
Row = dict[str, Any]


@dataclass
class TraceLine:
    """One narrated event: when, how many paid minutes it took (0 for instants), what happened."""

    start: float
    minutes: float
    kind: str
    text: str


@dataclass
class Trace:
    """A title and the narrated lines of one day; ``notes`` say which defaults were used."""

    title: str
    lines: list[TraceLine]
    summary: str = ""
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        """The trace as plain text: notes, the title, ``HH:MM  text`` lines, the summary."""
        out = [*self.notes, self.title, ""]
        out += [f"{fmt_clock(ln.start)}  {ln.text}" for ln in self.lines]
        if self.summary:
            out += ["", self.summary]
        return "\n".join(out)


def pick(df: pd.DataFrame, replication: int, model: str, day: int) -> pd.DataFrame:
    """Rows of one replication, model and day."""
    if df.empty:
        return df
    keep = (df["model"] == model) & (df["day"] == day)
    if "replication" in df:
        keep &= df["replication"] == replication
    return df[keep]


def records(df: pd.DataFrame) -> list[Row]:
    """The rows as plain dicts."""
    return [{str(k): v for k, v in r.items()} for r in df.to_dict("records")]


def _m(x: float, lang: str) -> str:
    return fmt_num(float(x), lang, 0)


def _why_short(v: Row, ctx: Context, model: str, lang: str) -> str:
    behind = max(0.0, float(v["actual_start"]) - float(v["planned_start"]))
    if behind > ctx.behind_tolerance.get(model, 5.0):
        return tr(lang, "trace.because_behind", x=_m(behind, lang))
    if ctx.stay_for.get(model, "allotted") == "need":
        return tr(lang, "trace.cap_reached")
    if float(v["delivered_min"]) <= float(v["allotted_min"]) + 0.5:
        return tr(lang, "trace.allotted_ran_out")
    return tr(lang, "trace.keep_schedule")


def care_text(
    v: Row,
    me: int,
    names: Namer,
    ctx: Context,
    model: str,
    lang: str,
    giver: str = "",
    partner_too: bool = True,
) -> str:
    """The care line of a visit seen by caregiver ``me`` (naming the partner of a double visit)."""
    cid, need, given, allotted = (
        int(v["client_id"]),
        float(v["need_min"]),
        float(v["delivered_min"]),
        float(v["allotted_min"]),
    )
    tasks = visit_text(v, ctx, lang)
    client = names.client(cid)
    partner = int(v["second_caregiver_id"]) if int(v["caregiver_id"]) == me else int(v["caregiver_id"])
    if partner_too and bool(v["double"]) and partner >= 0:
        client += tr(lang, "trace.together", who=names.person(partner))
    text = tr(
        lang,
        "trace.care",
        tasks=tasks[:1].upper() + tasks[1:],
        client=client,
        allotted=_m(allotted, lang),
        need=_m(need, lang),
        delivered=_m(given, lang),
    )
    if given - allotted >= 0.5:
        text += tr(lang, "trace.over", x=_m(given - allotted, lang))
    if bool(v["rushed"]):
        text += tr(lang, "trace.short", x=_m(need - given, lang), why=_why_short(v, ctx, model, lang))
    text += "."
    extra = []
    if need - float(v["base_need_min"]) >= 1.0:
        extra.append(tr(lang, "trace.familiarity", x=_m(need - float(v["base_need_min"]), lang)))
    if bool(v["late"]):
        late = float(v["actual_start"]) - float(v["window_end"])
        extra.append(tr(lang, "trace.late", x=_m(late, lang), promised=fmt_clock(float(v["window_end"]))))
    if giver:
        extra.append(tr(lang, "trace.taken_over", who=giver))
    if bool(v["is_contact_person"]):
        extra.append(tr(lang, "trace.contact"))
    return " ".join([text, *extra])


class _Day:
    """Tables of one replication, model and day, as records keyed for narration."""

    def __init__(self, tables: dict[str, pd.DataFrame], replication: int, model: str, day: int) -> None:
        empty = pd.DataFrame()
        self.acts = pick(tables["activities"], replication, model, day)
        self.shifts = pick(tables["shifts"], replication, model, day)
        self.visits = {
            int(r["visit_uid"]): r for r in records(pick(tables["visits"], replication, model, day))
        }
        self.alarms = records(pick(tables.get("alarms", empty), replication, model, day))
        hand = (
            self.acts[self.acts["kind"].isin(["handover_out", "handover_in"])]
            if not self.acts.empty
            else empty
        )
        self.gave = {
            int(r["visit_uid"]): int(r["caregiver_id"]) for r in records(hand) if r["kind"] == "handover_out"
        }
        self.took = {
            int(r["visit_uid"]): int(r["caregiver_id"]) for r in records(hand) if r["kind"] == "handover_in"
        }


def _base(rows: list[Row]) -> int:
    """Where the shift starts and ends: where its first trip leaves from (the office, 0, or the
    home of a unit's caregiver who starts from home)."""
    return next((int(r["from_loc"]) for r in rows if r["kind"] == "travel"), 0)


def _travel_text(
    a: Row, rest: list[Row], mode: str, names: Namer, ctx: Context, lang: str, d: str, base: int
) -> str:
    how = mode if mode in ("walk", "bike", "car") else "other"
    if int(a["to_loc"]) == base != 0 and (not rest or int(rest[0]["client_id"]) < 0):
        return tr(lang, f"trace.home.{how}", d=d)  # a unit's caregiver who starts from home
    if int(a["to_loc"]) == 0:
        dest = tr(lang, "trace.office")
    else:
        cid = ctx.home.get((int(a["district"]), int(a["to_loc"])))
        if cid is None:  # no config: the next activity at a client says where
            nxt = [r for r in rest if int(r["client_id"]) >= 0 and r["kind"] in DURATION_KINDS]
            cid = int(nxt[0]["client_id"]) if nxt else -1
        dest = names.client(cid) if cid >= 0 else tr(lang, "trace.somewhere")
    return tr(lang, f"trace.travel.{how}", dest=dest, d=d)


def _line(
    a: Row,
    i: int,
    rows: list[Row],
    base: int,
    me: int,
    dd: _Day,
    mode: str,
    names: Namer,
    ctx: Context,
    model: str,
    lang: str,
) -> str:
    kind, dur = str(a["kind"]), float(a["end"]) - float(a["start"])
    d = fmt_duration(dur, lang)
    uid, cid = int(a["visit_uid"]), int(a["client_id"])
    client = names.client(cid) if cid >= 0 else ""
    v = dd.visits.get(uid)
    if kind == "travel":
        return _travel_text(a, rows[i + 1 :], mode, names, ctx, lang, d, base)
    if kind == "care" and v is not None:
        giver = names.person(dd.gave[uid]) if dd.took.get(uid) == me and uid in dd.gave else ""
        return care_text(v, me, names, ctx, model, lang, giver)
    if kind == "alarm":
        mine = [r for r in dd.alarms if int(r["client_id"]) == cid and int(r["responder_id"]) == me]
        if not mine:
            return tr(lang, "trace.alarm_plain", client=client, d=d)
        r = min(mine, key=lambda r: abs(float(r["arrival_time"]) - float(a["start"])))
        return tr(
            lang,
            "trace.alarm",
            client=client,
            call=fmt_clock(float(r["call_time"])),
            resp=_m(r["response_min"], lang),
            d=d,
        )
    if kind == "wait":
        if v is not None and float(v["window_start"]) < float(a["end"]) - 0.5:  # open: the plan's start
            return tr(lang, "trace.wait_planned", client=client, at=fmt_clock(float(a["end"])), d=d)
        opens = fmt_clock(float(v["window_start"] if v is not None else a["end"]))
        return tr(lang, "trace.wait", client=client, opens=opens, d=d)
    if kind == "idle":
        where = "_home" if base != 0 else ""
        return tr(lang, ("trace.idle_end" if i == len(rows) - 1 else "trace.idle") + where, d=d)
    if kind in ("handover_out", "handover_in"):
        other = (dd.took if kind == "handover_out" else dd.gave).get(uid, -1)
        slot = visit_slot(v, ctx, lang) if v is not None else ""
        planned = fmt_clock(float(v["planned_start"])) if v is not None else ""
        who = names.person(other) if other >= 0 else "?"
        key = f"trace.{kind}_unit" if ctx.named else f"trace.{kind}"
        return tr(lang, key, client=client, slot=slot, visit=slot, planned=planned, who=who)
    return tr(
        lang, f"trace.{kind}", d=d, client=client
    )  # meeting, logging, break, wait_partner, missed_break


def caregiver_day(
    tables: dict[str, pd.DataFrame],
    model: str,
    caregiver: int,
    day: int,
    replication: int = 0,
    lang: str = "en",
    run: RunConfig | None = None,
    ctx: Context | None = None,
) -> Trace:
    """Narrate caregiver ``caregiver``'s shift on ``day`` in ``model`` (one line per activity)."""
    ctx = ctx or build_context(run, replication)
    dd = _Day(tables, replication, model, day)
    mine = dd.acts[dd.acts["caregiver_id"] == caregiver].sort_values("start", kind="stable")
    if mine.empty:
        raise ValueError(f"caregiver {caregiver} has no activities on day {day} in model {model}")
    names = namer_for(tables, lang, replication, model, ctx.named)
    shift = records(dd.shifts[dd.shifts["caregiver_id"] == caregiver])
    mode = str(shift[0]["mode"]) if shift else ""
    rows = records(mine)
    base = _base(rows)
    lines = [
        TraceLine(
            float(a["start"]),
            float(a["end"]) - float(a["start"]) if a["kind"] in DURATION_KINDS else 0.0,
            str(a["kind"]),
            _line(a, i, rows, base, caregiver, dd, mode, names, ctx, model, lang),
        )
        for i, a in enumerate(rows)
    ]
    title = tr(
        lang,
        "trace.cg_title",
        model=model_label(model, lang),
        who=names.person(caregiver),
        date=date_text(ctx, day, lang),
    )
    summary = ""
    if shift:
        s = shift[0]
        how = tr(lang, f"mode.{mode}") if mode in ("walk", "bike", "car") else mode
        title += " " + tr(
            lang, "trace.cg_shift", start=fmt_clock(s["start"]), end=fmt_clock(s["end"]), mode=how
        )
        ot = float(s["overtime_min"])
        end = tr(lang, "trace.end_ot", x=_m(ot, lang)) if ot >= 0.5 else tr(lang, "trace.end")
        lines.append(TraceLine(float(s["finish"]), 0.0, "end", end))
        dur = {
            k: fmt_duration(float(s[f"{k}_min"]), lang)
            for k in ("paid", "care", "travel", "admin", "meeting", "break", "idle")
        }
        summary = tr(
            lang,
            "trace.summary",
            brk=dur.pop("break"),
            **dur,
            visits=int(s["visits"]),
            rushed=int(s["rushed_visits"]),
        )
    return Trace(title=title, lines=lines, summary=summary)


def client_day(
    tables: dict[str, pd.DataFrame],
    model: str,
    client: int,
    day: int,
    replication: int = 0,
    lang: str = "en",
    run: RunConfig | None = None,
    ctx: Context | None = None,
) -> Trace:
    """Narrate client ``client``'s day in ``model``: every planned visit and alarm call."""
    ctx = ctx or build_context(run, replication)
    dd = _Day(tables, replication, model, day)
    names = namer_for(tables, lang, replication, model, ctx.named)
    visits = sorted(
        (v for v in dd.visits.values() if int(v["client_id"]) == client),
        key=lambda v: float(v["planned_start"] if bool(v["missed"]) else v["actual_start"]),
    )
    alarms = [a for a in dd.alarms if int(a["client_id"]) == client]
    if not visits and not alarms:
        raise ValueError(f"client {client} has no visit or alarm on day {day} in model {model}")
    lines: list[TraceLine] = []
    for v in visits:
        if bool(v["missed"]):
            text = (
                tr(lang, "trace.cl_missed_unit", visit=visit_slot(v, ctx, lang))
                if ctx.named
                else tr(
                    lang, "trace.cl_missed", tasks=visit_text(v, ctx, lang), slot=visit_slot(v, ctx, lang)
                )
            )
            lines.append(TraceLine(float(v["planned_start"]), 0.0, "missed", text[:1].upper() + text[1:]))
            continue
        who = [names.person(int(v["caregiver_id"]))]
        if int(v["second_caregiver_id"]) >= 0:
            who.append(names.person(int(v["second_caregiver_id"])))
        uid = int(v["visit_uid"])
        giver = names.person(dd.gave[uid]) if uid in dd.gave else ""
        care = care_text(v, int(v["caregiver_id"]), names, ctx, model, lang, giver, partner_too=False)
        text = tr(lang, "trace.cl_visit", who=join_words(who, lang)) + " " + care[:1].lower() + care[1:]
        lines.append(TraceLine(float(v["actual_start"]), float(v["delivered_min"]), "care", text))
    for a in alarms:
        resp = {"team": names.person(int(a["responder_id"])), "alarm_unit": tr(lang, "trace.alarm_unit")}.get(
            str(a["responder"]), ""
        )
        if resp:
            text = tr(
                lang,
                "trace.cl_alarm",
                who=resp,
                resp=_m(a["response_min"], lang),
                d=_m(a["handling_min"], lang),
            )
        else:
            text = tr(lang, "trace.cl_alarm_none")
        lines.append(
            TraceLine(float(a["call_time"]), float(a["handling_min"]) if resp else 0.0, "alarm", text)
        )
    lines.sort(key=lambda ln: ln.start)
    met = sorted(
        {int(c) for v in visits for c in (v["caregiver_id"], v["second_caregiver_id"]) if int(c) >= 0}
    )
    title = tr(
        lang,
        "trace.cl_title",
        model=model_label(model, lang),
        who=names.client(client),
        date=date_text(ctx, day, lang),
    )
    level = ctx.levels.get(client)
    if level:
        title += " " + tr(
            lang,
            "trace.cl_level",
            level=tr(lang, f"level.{level}") if level in ("low", "medium", "high", "very_high") else level,
        )
    unmet = sum(float(v["unmet_min"]) for v in visits)
    who_met = join_words([names.person(c) for c in met], lang) or "–"
    summary = tr(lang, "trace.cl_summary", n=len(met), who=who_met, unmet=_m(unmet, lang))
    return Trace(title=title, lines=lines, summary=summary)
