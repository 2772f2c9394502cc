"""Areas compared with England for one indicator: the Compare page's bars and the CLI's table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import statistics as stats
from . import BREAKDOWN, ENGLAND, is_local_area
from .breakdowns import breakdown_mask, main_breakdown


def add_england_comparison(frame: pd.DataFrame, england: pd.DataFrame, polarity: str | None) -> pd.DataFrame:
    """Add England's value for the same period and breakdown, and the comparison with it."""
    keys = ["period"] + BREAKDOWN
    bench = england[keys + ["value"]].drop_duplicates(keys).rename(columns={"value": "england_value"})
    out = frame.drop(columns=["england_value"], errors="ignore").merge(bench, on=keys, how="left")
    out["compared_to_england"] = stats.compare_frame(out, out["england_value"], polarity)
    out.loc[out["area_code"] == ENGLAND, "compared_to_england"] = "England"
    return out


def compared_areas(frame: pd.DataFrame, region_codes: pd.DataFrame, polarity: str | None,
                   partnership: str | None = None, *, region: str | None = None, area_type: str | None = None,
                   peers: list[str] | None = None, breakdown: tuple | None = None) -> pd.DataFrame:
    """Local areas of one period's values compared with England and ranked (1 = highest value).

    ``region_codes`` has columns area_code and region_code. Filters: ``region``, ``area_type`` and
    ``peers`` (codes); the partnership is always kept.
    """
    if frame.empty:
        return frame.assign(compared_to_england=[], england_value=[], rank=[], is_partnership=[], region_code=[])
    breakdown = breakdown if breakdown is not None else main_breakdown(frame, partnership)
    frame = frame[breakdown_mask(frame, breakdown)]
    england = frame[frame["area_code"] == ENGLAND]
    frame = frame[is_local_area(frame["area_code"])].merge(region_codes, on="area_code", how="left")
    keep = pd.Series(True, index=frame.index)
    if region:
        keep &= frame["region_code"] == region
    if area_type:
        keep &= frame["area_type"] == area_type
    if peers:
        keep &= frame["area_code"].isin(peers)
    if partnership:
        keep |= frame["area_code"] == partnership
    frame = add_england_comparison(frame[keep], england, polarity)
    frame["is_partnership"] = frame["area_code"] == partnership
    frame["rank"] = frame["value"].rank(ascending=False, method="min")
    return frame


def _clean(x):
    return None if x is None or (isinstance(x, float) and np.isnan(x)) or x is pd.NA else x


def comparison_records(frame: pd.DataFrame, polarity: str | None) -> list[dict]:
    """One record per area, period and breakdown with the app's and the published comparison with England."""
    if frame.empty:
        return []
    england = frame[frame["area_code"] == ENGLAND]
    frame = add_england_comparison(frame, england, polarity)
    frame.loc[frame["area_code"] == ENGLAND, "compared_to_england"] = stats.NOT_COMPARED
    frame = frame.sort_values(["period_end", "period", "area_code"])
    several = frame[BREAKDOWN].drop_duplicates().shape[0] > 1
    records = []
    for r in frame.itertuples():
        record = {"area_code": r.area_code, "area_name": r.area_name, "period": r.period, "value": _clean(r.value),
                  "lower_ci": _clean(r.lower_ci95), "upper_ci": _clean(r.upper_ci95),
                  "compared_to_england": r.compared_to_england,
                  "published_compared_to_england": _clean(r.published_compared_england) or None}
        if "benchmark_label" in frame:
            record.update(benchmark=r.benchmark_name, benchmark_code=_clean(r.benchmark_code),
                          benchmark_value=_clean(r.benchmark_value), method=r.method,
                          quintile=None if _clean(r.quintile) is None else int(r.quintile),
                          benchmark_label=r.benchmark_label)
        if several:  # tell the breakdowns apart only when there is more than one
            record.update(sex=r.sex, age=r.age, category=r.category)
        records.append(record)
    return records


def periods_newest_first(values: pd.DataFrame, area_code: str | None = None) -> list[str]:
    """Periods of an indicator's values (with a value for ``area_code`` if given), newest first."""
    if area_code:
        values = values[(values["area_code"] == area_code) & values["value"].notna()]
    if values.empty:
        return []
    values = values.assign(period_end=pd.to_datetime(values["period_end"], errors="coerce"))
    frame = values.groupby("period", as_index=False).agg(end=("period_end", "max"), areas=("area_code", "nunique"))
    return frame.sort_values(["end", "areas"], ascending=False)["period"].tolist()


def local_area_types(frame: pd.DataFrame) -> list[str]:
    """Area types other than England's and regions', sorted."""
    frame = frame.loc[frame["area_code"] != ENGLAND, ["area_type"]].drop_duplicates()
    return sorted(t for t in frame.iloc[:, 0].tolist() if isinstance(t, str) and t and t.lower() != "region") \
        if not frame.empty else []


def england_value(frame: pd.DataFrame) -> float | None:
    """England's value in a compared-areas frame, or None when none is loaded."""
    england = frame["england_value"].dropna()
    return float(england.iloc[0]) if not england.empty else None


def region_of(region_code, parent_code) -> str | None:
    """The region (E12...) among an area's region and parent codes."""
    for value in (region_code, parent_code):
        if isinstance(value, str) and value.startswith("E12"):
            return value
    return None


def best_covered_first(values: pd.DataFrame) -> list[str]:
    """Periods newest first, but led by the one holding most local areas (ties: the newest): a map of areas opens
    on a period it can colour, not on the newest one a single partnership's own figure holds."""
    newest = periods_newest_first(values)
    if not newest:
        return []
    local = values[(values["area_code"] != ENGLAND) & ~values["area_code"].astype(str).str.startswith("E12")
                   & values["value"].notna()]
    counts = local.groupby("period")["area_code"].nunique()
    best = max(newest, key=lambda p: (int(counts.get(p, 0)), -newest.index(p)))
    return [best] + [p for p in newest if p != best]
