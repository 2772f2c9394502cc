"""data.police.uk street-level crime CSVs, read as published.

The whole file is never stored: it is counted by LSOA, month, force and crime
type (by the ward map's service, with :func:`cdp_data.geography.police_lsoa_counts`), with rows that have no location kept as
``lsoa_code`` = "" so they are reported as "not located", not dropped. A
re-loaded force-month replaces its earlier counts.
"""

from __future__ import annotations


import pandas as pd

from ..core.errors import LoadError
from . import checks
from .base import read_csv_frame

KIND = "police_counts"
NAME = "Police street-level crime counts by LSOA and month"


def read_street(content: bytes, filename: str) -> pd.DataFrame:
    frame = read_csv_frame(content, filename, dtype=str, keep_default_na=False)
    frame.columns = [c.strip() for c in frame.columns]
    missing = [c for c in ("Month", "Reported by", "LSOA code", "Crime type") if c not in frame.columns]
    if missing:
        raise LoadError(f"{filename} is not a data.police.uk street file: no {', '.join(missing)} column.")
    if frame.empty:
        raise LoadError(f"{filename} is a data.police.uk street file with no crimes in it.")
    keep, warnings = checks.check_rows(_reasons(frame), filename)
    frame = frame[keep].reset_index(drop=True)
    frame.attrs["warnings"] = warnings
    return frame


def _reasons(frame: pd.DataFrame) -> pd.Series:
    """A month as data.police.uk writes it (2024-01, from 2000), an LSOA code or none (not located), and a
    force and crime type."""
    month = frame["Month"].str.strip()
    bad_month = ~month.str.fullmatch(r"20\d\d-(0[1-9]|1[0-2])")
    months = pd.Series(None, index=frame.index, dtype=object)
    months[bad_month.to_numpy()] = [f"month '{checks.short(m)}' is not a month (YYYY-MM)" for m in month[bad_month]]
    named = pd.Series(None, index=frame.index, dtype=object)
    for column in ("Reported by", "Crime type"):
        blank = frame[column].str.strip() == ""
        named[blank.to_numpy() & named.isna().to_numpy()] = f"no {column.lower()}"
    return checks.combine(months, checks.code_pattern_reasons(frame["LSOA code"], r"[EW]01\d{6}", "LSOA code"),
                          named)
