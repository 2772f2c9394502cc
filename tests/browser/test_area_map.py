"""Real browser at 1366x768: the Ward map page's Areas view on the real ONS county/UA and district
boundaries, coloured by the PHE alcohol-dependence estimates compared with England (no basemap, no errors)."""

import subprocess
import sys

import pytest
from tests.browser.test_ward_map import _hover_tooltip
from tests.support import ARTIFACTS, REPO, AppServer, assert_no_streamlit_error, choose, screenshot, wait_for_app

pytestmark = pytest.mark.xdist_group("browser")


@pytest.fixture(scope="module")
def areas_server(shared_data, tmp_path_factory):
    pub = shared_data / "public"
    ws = tmp_path_factory.mktemp("areas_ws")
    files = [pub / "geography/ctyua_dec2023_bsc_england.geojson", pub / "geography/lad_may2024_bsc_england.geojson",
             pub / "lookups/lookup_lad23_utla23_ONS.csv",
             pub / "fingertips/phe_estimates_alcohol_dependent_adults_utla_2010_2018.csv"]
    out = subprocess.run([sys.executable, "-m", "cdp_data", "workspace", "load", "--workspace", str(ws),
                          *map(str, files)], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    server = AppServer(ws, ARTIFACTS / "logs" / "area_map.log").start()
    yield server
    server.stop()


def _wait_for_deck(page):
    deck = page.locator('[data-testid="stDeckGlJsonChart"]').first
    deck.wait_for(timeout=60_000)
    page.wait_for_function("() => document.querySelector('[data-testid=\"stDeckGlJsonChart\"] canvas')",
                           timeout=60_000)
    page.wait_for_timeout(1500)
    return deck


def test_areas_view_at_1366_by_768(areas_server, page):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(areas_server.url)
    wait_for_app(page, timeout=120_000)
    page.goto(f"{areas_server.url}/ward_map?partnership=E10000017&mapof=Areas")
    wait_for_app(page, timeout=120_000)
    deck = _wait_for_deck(page)
    box = deck.bounding_box()
    assert box["width"] >= 600 and box["height"] >= 550, box        # not cramped
    assert page.get_by_text("Legend", exact=True).first.is_visible()
    assert page.get_by_text("than England (95% CI)", exact=False).first.is_visible()
    assert page.get_by_text("No value for this period", exact=False).first.is_visible()
    tip = _hover_tooltip(page, deck, ".deck-tooltip")
    assert tip, "no tooltip over the middle of England"
    assert "England (95% CI)" in tip or "no value" in tip
    assert_no_streamlit_error(page)
    screenshot(page, "area_map_ctyua_1366_top", full_page=False)
    deck.scroll_into_view_if_needed()
    box = deck.bounding_box()
    page.mouse.move(box["x"] + 8, box["y"] + 8)   # over the sea: no area highlighted in the screenshot
    page.wait_for_timeout(800)
    screenshot(page, "area_map_ctyua_1366", full_page=False)
    choose(page, "Areas", "Districts (local authority districts)")
    wait_for_app(page, timeout=120_000)
    _wait_for_deck(page).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    assert page.get_by_text("districts (local authority districts), ", exact=False).first.is_visible()
    assert_no_streamlit_error(page)
    screenshot(page, "area_map_lad_1366", full_page=False)
    # Offline: nothing is fetched from a map-tile or Mapbox server.
    assert not [u for u in requests if "mapbox" in u or "carto" in u or "tile" in u]
