"""A widget the browser draws late (the user clicked on a page still being drawn, on a busy server) starts from
its default, and the browser sends that default back as the user's choice. So every selectbox, radio and toggle
must have its default at the value it shows, whichever set it: a link, this session, a button, a stored upload.
Found by the two-server browser test: an officer who opened a link to Lancashire and uploaded a plan at once had
it stored for Halton, the first partnership in the list (the sidebar's default)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from cdp_data.services import plan
from tests.ui.late_draw import not_drawn_from_their_value

APP = Path(__file__).resolve().parents[2] / "app.py"
LANCASHIRE = "E10000017"  # not the first partnership of the demo's list (Halton)


def _open(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_sidebar_and_the_plan_version_of_a_link_are_their_widgets_defaults(demo_workspace):
    newest, older = (int(v) for v in plan.versions(demo_workspace, LANCASHIRE)["id"].iloc[:2])  # newest first
    at = _open("pages/delivery_plan.py", partnership=LANCASHIRE, plan_version=str(older))
    assert at.sidebar.selectbox(key="sidebar_partnership").value == LANCASHIRE
    assert at.selectbox(key="delivery_plan_version").value == older
    assert not_drawn_from_their_value(at) == []
    at.selectbox(key="delivery_plan_version").set_value(newest).run()  # chosen by the user: the default follows
    assert at.selectbox(key="delivery_plan_version").value == newest
    assert not_drawn_from_their_value(at) == []


def test_the_overview_indicator_and_meeting_mode_of_a_link_are_their_widgets_defaults(demo_workspace):
    at = _open("pages/overview.py", partnership=LANCASHIRE, indicator="adults_in_treatment")
    assert at.selectbox(key="overview_indicator").value == "adults_in_treatment"
    assert not_drawn_from_their_value(at) == []
    meeting = _open("pages/overview.py", partnership=LANCASHIRE, mode="meeting")
    assert meeting.toggle(key="meeting_mode_toggle").value is True
    assert not_drawn_from_their_value(meeting) == []


def test_the_slide_of_a_link_and_after_next_is_the_go_to_default(demo_workspace):
    at = _open("pages/meeting.py", partnership=LANCASHIRE, slide="4")
    assert at.selectbox(key="meeting_goto").value == 4
    assert not_drawn_from_their_value(at) == []
    at.button(key="meeting_next").click().run()  # moved by a button: the session's slide
    assert at.selectbox(key="meeting_goto").value == 5
    assert not_drawn_from_their_value(at) == []


def test_every_page_opened_from_a_partnership_link_starts_each_widget_from_its_value(demo_workspace):
    pages = ["overview", "outcomes", "compare", "unmet_need", "ward_map", "delivery_plan", "data", "meeting"]
    off = {page: not_drawn_from_their_value(_open(f"pages/{page}.py", partnership=LANCASHIRE)) for page in pages}
    assert off == {page: [] for page in pages}
