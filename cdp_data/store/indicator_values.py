"""Indicator values in columnar segments inside the workspace database.

Every indicator value the workspace holds (from a Fingertips export or the API,
NDTMS, the local-figures template, prevalence estimates or the demo) is kept in
the ``value_segments`` table of the workspace database: one row per load and
indicator, whose ``data`` column is an Arrow IPC file (Feather v2) in one LZ4
frame, with the columns of :data:`SCHEMA` (those with no value at all left out). A 500,000-row extract is
written in a fraction of a second, where inserting it row by row into SQLite
took seven; the segment rows carry what lists and counts need (indicator,
source, file, rows, latest period) so those never open a segment.

Segments are immutable: replacing values (rows with the same key: indicator, area,
period, sex, age, category type and category) rewrites the affected segments as new ones.
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
from sqlalchemy.engine import Connection

from ..core.clock import now
from . import load_journal
from .schema import retained_segments, value_segments
# The table's shape and the codec, re-exported: callers use this module as the one door to indicator values.
from .segments import (  # noqa: F401
    BLANK_KEY_PARTS, CODEC, COLUMNS, COUNT_KEYS_UP_TO, DATE_COLUMNS, FLOAT_COLUMNS, KEY, ORDER, SCHEMA, TEXT,
    TEXT_COLUMNS, _TYPES, _codes, _column_array, _conform, _date_array, _decode, _default_column, _encode,
    _float_array, _missing, _number_text, _text_array, _to_pandas, constant, distinct, drop_duplicate_keys,
    first_per, to_frame, to_table, with_column,
)

if TYPE_CHECKING:
    from .workspace import Workspace

CACHE_BYTES = 768 << 20


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


def _segment_row(indicator_id: str, part: pa.Table, owner: str | None = None) -> dict:
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
        "digest": hashlib.sha256(data).hexdigest()[:32], "data": data, "written_at": now(), "owner": owner,
    }


@contextmanager
def encoding(table: pa.Table, owner: str | None = None) -> Iterator[Callable[[Connection], int]]:
    """Start encoding ``table``'s segments in worker threads; yields ``store(conn)``, which
    inserts them as they are ready and returns the rows written. ``owner``: the partnership whose local
    figures they are (None: national data, read by everyone).

    Lets a loader do its other work (areas, replacements, the log) while segments are
    encoded: Arrow and hashing release the GIL, and so does SQLite while it stores one
    segment as the next is encoded.
    """
    parts = _split_by_indicator(table) if table.num_rows else []
    workers = min(4, os.cpu_count() or 1, max(len(parts), 1))
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="segment-encode")
    futures = [pool.submit(_segment_row, indicator_id, part, owner) for indicator_id, part in parts]

    def store(conn: Connection) -> int:
        for future in futures:
            _insert(conn, future.result())
        return table.num_rows

    try:
        yield store
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _insert(conn: Connection, row: dict) -> None:
    segment_id = conn.execute(value_segments.insert(), row).inserted_primary_key[0]
    load_journal.note(conn, "value_segments", "added", segment_id)


def write_values(conn: Connection, table: pa.Table, owner: str | None = None) -> int:
    """Store ``table`` (in :data:`SCHEMA`) as one new segment per indicator, owned by ``owner`` (a partnership,
    or None for national data); returns the rows written.

    The caller has already removed what the rows replace (:func:`remove_values`).
    """
    with encoding(table, owner) as store:
        return store(conn)


def _key_strings(table: pa.Table, columns: list[str] = KEY) -> pa.Array:
    parts = [pc.fill_null(pc.cast(table.column(k), pa.string()), "") for k in columns]
    return pc.binary_join_element_wise(*parts, "\x1f") if len(parts) > 1 else parts[0]


def _same_owner(owner: str | None):
    return value_segments.c.owner.is_(None) if owner is None else value_segments.c.owner == owner


def remove_values(conn: Connection, new: pa.Table, owner: str | None = None) -> tuple[int, list[str]]:
    """Remove exactly what ``new`` replaces: the stored rows of the same owner (a partnership's local figures,
    or national data for None) with the same :data:`KEY` (indicator, area, period, sex, age, category type and
    category), whatever their source. Nothing else goes: an extract holding only the latest period leaves the
    earlier periods alone, and a partnership's own figure never removes the national one (it is read in its
    place by that partnership's members, see :func:`read_table`).

    Returns how many stored rows were replaced and from which files. Segments losing rows are rewritten
    as new segments (segments are never changed in place).
    """
    ids = distinct(new, "indicator_id")
    if not ids:
        return 0, []
    found = conn.execute(sa.select(value_segments.c.id, value_segments.c.digest, value_segments.c.indicator_id)
                         .where(value_segments.c.indicator_id.in_(ids), _same_owner(owner))).all()
    if not found:
        return 0, []
    count, files = 0, set()
    by_indicator = dict(_split_by_indicator(new))
    for segment_id, digest, indicator_id in found:
        old = _decoded(conn, segment_id, digest)
        incoming = by_indicator.get(indicator_id)
        if incoming is None or old.num_rows == 0:
            continue
        drop = pc.fill_null(pc.is_in(_key_strings(old), value_set=_key_strings(incoming)), False)
        dropped = int(pc.sum(drop).as_py() or 0)
        if not dropped:
            continue
        count += dropped
        files.update(f for f in pc.unique(pc.cast(old.filter(drop).column("loaded_from"), pa.string()))
                     .to_pylist() if f)
        # the old segment is kept whole for undo (load_journal), then replaced by what it keeps
        load_journal.retain(conn, value_segments, retained_segments, "value_segments",
                            value_segments.c.id == segment_id)
        conn.execute(value_segments.delete().where(value_segments.c.id == segment_id))
        kept = old.filter(pc.invert(drop))
        if kept.num_rows:
            _insert(conn, _segment_row(indicator_id, kept, owner))
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


def _visible(query, owners: Iterable[str] | None):
    """Only national segments and those of ``owners`` (None: every segment)."""
    if owners is None:
        return query
    return query.where(sa.or_(value_segments.c.owner.is_(None), value_segments.c.owner.in_(sorted(owners))))


def _owned_keys(conn: Connection, found: list) -> dict[str, pa.Array]:
    """For each indicator read with both national and owned segments, the keys of its owned rows: a
    partnership's own figure is read in place of the national one with the same key."""
    owned = {i for _s, _d, i, o in found if o is not None}
    shadowed = owned & {i for _s, _d, i, o in found if o is None}
    keys: dict[str, list] = {}
    for segment_id, digest, indicator_id, owner in found:
        if owner is not None and indicator_id in shadowed:
            keys.setdefault(indicator_id, []).append(_key_strings(_decoded(conn, segment_id, digest)))
    return {i: pa.chunked_array([c for part in parts for c in getattr(part, "chunks", [part])], pa.string())
            .combine_chunks() for i, parts in keys.items()}


def _segments_read(conn: Connection, query) -> Iterator[pa.Table]:
    """The decoded segments ``query`` (id, digest, indicator, owner) selects, national rows that a
    partnership's own figure replaces left out."""
    found = conn.execute(query).all()
    owned_keys = _owned_keys(conn, found)
    for segment_id, digest, indicator_id, owner in found:
        table = _decoded(conn, segment_id, digest)
        if owner is None and indicator_id in owned_keys:
            table = table.filter(pc.invert(pc.fill_null(pc.is_in(_key_strings(table),
                                                                 value_set=owned_keys[indicator_id]), False)))
        yield table


def read_table(ws: Workspace, columns: Iterable[str] | None = None, *, indicator_id=None, area_code=None,
               period=None, source=None, owners: Iterable[str] | None = None) -> pa.Table:
    """Indicator values as an Arrow table in :data:`SCHEMA` (or ``columns`` of it), filtered.

    Each filter is a value or a collection of values; ``None`` means all. ``owners``: the partnerships whose
    local figures may be read besides national data (None: every partnership's; the services pass the acting
    user's, :func:`cdp_data.services.access.readable_codes`). Where a partnership's own figure and a national
    one share a key, the partnership's is read.
    """
    columns = list(columns) if columns is not None else list(ORDER)
    unknown = [c for c in columns if c not in _TYPES]
    if unknown:
        raise KeyError(f"Not an indicator value column: {', '.join(unknown)}")
    query = _visible(sa.select(value_segments.c.id, value_segments.c.digest, value_segments.c.indicator_id,
                               value_segments.c.owner).order_by(value_segments.c.id), owners)
    ids = _as_set(indicator_id)
    if ids is not None:
        query = query.where(value_segments.c.indicator_id.in_(ids))
    filters = [(name, _as_set(v)) for name, v in (("area_code", area_code), ("period", period), ("source", source))
               if v is not None]
    needed = list(dict.fromkeys(columns + [name for name, _ in filters]))
    parts = []
    with ws.connect() as conn:
        for table in _segments_read(conn, query):
            table = table.select(needed)
            for name, values in filters:
                table = table.filter(pc.fill_null(pc.is_in(table.column(name),
                                                           value_set=pa.array(values, type=pa.string())), False))
            if table.num_rows:
                parts.append(table.select(columns))
    if not parts:
        return pa.schema([SCHEMA.field(c) for c in columns]).empty_table()
    return pa.concat_tables(parts)


def read_values(ws: Workspace, columns: Iterable[str] | None = None, *, indicator_id=None, area_code=None,
                period=None, source=None, owners: Iterable[str] | None = None) -> pd.DataFrame:
    """Indicator values as a DataFrame: the one door through which ``cdp_data`` reads them.

    ``columns`` limits the columns (all of :data:`COLUMNS` by default); ``indicator_id``,
    ``area_code``, ``period`` and ``source`` filter (a value or a collection); ``owners`` as
    :func:`read_table`. Text is
    ``str`` with NaN for missing, dates are ``datetime.date`` or None, numbers float.
    """
    return _to_pandas(read_table(ws, columns, indicator_id=indicator_id, area_code=area_code, period=period,
                                 source=source, owners=owners))


def distinct_by_indicator(ws: Workspace, columns: Iterable[str], owners: Iterable[str] | None = None
                          ) -> dict[str, dict[str, set]]:
    """For each indicator, the set of distinct non-null values of each of ``columns``
    (e.g. its areas and periods), without turning rows into Python objects; ``owners`` as :func:`read_table`."""
    columns = list(columns)
    out: dict[str, dict[str, set]] = {}
    query = _visible(sa.select(value_segments.c.id, value_segments.c.digest, value_segments.c.indicator_id,
                               value_segments.c.owner), owners)
    with ws.connect() as conn:
        for segment_id, digest, indicator_id, _owner in conn.execute(query).all():
            table = _decoded(conn, segment_id, digest)
            sets = out.setdefault(indicator_id, {c: set() for c in columns})
            for column in columns:
                sets[column].update(distinct(table, column))
    return out


def segments(ws: Workspace) -> pd.DataFrame:
    """One row per stored segment (no data): indicator, source, file, load, rows, latest period."""
    cols = [c for c in value_segments.c if c.name != "data"]
    return ws.read(sa.select(*cols).order_by(value_segments.c.id))


def area_codes_among(conn: Connection, codes: set[str]) -> set[str]:
    """Which of ``codes`` any stored indicator value names (read inside the caller's transaction)."""
    found: set[str] = set()
    query = sa.select(value_segments.c.id, value_segments.c.digest)
    for segment_id, digest in conn.execute(query).all():
        found |= codes & set(distinct(_decoded(conn, segment_id, digest), "area_code"))
        if found == codes:
            break
    return found
