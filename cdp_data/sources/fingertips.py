"""Fingertips "Download data" CSV exports (and API responses, which share the format).

The export has 27 columns (DOMAIN.md section 5). The published value, both CI
levels, count, denominator, value note, recent trend and the published
"Compared to England ..." and "Compared to <parent> ..." labels are kept as
published; the parent column's name changes with the parent area type, so it
is found by pattern. An empty or suppressed value is stored as missing (never
zero) with a note saying why.

Read with pyarrow's multi-threaded CSV reader; periods are parsed once per
distinct label.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from ..errors import LoadError
from ..store import Workspace
from .base import LoadReport, csv_header
from .indicator_store import period_columns, store_values

SOURCE = "OHID Fingertips"
KIND = "fingertips_export"
REQUIRED = ["Indicator ID", "Area Code", "Time period", "Value"]
NUMERIC = {
    "Value": "value", "Lower CI 95.0 limit": "lower_ci95", "Upper CI 95.0 limit": "upper_ci95",
    "Lower CI 99.8 limit": "lower_ci998", "Upper CI 99.8 limit": "upper_ci998",
    "Count": "count", "Denominator": "denominator",
}
TEXT = {
    "Indicator ID": "indicator_id", "Indicator Name": "indicator_name", "Parent Code": "parent_code",
    "Area Code": "area_code", "Area Name": "area_name", "Area Type": "area_type", "Sex": "sex", "Age": "age",
    "Category Type": "category_type", "Category": "category", "Time period": "period",
    "Value note": "note", "Recent Trend": "recent_trend",
}
ENGLAND_COMPARISON = re.compile(r"^compared to england value or percentiles$", re.I)
PARENT_COMPARISON = re.compile(r"^compared to (?!england value)(?!goal).+ value or percentiles$", re.I)
# Suppression markers are not nulls here: a numeric column holding one is re-read as text so the note can say why.
NULLS = ["", "NULL", "null", "NA", "N/A", "-"]


def comparison_columns(header: list[str]) -> tuple[str | None, str | None]:
    """The "Compared to England ..." column and the "Compared to <parent> ..." column, if present."""
    england = next((h for h in header if ENGLAND_COMPARISON.match(h.strip())), None)
    parent = next((h for h in header if PARENT_COMPARISON.match(h.strip())), None)
    return england, parent


def read_export(content: bytes, filename: str) -> pd.DataFrame:
    """A Fingertips export as a tidy frame with ``indicator_values`` column names.

    Raises :class:`LoadError` when the file is not a Fingertips export.
    """
    header = csv_header(content, filename)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise LoadError(f"{filename} is not a Fingertips export: it has no {', '.join(missing)} column.")
    england_col, parent_col = comparison_columns(header)
    wanted = [c for c in header if c in NUMERIC or c in TEXT or c in (england_col, parent_col)]
    table = _read_table(content, filename, header, wanted)
    frame = pd.DataFrame(index=pd.RangeIndex(table.num_rows))
    raw_values = None
    for name in wanted:
        column = table.column(name)
        if name in NUMERIC:
            if pa.types.is_string(column.type) or pa.types.is_large_string(column.type) or \
                    pa.types.is_dictionary(column.type):
                text = pd.Series(column.to_pandas(), dtype=object)
                numbers = pd.to_numeric(text, errors="coerce")
                if name == "Value":
                    raw_values = text
                frame[NUMERIC[name]] = numbers.astype(float)
            else:
                frame[NUMERIC[name]] = column.to_numpy(zero_copy_only=False).astype(float)
        else:
            target = TEXT.get(name) or ("published_compared_england" if name == england_col
                                        else "published_compared_parent")
            frame[target] = _text(column)
    if "note" not in frame:
        frame["note"] = None
    _explain_missing(frame, raw_values)
    frame["period_start"], frame["period_end"] = period_columns(frame["period"])
    frame["indicator_id"] = frame["indicator_id"].astype(str)
    return frame


def _read_table(content: bytes, filename: str, header: list[str], wanted: list[str]) -> pa.Table:
    types = {c: pa.float64() for c in NUMERIC if c in wanted}
    types.update({c: pa.string() for c in wanted if c not in NUMERIC})
    convert = pacsv.ConvertOptions(column_types=types, include_columns=wanted, null_values=NULLS,
                                   strings_can_be_null=True, auto_dict_encode=True, auto_dict_max_cardinality=100000)
    read = pacsv.ReadOptions(block_size=16 << 20)
    source = content[3:] if content[:3] == b"\xef\xbb\xbf" else content
    try:
        return pacsv.read_csv(io.BytesIO(source), read_options=read, convert_options=convert)
    except pa.ArrowInvalid:
        # A numeric column holding text (a marker the reader does not know): read everything as text.
        convert = pacsv.ConvertOptions(column_types={c: pa.string() for c in wanted}, include_columns=wanted,
                                       null_values=["", "NULL"], strings_can_be_null=True)
        try:
            return pacsv.read_csv(io.BytesIO(source), read_options=read, convert_options=convert)
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            raise LoadError(f"{filename} is not a readable Fingertips export: {str(exc).splitlines()[0]}") from exc


def _text(column: pa.ChunkedArray) -> pd.Series:
    """A text column as an object Series of str / None (fast through the dictionary)."""
    if pa.types.is_dictionary(column.type):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
        words = np.array(column.dictionary.to_pylist() + [None], dtype=object)
        idx = column.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        return pd.Series(words[idx], dtype=object)
    return pd.Series(column.to_pandas(), dtype=object).where(lambda s: s.notna(), None)


def _explain_missing(frame: pd.DataFrame, raw_values: pd.Series | None) -> None:
    """Missing values stay missing; the note says why if the file does not."""
    missing = frame["value"].isna()
    if not missing.any():
        return
    no_note = missing & frame["note"].isna()
    if raw_values is not None:
        marker = raw_values.where(raw_values.map(lambda v: isinstance(v, str) and v.strip() != ""))
        suppressed = no_note & marker.notna()
        frame.loc[suppressed, "note"] = "Suppressed in the source (published as '" + marker[suppressed].str.strip() + "')"
        no_note &= ~suppressed
    frame.loc[no_note, "note"] = "No value published"


def load(ws: Workspace, filename: str, content: bytes, **_options) -> LoadReport:
    """Load a Fingertips export into the workspace's ``indicator_values``."""
    frame = read_export(content, filename)
    if frame.empty:
        raise LoadError(f"{filename} is a Fingertips export with no rows.")
    return store_frame(ws, frame, filename, kind=KIND, label="Fingertips data export")


def store_frame(ws: Workspace, frame: pd.DataFrame, filename: str, *, kind: str, label: str) -> LoadReport:
    warnings = []
    bad_codes = frame["area_code"].isna()
    if bad_codes.any():
        warnings.append(f"{int(bad_codes.sum())} rows have no area code and were skipped.")
        frame = frame[~bad_codes]
    n_missing = int(frame["value"].isna().sum())
    if n_missing:
        warnings.append(f"{n_missing:,} rows have no published value (kept as missing, never zero).")
    result = store_values(ws, frame, kind=kind, filename=filename, source=SOURCE)
    if result["added_to_catalogue"]:
        warnings.append(
            f"New indicator(s) {', '.join(result['added_to_catalogue'])} added to the catalogue as 'not compared': "
            "set which way is better on the Data page.")
    if result["replaced_rows"]:
        warnings.append(f"{result['replaced_rows']:,} values from an earlier extract were replaced.")
    summary = (f"{result['rows']:,} values for {len(result['indicators'])} indicator(s), {result['areas']} areas, "
               f"{len(result['periods'])} periods ({result['periods'][0]} to {result['periods'][-1]}).")
    return LoadReport(kind=kind, label=label, filename=filename, rows=result["rows"], summary=summary,
                      warnings=warnings,
                      details={"indicators": result["indicators"], "areas": result["areas"],
                               "periods": result["periods"], "replaced_rows": result["replaced_rows"]})
