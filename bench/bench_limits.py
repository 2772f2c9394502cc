"""Peak memory and time of large accepted files, against their size (issue 13: "Peak memory of any load stays
under 1 GB for any file up to the upload limit").

Three files are generated in a temporary folder, each just under the limits in force
(``cdp_data/core/limits.py``, so a changed setting is benchmarked as set), and each is loaded through the
service (``cdp_data.services.loading.load_file``) in a fresh child process that reports its wall time and
peak resident memory (``VmHWM``, its own from its start; ``ru_maxrss`` would include the parent's):

- a Fingertips extract of 27 columns and as many rows as ``CDP_MAX_CELLS`` allows (370,369 by default);
- a GeoJSON of ward boundaries with 150-point rings, as many as ``CDP_MAX_VERTICES`` allows (1,999,950
  vertices in 13,333 wards by default);
- a delivery-plan tracker of 7 columns and as many actions as ``CDP_MAX_WORKBOOK_CELLS`` allows (28,569).

The real ONS county/UA and district boundary files (the map of areas) are loaded the same way when
``../shared/data`` is beside the repository. The child's peak includes the app's imports, reported on their own as the baseline. ``--quick`` builds a
tenth of each.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIMIT_MB = 1024
# The real ONS files of the map of areas (loaded when ../shared/data is beside the repository)
AREA_FILES = [("real ONS counties and unitary authorities, December 2023 (BSC, 153 areas)",
               "ctyua_dec2023_bsc_england.geojson"),
              ("real ONS local authority districts, May 2024 (BSC, 296 areas)", "lad_may2024_bsc_england.geojson")]
GEOGRAPHY = REPO.parent / "shared" / "data" / "public" / "geography"

_CHILD = """
import sys, time, json
from pathlib import Path
from cdp_data.bootstrap import open_workspace
from cdp_data.services.loading import load_file
def peak_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
ws = open_workspace(Path(sys.argv[2]))
baseline = peak_kb()
if sys.argv[1] != "-":
    path = Path(sys.argv[1])
    start = time.perf_counter()
    report = load_file(ws, path.name, path.read_bytes())
    seconds = time.perf_counter() - start
    rows = report.rows
else:
    seconds, rows = 0.0, 0
print(json.dumps({"seconds": seconds, "rows": rows, "baseline_kb": baseline,
                  "peak_kb": peak_kb()}))
"""


def _load(path: Path | None, folder: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO), "MALLOC_ARENA_MAX": "2", "CDP_WORKSPACE": str(folder)}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path) if path else "-", str(folder)], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise RuntimeError(done.stderr.strip().splitlines()[-1])
    return json.loads(done.stdout.strip().splitlines()[-1])


def fingertips_extract(path: Path, rows: int) -> None:
    """A 27-column Fingertips export of ``rows`` rows (indicators x areas x periods x sexes)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(13)
    i = np.arange(rows)
    area = 1 + (i // 8) % 300
    value = np.round(rng.uniform(1, 99, rows), 1)
    frame = pd.DataFrame({
        "Indicator ID": 90000 + (i // (8 * 300)) % 400, "Indicator Name": "Rate of something per 100,000",
        "Parent Code": "E92000001", "Parent Name": "England",
        "Area Code": [f"E08{a:06d}" for a in area], "Area Name": [f"Area {a}" for a in area],
        "Area Type": "Counties & UAs (from Apr 2023)", "Sex": np.where(i % 2, "Male", "Female"), "Age": "All ages",
        "Category Type": "", "Category": "", "Time period": [f"{2000 + p}/{(p + 1) % 100:02d}" for p in (i // 2) % 4],
        "Value": value, "Lower CI 95.0 limit": value - 1, "Upper CI 95.0 limit": value + 1,
        "Lower CI 99.8 limit": value - 2, "Upper CI 99.8 limit": value + 2, "Count": (value * 10).round(),
        "Denominator": 100000, "Value note": "", "Recent Trend": "Cannot be calculated",
        "Compared to England value or percentiles": "Similar", "Column not used": "",
        "Time period Sortable": 20000000, "New data": "", "Compared to goal": "",
        "Time period range": "1y",
    })
    frame.to_csv(path, index=False)


def boundary_file(path: Path, wards: int, vertices_each: int) -> None:
    """GeoJSON of ``wards`` square-ish wards, each a ring of ``vertices_each`` points, in WGS84."""
    import numpy as np

    angles = np.linspace(0, 2 * np.pi, vertices_each, endpoint=False)
    with open(path, "w") as out:
        out.write('{"type":"FeatureCollection","features":[')
        for w in range(wards):
            x0, y0 = -3 + (w % 200) * 0.01, 52 + (w // 200) * 0.01
            xs, ys = x0 + 0.004 * np.cos(angles), y0 + 0.004 * np.sin(angles)
            ring = ",".join(f"[{x:.6f},{y:.6f}]" for x, y in zip(xs, ys))
            ring += f",[{xs[0]:.6f},{ys[0]:.6f}]"
            out.write(("," if w else "") + '{"type":"Feature","properties":{"WD24CD":"E05%06d","WD24NM":"Ward %d"},'
                      '"geometry":{"type":"Polygon","coordinates":[[%s]]}}' % (w, w, ring))
        out.write("]}")


def plan_workbook(path: Path, actions: int) -> None:
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Tracker")
    sheet.append(["Ref", "Theme", "Action", "Lead", "Due date", "Status", "Latest update"])
    statuses = ["Green", "Amber", "Complete", "Red", "Not started"]
    for i in range(actions):
        sheet.append([f"A{i + 1:05d}", f"Theme {i % 4}", f"Action number {i} for the plan", f"Lead {i % 9}",
                      dt.datetime(2025, 3, 31), statuses[i % 5], "On track per last report"])
    wb.save(path)


def _figure(what: str, path: Path, result: dict, baseline_mb: float) -> list[dict]:
    size_mb = path.stat().st_size / 1024 / 1024
    peak_mb = result["peak_kb"] / 1024
    return [
        {"figure": f"{what}: file size", "value": round(size_mb, 1), "unit": "MB"},
        {"figure": f"{what}: load time", "value": round(result["seconds"], 2), "unit": "s"},
        {"figure": f"{what}: peak resident memory of the loading process", "value": round(peak_mb), "unit": "MB",
         "budget": f"< {LIMIT_MB} MB", "ratio": round(peak_mb / LIMIT_MB, 2), "within_budget": peak_mb < LIMIT_MB},
        {"figure": f"{what}: peak memory above the app's imports, per MB of file", "unit": "MB per MB",
         "value": round((peak_mb - baseline_mb) / size_mb, 1)},
    ]


def run(quick: bool = False) -> list[dict]:
    from cdp_data.core import limits

    scale = 10 if quick else 1
    bound = limits.current()
    rows = min(bound.max_cells // 27, bound.max_rows) - 2        # and the header line
    wards = bound.max_vertices // 150 - 1                          # 149 points and the closing one
    actions = bound.max_workbook_cells // 7 - 2                    # and the header row
    figures: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        baseline = _load(None, folder / "ws0")
        baseline_mb = baseline["peak_kb"] / 1024
        figures.append({"figure": "the app's imports and an open workspace (baseline)", "value": round(baseline_mb),
                        "unit": "MB"})
        cases = [
            (f"Fingertips extract, {rows // scale:,} rows x 27 columns", "extract.csv",
             lambda p: fingertips_extract(p, rows // scale)),
            (f"ward boundaries GeoJSON, {wards // scale:,} wards, {wards // scale * 150:,} vertices", "wards.geojson",
             lambda p: boundary_file(p, wards // scale, 149)),
            (f"delivery plan, {actions // scale:,} actions x 7 columns", "plan.xlsx",
             lambda p: plan_workbook(p, actions // scale)),
        ]
        for n, (what, name, build) in enumerate(cases, start=1):
            path = folder / name
            start = time.perf_counter()
            build(path)
            built = time.perf_counter() - start
            result = _load(path, folder / f"ws{n}")
            figures += _figure(what, path, result, baseline_mb)
            figures.append({"figure": f"{what}: rows stored", "value": result["rows"], "unit": "rows",
                            "note": f"built in {built:.1f} s"})
            path.unlink()
        for what, name in AREA_FILES:
            if (GEOGRAPHY / name).exists():
                result = _load(GEOGRAPHY / name, folder / f"ws_{name.split('_')[0]}")
                figures += _figure(what, GEOGRAPHY / name, result, baseline_mb)[:3]
    return figures
