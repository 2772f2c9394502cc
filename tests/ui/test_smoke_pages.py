"""Every page opens through st.navigation on the demo workspace (AppTest)."""

import pytest
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"

PAGES = {
    "pages/overview.py": "Are we on track?",
    "pages/outcomes.py": "How is each outcome changing?",
    "pages/compare.py": "How do we compare?",
    "pages/unmet_need.py": "Who needs treatment and is not in it?",
    "pages/ward_map.py": "Where do deprivation and drug harm meet?",
    "pages/delivery_plan.py": "Is the delivery plan on track?",
    "pages/data.py": "What data does the workspace hold?",
}


@pytest.mark.parametrize("page_path,title", PAGES.items())
def test_every_page_opens_on_the_demo(demo_workspace, page_path, title):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    if page_path != "pages/overview.py":
        at.switch_page(page_path)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title][:1] == [title]
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["partnership"] == "E10000017"  # the sidebar ran: the demo default
