"""Planning travel matrices as nested Python lists, for the planners' scalar inner loops.

Reading one entry of a list of lists takes a fraction of the time of indexing a NumPy
array, and arithmetic on the Python floats it returns avoids NumPy scalars; the values
are the same doubles, so plans built from either are identical.
"""

from __future__ import annotations

import numpy as np

_CACHE: dict[int, tuple[np.ndarray, list[list[list[float]]]]] = {}
_MAX_ENTRIES = 256


def travel_rows(travel_min: np.ndarray) -> list[list[list[float]]]:
    """``travel_min`` (mode, from, to) as nested lists, converted once per matrix."""
    hit = _CACHE.get(id(travel_min))
    if hit is not None and hit[0] is travel_min:
        return hit[1]
    if len(_CACHE) >= _MAX_ENTRIES:
        _CACHE.clear()
    rows: list[list[list[float]]] = travel_min.tolist()
    _CACHE[id(travel_min)] = (travel_min, rows)  # the array is kept, so its id is not reused
    return rows
