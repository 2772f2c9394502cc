"""App responsiveness in headless Chromium.

- cold start: ``streamlit run app.py`` launched until the Overview is fully drawn;
- page switch: click in the navigation until the new page's script has finished
  and its title is drawn, for every page;
- floor: the same switch on an app of two empty pages on the same machine, measured in the same
  rounds as the pages (a round switches through the floor's two pages, then the app's seven).
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


def _open_app(server: AppServer, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.goto(server.url)
    wait_for_app(page)
    return context, page


def _settle(page) -> None:
    """Wait until the page's renderer has nothing left to do (an idle callback), then a little more."""
    page.evaluate("() => new Promise(done => requestIdleCallback(() => done(), {timeout: 2000}))")
    page.wait_for_timeout(200)


def _switch_times(apps: list, repeats: int) -> list[dict[str, float]]:
    """Median switch time per page for each ``(browser page, pages)`` in ``apps``. After a warm-up
    round (the first visit of a page compiles it and fills caches), every round goes through all the
    apps in turn, so that the machine's drifting speed touches the floor and the pages alike."""
    times = [{label: [] for label, _ in pages} for _, pages in apps]
    for round_ in range(repeats + 1):
        for (page, pages), app_times in zip(apps, times):
            for label, title in pages:
                seconds = _switch(page, label, title)
                if round_:
                    app_times[label].append(seconds)
            _settle(page)  # the last page's late drawing must not land on the other app's first switch
    return [{label: statistics.median(values) for label, values in app_times.items()} for app_times in times]


def run(quick: bool = False) -> list[dict]:
    from playwright.sync_api import sync_playwright

    repeats = 3 if quick else 5
    # Switches are short and this VM's speed drifts: more rounds steady the medians, the floor's included.
    switch_repeats = 3 if quick else 9
    figures: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        tmp = Path(tmp)
        browser = launch_chromium(pw)
        workspace = tmp / "ws"
        # seed the demo once so that cold start measures start-up, not first-use seeding
        from cdp_data.bootstrap import open_workspace
        open_workspace(workspace).dispose()

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
        server = AppServer(workspace, tmp / "switch.log").start()
        floor_context, floor_page = _open_app(floor_server, browser)
        context, page = _open_app(server, browser)
        floor, switches = _switch_times([(floor_page, [("Beta", "Beta"), ("Alpha", "Alpha")]), (page, PAGES)],
                                        switch_repeats)
        floor_context.close()
        context.close()
        floor_server.stop()
        server.stop()
        floor_value = statistics.median(floor.values())
        figures.append({"figure": "page switch floor (empty Streamlit page)", "value": round(floor_value, 3),
                        "unit": "s", "runs": switch_repeats})
        for label, value in switches.items():
            ratio = value / floor_value
            figures.append({"figure": f"page switch: {label}", "value": round(value, 3), "unit": "s",
                            "ratio_to_floor": round(ratio, 2), "budget": "<= 3x floor",
                            "within_budget": ratio <= 3, "runs": switch_repeats})
        browser.close()
    return figures
