"""A new workspace's demo copied from one seeded once per process.

Seeding the demo through the loaders (:mod:`cdp_data.demo.public_data`) takes about a second, and the app and
the tests open many new workspaces: the first SQLite workspace of a process is seeded in a scratch folder, its
rows are kept in memory, and every new SQLite workspace gets a copy of those rows (the same rows the seed would
write). PostgreSQL workspaces are seeded directly.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from typing import Callable

from ..store import Workspace, postgres, snapshot

_rows: dict[str, list[dict]] | None = None
_lock = threading.Lock()


def _seeded_rows(seed: Callable[[Workspace], None]) -> dict[str, list[dict]]:
    folder = tempfile.mkdtemp(prefix="cdp-demo-")
    try:
        scratch = Workspace.open(folder, seed=seed)
        try:
            return snapshot.read_rows(scratch)
        finally:
            scratch.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def copyable(ws_or_url: Workspace | str) -> bool:
    """True for a SQLite workspace (or URL) when ``CDP_DATABASE_URL`` does not point elsewhere."""
    if os.environ.get("CDP_DATABASE_URL", "").strip():
        return False
    return isinstance(ws_or_url, str) or not postgres.is_postgresql(ws_or_url.engine)


def prepare(seed: Callable[[Workspace], None]) -> None:
    """Seed the scratch workspace once per process (call it outside any open workspace's lock: opening the
    scratch workspace takes the class-wide lock)."""
    global _rows
    with _lock:
        if _rows is None and copyable(""):
            _rows = _seeded_rows(seed)


def seed_from_template(ws: Workspace, seed: Callable[[Workspace], None]) -> None:
    """Seed ``ws`` with what ``seed`` writes: a copy of the rows of the workspace :func:`prepare` seeded
    (SQLite), else ``seed(ws)`` itself."""
    rows = _rows
    if rows is None or not copyable(ws):
        seed(ws)
        return
    snapshot.write_rows(ws, rows)
