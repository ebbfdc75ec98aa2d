"""Who may take a visit: everyone on duty when it can be made (issue 24).

A unit's staff work their own hours — staggered starts, split shifts, nights — so no planner
groups them by shift type. :func:`duty_groups` splits a day into the parts that can be planned
apart: crew members linked by a visit open to both are planned together (staggered shifts form
one part), while a day and an evening shift that share no visit form two (small solves).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.engine.state import ShiftRun, Visit
from sim.planning.projection import off_duty_matrix

EPS = 1e-6


def duty_groups(visits: Sequence[Visit], crew: Sequence[ShiftRun]) -> list[tuple[list[int], list[Visit]]]:
    """The day split into parts planned apart: crew members (indices) and the visits open to them.

    A visit is open to everyone on duty when it can be made (their work starts by the window's
    close and their shift ends no earlier than the visit could: :mod:`sim.planning.projection`); a
    visit nobody's shift can hold is open to those who miss it by the fewest minutes (they work
    overtime for it).
    Crew members linked by a visit open to both are planned together, so staggered shifts form
    one part and a day and an evening shift that share no visit form two (small solves). Crew
    members no visit is open to form a part of their own. Parts come in the order of their first
    crew member.
    """
    if not crew:
        return [([], list(visits))] if visits else []
    parent = list(range(len(crew)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    miss = off_duty_matrix(crew, visits)  # (visits, crew): minutes a shift misses a visit by
    least = miss.min(axis=1, keepdims=True) if len(visits) else miss
    # open to whoever can take it (0), else to those who miss it by the fewest minutes
    is_open = miss <= np.where(least > EPS, least, 0.0) + EPS
    open_to: list[list[int]] = []
    for row in is_open:
        idx = np.flatnonzero(row).tolist()
        open_to.append(idx)
        for i in idx[1:]:
            parent[root(i)] = root(idx[0])
    parts: dict[int, tuple[list[int], list[Visit]]] = {}
    for i in range(len(crew)):
        parts.setdefault(root(i), ([], []))[0].append(i)
    for v, idx in zip(visits, open_to, strict=True):
        if idx:
            parts[root(idx[0])][1].append(v)
    return list(parts.values())
