"""A small synthetic ward geography so the map page works offline.

Each demo partnership gets a 4 x 4 grid of square "wards" near its real
location, with made-up deprivation scores and harm counts. Everything here is
synthetic and stored flagged ``is_synthetic``; the UI labels it
"synthetic demo data". Codes start ``E05SYN`` so they can never be mistaken
for real ONS ward codes.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from .store import Workspace

SYNTHETIC_LABEL = "synthetic demo data"
CENTRES = {  # approximate real centres, so the map opens in the right place
    "E10000017": ("Lancashire", -2.60, 53.85, 0.060),
    "E08000014": ("Sefton", -3.00, 53.50, 0.025),
    "E08000015": ("Wirral", -3.07, 53.37, 0.025),
    "E06000006": ("Halton", -2.72, 53.34, 0.020),
}
GRID = 4


def synthetic_wards() -> tuple[dict, pd.DataFrame]:
    """GeoJSON of the synthetic wards and a table of their synthetic figures."""
    rng = np.random.default_rng(2024)
    features, rows = [], []
    for p_index, (code, (name, lon, lat, step)) in enumerate(CENTRES.items()):
        for i in range(GRID):
            for j in range(GRID):
                n = i * GRID + j + 1
                ward_code = f"E05SYN{p_index}{n:02d}"
                x0 = lon + (j - GRID / 2) * step
                y0 = lat + (i - GRID / 2) * step * 0.62
                ring = [[x0, y0], [x0 + step, y0], [x0 + step, y0 + step * 0.62], [x0, y0 + step * 0.62], [x0, y0]]
                ward_name = f"{name} synthetic ward {n}"
                features.append({
                    "type": "Feature",
                    "properties": {
                        "WD24CD": ward_code, "WD24NM": ward_name, "LAD24CD": code, "LAD24NM": name,
                        "CTYUA24CD": code, "CTYUA24NM": name, "synthetic": True,
                    },
                    "geometry": {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]},
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
    geojson, figures = synthetic_wards()
    label = f"Demo wards ({SYNTHETIC_LABEL})"
    with ws.begin() as conn:
        ws.put_dataset("boundaries", label, json.dumps(geojson), vintage="synthetic", source=SYNTHETIC_LABEL,
                       is_synthetic=True, conn=conn)
        ws.put_dataset("ward_demo_figures", f"Demo ward figures ({SYNTHETIC_LABEL})", figures, vintage="synthetic",
                       source=SYNTHETIC_LABEL, is_synthetic=True, conn=conn)
        ws.log_load("demo_geography", SYNTHETIC_LABEL, len(figures), vintage="synthetic", conn=conn)
