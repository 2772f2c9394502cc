"""English Indices of Deprivation at LSOA level: IoD2019 (LSOA 2011) and IoD2025 (LSOA 2021).

Reads the official MHCLG layouts (File 1 ranks/deciles, File 2 domains, File 5/7
scores, File 6 population denominators) and the tidy combined tables
(``imd2019_lsoa11_england.csv``, ``imd2025_lsoa21_england.csv``), detected by
header. Each upload is merged into one stored table per vintage, so File 1 and
File 6 loaded one after the other make a single IoD2019 dataset.
"""

from __future__ import annotations


import pandas as pd

from ..core.attributions import LINES
from ..core.errors import LoadError
from . import checks
from .base import read_csv_frame

KIND = {"IoD2019": "imd2019_lsoa11", "IoD2025": "imd2025_lsoa21"}
NAME = {"IoD2019": "English Indices of Deprivation 2019 (LSOA 2011)",
        "IoD2025": "English Indices of Deprivation 2025 (LSOA 2021)"}
ATTRIBUTION = {"IoD2019": LINES["iod2019"], "IoD2025": LINES["iod2025"]}
COLUMNS = ["lsoa_code", "lsoa_name", "imd_score", "imd_rank", "imd_decile", "population"]


def _find(columns, *needles: str, exclude: tuple[str, ...] = ()) -> str | None:
    for col in columns:
        low = col.lower()
        if all(n in low for n in needles) and not any(x in low for x in exclude):
            return col
    return None


def _code_column(lower: dict[str, str], filename: str) -> tuple[str, str]:
    """(vintage, LSOA code column): LSOA 2021 codes mean IoD2025, LSOA 2011 codes IoD2019."""
    if "lsoa21cd" in lower or "lsoa code (2021)" in lower:
        return "IoD2025", lower.get("lsoa21cd") or lower["lsoa code (2021)"]
    if "lsoa11cd" in lower or "lsoa code (2011)" in lower:
        return "IoD2019", lower.get("lsoa11cd") or lower["lsoa code (2011)"]
    raise LoadError(f"{filename} has no LSOA code column (lsoa11cd / 'LSOA code (2011)' or the 2021 equivalent).")


def _name_column(lower: dict[str, str]) -> str | None:
    for key in ("lsoa11nm", "lsoa21nm", "lsoa name (2011)", "lsoa name (2021)"):
        if lower.get(key):
            return lower[key]
    return None


def _measure_columns(cols: list[str], lower: dict[str, str]) -> dict[str, str | None]:
    """The column of each measure in the tidy table's names or the official MHCLG headings."""
    return {
        "imd_score": lower.get("imd_score") or _find(cols, "index of multiple deprivation", "score"),
        "imd_rank": lower.get("imd_rank") or _find(cols, "index of multiple deprivation", "rank"),
        "imd_decile": lower.get("imd_decile") or _find(cols, "index of multiple deprivation", "decile"),
        "population": lower.get("pop_total_mid2015") or _find(cols, "total population"),
    }


def normalise(frame: pd.DataFrame, filename: str = "file") -> tuple[pd.DataFrame, str]:
    """An IoD table in any supported layout -> (``COLUMNS`` frame, vintage).

    Missing measures (e.g. no score in File 1, no denominators in File 2) come
    back as NA columns.
    """
    cols = [str(c).strip() for c in frame.columns]
    frame = frame.set_axis(cols, axis=1)
    lower = {c.lower(): c for c in cols}
    vintage, code = _code_column(lower, filename)
    name = _name_column(lower)
    out = pd.DataFrame({"lsoa_code": frame[code].astype(str).str.strip()})
    out["lsoa_name"] = frame[name].astype(str) if name else pd.NA
    for target, col in _measure_columns(cols, lower).items():
        out[target] = pd.to_numeric(frame[col], errors="coerce") if col else pd.NA
        out[target] = out[target].astype("Float64")
    out = out[out["lsoa_code"].str.match(r"^E01\d{6}$")]
    if out.empty:
        raise LoadError(f"{filename} has no English LSOA rows (codes starting E01).")
    if out[["imd_score", "imd_rank", "imd_decile", "population"]].isna().all().all():
        raise LoadError(f"{filename} has LSOA codes but no IMD score, rank, decile or population column.")
    keep, warnings = checks.check_rows(_value_reasons(out), filename)
    out = out[keep].drop_duplicates("lsoa_code").reset_index(drop=True)
    out.attrs["warnings"] = warnings
    return out, vintage


def _value_reasons(out: pd.DataFrame) -> pd.Series:
    """Usable numbers: a finite score of at least 0, a whole rank of at least 1, a whole decile from 1 to 10,
    a whole population of at least 0 (reported by line, the rows skipped)."""
    numbers = out[["imd_score", "imd_rank", "imd_decile", "population"]].astype(float)
    return checks.combine(checks.number_reasons(numbers, nonnegative=()),
                          checks.range_reasons(out["imd_score"], "IMD score", 0),
                          checks.range_reasons(out["imd_rank"], "IMD rank", 1, whole=True),
                          checks.range_reasons(out["imd_decile"], "IMD decile", 1, 10, whole=True),
                          checks.range_reasons(out["population"], "population", 0, whole=True))


def merge(existing: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    """Fill the stored table's gaps from a new file of the same vintage (new values win)."""
    if existing is None or existing.empty:
        return new
    combined = new.set_index("lsoa_code").combine_first(existing.set_index("lsoa_code"))
    return combined.reset_index()[COLUMNS]


def read(content: bytes, filename: str) -> pd.DataFrame:
    return read_csv_frame(content, filename, dtype=str)
