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


def nearest_breakdown(frame: pd.DataFrame, area_code: str, breakdown) -> tuple | None:
    """The breakdown of ``area_code``'s rows to set beside ``breakdown``: the same one when the area has it,
    else the same sex, category type and category at another age (the one with most rows; "All ages" or no
    age first on a tie), else None."""
    rows = frame[frame["area_code"] == area_code]
    if rows.empty:
        return None
    breakdown = tuple(breakdown)
    held = rows.groupby(BREAKDOWN, dropna=False).size().reset_index(name="n")
    if (held[BREAKDOWN].apply(tuple, axis=1) == breakdown).any():
        return breakdown
    sex, _age, category_type, category = breakdown
    near = held[(held["sex"] == sex) & (held["category_type"] == category_type) & (held["category"] == category)]
    if near.empty:
        return None
    near = near.assign(all_ages=near["age"].isin(["", "All ages"]))
    best = near.sort_values(["n", "all_ages", "age"], ascending=[False, False, True]).iloc[0]
    return tuple(best[c] for c in BREAKDOWN)


def aligned(frame: pd.DataFrame, breakdown, benchmark_codes) -> tuple[pd.DataFrame, dict[str, tuple]]:
    """The rows of ``breakdown``, where each of ``benchmark_codes`` (England, regions) without values in that
    breakdown contributes its rows of the nearest breakdown (:func:`nearest_breakdown`), relabelled as
    ``breakdown`` so they line up by period. Returns the rows and, for each benchmark whose values come from
    another breakdown, that breakdown."""
    breakdown = tuple(breakdown)
    own = frame[breakdown_mask(frame, breakdown)]
    pieces, used = [own], {}
    for code in dict.fromkeys(benchmark_codes):
        if code is None or (own["area_code"] == code).any():
            continue
        near = nearest_breakdown(frame, code, breakdown)
        if near is None:
            continue
        rows = frame[(frame["area_code"] == code) & breakdown_mask(frame, near)].copy()
        rows[BREAKDOWN] = list(breakdown)
        pieces.append(rows)
        used[code] = near
    return pd.concat(pieces) if len(pieces) > 1 else own, used
