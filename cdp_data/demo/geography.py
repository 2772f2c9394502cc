"""A small synthetic ward geography so the map page works offline.

Each demo partnership gets 16 made-up "wards" near its real location: Voronoi
cells around a jittered 4 x 4 grid of points (so they tile the area with shared
edges, like real wards, without pretending to be any real boundary), with
made-up deprivation scores and harm counts. Everything here is
synthetic and stored flagged ``is_synthetic``; the UI labels it
"synthetic demo data". Codes start ``E05SYN`` so they can never be mistaken
for real ONS ward codes.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from ..core.kinds import Kind
from ..present.geography import SYNTHETIC_LABEL
from ..store import Workspace
from ..store import stored_datasets as datasets
from ..services.ward_map import DEMO_FIGURES
CENTRES = {  # approximate real centres, so the map opens in the right place
    "E10000017": ("Lancashire", -2.60, 53.85, 0.060),
    "E08000014": ("Sefton", -3.00, 53.50, 0.025),
    "E08000015": ("Wirral", -3.07, 53.37, 0.025),
    "E06000006": ("Halton", -2.72, 53.34, 0.020),
}
GRID = 4


def _cells(lon: float, lat: float, step: float, rng: np.random.Generator) -> list:
    """16 Voronoi cells, in seed order, tiling a GRID x GRID rectangle of side ``step`` (lat x 0.62)."""
    import shapely
    from shapely.geometry import MultiPoint, box

    seeds = []
    for i in range(GRID):
        for j in range(GRID):
            jitter = rng.uniform(-0.3, 0.3, size=2) * step
            seeds.append((lon + (j - GRID / 2 + 0.5) * step + jitter[0],
                          lat + (i - GRID / 2 + 0.5) * step * 0.62 + jitter[1] * 0.62))
    half_x, half_y = GRID / 2 * step, GRID / 2 * step * 0.62
    frame = box(lon - half_x, lat - half_y, lon + half_x, lat + half_y)
    cells = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=frame, ordered=True)
    return [cell.intersection(frame) for cell in cells.geoms]


def synthetic_wards() -> tuple[dict, pd.DataFrame]:
    """GeoJSON of the synthetic wards and a table of their synthetic figures."""
    from shapely.geometry import mapping

    rng = np.random.default_rng(2024)
    features, rows = [], []
    for p_index, (code, (name, lon, lat, step)) in enumerate(CENTRES.items()):
        cells = _cells(lon, lat, step, np.random.default_rng(100 + p_index))
        for n, cell in enumerate(cells, start=1):
            ward_code = f"E05SYN{p_index}{n:02d}"
            ward_name = f"{name} synthetic ward {n}"
            geometry = mapping(cell)
            geometry["coordinates"] = [[[round(x, 6), round(y, 6)] for x, y in ring]
                                       for ring in geometry["coordinates"]]
            features.append({
                "type": "Feature",
                "properties": {
                    "WD24CD": ward_code, "WD24NM": ward_name, "LAD24CD": code, "LAD24NM": name,
                    "CTYUA24CD": code, "CTYUA24NM": name, "synthetic": True,
                },
                "geometry": geometry,
            })
            population = int(rng.integers(5000, 15000))
            imd = float(np.round(rng.gamma(4.0, 6.0), 2))
            rows.append({
                "ward_code": ward_code, "ward_name": ward_name, "area_code": code,
                "population": population, "imd_score": imd,
                "share_pop_most_deprived_decile": float(np.clip((imd - 30) / 40, 0, 1).round(3)),
                "n_lsoa": int(rng.integers(3, 9)),
                "drug_offences": int(rng.poisson(max(1.0, imd / 3))),
                "drug_poisoning_admissions": int(rng.poisson(max(0.5, imd / 8))),
            })
    return {"type": "FeatureCollection", "features": features}, pd.DataFrame(rows)


def seed(ws: Workspace) -> None:
    """Store the synthetic wards and their figures, flagged synthetic."""
    geojson, figures = synthetic_wards()
    label = f"Demo wards ({SYNTHETIC_LABEL})"
    with ws.begin() as conn:
        datasets.put(ws, Kind.BOUNDARIES, label, json.dumps(geojson), vintage="synthetic", source=SYNTHETIC_LABEL,
                     is_synthetic=True, conn=conn)
        datasets.put(ws, DEMO_FIGURES, f"Demo ward figures ({SYNTHETIC_LABEL})", figures, vintage="synthetic",
                     source=SYNTHETIC_LABEL, is_synthetic=True, conn=conn)
        datasets.log_load(ws, "demo_geography", SYNTHETIC_LABEL, len(figures), vintage="synthetic", conn=conn)
