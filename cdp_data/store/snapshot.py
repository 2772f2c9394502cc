"""Rows of a whole workspace held in memory and written into another: the SQL half of the demo's template
(:mod:`cdp_data.demo.template`), and the demo's choice of which areas are partnerships."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from . import postgres
from .backup import reset_sequences, tables
from .schema import KEPT_ON_CLEAR, areas
from .workspace import Workspace


def read_rows(ws: Workspace) -> dict[str, list[dict]]:
    """Every row of every table but those a reset keeps (meta, members, audit trail), by table name."""
    with ws.connect() as conn:
        return {t.name: [dict(r) for r in conn.execute(sa.select(t)).mappings()]
                for t in tables() if t.name not in KEPT_ON_CLEAR}


def write_rows(ws: Workspace, rows: dict[str, list[dict]]) -> None:
    """Insert rows read by :func:`read_rows` (parents before children) in one transaction; on PostgreSQL the
    serial columns' sequences are then moved past the ids written."""
    with ws.begin() as conn:
        for table in tables():
            if rows.get(table.name):
                conn.execute(table.insert(), rows[table.name])
        if postgres.is_postgresql(ws.engine):
            reset_sequences(conn)


def keep_partnerships(ws: Workspace, codes: Iterable[str]) -> None:
    """Only the areas ``codes`` are partnerships; every other area stays, as a comparator."""
    with ws.begin() as conn:
        conn.execute(areas.update().where(areas.c.code.not_in(list(codes))).values(is_partnership=False))
