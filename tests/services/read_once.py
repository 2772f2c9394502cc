"""A demo workspace prepared once per module for the tests that only read it.

``built_once(name, prepare)`` gives two fixtures: ``name``, the workspace a test reads, and the module-scoped
``_shared_<name>`` behind it. On SQLite (the default) the module makes one copy of the session's seeded demo,
runs ``prepare(ws)`` on it once, and every test of the module given ``name`` reads that copy; after each test the
workspace's revision must be what it was (:func:`tests.ui.sharing.read_only`), so a test that writes fails and
must build its own. On PostgreSQL (``CDP_TEST_STORE_BACKEND=postgresql`` or ``CDP_DATABASE_URL``) each test has
its own ``workspace`` with ``prepare`` run on it, as before."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.ui.sharing import copy_of_demo, on_sqlite, read_only, settled


def built_once(name: str, prepare: Callable, needs: tuple[str, ...] = ()) -> tuple:
    """``needs``: fixtures asked for first, before any workspace (``shared_data``, which skips when the data is
    not beside the repository)."""
    shared_name = f"_shared_{name}"

    @pytest.fixture(scope="module", name=shared_name)
    def shared(_seeded_sqlite_file, tmp_path_factory):
        ws = copy_of_demo(_seeded_sqlite_file, tmp_path_factory.mktemp(name) / "ws")
        prepare(ws)
        yield settled(ws)
        ws.dispose()

    @pytest.fixture(name=name)
    def per_test(request, monkeypatch):
        for need in needs:
            request.getfixturevalue(need)
        if not on_sqlite(request):
            ws = request.getfixturevalue("workspace")
            prepare(ws)
            yield ws
            return
        with read_only(request.getfixturevalue(shared_name), monkeypatch) as ws:
            yield ws

    return shared, per_test
