"""Helpers shared by the tests (fixtures are in ``conftest.py``)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from bench.appserver import REPO, AppServer, wait_for_app  # noqa: F401

SHARED = REPO.parent / "shared"
ARTIFACTS = REPO / "test-artifacts"


def screenshot(page, name: str, full_page: bool = True) -> Path:
    out = ARTIFACTS / "screenshots" / f"{name}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out), full_page=full_page)
    return out


def assert_no_streamlit_error(page) -> None:
    """No exception box and no error alert on the page."""
    boxes = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    texts = [boxes.nth(i).inner_text() for i in range(boxes.count())]
    assert not texts, texts


def copy_into(src: Path, dest_dir: Path) -> Path:
    dest_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(src, dest_dir))


APP = str(REPO / "app.py")  # AppTest.from_file(APP): relative paths resolve against the calling test's folder


def choose(page, box_label: str, option: str, attempts: int = 3) -> None:
    """Pick ``option`` in the selectbox labelled ``box_label``. The list is opened again if a rerun of the
    page closed it before the option could be clicked (seen on a loaded machine), up to ``attempts`` times."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.get_by_test_id("stSelectbox").filter(has_text=box_label)
    for attempt in range(attempts):
        wait_for_app(page)
        box.click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=10_000)
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")


# Sign-in settings for AppTest (``at.secrets["auth"] = dict(TEST_AUTH)``): with ``[auth]`` present the app
# acts as ``at.user``; without it, it is in local mode whatever ``at.user`` says.
TEST_AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "0" * 64,
             "client_id": "cdp-app", "client_secret": "not-a-secret",
             "server_metadata_url": "http://localhost:9/.well-known/openid-configuration"}


class _TestServer(http.server.ThreadingHTTPServer):
    daemon_threads = False  # closing the server waits for the answers still being written

    def handle_error(self, request, client_address) -> None:
        # a client that stopped listening (the timeout tests give up on purpose) is expected, not an error
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def local_server(handler) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 (a free port) answering with ``handler`` from a thread; yields its base URL
    and is shut down on leaving, once every answer it was writing is done (so nothing it prints lands in a later
    test). It looks for the shutdown every 50 ms (``serve_forever``'s default is half a second, which every test
    using a server used to wait at its end)."""
    server = _TestServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def files_handler(folder: Path, seen: list[str] | None = None):
    """A handler serving the files under ``folder`` quietly (the paths asked for appended to ``seen``)."""
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            if seen is not None:
                seen.append(self.path)

    return functools.partial(Handler, directory=str(folder))
