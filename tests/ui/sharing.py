"""One workspace shared by the page tests that only read it (see ``tests/ui/conftest.py``).

The app's cached reads are keyed on the workspace's folder and data version, so tests sharing one workspace
find them warm, as a server does from one visit to the next. A test given a shared workspace must leave it as
it found it: :func:`read_only` checks after the test that the workspace's revision (the database file's size
and time, the newest load) has not changed."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path


def on_sqlite(request) -> bool:
    """Whether the test's workspaces are SQLite files (the default); on PostgreSQL every test keeps its own."""
    return os.environ.get("CDP_TEST_STORE_BACKEND", "sqlite") != "postgresql" and \
        not os.environ.get("CDP_DATABASE_URL") and "store_backend" not in request.fixturenames


def copy_of_demo(seeded_sqlite_file: Path, folder: Path):
    """A demo workspace in ``folder``: a copy of the session's seeded file, opened."""
    from cdp_data.bootstrap import open_workspace

    folder.mkdir(parents=True)
    shutil.copyfile(seeded_sqlite_file, folder / "workspace.sqlite")
    return settled(open_workspace(folder))


def settled(ws):
    """``ws`` with its write-ahead log folded into the database file, after any checkpoint the store started in
    the background (after a large write, such as seeding the demo again when the session's seeded file was
    copied before its own log was folded in): otherwise a checkpoint may run during a test and change the
    file's size and time (the revision) without any write."""
    import threading

    for thread in threading.enumerate():  # the store's own checkpoint after a large write (Workspace.begin)
        if thread.name == "workspace-checkpoint":
            thread.join()
    with ws.engine.connect() as conn:
        busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").scalar()
    assert busy == 0, "the workspace's log could not be folded into its database file"
    return ws


@contextlib.contextmanager
def read_only(ws, monkeypatch):
    """The app opens ``ws`` (``CDP_WORKSPACE``); afterwards its revision must be what it was."""
    monkeypatch.setenv("CDP_WORKSPACE", str(ws.folder))
    before = ws.revision()
    yield ws
    after = ws.revision()
    assert after == before, f"the test wrote to a shared workspace: give it a fresh one (`workspace`): {before} {after}"
