"""Browser test of the Unmet need page on the demo: Wirral's OCU figure, the calculator,
Lancashire's alcohol figure against England, and the drug type kept in the link."""

import pytest

from tests.support import assert_no_streamlit_error, screenshot, wait_for_app

# One xdist group: under pytest-xdist (--dist loadgroup) the browser tests run on one worker, in file order.
pytestmark = pytest.mark.xdist_group("browser")


def test_unmet_need_page_for_wirral_and_lancashire(page, app_server):
    # A fresh server answers its very first deep link from the legacy pages/ folder (before app.py has
    # declared st.navigation), so open the app once first.
    page.goto(app_server.url)
    wait_for_app(page)
    page.goto(app_server.url + "/unmet_need?partnership=E08000015")
    wait_for_app(page)
    page.get_by_text("Opiate and/or crack (OCU), 2023").first.wait_for(timeout=30_000)
    assert_no_streamlit_error(page)
    body = page.inner_text("body")
    assert "Who needs treatment and is not in it?" in body
    assert "40.9%" in body and "no England value for 2023" in body
    # The chart renders (a Vega canvas or SVG) with a caption naming its source
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 1  # only the open tab is drawn
    assert "Wirral Drugs Strategy 2023-2027" in body
    page.get_by_role("tab", name="Over the years").click()
    page.get_by_text("Over the years available").first.wait_for(timeout=30_000)
    wait_for_app(page)
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=30_000)
    assert_no_streamlit_error(page)
    assert "unmet_need_tab=Over" in page.url
    # The calculator: caseload 70 per worker -> 336 more people need 5 more workers
    page.get_by_role("tab", name="What would it take?").click()
    caseload = page.get_by_role("spinbutton", name="Caseload per worker")
    caseload.wait_for(timeout=30_000)
    caseload.fill("70")
    caseload.press("Enter")
    wait_for_app(page)
    screenshot(page, "unmet_need_wirral")
    assert "needs 336 more people in treatment (2,163 in all), about 5 more workers at 70 per worker" \
        in page.inner_text("body")
    grid = page.locator('[data-testid="stDataFrame"]').filter(has_text="Additional workers")
    assert grid.count() == 1

    # A link naming a drug type opens on the comparison across partnerships, for that drug type
    page.goto(app_server.url + "/unmet_need?partnership=E10000017&substance=alcohol_at_risk")
    wait_for_app(page)
    page.get_by_text("Across partnerships for one drug type").first.wait_for(timeout=30_000)
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=30_000)
    assert_no_streamlit_error(page)
    assert "substance=alcohol_at_risk" in page.url
    assert "At-risk" in page.inner_text("body") or "at-risk" in page.inner_text("body")
    screenshot(page, "unmet_need_lancashire_across")
    page.get_by_role("tab", name="By drug type").click()
    page.get_by_text("83.0% against England's 80.0%").first.wait_for(timeout=30_000)
    assert_no_streamlit_error(page)
    screenshot(page, "unmet_need_lancashire_alcohol")
