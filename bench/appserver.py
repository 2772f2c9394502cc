"""Start ``streamlit run`` on a free port and drive it with headless Debian Chromium.

Shared by the browser tests (tests/conftest.py) and the benchmarks.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CDP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """A ``streamlit run <script>`` process with its own workspace folder."""

    def __init__(self, workspace: Path, log: Path, script: Path | str = "app.py", cwd: Path = REPO,
                 env: dict[str, str] | None = None, address: str | None = "127.0.0.1"):
        """``env`` is added to this process's environment; ``address`` is passed as ``--server.address``
        (None: not passed, so the environment or .streamlit/config.toml decides)."""
        self.workspace = Path(workspace)
        self.env = dict(env or {})
        self.address = address
        self.log = Path(log)
        self.script = str(script)
        self.cwd = cwd
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "AppServer":
        env = {**os.environ, "CDP_WORKSPACE": str(self.workspace), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
               **self.env}
        address = ["--server.address", self.address] if self.address else []
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", self.script, "--server.headless", "true",
             "--server.port", str(self.port), *address, "--server.fileWatcherType", "none"],
            cwd=self.cwd, env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
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
                time.sleep(0.1)
        raise RuntimeError(f"streamlit did not start in {timeout}s; see {self.log}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


SCRIPT_DONE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning';
}"""


def wait_for_app(page, timeout: float = 30_000, settle_ms: int = 300) -> None:
    """Wait until Streamlit has finished running the script for the current page."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(SCRIPT_DONE, timeout=timeout)
    if settle_ms:
        page.wait_for_timeout(settle_ms)
        # a script may have asked for a rerun (st.rerun) just as it finished: wait for that one too
        page.wait_for_function(SCRIPT_DONE, timeout=timeout)


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
