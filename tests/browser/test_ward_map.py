"""Real browser: the ward map draws on the demo and on real Lancashire boundaries (no basemap, no errors)."""

import subprocess
import sys

import pytest
from tests.support import ARTIFACTS, REPO, AppServer, assert_no_streamlit_error, screenshot, wait_for_app

# One xdist group: under pytest-xdist (--dist loadgroup) the browser tests run on one worker, in file order.
pytestmark = pytest.mark.xdist_group("browser")

TITLE = "Where do deprivation and drug harm meet?"


def _open(page, server, query: str):
    # Open the app's root first: until app.py has run once, Streamlit serves pages/*.py as a plain
    # multipage app without the frame (no sidebar partnership).
    page.goto(server.url)
    wait_for_app(page, timeout=120_000)
    page.goto(f"{server.url}/ward_map?{query}")
    wait_for_app(page, timeout=120_000)


def _wait_for_map(page, testid="stVegaLiteChart"):
    """The map: a Vega canvas by default, deck.gl's WebGL canvas with "Zoom and pan" on."""
    chart = page.locator(f'[data-testid="{testid}"]').first
    chart.wait_for(timeout=60_000)
    page.wait_for_function(f"() => document.querySelector('[data-testid=\"{testid}\"] canvas, "
                           f"[data-testid=\"{testid}\"] svg path')", timeout=60_000)
    page.wait_for_timeout(500)
    return chart


def _hover_tooltip(page, chart, selector="#vg-tooltip-element") -> str:
    """Hover over the middle of the map and return the tooltip's text ('' if none): Vega's by default,
    ``.deck-tooltip`` for deck.gl."""
    box = chart.bounding_box()
    for dx, dy in ((0.5, 0.5), (0.45, 0.55), (0.55, 0.45), (0.4, 0.4), (0.6, 0.6)):
        page.mouse.move(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
        page.wait_for_timeout(600)
        tip = page.locator(selector)
        if tip.count() and tip.first.is_visible() and tip.first.inner_text().strip():
            return tip.first.inner_text()
    return ""


def test_ward_map_on_demo(app_server, page):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    _open(page, app_server, "partnership=E08000015")
    assert page.locator("h1").first.inner_text().strip() == TITLE
    chart = _wait_for_map(page)
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_text("Synthetic demo data", exact=False).count() == 0   # the demo's wards are real
    tip = _hover_tooltip(page, chart)
    assert "E05" in tip and "IMD score" in tip  # the tooltip names a real ONS ward
    page.get_by_text("Both (bivariate 3x3)").click()
    wait_for_app(page)
    _wait_for_map(page)
    assert page.get_by_text("Deprivation third →").first.is_visible()  # the 3x3 legend, in words too
    assert_no_streamlit_error(page)
    screenshot(page, "ward_map_demo_bivariate")
    # "Zoom and pan": the same map drawn by deck.gl, the choice kept in the link
    page.get_by_text("Zoom and pan").click()
    wait_for_app(page)
    deck = _wait_for_map(page, "stDeckGlJsonChart")
    page.wait_for_timeout(1000)
    assert "ward_map_zoom=true" in page.url
    tip = _hover_tooltip(page, deck, ".deck-tooltip")
    if tip:
        assert "E05" in tip
    assert_no_streamlit_error(page)
    screenshot(page, "ward_map_demo_zoom_and_pan")
    # Offline: nothing is fetched from a map-tile or Mapbox server.
    assert not [u for u in requests if "mapbox" in u or "carto" in u or "tile" in u]


def _unmet_need(page, server, code: str, name: str) -> None:
    page.goto(f"{server.url}/unmet_need?partnership={code}")
    wait_for_app(page, timeout=120_000)
    page.get_by_text(f"By drug type: {name}").first.wait_for(timeout=60_000)
    page.wait_for_timeout(800)
    assert_no_streamlit_error(page)


def test_fresh_demo_ward_map_and_unmet_need_at_1366x768(app_server, browser):
    """What a newcomer sees on the fresh demo: Wirral's real wards, and unmet need by drug type with the real
    estimates and a plain reason for every group without a figure (screenshots to look at)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        _open(page, app_server, "partnership=E08000015")
        _wait_for_map(page)
        assert page.get_by_text("Birkenhead and Tranmere", exact=False).count() >= 1   # in the ward table
        assert page.get_by_text("Crown copyright", exact=False).first.is_visible()
        assert_no_streamlit_error(page)
        screenshot(page, "demo_ward_map_1366", full_page=False)
        screenshot(page, "demo_ward_map_1366_full")
        _unmet_need(page, app_server, "E08000014", "Sefton")
        assert page.get_by_text("needs number in treatment", exact=False).count() >= 1
        assert page.get_by_text("no estimate exists", exact=False).count() >= 1
        screenshot(page, "demo_unmet_need_sefton_1366", full_page=False)
        screenshot(page, "demo_unmet_need_sefton_1366_full")
        _unmet_need(page, app_server, "E08000015", "Wirral")
        page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=60_000)
        page.wait_for_timeout(800)
        screenshot(page, "demo_unmet_need_wirral_1366_full")
    finally:
        context.close()


@pytest.fixture(scope="module")
def lancashire_server(shared_data, tmp_path_factory):
    pub = shared_data / "public"
    ws = tmp_path_factory.mktemp("lancashire_ws")
    files = [pub / "geography/wards_may2024_bsc_england.geojson",
             pub / "geography/lsoa11_bsc_northwest_with_imd2019.geojson",
             pub / "lookups/lookup_ward24_lad24_ctyua24_rgn24_ONS.csv",
             pub / "lookups/lookup_lsoa11_ward24_lad24_bestfit_DERIVED.csv",
             pub / "lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv",
             pub / "imd/imd2019_lsoa11_england.csv", pub / "imd/imd2025_lsoa21_england.csv",
             pub / "population/census2021_usual_residents_lsoa21.csv",
             *sorted((pub / "police/street_drugs").glob("2025-*-lancashire-street_DRUGS.csv"))]
    out = subprocess.run([sys.executable, "-m", "cdp_data", "workspace", "load", "--workspace", str(ws),
                          *map(str, files)], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    server = AppServer(ws, ARTIFACTS / "logs" / "ward_map_lancashire.log").start()
    yield server
    server.stop()


def test_ward_map_on_real_lancashire_boundaries(lancashire_server, page):
    _open(page, lancashire_server, "partnership=E10000017")
    assert page.locator("h1").first.inner_text().strip() == TITLE
    chart = _wait_for_map(page)
    assert page.get_by_text("these wards, scores and counts are made up").count() == 0
    assert page.get_by_text("police activity", exact=False).first.is_visible()  # the caveat beside police counts
    assert page.get_by_text("Crown copyright", exact=False).first.is_visible()
    tip = _hover_tooltip(page, chart)
    if tip:
        assert "IMD score" in tip and "E05" in tip
    assert_no_streamlit_error(page)
    screenshot(page, "ward_map_lancashire")
    page.get_by_role("tab", name="Harm against deprivation").click()
    page.get_by_text("Pearson correlation r =", exact=False).first.wait_for(timeout=60_000)
    wait_for_app(page, timeout=120_000)
    page.locator('[role="tabpanel"]:visible [data-testid="stVegaLiteChart"]').first.wait_for(timeout=60_000)
    page.wait_for_timeout(800)
    assert_no_streamlit_error(page)
    screenshot(page, "ward_map_lancashire_scatter")
    page.get_by_role("tab", name="Inequality").click()
    page.get_by_text("in the most deprived fifth of wards were", exact=False).first.wait_for(timeout=60_000)
    wait_for_app(page, timeout=120_000)
    page.locator('[role="tabpanel"]:visible [data-testid="stVegaLiteChart"]').first.wait_for(timeout=60_000)
    page.wait_for_timeout(800)
    assert page.get_by_text("Slope index of inequality", exact=False).first.is_visible()
    assert_no_streamlit_error(page)
    screenshot(page, "ward_map_lancashire_inequality")
    page.get_by_text("Harm rate").first.click()
    wait_for_app(page, timeout=120_000)
    _wait_for_map(page)
    assert_no_streamlit_error(page)
    screenshot(page, "ward_map_lancashire_harm")
    page.get_by_text("Deprivation", exact=True).first.click()
    wait_for_app(page, timeout=120_000)
    page.get_by_text("LSOAs (IoD2019)").click()
    wait_for_app(page, timeout=120_000)
    _wait_for_map(page)
    assert page.get_by_text("LSOA level, IoD2019", exact=False).first.is_visible()
    assert_no_streamlit_error(page)
    screenshot(page, "ward_map_lancashire_lsoa")
