"""The audit trail (the ``audit_log`` table): one row per write, never changed.

Append-only is the database's rule, not only the app's: triggers refuse every UPDATE and DELETE on the
table (and TRUNCATE on PostgreSQL), so no code path, the app's or a stray SQL session's, can rewrite what
was done. :meth:`Workspace.clear` (a reset) leaves the table alone.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..core.clock import now
from . import postgres
from .schema import audit_log

if TYPE_CHECKING:  # the migrations import this module, and the workspace imports the migrations
    from .workspace import Workspace

REFUSAL = "The audit trail is append-only: its entries cannot be changed or deleted."
COLUMNS = ["id", "at", "user", "partnership", "action", "kind", "filename", "sha256", "counts", "summary"]

_SQLITE_TRIGGERS = [
    f"CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
    f"CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
]
_POSTGRESQL_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$body$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $body$",
    "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
]


def install_append_only(conn: Connection) -> None:
    """Create the triggers that refuse changes to the audit trail (idempotent; schema migration 5)."""
    for statement in (_POSTGRESQL_TRIGGERS if postgres.is_postgresql(conn) else _SQLITE_TRIGGERS):
        conn.exec_driver_sql(statement)


def record(conn: Connection, *, user: str, action: str, summary: str, partnership: str | None = None,
           kind: str | None = None, filename: str | None = None, sha256: str | None = None,
           counts: dict | None = None) -> int:
    """Append one entry (inside the caller's transaction); return its id."""
    return int(conn.execute(audit_log.insert().values(
        at=now(), user=user, partnership=partnership, action=action, kind=kind, filename=filename,
        sha256=sha256, counts=json.dumps(counts or {}, sort_keys=True, default=str), summary=summary,
    )).inserted_primary_key[0])


def entries(ws: Workspace, *, since: dt.datetime | None = None, partnerships: list[str | None] | None = None,
            action: str | None = None) -> pd.DataFrame:
    """Entries, oldest first. ``partnerships`` limits them to those codes (None in the list: entries about
    shared data or the whole workspace); ``since`` and ``action`` filter further."""
    query = sa.select(audit_log).order_by(audit_log.c.id)
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    if action:
        query = query.where(audit_log.c.action == action)
    if partnerships is not None:
        codes = [c for c in partnerships if c is not None]
        condition = audit_log.c.partnership.in_(codes)
        if None in partnerships:
            condition = sa.or_(condition, audit_log.c.partnership.is_(None))
        query = query.where(condition)
    frame = ws.read(query)
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    for column in ("partnership", "kind", "filename", "sha256"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def count(ws: Workspace) -> int:
    with ws.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar_one())
