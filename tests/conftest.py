"""Shared fixtures.

- ``shared_data``: ``../shared/data`` read in place (tests that need it skip if absent).
- ``workspace``: a fresh demo workspace in a temporary folder (``CDP_WORKSPACE`` set).
- ``empty_workspace``: a fresh workspace without the demo.
- ``app_server``: ``streamlit run app.py`` on a free port with its own workspace (session).
- ``browser`` / ``page``: headless Debian Chromium driven by Playwright.
- ``screenshot(page, name)``: saves under ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("CDP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip("../shared/data is not beside the repository")
    return data


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    from cdp_data.store import Workspace

    folder = tmp_path / "ws"
    monkeypatch.setenv("CDP_WORKSPACE", str(folder))
    ws = Workspace.open(folder)
    yield ws
    ws.dispose()


@pytest.fixture
def empty_workspace(tmp_path, monkeypatch):
    from cdp_data.store import Workspace

    folder = tmp_path / "ws_empty"
    monkeypatch.setenv("CDP_WORKSPACE", str(folder))
    ws = Workspace.open(folder, seed_demo=False)
    yield ws
    ws.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """A ``streamlit run app.py`` process with its own workspace folder."""

    def __init__(self, workspace: Path, log: Path):
        self.workspace = workspace
        self.log = log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "AppServer":
        env = {**os.environ, "CDP_WORKSPACE": str(self.workspace), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
            cwd=REPO, env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {self.log}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"streamlit did not start in {timeout}s; see {self.log}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    server = AppServer(tmp_path_factory.mktemp("browser_ws"), ARTIFACTS / "logs" / "streamlit.log").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=False)
    p = context.new_page()
    yield p
    context.close()


def screenshot(page, name: str, full_page: bool = True) -> Path:
    out = ARTIFACTS / "screenshots" / f"{name}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out), full_page=full_page)
    return out


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script for the current page."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            const running = document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"], [data-testid="stStatusWidgetRunningManIcon"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning' && !running;
        }""",
        timeout=timeout,
    )
    page.wait_for_timeout(300)


def assert_no_streamlit_error(page) -> None:
    """No exception box and no error alert on the page."""
    boxes = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    texts = [boxes.nth(i).inner_text() for i in range(boxes.count())]
    assert not texts, texts


def copy_into(src: Path, dest_dir: Path) -> Path:
    dest_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(src, dest_dir))
