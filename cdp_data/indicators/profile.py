"""The area profile: a Fingertips spine chart of a partnership's latest value of every indicator."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import statistics as stats
from . import ENGLAND, is_local_area
from .breakdowns import breakdown_mask, main_breakdown
from .comparison import add_england_comparison


def latest_periods(own: pd.DataFrame) -> pd.DataFrame:
    """Each indicator's latest period with a value, from rows of indicator_id, period, period_end, value."""
    own = own.loc[own["value"].notna(), ["indicator_id", "period", "period_end"]]
    if own.empty:
        return own
    own = own.assign(period_end=pd.to_datetime(own["period_end"], errors="coerce"))
    return own.sort_values("period_end").groupby("indicator_id").tail(1)


_COUNT_NAME = re.compile(r"\b(number|numbers|count|counts)\b", re.IGNORECASE)
_RATE_UNIT = re.compile(r"%|\bper\b|rate|proportion|ratio", re.IGNORECASE)


def is_count(value_type: str | None, unit: str | None = None, name: str | None = None) -> bool:
    """Whether an indicator is a count (drawn on no spine chart: it measures the size of the area, not how it
    fares). The catalogue's value type decides; without one, a unit naming a rate or percentage means not a
    count, and a name such as "Estimated number of ..." means a count."""
    kind = str(value_type or "").strip().lower()
    if kind in ("proportion", "rate"):
        return False
    if kind == "count":
        return True
    if _RATE_UNIT.search(str(unit or "")):
        return False
    if str(unit or "").strip().lower() in ("count", "number", "persons"):
        return True
    name = str(name or "")
    return bool(_COUNT_NAME.search(name)) and not _RATE_UNIT.search(name)


def area_type_group(area_type) -> str:
    """Fingertips' area types reduced to what a spine chart ranks together: "County" and "UA" (and the
    newer "Counties & UAs ...") are the upper tier; any other type stands for itself; blank is ""."""
    text = "" if area_type is None or (isinstance(area_type, float) and np.isnan(area_type)) else str(area_type)
    lower = text.strip().lower().replace("-", " ")
    if lower in ("county", "ua", "unitary authority") or lower.startswith("counties & uas") \
            or lower.startswith("upper tier"):
        return "upper tier"
    return lower


def _same_type(others: pd.DataFrame, partnership: str) -> pd.DataFrame:
    """The local areas of the partnership's area type (all of them when the type is not known)."""
    if "area_type" not in others.columns:
        return others
    groups = others["area_type"].map(area_type_group)
    own = groups[others["area_code"] == partnership]
    if own.empty or own.iloc[0] == "":
        return others
    return others[groups == own.iloc[0]]


def profile_row(frame: pd.DataFrame, partnership: str, polarity: str) -> dict | None:
    """The partnership's value against all local areas of its type in one period's values; None when it
    cannot be placed (no value for the partnership, or fewer than two areas with a value).

    The 25th and 75th percentiles are FingertipsNext's (:func:`statistics.spine_quartiles`: the largest values of
    the first and third of four NTILE groups), none under four areas."""
    frame = frame[breakdown_mask(frame, main_breakdown(frame, partnership))]
    england = frame[frame["area_code"] == ENGLAND]
    others = _same_type(frame[is_local_area(frame["area_code"])], partnership)
    mine = others[others["area_code"] == partnership]
    if mine.empty or others["value"].notna().sum() < 2:
        return None
    values = others["value"].dropna()
    q25, q75 = stats.spine_quartiles(values.tolist())
    compared = add_england_comparison(mine, england, polarity).iloc[0]
    return {"value": compared["value"], "england_value": compared["england_value"],
            "compared_to_england": compared["compared_to_england"], "areas": int(values.size),
            "lowest": values.min(), "q25": np.nan if q25 is None else q25, "q75": np.nan if q75 is None else q75,
            "highest": values.max()}


def spine_positions(profile: pd.DataFrame) -> pd.DataFrame:
    """Scale each row so England sits at 0.5 and the widest side reaches 0 or 1; best on the right."""
    out = profile.copy()
    centre = out["england_value"].fillna((out["lowest"] + out["highest"]) / 2)
    half = np.maximum((out["highest"] - centre).abs(), (centre - out["lowest"]).abs()).replace(0, 1)
    flip = out["polarity"].eq("low_is_good")
    for column in ("value", "lowest", "q25", "q75", "highest"):
        position = 0.5 + (out[column] - centre) / (2 * half)
        out[f"{column}_pos"] = np.where(flip, 1 - position, position)
    out["worst"] = np.where(flip, out["highest"], out["lowest"])   # the value at the left end
    out["best"] = np.where(flip, out["lowest"], out["highest"])    # and at the right end
    out["worst_pos"] = np.minimum(out["lowest_pos"], out["highest_pos"])
    out["best_pos"] = np.maximum(out["lowest_pos"], out["highest_pos"])
    out["left_q_pos"] = np.minimum(out["q25_pos"], out["q75_pos"])
    out["right_q_pos"] = np.maximum(out["q25_pos"], out["q75_pos"])
    out["england_pos"] = 0.5
    return out
