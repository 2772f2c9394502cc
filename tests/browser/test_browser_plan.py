"""Real browser: upload a delivery-plan workbook on the Delivery plan page and see it tracked."""

from __future__ import annotations

import pytest
from tests.support import ARTIFACTS, AppServer, assert_no_streamlit_error, screenshot, wait_for_app

# One xdist group: under pytest-xdist (--dist loadgroup) the browser tests run on one worker, in file order.
pytestmark = pytest.mark.xdist_group("browser")

DEMO = "E10000017"


@pytest.fixture(scope="module")
def plan_server(tmp_path_factory):
    server = AppServer(tmp_path_factory.mktemp("plan_ws"), ARTIFACTS / "logs" / "streamlit_plan.log").start()
    yield server
    server.stop()


def test_upload_a_plan_and_see_it_tracked(plan_server, browser, shared_data):
    workbook = shared_data / "plans" / "ldp_merged_cells.xlsx"
    context = browser.new_context(viewport={"width": 1440, "height": 1200})
    page = context.new_page()
    try:
        # Start at the root and use the sidebar (a cold deep link to /delivery_plan currently runs the
        # page without app.py's frame in this Streamlit version; reported to the lead).
        page.goto(f"{plan_server.url}/?partnership={DEMO}")
        wait_for_app(page)
        page.locator('[data-testid="stSidebarNav"] a', has_text="Delivery plan").click()
        page.wait_for_function("() => location.pathname.endsWith('/delivery_plan')")
        wait_for_app(page)
        assert page.locator("h1").first.inner_text().strip() == "Is the delivery plan on track?"
        screenshot(page, "delivery_plan_demo")
        assert page.get_by_text("This plan is invented for the demo").first.is_visible()
        page.get_by_text("Upload a new version of the plan").first.click()
        page.get_by_label("Your name (recorded with the upload)").fill("Browser Test")
        page.get_by_label("Your name (recorded with the upload)").press("Enter")
        wait_for_app(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(workbook))
        button = page.get_by_role("button", name="Store as a new version")
        page.wait_for_function(
            "() => { const b = [...document.querySelectorAll('button')].find(x => x.innerText.includes("
            "'Store as a new version')); return b && !b.disabled; }", timeout=30_000)
        button.click()
        page.get_by_text("Stored ldp_merged_cells.xlsx as a new version of the plan.").wait_for(timeout=30_000)
        wait_for_app(page)
        assert_no_streamlit_error(page)
        metric = page.locator('[data-testid="stMetric"]').filter(has_text="Actions").first
        assert metric.locator('[data-testid="stMetricValue"]').inner_text().strip() == "16"
        page.get_by_role("tab", name="What changed").click()
        page.wait_for_timeout(500)
        screenshot(page, "delivery_plan_after_upload")
    finally:
        context.close()
