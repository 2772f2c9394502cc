"""data.police.uk street-level crime CSVs, read as published.

The whole file is never stored: it is counted by LSOA, month, force and crime
type (``police_counts``), with rows that have no location kept as
``lsoa_code`` = "" so they are reported as "not located", not dropped. A
re-loaded force-month replaces its earlier counts.
"""

from __future__ import annotations

import io

import pandas as pd

from ..core.attributions import LINES
from ..core.errors import LoadError
from ..store import Workspace
from .base import LoadReport, decode_text

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


def lsoa_code_sets(ws: Workspace) -> tuple[set[str], set[str]]:
    """LSOA 2011 and 2021 codes known from the workspace's lookups (empty if none)."""

    s11: set[str] = set()
    s21: set[str] = set()
    for ds in ws.datasets("lookup").itertuples():
        frame = ws.get_dataset(int(ds.id))
        cols = {c.upper(): c for c in frame.columns}
        if "LSOA11CD" in cols:
            s11 |= set(frame[cols["LSOA11CD"]].dropna())
        if "LSOA21CD" in cols:
            s21 |= set(frame[cols["LSOA21CD"]].dropna())
    return s11, s21


def count_file(content: bytes, filename: str, lsoa11: set[str], lsoa21: set[str]) -> pd.DataFrame:
    from .. import geography as geo

    return geo.police_lsoa_counts(read_street(content, filename), lsoa11, lsoa21)


def load(ws: Workspace, filename: str, content: bytes, **_options) -> LoadReport:
    s11, s21 = lsoa_code_sets(ws)
    counts = count_file(content, filename, s11, s21)
    months = sorted(counts["month"].unique())
    not_located = int(counts.loc[counts["lsoa_code"] == "", "count"].sum())
    vintages = sorted(v for v in counts["lsoa_vintage"].unique() if v)
    with ws.begin() as conn:
        ws.merge_dataset(KIND, NAME, counts, ["month", "force"], conn=conn, vintage=None, source="data.police.uk",
                         source_file=filename, attribution=LINES["police"])
        ws.log_load("police_street", filename, int(counts["count"].sum()), vintage=",".join(months),
                    detail={"not_located": not_located, "lsoa_vintage": vintages}, conn=conn)
    warnings = [f"{not_located:,} rows have no location; they are counted as 'not located'."] if not_located else []
    return LoadReport("police_street", "data.police.uk street-level crime", filename,
                      rows=int(counts["count"].sum()),
                      summary=f"{int(counts['count'].sum()):,} crimes, {', '.join(months)}, LSOA {'/'.join(vintages)}"
                              " codes (counted by LSOA; the file itself is not kept)",
                      warnings=warnings, details={"months": months, "not_located": not_located})
