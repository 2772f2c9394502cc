"""Real browser at 1366x768: the Compare page's Similar areas tab (figures built from the public data by the
CLI) and the area profile's spine chart with its count listed beside it, not drawn."""

import subprocess
import sys

import pytest
from tests.support import ARTIFACTS, REPO, AppServer, assert_no_streamlit_error, screenshot, wait_for_app

pytestmark = pytest.mark.xdist_group("browser")

EXPORT = "public/fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv"
ALCOHOL = "public/fingertips/phe_estimates_alcohol_dependent_adults_utla_2010_2018.csv"


def _cli(*args):
    subprocess.run([sys.executable, "-m", "cdp_data", *map(str, args)], cwd=REPO, check=True, capture_output=True,
                   timeout=180)


@pytest.fixture(scope="module")
def similar_server(tmp_path_factory, shared_data):
    folder = tmp_path_factory.mktemp("similar_ws") / "ws"
    _cli("indicators", "load", shared_data / EXPORT, shared_data / ALCOHOL, "--workspace", folder, "--json")
    _cli("areas", "similar", "--from", shared_data / "public", "--area", "E08000015", "--store", "--workspace", folder)
    _cli("partnerships", "add", "E06000002", "--workspace", folder)   # Middlesbrough (a load makes no partnership)
    server = AppServer(folder, ARTIFACTS / "logs" / "streamlit_similar.log").start()
    yield server
    server.stop()


def _open_tab(page, url, heading):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(url)
    wait_for_app(page)
    page.get_by_text(heading).first.wait_for(timeout=90_000)
    wait_for_app(page)
    panel = page.locator('[role="tabpanel"]:visible')
    panel.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # let Vega finish drawing before the screenshot
    assert_no_streamlit_error(page)
    return panel


def test_similar_areas_tab(similar_server, page):
    panel = _open_tab(page, f"{similar_server.url}/compare?partnership=E08000015&compare_tab=Similar+areas",
                      "Similar areas: the upper-tier authorities most like Wirral")
    assert panel.get_by_text("CIPFA's Nearest Neighbours list").first.is_visible()
    assert panel.get_by_text("15 similar areas (public data)").first.is_visible()
    assert panel.get_by_text("How the list is made").first.is_visible()
    screenshot(page, "similar_areas_tab", full_page=False)
    panel.get_by_text("How the list is made").first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    screenshot(page, "similar_areas_tab_method", full_page=False)


def test_spine_chart_draws_rates_and_lists_counts(similar_server, page):
    panel = _open_tab(page, f"{similar_server.url}/compare?partnership=E06000002&compare_tab=Area+profile",
                      "Area profile: Middlesbrough")
    assert panel.get_by_text("Counts (listed, not drawn)").first.is_visible()
    assert panel.locator('[data-testid="stVegaLiteChart"]').count() == 1
    screenshot(page, "spine_chart_profile", full_page=False)
    panel.locator('[data-testid="stDataFrame"]').last.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    screenshot(page, "spine_chart_counts", full_page=False)
