"""Fixtures of the page tests.

- ``demo_workspace``: the demo workspace for a test that only reads it (opens pages, asserts on what they show).
  On SQLite it is one copy of the seeded demo per session (per xdist worker) shared by all such tests, so the
  app's cached reads (``st.cache_data``, keyed on the workspace's folder and data version) stay warm from one
  test to the next, as they do in a server. After each test the workspace's revision (:meth:`Workspace.revision`:
  the database file's size and time and the newest load) must be what it was before: a test that writes fails
  there and must take the fresh ``workspace`` instead (``tests/ui/sharing.py``). With
  ``CDP_TEST_STORE_BACKEND=postgresql`` (or ``CDP_DATABASE_URL`` set) it is the fresh ``workspace``.
"""

from __future__ import annotations

import pytest

from tests.ui.sharing import copy_of_demo, on_sqlite, read_only


@pytest.fixture(scope="session")
def _shared_demo_workspace(_seeded_sqlite_file, tmp_path_factory):
    ws = copy_of_demo(_seeded_sqlite_file, tmp_path_factory.mktemp("shared_demo") / "ws")
    yield ws
    ws.dispose()


@pytest.fixture
def demo_workspace(request, monkeypatch):
    if not on_sqlite(request):
        yield request.getfixturevalue("workspace")
        return
    with read_only(request.getfixturevalue("_shared_demo_workspace"), monkeypatch) as ws:
        yield ws
