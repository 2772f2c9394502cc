"""data.police.uk street-level crime CSVs, read as published.

The whole file is never stored: it is counted by LSOA, month, force and crime
type (by the ward map's service, with :func:`cdp_data.geography.police_lsoa_counts`), with rows that have no location kept as
``lsoa_code`` = "" so they are reported as "not located", not dropped. A
re-loaded force-month replaces its earlier counts.
"""

from __future__ import annotations

import io

import pandas as pd

from ..core.errors import LoadError
from .base import decode_text

KIND = "police_counts"
NAME = "Police street-level crime counts by LSOA and month"


def read_street(content: bytes, filename: str) -> pd.DataFrame:
    try:
        frame = pd.read_csv(io.StringIO(decode_text(content, filename)), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise LoadError(f"{filename} is not a readable CSV table: {exc}.") from exc
    frame.columns = [c.strip() for c in frame.columns]
    missing = [c for c in ("Month", "Reported by", "LSOA code", "Crime type") if c not in frame.columns]
    if missing:
        raise LoadError(f"{filename} is not a data.police.uk street file: no {', '.join(missing)} column.")
    return frame
