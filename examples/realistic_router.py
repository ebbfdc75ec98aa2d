"""The router that makes the synthetic unit's plan (examples/make_realistic_unit.py): a greedy,
planner-like day plan, the two visits real plans hold partly outside a shift, and a continuity
history. Part of the example generator, not of the tool."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

W_WAIT, W_SEEN, W_AREA, W_NEW = 3, 100, 20, 40  # the router's weights (minutes of travel) below
P_SHORT = 0.36  # chance the planner assumes a shorter trip (waiting absorbs some of them)
Matrices = dict[str, np.ndarray]  # travel mode -> square matrix over location indices


def hm(text: str) -> int:
    """Minutes after midnight of ``HH:MM``."""
    return int(text[:2]) * 60 + int(text[3:])


def clock(minutes: float) -> str:
    """``HH:MM`` of minutes after midnight."""
    return f"{round(minutes) // 60:02d}:{round(minutes) % 60:02d}"


@dataclass
class Visit:
    """A visit of a client's care plan today and, once planned, its start and caregivers."""

    client: int  # index of the client; the client's home is location index client + 1
    kind: str
    dur: int
    optional: bool = False
    earliest: int = 0
    latest: int = 0
    skill: str = ""
    double: bool = False
    offset: int = 0  # the second caregiver joins this many minutes after the start
    second_min: int = 0  # 0: the second caregiver stays the whole visit
    follows: Visit | None = None
    gap: tuple[int, int] = (0, 0)  # minutes from the start of `follows`: at least, at most
    start: int = -1  # the planned start; -1: not planned (yet)
    cg: Carer | None = None
    second: Carer | None = None
    vid: str = ""


@dataclass
class Carer:
    """A caregiver, the rota's shifts and break, and the plan's stops."""

    cid: str
    shifts: list[tuple[int, int]]
    mode: str = "car"
    skills: str = ""
    fte: float = 1.0
    home: int = 0  # location index where each shift starts and ends (0: the office)
    area: int = 0  # the neighbourhood whose clients the planner gives this caregiver first
    bmin: int = 0
    bstyle: str = "none"  # fixed | window | none (then the format's default: the middle third)
    bwin: tuple[int, int] = (0, 0)  # the window the break starts in (fixed: one time)
    blocks: list[tuple[int, int, Visit]] = field(default_factory=list)  # booked as a second caregiver
    stops: list[tuple[int, int, Visit]] = field(default_factory=list)  # the plan: (start, end, visit)
    breaks: list[int] = field(default_factory=list)


def window(v: Visit) -> tuple[int, int]:
    """When the visit may start: its window, within its gaps after the visit it follows."""
    if not v.follows or v.follows.start < 0:
        return v.earliest, v.latest
    return max(v.earliest, v.follows.start + v.gap[0]), min(v.latest, v.follows.start + v.gap[1])


def route(rng: np.random.Generator, visits: list[Visit], cs: list[Carer], tt: Matrices,
          refuse: dict[int, set[str]], near: np.ndarray) -> None:
    """Greedy day plan: the caregiver free earliest takes the open visit that costs least (travel,
    waiting, slack in its window; bonuses for continuity, the caregiver's neighbourhood, clients not
    yet planned, skills, follow-ups). A double visit books the caregiver who can join it with least
    idle time, who plans around it. Breaks and the way back home or to the office are kept."""
    busy: dict[int, list[tuple[int, int]]] = {}
    leads = {id(v.follows) for v in visits if v.follows}
    state = {c.cid: [c.shifts[0][0], c.home, 0, 0, c.bmin == 0] for c in cs}  # t, loc, shift, block, broke

    def partner(c: Carer, v: Visit, a: int) -> Carer | None:
        b, where, best, least = a + (v.second_min or v.dur), v.client + 1, None, math.inf
        for c2 in cs:  # on duty, free by then (with a pending break), not refused, not booked already
            t2, loc2, si2, bi2, broke2 = state[c2.cid]
            if c2 is c or si2 >= len(c2.shifts) or bi2 < len(c2.blocks) or c2.cid in refuse[v.client]:
                continue
            idle = a - t2 - tt[c2.mode][loc2, where] - (c2.bmin if not broke2 and a >= c2.bwin[0] else 0)
            s2, e2 = c2.shifts[si2]
            if (least > idle >= 0 and s2 <= a and b + tt[c2.mode][where, c2.home] <= e2
                    and (broke2 or b <= c2.bwin[0] or a >= c2.bwin[1] + c2.bmin)):
                best, least = c2, idle
        return best

    while live := [c for c in cs if state[c.cid][2] < len(c.shifts)]:
        c = min(live, key=lambda c: (state[c.cid][0], c.cid))
        st = state[c.cid]
        t, loc, si, bi, broke = st
        se, tm, (be, bl) = c.shifts[si][1], tt[c.mode], c.bwin
        blk = c.blocks[bi] if bi < len(c.blocks) and c.blocks[bi][0] < se else None
        pend = not broke and si == 0
        if pend and t >= be:  # the break, where the caregiver is
            c.breaks.append(t)
            st[0], st[4] = t + c.bmin, True
            continue
        cut = int(rng.integers(2, 7)) if loc != c.home and rng.random() < P_SHORT else 0
        best, best_cost, best_start, two = None, math.inf, 0, None
        for v in visits:
            if (v.cg or (v.skill and v.skill not in c.skills) or c.cid in refuse[v.client]
                    or (v.follows and v.follows.start < 0)):
                continue
            opens, closes = window(v)
            trip = tm[loc, v.client + 1]
            start = max(math.ceil(t + max(trip - cut, 1.0 if cut else trip)), opens)
            end = start + v.dur
            if (start > closes or end + tm[v.client + 1, c.home] > se or (pend and end > bl)
                    or (blk and end + tm[v.client + 1, blk[2].client + 1] + c.bmin * (pend and end >= be)
                        > blk[0])
                    or any(start < y and x < end for x, y in busy.get(v.client, []))):
                continue
            slack = 240 if v.optional else min(closes - start, 240)  # optional visits are never urgent
            cost = (trip + W_WAIT * (start - t - trip) + 0.2 * slack
                    - W_SEEN * any(s[2].client == v.client for s in c.stops) * (start - t - trip < 15)
                    - W_AREA * (near[v.client] == c.area)
                    - W_NEW * (v.client not in busy) - 40 * (bool(v.follows) or id(v) in leads)
                    - 80 * v.double - 15 * bool(v.skill))
            if cost < best_cost and (not v.double or (mate := partner(c, v, start + v.offset))):
                best, best_cost, best_start, two = v, cost, start, mate if v.double else None
        if best:
            best.cg, best.start, best.second = c, best_start, two
            c.stops.append((best_start, best_start + best.dur, best))
            busy.setdefault(best.client, []).append((best_start, best_start + best.dur))
            st[0], st[1] = best_start + best.dur, best.client + 1
            if two:
                a2 = best_start + best.offset
                two.blocks.append((a2, a2 + (best.second_min or best.dur), best))
        elif pend and (not blk or be <= blk[0]):
            st[0] = max(t, be)
        elif blk:
            c.stops.append(blk)
            st[0], st[1], st[3] = blk[1], blk[2].client + 1, bi + 1
        else:  # the route ends; a split shift starts again from home
            st[2] += 1
            st[:2] = [c.shifts[si + 1][0], c.home] if si + 1 < len(c.shifts) else [t, c.home]
    visits[:] = [v for v in visits if v.cg]  # what nobody had room for is not in today's plan


def late_visits(rng: np.random.Generator, visits: list[Visit], cs: list[Carer], tt: Matrices,
                levels: list[str], refuse: dict[int, set[str]]) -> None:
    """Add the two visits a real plan has partly outside its caregiver's shift: a late check that
    ends 5-15 minutes after the shift (e.g. 22:15-22:35 on a shift ending 22:30), two shift ends."""
    ends: set[int] = set()
    for c in sorted(cs, key=lambda c: (-c.shifts[-1][1], c.cid)):
        end, (_, last_end, lv) = c.shifts[-1][1], max(c.stops, key=lambda s: s[1])
        for k in rng.permutation(len(levels)) if end not in ends else []:
            over, dur = int(rng.integers(5, 16)), 30 if levels[k] == "very_high" else 20
            start = end + over - dur
            if (levels[k] in ("high", "very_high") and c.cid not in refuse[k]
                    and last_end + tt[c.mode][lv.client + 1, k + 1] <= start
                    and not any(v.client == k and start < v.start + v.dur + 30 and v.start < start + dur + 30
                                for v in visits)):
                e = start // 15 * 15 - 30
                visits.append(v := Visit(k, "sen", dur, earliest=e, latest=e + 60, start=start, cg=c))
                c.stops.append((start, start + dur, v))
                ends.add(end)
                break
        if len(ends) == 2:
            return
    raise AssertionError("no room for the two late visits")


def continuity(rng: np.random.Generator, visits: list[Visit], cs: list[Carer],
               refuse: dict[int, set[str]], target: float = 0.64) -> list[tuple[int, str, int | None]]:
    """Each client's 1-3 usual caregivers: today's most frequent ones, some swapped for others (the
    history is not today) until about ``target`` of today's caregiver-visits are by a usual one."""
    n: dict[int, dict[str, int]] = {}
    for v in visits:
        for c in (v.cg, v.second):
            if c:
                n.setdefault(v.client, {})[c.cid] = n.get(v.client, {}).get(c.cid, 0) + 1
    usual = {k: sorted(n[k], key=lambda cid: (-n[k][cid], cid))[: int(rng.integers(1, 4))] for k in sorted(n)}
    total, hits = sum(sum(d.values()) for d in n.values()), sum(n[k][c] for k in usual for c in usual[k])
    slots = [(k, j) for k in usual for j in range(len(usual[k]))]
    for k, j in (slots[i] for i in rng.permutation(len(slots))):
        if hits / total > target and (hits - n[k][usual[k][j]]) / total >= target - 0.005:
            hits -= n[k][usual[k][j]]
            usual[k][j] = str(rng.choice([c.cid for c in cs if c.cid not in {*n[k], *refuse[k], *usual[k]}]))
    return [(k, cid, None if rng.random() < 0.15 else n[k].get(cid, 0) * int(rng.integers(4, 10))
             or int(rng.integers(3, 15))) for k in usual for cid in usual[k]]
