"""Browser test of the Unmet need page on the demo: Wirral's OCU figure, the calculator,
Lancashire's alcohol figure against England, and the drug type kept in the link."""

from conftest import assert_no_streamlit_error, screenshot, wait_for_app


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
    # The charts render (Vega canvases or SVGs), each with a caption naming its source
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    assert charts.count() >= 3
    assert "Wirral Drugs Strategy 2023-2027" in body
    # The calculator: caseload 70 per worker -> 336 more people need 5 more workers
    caseload = page.get_by_role("spinbutton", name="Caseload per worker")
    caseload.fill("70")
    caseload.press("Enter")
    wait_for_app(page)
    screenshot(page, "unmet_need_wirral")
    assert "needs 336 more people in treatment (2,163 in all), about 5 more workers at 70 per worker" \
        in page.inner_text("body")
    grid = page.locator('[data-testid="stDataFrame"]').filter(has_text="Additional workers")
    assert grid.count() == 1

    page.goto(app_server.url + "/unmet_need?partnership=E10000017&substance=alcohol_at_risk")
    wait_for_app(page)
    page.get_by_text("83.0% against England's 80.0%").first.wait_for(timeout=30_000)
    assert_no_streamlit_error(page)
    assert "substance=alcohol_at_risk" in page.url
    screenshot(page, "unmet_need_lancashire_alcohol")
