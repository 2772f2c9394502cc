"""Population tables by LSOA or ward (ONS mid-year estimates, Census 2021, derived ward tables).

Stored normalised as ``code``, ``level`` (lsoa11 / lsoa21 / ward), ``population``
with the measure's column name kept in the dataset's name and vintage.
"""

from __future__ import annotations

import re

import pandas as pd

from ..core.errors import LoadError
from . import checks
from .base import read_csv_frame

# Preferred population column, most specific first.
CODE_PATTERNS = {"lsoa21": r"[EW]01\d{6}", "lsoa11": r"[EW]01\d{6}", "ward": r"[EWSN]\d{8}"}
MEASURES = ["population", "usual_residents_census2021", "pop_all_ages", "pop_mid2020_from_lsoa11_bestfit",
            "pop_total_mid2015"]


def normalise(frame: pd.DataFrame, filename: str = "file", measure: str | None = None) -> pd.DataFrame:
    """-> ``code``, ``level``, ``population`` (attrs: ``measure``, ``label``)."""
    cols = {c.lower(): c for c in frame.columns}
    code = level = None
    for key, lvl in (("lsoa21cd", "lsoa21"), ("lsoa11cd", "lsoa11")):
        if key in cols:
            code, level = cols[key], lvl
            break
    if code is None:
        ward = next((c for c in frame.columns if re.match(r"^wd\d{2}cd$", c, re.I)), None)
        if ward is None:
            raise LoadError(f"{filename} has no LSOA (LSOA11CD/LSOA21CD) or ward (WDyyCD) code column.")
        code, level = ward, "ward"
    chosen = measure or next((m for m in MEASURES if m in cols), None)
    if chosen is None or chosen.lower() not in cols:
        raise LoadError(f"{filename} has no population column (one of {', '.join(MEASURES)}).")
    out = pd.DataFrame({"code": frame[code].astype(str).str.strip(), "level": level,
                        "population": pd.to_numeric(frame[cols[chosen.lower()]], errors="coerce")})
    keep, warnings = checks.check_rows(checks.combine(
        checks.code_pattern_reasons(out["code"], CODE_PATTERNS[level], f"{level} code"),
        checks.number_reasons(out[["population"]], nonnegative=("population",))), filename)
    out = out[keep]
    out.attrs["warnings"] = warnings
    out.attrs["measure"] = chosen
    out.attrs["label"] = {"usual_residents_census2021": "Census 2021 usual residents",
                          "pop_all_ages": "ONS mid-year population estimate",
                          "pop_mid2020_from_lsoa11_bestfit": "ONS mid-2020 estimates summed to wards",
                          "pop_total_mid2015": "IoD population denominators (mid-2015)"}.get(chosen, chosen)
    return out.dropna(subset=["population"])


def read(content: bytes, filename: str) -> pd.DataFrame:
    """A population table normalised to ``code``, ``level``, ``population`` (see :func:`normalise`)."""
    frame = read_csv_frame(content, filename, dtype=str)
    return normalise(frame, filename)


def describe(table: pd.DataFrame) -> tuple[str, str, str]:
    """(name, vintage, level) of a normalised population table."""
    measure, level = table.attrs["measure"], table["level"].iloc[0] if len(table) else "?"
    return f"Population by {level}: {table.attrs['label']}", f"{level}:{measure}", level
