"""Two app servers on one PostgreSQL behave as one (issue 14): a plan stored through one is on the other's
next rerun. (Twenty uploads at once from two server processes: tests/services/test_concurrent_uploads.py.)"""

from __future__ import annotations

import datetime as dt

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
        after = before
        for _ in range(10):  # the watcher's next rerun (Streamlit's "r" key) shows it; a rerun may start late
            watcher.locator("h1").first.click()  # focus away from the select box
            watcher.keyboard.press("r")
            wait_for_app(watcher)
            after = _version_options(watcher)
            if len(after) > len(before):
                break
        assert len(after) == len(before) + 1 and set(before) < set(after)
        assert_no_streamlit_error(watcher)
        screenshot(watcher, "two_servers_after_upload_elsewhere", full_page=False)
    finally:
        context.close()
