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


MONTH = r"20\d\d-(0[1-9]|1[0-2])"
LSOA = r"[EW]01\d{6}"


def _reasons(frame: pd.DataFrame) -> pd.Series:
    """A month as data.police.uk writes it (2024-01, from 2000), an LSOA code or none (not located), and a
    force and crime type."""
    if _all_valid(frame):   # nearly every file: no reason to write for any row
        return pd.Series(None, index=frame.index, dtype=object)
    month = frame["Month"].str.strip()
    bad_month = ~month.str.fullmatch(MONTH)
    months = pd.Series(None, index=frame.index, dtype=object)
    months[bad_month.to_numpy()] = [f"month '{checks.short(m)}' is not a month (YYYY-MM)" for m in month[bad_month]]
    named = pd.Series(None, index=frame.index, dtype=object)
    for column in ("Reported by", "Crime type"):
        blank = frame[column].str.strip() == ""
        named[blank.to_numpy() & named.isna().to_numpy()] = f"no {column.lower()}"
    return checks.combine(months, checks.code_pattern_reasons(frame["LSOA code"], LSOA, "LSOA code"),
                          named)


def _all_valid(frame: pd.DataFrame) -> bool:
    """True when no row breaks a rule of :func:`_reasons` (the same tests, without writing the reasons); False
    also when a column holds something other than text, for :func:`_reasons` to look at row by row."""
    columns = [frame[c] for c in ("Month", "Reported by", "Crime type", "LSOA code")]
    if any(not isinstance(c, pd.Series) or str(c.dtype) != "str" or c.isna().any() for c in columns):
        return False
    month, force, crime, code = (c.str.strip() for c in columns)
    return bool(month.str.fullmatch(MONTH).all() and (force != "").all() and (crime != "").all()
                and ((code == "") | code.str.fullmatch(LSOA)).all())
