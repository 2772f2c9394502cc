"""``workspace backup`` and ``workspace restore``: the whole workspace as one file, for either database.

A backup is a zip file holding ``manifest.json`` (format, schema version, when, rows per table) and one
JSON-lines member per table. It is written and read as a stream, so its size is not bounded by memory,
and it restores into SQLite or PostgreSQL alike (a SQLite workspace can move to a PostgreSQL server).
Restoring needs an empty workspace of the same schema version: nothing is ever merged or overwritten.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..core.clock import now
from ..core.errors import WorkspaceError
from ..store import Workspace
from ..store import backup as store_backup
from .access import WHOLE_WORKSPACE, writes

FORMAT = "cdp-workspace-backup"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class BackupResult:
    path: Path
    schema_version: int
    rows: dict[str, int]

    @property
    def summary(self) -> str:
        return (f"{self.path.name}: {sum(self.rows.values()):,} rows from {len(self.rows)} tables "
                f"(schema {self.schema_version}).")


def backup(ws: Workspace, path: Path | str) -> BackupResult:
    """Write the whole workspace to ``path`` (a new zip file; an existing file is not overwritten)."""
    path = Path(path)
    if path.exists():
        raise WorkspaceError(f"{path.name} already exists; choose a new file name for the backup.")
    rows: dict[str, int] = {}
    partial = path.with_name(path.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "x", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            for table in store_backup.tables():
                with archive.open(f"tables/{table.name}.jsonl", "w", force_zip64=True) as member:
                    text = io.TextIOWrapper(member, encoding="utf-8", newline="\n")
                    count = 0
                    for row in store_backup.dump_rows(ws, table):
                        text.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
                        count += 1
                    text.flush()
                    text.detach()
                rows[table.name] = count
            manifest = {"format": FORMAT, "format_version": FORMAT_VERSION,
                        "schema_version": ws.schema_version(), "made_at": now().isoformat(), "rows": rows}
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise WorkspaceError(f"Cannot write the backup to {path.name}: {exc.strerror or exc}.") from exc
    return BackupResult(path, manifest["schema_version"], rows)


@writes("restore", "admin", scope=WHOLE_WORKSPACE)
def restore(ws: Workspace, path: Path | str) -> BackupResult:
    """Load the backup at ``path`` into ``ws``, which must be empty and of the backup's schema version."""
    path = Path(path)
    archive = _open_backup(path)
    with archive:
        manifest = _manifest(archive, path)
        if manifest["schema_version"] != ws.schema_version():
            raise WorkspaceError(
                f"{path.name} was made with schema {manifest['schema_version']} and this app uses schema "
                f"{ws.schema_version()}: restore it with the app version that made it, then open it with this one.")
        if store_backup.holds_data(ws):
            raise WorkspaceError("This workspace already holds data: restore into a new, empty workspace "
                                 "(a new folder, or a new database).")
        names = set(archive.namelist())

        def rows_of(table):
            member = f"tables/{table.name}.jsonl"
            if member not in names:
                return
            with archive.open(member) as raw:
                for line in io.TextIOWrapper(raw, encoding="utf-8"):
                    if line.strip():
                        yield json.loads(line)

        try:
            rows = store_backup.load_rows(ws, rows_of)
        except (ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
            raise WorkspaceError(f"{path.name} is damaged and was not restored; the workspace is unchanged.") from exc
    return BackupResult(path, manifest["schema_version"], rows)


def _open_backup(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise WorkspaceError(f"There is no backup file {path.name}.") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise WorkspaceError(f"{path.name} is not a workspace backup (it is not a zip file).") from exc


def _manifest(archive: zipfile.ZipFile, path: Path) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise WorkspaceError(f"{path.name} is not a workspace backup (it has no readable manifest).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT \
            or not isinstance(manifest.get("schema_version"), int):
        raise WorkspaceError(f"{path.name} is not a workspace backup made by this app.")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise WorkspaceError(f"{path.name} was made by a newer version of the app; update the app to restore it.")
    return manifest
