"""The database engine of a workspace (SQLite pragmas, or PostgreSQL), the cross-process folder lock,
and the schema version kept in ``meta``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from . import postgres
from .schema import meta

WAL_CHECKPOINT_BYTES = 4 << 20  # a background checkpoint runs once the log passes this
WAL_BACKSTOP_BYTES = 40 << 20  # SQLite's own checkpoint (inside a commit) only past this
PAGE_BYTES = 65536  # page size of a new workspace file (SQLite's largest)


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock across processes (the app, the CLI, a second server) while a
    workspace is migrated or seeded, so two of them opening a new workspace at once
    cannot both seed the demo. Uses ``fcntl`` where it exists (Linux, macOS)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the threading lock alone
        yield
        return
    with open(folder / ".workspace.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            # Let SQLAlchemy manage transactions explicitly (BEGIN IMMEDIATE on writes)
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            # Larger pages for a new file (an existing one keeps its own): indicator segments are
            # blobs of around a megabyte, written in a sixteenth of the calls.
            cur.execute(f"PRAGMA page_size={PAGE_BYTES}")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            # Checkpoints run in the background after large writes (Workspace.begin); SQLite's own, inside
            # a commit, only as a backstop once the log passes WAL_BACKSTOP_BYTES. The log file is cut back to
            # 2 MB when it restarts, so its size keeps saying whether there is work to checkpoint.
            page_bytes = cur.execute("PRAGMA page_size").fetchone()[0]
            cur.execute(f"PRAGMA wal_autocheckpoint={WAL_BACKSTOP_BYTES // page_bytes}")
            cur.execute(f"PRAGMA journal_size_limit={WAL_CHECKPOINT_BYTES // 2}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # pragma: no cover - trivial
            # Writers take the lock at the start so two sessions queue instead of
            # failing with "database is locked" half-way through a transaction.
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("cdp_write") else "BEGIN")

        return engine
    if url.startswith("postgres"):
        return postgres.create_engine(url)
    return sa.create_engine(url, pool_pre_ping=True)


def _schema_version(conn: Connection) -> int:
    if not sa.inspect(conn).has_table("meta"):
        return 0
    row = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")).first()
    return int(row.value) if row else 0


def _set_meta(conn: Connection, key: str, value: str) -> None:
    if not sa.inspect(conn).has_table("meta"):
        meta.create(conn)
    conn.execute(meta.delete().where(meta.c.key == key))
    conn.execute(meta.insert().values(key=key, value=value))
