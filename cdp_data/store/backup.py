"""Copying every table out of the workspace and back in: the SQL half of ``workspace backup`` / ``restore``.

Rows are streamed table by table in dependency order, as plain JSON-able values (bytes as base64, dates
and times as ISO text), so the same backup restores into SQLite or PostgreSQL. Tables are found from the
schema's metadata, so a table added by a later migration is backed up without a change here.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Iterable, Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import postgres
from .schema import meta, metadata
from .workspace import Workspace

BATCH = 200
#: Rows of ``meta`` that describe the database itself, not its contents: never copied.
LOCAL_META = {"schema_version", "created_at", postgres.DATA_VERSION}


def tables() -> list[sa.Table]:
    """Every table of the schema, parents before children."""
    return list(metadata.sorted_tables)


def _plain(value):
    if isinstance(value, bytes | bytearray | memoryview):
        return {"b64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _typed(column: sa.Column, value):
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, sa.LargeBinary):
        return base64.b64decode(value["b64"], validate=True)
    if isinstance(kind, sa.DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, sa.Date):
        return dt.date.fromisoformat(value)
    return value


def dump_rows(ws: Workspace, table: sa.Table) -> Iterator[dict]:
    """The rows of ``table`` as JSON-able dicts, streamed (bounded memory)."""
    query = sa.select(table)
    if table is meta:
        query = query.where(meta.c.key.not_in(LOCAL_META))
    order = list(table.primary_key.columns) or list(table.columns)
    with ws.connect() as conn:
        result = conn.execution_options(yield_per=BATCH).execute(query.order_by(*order))
        for row in result.mappings():
            yield {key: _plain(value) for key, value in row.items()}


def holds_data(ws: Workspace) -> bool:
    """True when any table other than ``meta`` has a row."""
    with ws.connect() as conn:
        return any(conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first()
                   for table in tables() if table is not meta)


def load_rows(ws: Workspace, rows_of: Callable[[sa.Table], Iterable[dict]]) -> dict[str, int]:
    """Insert every table's rows (given by ``rows_of(table)``) in one transaction; returns rows per table."""
    counts: dict[str, int] = {}
    try:
        with ws.begin() as conn:
            for table in tables():
                counts[table.name] = _insert(conn, table, rows_of(table))
            if postgres.is_postgresql(conn):
                reset_sequences(conn)
    except sa.exc.SQLAlchemyError as exc:  # rows the schema refuses (a damaged or edited backup): nothing kept
        raise ValueError(f"the database refused the rows of the backup: {type(exc).__name__}") from exc
    return counts


def _insert(conn: Connection, table: sa.Table, rows: Iterable[dict]) -> int:
    columns = {c.name: c for c in table.columns}
    batch: list[dict] = []
    total = 0
    for row in rows:
        if table is meta and row.get("key") in LOCAL_META:
            continue
        batch.append({name: _typed(columns[name], value) for name, value in row.items() if name in columns})
        if len(batch) >= BATCH:
            conn.execute(table.insert(), batch)
            total += len(batch)
            batch = []
    if batch:
        conn.execute(table.insert(), batch)
        total += len(batch)
    return total


def reset_sequences(conn: Connection) -> None:
    """After inserting explicit ids, move each serial column's sequence past the largest id."""
    for table in tables():
        for column in table.primary_key.columns:
            if not (isinstance(column.type, sa.Integer) and column.autoincrement in (True, "auto")):
                continue
            sequence = conn.execute(sa.select(sa.func.pg_get_serial_sequence(table.name, column.name))).scalar()
            if sequence:
                conn.execute(sa.select(sa.func.setval(
                    sequence, sa.select(sa.func.coalesce(sa.func.max(column), 0) + 1).scalar_subquery(), False)))
