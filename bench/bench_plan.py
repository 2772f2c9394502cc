"""Delivery-plan reader speed.

- parse: ``plan_workbook.parse_workbook`` on tracker_large.xlsx (4,800 actions) against
  ``pandas.read_excel(path, engine="openpyxl")`` reading the same file in the same run.
  Budget (issue 7): at most 1.5x pandas. The two are timed alternately (pandas, plan,
  pandas, plan ...) so that load from other processes falls on both alike; medians of 5.
- store: parse and store the same workbook as a new version in a temporary workspace.
- compare: compare two stored 4,800-action versions.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench.timing import median_seconds

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "plans" / "tracker_large.xlsx"
BUDGET = 1.5


def _workbook(folder: Path) -> Path:
    """tracker_large.xlsx read in place, or an equivalent flat tracker built in ``folder``."""
    if SHARED.exists():
        return SHARED
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.title = "Tracker"
    sheet.append(["Ref", "Theme", "Action", "Lead", "Due date", "Status", "Latest update"])
    statuses = ["Green", "Amber", "Complete", "Amber", "Green", "Red", "Green", "Green", "Amber", "Green", "Red",
                "Amber", "Green", "Amber", "Green", "Not started"]
    for i in range(4800):
        sheet.append([f"A{i + 1:04d}", f"Theme {i % 4}", f"Action number {i} for the plan", f"Lead {i % 9}",
                      dt.datetime(2025, 3, 31), statuses[i % 16], "On track per last report"])
    path = folder / "tracker_large.xlsx"
    wb.save(path)
    return path


def _time(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def run(quick: bool = False) -> list[dict]:
    import pandas as pd

    from cdp_data.services import plan
    from cdp_data.sources import plan_workbook
    from cdp_data.store import Workspace

    repeats = 5
    with tempfile.TemporaryDirectory() as tmp:
        path = _workbook(Path(tmp))
        content = path.read_bytes()
        # warm both (imports, file cache) before timing
        pd.read_excel(path, engine="openpyxl")
        n_actions = len(plan_workbook.parse_workbook(content, path.name).actions)
        pandas_times, plan_times = [], []
        for _ in range(repeats):
            pandas_times.append(_time(lambda: pd.read_excel(path, engine="openpyxl")))
            plan_times.append(_time(lambda: plan_workbook.parse_workbook(content, path.name)))
        pandas_s, plan_s = statistics.median(pandas_times), statistics.median(plan_times)
        ratio = plan_s / pandas_s
        figures = [
            {"figure": "pandas.read_excel tracker_large.xlsx (openpyxl)", "value": round(pandas_s, 3), "unit": "s",
             "runs": [round(t, 3) for t in pandas_times]},
            {"figure": f"plan.parse_workbook tracker_large.xlsx ({n_actions:,} actions)", "value": round(plan_s, 3),
             "unit": "s", "runs": [round(t, 3) for t in plan_times], "budget": f"<= {BUDGET}x pandas.read_excel",
             "ratio": round(ratio, 2), "within_budget": ratio <= BUDGET},
        ]
        ws = Workspace.open(Path(tmp) / "ws")
        try:
            ws.upsert_areas([{"code": "E08000015", "name": "Wirral", "is_partnership": True}])
            ids: list[int] = []
            store_s = median_seconds(
                lambda: ids.append(plan.add_plan_version(ws, "E08000015", path.name, content)),
                repeats=2 if quick else repeats)
            compare_s = median_seconds(lambda: plan.compare_versions(ws, ids[0], ids[-1]),
                                       repeats=2 if quick else repeats)
        finally:
            ws.dispose()
        figures += [
            {"figure": "parse and store a 4,800-action version", "value": round(store_s, 3), "unit": "s"},
            {"figure": "compare two 4,800-action versions", "value": round(compare_s, 3), "unit": "s"},
        ]
    return figures
