"""Ward shapes for the browser: simplification that keeps shared edges, coverage, GeoJSON."""

from __future__ import annotations

import json


def simplify_for_display(gdf, tolerance_m: float = 80.0, precision: int = 5):
    """Topology-preserving simplification for the browser (EPSG:4326 in and out).

    Uses ``shapely.coverage_simplify`` in British National Grid metres so shared
    edges between neighbouring wards are simplified once and stay shared (no
    gaps or slivers). Coordinates are rounded to ``precision`` decimals (~1 m).
    """
    import shapely

    if len(gdf) == 0:
        return gdf
    metric = gdf.to_crs(27700)
    geoms = shapely.coverage_simplify(metric.geometry.values, tolerance_m, simplify_boundary=True)
    out = metric.set_geometry(geoms).to_crs(4326)
    out["geometry"] = shapely.set_precision(out.geometry.values, 10 ** -precision, mode="pointwise")
    invalid = ~out.geometry.is_valid
    if invalid.any():  # rounding can pinch a narrow neck: repair just those
        out.loc[invalid, "geometry"] = shapely.make_valid(out.loc[invalid, "geometry"].values)
    empty = out.geometry.is_empty | out.geometry.isna()
    if empty.any():  # a sliver ward simplified away: keep its original shape
        out.loc[empty, "geometry"] = gdf.loc[empty, "geometry"].values
    return out


def coverage_ratio(gdf) -> float:
    """Area of the union / sum of areas (1.0 = no overlaps; used with gap checks)."""
    metric = gdf.to_crs(27700)
    metric = metric.set_geometry(metric.geometry.make_valid())
    return float(metric.union_all().area / metric.area.sum())


def to_geojson(gdf, properties: list[str] | None = None) -> dict:
    """A GeoJSON FeatureCollection (dict), only the given property columns."""
    cols = [c for c in (properties or []) if c in gdf.columns]
    return json.loads(gdf[cols + ["geometry"]].to_json(drop_id=True, na="null"))
