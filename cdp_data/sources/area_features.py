"""Readers for the public files the "similar areas" features are built from (nothing here writes).

Each takes a file's bytes and name and returns a tidy frame with the columns named here, or raises
:class:`LoadError` with one sentence naming the missing columns. The files (paths relative to the public
data folder, see its SOURCES.md):

* ``imd/imd2019_lsoa11_england.csv`` — IoD2019 per LSOA 2011: IMD score, Income and Employment domain
  scores (rates 0-1) and the IoD File 6 population denominators (mid-2015).
* ``population/ons_mid2020_population_lsoa11.csv`` — ONS mid-2020 LSOA 2011 estimates by broad age.
* ``lookups/lookup_lsoa11_lsoa21_lad22_ONS.csv`` — LSOA 2011 to LSOA 2021.
* ``lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv`` — LSOA 2021 to local authority district (2024).
* ``lookups/lookup_lad23_utla23_ONS.csv`` — district to upper-tier authority (2023).
* ``geography/ctyua_dec2023_bsc_england.geojson`` — county and unitary authority outlines, for land area.
"""

from __future__ import annotations

import pandas as pd

from ..core.errors import LoadError
from .base import read_csv_frame

FILES = {
    "imd": "imd/imd2019_lsoa11_england.csv",
    "population": "population/ons_mid2020_population_lsoa11.csv",
    "lsoa11_lsoa21": "lookups/lookup_lsoa11_lsoa21_lad22_ONS.csv",
    "lsoa21_lad": "lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv",
    "lad_utla": "lookups/lookup_lad23_utla23_ONS.csv",
    "outlines": "geography/ctyua_dec2023_bsc_england.geojson",
}

_COLUMNS = {  # file key -> {column in the file: column returned}
    "imd": {"lsoa11cd": "lsoa11_code", "imd_score": "imd_score", "income_score_rate": "income_score_rate",
            "employment_score_rate": "employment_score_rate", "pop_total_mid2015": "iod_population",
            "pop_working_age_mid2015": "iod_working_age"},
    "population": {"LSOA11CD": "lsoa11_code", "pop_all_ages": "population", "pop_0_15": "pop_0_15",
                   "pop_16_64": "pop_16_64", "pop_65plus": "pop_65_plus"},
    "lsoa11_lsoa21": {"LSOA11CD": "lsoa11_code", "LSOA21CD": "lsoa21_code"},
    "lsoa21_lad": {"LSOA21CD": "lsoa21_code", "LAD24CD": "lad_code"},
    "lad_utla": {"LAD23CD": "lad_code", "UTLA23CD": "utla_code", "UTLA23NM": "utla_name"},
}
_NUMERIC = {"imd_score", "income_score_rate", "employment_score_rate", "iod_population", "iod_working_age",
            "population", "pop_0_15", "pop_16_64", "pop_65_plus"}


def read_table(key: str, content: bytes, filename: str) -> pd.DataFrame:
    """One of the CSV inputs (``key`` as in :data:`FILES`), with the columns renamed as in ``_COLUMNS``."""
    wanted = _COLUMNS[key]
    frame = read_csv_frame(content, filename, dtype=str, keep_default_na=False, na_values=[""])
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise LoadError(f"{filename} lacks the column(s) {', '.join(missing)} needed for similar areas.")
    out = frame[list(wanted)].rename(columns=wanted)
    for column in _NUMERIC & set(out.columns):
        out[column] = pd.to_numeric(out[column], errors="coerce")
    return out


def read_outline_areas(content: bytes, filename: str) -> pd.DataFrame:
    """Upper-tier outlines as ``utla_code``, ``area_km2`` (land area measured in British National Grid,
    EPSG:27700, on the generalised, coast-clipped outlines)."""
    from .boundaries import read_any_boundaries

    gdf = read_any_boundaries(content, filename)
    code = next((c for c in gdf.columns if c.upper().startswith("CTYUA") and c.upper().endswith("CD")), None)
    if code is None:
        raise LoadError(f"{filename} has no county/unitary authority code column (CTYUA23CD).")
    area = gdf.to_crs(27700).geometry.area / 1e6
    return pd.DataFrame({"utla_code": gdf[code].astype(str), "area_km2": area.to_numpy()})
