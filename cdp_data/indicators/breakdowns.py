"""Breakdowns of an indicator's values: (sex, age, category type, category)."""

from __future__ import annotations

import pandas as pd

from . import BREAKDOWN


def breakdowns_of(frame: pd.DataFrame) -> list[tuple]:
    """Every breakdown present in ``frame``, sorted."""
    if frame.empty:
        return []
    return sorted(set(map(tuple, frame[BREAKDOWN].drop_duplicates().itertuples(index=False))))


def main_breakdown(frame: pd.DataFrame, area_code: str | None = None) -> tuple[str, str, str, str] | None:
    """The (sex, age, category type, category) to show by default.

    Totals first (no category, sex Persons), then the breakdown with the most
    values for the area (or overall).
    """
    if frame.empty:
        return None
    scope = frame[frame["area_code"] == area_code] if area_code and (frame["area_code"] == area_code).any() else frame
    groups = scope.groupby(BREAKDOWN, dropna=False).size().reset_index(name="n")
    groups["score"] = (groups["n"] + 1000 * (groups["category"] == "") + 100 * (groups["sex"] == "Persons")
                       + 10 * groups["category"].isin(["Total"]))
    best = groups.sort_values("score", ascending=False).iloc[0]
    return tuple(best[c] for c in BREAKDOWN)  # type: ignore[return-value]


def breakdown_mask(frame: pd.DataFrame, breakdown) -> pd.Series:
    """Rows of ``frame`` in one breakdown."""
    mask = pd.Series(True, index=frame.index)
    for column, value in zip(BREAKDOWN, breakdown):
        mask &= frame[column] == value
    return mask
