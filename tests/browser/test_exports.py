"""Real browser: a table's toolbar offers no "Download as CSV" (it would not neutralise formulas);
the app's own download of the same table does, and is a neutralised CSV."""

import csv
import io

import pytest
from tests.support import assert_no_streamlit_error, wait_for_app


@pytest.fixture
def downloading_page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    yield context.new_page()
    context.close()


def test_tables_have_no_toolbar_download_but_the_apps_own(app_server, downloading_page):
    page = downloading_page
    page.goto(f"{app_server.url}/compare?partnership=E10000017&indicator=adults_in_treatment")
    wait_for_app(page)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.wait_for(timeout=60_000)
    assert_no_streamlit_error(page)
    table.hover()
    toolbar = page.locator('[data-testid="stElementContainer"]:has([data-testid="stDataFrame"]) '
                           '[data-testid="stElementToolbar"]').first
    toolbar.get_by_role("button", name="Search").wait_for(timeout=10_000)   # the toolbar is there ...
    assert toolbar.get_by_role("button", name="Download as CSV").count() == 0  # ... without its CSV download
    button = page.get_by_role("button", name="Download this table (CSV)")
    with page.expect_download(timeout=30_000) as info:
        button.click()
    content = open(info.value.path(), "rb").read()
    assert content.startswith(b"\xef\xbb\xbf")
    assert info.value.suggested_filename == "cdp-lancashire-adults-in-treatment-12-months-to-nov-2023-vs-england.csv"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Rank", "Area", "Area code"] and rows[1][1:3] == ["Lancashire", "E10000017"]
    assert {"Area type", "Period", "Benchmark", "Benchmark value", "Comparison method",
            "Compared with benchmark"} <= set(rows[0])
