"""Schema 5 (undo of loads): a version-4 workspace is migrated, its earlier loads are refused with a sentence,
and loads made after the migration can be undone (on SQLite and PostgreSQL)."""

import pandas as pd
import pytest
import sqlalchemy as sa

from cdp_data import store
from cdp_data.core.errors import WorkspaceError
from cdp_data.services import indicator_files
from cdp_data.services.undo import undo_load
from cdp_data.store import Workspace
from cdp_data.store.indicator_values import read_values
from tests.services.test_no_silent_loss import extract

UNDO_TABLES = {"load_changes", "retained_segments", "retained_datasets"}


def test_a_version_4_workspace_is_migrated_and_keeps_working(store_backend, tmp_path):
    ws = Workspace.open(tmp_path / "v4")
    indicator_files.load_fingertips_export(ws, "full.csv", extract(["2021", "2022"]))
    with ws.begin() as conn:  # as schema 4 left it: no undo tables, no undone_at
        for name in UNDO_TABLES:
            conn.exec_driver_sql(f"DROP TABLE {name}")
        conn.exec_driver_sql("ALTER TABLE load_log DROP COLUMN undone_at")
        conn.execute(store.meta.update().where(store.meta.c.key == "schema_version").values(value="4"))
    ws.dispose()
    upgraded = Workspace.open(tmp_path / "v4")
    try:
        assert upgraded.schema_version() == store.SCHEMA_VERSION
        inspector = sa.inspect(upgraded.engine)
        assert UNDO_TABLES <= set(inspector.get_table_names())
        assert "undone_at" in {c["name"] for c in inspector.get_columns("load_log")}
        before = read_values(upgraded)
        with pytest.raises(WorkspaceError, match=r"^Load 1 \(full.csv\) cannot be undone: it was made before the "
                                                 r"workspace kept what loads replace"):
            undo_load(upgraded, 1)
        indicator_files.load_fingertips_export(upgraded, "latest.csv", extract(["2022"], value=lambda i: 1.0))
        undo_load(upgraded, 2)  # a load after the migration: the migrated values it replaced come back
        pd.testing.assert_frame_equal(read_values(upgraded), before)
    finally:
        upgraded.dispose()
    again = Workspace.open(tmp_path / "v4")  # migrating again changes nothing
    assert again.schema_version() == store.SCHEMA_VERSION and again.summary()["loads"] == 1
    again.dispose()
