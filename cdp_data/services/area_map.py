"""The map of areas: counties and unitary authorities (or districts) coloured by an indicator's comparison
with a benchmark (England, the region or a peer group), the partnership outlined.

Reads the stored area boundaries (:data:`~cdp_data.core.kinds.Kind.AREA_BOUNDARIES`, loaded by
:func:`cdp_data.services.geography_loading.load_area_boundaries`) and the comparison from
:func:`cdp_data.services.indicators.compared_with_benchmark` (every value through the gate first, so counts
under 5 never reach the map), and joins them by area code. Areas of the file without a value are kept, with
no value, so the page can draw them grey.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import indicators
from .. import geography
from ..core.attributions import LINES
from ..core.kinds import Kind
from ..indicators.benchmarks import UPPER_TIER_TYPES, comparable_type
from ..indicators.breakdowns import breakdown_mask, main_breakdown
from ..indicators.comparison import best_covered_first
from ..sources import area_boundaries as reader
from ..sources.ons_columns import CTYUA_CODE, LAD_CODE, column
from ..store import Workspace
from ..store import stored_datasets as datasets
from ..store.indicator_values import read_values
from .geography_loading import lookup_frames
from .ownership import readable

LEVEL_NAMES = {"ctyua": "Counties and unitary authorities", "lad": "Districts (local authority districts)"}
COLUMNS = ["area_code", "area_name", "area_type", "period", "value", "lower_ci95", "upper_ci95", "count",
           "benchmark_name", "benchmark_value", "method", "benchmark_label"]
DISPLAY_TOLERANCE_M = 300.0   # simplification for the browser: England fits in about 900 px (1 px ~ 1 km)


@dataclass
class AreaMap:
    """What the Areas view draws: ``areas`` (GeoDataFrame: ``COLUMNS``, ``is_partnership``, geometry; one row
    per area of the boundary file), and what to say about it."""

    level: str
    level_name: str
    indicator_id: str
    indicator: str
    unit: str | None
    value_type: str | None
    period: str | None
    benchmark: str
    areas: object
    partnership: str | None
    partnership_codes: list[str] = field(default_factory=list)
    breakdown: tuple | None = None
    attribution: list[str] = field(default_factory=list)


def map_periods(ws: Workspace, indicator_id: str) -> list[str]:
    """The indicator's periods for the map's picker: the one most areas have a value for first, then newest first."""
    values = read_values(ws, ["period", "period_end", "area_code", "value"], indicator_id=indicator_id,
                         owners=readable(ws))
    return best_covered_first(values)


def area_levels(ws: Workspace) -> dict[str, str]:
    """The levels held (``ctyua``, ``lad``) -> their names, counties and unitary authorities first."""
    held = datasets.catalogue(ws, Kind.AREA_BOUNDARIES)
    levels = {str(v).rstrip("0123456789") for v in held["vintage"].dropna()}
    return {level: name for level, name in LEVEL_NAMES.items() if level in levels}


def area_boundaries(ws: Workspace, level: str, tolerance_m: float | None = DISPLAY_TOLERANCE_M):
    """The newest stored boundaries of a level (``area_code``, ``area_name``, geometry), simplified for the
    browser when ``tolerance_m`` is given; None when none is held."""
    held = datasets.catalogue(ws, Kind.AREA_BOUNDARIES)
    held = held[held["vintage"].astype(str).str.rstrip("0123456789") == level]
    if held.empty:
        return None
    areas = reader.areas_from_geojson(datasets.get(ws, held["id"].iloc[0]))
    if tolerance_m is None:
        return areas
    simple = geography.simplify_for_display(areas, tolerance_m)
    return simple.assign(geometry=[_polygons_only(g) for g in simple.geometry])


def _polygons_only(geometry):
    """The polygons of a shape: simplification can leave a collection of a multipolygon and a stray line
    (East Riding of Yorkshire at 300 m), which the map would not draw at all."""
    from shapely.geometry import MultiPolygon

    if geometry is None or geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [p for part in getattr(geometry, "geoms", [geometry]) for p in getattr(part, "geoms", [part])
             if p.geom_type == "Polygon" and not p.is_empty]
    return MultiPolygon(parts) if parts else geometry


def partnership_areas(ws: Workspace, level: str, partnership: str | None) -> list[str]:
    """The partnership's areas at a level: itself for counties and unitary authorities; for districts, the
    districts the stored ONS lookups place in it (a unitary or metropolitan area is its own district)."""
    if not partnership:
        return []
    if level != "lad":
        return [partnership]
    codes = {partnership}
    for frame in lookup_frames(ws):
        lad, upper = column(frame.columns, LAD_CODE), column(frame.columns, CTYUA_CODE)
        if lad and upper:
            codes |= set(frame.loc[frame[upper].astype(str) == partnership, lad].astype(str))
    return sorted(codes)


def _one_row_per_area(frame: pd.DataFrame, level: str) -> pd.DataFrame:
    """One value per area code: an upper-tier row first on the counties' map, a district row first on the
    districts' map (Fingertips gives a unitary authority a row of each type)."""
    upper = frame["area_type"].map(comparable_type).str.lower().isin(UPPER_TIER_TYPES | {"counties & uas"})
    preferred = upper if level == "ctyua" else ~upper
    order = frame.assign(_first=~preferred).sort_values(["_first", "area_code"], kind="stable")
    return order.drop_duplicates("area_code").drop(columns="_first")


def compared_values(ws: Workspace, indicator_id: str, period: str, benchmark: str, group: list[str] | None,
                    partnership: str | None, level: str) -> tuple[pd.DataFrame, tuple | None]:
    """The period's values of the main breakdown, compared with the benchmark, one row per area code."""
    frame = indicators.compared_with_benchmark(ws, indicator_id, period, benchmark, group)
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS), None
    breakdown = main_breakdown(frame, partnership)
    frame = frame[breakdown_mask(frame, breakdown)]
    return _one_row_per_area(frame, level)[COLUMNS], breakdown


def build_area_map(ws: Workspace, level: str, indicator_id: str, period: str, benchmark: str = "england",
                   group: list[str] | None = None, partnership: str | None = None, boundaries=None) -> AreaMap | None:
    """The map of areas at ``level`` for one indicator and period, or None when no boundaries of the level
    are held. ``boundaries``: the level's (simplified) boundaries when the caller already has them."""
    areas = boundaries if boundaries is not None else area_boundaries(ws, level)
    if areas is None:
        return None
    values, breakdown = compared_values(ws, indicator_id, period, benchmark, group, partnership, level)
    shown = areas[["area_code", "area_name", "geometry"]].merge(
        values.drop(columns="area_name"), on="area_code", how="left")
    shown["period"] = period
    codes = partnership_areas(ws, level, partnership)
    shown["is_partnership"] = shown["area_code"].isin(codes)
    info = indicators.indicator_info(ws, indicator_id)
    return AreaMap(level, LEVEL_NAMES[level], indicator_id, info.get("name") or indicator_id, info.get("unit"),
                   info.get("value_type"), period, benchmark, shown, partnership, codes, breakdown,
                   [LINES["ons_boundaries"], LINES["ohid"]])
