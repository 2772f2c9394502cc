"""The audit trail is append-only in the database itself, and the members table keeps roles; on SQLite and
PostgreSQL (the ``workspace`` fixtures here run on both)."""

import pytest
import sqlalchemy as sa

from cdp_data.bootstrap import reset_to_demo
from cdp_data.store import audit, members
from cdp_data.store import workspace as store_workspace
from cdp_data.store.migrations import MIGRATIONS
from cdp_data.store.schema import audit_log, memberships


def _one_entry(ws):
    with ws.begin() as conn:
        return audit.record(conn, user="a@example.org", action="plan uploaded", summary="Stored.",
                            partnership="E10000017", filename="plan.xlsx", sha256="0" * 64, counts={"rows": 3})


def test_the_database_refuses_to_change_or_delete_an_audit_entry(empty_workspace):
    ws = empty_workspace
    entry = _one_entry(ws)
    for statement in (audit_log.update().where(audit_log.c.id == entry).values(summary="Nothing happened."),
                      audit_log.delete().where(audit_log.c.id == entry),
                      audit_log.delete()):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with ws.begin() as conn:
                conn.execute(statement)
    # not even outside the app's transactions, in raw SQL
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with ws.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM audit_log")
    frame = audit.entries(ws)
    assert frame["summary"].tolist() == ["Stored."]
    assert frame["user"].tolist() == ["a@example.org"]


def test_postgresql_refuses_truncate_too(store_backend, empty_workspace):
    _one_entry(empty_workspace)
    statement = "TRUNCATE audit_log" if store_backend == "postgresql" else "DELETE FROM audit_log WHERE id > 0"
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with empty_workspace.engine.begin() as conn:
            conn.exec_driver_sql(statement)
    assert audit.count(empty_workspace) == 1


def test_a_reset_keeps_members_and_the_audit_trail_and_records_itself(workspace):
    with workspace.begin() as conn:
        members.put(conn, "Viewer@Example.org", "E10000017", "viewer", added_by="admin@example.org")
    _one_entry(workspace)
    reset_to_demo(workspace)  # the local user: a global administrator
    assert members.roles_of(workspace, "viewer@example.org") == {"E10000017": "viewer"}
    entries = audit.entries(workspace)
    assert entries["action"].tolist() == ["plan uploaded", "workspace reset"]
    assert entries["partnership"].iloc[1] is None
    assert not workspace.partnerships().empty  # the demo is back


def test_members_are_kept_lower_case_one_role_per_partnership(empty_workspace):
    ws = empty_workspace
    with ws.begin() as conn:
        assert members.put(conn, " Ana@Example.org ", "E10000017", "viewer", added_by="x") is None
        assert members.put(conn, "ana@example.org", "E10000017", "editor", added_by="x") == "viewer"
        members.put(conn, "ana@example.org", "E08000015", "admin", added_by="x")
    assert members.roles_of(ws, "ANA@example.org") == {"E10000017": "editor", "E08000015": "admin"}
    listing = members.listing(ws, ["E10000017"])
    assert listing[["email", "partnership_code", "role", "added_by"]].values.tolist() == [
        ["ana@example.org", "E10000017", "editor", "x"]]
    with ws.begin() as conn:
        assert members.delete(conn, "ana@example.org", "E10000017") == "editor"
        assert members.delete(conn, "ana@example.org", "E10000017") is None
    assert members.roles_of(ws, "ana@example.org") == {"E08000015": "admin"}


def test_migration_7_adds_the_tables_and_triggers_to_a_version_4_workspace(empty_workspace, monkeypatch, tmp_path):
    ws = empty_workspace
    with ws.engine.begin() as conn:  # back to how a version-4 workspace was
        conn.exec_driver_sql("DROP TABLE audit_log" + (" CASCADE" if ws.engine.dialect.name == "postgresql" else ""))
        conn.exec_driver_sql("DROP TABLE memberships")
        conn.exec_driver_sql("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    assert not sa.inspect(ws.engine).has_table("audit_log")
    upgraded = store_workspace.Workspace.open(ws.folder)
    assert upgraded.schema_version() == len(MIGRATIONS) >= 7
    assert {"audit_log", "memberships"} <= set(sa.inspect(upgraded.engine).get_table_names())
    entry = _one_entry(upgraded)
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with upgraded.begin() as conn:
            conn.execute(audit_log.delete().where(audit_log.c.id == entry))
    assert memberships.name == "memberships"
    upgraded.dispose()
