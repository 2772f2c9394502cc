"""Schema version and migrations: each entry upgrades the workspace from version N-1 to N."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import audit, ownership
from . import indicator_values as indicator_data
from .schema import (audit_log, load_changes, meeting_agendas, meetings, memberships, metadata,
                     retained_datasets, retained_segments, value_segments)

SCHEMA_VERSION = 8


def _migration_1(conn: Connection) -> None:
    # Creates the tables as currently defined, so a new workspace starts at the
    # latest shape; later migrations must therefore be idempotent (IF EXISTS,
    # check the column before adding it).
    metadata.create_all(conn)


def _migration_2(conn: Connection) -> None:
    # The unique key (indicator_id, area_code, ...) already serves lookups by
    # indicator and area; the extra index only slowed bulk loads (about 25%).
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_iv_indicator_area")


def _migration_3(conn: Connection) -> None:
    # Indicator values move from the row table ``indicator_values`` into columnar
    # segments (``value_segments``): bulk extracts loaded 25 times slower than
    # pandas could read them. Existing rows become one segment per load and indicator.
    value_segments.create(conn, checkfirst=True)
    if not sa.inspect(conn).has_table("indicator_values"):
        return

    loads = [row[0] for row in conn.exec_driver_sql("SELECT DISTINCT load_id FROM indicator_values ORDER BY 1")]
    for load_id in loads:  # one load at a time, so a large workspace is never all in memory
        query = ("SELECT * FROM indicator_values WHERE load_id IS NULL ORDER BY id" if load_id is None else
                 f"SELECT * FROM indicator_values WHERE load_id = {int(load_id)} ORDER BY id")
        rows = pd.read_sql_query(sa.text(query), conn)
        rows["is_synthetic"] = rows["is_synthetic"].fillna(0).astype(bool)
        indicator_data.write_values(conn, indicator_data.to_table(rows))
    conn.exec_driver_sql("DROP TABLE indicator_values")


def _migration_4(conn: Connection) -> None:
    # No table changes: from this version, new indicator segments are an Arrow file inside one LZ4
    # frame, which an app of schema 3 cannot read. The version number makes such an app refuse the
    # workspace with its "newer version" sentence instead of failing on the first segment. Segments
    # written before are still read as they are.
    pass


def _migration_5(conn: Connection) -> None:
    # Undo of loads: a load records what it added, removed or changed (``load_changes``), keeps the
    # segments and datasets it replaced (``retained_*``), and ``load_log.undone_at`` marks an undone
    # load. Loads made before this version recorded nothing and cannot be undone.
    for table in (load_changes, retained_segments, retained_datasets):
        table.create(conn, checkfirst=True)
    if "undone_at" not in {c["name"] for c in sa.inspect(conn).get_columns("load_log")}:
        conn.exec_driver_sql("ALTER TABLE load_log ADD COLUMN undone_at TIMESTAMP")


def _migration_6(conn: Connection) -> None:
    # Recorded meetings and each partnership's saved meeting agenda.
    meetings.create(conn, checkfirst=True)
    meeting_agendas.create(conn, checkfirst=True)


def _migration_7(conn: Connection) -> None:
    # Roles and the audit trail (issue 14): who may use which partnership, and every write recorded in a
    # table the database itself keeps append-only (triggers refuse UPDATE and DELETE).
    memberships.create(conn, checkfirst=True)
    audit_log.create(conn, checkfirst=True)
    audit.install_append_only(conn)


def _migration_8(conn: Connection) -> None:
    # A partnership's local figures are its own (issue 14): ``owner`` on indicator segments and stored datasets
    # (and their kept copies for undo), None for national data. Earlier local figures get their owner: template
    # values their area's partnership (the area itself, or its parent), harm counts the partnership whose wards
    # they are (through the stored lookups); in a workspace of one partnership, that one. Values of no
    # partnership stay national, readable by everyone as before.
    inspector = sa.inspect(conn)
    for table in ("value_segments", "retained_segments", "datasets", "retained_datasets"):
        if "owner" not in {c["name"] for c in inspector.get_columns(table)}:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN owner VARCHAR(16)")
    ownership.assign_local_figures(conn)
    ownership.assign_harm_counts(conn)


# Each entry upgrades the schema from version N-1 to N. Append, never edit.
MIGRATIONS: list[Callable[[Connection], None]] = [_migration_1, _migration_2, _migration_3, _migration_4,
                                                 _migration_5, _migration_6, _migration_7, _migration_8]
assert len(MIGRATIONS) == SCHEMA_VERSION
