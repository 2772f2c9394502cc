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
    subprocess.run([sys.executable, "-m", "cdp_data", "partnerships", "add", "E06000002", "--workspace", str(folder)],
                   cwd=REPO, check=True, capture_output=True, timeout=120)   # a load makes no area a partnership
    server = AppServer(folder, ARTIFACTS / "logs" / "streamlit_indicators.log").start()
    yield server
    server.stop()


BENCH_LOAD = """
import sys
from cdp_data.bootstrap import open_workspace
from cdp_data.services.loading import load_file
from tests.services import bench_data
ws = open_workspace(sys.argv[1])
bench_data.load(ws)
load_file(ws, "alcohol.csv", open(sys.argv[2], "rb").read())
"""


@pytest.fixture(scope="module")
def bench_server(tmp_path_factory, shared_data):
    """The demo, the hand-worked extract of tests/services/bench_data.py and the real alcohol-dependence
    estimates: Wirral's heatmap has comparators in its region."""
    folder = tmp_path_factory.mktemp("bench_ws") / "ws"
    alcohol = shared_data / "public" / "fingertips" / "phe_estimates_alcohol_dependent_adults_utla_2010_2018.csv"
    subprocess.run([sys.executable, "-c", BENCH_LOAD, str(folder), str(alcohol)], cwd=REPO, check=True,
                   capture_output=True, timeout=180)
    server = AppServer(folder, ARTIFACTS / "logs" / "streamlit_bench.log").start()
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


def test_heatmap_against_the_region_at_1366(bench_server, page):
    page.set_viewport_size({"width": 1366, "height": 768})
    _open(page, f"{bench_server.url}/compare?partnership=E08000015&compare_tab=Heatmap&benchmark=region")
    page.get_by_text("Heatmap: Wirral and its comparators").first.wait_for(timeout=60_000)
    panel = page.locator('[role="tabpanel"]:visible')
    panel.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=60_000)
    wait_for_app(page)
    page.wait_for_timeout(1500)  # let Vega finish drawing before the screenshot
    assert_no_streamlit_error(page)
    assert page.get_by_text("Compared with the North West by 95% or 99.8% confidence intervals").first.is_visible()
    chart = panel.locator('[data-testid="stVegaLiteChart"]').first
    box = chart.bounding_box()
    assert box["x"] + box["width"] <= 1366   # not wider than the window
    chart.scroll_into_view_if_needed()
    screenshot(page, "heatmap_wirral_region_1366", full_page=False)
    screenshot(page, "heatmap_wirral_region_1366_full")
