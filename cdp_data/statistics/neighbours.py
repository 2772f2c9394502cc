"""Nearest neighbours over standardised features: the "similar areas" method.

Method (documented in the README and explained in the app):

1. Each feature is standardised over all the areas in the table: ``z = (x - mean) / sd``, with the
   population standard deviation (divisor n, not n - 1), so every feature counts on the same scale.
2. The distance between areas ``i`` and ``j`` is the (optionally weighted) Euclidean distance
   ``d(i, j) = sqrt(sum_k w_k * (z_ik - z_jk) ** 2)``; every weight is 1 unless given.
3. The other areas are ranked by distance, nearest first (ties by area code), and the first ``n`` kept.

A feature with the same value in every area (sd 0) carries no information and is left out; an area
missing any feature used cannot be placed and is left out of the ranking.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def zscores(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The standardised columns (population sd); constant columns are dropped."""
    values = frame[columns].astype(float)
    sd = values.std(ddof=0)
    keep = [c for c in columns if pd.notna(sd[c]) and sd[c] > 0]
    return (values[keep] - values[keep].mean()) / sd[keep]


def distances(z: pd.DataFrame, target, weights: dict[str, float] | None = None) -> pd.Series:
    """Weighted Euclidean distance of every row of ``z`` from row ``target`` (an index label)."""
    w = pd.Series({c: float((weights or {}).get(c, 1.0)) for c in z.columns})
    squared = (z - z.loc[target]) ** 2
    return np.sqrt((squared * w).sum(axis=1, min_count=1))


def nearest(frame: pd.DataFrame, code: str, columns: list[str], n: int = 15,
            weights: dict[str, float] | None = None, code_column: str = "area_code") -> pd.DataFrame:
    """The ``n`` areas nearest to ``code``: their rows with ``distance`` and ``rank`` (1 = nearest).

    ``frame`` holds one row per area with ``code_column`` and the feature ``columns``; rows missing a
    feature are left out before standardising. Raises ``KeyError`` when ``code`` is not placed.
    """
    complete = frame.dropna(subset=columns)
    complete.index = complete[code_column].to_numpy()
    if code not in complete.index:
        raise KeyError(code)
    z = zscores(complete, columns)
    d = distances(z, code, weights).drop(index=code)
    ranked = (complete.drop(index=code).assign(distance=d)
              .sort_values(["distance", code_column]).head(max(int(n), 0)).reset_index(drop=True))
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked
