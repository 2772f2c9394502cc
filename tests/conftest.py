"""Shared fixtures.

- ``shared_data``: ``../shared/data`` read in place (tests that need it skip if absent).
- ``workspace``: a fresh demo workspace in a temporary folder (``CDP_WORKSPACE`` set): a copy of one
  seeded per session (on SQLite a copy of its file, on PostgreSQL a database made from it as a template).
- ``empty_workspace``: a fresh workspace without the demo (on SQLite a copy of an empty one created and
  migrated once per session).
- ``app_server``: ``streamlit run app.py`` on a free port with its own workspace (session).
- ``browser`` / ``page``: headless Debian Chromium driven by Playwright.
- ``screenshot(page, name)``: saves under ``test-artifacts/screenshots/``.
- Under pytest-xdist (the README's test line: ``-n 2 --dist loadgroup``) the browser tests are one
  ``xdist_group`` (``pytestmark`` in each of their modules, and ``pytest_xdist_make_scheduler`` below):
  they run on one worker, in file order,
  sharing its ``app_server`` and Chromium; every other module goes whole to whichever worker is free, so that what
  a module computes once (its module-scoped fixtures and caches of real files) is computed on one worker only.
  Session fixtures are per worker. The tests named ``..._under_1_gb`` (the readers of ``limited_cli``, one child
  process for all of them) are another group.
- ``limited_cli``: the memory tests' CLI runs in one child under a 1 GB address-space limit (tests/limits/limited.py).
- ``postgres_cluster``: a throwaway PostgreSQL server for the session (``tests/postgres.py``),
  started the first time a test asks for it; fails (never skips) if PostgreSQL is not installed.
- ``store_backend``: runs a test once on SQLite and once on PostgreSQL (a new database of its own,
  named by ``CDP_DATABASE_URL``, which subprocesses inherit); its value is "sqlite" or "postgresql".
- ``make_workspace(folder)``: ``Workspace.open(folder)`` on the test's backend, disposed afterwards.
- ``CDP_TEST_STORE_BACKEND=postgresql python -m pytest ...`` opens ``workspace`` and ``empty_workspace``
  on PostgreSQL too (a database per test), to run the rest of the suite there.
- ``_components_scanned_once`` (autouse, session): AppTest's scan of the installed packages for Streamlit
  components is done once per session instead of at every run (see the fixture).
- ``_app_runs_awaited_without_polling`` (autouse, session): AppTest waits for the end of a run by joining the
  script's thread instead of waking every millisecond to look (see the fixture).
- ``_page_scripts_compiled_once`` (autouse, session): app.py and the pages are compiled once per session
  (again if a script changes), not at every ``AppTest`` (see the fixture).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.appserver import CHROMIUM, AppServer, launch_chromium
from tests.support import ARTIFACTS, SHARED


@pytest.hookimpl(optionalhook=True)  # with -p no:xdist there is no such hook
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadgroup`` with the browser tests always in one group. pytest-xdist 3.8 marks a group by
    appending ``@group`` to ``item._nodeid``, which pytest 9 no longer reads (a node's id is ``item._id``),
    so the ``xdist_group`` marks alone would let the browser tests spread over the workers. Every other module is
    a unit of its own, as under ``--dist loadscope``: its tests share what it computes once (module-scoped
    fixtures, its caches of real files), which sent test by test each worker would compute again."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class BrowserTestsTogether(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith("tests/browser/"):
                return "browser"
            if nodeid.endswith("under_1_gb"):  # the readers of ``limited_cli``: its one child, on one worker
                return "limited_cli"
            return nodeid.split("::", 1)[0]

    return BrowserTestsTogether(config, log)


@pytest.fixture(scope="session", autouse=True)
def _components_scanned_once():
    """Every ``AppTest.run`` scans the metadata of every installed package for Streamlit components
    (``streamlit.components.v2.manifest_scanner.scan_component_manifests``): about a second of CPU a run, half
    the page tests' time. What is installed does not change during a session, so the scan's result is kept
    after the first run (the app itself runs as before)."""
    import functools

    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:  # another Streamlit version: nothing to keep
        yield
        return
    original = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = functools.lru_cache(maxsize=None)(original)
    yield
    manifest_scanner.scan_component_manifests = original


@pytest.fixture(scope="session", autouse=True)
def _app_runs_awaited_without_polling():
    """``AppTest.run`` waits for its script thread by waking every millisecond to look for the end of the run
    (``local_script_runner.require_widgets_deltas``); each wake-up takes the interpreter lock from the script,
    so the page runs slower and the waiting itself costs CPU. Here the wait is a join of the script thread
    with the same timeout, and the same error if the run has not ended by then (the app runs as before)."""
    import time

    try:
        from streamlit.testing.v1 import local_script_runner
    except ImportError:  # another Streamlit version: nothing to change
        yield
        return
    original = local_script_runner.require_widgets_deltas

    def awaited(runner, timeout: float = 3) -> None:
        thread = getattr(runner, "_script_thread", None)
        if thread is None or not hasattr(runner, "script_stopped"):
            return original(runner, timeout)
        deadline = time.time() + timeout
        while not runner.script_stopped() and thread.is_alive() and time.time() < deadline:
            thread.join(min(0.5, max(deadline - time.time(), 0)))
        if runner.script_stopped():
            return None
        return original(runner, max(deadline - time.time(), 0.001))  # not ended: the original's stop and error

    local_script_runner.require_widgets_deltas = awaited
    yield
    local_script_runner.require_widgets_deltas = original


@pytest.fixture(scope="session", autouse=True)
def _page_scripts_compiled_once():
    """Every ``AppTest`` starts with an empty cache of compiled scripts, so app.py and the page are read, given
    Streamlit's "magic" and compiled again at every test. Here the compiled code is kept for the session, keyed
    on the script's path, size and modification time (and the magic option), so a changed script is compiled
    again (what runs is the same code)."""
    try:
        from streamlit import config
        from streamlit.runtime.scriptrunner.script_cache import ScriptCache
        from streamlit.testing.v1 import app_test
    except ImportError:  # another Streamlit version: nothing to keep
        yield
        return
    compiled: dict = {}

    class KeptScriptCache(ScriptCache):
        def get_bytecode(self, script_path: str):
            path = os.path.abspath(script_path)
            try:
                stat = os.stat(path)
            except OSError:
                return super().get_bytecode(script_path)
            key = (path, stat.st_mtime_ns, stat.st_size, config.get_option("runner.magicEnabled"))
            if key not in compiled:
                compiled[key] = ScriptCache().get_bytecode(path)
            return compiled[key]

    original = app_test.ScriptCache
    app_test.ScriptCache = KeptScriptCache
    yield
    app_test.ScriptCache = original


@pytest.fixture(scope="session")
def limited_cli(request, tmp_path_factory):
    """The CLI runs of the memory tests (bombs, wards commands, the hostile corpus) in ONE child process under a
    1 GB address-space limit (tests/limits/limited.py); the tests that read it end with ``under_1_gb``."""
    from tests.limits.limited import run_once

    yield from run_once(request, tmp_path_factory)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip("../shared/data is not beside the repository")
    return data


STORE_BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pub(shared_data) -> Path:
    """The real public data (ONS, IoD, populations, police, Fingertips samples), read in place."""
    return shared_data / "public"


@pytest.fixture(scope="session")
def lookups(pub) -> list[Path]:
    """The ward lookups the geography tests use: LSOA 2011 and 2021 to 2024 wards, and wards to areas."""
    return [pub / "lookups/lookup_lsoa11_ward24_lad24_bestfit_DERIVED.csv",
            pub / "lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv",
            pub / "lookups/lookup_ward24_lad24_ctyua24_rgn24_ONS.csv"]


@pytest.fixture(scope="session")
def postgres_cluster():
    from tests.postgres import PostgresCluster, PostgresMissing

    try:
        cluster = PostgresCluster().start()
    except PostgresMissing as exc:
        missing = str(exc)
    else:
        missing = None
    if missing:
        pytest.fail(missing, pytrace=False)  # fail, never skip: CI installs PostgreSQL (.ci/run)
    yield cluster
    cluster.stop()


@pytest.fixture(params=STORE_BACKENDS)
def store_backend(request, monkeypatch):
    if request.param == "sqlite":
        monkeypatch.delenv("CDP_DATABASE_URL", raising=False)
        yield "sqlite"
        return
    cluster = request.getfixturevalue("postgres_cluster")
    name = cluster.create_database()
    monkeypatch.setenv("CDP_DATABASE_URL", cluster.url(name))
    yield "postgresql"
    cluster.drop_database(name)


@pytest.fixture
def make_workspace(store_backend):
    from cdp_data.store import Workspace

    opened = []

    def make(folder, **options):
        ws = Workspace.open(folder, **options)
        opened.append(ws)
        return ws

    yield make
    for ws in opened:
        ws.dispose()


def _database_for(request) -> None:
    """With ``CDP_TEST_STORE_BACKEND=postgresql``, the shared workspace fixtures below open a
    PostgreSQL database of their own (to run the whole suite there); a test that asks for
    ``store_backend`` has chosen its backend already."""
    if os.environ.get("CDP_TEST_STORE_BACKEND", "sqlite") != "postgresql" or "store_backend" in request.fixturenames:
        return
    cluster = request.getfixturevalue("postgres_cluster")
    name = cluster.create_database()
    request.getfixturevalue("monkeypatch").setenv("CDP_DATABASE_URL", cluster.url(name))
    request.addfinalizer(lambda: cluster.drop_database(name))


def _sqlite_template(folder: Path, make) -> Path:
    """``make(folder)`` run once on SQLite (whatever ``CDP_DATABASE_URL`` says), and the workspace's database
    folded into its one file, for tests to start from a copy of it."""
    import sqlite3
    import threading
    import time

    previous = os.environ.pop("CDP_DATABASE_URL", None)
    try:
        make(folder).dispose()
    finally:
        if previous is not None:
            os.environ["CDP_DATABASE_URL"] = previous
    database = folder / "workspace.sqlite"
    for thread in threading.enumerate():  # the store's background checkpoint after a large write holds the
        if thread.name == "workspace-checkpoint":  # log open: TRUNCATE would then leave it, and each copy of
            thread.join()                          # the file would be an empty database seeded again
    with sqlite3.connect(database) as raw:  # everything into the main file, so one file is the whole workspace
        for _attempt in range(50):
            if raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0:  # 0: not busy, done
                break
            time.sleep(0.02)
    return database


@pytest.fixture(scope="session")
def _seeded_sqlite_file(tmp_path_factory) -> Path:
    """A demo workspace seeded once per test session: tests on SQLite start from a copy of its file
    (a copy takes milliseconds, seeding the demo about 0.2 s, and the suite opens some 200)."""
    from cdp_data.bootstrap import open_workspace

    return _sqlite_template(tmp_path_factory.mktemp("seeded_demo"), open_workspace)


@pytest.fixture(scope="session")
def _empty_sqlite_file(tmp_path_factory) -> Path:
    """The same for an empty workspace: created and migrated once per session (creating the tables and running
    every migration takes about 0.2 s of CPU, and the suite opens some 200 empty workspaces)."""
    from cdp_data.store import Workspace

    return _sqlite_template(tmp_path_factory.mktemp("empty_ws"), Workspace.open)


@pytest.fixture(scope="session")
def _seeded_postgres_template(postgres_cluster, tmp_path_factory) -> str:
    """The same on PostgreSQL: a database seeded with the demo once per session (per xdist worker);
    a test's own database is then made a copy of it (``CREATE DATABASE ... TEMPLATE``, about 0.1 s
    against some 1.5 s to seed the demo)."""
    from cdp_data.bootstrap import open_workspace

    name = postgres_cluster.create_database()
    previous = os.environ.get("CDP_DATABASE_URL")
    os.environ["CDP_DATABASE_URL"] = postgres_cluster.url(name)
    try:
        open_workspace(tmp_path_factory.mktemp("seeded_pg")).dispose()  # no connection left: a template
    finally:
        if previous is None:
            del os.environ["CDP_DATABASE_URL"]
        else:
            os.environ["CDP_DATABASE_URL"] = previous
    return name


def _own_postgres_database(request) -> str | None:
    """The name of the test's own database on the throwaway cluster, if it runs on PostgreSQL."""
    if os.environ.get("CDP_TEST_STORE_BACKEND", "sqlite") != "postgresql" and "store_backend" not in \
            request.fixturenames:
        return None
    url = os.environ.get("CDP_DATABASE_URL")
    if not url:
        return None
    import sqlalchemy as sa

    return sa.engine.make_url(url).database


@pytest.fixture
def workspace(request, tmp_path, monkeypatch):
    import shutil

    from cdp_data.bootstrap import open_workspace

    _database_for(request)
    folder = tmp_path / "ws"
    monkeypatch.setenv("CDP_WORKSPACE", str(folder))
    own_database = _own_postgres_database(request)
    if own_database:
        request.getfixturevalue("postgres_cluster").copy_database(
            own_database, request.getfixturevalue("_seeded_postgres_template"))
    elif not os.environ.get("CDP_DATABASE_URL"):
        folder.mkdir(parents=True)
        shutil.copyfile(request.getfixturevalue("_seeded_sqlite_file"), folder / "workspace.sqlite")
    ws = open_workspace(folder)
    yield ws
    ws.dispose()


@pytest.fixture
def empty_workspace(request, tmp_path, monkeypatch):
    from cdp_data.store import Workspace

    _database_for(request)
    if "store_backend" in request.fixturenames:
        request.getfixturevalue("store_backend")  # its CDP_DATABASE_URL is set (or removed) first
    folder = tmp_path / "ws_empty"
    monkeypatch.setenv("CDP_WORKSPACE", str(folder))
    if not os.environ.get("CDP_DATABASE_URL"):
        import shutil

        folder.mkdir(parents=True)
        shutil.copyfile(request.getfixturevalue("_empty_sqlite_file"), folder / "workspace.sqlite")
    ws = Workspace.open(folder)
    yield ws
    ws.dispose()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # gw0, gw1, ... under pytest-xdist: a log each
    log = ARTIFACTS / "logs" / (f"streamlit-{worker}.log" if worker else "streamlit.log")
    server = AppServer(tmp_path_factory.mktemp("browser_ws"), log).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch_chromium(pw)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=False)
    p = context.new_page()
    yield p
    context.close()
