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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..core.errors import LoadError
from ..core.periods import period_arrays
from ..core.suppression import SUPPRESSION_MARKERS, is_suppressed_marker
from . import checks
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
    """The valid rows of a Fingertips export (see :func:`read_checked`, which also says what was skipped)."""
    return read_checked(content, filename)[0]


def read_checked(content: bytes, filename: str) -> tuple[pa.Table, list[str]]:
    """A Fingertips export as an Arrow table with the columns of :data:`cdp_data.store.indicator_values.COLUMNS`
    it holds (the service conforms it to the store's schema), and a warning naming the rows skipped as invalid
    (:mod:`cdp_data.sources.checks`: GSS codes for the area type, usable numbers, whole counts, intervals
    holding their value). UTF-8 (with or without BOM) or Windows-1252.

    Raises :class:`LoadError` when the file is not a Fingertips export, or when no row is valid.
    """
    header = csv_header(content, filename)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise LoadError(f"{filename} is not a Fingertips export: it has no {', '.join(missing)} column.")
    england_col, parent_col = comparison_columns(header)
    wanted = [c for c in header if c in NUMERIC or c in TEXT or c in (england_col, parent_col)]
    table = _read_table(content, filename, header, wanted)
    columns: dict[str, pa.ChunkedArray | pa.Array] = {}
    raw_text: dict[str, pd.Series] = {}
    for name in wanted:
        column = table.column(name)
        if name in NUMERIC:
            if not (pa.types.is_floating(column.type) or pa.types.is_integer(column.type)):
                # read as text (a marker the reader does not know): numbers where they parse
                text = pd.Series(pc.cast(column, pa.string()).to_pylist(), dtype=object)
                raw_text[NUMERIC[name]] = text
                column = pa.array(pd.to_numeric(text, errors="coerce").astype(float).to_numpy(), from_pandas=True)
            columns[NUMERIC[name]] = column
        else:
            columns[TEXT.get(name) or ("published_compared_england" if name == england_col
                                       else "published_compared_parent")] = _printable(column)
    keep, warnings = checks.keep_valid(_row_reasons(columns, raw_text, table.num_rows),
                                       np.arange(table.num_rows) + 2, filename)
    if not keep.all():
        mask = pa.array(keep)
        columns = {k: v.filter(mask) for k, v in columns.items()}
        raw_text = {k: v[keep].reset_index(drop=True) for k, v in raw_text.items()}
    n = int(keep.sum())
    columns["note"] = _explain_missing(columns["value"], columns.get("note"), raw_text.get("value"), n)
    columns["period_start"], columns["period_end"] = period_arrays(columns["period"])
    return pa.table(columns), warnings


def _row_reasons(columns: dict, raw_text: dict[str, pd.Series], n: int) -> pd.Series:
    """Why each row fails the checks at the edge (None when it passes). Text columns are checked once per
    distinct value (through their dictionaries), so a large extract does not become Python rows."""
    index = pd.RangeIndex(n)
    numbers = pd.DataFrame({k: pc.cast(v, pa.float64()).to_numpy(zero_copy_only=False)
                            for k, v in columns.items() if k in checks.NAMES}, index=index)
    reasons = [_code_reasons(columns, index), _period_reasons(columns["period"], index)]
    reasons += [checks.text_reasons(text, name, set(NULLS), SUPPRESSION_MARKERS) for name, text in raw_text.items()]
    reasons += [_nan_reasons(columns[name], numbers[name].to_numpy(), name, index) for name in checks.NAMES
                if name in columns and name not in raw_text]
    percent = None
    if "indicator_name" in columns:
        codes, words = _dictionary(columns["indicator_name"])
        percent = np.array([False] + ["%" in w for w in words])[codes + 1]
    reasons.append(checks.number_reasons(numbers, percent=percent, whole_counts=_whole_counts(columns, numbers)))
    return checks.combine(*[r for r in reasons if r is not None])  # (None: a rule no row fails)


def _dictionary(column) -> tuple[np.ndarray, list[str]]:
    """A text column as (index of each row's value in ``words``, -1 for null; the distinct values)."""
    array = pa.chunked_array([column]) if isinstance(column, pa.Array) else column
    array = array.combine_chunks() if array.num_chunks else pa.array([], pa.string())
    if not pa.types.is_dictionary(array.type):
        array = pc.cast(array, pa.string()).dictionary_encode()
    words = pc.cast(array.dictionary, pa.string()).to_pylist()
    codes = pc.fill_null(array.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, words


PAIR_TABLE_UP_TO = 4_000_000  # (code, type) combinations counted in a table; beyond, the pairs are sorted


def _code_reasons(columns: dict, index: pd.RangeIndex) -> pd.Series | None:
    """Why each row's area code fails for its area type, checked once per distinct (code, type) pair; None when
    no row fails."""
    codes, code_words = _dictionary(columns["area_code"])
    if "area_type" in columns:
        types, type_words = _dictionary(columns["area_type"])
    else:
        types, type_words = np.full(len(codes), -1, dtype=np.int64), []
    if not len(codes):
        return None
    radix = len(type_words) + 1
    keys = (codes + 1) * radix + (types + 1)
    if (len(code_words) + 1) * radix <= PAIR_TABLE_UP_TO:  # counting is linear; sorting 500,000 keys is not
        pairs = np.flatnonzero(np.bincount(keys, minlength=(len(code_words) + 1) * radix))
    else:
        pairs = np.unique(keys)
    found = [checks.code_reason(code_words[c] if c >= 0 else None, type_words[t] if t >= 0 else None)
             for c, t in zip(pairs // radix - 1, pairs % radix - 1)]
    if all(reason is None for reason in found):
        return None
    reasons = np.empty(len(found), dtype=object)
    reasons[:] = found
    return pd.Series(reasons[np.searchsorted(pairs, keys)], index=index, dtype=object)  # pairs are sorted


CONTROL = r"[\x00-\x1f\x7f-\x9f]"   # control characters: never stored in a name (they could drive a terminal)


def _printable(column):
    """A text column without control characters (cleaned once per distinct value when dictionary-encoded)."""
    array = pa.chunked_array([column]) if isinstance(column, pa.Array) else column
    array = array.combine_chunks() if array.num_chunks else pa.array([], pa.string())
    if pa.types.is_dictionary(array.type):
        words = pc.replace_substring_regex(pc.cast(array.dictionary, pa.string()), CONTROL, "")
        return pa.DictionaryArray.from_arrays(array.indices, words)
    return pc.replace_substring_regex(pc.cast(array, pa.string()), CONTROL, "")


def _period_reasons(column, index: pd.RangeIndex) -> pd.Series | None:
    """A time period the app cannot date (year 0, "next Tuesday"), checked once per distinct label; None when
    every label is a period."""
    codes, words = _dictionary(column)
    found = np.append(checks.period_reasons(pd.Series(words, dtype=object)).to_numpy(), None)
    if all(reason is None for reason in found):
        return None
    return pd.Series(found[codes], index=index, dtype=object)


def _nan_reasons(column, values: np.ndarray, name: str, index: pd.RangeIndex) -> pd.Series | None:
    """A cell published as "NaN" parses to a float that is not a number (not a missing value); None when
    there is none. ``values``: the column as floats (missing cells NaN too)."""
    valid = pc.is_valid(column).to_numpy(zero_copy_only=False)
    bad = valid & np.isnan(values)
    if not bad.any():
        return None
    reasons = pd.Series(None, index=index, dtype=object)
    reasons[bad] = f"{checks.NAMES[name]} 'NaN' is not a number"
    return reasons


def _whole_counts(columns: dict, numbers: pd.DataFrame) -> np.ndarray | bool:
    """Rows whose counts must be whole: all, except an indicator whose counts the file publishes as
    estimates (most of them with a fraction, as OHID does for modelled counts such as 93517's)."""
    if "count" not in numbers or "indicator_id" not in columns:
        return True
    counts = numbers["count"].to_numpy(dtype=float)
    given = ~np.isnan(counts)
    fractional = given & (counts != np.round(counts))
    by = _dictionary(columns["indicator_id"])[0] + 1  # 0: no indicator id
    share = np.bincount(by, weights=fractional) / np.maximum(np.bincount(by, weights=given), 1)
    return share[by] < 0.5


def _read_table(content: bytes, filename: str, header: list[str], wanted: list[str]) -> pa.Table:
    """Read the wanted columns: numbers as floats where they parse, else everything as text (a marker the
    reader does not know); UTF-8, and Windows-1252 when the text is not UTF-8."""
    types = {c: pa.float64() for c in NUMERIC if c in wanted}
    types.update({c: DICTIONARY_TEXT for c in wanted if c not in NUMERIC})
    typed = pacsv.ConvertOptions(column_types=types, include_columns=wanted, null_values=NULLS,
                                 strings_can_be_null=True)
    as_text = pacsv.ConvertOptions(column_types={c: pa.string() for c in wanted}, include_columns=wanted,
                                   null_values=["", "NULL"], strings_can_be_null=True)
    source = content[3:] if content[:3] == b"\xef\xbb\xbf" else content
    failure = None
    for encoding in ("utf8", "cp1252"):
        read = pacsv.ReadOptions(block_size=4 << 20, encoding=encoding)
        for convert in (typed, as_text):
            try:
                return pacsv.read_csv(io.BytesIO(source), read_options=read, convert_options=convert)
            except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
                failure = exc
                if "utf8" in str(exc).lower().replace("-", ""):
                    break  # not UTF-8 text: try Windows-1252
        else:
            break  # not a text encoding problem: the file is not readable
    raise LoadError(f"{filename} is not a readable Fingertips export: {str(failure).splitlines()[0]}") from failure


def _explain_missing(values, notes, raw_values: pd.Series | None, n: int) -> pa.Array:
    """Missing values stay missing; the note says why if the file does not."""
    notes = pc.cast(notes, pa.string()) if notes is not None else pa.nulls(n, pa.string())
    missing = pc.is_null(values)
    if not pc.any(missing).as_py():
        return notes
    no_note = pc.and_(missing, pc.is_null(notes))
    if raw_values is not None:
        said = pa.array([f"Suppressed in the source (published as '{v.strip()}')"
                         if is_suppressed_marker(v) else None for v in raw_values], type=pa.string())
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
