"""Real browser, the bundled demo's real public data, 1366x768: the analyst's two questions answered.

1. How does Wirral compare with England and with areas like it on OCU unmet need? (Outcomes against England
   and against the preset peer group of its 15 similar areas; the Similar areas tab.)
2. In which wards do deprivation and drug harm meet, and how unequal is harm across deprivation? (The ward
   map's bivariate view, the wards where both are highest, harm by deprivation fifth with the rate ratio and the
   slope index of inequality.)

The figures asserted are read from the official files independently (the Fingertips export with the csv module).
"""

import csv
from urllib.parse import quote

import pytest
from tests.support import assert_no_streamlit_error, screenshot, wait_for_app

pytestmark = pytest.mark.xdist_group("browser")

WIRRAL = "E08000015"
PEERS = "group:" + quote("15 similar areas (public data)")


def _published(shared_data, code: str, period: str) -> str:
    with open(shared_data / "public/fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv",
              newline="", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["Area Code"] == code and r["Time period"] == period)
    return f"{float(row['Value']):.1f}%"


def _open(page, server, path: str, heading: str):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(server.url)
    wait_for_app(page, timeout=120_000)
    page.goto(f"{server.url}/{path}")
    wait_for_app(page, timeout=120_000)
    page.get_by_text(heading).first.wait_for(timeout=90_000)
    wait_for_app(page)
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)   # Vega finishes drawing before the screenshot
    assert_no_streamlit_error(page)


def test_how_wirral_compares_with_england_and_similar_areas_on_ocu_unmet_need(app_server, page, shared_data):
    _open(page, app_server, f"outcomes?partnership={WIRRAL}&indicator=93517", "How is each outcome changing?")
    assert page.get_by_text("40.9%").first.is_visible()    # 1,263 of 3,090 (Wirral's strategy, 2023)
    england = _published(shared_data, "E92000001", "2020/21")
    assert page.get_by_text(f"England has no value for 2023; its latest is {england} (2020/21).").first.is_visible()
    screenshot(page, "analyst_q1_wirral_ocu_vs_england", full_page=False)

    _open(page, app_server, f"outcomes?partnership={WIRRAL}&indicator=93517&benchmark={PEERS}",
          "How is each outcome changing?")
    stockton = _published(shared_data, "E06000004", "2020/21")
    sentence = page.get_by_text(f"Stockton-on-Tees {stockton} (2020/21)", exact=False).first
    sentence.scroll_into_view_if_needed()
    assert sentence.is_visible() and "None of the 15 areas of the peer group" in sentence.inner_text()
    screenshot(page, "analyst_q1_wirral_ocu_vs_similar_areas", full_page=False)

    _open(page, app_server, f"compare?partnership={WIRRAL}&compare_tab=Similar+areas",
          "Similar areas: the upper-tier authorities most like Wirral")
    panel = page.locator('[role="tabpanel"]:visible')
    assert panel.get_by_text("CIPFA's Nearest Neighbours list").first.is_visible()
    assert panel.get_by_text("Peer group saved", exact=False).count() or \
        panel.get_by_text("15 similar areas (public data)").first.is_visible()
    screenshot(page, "analyst_q1_wirral_similar_areas", full_page=False)


def test_where_deprivation_and_harm_meet_and_how_unequal_harm_is(app_server, page):
    base = f"ward_map?partnership={WIRRAL}&map=Both+(bivariate+3x3)"
    _open(page, app_server, base, "Where do deprivation and drug harm meet?")
    assert page.get_by_text("Deprivation third →").first.is_visible()   # the 3x3 legend, in words too
    assert page.get_by_text("Drug offences recorded by police (data.police.uk)", exact=False).first.is_visible()
    screenshot(page, "analyst_q2_wirral_bivariate_map", full_page=False)

    _open(page, app_server, f"{base}&ward_map_tab=Harm+against+deprivation", "Does harm rise with deprivation?")
    heading = page.get_by_text("Ten wards where deprivation and harm are both highest").first
    heading.scroll_into_view_if_needed()
    assert heading.is_visible()
    assert page.get_by_text("Pearson correlation r =", exact=False).first.is_visible()
    screenshot(page, "analyst_q2_wirral_both_highest", full_page=False)

    _open(page, app_server, f"{base}&ward_map_tab=Inequality", "How unequal is harm across deprivation?")
    ratio = page.get_by_text("times the rate in the least deprived fifth", exact=False).first
    sii = page.get_by_text("Slope index of inequality", exact=False).first
    ratio.scroll_into_view_if_needed()
    assert ratio.is_visible() and "95% CI" in ratio.inner_text()
    assert sii.count() and "phe_sii" in sii.inner_text()
    screenshot(page, "analyst_q2_wirral_inequality", full_page=False)
