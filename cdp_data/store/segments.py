"""The indicator-value table and its segment codec: the columns every indicator value has, how a
frame or Arrow table is put into that shape, and how a segment is encoded (an Arrow IPC file in one
LZ4 frame) and decoded. Pure functions over Arrow tables; the repository that stores segments is
:mod:`cdp_data.store.indicator_values`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import ipc

TEXT = pa.dictionary(pa.int32(), pa.string())
TEXT_COLUMNS = [
    "indicator_id", "indicator_name", "area_code", "area_name", "area_type", "parent_code", "sex", "age",
    "category_type", "category", "period", "unit", "polarity", "source", "note", "recent_trend",
    "published_compared_england", "published_compared_parent", "loaded_from",
]
FLOAT_COLUMNS = ["value", "lower_ci95", "upper_ci95", "lower_ci998", "upper_ci998", "count", "denominator"]
DATE_COLUMNS = ["period_start", "period_end"]
ORDER = [
    "indicator_id", "indicator_name", "area_code", "area_name", "area_type", "parent_code", "sex", "age",
    "category_type", "category", "period", "period_start", "period_end", *FLOAT_COLUMNS, "unit", "polarity",
    "source", "note", "recent_trend", "published_compared_england", "published_compared_parent", "loaded_from",
    "load_id", "is_synthetic",
]
_TYPES = {**{c: TEXT for c in TEXT_COLUMNS}, **{c: pa.float64() for c in FLOAT_COLUMNS},
          **{c: pa.date32() for c in DATE_COLUMNS}, "load_id": pa.int64(), "is_synthetic": pa.bool_()}
SCHEMA = pa.schema([(c, _TYPES[c]) for c in ORDER])
COLUMNS = list(ORDER)
# A value is identified by these; a later value with the same key replaces an earlier one.
KEY = ["indicator_id", "area_code", "sex", "age", "category_type", "category", "period"]
# Key parts that may be blank are stored as "" (never null), so that keys compare equal.
BLANK_KEY_PARTS = ["sex", "age", "category_type", "category"]
# A segment is an uncompressed Arrow IPC file inside one LZ4 frame: one compression call per
# segment costs a third of Arrow's per-buffer compression (about 60 buffers a segment, each
# paying LZ4's set-up), for the same size. zstd is 20% smaller but 3x slower to write.
# Segments written before (Arrow IPC with LZ4 buffers, no outer frame) are still read.
CODEC = "lz4"
LZ4_FRAME_MAGIC = b"\x04\x22\x4d\x18"
# Duplicate keys are found by counting when the key space is at most this many times the rows (a
# dense grid of indicators, areas, periods and breakdowns, as most extracts are), else by hashing.
COUNT_KEYS_UP_TO = 4


# ---- building a table in the schema -------------------------------------------------
def _text_array(values) -> pa.Array:
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        if pa.types.is_dictionary(values.type):
            return values.cast(TEXT) if values.type != TEXT else values
        return pc.cast(values, pa.string()).dictionary_encode()
    series = pd.Series(values)
    # numbers in a text column (an ID or a year typed as a number in Excel) become their text
    texts = [None if _missing(v) else v if isinstance(v, str) else _number_text(v) for v in series.tolist()]
    return pa.array(texts, type=pa.string()).dictionary_encode()


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _number_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _date_array(values) -> pa.Array:
    if isinstance(values, (pa.Array, pa.ChunkedArray)) and pa.types.is_date32(values.type):
        return values
    series = pd.Series(values.to_pylist() if isinstance(values, (pa.Array, pa.ChunkedArray)) else values)
    parsed = pd.to_datetime(series, errors="coerce")
    return pa.array([None if pd.isna(v) else v.date() for v in parsed], type=pa.date32())


def _float_array(values) -> pa.Array:
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        if pa.types.is_floating(values.type) or pa.types.is_integer(values.type):
            return pc.cast(values, pa.float64())
        values = values.to_pylist()
    numbers = pd.to_numeric(pd.Series(values), errors="coerce").astype(float)
    return pa.array(numbers.to_numpy(), type=pa.float64(), from_pandas=True)


def to_table(data: pd.DataFrame | pa.Table, **constants) -> pa.Table:
    """``data`` (a frame or an Arrow table with some of :data:`COLUMNS`) as a table in :data:`SCHEMA`.

    Missing columns are null, blank key parts are ``""``, ``is_synthetic``
    defaults to false; ``constants`` set whole columns (``source=...``).
    """
    if isinstance(data, pa.Table) and data.schema.equals(SCHEMA):  # already in shape: set the constants only
        for name, value in constants.items():
            data = with_column(data, name, value)
        return data
    n = data.num_rows if isinstance(data, pa.Table) else len(data)
    names = data.column_names if isinstance(data, pa.Table) else list(data.columns)
    arrays = []
    for name in ORDER:
        if name in constants:
            arrays.append(constant(name, constants[name], n))
            continue
        if name not in names:
            arrays.append(_default_column(name, n))
            continue
        values = data.column(name) if isinstance(data, pa.Table) else data[name]
        arrays.append(_column_array(name, values, n))
    return pa.Table.from_arrays(arrays, schema=SCHEMA)


def _column_array(name: str, values, n: int) -> pa.Array:
    """One given column converted to its type in :data:`SCHEMA`."""
    if name in TEXT_COLUMNS:
        array = _text_array(values)
        if name in BLANK_KEY_PARTS and array.null_count == len(array):
            return constant(name, "", n)
        if name in BLANK_KEY_PARTS and array.null_count:
            return pc.fill_null(pc.cast(array, pa.string()), "").dictionary_encode()
        return array
    if name in FLOAT_COLUMNS:
        return _float_array(values)
    if name in DATE_COLUMNS:
        return _date_array(values)
    if name == "load_id":
        return pa.array(pd.to_numeric(pd.Series(values), errors="coerce").astype("Int64"), type=pa.int64())
    if isinstance(values, (pa.Array, pa.ChunkedArray)) and pa.types.is_boolean(values.type):  # is_synthetic
        return pc.fill_null(values, False)
    flags = pd.Series(values, dtype=object).map(lambda v: False if v is None or pd.isna(v) else bool(v))
    return pa.array(flags.to_numpy(dtype=bool), type=pa.bool_())


def _default_column(name: str, n: int) -> pa.Array:
    if name in BLANK_KEY_PARTS:
        return constant(name, "", n)
    if name == "is_synthetic":
        return pa.array(np.zeros(n, dtype=bool), type=pa.bool_())
    return pa.nulls(n, type=_TYPES[name])


def constant(name: str, value, n: int) -> pa.Array:
    """A column of ``n`` copies of ``value`` (text dictionary-encoded, without a Python list of n items)."""
    if name in TEXT_COLUMNS:
        if value is None:
            return pa.nulls(n, TEXT)
        return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int32)), pa.array([str(value)]))
    if value is None:
        return pa.nulls(n, _TYPES[name])
    return pa.array([value], type=_TYPES[name]).take(pa.array(np.zeros(n, dtype=np.int32)))


def with_column(table: pa.Table, name: str, value) -> pa.Table:
    """``table`` with column ``name`` set to one value on every row."""
    return table.set_column(table.schema.get_field_index(name), name, constant(name, value, table.num_rows))


def _codes(column: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, list]:
    """Integer codes (0 = null) and the distinct values of a text column."""
    if isinstance(column, pa.ChunkedArray):
        if pa.types.is_dictionary(column.type):
            column = column.unify_dictionaries()
        column = column.combine_chunks()
    if not pa.types.is_dictionary(column.type):
        column = column.dictionary_encode()
    indices = column.indices
    if indices.null_count:
        indices = indices.fill_null(-1)
    return indices.to_numpy(zero_copy_only=False).astype(np.int64) + 1, column.dictionary.to_pylist()


def drop_duplicate_keys(table: pa.Table) -> pa.Table:
    """Keep the last row of each :data:`KEY` (as a later row in a file corrects an earlier one)."""
    if table.num_rows < 2:
        return table
    table = table.unify_dictionaries()
    combined = np.zeros(table.num_rows, dtype=np.int64)
    radix = 1
    for name in KEY:
        column = table.column(name)
        if column.null_count == 0 and column.num_chunks and len(column.chunk(0).dictionary) == 1:
            continue  # one value throughout (after unifying): it cannot tell rows apart
        codes, words = _codes(column)
        size = len(words) + 1
        if radix * size >= 2 ** 62:
            frame = pd.DataFrame({k: _codes(table.column(k))[0] for k in KEY})
            keep = ~frame.duplicated(keep="last").to_numpy()
            break
        combined += codes * radix
        radix *= size
    else:
        if radix <= COUNT_KEYS_UP_TO * table.num_rows + 1024 and np.bincount(combined, minlength=radix).max() < 2:
            return table  # the usual case, every key once, told by counting (no hashing)
        keep = ~pd.Series(combined).duplicated(keep="last").to_numpy()
    return table if keep.all() else table.filter(pa.array(keep))


def first_of_each(table: pa.Table, key: list[str]) -> pa.Table:
    """The first row of each distinct ``key`` (nulls equal to nulls), in table order."""
    if table.num_rows < 2:
        return table
    combined = np.zeros(table.num_rows, dtype=np.int64)
    radix = 1
    for name in key:
        column = table.column(name)
        # each value one code, whatever the dictionaries of the chunks hold
        codes, words = _codes(pc.cast(column, pa.string()) if pa.types.is_dictionary(column.type) else column)
        if radix * (len(words) + 1) >= 2 ** 62:
            frame = pd.DataFrame({k: _codes(pc.cast(table.column(k), pa.string()))[0] for k in key})
            return table.filter(pa.array(~frame.duplicated(keep="first").to_numpy()))
        combined += codes * radix
        radix *= len(words) + 1
    keep = np.zeros(table.num_rows, dtype=bool)
    keep[np.unique(combined, return_index=True)[1]] = True  # each key's first row
    return table if keep.all() else table.filter(pa.array(keep))


def distinct(table: pa.Table, name: str) -> list:
    """The distinct non-null values of a column, in order of first appearance."""
    if table.num_rows == 0:
        return []
    column = table.column(name)
    if pa.types.is_dictionary(column.type):
        column = column.unify_dictionaries()  # chunks from different files have different dictionaries
    return [v for v in pc.unique(column).to_pylist() if v is not None]


def first_per(table: pa.Table, key: str, columns: list[str]) -> pd.DataFrame:
    """The first row of ``columns`` for each distinct ``key`` (e.g. each area's name and type)."""
    codes, words = _codes(table.column(key))
    first = np.full(len(words) + 1, len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes)))  # each code's first row, without sorting the codes
    rows = table.select([key, *columns]).take(pa.array(np.sort(first[first < len(codes)])))
    return _to_pandas(rows)


def _encode(table: pa.Table) -> bytes:
    """The segment as Arrow IPC bytes. Columns with no value at all are left out
    (:func:`_conform` puts them back as nulls when read)."""
    keep = [name for name, column in zip(table.column_names, table.columns) if column.null_count < len(column)]
    if len(keep) < table.num_columns:
        table = table.select(keep)
    sink = pa.BufferOutputStream()
    with ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return pa.compress(sink.getvalue(), codec=CODEC, asbytes=True)


def _decode(data: bytes) -> pa.Table:
    """A stored segment as an Arrow table (an LZ4 frame around an Arrow IPC file, or a bare
    Arrow IPC file with compressed buffers as written before)."""
    buffer = pa.py_buffer(data)
    if data[:4] == LZ4_FRAME_MAGIC:
        buffer = pa.CompressedInputStream(pa.BufferReader(buffer), CODEC).read_buffer()
    return ipc.open_file(pa.BufferReader(buffer)).read_all()


def _conform(table: pa.Table) -> pa.Table:
    """A decoded segment in :data:`SCHEMA` (columns left out as empty come back as nulls)."""
    if table.schema.equals(SCHEMA):
        return table
    columns = [table.column(name).cast(_TYPES[name]) if name in table.column_names
               else pa.nulls(table.num_rows, _TYPES[name]) for name in ORDER]
    return pa.Table.from_arrays(columns, schema=SCHEMA)


def to_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table from :func:`read_table` as a DataFrame (as :func:`read_values` returns it)."""
    return _to_pandas(table)


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    casts = [pc.cast(table.column(i), pa.string()) if pa.types.is_dictionary(f.type) else table.column(i)
             for i, f in enumerate(table.schema)]
    plain = pa.Table.from_arrays(casts, names=table.column_names)
    frame = plain.to_pandas(date_as_object=True)
    for name in table.column_names:
        if name in DATE_COLUMNS:
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame
