"""Indicator values in columnar segments inside the workspace database.

Every indicator value the workspace holds (from a Fingertips export or the API,
NDTMS, the local-figures template, prevalence estimates or the demo) is kept in
the ``value_segments`` table of the workspace database: one row per load and
indicator, whose ``data`` column is an Arrow IPC file (Feather v2) in one LZ4
frame, with the columns of :data:`SCHEMA` (those with no value at all left out). A 500,000-row extract is
written in a fraction of a second, where inserting it row by row into SQLite
took seven; the segment rows carry what lists and counts need (indicator,
source, file, rows, latest period) so those never open a segment.

Segments are immutable: replacing values (a newer extract of the same source
for the same indicator and areas) rewrites the affected segments as new ones.
Decoded segments are therefore cached in memory by content digest, which is
safe across processes and workspaces.

:func:`read_values` (or :func:`read_table`) is the one way the rest of
``cdp_data`` reads indicator values; :func:`write_values` (or :func:`encoding`,
which encodes in worker threads while the caller does other work) and
:func:`remove_values` the ways it changes them, inside a
:meth:`Workspace.begin` transaction.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from pyarrow import ipc
from sqlalchemy.engine import Connection

from ..core.clock import now
from .schema import value_segments

if TYPE_CHECKING:
    from .workspace import Workspace

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
CACHE_BYTES = 768 << 20
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
        if name in TEXT_COLUMNS:
            array = _text_array(values)
            if name in BLANK_KEY_PARTS and array.null_count == len(array):
                array = constant(name, "", n)
            elif name in BLANK_KEY_PARTS and array.null_count:
                array = pc.fill_null(pc.cast(array, pa.string()), "").dictionary_encode()
        elif name in FLOAT_COLUMNS:
            array = _float_array(values)
        elif name in DATE_COLUMNS:
            array = _date_array(values)
        elif name == "load_id":
            array = pa.array(pd.to_numeric(pd.Series(values), errors="coerce").astype("Int64"), type=pa.int64())
        elif isinstance(values, (pa.Array, pa.ChunkedArray)) and pa.types.is_boolean(values.type):  # is_synthetic
            array = pc.fill_null(values, False)
        else:
            flags = pd.Series(values, dtype=object).map(lambda v: False if v is None or pd.isna(v) else bool(v))
            array = pa.array(flags.to_numpy(dtype=bool), type=pa.bool_())
        arrays.append(array)
    return pa.Table.from_arrays(arrays, schema=SCHEMA)


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


# ---- writing ------------------------------------------------------------------------
def _split_by_indicator(table: pa.Table) -> list[tuple[str, pa.Table]]:
    """The rows of each indicator. Extracts hold each indicator's rows together, and then
    the parts are zero-copy slices; otherwise rows are gathered."""
    codes, words = _codes(table.column("indicator_id"))
    starts = np.concatenate([[0], np.flatnonzero(np.diff(codes)) + 1])
    if len(np.unique(codes[starts])) == len(starts):  # one run per indicator
        bounds = np.append(starts, len(codes))
        runs = [(int(codes[a]), table.slice(a, b - a)) for a, b in zip(bounds[:-1], bounds[1:])]
    else:
        order = np.argsort(codes, kind="stable")
        groups = np.split(order, np.flatnonzero(np.diff(codes[order])) + 1)
        compact = table.combine_chunks()
        runs = [(int(codes[rows[0]]), compact.take(pa.array(rows))) for rows in groups if len(rows)]
    return [(words[code - 1] if code else "", part) for code, part in runs]


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


def _segment_row(indicator_id: str, part: pa.Table) -> dict:
    names = [v for v in distinct(part, "indicator_name") if v]
    latest, latest_end = None, None
    ends = part.column("period_end")
    if ends.null_count < part.num_rows:
        at = pc.index(ends, pc.max(ends))
        latest, latest_end = part.column("period")[at.as_py()].as_py(), pc.max(ends).as_py()
    elif part.num_rows:
        latest = max(distinct(part, "period"), default=None)
    sources = [s for s in distinct(part, "source") if s]
    files = [s for s in distinct(part, "loaded_from") if s]
    loads = [v for v in pc.unique(part.column("load_id")).to_pylist() if v is not None]
    data = _encode(part)
    return {
        "indicator_id": indicator_id, "indicator_name": names[0] if names else None,
        "source": sources[0] if len(sources) == 1 else ("; ".join(sorted(sources)) or None),
        "loaded_from": files[0] if len(files) == 1 else ("; ".join(sorted(files)) or None),
        "load_id": max(loads) if loads else None, "rows": part.num_rows,
        "is_synthetic": bool(pc.any(part.column("is_synthetic")).as_py() or False),
        "latest_period": latest, "latest_period_end": latest_end,
        "digest": hashlib.sha256(data).hexdigest()[:32], "data": data, "written_at": now(),
    }


@contextmanager
def encoding(table: pa.Table) -> Iterator[Callable[[Connection], int]]:
    """Start encoding ``table``'s segments in worker threads; yields ``store(conn)``, which
    inserts them as they are ready and returns the rows written.

    Lets a loader do its other work (areas, replacements, the log) while segments are
    encoded: Arrow and hashing release the GIL, and so does SQLite while it stores one
    segment as the next is encoded.
    """
    parts = _split_by_indicator(table) if table.num_rows else []
    workers = min(4, os.cpu_count() or 1, max(len(parts), 1))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="segment-encode")
    futures = [pool.submit(_segment_row, indicator_id, part) for indicator_id, part in parts]

    def store(conn: Connection) -> int:
        for future in futures:
            conn.execute(value_segments.insert(), [future.result()])
        return table.num_rows

    try:
        yield store
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def write_values(conn: Connection, table: pa.Table) -> int:
    """Store ``table`` (in :data:`SCHEMA`) as one new segment per indicator; returns the rows written.

    The caller has already removed what the rows replace (:func:`remove_values`).
    """
    with encoding(table) as store:
        return store(conn)


def _key_strings(table: pa.Table, columns: list[str] = KEY) -> pa.Array:
    parts = [pc.fill_null(pc.cast(table.column(k), pa.string()), "") for k in columns]
    return pc.binary_join_element_wise(*parts, "\x1f") if len(parts) > 1 else parts[0]


def remove_values(conn: Connection, new: pa.Table, source: str, scope: tuple[str, ...] = ("area_code",)
                  ) -> tuple[int, list[str]]:
    """Remove what ``new`` replaces: rows from ``source`` for the same indicator and ``scope``
    (by default the area: a newer extract replaces an area's whole series), and rows of any
    source with the same :data:`KEY`.

    Returns how many rows from ``source`` were replaced and from which files. Segments
    losing rows are rewritten as new segments (segments are never changed in place).
    """
    ids = distinct(new, "indicator_id")
    if not ids:
        return 0, []
    found = conn.execute(sa.select(value_segments.c.id, value_segments.c.digest, value_segments.c.indicator_id)
                         .where(value_segments.c.indicator_id.in_(ids))).all()
    if not found:
        return 0, []
    count, files = 0, set()
    by_indicator = dict(_split_by_indicator(new))
    for segment_id, digest, indicator_id in found:
        old = _decoded(conn, segment_id, digest)
        incoming = by_indicator.get(indicator_id)
        if incoming is None or old.num_rows == 0:
            continue
        same_source = pc.equal(pc.cast(old.column("source"), pa.string()), source)
        in_scope = pc.is_in(_key_strings(old, list(scope)), value_set=_key_strings(incoming, list(scope)))
        replaced = pc.fill_null(pc.and_(same_source, in_scope), False)
        same_key = pc.is_in(_key_strings(old), value_set=_key_strings(incoming))
        drop = pc.or_(replaced, pc.fill_null(same_key, False))
        if not pc.any(drop).as_py():
            continue
        count += int(pc.sum(replaced).as_py() or 0)
        files.update(f for f in pc.unique(pc.cast(old.filter(replaced).column("loaded_from"), pa.string()))
                     .to_pylist() if f)
        conn.execute(value_segments.delete().where(value_segments.c.id == segment_id))
        kept = old.filter(pc.invert(drop))
        if kept.num_rows:
            conn.execute(value_segments.insert(), [_segment_row(indicator_id, kept)])
    return count, sorted(files)


# ---- reading ------------------------------------------------------------------------
_cache: OrderedDict[str, pa.Table] = OrderedDict()
_cache_bytes = 0
_cache_lock = threading.Lock()


def _decoded(conn: Connection, segment_id: int, digest: str) -> pa.Table:
    """A segment as an Arrow table, from the in-memory cache (by content digest) or the database."""
    global _cache_bytes
    with _cache_lock:
        table = _cache.get(digest)
        if table is not None:
            _cache.move_to_end(digest)
            return table
    data = conn.execute(sa.select(value_segments.c.data).where(value_segments.c.id == segment_id)).scalar_one()
    table = _conform(_decode(data))
    with _cache_lock:
        if digest not in _cache:
            _cache[digest] = table
            _cache_bytes += table.nbytes
            while _cache_bytes > CACHE_BYTES and len(_cache) > 1:
                _old, dropped = _cache.popitem(last=False)
                _cache_bytes -= dropped.nbytes
    return table


def _as_set(value) -> list | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return [v for v in value]


def read_table(ws: Workspace, columns: Iterable[str] | None = None, *, indicator_id=None, area_code=None,
               period=None, source=None) -> pa.Table:
    """Indicator values as an Arrow table in :data:`SCHEMA` (or ``columns`` of it), filtered.

    Each filter is a value or a collection of values; ``None`` means all.
    """
    columns = list(columns) if columns is not None else list(ORDER)
    unknown = [c for c in columns if c not in _TYPES]
    if unknown:
        raise KeyError(f"Not an indicator value column: {', '.join(unknown)}")
    query = sa.select(value_segments.c.id, value_segments.c.digest).order_by(value_segments.c.id)
    ids = _as_set(indicator_id)
    if ids is not None:
        query = query.where(value_segments.c.indicator_id.in_(ids))
    filters = [(name, _as_set(v)) for name, v in (("area_code", area_code), ("period", period), ("source", source))
               if v is not None]
    needed = list(dict.fromkeys(columns + [name for name, _ in filters]))
    parts = []
    with ws.connect() as conn:
        for segment_id, digest in conn.execute(query).all():
            table = _decoded(conn, segment_id, digest).select(needed)
            for name, values in filters:
                table = table.filter(pc.fill_null(pc.is_in(table.column(name),
                                                           value_set=pa.array(values, type=pa.string())), False))
            if table.num_rows:
                parts.append(table.select(columns))
    if not parts:
        return pa.schema([SCHEMA.field(c) for c in columns]).empty_table()
    return pa.concat_tables(parts)


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


def read_values(ws: Workspace, columns: Iterable[str] | None = None, *, indicator_id=None, area_code=None,
                period=None, source=None) -> pd.DataFrame:
    """Indicator values as a DataFrame: the one door through which ``cdp_data`` reads them.

    ``columns`` limits the columns (all of :data:`COLUMNS` by default); ``indicator_id``,
    ``area_code``, ``period`` and ``source`` filter (a value or a collection). Text is
    ``str`` with NaN for missing, dates are ``datetime.date`` or None, numbers float.
    """
    return _to_pandas(read_table(ws, columns, indicator_id=indicator_id, area_code=area_code, period=period,
                                 source=source))


def distinct_by_indicator(ws: Workspace, columns: Iterable[str]) -> dict[str, dict[str, set]]:
    """For each indicator, the set of distinct non-null values of each of ``columns``
    (e.g. its areas and periods), without turning rows into Python objects."""
    columns = list(columns)
    out: dict[str, dict[str, set]] = {}
    query = sa.select(value_segments.c.id, value_segments.c.digest, value_segments.c.indicator_id)
    with ws.connect() as conn:
        for segment_id, digest, indicator_id in conn.execute(query).all():
            table = _decoded(conn, segment_id, digest)
            sets = out.setdefault(indicator_id, {c: set() for c in columns})
            for column in columns:
                sets[column].update(distinct(table, column))
    return out


def segments(ws: Workspace) -> pd.DataFrame:
    """One row per stored segment (no data): indicator, source, file, load, rows, latest period."""
    cols = [c for c in value_segments.c if c.name != "data"]
    return ws.read(sa.select(*cols).order_by(value_segments.c.id))
