"""Real browser: every page opens on the demo; an upload survives a server restart."""

import csv
import re
from urllib.parse import parse_qs, urlparse

import pytest
from tests.support import AppServer, ARTIFACTS, assert_no_streamlit_error, screenshot, wait_for_app

# One xdist group: under pytest-xdist (--dist loadgroup) the browser tests run on one worker, in file order.
pytestmark = pytest.mark.xdist_group("browser")

PAGES = {
    "": "Are we on track?",
    "outcomes": "How is each outcome changing?",
    "compare": "How do we compare?",
    "unmet_need": "Who needs treatment and is not in it?",
    "ward_map": "Where do deprivation and drug harm meet?",
    "delivery_plan": "Is the delivery plan on track?",
    "data": "What data does the workspace hold?",
}


@pytest.mark.parametrize("path,title", PAGES.items())
def test_every_page_draws_without_error(app_server, page, path, title):
    page.goto(f"{app_server.url}/{path}")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == title
    assert_no_streamlit_error(page)
    picker = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    picker.wait_for(state="visible", timeout=20_000)
    assert "Partnership" in picker.inner_text()
    if path == "ward_map":  # the map draws after the script has finished: screenshot it drawn
        page.wait_for_function("() => document.querySelector('[data-testid=\"stVegaLiteChart\"] svg path')",
                               timeout=60_000)
        page.wait_for_timeout(800)
    screenshot(page, f"page_{path or 'overview'}")


def test_navigation_click_switches_page(app_server, page):
    page.goto(app_server.url)
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Data").click()
    page.wait_for_function("() => location.pathname.endsWith(\"/data\")")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == PAGES["data"]


def test_a_deep_link_to_a_fresh_server_opens_the_framed_page(browser, tmp_path):
    """The first request of a new server process is a link to /data with a partnership:
    Streamlit must not fall back to its legacy pages-folder mode (no sidebar, no picker)."""
    server = AppServer(tmp_path / "ws", ARTIFACTS / "logs" / "deeplink.log").start()
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{server.url}/data?partnership=E08000015")
        wait_for_app(page)
        picker = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
        picker.wait_for(timeout=20_000)
        shown = picker.evaluate(
            "el => el.innerText + ' ' + [...el.querySelectorAll('input')].map(i => i.value).join(' ')")
        assert "Wirral (E08000015)" in shown, shown
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Compare partnerships" in nav and "delivery plan" not in nav  # our titles, not file names
        assert page.locator("h1").first.inner_text().strip() == PAGES["data"]
        assert_no_streamlit_error(page)
        screenshot(page, "deep_link_fresh_server")
        _links_reopen_the_controls_they_name(page, server.url)
    finally:
        context.close()
        server.stop()


def _shown(box) -> str:
    return box.evaluate("el => el.innerText + ' ' + [...el.querySelectorAll('input')].map(i => i.value).join(' ')")


def _address(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def _links_reopen_the_controls_they_name(page, url: str) -> None:
    """Reopened in the browser, a link restores the ward map's "Rates per" and the plan's "Compare with", and
    changing a control writes it into the address."""
    page.goto(f"{url}/ward_map?partnership=E08000015&map=Harm+rate&per=100000")
    wait_for_app(page)
    assert page.get_by_role("radio", name="100,000 residents").is_checked()
    page.get_by_text("per 100,000", exact=False).first.wait_for(timeout=20_000)
    page.get_by_text("1,000 residents", exact=True).click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('per') === '1000'", timeout=20_000)
    assert_no_streamlit_error(page)
    page.goto(f"{url}/delivery_plan?partnership=E10000017&delivery_plan_tab=What+changed")
    wait_for_app(page)
    page.wait_for_function("() => new URLSearchParams(location.search).has('compare')", timeout=20_000)
    latest, previous = _address(page)["plan_version"], _address(page)["compare"]
    latest_label = _shown(page.locator('[data-testid="stSelectbox"]', has_text="Plan version"))
    page.goto(f"{url}/delivery_plan?partnership=E10000017&delivery_plan_tab=What+changed"
              f"&plan_version={previous}&compare={latest}")
    wait_for_app(page)
    page.locator('[data-testid="stSelectbox"]', has_text="Compare with").wait_for(timeout=20_000)
    assert _address(page)["plan_version"] == previous and _address(page)["compare"] == latest, page.url
    compare_with = _shown(page.locator('[data-testid="stSelectbox"]', has_text="Compare with"))
    assert latest_label.replace("Plan version", "").strip() in compare_with, (latest_label, compare_with)
    assert_no_streamlit_error(page)
    screenshot(page, "deep_link_plan_compare_with")


def _sidebar_values(page) -> int:
    text = page.locator('[data-testid="stSidebar"]').inner_text()
    return int(re.search(r"Workspace: ([\d,]+) indicator values", text).group(1).replace(",", ""))


def test_an_upload_survives_a_restart(browser, shared_data, tmp_path):
    export = shared_data / "public/ndtms/ndtms_viewit_england_numbers_in_treatment_by_substance_2009_2022.csv"
    with open(export, newline="", encoding="utf-8-sig") as handle:
        rows = sum(1 for _ in csv.reader(handle)) - 1     # 780: one value per row of the NDTMS table
    server = AppServer(tmp_path / "ws", ARTIFACTS / "logs" / "restart.log").start()
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{server.url}/data")
        wait_for_app(page)
        before = _sidebar_values(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(export))
        page.get_by_role("button", name="Load into the workspace").click()
        page.get_by_text("NDTMS", exact=False).first.wait_for(timeout=60_000)
        wait_for_app(page)
        assert_no_streamlit_error(page)
        # the sidebar counts the load at once: the demo's values and the table's rows
        assert _sidebar_values(page) == before + rows
        screenshot(page, "data_upload_result")
    finally:
        server.stop()
    server = AppServer(tmp_path / "ws", ARTIFACTS / "logs" / "restart2.log").start()
    try:
        page.goto(f"{server.url}/data")
        wait_for_app(page)
        page.get_by_role("tab", name="Workspace contents").click()
        # the grid draws on a canvas; its accessible cells are in the DOM, hidden
        page.get_by_text("ndtms_viewit_england_numbers_in_treatment").first.wait_for(
            state="attached", timeout=60_000)
        screenshot(page, "data_after_restart")
    finally:
        context.close()
        server.stop()
