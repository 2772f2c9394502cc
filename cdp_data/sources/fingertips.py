"""Fingertips "Download data" CSV exports (and API responses, which share the format).

The export has 27 columns (DOMAIN.md section 5). The published value, both CI
levels, count, denominator, value note, recent trend and the published
"Compared to England ..." and "Compared to <parent> ..." labels are kept as
published; the parent column's name changes with the parent area type, so it
is found by pattern. An empty or suppressed value is stored as missing (never
zero) with a note saying why.

Read with pyarrow's multi-threaded CSV reader straight into Arrow columns (text
dictionary-encoded), which go to the workspace without becoming Python objects;
periods are parsed once per distinct label.
"""

from __future__ import annotations

import io
import re

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..core.errors import LoadError
from ..core.periods import period_arrays
from .base import csv_header

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
ENGLAND_COMPARISON = re.compile(r"^compared to england value or percentiles$", re.IGNORECASE)
PARENT_COMPARISON = re.compile(r"^compared to (?!england value)(?!goal).+ value or percentiles$", re.IGNORECASE)
# Suppression markers are not nulls here: a numeric column holding one is re-read as text so the note can say why.
NULLS = ["", "NULL", "null", "NA", "N/A", "-"]
DICTIONARY_TEXT = pa.dictionary(pa.int32(), pa.string())  # text columns arrive dictionary-encoded


def comparison_columns(header: list[str]) -> tuple[str | None, str | None]:
    """The "Compared to England ..." column and the "Compared to <parent> ..." column, if present."""
    england = next((h for h in header if ENGLAND_COMPARISON.match(h.strip())), None)
    parent = next((h for h in header if PARENT_COMPARISON.match(h.strip())), None)
    return england, parent


def read_export(content: bytes, filename: str) -> pa.Table:
    """A Fingertips export as an Arrow table with the columns of :data:`cdp_data.store.indicator_values.COLUMNS`
    it holds (the service conforms it to the store's schema).

    Raises :class:`LoadError` when the file is not a Fingertips export.
    """
    header = csv_header(content, filename)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise LoadError(f"{filename} is not a Fingertips export: it has no {', '.join(missing)} column.")
    england_col, parent_col = comparison_columns(header)
    wanted = [c for c in header if c in NUMERIC or c in TEXT or c in (england_col, parent_col)]
    table = _read_table(content, filename, header, wanted)
    columns: dict[str, pa.ChunkedArray | pa.Array] = {}
    raw_values = None
    for name in wanted:
        column = table.column(name)
        if name in NUMERIC:
            if not (pa.types.is_floating(column.type) or pa.types.is_integer(column.type)):
                # read as text (a marker the reader does not know): numbers where they parse
                text = pd.Series(pc.cast(column, pa.string()).to_pylist(), dtype=object)
                if name == "Value":
                    raw_values = text
                column = pa.array(pd.to_numeric(text, errors="coerce").astype(float).to_numpy(), from_pandas=True)
            columns[NUMERIC[name]] = column
        else:
            columns[TEXT.get(name) or ("published_compared_england" if name == england_col
                                       else "published_compared_parent")] = column
    columns["note"] = _explain_missing(columns["value"], columns.get("note"), raw_values, table.num_rows)
    columns["period_start"], columns["period_end"] = period_arrays(columns["period"])
    return pa.table(columns)


def _read_table(content: bytes, filename: str, header: list[str], wanted: list[str]) -> pa.Table:
    types = {c: pa.float64() for c in NUMERIC if c in wanted}
    types.update({c: DICTIONARY_TEXT for c in wanted if c not in NUMERIC})
    convert = pacsv.ConvertOptions(column_types=types, include_columns=wanted, null_values=NULLS,
                                   strings_can_be_null=True)
    read = pacsv.ReadOptions(block_size=4 << 20)
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


def _explain_missing(values, notes, raw_values: pd.Series | None, n: int) -> pa.Array:
    """Missing values stay missing; the note says why if the file does not."""
    notes = pc.cast(notes, pa.string()) if notes is not None else pa.nulls(n, pa.string())
    missing = pc.is_null(values)
    if not pc.any(missing).as_py():
        return notes
    no_note = pc.and_(missing, pc.is_null(notes))
    if raw_values is not None:
        said = pa.array([f"Suppressed in the source (published as '{v.strip()}')"
                         if isinstance(v, str) and v.strip() else None for v in raw_values], type=pa.string())
        notes = pc.if_else(no_note, said, notes)
        no_note = pc.and_(missing, pc.is_null(notes))
    return pc.if_else(no_note, "No value published", notes)


def usable_rows(frame: pa.Table, filename: str) -> tuple[pa.Table, list[str]]:
    """The rows with an area code, an indicator ID and a time period, and warnings for the rest
    (and for rows without a published value, which are kept as missing)."""
    warnings = []
    bad_codes = pc.is_null(frame.column("area_code"))
    n_bad = int(pc.sum(bad_codes).as_py() or 0)
    if n_bad:
        warnings.append(f"{n_bad} rows have no area code and were skipped.")
        frame = frame.filter(pc.invert(bad_codes))
    for column, what in (("indicator_id", "indicator ID"), ("period", "time period")):
        missing = pc.is_null(frame.column(column))
        n_missing = int(pc.sum(missing).as_py() or 0)
        if n_missing:
            warnings.append(f"{n_missing} rows have no {what} and were skipped.")
            frame = frame.filter(pc.invert(missing))
    if frame.num_rows == 0:
        raise LoadError(f"{filename} has no rows with an indicator ID, an area code and a time period.")
    n_missing = frame.column("value").null_count
    if n_missing:
        warnings.append(f"{n_missing:,} rows have no published value (kept as missing, never zero).")
    return frame, warnings
