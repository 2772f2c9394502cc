"""Small numeric helpers shared by the statistics modules."""

from __future__ import annotations

import math

import pandas as pd


def finite_or_none(x) -> float | None:
    if x is None or x is pd.NA:
        return None
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x
