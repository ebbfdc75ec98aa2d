"""Which day and which caregiver (or client) a teaching view shows, when the user does not say.

Defaults: the first replication; the measured day with the most visits; in the first
model the caregiver with the most visits that day, and in every other model the
caregiver whose clients that day overlap most with the first one's (then most
visits) — so the two Gantt charts show the same clients.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class DayChoice:
    """A replication, a day and one caregiver per model; ``defaulted`` names what was picked."""

    replication: int
    day: int
    caregivers: dict[str, int]
    defaulted: list[str] = field(default_factory=list)


def _rep(df: pd.DataFrame, replication: int) -> pd.DataFrame:
    return df[df["replication"] == replication] if "replication" in df else df


def busiest_day(visits: pd.DataFrame, replication: int, warmup_days: int, horizon_days: int | None) -> int:
    """The measured day with the most performed visits (all models together; the earliest on ties)."""
    v = _rep(visits, replication)
    v = v[~v["missed"].astype(bool)]
    m = v[v["day"] >= warmup_days]
    if horizon_days is not None:
        m = m[m["day"] < warmup_days + horizon_days]
    if m.empty:
        m = v
    if m.empty:
        raise ValueError("no performed visit in this replication")
    counts = m.groupby("day").size()
    return int(counts[counts == counts.max()].index.min())


def _visits_of(visits: pd.DataFrame, replication: int, model: str, day: int) -> pd.DataFrame:
    v = _rep(visits, replication)
    return v[(v["model"] == model) & (v["day"] == day) & ~v["missed"].astype(bool)]


def caregivers_by_visits(visits: pd.DataFrame, replication: int, model: str, day: int) -> pd.Series:
    """Visits made per caregiver on ``day`` (double visits count for both), most first."""
    v = _visits_of(visits, replication, model, day)
    ids = pd.concat([v["caregiver_id"], v["second_caregiver_id"]])
    ids = ids[ids >= 0]
    counts = ids.value_counts()
    return counts.sort_index().sort_values(ascending=False, kind="stable")


def clients_of(visits: pd.DataFrame, replication: int, model: str, day: int, caregiver: int) -> set[int]:
    """Clients a caregiver visited on ``day``."""
    v = _visits_of(visits, replication, model, day)
    mine = v[(v["caregiver_id"] == caregiver) | (v["second_caregiver_id"] == caregiver)]
    return {int(c) for c in mine["client_id"]}


def worked(shifts_or_activities: pd.DataFrame, replication: int, model: str, day: int) -> list[int]:
    """Caregivers with a shift (or activities) on ``day`` in ``model``."""
    s = _rep(shifts_or_activities, replication)
    return sorted({int(c) for c in s[(s["model"] == model) & (s["day"] == day)]["caregiver_id"]})


def choose_day(
    tables: dict[str, pd.DataFrame],
    models: list[str],
    warmup_days: int,
    horizon_days: int | None,
    replication: int | None = None,
    day: int | None = None,
    caregivers: dict[str, int] | None = None,
    names: dict[int, str] | None = None,
) -> DayChoice:
    """Fill in what the user left open (see the module docstring); check what they gave.

    A replication, day or caregiver the run does not have is a ValueError naming the valid
    range (a caregiver the run does not have: its ids, by ``names`` when given: the unit's ids)."""
    visits = tables["visits"]
    people = tables.get("activities", tables.get("shifts", pd.DataFrame()))
    defaulted: list[str] = []
    _check_asked(visits, people, warmup_days, horizon_days, replication, day, caregivers, names)
    if replication is None:
        replication = int(visits["replication"].min()) if "replication" in visits else 0
        defaulted.append("replication")
    if day is None:
        day = busiest_day(visits, replication, warmup_days, horizon_days)
        defaulted.append("day")
    chosen = dict(caregivers or {})
    for m in models:
        if m in chosen:
            on_duty = worked(people, replication, m, day)
            if chosen[m] not in on_duty:
                who = names.get(chosen[m], chosen[m]) if names else chosen[m]
                raise ValueError(
                    f"caregiver {who} did not work on day {day} in model {m} "
                    f"(replication {replication}); who did: {_listed(on_duty, names)}"
                )
    first = models[0]
    if first not in chosen:
        ranked = caregivers_by_visits(visits, replication, first, day)
        if ranked.empty:
            raise ValueError(f"nobody made a visit on day {day} in model {first}")
        chosen[first] = int(ranked.index[0])
        defaulted.append(f"caregiver:{first}")
    target = clients_of(visits, replication, first, day, chosen[first])
    for m in models[1:]:
        if m in chosen:
            continue
        ranked = caregivers_by_visits(visits, replication, m, day)
        if ranked.empty:
            raise ValueError(f"nobody made a visit on day {day} in model {m}")
        overlap = pd.Series(
            {c: len(target & clients_of(visits, replication, m, day, int(c))) for c in ranked.index}
        )
        score = pd.DataFrame({"overlap": overlap, "visits": ranked})
        best = score.sort_values(["overlap", "visits"], ascending=False, kind="stable").index[0]
        chosen[m] = int(best)
        defaulted.append(f"caregiver:{m}")
    return DayChoice(replication=replication, day=day, caregivers=chosen, defaulted=defaulted)


def _listed(ids: list[int], names: dict[int, str] | None, most: int = 12) -> str:
    """Ids for a message: all of them by number, or by name (sorted, at most ``most``)."""
    if not names:
        return ", ".join(map(str, ids))
    shown = sorted(names.get(i, str(i)) for i in ids)
    return ", ".join(shown[:most]) + (f", … ({len(shown)} in all)" if len(shown) > most else "")


def _span(values: pd.Series) -> str:
    lo, hi = int(values.min()), int(values.max())
    return f"{lo}" if lo == hi else f"{lo} to {hi}"


def _check_asked(
    visits: pd.DataFrame,
    people: pd.DataFrame,
    warmup_days: int,
    horizon_days: int | None,
    replication: int | None,
    day: int | None,
    caregivers: dict[str, int] | None,
    names: dict[int, str] | None = None,
) -> None:
    if visits.empty:
        raise ValueError("this run has no visits to tell")
    if replication is not None and replication not in set(visits["replication"]):
        raise ValueError(
            f"--replication: this run has replications {_span(visits['replication'])}; got {replication}"
        )
    last = warmup_days + horizon_days - 1 if horizon_days is not None else int(visits["day"].max())
    if day is not None and not 0 <= day <= last:
        measured = f"; measured days {warmup_days} to {last}" if warmup_days else ""
        raise ValueError(
            f"--day: this run has days 0 to {last} (0 = the first warm-up day{measured}); got {day}"
        )
    ids = people["caregiver_id"] if "caregiver_id" in people else visits["caregiver_id"]
    ids = ids[ids >= 0]
    for who in set((caregivers or {}).values()):
        if not ids.empty and who not in set(ids):
            known = (
                f"its caregivers include {_listed(sorted(set(ids)), names, 8)}"
                if names
                else (f"its caregiver ids are {_span(ids)}")
            )
            raise ValueError(f"--caregiver: caregiver {who} did not work in this run; {known}")


def busiest_client(visits: pd.DataFrame, replication: int, model: str, day: int) -> int:
    """The client with the most visits on ``day`` (then the most different caregivers)."""
    v = _visits_of(visits, replication, model, day)
    if v.empty:
        raise ValueError(f"no performed visit on day {day} in model {model}")
    score = v.groupby("client_id").agg(visits=("visit_uid", "size"), staff=("caregiver_id", "nunique"))
    return int(score.sort_values(["visits", "staff"], ascending=False, kind="stable").index[0])
