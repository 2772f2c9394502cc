"""Police street-level crime: counted by LSOA, then summed to the area's wards."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import LoadError


POLICE_COLUMNS = ["Month", "Reported by", "LSOA code", "Crime type"]


def police_lsoa_counts(street: pd.DataFrame, lsoa11_codes: set[str], lsoa21_codes: set[str]) -> pd.DataFrame:
    """Count one data.police.uk street file by LSOA, month and crime type.

    The LSOA vintage is decided per file from the codes themselves: codes found
    only in the 2011 set versus only in the 2021 set (data.police.uk switched
    during 2023); when no code decides, months before 2023 are 2011. Rows with
    no LSOA are kept with ``lsoa_code`` = "" (counted as "not located").
    """
    missing = [c for c in POLICE_COLUMNS if c not in street.columns]
    if missing:
        raise LoadError(f"This police file has no {', '.join(missing)} column: is it a data.police.uk street file?")
    codes = street["LSOA code"].fillna("").astype(str).str.strip()
    present = set(codes[codes != ""])
    only11, only21 = len(present & (lsoa11_codes - lsoa21_codes)), len(present & (lsoa21_codes - lsoa11_codes))
    if only11 != only21:
        vintage = "2011" if only11 > only21 else "2021"
    else:
        first_month = str(street["Month"].dropna().astype(str).min() or "2023-01")
        vintage = "2011" if first_month < "2023" else "2021"
    frame = pd.DataFrame({"month": street["Month"].astype(str).str.strip(),
                          "force": street["Reported by"].fillna("").astype(str).str.strip(),
                          "lsoa_code": codes, "crime_type": street["Crime type"].fillna("").astype(str).str.strip()})
    counts = frame.groupby(["month", "force", "lsoa_code", "crime_type"], dropna=False).size().rename("count")
    counts = counts.reset_index()
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
    rows = lsoa_counts[lsoa_counts["crime_type"].str.lower() == crime_type.lower()]
    if months:
        rows = rows[(rows["month"] >= months[0]) & (rows["month"] <= months[1])]
    not_located = rows[rows["lsoa_code"] == ""].groupby("force")["count"].sum().to_dict()
    located = rows[rows["lsoa_code"] != ""].copy()
    by_vintage = {lk["lsoa_vintage"].iloc[0]: dict(zip(lk["lsoa_code"].tolist(), lk["ward_code"].tolist()))
                  for lk in lookups if len(lk)}
    # Each row with the lookup of its own vintage first, then (a code only the other vintage knows) the others.
    order = {v: [by_vintage[v]] + [m for k, m in by_vintage.items() if k != v] for v in by_vintage}
    fallback = list(by_vintage.values())
    ward = []
    for code, vintage in zip(located["lsoa_code"].tolist(), located["lsoa_vintage"].tolist()):
        ward.append(next((m[code] for m in order.get(vintage, fallback) if code in m), None))
    located["ward_code"] = pd.Series(ward, index=located.index, dtype="object")
    unmatched = int(located.loc[located["ward_code"].isna(), "count"].sum())
    sums = located.dropna(subset=["ward_code"]).groupby("ward_code")["count"].sum()
    out = area_wards[["ward_code", "ward_name"]].copy()
    out["count"] = out["ward_code"].map(sums).fillna(0).astype(int)
    info = {"not_located": {k: int(v) for k, v in not_located.items()}, "unmatched": unmatched,
            "months": sorted(rows["month"].unique().tolist()), "crime_type": crime_type}
    return out, info
