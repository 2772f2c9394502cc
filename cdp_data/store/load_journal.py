"""What each load did, so that it can be undone.

Inside a write transaction (:meth:`Workspace.begin`) the store notes every row a load adds, removes or
changes in ``value_segments``, ``datasets``, ``areas`` and ``catalogue``; a removed segment or dataset is
first copied whole into ``retained_segments`` / ``retained_datasets`` under its own id. The notes wait on
the connection until the transaction's load-log line is written (:func:`attach`), then go into
``load_changes`` with that load's id (a loader may log before or after writing). A transaction that logs
no load writes no notes (its retained copies stay, unreferenced: nothing is lost).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .schema import load_changes

_KEY = "cdp_load_journal"


def start(conn: Connection) -> None:
    """Begin noting (called by :meth:`Workspace.begin`)."""
    conn.info[_KEY] = {"load": None, "pending": []}


def stop(conn: Connection) -> None:
    conn.info.pop(_KEY, None)


def note(conn: Connection, target: str, op: str, key, before: dict | None = None) -> None:
    """Note that this transaction's load did ``op`` (added | removed | changed) to ``target``'s row ``key``."""
    note_many(conn, target, op, [(key, before)])


def note_many(conn: Connection, target: str, op: str, entries: Iterable[tuple]) -> None:
    """:func:`note` for several rows at once, ``entries`` as (key, before) pairs: one statement, not one a row."""
    journal = conn.info.get(_KEY)
    if journal is None:
        return
    rows = [{"target": target, "op": op, "key": str(key),
             "before": json.dumps(before, default=str) if before is not None else None} for key, before in entries]
    if not rows:
        return
    if journal["load"] is None:
        journal["pending"].extend(rows)
    else:
        conn.execute(load_changes.insert(), [{**row, "load_id": journal["load"]} for row in rows])


def attach(conn: Connection, load_id: int) -> None:
    """The transaction's load is ``load_id``: write the notes so far, and later ones as they come."""
    journal = conn.info.get(_KEY)
    if journal is None:
        return
    journal["load"] = int(load_id)
    if journal["pending"]:
        conn.execute(load_changes.insert(), [{**r, "load_id": int(load_id)} for r in journal["pending"]])
        journal["pending"] = []


def retain(conn: Connection, table: sa.Table, retained: sa.Table, target: str, where) -> list[int]:
    """Copy the rows of ``table`` matching ``where`` into ``retained`` and note them removed; returns their
    ids (the caller deletes them). Outside a noting transaction nothing is copied."""
    ids = [int(i) for i in conn.execute(sa.select(table.c.id).where(where)).scalars()]
    if ids and _KEY in conn.info:
        columns = [c.name for c in table.c]
        conn.execute(retained.delete().where(retained.c.id.in_(ids)))
        conn.execute(retained.insert().from_select(columns, sa.select(*table.c).where(table.c.id.in_(ids))))
        for i in ids:
            note(conn, target, "removed", i)
    return ids
