"""Twenty delivery-plan uploads at once, from two processes (two app servers) with ten sessions each (threads,
as Streamlit runs sessions), through the service the Delivery plan page calls: twenty versions, none lost."""

from __future__ import annotations

from cdp_data.bootstrap import open_workspace
from cdp_data.services import plan
from tests.store.together import run_together

DEMO = "E10000017"

SERVER = """
import datetime as dt, sys, threading
from cdp_data.bootstrap import open_workspace
from cdp_data.services import plan
from tests.sources.plan_books import tracker

folder, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ws = open_workspace(folder)
books = [tracker([[f"A{n}", "Treatment", f"Action number {n}", "Provider", dt.datetime(2026, 3, 31), "Green"]])
         for n in range(first, first + count)]
start, errors = threading.Barrier(count), []

def session(n, content):
    start.wait()
    try:
        assert plan.upload_version(ws, "E10000017", f"plan_{n}.xlsx", content, uploaded_by="officer").is_new
    except BaseException as exc:
        errors.append(repr(exc))

threads = [threading.Thread(target=session, args=(n, b)) for n, b in zip(range(first, first + count), books)]
for t in threads: t.start()
for t in threads: t.join()
sys.exit("; ".join(errors) or 0)
"""


def test_twenty_uploads_at_once_from_two_servers_are_twenty_versions(store_backend, tmp_path):
    # PostgreSQL: two servers with folders of their own on one database; SQLite: one file, so one folder
    folders = [tmp_path / "server1", tmp_path / ("server2" if store_backend == "postgresql" else "server1")]
    open_workspace(folders[0]).dispose()  # seeded once, before the servers start
    before = len(plan.versions(ws := open_workspace(folders[0]), DEMO))
    ws.dispose()
    # two processes of their own at once (forked from the concurrency tests' launcher, tests/store/together.py:
    # each exits with 0 or its stderr is the failure message)
    run_together(*[[SERVER, folder, 10 * i, 10] for i, folder in enumerate(folders)])
    ws = open_workspace(folders[0])
    try:
        versions = plan.versions(ws, DEMO)
        assert len(versions) == before + 20
        assert set(versions["filename"]) >= {f"plan_{n}.xlsx" for n in range(20)}
    finally:
        ws.dispose()
