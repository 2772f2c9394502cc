"""AppTest of the meeting page: Next/Previous, the slide number in the address, a link to a slide, Go to,
and the agenda editor (skip, reorder, save) and Record this meeting, which write to the workspace."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from cdp_data.services import meeting

APP = Path(__file__).resolve().parents[2] / "app.py"
LANCS = "E10000017"


def open_meeting(**params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in {"partnership": LANCS, **params}.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/meeting.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def slide_title(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "cdp-slide-title" in m.value)


def param(at: AppTest, key: str):
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def test_next_previous_and_the_address(demo_workspace):
    at = open_meeting()
    assert "Are we on track?" in slide_title(at) and param(at, "slide") == "1"
    assert any("1 of 7" in h.value for h in at.get("html"))
    assert at.button(key="meeting_prev").disabled
    at.button(key="meeting_next").click().run()
    assert "Caseload per worker" in slide_title(at) and param(at, "slide") == "2"
    at.button(key="meeting_page_down").click().run()  # what a clicker's Page Down presses
    assert "Delivery plan exceptions" in slide_title(at) and param(at, "slide") == "3"
    at.button(key="meeting_prev").click().run()
    assert param(at, "slide") == "2"


def test_a_link_opens_its_slide_and_go_to_moves(demo_workspace):
    at = open_meeting(slide="7")
    assert "National milestones" in slide_title(at) and at.button(key="meeting_next").disabled
    by_id = open_meeting(slide="exceptions")
    assert "Delivery plan exceptions" in slide_title(by_id)
    bad = open_meeting(slide="99")
    assert "Are we on track?" in slide_title(bad)
    assert any("“99” is not recognised" in w.value for w in bad.warning)
    at.selectbox(key="meeting_goto").select(5).run()
    assert "Unmet need by drug type" in slide_title(at) and param(at, "slide") == "5"


def test_skip_reorder_and_save_the_agenda(workspace):
    at = open_meeting()
    at.checkbox(key=f"meeting_show_{LANCS}_ward_map").uncheck().run()
    assert not any("6. Deprivation" in o for o in at.selectbox(key="meeting_goto").options)
    assert len(at.selectbox(key="meeting_goto").options) == 6
    at.button(key="meeting_move_-1_milestones").click().run()  # above the skipped ward map: no slide moves
    assert at.selectbox(key="meeting_goto").options[-1] == "6. National milestones"
    at.button(key="meeting_move_-1_milestones").click().run()  # and above unmet need
    options = at.selectbox(key="meeting_goto").options
    assert options[4:] == ["5. National milestones", "6. Unmet need by drug type"]
    assert meeting.saved_agenda(workspace, LANCS) is None  # not saved until asked
    at.button(key="meeting_save_agenda").click().run()
    assert not at.exception
    saved = meeting.saved_agenda(workspace, LANCS)
    assert saved["skipped"] == ["ward_map"] and saved["order"][-3:] == ["milestones", "unmet_need", "ward_map"]
    at.button(key="meeting_record").click().run()
    recorded = meeting.recorded_meetings(workspace, LANCS)
    assert len(recorded) == 1 and recorded[0]["agenda"]["skipped"] == ["ward_map"]


def test_compare_with_a_chosen_recorded_meeting(workspace):
    import datetime as dt

    first = meeting.record_meeting(workspace, LANCS, dt.date(2024, 1, 15))
    second = meeting.record_meeting(workspace, LANCS, dt.date(2026, 9, 1))
    at = open_meeting(slide="changes")
    box = at.selectbox(key="meeting_since")
    assert box.value == second and box.options == ["Meeting of 1 Sep 2026", "Meeting of 15 Jan 2024"]
    box.select(first).run()
    assert param(at, "since") == str(first)
    # compared with January 2024, adults in treatment changed status (Achieved then, Awaiting data now)
    assert "Since the meeting of 15 Jan 2024" in " ".join(m.value for m in at.markdown)
    assert any("Adults in treatment" in h.value and "Awaiting data" in h.value for h in at.get("html"))
