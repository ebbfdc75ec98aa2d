"""Who is who in a teaching view: the names it prints and the ids a user may give.

A generated run names people and clients by the simulation's numbers (``Caregiver 12``,
``Substitute 25``, ``Client 7``). A unit's own run (``data.dir``) names them by the unit's
ids, from the event tables' ``caregiver`` and ``client`` columns (``Caregiver P-0412``,
``Substitute 3`` for ``substitute-3``, ``Client K-10234``). Either kind of run accepts a
person or client by that name or by the simulation's number (:func:`resolve`).
"""

from __future__ import annotations

import pandas as pd

from sim.lang import tr

SUBSTITUTE = "substitute-"  # the name of an hourly substitute: substitute-k
SHOWN_IDS = 8  # ids listed when a given id is unknown


def _keep(df: pd.DataFrame, replication: int | None, model: str | None) -> pd.DataFrame:
    if df.empty:
        return df
    keep = pd.Series(True, index=df.index)
    if replication is not None and "replication" in df:
        keep &= df["replication"] == replication
    if model is not None and "model" in df:
        keep &= df["model"] == model
    return df[keep]


def name_map(
    tables: dict[str, pd.DataFrame],
    what: str,
    replication: int | None = None,
    model: str | None = None,
) -> dict[int, str]:
    """Internal id -> the analyst's id of every person (``what="caregiver"``) or client
    (``what="client"``) in the tables of ``replication`` and ``model`` (all when None)."""
    sources = (
        [("shifts", "caregiver_id", "caregiver"), ("activities", "caregiver_id", "caregiver")]
        if what == "caregiver"
        else [("visits", "client_id", "client"), ("alarms", "client_id", "client")]
    )
    out: dict[int, str] = {}
    for table, id_col, name_col in sources:
        df = tables.get(table, pd.DataFrame())
        if df.empty or name_col not in df or id_col not in df:
            continue
        pairs = _keep(df, replication, model)[[id_col, name_col]].drop_duplicates()
        for i, name in zip(pairs[id_col], pairs[name_col], strict=True):
            if int(i) >= 0 and str(name):
                out.setdefault(int(i), str(name))
    return out


def resolve(given: int | str, names: dict[int, str], what: str) -> int:
    """The internal id of ``given``: one of ``names`` (the analyst's ids) or an integer id.

    An id that is neither is a ValueError of one line naming some of the run's ids."""
    if isinstance(given, int):
        return given
    text = str(given).strip()
    by_name = {n: i for i, n in names.items()}
    if text in by_name:
        return by_name[text]
    try:
        return int(text)
    except ValueError:
        pass
    known = sorted(set(names.values()))
    shown = ", ".join(known[:SHOWN_IDS]) + (f", … ({len(known)} in all)" if len(known) > SHOWN_IDS else "")
    raise ValueError(f"--{what}: no {what} {text!r} in this run; its {what}s include {shown or 'none'}")


class Namer:
    """Names of people and clients as a teaching view prints them.

    ``people`` and ``clients`` (from :func:`name_map`) name them by the unit's ids; without
    them they are named by the simulation's numbers."""

    def __init__(
        self,
        shifts: pd.DataFrame,
        lang: str,
        replication: int | None = None,
        people: dict[int, str] | None = None,
        clients: dict[int, str] | None = None,
    ) -> None:
        self.lang = lang
        if replication is not None and "replication" in shifts:
            shifts = shifts[shifts["replication"] == replication]
        subs = shifts[shifts["kind"] == "substitute"] if not shifts.empty else shifts
        self.substitutes = {int(c) for c in subs.get("caregiver_id", [])}
        self.people = people or {}
        self.clients = clients or {}

    def person_id(self, cid: int) -> str:
        """A person's id as the user may type it: the unit's id, else the number."""
        return self.people.get(int(cid), str(int(cid)))

    def person(self, cid: int) -> str:
        """A caregiver (or substitute) by id."""
        name = self.people.get(int(cid))
        if int(cid) in self.substitutes:
            shown = name.removeprefix(SUBSTITUTE) if name else int(cid)
            return tr(self.lang, "who.substitute", id=shown)
        return tr(self.lang, "who.caregiver", id=name or int(cid))

    def client_id(self, cid: int) -> str:
        """A client's id as the user may type it: the unit's id, else the number."""
        return self.clients.get(int(cid), str(int(cid)))

    def client(self, cid: int) -> str:
        """A client by id."""
        return tr(self.lang, "who.client", id=self.client_id(cid))


def namer_for(
    tables: dict[str, pd.DataFrame],
    lang: str,
    replication: int,
    model: str | None,
    named: bool,
) -> Namer:
    """The Namer of one replication and model: by the unit's ids when ``named``."""
    shifts = tables.get("shifts", pd.DataFrame())
    if not named:
        return Namer(shifts, lang, replication)
    return Namer(
        shifts,
        lang,
        replication,
        people=name_map(tables, "caregiver", replication, model),
        clients=name_map(tables, "client", replication, model),
    )
