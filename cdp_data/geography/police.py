"""Police street-level crime: counted by LSOA, then summed to the area's wards."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..core.errors import LoadError


POLICE_COLUMNS = ["Month", "Reported by", "LSOA code", "Crime type"]


@dataclass(frozen=True)
class StreetTally:
    """One street file counted, before its LSOA vintage is decided: ``counts`` by ``month``, ``force``,
    ``lsoa_code`` and ``crime_type``; the LSOA ``codes`` it names; its ``first_month`` (for when no code
    decides the vintage). It depends on the file alone, so a service may keep it for the same bytes."""

    counts: pd.DataFrame
    codes: frozenset[str]
    first_month: str


def police_lsoa_counts(street: pd.DataFrame, lsoa11_codes: set[str], lsoa21_codes: set[str]) -> pd.DataFrame:
    """Count one data.police.uk street file by LSOA, month and crime type.

    The LSOA vintage is decided per file from the codes themselves: codes found
    only in the 2011 set versus only in the 2021 set (data.police.uk switched
    during 2023); when no code decides, months before 2023 are 2011. Rows with
    no LSOA are kept with ``lsoa_code`` = "" (counted as "not located").
    """
    return tally_counts(street_tally(street), lsoa11_codes, lsoa21_codes)


def street_tally(street: pd.DataFrame) -> StreetTally:
    """The counts of :func:`police_lsoa_counts` without the LSOA vintage (see :class:`StreetTally`)."""
    missing = [c for c in POLICE_COLUMNS if c not in street.columns]
    if missing:
        raise LoadError(f"This police file has no {', '.join(missing)} column: is it a data.police.uk street file?")
    codes = street["LSOA code"].fillna("").astype(str).str.strip()
    present = frozenset(codes[codes != ""].unique().tolist())   # each distinct code once, not each row
    first_month = str(street["Month"].dropna().astype(str).min() or "2023-01")
    frame = pd.DataFrame({"month": street["Month"].astype(str).str.strip(),
                          "force": street["Reported by"].fillna("").astype(str).str.strip(),
                          "lsoa_code": codes, "crime_type": street["Crime type"].fillna("").astype(str).str.strip()})
    counts = frame.groupby(["month", "force", "lsoa_code", "crime_type"], dropna=False).size().rename("count")
    return StreetTally(counts.reset_index(), present, first_month)


def tally_counts(tally: StreetTally, lsoa11_codes: set[str], lsoa21_codes: set[str]) -> pd.DataFrame:
    """A file's tally with its LSOA vintage (see :func:`police_lsoa_counts`), as a new frame."""
    # Counted over the file's own codes: the set differences of two national code lists cost more than the file.
    only11 = sum(1 for c in tally.codes if c in lsoa11_codes and c not in lsoa21_codes)
    only21 = sum(1 for c in tally.codes if c in lsoa21_codes and c not in lsoa11_codes)
    if only11 != only21:
        vintage = "2011" if only11 > only21 else "2021"
    else:
        vintage = "2011" if tally.first_month < "2023" else "2021"
    counts = tally.counts.copy(deep=False)
    counts["lsoa_vintage"] = np.where(counts["lsoa_code"] == "", "", vintage)
    return counts


def police_ward_counts(lsoa_counts: pd.DataFrame, lookups: list[pd.DataFrame], area_wards: pd.DataFrame,
                       crime_type: str = "Drugs", months: tuple[str, str] | None = None) -> tuple[pd.DataFrame, dict]:
    """Sum LSOA crime counts to the area's wards (wards with none included, count 0).

    ``lookups``: normalised LSOA→ward lookups (2011 and/or 2021). A row is
    mapped with the lookup of its own vintage, falling back to the other when
    the code is only there. Returns the ward table (``ward_code``,
    ``ward_name``, ``count``) and a dict with ``not_located`` (rows without a
    location, by force), ``unmatched`` (codes in no lookup) and ``months``.
    Nothing is suppressed here: the services pass the counts through :mod:`cdp_data.services.disclosure`.
    """
    keep = lsoa_counts["crime_type"].str.lower() == crime_type.lower()
    if months:
        keep &= (lsoa_counts["month"] >= months[0]) & (lsoa_counts["month"] <= months[1])
    rows = lsoa_counts[keep]
    blank = rows["lsoa_code"] == ""
    not_located = rows[blank].groupby("force")["count"].sum().to_dict()
    located = rows[~blank]
    # Each row with the lookup of its own vintage first, then (a code only the other vintage knows) the others,
    # looked up in plain dicts of the lookup rows of the codes counted only: de-duplicating, indexing and mapping
    # a national lookup on every call cost more than the rest (a code given twice keeps its last row either way).
    wanted = located["lsoa_code"].unique()
    by_vintage = {lk["lsoa_vintage"].iloc[0]: _codes_to_wards(lk, wanted) for lk in lookups if len(lk)}
    sums: dict[str, int] = {}
    unmatched = 0
    for code, vintage, count in zip(located["lsoa_code"].tolist(), located["lsoa_vintage"].tolist(),
                                    located["count"].tolist()):
        ward = _ward_of(code, by_vintage.get(vintage), by_vintage)
        if ward is None:
            unmatched += count
        else:
            sums[ward] = sums.get(ward, 0) + count
    unmatched = int(unmatched)
    out = area_wards[["ward_code", "ward_name"]].copy()
    out["count"] = out["ward_code"].map(sums).fillna(0).astype(int)
    info = {"not_located": {k: int(v) for k, v in not_located.items()}, "unmatched": unmatched,
            "months": sorted(rows["month"].unique().tolist()), "crime_type": crime_type}
    return out, info


def _codes_to_wards(lookup: pd.DataFrame, codes) -> dict:
    """``ward_code`` by ``lsoa_code`` (the last row of a code given twice) for the ``codes`` in ``lookup``."""
    # pyarrow's hash set: pandas' isin on Arrow strings builds a Python scalar for each code asked about.
    held = pc.is_in(pa.array(lookup["lsoa_code"], from_pandas=True),
                    value_set=pa.array(codes, type=pa.string(), from_pandas=True))
    rows = lookup[np.asarray(held.fill_null(False), dtype=bool)]
    wards = dict(zip(rows["lsoa_code"].tolist(), rows["ward_code"].tolist()))
    return {code: ward for code, ward in wards.items() if not pd.isna(ward)}   # a code with no ward: not there


def _ward_of(code, own: dict | None, by_vintage: dict) -> str | None:
    """The ward of ``code`` in its own vintage's lookup (``own``), else in the first that has it."""
    if own is not None and code in own:
        return own[code]
    return next((mapping[code] for mapping in by_vintage.values() if code in mapping), None)
