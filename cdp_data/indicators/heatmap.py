"""The heatmap (Fingertips' "tartan rug"): indicators by areas, each cell an area's latest value compared
with the chosen benchmark, with the area's recent trend. Pure: the service reads the values and compares
them (:func:`cdp_data.indicators.benchmarks.benchmark_comparison`); the words are in present.
"""

from __future__ import annotations

import pandas as pd

from .. import statistics as stats
from . import ENGLAND, is_local_area
from .benchmarks import BENCHMARK_COLUMNS

CELL_COLUMNS = ["area_code", "area_name", "area_type", "period", "value", "lower_ci95", "upper_ci95", "count",
                *BENCHMARK_COLUMNS, "recent_trend", "role"]
TRENDED_TYPES = ("proportion", "rate", None)   # Fingertips gives a recent trend for rates and proportions only


def heatmap_areas(partnership: str, areas: pd.DataFrame, benchmark: str, group: list[str] | None,
                  region: str | None) -> list[str]:
    """The columns, in order: the partnership, its benchmark group (the peer group's areas, else the local
    areas of its region: none when its region is not recorded), the region when it is the benchmark, then
    England. ``areas``: the area register (code, region_code)."""
    local = areas[is_local_area(areas["code"].astype(str))]
    if group is not None:
        others = set(group)
    elif region:
        others = set(local.loc[local["region_code"] == region, "code"])
    else:
        others = set()
    tail = ([region] if benchmark == "region" and region else []) + [ENGLAND]
    return [partnership, *sorted(others - {partnership}), *tail]


def recent_trends(frame: pd.DataFrame, codes: list[str], value_type: str | None, polarity: str | None) -> dict:
    """Each area's recent trend over its last 5 values (Fingertips' method; rates and proportions only)."""
    if (value_type if isinstance(value_type, str) else None) not in TRENDED_TYPES:
        return {code: stats.CANNOT_CALCULATE for code in codes}
    out = {}
    ordered = frame.sort_values(["period_end", "period"])
    for code in codes:
        rows = ordered[ordered["area_code"] == code]
        out[code] = stats.recent_trend(rows["value"], rows["lower_ci95"], rows["upper_ci95"], polarity).label \
            if not rows.empty else stats.CANNOT_CALCULATE
    return out


def heatmap_cells(compared: pd.DataFrame, period: str, codes: list[str], partnership: str,
                  value_type: str | None, polarity: str | None) -> pd.DataFrame:
    """One indicator's row of the heatmap: a cell for each of ``codes`` with a value in ``period`` (the
    partnership's latest), from ``compared`` (all periods of one breakdown, compared with the benchmark).
    ``role``: partnership, comparator or benchmark (England and regions, which are not compared)."""
    rows = compared[(compared["period"] == period) & compared["area_code"].isin(codes)]
    rows = rows.drop_duplicates("area_code").copy()
    trends = recent_trends(compared, rows["area_code"].tolist(), value_type, polarity)
    rows["recent_trend"] = rows["area_code"].map(trends)
    local = ~rows["area_code"].isin([ENGLAND]) & ~rows["area_code"].astype(str).str.startswith("E12")
    rows["role"] = "benchmark"
    rows.loc[local, "role"] = "comparator"
    rows.loc[rows["area_code"] == partnership, "role"] = "partnership"
    rows["order"] = rows["area_code"].map({code: i for i, code in enumerate(codes)})
    rows = rows.sort_values("order")
    for column in CELL_COLUMNS:
        if column not in rows:
            rows[column] = None
    return rows[CELL_COLUMNS].reset_index(drop=True)
