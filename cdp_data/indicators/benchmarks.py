"""Areas compared with a chosen benchmark (England, their region or a peer group) by the method the
indicator allows, as Fingertips does: the benchmark's value against the area's 95% (or 99.8%) interval,
or, for indicators without intervals, quintiles of the areas of one type within the benchmark.

A peer group has no value of its own, so its areas are compared with one another by quintiles whatever the
indicator. No I/O, no display text.
"""

from __future__ import annotations

import pandas as pd

from .. import statistics as stats
from . import BREAKDOWN, ENGLAND, is_local_area

CI95, CI998, QUINTILES = "95% CI", "99.8% CI", "quintiles"
COUNT = "count"   # a count depends on the size of the area: never compared (as Fingertips)
LIMITS = {CI95: ("lower_ci95", "upper_ci95"), CI998: ("lower_ci998", "upper_ci998")}
ENGLAND_BENCHMARK, REGION_BENCHMARK, GROUP_BENCHMARK = "england", "region", "group"


UPPER_TIER_TYPES = {"county", "ua", "unitary authority", "counties & uas"}


def comparable_type(area_type) -> str:
    """The area type areas are ranked within: Fingertips exports label upper-tier areas "County" or "UA",
    both one Fingertips area type (Counties & UAs)."""
    text = str(area_type or "").strip()
    return "Counties & UAs" if text.lower() in UPPER_TIER_TYPES or text.lower().startswith("counties & uas") \
        else text


def comparison_method(frame: pd.DataFrame) -> str:
    """95% CI when the local areas' values carry 95% limits, else 99.8% CI when they carry those, else
    quintiles (Fingertips compares indicators without intervals by quintiles)."""
    local = frame[is_local_area(frame["area_code"].astype(str))]
    for method, (low, up) in LIMITS.items():
        if low in local and up in local and (local[low].notna() & local[up].notna()).any():
            return method
    return QUINTILES


def _region_column(frame: pd.DataFrame, region_codes: pd.DataFrame) -> pd.Series:
    """Each row's region: the area register's, else a region parent code in the file."""
    regions = frame[["area_code"]].merge(region_codes.drop_duplicates("area_code"), on="area_code", how="left")
    region = pd.Series(regions["region_code"].values, index=frame.index, dtype=object)
    parent = frame.get("parent_code", pd.Series(None, index=frame.index, dtype=object)).astype("string")
    from_parent = parent.where(parent.str.startswith("E12").fillna(False))
    return region.where(region.notna(), from_parent)


def _with_ci(frame: pd.DataFrame, method: str, polarity: str | None) -> pd.Series:
    low, up = LIMITS[method]
    return pd.Series([stats.compare_with_benchmark(v, lo, hi, b, polarity) for v, lo, hi, b in
                      zip(frame["value"], frame[low], frame[up], frame["benchmark_value"])],
                     index=frame.index, dtype=object)


def _by_quintiles(frame: pd.DataFrame, groups: list[str], polarity: str | None) -> tuple[pd.Series, pd.Series]:
    fifth = pd.Series(None, index=frame.index, dtype=object)
    label = pd.Series(stats.NOT_COMPARED, index=frame.index, dtype=object)
    for _, rows in frame.groupby(groups, dropna=False, sort=False):
        q, labels = stats.compare_by_quintiles(rows["value"].tolist(), rows["area_code"].tolist(), polarity)
        fifth[rows.index], label[rows.index] = q, labels
    return fifth, label


def _benchmark_values(frame: pd.DataFrame, local: pd.Series, benchmark: str) -> pd.Series:
    keys = ["period"] + BREAKDOWN
    values = frame.loc[~local, keys + ["area_code", "value"]].drop_duplicates(keys + ["area_code"])
    target = frame["benchmark_code"]
    merged = frame[keys].assign(area_code=target.values).merge(values, on=keys + ["area_code"], how="left")
    return pd.Series(merged["value"].values, index=frame.index, dtype=float)


def benchmark_comparison(frame: pd.DataFrame, polarity: str | None, benchmark: str = ENGLAND_BENCHMARK,
                         region_codes: pd.DataFrame | None = None, group: list[str] | None = None,
                         value_type: str | None = None) -> pd.DataFrame:
    """``frame`` (all values of one indicator) with ``benchmark_code``, ``benchmark_value``, ``method``,
    ``quintile`` and ``benchmark_label`` (the comparison) for every local area row; England and region
    rows are "Not compared". ``benchmark``: "england", "region" (each area against its own region) or
    "group" (the areas in ``group``, compared among themselves by quintiles; other areas left out). A count
    (``value_type`` "count") is not compared: method ``count``."""
    frame = frame.copy()
    local = is_local_area(frame["area_code"].astype(str))
    if benchmark == GROUP_BENCHMARK:
        frame = frame[~local | frame["area_code"].isin(group or [])]
        local = local[frame.index]
    method = COUNT if value_type == COUNT else QUINTILES if benchmark == GROUP_BENCHMARK else comparison_method(frame)
    region = _region_column(frame, region_codes if region_codes is not None else
                            pd.DataFrame(columns=["area_code", "region_code"]))
    frame["benchmark_code"] = {ENGLAND_BENCHMARK: ENGLAND, GROUP_BENCHMARK: None}.get(benchmark, region)
    frame["benchmark_value"] = _benchmark_values(frame, local, benchmark) if benchmark != GROUP_BENCHMARK else None
    frame["method"], frame["quintile"] = method, None
    frame["benchmark_label"] = stats.NOT_COMPARED
    if method == COUNT:
        return frame
    if method == QUINTILES:
        groups = ["period", "type"] + BREAKDOWN + (["benchmark_code"] if benchmark == REGION_BENCHMARK else [])
        rows = frame[local].assign(benchmark_code=frame.loc[local, "benchmark_code"].fillna(""),
                                   type=frame.loc[local, "area_type"].map(comparable_type))
        fifth, label = _by_quintiles(rows, groups, polarity)
        if benchmark == REGION_BENCHMARK:   # an area whose region is unknown is not compared
            label[rows["benchmark_code"] == ""] = stats.NOT_COMPARED
            fifth[rows["benchmark_code"] == ""] = None
        frame.loc[local, "quintile"], frame.loc[local, "benchmark_label"] = fifth, label
    else:
        frame.loc[local, "benchmark_label"] = _with_ci(frame[local], method, polarity)
    return frame


BENCHMARK_COLUMNS = ["benchmark_code", "benchmark_value", "method", "quintile", "benchmark_label"]


def area_against_benchmark(frame: pd.DataFrame, area_code: str, polarity: str | None,
                           benchmark: str = ENGLAND_BENCHMARK, region_codes: pd.DataFrame | None = None,
                           group: list[str] | None = None, value_type: str | None = None) -> pd.DataFrame:
    """One area's comparison with the benchmark in every period of ``frame`` (one breakdown, benchmark rows
    aligned to it): period plus :data:`BENCHMARK_COLUMNS`. In a peer group the area is ranked with the
    group's areas."""
    if frame.empty or not (frame["area_code"] == area_code).any():
        return pd.DataFrame(columns=["period", *BENCHMARK_COLUMNS])
    members = list(dict.fromkeys([*(group or []), area_code])) if benchmark == GROUP_BENCHMARK else group
    compared = benchmark_comparison(frame, polarity, benchmark, region_codes, members, value_type)
    return compared.loc[compared["area_code"] == area_code, ["period", *BENCHMARK_COLUMNS]] \
        .drop_duplicates("period").reset_index(drop=True)


def latest_elsewhere(frame: pd.DataFrame, period: str, codes: list[str]) -> pd.DataFrame:
    """The benchmark's areas (``codes``: England, the region or a peer group's areas) when none of them has a value
    for the partnership's ``period``: each one's latest value of another period (area_code, area_name, period,
    value), newest first; empty when some area has a value for ``period`` or none has any value at all."""
    rows = frame[frame["area_code"].isin(codes) & frame["value"].notna()]
    if rows.empty or (rows["period"] == period).any():
        return rows.iloc[0:0][["area_code", "area_name", "period", "value"]]
    order = rows.sort_values(["period_end", "area_code"], ascending=[False, True], na_position="last")
    latest = order.drop_duplicates("area_code")
    return latest[["area_code", "area_name", "period", "value"]].reset_index(drop=True)
