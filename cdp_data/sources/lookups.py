"""ONS lookups: ward → LAD → county/UA → region, and LSOA (2011 or 2021) → ward best-fit."""

from __future__ import annotations

import io
import re

import pandas as pd

from ..core.attributions import LINES
from ..core.errors import LoadError
from ..store import Workspace
from .base import LoadReport, decode_text


def read(content: bytes, filename: str) -> pd.DataFrame:
    try:
        return pd.read_csv(io.StringIO(decode_text(content, filename)), dtype=str, keep_default_na=False,
                           na_values=[""])
    except (pd.errors.ParserError, ValueError) as exc:
        raise LoadError(f"{filename} is not a readable CSV table: {exc}.") from exc


def describe(frame: pd.DataFrame) -> tuple[str, str]:
    """(name, vintage) for a lookup: e.g. ("LSOA 2011 → ward best-fit (WD24)", "lsoa11_wd24")."""
    from .. import geography as geo

    kind = geo.lookup_kind(frame)
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


def load(ws: Workspace, filename: str, content: bytes, **_options) -> LoadReport:
    frame = read(content, filename)
    if frame.empty:
        raise LoadError(f"{filename} has a header but no rows.")
    name, vintage = describe(frame)
    with ws.begin() as conn:
        ws.put_dataset("lookup", name, frame, vintage=vintage, source="ONS", source_file=filename,
                       attribution=LINES["ons"], conn=conn)
        ws.log_load("lookup", filename, len(frame), vintage=vintage, conn=conn)
    return LoadReport("lookup", name, filename, rows=len(frame), summary=f"{len(frame):,} rows: {name}",
                      details={"vintage": vintage})
