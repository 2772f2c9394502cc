"""Two app servers on one PostgreSQL behave as one (issue 14): a plan stored through one is on the other's
next rerun, and twenty uploads at once through the two servers' Delivery plan pages, ten browser pages on each,
end as twenty versions. (The same through the service on both databases: tests/services/test_concurrent_uploads.py.)"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from tests.sources.plan_books import tracker
from tests.support import ARTIFACTS, AppServer, assert_no_streamlit_error, screenshot, wait_for_app

pytestmark = pytest.mark.xdist_group("browser")

DEMO = "E10000017"


@pytest.fixture(scope="module")
def servers(postgres_cluster, tmp_path_factory):
    database = postgres_cluster.create_database()
    url = postgres_cluster.url(database)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CDP_DATABASE_URL", url)
        pair = [AppServer(tmp_path_factory.mktemp(f"server{i}"), ARTIFACTS / "logs" / f"streamlit_pg_{i}.log")
                for i in (1, 2)]
        for server in pair:
            server.start()
        try:
            yield pair, url
        finally:
            for server in pair:
                server.stop()
            postgres_cluster.drop_database(database)


def _workbooks(folder, count):
    """``count`` different plan workbooks (a different action in each, so none is a duplicate of another)."""
    paths = []
    for n in range(count):
        path = folder / f"plan_{n:02d}.xlsx"
        path.write_bytes(tracker([[f"A{n}", "Treatment", f"Action number {n}", "Provider",
                                   dt.datetime(2026, 3, 31), "Green"]]))
        paths.append(path)
    return paths


def _open_upload(page, server):
    page.goto(f"{server.url}/delivery_plan?partnership={DEMO}")
    wait_for_app(page)
    page.get_by_text("Upload a new version of the plan").first.click()
    page.get_by_label("Your name (recorded with the upload)").fill("Officer")
    page.get_by_label("Your name (recorded with the upload)").press("Enter")
    wait_for_app(page)


def _ready_to_store(page, path):
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    _store_enabled(page)


def _store_enabled(page):
    page.wait_for_function(
        "() => { const b = [...document.querySelectorAll('button')].find(x => x.innerText.includes("
        "'Store as a new version')); return b && !b.disabled; }", timeout=60_000)


def _version_options(page) -> list[str]:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Plan version").first
    box.click()
    options = page.get_by_role("option")
    options.first.wait_for()
    texts = options.all_inner_texts()
    page.keyboard.press("Escape")
    return texts


def test_a_plan_stored_on_one_server_is_on_the_other_at_its_next_rerun(servers, browser, tmp_path):
    (first, second), _ = servers
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        watcher = context.new_page()  # a session on the second server, open before the upload
        watcher.goto(f"{second.url}/delivery_plan?partnership={DEMO}")
        wait_for_app(watcher)
        before = _version_options(watcher)
        uploader = context.new_page()
        _open_upload(uploader, first)
        _ready_to_store(uploader, _workbooks(tmp_path, 1)[0])
        uploader.get_by_role("button", name="Store as a new version").click()
        uploader.get_by_text("Stored plan_00.xlsx as a new version of the plan.").wait_for(timeout=30_000)
        after, deadline = before, time.perf_counter() + 45
        while time.perf_counter() < deadline:  # the watcher's next rerun (Streamlit's "r" key) shows it; on a
            watcher.locator("h1").first.click()  # busy machine a rerun may start late, so each try waits a second
            watcher.keyboard.press("r")
            watcher.wait_for_timeout(1000)
            wait_for_app(watcher)
            after = _version_options(watcher)
            if len(after) > len(before):
                break
        assert len(after) == len(before) + 1 and set(before) < set(after)
        assert_no_streamlit_error(watcher)
        screenshot(watcher, "two_servers_after_upload_elsewhere", full_page=False)
    finally:
        context.close()


def test_twenty_uploads_at_once_through_both_servers_pages_end_as_twenty_versions(servers, browser, tmp_path):
    (first, second), url = servers
    books = _workbooks(tmp_path, 20)
    contexts = [browser.new_context(viewport={"width": 1366, "height": 768}) for _ in (first, second)]
    started = time.perf_counter()
    try:
        pages = [context.new_page() for context in contexts for _ in range(10)]
        where = [first] * 10 + [second] * 10
        for page, server in zip(pages, where):  # all twenty load at once; each waited for afterwards
            page.goto(f"{server.url}/delivery_plan?partnership={DEMO}&delivery_plan_upload_open=true",
                      wait_until="commit")
        for page, book in zip(pages, books):  # each chooses its file as soon as it has loaded
            wait_for_app(page, timeout=90_000, settle_ms=0)
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(book))
        for page in pages:
            _store_enabled(page)
        before = _stored_versions(url, tmp_path)
        ready = time.perf_counter()
        for page in pages:  # twenty clicks within a fraction of a second: the servers store them side by side
            page.get_by_role("button", name="Store as a new version").click(no_wait_after=True)
        for page, book in zip(pages, books):
            page.get_by_text(f"Stored {book.name} as a new version of the plan.").wait_for(timeout=90_000)
            assert_no_streamlit_error(page)
        stored = time.perf_counter()
        after = _stored_versions(url, tmp_path)
        assert len(after) == len(before) + 20
        assert sorted(name for version, name in after.items() if version not in before) == [b.name for b in books]
        print(f"twenty pages ready in {ready - started:.1f} s; twenty uploads stored in {stored - ready:.1f} s")
    finally:
        for context in contexts:
            context.close()


def _stored_versions(url: str, folder) -> dict:
    """version id -> file name of every stored plan version of the demo partnership, read from the database."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CDP_DATABASE_URL", url)
        from cdp_data.store import Workspace
        from cdp_data.services import plan

        ws = Workspace.open(folder / "probe")
        try:
            versions = plan.versions(ws, DEMO)
            return dict(zip(versions["id"], versions["filename"]))
        finally:
            ws.dispose()
