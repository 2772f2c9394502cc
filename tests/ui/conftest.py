"""Fixtures of the page tests.

- ``demo_workspace``: the demo workspace for a test that only reads it (opens pages, asserts on what they show).
  On SQLite it is one copy of the seeded demo per session (per xdist worker) shared by all such tests, so the
  app's cached reads (``st.cache_data``, keyed on the workspace's folder and data version) stay warm from one
  test to the next, as they do in a server. After each test the workspace's revision (:meth:`Workspace.revision`:
  the database file's size and time and the newest load) must be what it was before: a test that writes fails
  there and must take the fresh ``workspace`` instead. With ``CDP_TEST_STORE_BACKEND=postgresql`` (or
  ``CDP_DATABASE_URL`` set) it is the fresh ``workspace``.
"""

from __future__ import annotations

import os
import shutil

import pytest


def _on_sqlite(request) -> bool:
    return os.environ.get("CDP_TEST_STORE_BACKEND", "sqlite") != "postgresql" and \
        not os.environ.get("CDP_DATABASE_URL") and "store_backend" not in request.fixturenames


@pytest.fixture(scope="session")
def _shared_demo_workspace(_seeded_sqlite_file, tmp_path_factory):
    from cdp_data.bootstrap import open_workspace

    folder = tmp_path_factory.mktemp("shared_demo") / "ws"
    folder.mkdir()
    shutil.copyfile(_seeded_sqlite_file, folder / "workspace.sqlite")
    ws = open_workspace(folder)
    yield ws
    ws.dispose()


@pytest.fixture
def demo_workspace(request, monkeypatch):
    if not _on_sqlite(request):
        yield request.getfixturevalue("workspace")
        return
    ws = request.getfixturevalue("_shared_demo_workspace")
    monkeypatch.setenv("CDP_WORKSPACE", str(ws.folder))
    before = ws.revision()
    yield ws
    assert ws.revision() == before, "the test wrote to the shared demo workspace: give it the fresh `workspace`"
