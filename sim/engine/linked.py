"""Linked visits of a unit's plan (``visits.follows``): a visit that must start a while after
another visit of the same client on the same day (medication after breakfast)."""

from __future__ import annotations

import math

from sim.engine.state import Visit


def link_followers(followers: list[Visit], visits: list[Visit]) -> None:
    """Link each visit of ``followers`` to the visit of the same client and day it follows, and
    narrow its window to the gaps after that visit's window, so planners put it after; the
    engine keeps the gaps when the visits are made (sim.engine.caregiver)."""
    if not followers:
        return
    by_ref = {(v.client.id, v.plan.ref): v for v in visits}
    for v in followers:
        lead = by_ref.get((v.client.id, v.plan.follows))
        if lead is None:  # the earlier visit is not made today (hospital, another pattern)
            continue
        v.leader = lead
        opens = lead.earliest + int(v.plan.follows_min_gap)
        if opens > v.earliest:
            v.earliest = opens
        if math.isfinite(v.plan.follows_max_gap):
            closes = lead.latest + int(v.plan.follows_max_gap)
            v.latest = v.earliest if closes < v.earliest else min(v.latest, closes)
        v.not_before = float(v.earliest)
