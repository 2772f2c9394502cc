"""``workspace backup`` / ``restore`` on both databases: a round trip gives the same workspace."""

from __future__ import annotations

import json
import zipfile

import pytest

from cdp_data.core.errors import WorkspaceError
from cdp_data.services import backup as backups
from cdp_data.services import geography_loading, loading, plan
from cdp_data.store import Workspace, indicator_values, stored_datasets

DEMO = "E10000017"


def _what_it_holds(ws: Workspace) -> dict:
    summary = ws.summary()
    for where in ("workspace", "database"):  # where the workspace lives, not what it holds
        summary.pop(where)
    return summary


LOCAL_FIGURES = (b"Indicator ID,Indicator name,Area code,Area name,Period,Period start,Period end,Value,Count,"
                 b"Denominator,Lower CI 95,Upper CI 95,Unit,Source,Note\n"
                 b"naloxone_kits_local,Naloxone kits,E10000017,,2024/25,,,,140,,,,count,Provider,\n")


def _owners(ws: Workspace) -> dict:
    segments = indicator_values.segments(ws).sort_values("id")
    datasets = stored_datasets.catalogue(ws).sort_values("id")
    return {"segments": [o if isinstance(o, str) else None for o in segments["owner"]],
            "datasets": [o if isinstance(o, str) else None for o in datasets["owner"]]}


def _second_database(request, monkeypatch, store_backend, tmp_path):
    """An empty workspace on the same kind of database as the test's own."""
    if store_backend == "postgresql":
        cluster = request.getfixturevalue("postgres_cluster")
        name = cluster.create_database()
        request.addfinalizer(lambda: cluster.drop_database(name))
        monkeypatch.setenv("CDP_DATABASE_URL", cluster.url(name))
    return Workspace.open(tmp_path / "restored")


def test_round_trip_gives_the_same_workspace(store_backend, workspace, shared_data, tmp_path, request,
                                              monkeypatch):
    content = (shared_data / "plans" / "tracker_flat.xlsx").read_bytes()
    added = plan.add_plan_version(workspace, DEMO, "tracker_flat.xlsx", content, uploaded_by="officer")
    workspace.set_setting("probe", "kept")
    geography_loading.load_harm(workspace, "harm.csv", b"Geography code,Measure,Period,Count\n"
                                b"E05000001,naloxone_supplied,2024/25,9\n", partnership_code=DEMO)
    loading.load_file(workspace, "kits.csv", LOCAL_FIGURES, partnership_code=DEMO)
    before = _what_it_holds(workspace)
    owners = _owners(workspace)
    assert set(owners["segments"]) == {None, DEMO} and owners["datasets"].count(DEMO) == 1
    made = backups.backup(workspace, tmp_path / "ws.cdpbackup")
    assert made.rows["plan_versions"] == before["plan_versions"] >= 2
    restored = _second_database(request, monkeypatch, store_backend, tmp_path)
    try:
        result = backups.restore(restored, tmp_path / "ws.cdpbackup")
        assert result.rows == made.rows
        assert _what_it_holds(restored) == before
        assert restored.get_setting("probe") == "kept"
        assert _owners(restored) == owners   # whose local figures they are comes back too (schema 8)
        assert list(plan.versions(restored, DEMO)["id"]) == list(plan.versions(workspace, DEMO)["id"])
        assert plan.original_file(restored, added) == ("tracker_flat.xlsx", content)
        # new rows get ids after the restored ones (on PostgreSQL the sequences were moved on)
        again = plan.add_plan_version(restored, DEMO, "changed.xlsx", content + b"\0")
        assert again > added
    finally:
        restored.dispose()


def test_a_sqlite_backup_restores_into_postgresql(workspace, tmp_path, request, monkeypatch):
    before = _what_it_holds(workspace)
    backups.backup(workspace, tmp_path / "ws.cdpbackup")
    restored = _second_database(request, monkeypatch, "postgresql", tmp_path)
    try:
        backups.restore(restored, tmp_path / "ws.cdpbackup")
        assert restored.engine.dialect.name == "postgresql"
        assert _what_it_holds(restored) == before
    finally:
        restored.dispose()


def test_restore_refuses_a_workspace_that_holds_data(workspace, tmp_path):
    backups.backup(workspace, tmp_path / "ws.cdpbackup")
    before = _what_it_holds(workspace)
    with pytest.raises(WorkspaceError, match="already holds data"):
        backups.restore(workspace, tmp_path / "ws.cdpbackup")
    assert _what_it_holds(workspace) == before


def test_backup_never_overwrites_a_file(workspace, tmp_path):
    target = tmp_path / "existing.zip"
    target.write_bytes(b"keep me")
    with pytest.raises(WorkspaceError, match="already exists"):
        backups.backup(workspace, target)
    assert target.read_bytes() == b"keep me"


def _rewrite(source, target, change):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = change(item.filename, old.read(item.filename))
            if data is not None:
                new.writestr(item.filename, data)


@pytest.mark.parametrize("change, message", [
    (lambda name, data: None if name == "manifest.json" else data, "no readable manifest"),
    (lambda name, data: b'{"format": "something else", "schema_version": 4}' if name == "manifest.json" else data,
     "not a workspace backup made by this app"),
    (lambda name, data: data.replace(b'"schema_version": ', b'"schema_version": 9') if name == "manifest.json"
     else data, "was made with schema 9"),
    (lambda name, data: data + b"{not json\n" if name == "tables/files.jsonl" else data, "is damaged"),
    (lambda name, data: data.replace(b'"b64":"', b'"b64":"!!') if name == "tables/files.jsonl" else data,
     "is damaged"),
    (lambda name, data: data + data.splitlines(keepends=True)[0] if name == "tables/areas.jsonl" else data,
     "is damaged"),  # a duplicate key: the database refuses it
])
def test_a_bad_backup_is_one_sentence_and_restores_nothing(workspace, empty_workspace, tmp_path, change, message):
    backups.backup(workspace, tmp_path / "good.zip")
    _rewrite(tmp_path / "good.zip", tmp_path / "bad.zip", change)
    with pytest.raises(WorkspaceError, match=message):
        backups.restore(empty_workspace, tmp_path / "bad.zip")
    assert empty_workspace.is_empty() and empty_workspace.partnerships().empty


@pytest.mark.parametrize("content, message", [(b"PK\x03\x04 truncated", "not a workspace backup"),
                                              (b"name,value\n", "not a workspace backup")])
def test_a_file_that_is_not_a_backup_is_refused(empty_workspace, tmp_path, content, message):
    (tmp_path / "x.zip").write_bytes(content)
    with pytest.raises(WorkspaceError, match=message):
        backups.restore(empty_workspace, tmp_path / "x.zip")
    with pytest.raises(WorkspaceError, match="There is no backup file"):
        backups.restore(empty_workspace, tmp_path / "missing.zip")


def test_the_backup_is_plain_json_lines_with_a_manifest(workspace, tmp_path):
    made = backups.backup(workspace, tmp_path / "ws.zip")
    with zipfile.ZipFile(tmp_path / "ws.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["format"] == "cdp-workspace-backup" and manifest["schema_version"] == workspace.schema_version()
        areas = [json.loads(line) for line in archive.read("tables/areas.jsonl").splitlines()]
    assert {a["code"] for a in areas} >= {DEMO} and made.rows["areas"] == len(areas)
