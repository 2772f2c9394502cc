"""Ward map: browser payload for Lancashire (~215 wards, budget 1 MB) and England (~6,750, budget 8 MB),
and the time to simplify them (topology-aware coverage simplification)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data" / "public"
sys.path.insert(0, str(REPO))

from bench.timing import median_seconds  # noqa: E402


def _deck_payload(gdf) -> int:
    """Bytes of the pydeck JSON the page sends: polygons, fill colours and tooltip text per ward."""
    from ui import charts_geo

    shown = gdf.assign(fill=[[120, 120, 200]] * len(gdf),
                       tooltip="<b>" + gdf["ward_name"].astype(str) + "</b><br/>IMD score: 00.0<br/>"
                               "Drug offences: 00 (0.00 per 1,000), Similar compared with the area")
    rows = charts_geo.polygon_rows(shown, ["ward_code", "ward_name", "tooltip", "fill"])
    return len(charts_geo.choropleth(rows, gdf.total_bounds, "{tooltip}").to_json().encode())


def run(quick: bool = False) -> list[dict]:
    import geopandas as gpd

    from cdp_data import geography as geo
    from cdp_data.sources.boundaries import standardise_boundaries

    path = SHARED / "geography" / "wards_may2024_bsc_england.geojson"
    england = standardise_boundaries(gpd.read_file(path))
    lancashire = england[england["ctyua_code"] == "E10000017"].reset_index(drop=True)
    repeats = 2 if quick else 5
    figures = []
    for name, gdf, budget_mb, tolerance in (("Lancashire", lancashire, 1.0, 80.0), ("England", england, 8.0, 250.0)):
        seconds = median_seconds(lambda g=gdf, t=tolerance: geo.simplify_for_display(g, t),
                                 repeats=1 if (quick and name == "England") else repeats)
        simple = geo.simplify_for_display(gdf, tolerance)
        size_mb = _deck_payload(simple) / 1_048_576
        figures.append({"figure": f"payload {name} ({len(gdf):,} wards)", "value": round(size_mb, 3), "unit": "MB",
                        "budget": f"<= {budget_mb:g} MB", "ratio": round(size_mb / budget_mb, 3),
                        "within_budget": size_mb <= budget_mb})
        figures.append({"figure": f"simplify {name} (median of {repeats})", "value": round(seconds, 3), "unit": "s",
                        "budget": "<= 5 s" if name == "Lancashire" else "<= 60 s",
                        "ratio": round(seconds / (5 if name == "Lancashire" else 60), 3),
                        "within_budget": seconds <= (5 if name == "Lancashire" else 60)})
        ratio = geo.coverage_ratio(simple)
        figures.append({"figure": f"coverage {name} (union area / sum of areas)", "value": round(ratio, 6),
                        "unit": "ratio", "budget": ">= 0.999 (no overlaps)", "ratio": round(ratio, 6),
                        "within_budget": ratio >= 0.999})
    return figures
