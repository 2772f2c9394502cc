"""Unmet need: the computation over many areas, and the page's reads on a loaded workspace.

Figures (median of 5 runs each):
- ``unmet_need_table`` over generated indicator rows for 150 areas x 6 substance groups x 10 periods
  (prevalence estimates with CIs, NDTMS counts by sex as well as persons, published % rows);
  budget 1 s (one page render should not wait on it).
- ``partnership_unmet_need`` (read + compute + England) on a workspace holding the real PHE
  alcohol estimates and generated NDTMS counts for every area; budget 0.5 s.
- ``unmet_need_across_areas`` for alcohol on that workspace; budget 1 s.
Generated inputs live in a temporary folder.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from bench.timing import median_seconds
from cdp_data.store import indicator_values as indicator_data
from cdp_data import unmet_need as domain
from cdp_data.services import unmet_need as un
from cdp_data.store import Workspace
from cdp_data.bootstrap import open_workspace

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
ESTIMATES = SHARED / "public/fingertips/phe_estimates_alcohol_dependent_adults_utla_2010_2018.csv"
CATEGORIES = ["Opiate", "Non-opiate only", "Non-opiate and alcohol", "Alcohol only", "Total"]


def generated_inputs(n_areas: int, n_periods: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    periods = [f"{y}/{str(y + 1)[-2:]}" for y in range(2012, 2012 + n_periods)]
    for a in range(n_areas):
        code = f"E0600{a:04d}"
        for period in periods:
            for indicator in ("ocu_prevalence_estimate", "opiate_prevalence_estimate", "crack_prevalence_estimate",
                              "alcohol_dependency_prevalence"):
                value = float(rng.integers(500, 15000))
                rows.append(dict(indicator_id=indicator, area_code=code, area_name=code, sex="Persons", age="",
                                 category="", period=period, value=value, lower_ci95=value * 0.8,
                                 upper_ci95=value * 1.3, source="generated"))
            for category in CATEGORIES:
                for sex in ("Persons", "Male", "Female"):
                    rows.append(dict(indicator_id="ndtms_in_treatment", area_code=code, area_name=code, sex=sex,
                                     age="All ages", category=category, period=period,
                                     value=float(rng.integers(0, 3000)), source="generated"))
            share = float(rng.uniform(20, 80))
            rows.append(dict(indicator_id="93532", area_code=code, area_name=code, sex="Persons", age="18+ yrs",
                             category="", period=period, value=share, lower_ci95=share - 8, upper_ci95=share + 8,
                             count=100.0, denominator=250.0, source="generated"))
    frame = pd.DataFrame(rows)
    for column in ("period_end", "note", "published_compared_england", "category_type", "count", "denominator"):
        if column not in frame:
            frame[column] = None
    frame["is_synthetic"] = True
    return frame


def loaded_workspace(folder: Path, seed: int = 2) -> Workspace:
    from cdp_data.services.loading import load_file

    ws = open_workspace(folder)
    load_file(ws, ESTIMATES.name, ESTIMATES.read_bytes())
    codes = indicator_data.read_values(ws, ["area_code"]).drop_duplicates()
    rng = np.random.default_rng(seed)
    rows = [dict(indicator_id="ndtms_in_treatment", area_code=c, sex="Persons", age="All ages",
                 category_type="Substance group", category=cat, period="2017/18",
                 value=float(rng.integers(100, 3000)), is_synthetic=True)
            for c in codes["area_code"] for cat in ("Alcohol only", "Non-opiate and alcohol")]
    with ws.begin() as conn:
        indicator_data.write_values(conn, indicator_data.to_table(pd.DataFrame(rows)))
    return ws


def _figure(name: str, seconds: float, budget: float) -> dict:
    return {"figure": name, "value": round(seconds, 4), "unit": "s", "budget": f"<= {budget} s",
            "ratio": round(seconds / budget, 3), "within_budget": bool(seconds <= budget)}


def run(quick: bool = False) -> list[dict]:
    n_areas = 30 if quick else 150
    inputs = generated_inputs(n_areas, 10)
    out = [_figure(f"unmet_need_table: {n_areas} areas x 6 groups x 10 periods ({len(inputs):,} input rows)",
                   median_seconds(lambda: domain.unmet_need_table(inputs), repeats=5), 1.0)]
    if not ESTIMATES.exists():
        return out
    folder = Path(tempfile.mkdtemp(prefix="bench_unmet_"))
    try:
        ws = loaded_workspace(folder / "ws")
        out.append(_figure("partnership_unmet_need (Lancashire, real estimates + counts for all areas)",
                           median_seconds(lambda: un.partnership_unmet_need(ws, "E10000017"), repeats=5), 0.5))
        out.append(_figure("unmet_need_across_areas (alcohol, 152 areas)",
                           median_seconds(lambda: un.unmet_need_across_areas(ws, "alcohol", "2017/18"), repeats=5),
                           1.0))
        ws.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out
