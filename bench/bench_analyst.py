"""The analyst's views on the bundled demo (its real public data) and the public files.

Figures (median of 3 runs each unless said; no budget was set by the issue, so each is held against one page
render's worth, 1 s, except the builds from the official files, which run once and are held against 10 s):
- ``open_workspace`` of a new folder (the demo copied from the template kept in the temporary folder);
- the Outcomes trend of Wirral's OCU unmet need against its 15 similar areas;
- the heatmap of Wirral against the North West;
- the map of areas (151 counties and unitary authorities, alcohol estimates against England), boundaries cached;
- the similar-areas table from the official files (153 upper-tier authorities), and ``demo build`` (once each).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from bench.timing import median_seconds
from cdp_data.bootstrap import open_workspace
from cdp_data.demo import build
from cdp_data.services import area_map, benchmarks, heatmap, indicators, similar_areas
from cdp_data.services.loading import load_file

PUBLIC = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "public"
CTYUA = PUBLIC / "geography/ctyua_dec2023_bsc_england.geojson"
WIRRAL = "E08000015"


def _figure(name: str, seconds: float, budget: float) -> dict:
    return {"figure": name, "value": round(seconds, 4), "unit": "s", "budget": f"<= {budget} s",
            "ratio": round(seconds / budget, 3), "within_budget": bool(seconds <= budget)}


def _once(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def run(quick: bool = False) -> list[dict]:
    repeats = 1 if quick else 3
    folder = Path(tempfile.mkdtemp(prefix="bench_analyst_"))
    out = []
    try:
        open_workspace(folder / "warm").dispose()   # the template, once per process
        counter = iter(range(100))
        out.append(_figure("open_workspace of a new folder (demo copied from the template)",
                           median_seconds(lambda: open_workspace(folder / f"ws{next(counter)}").dispose(),
                                          repeats=repeats), 1.0))
        ws = open_workspace(folder / "ws_analyst")
        peers = benchmarks.resolve(ws, WIRRAL, "group:15 similar areas (public data)")
        out.append(_figure("outcome_trend: Wirral, OCU unmet need, against its 15 similar areas",
                           median_seconds(lambda: indicators.outcome_trend(ws, "93517", WIRRAL, benchmark=peers),
                                          repeats=repeats), 1.0))
        region = benchmarks.resolve(ws, WIRRAL, "region")
        out.append(_figure("heatmap: Wirral against the North West, every indicator",
                           median_seconds(lambda: heatmap.heatmap(ws, WIRRAL, region), repeats=repeats), 1.0))
        if PUBLIC.exists():
            load_file(ws, CTYUA.name, CTYUA.read_bytes())
            shapes = area_map.area_boundaries(ws, "ctyua")
            out.append(_figure("build_area_map: 153 counties and UAs, alcohol estimates against England",
                               median_seconds(lambda: area_map.build_area_map(
                                   ws, "ctyua", "alcohol_dependency_prevalence", "2017/18", boundaries=shapes),
                                   repeats=repeats), 1.0))
            out.append(_figure("similar areas: the table from the official files (153 areas)",
                               _once(lambda: similar_areas.build_features(PUBLIC)), 10.0))
            out.append(_figure("demo build --from the official files (13 files, ~1 MB)",
                               _once(lambda: build.build(PUBLIC, folder / "extract")), 10.0))
        ws.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out
