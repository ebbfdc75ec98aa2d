"""Generate a SYNTHETIC home-care unit whose one planned weekday has the shape of a real one.

    python examples/make_realistic_unit.py --out examples/realistic_unit

Everything (town, clients, care plans, rota, plan) is invented and drawn from one fixed seed, so
two runs write the same bytes, in the format of docs/data-format.md. The plan comes from a small
greedy router, not an optimiser: like a planner's hand-made plan it is dense, keeps clients with
the caregiver who already saw them, and now and then assumes a shorter trip than the matrix. The
figures printed at the end are defined as in sim/data/audit.py (the plan on paper).
"""

from __future__ import annotations

import argparse
import csv
import math
from itertools import pairwise
from pathlib import Path

import numpy as np
from realistic_router import Carer, Matrices, Visit, clock, continuity, hm, late_visits, route, window

SEED = 8
DATE = "2026-03-11"  # a Wednesday
NAME = "Exempelområdet Norr (syntetisk)"
LAT0, LON0 = 62.40, 17.30  # the invented town's south-west corner
SPEED = {"walk": 5 / 3.6, "bike": 15 / 3.6, "car": 25 / 3.6}  # m/s, as configs/geography/urban.yaml
CIRCUITY = 1.3  # road distance over straight-line distance (also what the reader uses for coordinates)
SPREAD = (450, 750)  # metres: how loose the town's 7 neighbourhoods are (sets the travel share)
# (start, end, how many) of single shifts; plus one split shift
SHIFTS = [("07:30", "16:00", 8), ("16:00", "22:30", 9), ("07:00", "15:30", 2), ("07:30", "14:45", 2),
          ("08:00", "16:30", 2), ("09:00", "15:00", 1), ("10:00", "18:30", 1), ("11:00", "19:30", 1),
          ("13:00", "14:00", 1), ("13:00", "21:30", 1), ("14:00", "22:30", 2), ("07:30", "22:30", 1)]
SPLIT = [("07:30", "12:00"), ("17:00", "21:00")]
# The visits of a care plan: window for the start, skill, and for each care level the probability a
# client has the visit today and the granted minutes drawn from; * marks optional visits with wide
# windows (the planner fits them where routes have room, else they are not in today's plan).
CARE = """
kind           window      skill      very_high  high       medium     low        tasks
morgon         07:30-10:00 -          1:45/60/90 .6:45/60   .3:30/45   -          Morgonhjälp, hygien, frukost
frukost        07:00-09:30 -          -          -          .2:20/30   .2:20/30   Frukost och tillsyn
lakemedel      08:00-11:00 delegation .4:10      .25:10     .15:10     .15:10     Läkemedel (delegerad)
lunch          11:00-13:00 -          1:30       .9:30      .4:30      -          Lunch: värma och servera
insulin        11:00-12:30 delegation -          .25:10     -          -          Insulin (delegerad)
tillsyn        13:00-16:00 -          .5:15      .3:15      .15:15     .2:15      Tillsyn
middag         16:00-18:00 -          1:30       .7:30      .35:30     -          Middag
kvallsmedicin  17:00-20:00 delegation .3:10      -          -          -          Kvällsmedicin (delegerad)
kvallsmal      17:30-19:30 -          -          .45:30     .5:20/30   .25:20/30  Kvällsmål och tillsyn
kvall          19:00-22:00 -          1:45/60    .75:30/45  .4:30/45   .2:30      Kvällshjälp, nattning
sen            21:00-22:30 -          .6:15      .5:15/20   .3:15      .1:15      Sen tillsyn
dusch*         08:00-14:00 -          .2:45/60   .2:45/60   .2:45/60   .2:45/60   Dusch
stad*          08:00-15:30 -          .15:60/90  .15:60/90  .15:60/90  .15:60/90  Städning
inkop*         09:00-16:00 -          .2:45/60   .2:45/60   .2:45/60   .2:45/60   Inköp
tvatt*         09:00-15:00 -          .08:45/60  .08:45/60  .08:45/60  .08:45/60  Tvätt
promenad*      10:00-16:00 -          .12:45/60  .12:45/60  .12:45/60  .12:45/60  Promenad, social samvaro
fika*          14:00-16:30 -          .5:15/30   .5:15/30   .5:15/30   .5:15/30   Eftermiddagsfika
samvaro*       17:00-19:00 -          .25:30     .25:30     .25:30     .25:30     Social samvaro
"""
ROWS = [row.split(maxsplit=7) for row in CARE.strip().splitlines()[1:]]
TASKS = {r[0].rstrip("*"): r[7] for r in ROWS}
LEVELS = {"very_high": 12, "high": 24, "medium": 30, "low": 24}  # the 90 clients with visits today


def carers(rng: np.random.Generator) -> list[Carer]:
    """32 caregivers: the rota's shifts, breaks, modes, neighbourhoods and skills."""
    shifts = [[(hm(a), hm(b))] for a, b, n in SHIFTS for _ in range(n)] + [[(hm(a), hm(b)) for a, b in SPLIT]]
    ids = [f"P-{n:04d}" for n in rng.choice(np.arange(100, 1000), len(shifts), replace=False)]
    modes = rng.permutation(["car"] * 17 + ["bike"] * 8 + ["walk"] * 7)
    deleg = set(rng.permutation(len(shifts))[:19].tolist())  # ~60 % hold delegation
    out = [Carer(cid, sh, str(modes[i]), "delegation" if i in deleg else "",
                 float(rng.choice([0.75, 0.8, 0.9, 1.0], p=[.3, .25, .15, .3])))
           for i, (cid, sh) in enumerate(zip(ids, shifts, strict=True))]
    for day in (True, False):  # each neighbourhood gets day and evening caregivers, the big ones more
        group = [c for c in out if (c.shifts[0][0] < hm("12:00")) == day]
        for i, j in enumerate(rng.permutation(len(group))):
            group[j].area = i % 7
    styles = iter(["fixed", "window", "none"] * 11)
    for c in (out[i] for i in rng.permutation(len(out))):
        (s, e), n = c.shifts[0], c.shifts[0][1] - c.shifts[0][0]
        if len(c.shifts) > 1 or n <= 60:
            continue  # the split shift's gap is its break; the one-hour lunch helper has none
        c.bmin = 60 if n >= 720 else 20 if s >= hm("14:00") or n < 480 else 30
        lo, hi = s + n / 3, s + 2 * n / 3 - c.bmin
        c.bstyle, c.bwin = next(styles), (round(lo), round(hi))
        if c.bstyle == "fixed":
            fit = [b for b in (660, 690, 720, 735, 750, 1050, 1080, 1110) if lo <= b <= hi]  # 11:00 ... 18:30
            c.bwin = (b := int(rng.choice(fit or [round((lo + hi) / 30) * 15])), b)
        elif c.bstyle == "window":
            mid = round((s + e) / 30) * 15
            c.bwin = (mid - 45, mid + 45 - c.bmin)
    return out


def geography(rng: np.random.Generator,
              areas: list[int]) -> tuple[np.ndarray, np.ndarray, Matrices, Matrices]:
    """Points (m) in a 4 x 4 km town: office, 99 client homes, walkers' and cyclists' homes (the last
    two only as coordinates); each client's neighbourhood; travel seconds (road distance at the mode's
    speed plus parking, or entry and stairs on foot, ±5 % each way) between the located points; and
    minutes for planning, with the coordinate homes added as sim/data/homes.py adds them."""
    centres, spread = rng.uniform(500, 3500, (7, 2)), rng.uniform(*SPREAD, 7)
    near = np.r_[rng.choice(7, 99, p=[.2, .17, .15, .14, .12, .12, .1]), areas]
    pts = centres[near] + rng.normal(0, 1, (len(near), 2)) * spread[near, None]
    xy = np.clip(np.vstack([[2000, 1800], pts]), 50, 3950)
    d, n = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)), len(xy) - 2
    door, secs, mins = rng.uniform(60, 120, n), {}, {}
    door = (door[:, None] + door[None, :]) / 2  # on foot or by bike: 1-2 min, the same both ways
    for mode in ("car", "bike", "walk"):
        t = d[:n, :n] * CIRCUITY / SPEED[mode] + (180.0 if mode == "car" else door)  # 3 min to park
        t *= rng.uniform(0.95, 1.05, (n, n))
        np.fill_diagonal(t, 0)
        secs[mode] = np.rint(t).astype(int)
        ext = np.zeros((n + 2, n + 2))
        ext[:n, :n] = secs[mode]
        for h in (n, n + 1):
            k = int(np.argmin(d[h, :n]))
            leg = d[h, k] * CIRCUITY / SPEED[mode]
            ext[h, :], ext[:, h], ext[h, h] = ext[k, :] + leg, ext[:, k] + leg, 0
        mins[mode] = ext / 60
    return xy, near[:99], secs, mins


def demand(rng: np.random.Generator, levels: list[str]) -> list[Visit]:
    """The visits the clients need today, from the CARE table; marks the double visits (a lift at
    morning and evening care of 8 very_high clients: in 10 the second caregiver comes only for the
    transfer) and three medications that must come 60-120 min after morning care."""
    out = []
    for k, level in enumerate(levels):
        mine = []
        for kind, win, skill, *cells, _ in ROWS:
            p, _, durs = cells[list(LEVELS).index(level)].partition(":")
            if p != "-" and rng.random() < float(p):
                mine.append(Visit(k, kind.rstrip("*"), int(rng.choice(durs.split("/"))), kind.endswith("*"),
                                  hm(win[:5]), hm(win[6:]), skill.strip("-")))
        if all(v.optional for v in mine):  # each of the 90 has some regular help today
            mine.append(Visit(k, "tillsyn", 15, False, hm("13:00"), hm("16:00")))
        out += mine
    vh = [k for k, lvl in enumerate(levels) if lvl == "very_high"]
    lifts = {(k, "morgon") for k in vh[:8]} | {(k, "kvall") for k in vh[:7]}
    dbl = [v for v in out if (v.client, v.kind) in lifts]
    late = set(rng.permutation(len(dbl))[:10].tolist())
    for i, v in enumerate(dbl):
        v.double, v.dur = True, min(v.dur, 60)
        if i in late:
            v.offset, v.second_min = int(rng.choice([10, 15, 20])), int(rng.choice([10, 15, 20]))
    pairs = 0
    for k in [*vh[8:], *(k for k, lvl in enumerate(levels) if lvl == "high")]:
        mine_by = {v.kind: v for v in out if v.client == k}
        if pairs < 3 and "morgon" in mine_by and "lakemedel" in mine_by:
            med, pairs = mine_by["lakemedel"], pairs + 1
            med.follows, med.gap, med.earliest, med.latest = mine_by["morgon"], (60, 120), 510, 720  # -12:00
    return out


def figures(visits: list[Visit], cs: list[Carer], tt: Matrices, refuse: dict[int, set[str]],
            usual: set[tuple[int, str]]) -> dict[str, float]:
    """The plan's own figures, after checking the rules a plan keeps (windows, skills, refusals,
    follows gaps, nobody in two places)."""
    for v in visits:
        opens, closes = window(v)
        assert v.cg is not None and v.second is not v.cg and opens <= v.start <= closes
        assert v.skill in ("", *v.cg.skills.split("|")) and v.cg.cid not in refuse[v.client]
        assert not (v.second and v.second.cid in refuse[v.client])
    f = dict.fromkeys(["travel", "transitions", "short", "outside"], 0.0)
    for c in cs:
        assert c.bmin == 0 or (len(c.breaks) == 1 and c.bwin[0] <= c.breaks[0] <= c.bwin[1]), c.cid
        for i, (s, e) in enumerate(c.shifts):  # a stop belongs to the shift nearest in time
            stops = sorted(x for x in c.stops if i == min(range(len(c.shifts)), key=lambda j: max(
                c.shifts[j][0] - x[0], x[0] - c.shifts[j][1], 0)))
            way = [c.home] + [x[2].client + 1 for x in stops] + [c.home]
            f["travel"] += sum(tt[c.mode][a, b] for a, b in pairwise(way))
            for (_, e1, v1), (s2, _, v2) in pairwise(stops):  # as sim/data/audit.py: breaks not counted
                assert s2 - e1 - c.bmin * any(e1 <= b < s2 for b in c.breaks) >= 0, f"{c.cid} in two places"
                f["transitions"] += 1
                f["short"] += s2 - e1 < tt[c.mode][v1.client + 1, v2.client + 1]
            f["outside"] += sum(not (s <= a and b <= e) for a, b, _ in stops)
    paid = sum(e - s for c in cs for s, e in c.shifts)
    cv = [(v.client, c.cid) for v in visits for c in (v.cg, v.second) if c]
    many = {k for k in {k for k, _ in cv} if sum(v.client == k for v in visits) >= 2}  # as the audit
    return f | {
        "care": (sum(v.dur for v in visits) + sum(v.second_min or v.dur for v in visits if v.double)) / paid,
        "travel": f["travel"] / paid, "breaks": sum(c.bmin for c in cs) / paid, "paid_h": paid / 60,
        "per_carer": len(cv) / len(cs), "per_client": len({x for x in cv if x[0] in many}) / len(many),
        "usual": sum(x in usual for x in cv) / len(cv), "pairs": len({sh for c in cs for sh in c.shifts}),
        "visits": len(visits), "doubles": sum(v.double for v in visits),
        "late_second": sum(v.offset > 0 for v in visits), "follows": sum(bool(v.follows) for v in visits),
        "median_min": float(np.median([v.dur for v in visits])),
        "skilled": sum(bool(v.skill) for v in visits)}


def table(path: Path, header: str, rows: list[list[object]]) -> None:
    """A comma CSV with a header line ("\\n" line ends, so the bytes are the same everywhere)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        cells = [["" if x is None else x for x in r] for r in rows]
        csv.writer(fh, lineterminator="\n").writerows([header.split(","), *cells])


def write(out: Path, cs: list[Carer], visits: list[Visit], t: Matrices, ids: list[str], latlon: np.ndarray,
          levels: list[str], clients: list[str], refuse: dict[int, set[str]],
          hist: list[tuple[int, str, int | None]]) -> None:
    """The unit's folder: unit.yaml and the tables (the README comes with the figures)."""
    out.mkdir(parents=True, exist_ok=True)
    meta = f"name: {NAME}\noffice: office\nstart_date: '{DATE}'\ntravel_unit: seconds\n"
    (out / "unit.yaml").write_text(meta, encoding="utf-8")
    lifts = {v.client for v in visits if v.double}
    notes = [("Taklyft, två vid förflyttning" if k in lifts else "Önskar inte vissa personal" if refuse[k]
              else "Inga insatser denna dag" if k >= 90 else None) for k in range(99)]
    table(out / "clients.csv", "client_id,location_id,care_level,avoid_caregivers,notes",
          sorted([clients[k], ids[k + 1], levels[k], "|".join(sorted(refuse[k])),
                  notes[k]] for k in range(99)))
    table(out / "visits.csv", "visit_id,client_id,dates,earliest,latest,planned_start,granted_min,"
          "double_staffed,second_caregiver,second_offset_min,second_min,skill,planned_caregiver,follows,"
          "follows_min_gap,follows_max_gap,tasks",
          [[v.vid, clients[v.client], DATE, clock(v.earliest), clock(v.latest), clock(v.start), v.dur,
            str(v.double).lower(), v.second and v.second.cid, v.offset or None, v.second_min or None, v.skill,
            v.cg and v.cg.cid, *((v.follows.vid, *v.gap) if v.follows else (None,) * 3), TASKS[v.kind]]
           for v in visits])

    def home(c: Carer) -> list[object]:  # starts_at, home_location_id, home_lat, home_lon
        if c.mode == "car":
            return ["office", None, None, None]
        if c.home < len(ids):
            return ["home", ids[c.home], None, None]
        return ["home", None, *latlon[c.home].round(6)]

    rows = [[c.cid, DATE, clock(s), clock(e), c.bmin, clock(c.bwin[0]) if c.bstyle == "fixed" else None,
             *([clock(c.bwin[0]), clock(c.bwin[1])] if c.bstyle == "window" else [None, None]), c.mode,
             c.skills, c.fte, *home(c)] for c in cs for s, e in c.shifts]
    table(out / "caregivers.csv", "caregiver_id,dates,shift_start,shift_end,break_min,break_start,"
          "break_earliest,break_latest,travel_mode,skills,contract_fte,starts_at,home_location_id,home_lat,home_lon",
          sorted(rows, key=lambda r: (r[2], r[3], r[0])))
    for mode, sec in t.items():
        table(out / f"travel_{mode}.csv", ",".join(["location_id", *ids]),
              [[i, *row] for i, row in zip(ids, sec.tolist(), strict=True)])
    table(out / "continuity.csv", "client_id,caregiver_id,visits", sorted([clients[k], *r] for k, *r in hist))
    table(out / "locations.csv", "location_id,lat,lon", [[i, *latlon[j].round(6)] for j, i in enumerate(ids)])


def main() -> None:
    """Draw the unit, plan its day, check the plan, write the folder and print the plan's figures."""
    ap = argparse.ArgumentParser(description="Write a synthetic home-care unit (docs/data-format.md).")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "realistic_unit")
    out, rng = ap.parse_args().out, np.random.default_rng(SEED)
    cs = carers(rng)
    walkers = [c for c in cs if c.mode != "car"]
    xy, near, t, tt = geography(rng, [c.area for c in walkers])
    for j, c in enumerate(walkers):
        c.home = 100 + j  # the last two (beyond the matrices) are given as coordinates
    ids = ["office", *(f"A-{n}" for n in rng.choice(np.arange(20000, 60000), 99, replace=False)),
           *(f"H-{c.cid}" for c in walkers[:-2])]
    latlon = np.c_[LAT0 + xy[:, 1] / 111_320, LON0 + xy[:, 0] / (111_320 * math.cos(math.radians(LAT0)))]
    levels = [lvl for lvl, n in LEVELS.items() for _ in range(n)] + ["low"] * 6 + ["medium"] * 3
    clients = [f"K-{n}" for n in rng.choice(np.arange(10000, 20000), 99, replace=False)]
    visits = demand(rng, levels[:90])
    refuse: dict[int, set[str]] = {k: set() for k in range(99)}
    for k in rng.choice(90, 6, replace=False):
        refuse[int(k)] = set(rng.choice([c.cid for c in cs], int(rng.integers(1, 3)), replace=False).tolist())
    route(rng, visits, cs, tt, refuse, near)
    late_visits(rng, visits, cs, tt, levels, refuse)
    hist = continuity(rng, visits, cs, refuse)
    visits.sort(key=lambda v: (clients[v.client], v.start, v.kind))
    numbers = np.sort(rng.choice(np.arange(400000, 700000), len(visits), replace=False))
    for v, n in zip(visits, numbers, strict=True):
        v.vid = f"B-{n}"
    f = figures(visits, cs, tt, refuse, {(k, cid) for k, cid, _ in hist})
    assert (f["outside"], f["doubles"], len({v.client for v in visits})) == (2, 15, 90), f
    summary = (
        f"- 99 clients, 90 with visits on {DATE} (a Wednesday): {f['visits']} visits, median granted "
        f"{f['median_min']:.0f} min\n"
        f"- {f['doubles']} double-staffed visits ({f['late_second']} with the second caregiver joining later "
        f"for a shorter part); {f['follows']} visits that must follow an earlier one of the client\n"
        f"- 32 caregivers (17 driving from the office, 15 walking or cycling from home), "
        f"{f['pairs']} distinct shift start/end pairs, {f['paid_h']:.1f} paid hours\n"
        f"- the plan on paper, shares of paid time: care {f['care']:.1%}, travel {f['travel']:.1%} (matrix "
        f"times), breaks {f['breaks']:.1%}, the rest waiting\n"
        f"- 6 clients refuse 1-2 caregivers; {f['skilled']} visits need delegation, held by 19 caregivers\n"
        f"- {f['per_carer']:.1f} caregiver-visits per caregiver, {f['per_client']:.2f} distinct "
        f"caregivers per client with two or more visits, {f['usual']:.0%} of caregiver-visits by a usual "
        f"caregiver (continuity.csv)\n"
        f"- {f['transitions']:.0f} transitions between visits, {f['short']:.0f} "
        f"({f['short'] / f['transitions']:.0%}) leaving less time than the travel matrix's\n"
        f"- {f['outside']:.0f} visits planned partly outside their caregiver's shift\n")
    write(out, cs, visits, t, ids, latlon, levels, clients, refuse, hist)
    (out / "README.md").write_text(README.format(summary=summary), encoding="utf-8")
    print(summary, end="")


README = """# A synthetic home-care unit — invented, not real data

Every client, caregiver, place and time here is made up: the unit only mirrors the *shape* of a real
Swedish unit's planned weekday, in the format of docs/data-format.md, with its own plan
(`planned_start`, `planned_caregiver`, `second_caregiver`) made by a small greedy router. Generated,
deterministically (a fixed seed), by

    python examples/make_realistic_unit.py --out examples/realistic_unit

Travel times are in seconds across a 4 x 4 km town: road distance (1.3 x the straight line) at 5/15/25
km/h on foot, by bike and by car, plus 1-2 min at the door or 3 min to park, ±5 % each way. Two
caregivers' homes are given as coordinates (`locations.csv`).

## Shape, as generated

{summary}
Run it with `python -m sim scenario=from_data data.dir=examples/realistic_unit`.
"""

if __name__ == "__main__":
    main()
