"""What the workspace does differently on PostgreSQL (``CDP_DATABASE_URL=postgresql://...``).

SQLite's counterparts are in :mod:`cdp_data.store.workspace`:

- **one writer at a time**: SQLite's ``BEGIN IMMEDIATE`` becomes a transaction-level advisory
  lock taken first in every :meth:`Workspace.begin`, so two writers (threads, processes or
  servers) queue, and a read-modify-write such as ``merge_dataset`` sees the rows the previous
  writer committed (each statement reads the latest commits: READ COMMITTED). Like SQLite's
  busy timeout, a writer gives up after :data:`LOCK_TIMEOUT`.
- **the lock while migrating or seeding**: the folder's ``flock`` becomes a session advisory
  lock on the database, since two app servers on different machines share the database but
  not a folder.
- **the revision**: there is no file whose size and time tell that someone wrote, so every
  write transaction that changed something adds one to the ``data_version`` row of ``meta``
  (one that only read, such as opening a workspace already migrated, changes nothing).

Needs PostgreSQL 13 or later (``pg_current_xact_id_if_assigned``); the tests use 15.

Advisory locks belong to one database, so two workspaces in two databases never wait on each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .schema import meta

# Advisory lock keys (any two 64-bit numbers the app uses for nothing else).
WRITE_LOCK = 0x6364705F77726974  # "cdp_writ"
OPEN_LOCK = 0x6364705F6F70656E  # "cdp_open"
LOCK_TIMEOUT = "30s"  # as SQLite's busy timeout
DATA_VERSION = "data_version"
DRIVER = "postgresql+psycopg"


def is_postgresql(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "postgresql"


def create_engine(url: str | sa.URL) -> Engine:
    """An engine for a PostgreSQL URL; ``postgresql://`` and ``postgres://`` use psycopg 3."""
    url = sa.make_url(url)
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername=DRIVER)
    connect_args = {} if "application_name" in url.query else {"application_name": "cdp_data"}
    return sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def lock_for_writing(conn: Connection) -> None:
    """Wait (up to :data:`LOCK_TIMEOUT`) until no other transaction is writing; held until commit or rollback."""
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITE_LOCK)))


def bump_data_version(conn: Connection) -> None:
    """Count one more write (called last in each write transaction, under the write lock) if the
    transaction changed anything (only then has the server given it a transaction id)."""
    if conn.execute(sa.select(sa.func.pg_current_xact_id_if_assigned())).scalar() is None:
        return
    next_value = sa.cast(sa.cast(meta.c.value, sa.BigInteger) + 1, sa.Text)
    if not conn.execute(meta.update().where(meta.c.key == DATA_VERSION).values(value=next_value)).rowcount:
        conn.execute(meta.insert().values(key=DATA_VERSION, value="1"))


def data_version(conn: Connection) -> int:
    value = conn.execute(sa.select(meta.c.value).where(meta.c.key == DATA_VERSION)).scalar()
    return int(value) if value is not None else 0


@contextmanager
def open_lock(engine: Engine) -> Iterator[None]:
    """An exclusive lock on the database, across processes and machines, while it is migrated
    or seeded. Held by one connection of its own, outside any transaction; released if the
    process dies (the server ends the session)."""
    conn = engine.connect()
    try:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(sa.select(sa.func.pg_advisory_lock(OPEN_LOCK)))
        try:
            yield
        finally:
            try:
                conn.execute(sa.select(sa.func.pg_advisory_unlock(OPEN_LOCK)))
            except sa.exc.SQLAlchemyError:  # pragma: no cover - never return a connection holding the lock
                conn.invalidate()
    finally:
        conn.close()
