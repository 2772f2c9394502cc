"""ONS lookups: ward → LAD → county/UA → region, and LSOA (2011 or 2021) → ward best-fit.

Read, told apart (:func:`lookup_kind`) and normalised here; nothing here writes.
"""

from __future__ import annotations

import re

import pandas as pd

from ..core.errors import LoadError
from . import checks
from .base import read_csv_frame
from .ons_columns import CTYUA_CODE, LAD_CODE, LSOA11, LSOA21, WARD_CODE, WARD_COLUMNS, WARD_NAME, column


def read(content: bytes, filename: str) -> pd.DataFrame:
    return read_csv_frame(content, filename, dtype=str, keep_default_na=False, na_values=[""])


CODE_COLUMN = re.compile(r"^[a-z]+\d{2}cd$", re.IGNORECASE)   # ONS code columns: LSOA21CD, WD24CD, LAD24CD ...


def read_lookup(content: bytes, filename: str) -> pd.DataFrame:
    """A lookup table with at least one row (:class:`LoadError` otherwise); rows whose code columns hold
    something other than a GSS code are skipped and reported by line (``attrs["warnings"]``)."""
    frame = read(content, filename)
    if frame.empty:
        raise LoadError(f"{filename} has a header but no rows.")
    codes = [c for c in frame.columns if CODE_COLUMN.match(str(c))]
    reasons = [checks.code_pattern_reasons(frame[c], r"[A-Z]\d{8}", f"{c}") for c in codes]
    keep, warnings = checks.check_rows(checks.combine(*reasons), filename) if reasons else (None, [])
    if keep is not None:
        frame = frame[keep].reset_index(drop=True)
    frame.attrs["warnings"] = warnings
    return frame


def lookup_kind(frame: pd.DataFrame) -> str:
    """``lsoa_ward`` / ``ward`` / ``lsoa11_lsoa21`` / ``other`` for an ONS lookup table."""
    cols = list(frame.columns)
    has_lsoa = column(cols, LSOA11) or column(cols, LSOA21)
    if has_lsoa and column(cols, WARD_CODE):
        return "lsoa_ward"
    if column(cols, LSOA11) and column(cols, LSOA21):
        return "lsoa11_lsoa21"
    if column(cols, WARD_CODE):
        return "ward"
    return "other"


def describe(frame: pd.DataFrame) -> tuple[str, str]:
    """(name, vintage) for a lookup: e.g. ("LSOA 2011 → ward best-fit (WD24)", "lsoa11_wd24")."""
    kind = lookup_kind(frame)
    cols = [c.upper() for c in frame.columns]
    ward = next((c for c in cols if re.match(r"^WD\d{2}CD$", c)), None)
    if kind == "lsoa_ward":
        lsoa = "2021" if "LSOA21CD" in cols else "2011"
        return f"LSOA {lsoa} → ward best-fit ({ward[:4]})", f"lsoa{lsoa[2:]}_{ward[:4].lower()}"
    if kind == "ward":
        return f"Ward → LAD → county/UA lookup ({ward[:4]})", f"ward_{ward[:4].lower()}"
    if kind == "lsoa11_lsoa21":
        return "LSOA 2011 → LSOA 2021", "lsoa11_lsoa21"
    return "Area lookup (" + ", ".join(cols[:4]) + ")", "other"


def ward_columns(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """A lookup or boundary attribute table with its ward columns under the app's names
    (``ward_code``, ``ward_name``, ``lad_code``, ``lad_name``, ``ctyua_code``, ``ctyua_name``),
    geometry dropped; None when it has no ward code column."""
    if frame is None or len(frame) == 0:
        return None
    f = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    if "ward_code" in f:
        return f
    col = column(f.columns, WARD_CODE)
    if col is None:
        return None
    rename = {col: "ward_code"}
    for pattern, name in WARD_COLUMNS:
        c = column(f.columns, pattern)
        if c is not None:
            rename[c] = name
    return f.rename(columns=rename)


def lsoa_ward_lookup(frame: pd.DataFrame) -> pd.DataFrame:
    """Normalise an LSOA (2011 or 2021) to ward best-fit lookup.

    Returns ``lsoa_code``, ``lsoa_vintage``, ``ward_code``, ``ward_name``,
    ``lad_code``, ``ctyua_code`` (where given). Raises :class:`LoadError` when
    the frame has no LSOA and ward code columns.
    """
    lsoa_col = column(frame.columns, LSOA21) or column(frame.columns, LSOA11)
    ward_col = column(frame.columns, WARD_CODE)
    if lsoa_col is None or ward_col is None:
        raise LoadError("This lookup has no LSOA code (LSOA11CD or LSOA21CD) and ward code (WDyyCD) columns.")
    vintage = "2021" if LSOA21.match(lsoa_col) else "2011"
    out = pd.DataFrame({
        "lsoa_code": frame[lsoa_col].astype(str).str.strip(),
        "lsoa_vintage": vintage,
        "ward_code": frame[ward_col].astype(str).str.strip(),
    })
    for pattern, name in ((WARD_NAME, "ward_name"), (LAD_CODE, "lad_code"), (CTYUA_CODE, "ctyua_code")):
        col = column(frame.columns, pattern)
        out[name] = frame[col].values if col is not None else pd.NA
    return out.drop_duplicates("lsoa_code")


def lsoa_code_sets(frames: list[pd.DataFrame]) -> tuple[set[str], set[str]]:
    """LSOA 2011 and 2021 codes named in some lookup tables (their LSOA11CD / LSOA21CD columns)."""
    s11: set[str] = set()
    s21: set[str] = set()
    for frame in frames:
        cols = {c.upper(): c for c in frame.columns}
        # tolist(): iterating an Arrow-backed column builds each value through pandas, a list is built at once
        if "LSOA11CD" in cols:
            s11 |= set(frame[cols["LSOA11CD"]].dropna().tolist())
        if "LSOA21CD" in cols:
            s21 |= set(frame[cols["LSOA21CD"]].dropna().tolist())
    return s11, s21


_CODE_NAME = re.compile(r"^([a-z]+\d{2})cd$", re.IGNORECASE)


def area_names(frame: pd.DataFrame, codes: set[str] | None = None) -> dict[str, str]:
    """The official name of every area code a lookup table names (of ``codes`` only, if given): each ``XXyyCD``
    column with its ``XXyyNM`` (wards, districts, counties and unitaries, regions ...); blank names are left out."""
    upper = {c.upper(): c for c in frame.columns}
    names: dict[str, str] = {}
    for column in frame.columns:
        match = _CODE_NAME.match(str(column))
        name_column = upper.get(f"{match.group(1).upper()}NM") if match else None
        if name_column is None:
            continue
        pairs = frame[[column, name_column]].dropna().astype(str)
        code, name = pairs[column].str.strip(), pairs[name_column].str.strip()
        keep = (code != "") & (name != "")
        if codes is not None:
            keep &= code.isin(codes)
        names.update(zip(code[keep].tolist(), name[keep].tolist()))
    return names
