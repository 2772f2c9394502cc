"""axe-core (the npm package, pinned in package.json) on every page of the app, colour contrast included.

What the app draws must have no violation. What Streamlit itself draws and the app cannot change is listed in
``STREAMLIT_OWNED`` with the reason; a violation is excused only when every node it names is one of those.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.support import REPO, assert_no_streamlit_error, wait_for_app

pytestmark = pytest.mark.xdist_group("browser")

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "outcomes", "compare", "unmet_need", "ward_map", "delivery_plan", "data", "meeting", "admin"]
DEMO = "E10000017"

# (rule, CSS fragment of the node's HTML, why the app cannot change it)
STREAMLIT_OWNED = [
    ("list", 'data-testid="stSidebarNavItems"', "Streamlit's page navigation puts <div> wrappers in its <ul>"),
    ("listitem", "<li", "the same navigation: its <li> items sit in those <div> wrappers"),
    ("svg-img-alt", "metric_chart_", "st.metric's own sparkline (chart_data) has no way to name its marks"),
    ("presentation-role-conflict", 'data-testid="stFileUploaderDropzo', "st.file_uploader's drop zone markup"),
]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():  # first run on a fresh clone: install the pinned version from package-lock.json
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=REPO, check=True, timeout=300)
    return AXE.read_text()


def _violations(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    return page.evaluate(r"""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.map(n => n.html + ' :: ' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300))}));
    }""")


def _ours(violations: list[dict]) -> list[dict]:
    """The violations in what the app draws (those not wholly in Streamlit's own markup)."""
    left = []
    for v in violations:
        owned = [fragment for rule, fragment, _ in STREAMLIT_OWNED if rule == v["id"]]
        nodes = [n for n in v["nodes"] if not any(f in n for f in owned)]
        if nodes:
            left.append({**v, "nodes": nodes})
    return left


@pytest.mark.parametrize("path", PAGES, ids=[p or "overview" for p in PAGES])
def test_no_accessibility_violation_in_what_the_app_draws(app_server, browser, axe_source, path):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/{path}?partnership={DEMO}")
        wait_for_app(page)
        assert_no_streamlit_error(page)
        page.wait_for_timeout(800)  # charts finish drawing after the run
        ours = _ours(_violations(page, axe_source))
        assert not ours, json.dumps(ours, indent=1)[:4000]
    finally:
        context.close()


def test_keyboard_focus_is_visible(app_server, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/?partnership={DEMO}")
        wait_for_app(page)
        page.wait_for_timeout(800)   # the app's stylesheet (its focus ring) applied before the first Tab
        wait_for_app(page)
        seen = 0
        for _ in range(12):
            page.keyboard.press("Tab")
            page.wait_for_timeout(100)
            outline = page.evaluate("""() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const s = getComputedStyle(el);
                return {width: parseFloat(s.outlineWidth) || 0, style: s.outlineStyle, shadow: s.boxShadow};
            }""")
            if outline is None:
                continue
            seen += 1
            assert (outline["width"] >= 2 and outline["style"] != "none") or outline["shadow"] not in ("none", ""), \
                outline
        assert seen >= 5
    finally:
        context.close()


def test_no_accessibility_violation_on_any_slide(app_server, browser, axe_source):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/meeting?partnership={DEMO}")
        wait_for_app(page)
        seen = []
        for _ in range(40):  # every slide of the demo's agenda, moved through with the keyboard
            wait_for_app(page, settle_ms=1500)  # charts drawn, no element still faded from the last run
            ours = _ours(_violations(page, axe_source))
            assert not ours, (page.url, json.dumps(ours, indent=1)[:3000])
            seen.append(page.url)
            page.locator("body").press("ArrowRight")
            wait_for_app(page)
            if page.url == seen[-1]:
                break
        assert len(seen) >= 6, seen
    finally:
        context.close()
