"""A new workspace's demo copied from one seeded once, kept on disk.

Seeding the demo through the loaders (:mod:`cdp_data.demo.public_data`) takes a second or more, and the app,
the command line and the tests open many new workspaces, often one a process: the first time, the demo is
seeded into a scratch SQLite workspace in the temporary folder, named by a digest of everything that decides
what the seed writes (the package's code and data, the schema version and today's date, which the demo plan's
dates follow); later, in any process, its rows are read once and copied into every new workspace, SQLite or
PostgreSQL (the same rows the seed would write; on PostgreSQL the id sequences are moved past them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Callable

from ..store import Workspace, snapshot
from ..store.migrations import SCHEMA_VERSION

PACKAGE = Path(__file__).resolve().parent.parent
_rows: dict[str, list[dict]] | None = None
_lock = threading.Lock()


def cache_key() -> str:
    """A digest of the package's code and data files, the schema version and today's date."""
    digest = hashlib.sha256(f"{SCHEMA_VERSION}|{dt.date.today().isoformat()}".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".csv", ".geojson", ".json", ".md"}:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _cached_folder() -> Path:
    return Path(tempfile.gettempdir()) / f"cdp-demo-{cache_key()}"


def _scratch(folder: Path, seed: Callable[[Workspace], None] | None = None) -> Workspace:
    """The template's own workspace: always a SQLite file in ``folder``, whatever ``CDP_DATABASE_URL`` says."""
    return Workspace.open(folder, seed=seed, url=f"sqlite:///{folder / 'workspace.sqlite'}")


def _read(folder: Path) -> dict[str, list[dict]]:
    ws = _scratch(folder)
    try:
        return snapshot.read_rows(ws)
    finally:
        ws.dispose()


def _ours(folder: Path) -> bool:
    """True when ``folder`` is this account's own and nobody else may write in it: the temporary folder is shared
    on a server, and a folder planted there by another account must never feed a new workspace."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    if not hasattr(os, "getuid"):   # Windows: the temporary folder is the account's own (no shared /tmp)
        return folder.is_dir() and not folder.is_symlink()
    return (folder.is_dir() and not folder.is_symlink() and info.st_uid == os.getuid()
            and not info.st_mode & 0o022)


def _seeded_rows(seed: Callable[[Workspace], None]) -> dict[str, list[dict]]:
    cached = _cached_folder()
    if _ours(cached) and (cached / "ready").exists():
        try:
            return _read(cached)
        except Exception:  # noqa: BLE001 - a damaged cache is rebuilt below
            pass
    folder = Path(tempfile.mkdtemp(prefix="cdp-demo-build-"))
    ws = _scratch(folder, seed)
    try:
        rows = snapshot.read_rows(ws)
    finally:
        ws.dispose()
    (folder / "ready").write_text("seeded\n")
    try:
        os.rename(folder, cached)   # atomic: another process may have got there first
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def prepare(seed: Callable[[Workspace], None]) -> None:
    """Read (or seed once) the template's rows (call it outside any open workspace's lock: opening the
    template takes the class-wide lock)."""
    global _rows
    with _lock:
        if _rows is None:
            _rows = _seeded_rows(seed)


def seed_from_template(ws: Workspace, seed: Callable[[Workspace], None]) -> None:
    """Seed ``ws`` with what ``seed`` writes: a copy of the template's rows when :func:`prepare` has read them,
    else ``seed(ws)`` itself."""
    rows = _rows
    if rows is None:
        seed(ws)
        return
    snapshot.write_rows(ws, rows)
