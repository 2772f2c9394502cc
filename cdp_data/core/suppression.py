"""Small-number suppression: counts under 5 never leave the app.

A suppressed count is missing (``None``), never zero; a rate or proportion
built on a suppressed count is also withheld. Sources publish suppressed values
as ``*``, ``c``, ``x`` or ``:``.
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd

THRESHOLD = 5
SUPPRESSION_MARKERS = {"*", "c", "x", ":", "~", "..", "[c]", "[x]", "[low]"}


def is_small(count) -> bool:
    """The rule: a known count under :data:`THRESHOLD` (0 included: "under 5") is never shown.

    A missing count (None, NaN) is not small: it is already missing."""
    if count is None:
        return False
    try:
        number = float(count)
    except (TypeError, ValueError):
        return False
    return number == number and number < THRESHOLD


def is_suppressed_marker(value) -> bool:
    return isinstance(value, str) and value.strip().lower() in SUPPRESSION_MARKERS


def suppress_counts(frame: pd.DataFrame, count_columns: Iterable[str], dependent_columns: Iterable[str] = ()
                    ) -> pd.DataFrame:
    """Blank counts under :data:`THRESHOLD` (and values derived from them) in a copy of ``frame``.

    Adds a boolean column ``suppressed`` marking rows where anything was blanked.
    """
    out = frame.copy()
    mask = pd.Series(False, index=out.index)
    for column in count_columns:
        if column in out:
            numeric = pd.to_numeric(out[column], errors="coerce")
            small = numeric.notna() & (numeric < THRESHOLD)
            mask |= small
            out[column] = numeric.astype("Float64").mask(small)
    for column in dependent_columns:
        if column in out:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("Float64").mask(mask)
    out["suppressed"] = mask
    return out
