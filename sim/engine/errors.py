"""What stops a run: an invariant of the simulated world broken while it runs.

The engine checks its invariants as it goes (a person in one place at a time, a shift that
does not run on for many hours past its end, need = delivered + unmet). A broken one is a
bug or, far more often, an input the model cannot mean (a plan one person cannot hold);
either way the run stops with one line saying which and where, and nothing is written.
"""

from __future__ import annotations


class InvariantError(RuntimeError):
    """An invariant broken while a run goes; the message is one line naming who, when and the
    likely cause."""


def clock(minute: float) -> str:
    """A simulation minute as ``day d HH:MM`` (the day counted from the first warm-up day)."""
    m = int(minute)
    day, m = divmod(m, 1440)
    return f"day {day} {m // 60:02d}:{m % 60:02d}"
