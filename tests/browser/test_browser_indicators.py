"""Real browser: Outcomes and Compare on the demo and on a workspace holding the real 93517 extract."""

import subprocess
import sys

import pytest
from tests.support import ARTIFACTS, REPO, AppServer, assert_no_streamlit_error, screenshot, wait_for_app

# One xdist group: under pytest-xdist (--dist loadgroup) the browser tests run on one worker, in file order.
pytestmark = pytest.mark.xdist_group("browser")

EXPORT = "public/fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv"


@pytest.fixture(scope="module")
def extract_server(tmp_path_factory, shared_data):
    folder = tmp_path_factory.mktemp("indicators_ws") / "ws"
    subprocess.run([sys.executable, "-m", "cdp_data", "indicators", "load", str(shared_data / EXPORT),
                    "--workspace", str(folder), "--json"], cwd=REPO, check=True, capture_output=True, timeout=120)
    server = AppServer(folder, ARTIFACTS / "logs" / "streamlit_indicators.log").start()
    yield server
    server.stop()


def _open(page, url):
    page.goto(url)
    wait_for_app(page)
    # A fresh server's first run can report "not running" before it starts: wait for the sidebar it draws.
    page.get_by_text("Partnership", exact=True).first.wait_for(timeout=60_000)
    page.locator('[data-testid="stMetricValue"], [data-testid="stVegaLiteChart"], [data-testid="stAlert"]').first \
        .wait_for(timeout=60_000)
    wait_for_app(page)
    page.wait_for_timeout(1500)  # let Vega finish drawing before the screenshot
    assert_no_streamlit_error(page)


def test_outcomes_and_compare_on_the_demo(app_server, page):
    _open(page, f"{app_server.url}/outcomes?partnership=E10000017&indicator=adults_in_treatment")
    assert page.locator("h1").first.inner_text().strip() == "How is each outcome changing?"
    assert page.get_by_text("Only 2 values for this partnership").first.is_visible()
    screenshot(page, "indicators_outcomes_demo")
    _open(page, f"{app_server.url}/compare?partnership=E10000017")
    assert page.locator("h1").first.inner_text().strip() == "How do we compare?"
    screenshot(page, "indicators_compare_demo")
    _profile_tab(page, "Lancashire")
    screenshot(page, "indicators_compare_demo_profile", full_page=False)


def _profile_tab(page, name):
    """Open the Area profile tab (only the open tab is computed and drawn) and wait for its spine chart."""
    page.get_by_role("tab", name="Area profile").click()
    page.get_by_text(f"Area profile: {name}").first.wait_for(timeout=60_000)
    wait_for_app(page)
    panel = page.locator('[role="tabpanel"]:visible')
    panel.locator('[data-testid="stVegaLiteChart"], [data-testid="stAlert"]').first.wait_for(timeout=60_000)
    page.wait_for_timeout(800)  # let Vega finish drawing before the screenshot
    assert_no_streamlit_error(page)
    assert "compare_tab=Area+profile" in page.url or "compare_tab=Area%20profile" in page.url


def test_outcomes_on_the_loaded_extract(extract_server, page):
    _open(page, f"{extract_server.url}/outcomes?partnership=E06000002&indicator=93517")
    screenshot(page, "indicators_outcomes_extract")
    assert page.locator('[data-testid="stMetricValue"]', has_text="41.7%").first.is_visible()
    assert page.locator('[data-testid="stMetricValue"]', has_text="Better").first.is_visible()
    assert page.locator('[data-testid="stVegaLiteChart"], .vega-embed').count() >= 1
    screenshot(page, "indicators_outcomes_extract")
    page.get_by_text("Show as an SPC chart").click()
    wait_for_app(page)
    page.wait_for_timeout(1000)
    assert_no_streamlit_error(page)
    assert page.get_by_text("XmR chart of").first.is_visible()
    screenshot(page, "indicators_outcomes_extract_spc")


def test_compare_on_the_loaded_extract(extract_server, page):
    _open(page, f"{extract_server.url}/compare?partnership=E06000002&indicator=93517&period=2019/20")
    assert page.get_by_text("Middlesbrough has the 5th highest value of 5 areas").first.is_visible()
    assert page.locator('[data-testid="stVegaLiteChart"], .vega-embed').count() >= 1  # the bars
    screenshot(page, "indicators_compare_extract")
    _profile_tab(page, "Middlesbrough")
    screenshot(page, "indicators_compare_extract_profile", full_page=False)
