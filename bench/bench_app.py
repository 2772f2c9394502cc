"""App responsiveness in headless Chromium.

- cold start: ``streamlit run app.py`` launched until the Overview is fully drawn;
- page switch: click in the navigation until the new page's script has finished
  and its title is drawn, for every page;
- floor: the same switch on an app of two empty pages on the same machine.
Budget (issue 2): each page's switch time within 3x the floor.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench.appserver import AppServer, launch_chromium, wait_for_app

PAGES = [("Outcomes", "How is each outcome changing?"), ("Compare partnerships", "How do we compare?"),
         ("Unmet need", "Who needs treatment and is not in it?"),
         ("Ward map", "Where do deprivation and drug harm meet?"),
         ("Delivery plan", "Is the delivery plan on track?"), ("Data", "What data does the workspace hold?"),
         ("Overview", "Are we on track?")]
EMPTY_APP = '''
import streamlit as st
pg = st.navigation([st.Page("a.py", title="Alpha", default=True), st.Page("b.py", title="Beta")])
pg.run()
'''


def _drawn(page, title: str, timeout: float = 60_000) -> None:
    page.wait_for_function(
        """(title) => {
            const app = document.querySelector('[data-testid="stApp"]');
            const h1 = document.querySelector('h1');
            return app && app.getAttribute('data-test-script-state') === 'notRunning' && h1
                && h1.innerText.trim() === title;
        }""", arg=title, timeout=timeout, polling=10)


def _switch(page, label: str, title: str) -> float:
    start = time.perf_counter()
    page.locator('[data-testid="stSidebarNav"] a', has_text=label).first.click()
    _drawn(page, title)
    return time.perf_counter() - start


def _switch_times(server: AppServer, browser, pages, repeats: int) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.goto(server.url)
    wait_for_app(page)
    times: dict[str, list[float]] = {label: [] for label, _ in pages}
    # one warm-up round: the first visit of a page compiles it and fills caches
    for label, title in pages:
        _switch(page, label, title)
    for _ in range(repeats):
        for label, title in pages:
            times[label].append(_switch(page, label, title))
    context.close()
    return {label: statistics.median(values) for label, values in times.items()}


def run(quick: bool = False) -> list[dict]:
    from playwright.sync_api import sync_playwright

    repeats = 3 if quick else 5
    figures: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        tmp = Path(tmp)
        browser = launch_chromium(pw)
        workspace = tmp / "ws"
        # seed the demo once so that cold start measures start-up, not first-use seeding
        from cdp_data.store import Workspace
        Workspace.open(workspace).dispose()

        cold = []
        for i in range(repeats):
            start = time.perf_counter()
            server = AppServer(workspace, tmp / f"cold{i}.log").start()
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            page = context.new_page()
            page.goto(server.url)
            _drawn(page, "Are we on track?")
            cold.append(time.perf_counter() - start)
            context.close()
            server.stop()
        figures.append({"figure": "cold start to Overview drawn", "value": round(statistics.median(cold), 3),
                        "unit": "s", "runs": repeats})

        (tmp / "empty").mkdir()
        (tmp / "empty" / "app.py").write_text(EMPTY_APP)
        (tmp / "empty" / "a.py").write_text('import streamlit as st\nst.title("Alpha")\n')
        (tmp / "empty" / "b.py").write_text('import streamlit as st\nst.title("Beta")\n')
        floor_server = AppServer(workspace, tmp / "floor.log", script="app.py", cwd=tmp / "empty").start()
        floor = _switch_times(floor_server, browser, [("Beta", "Beta"), ("Alpha", "Alpha")], repeats)
        floor_server.stop()
        floor_value = statistics.median(floor.values())
        figures.append({"figure": "page switch floor (empty Streamlit page)", "value": round(floor_value, 3),
                        "unit": "s", "runs": repeats})

        server = AppServer(workspace, tmp / "switch.log").start()
        switches = _switch_times(server, browser, PAGES, repeats)
        server.stop()
        for label, value in switches.items():
            ratio = value / floor_value
            figures.append({"figure": f"page switch: {label}", "value": round(value, 3), "unit": "s",
                            "ratio_to_floor": round(ratio, 2), "budget": "<= 3x floor",
                            "within_budget": ratio <= 3, "runs": repeats})
        browser.close()
    return figures
