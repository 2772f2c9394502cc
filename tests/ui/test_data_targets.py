"""AppTest of the Data page's Baselines and targets tab: an edited baseline is saved and changes the status."""

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from cdp_data import targets as tg
from cdp_data.services import targets as svc

APP = Path(__file__).resolve().parents[2] / "app.py"


def test_edit_a_target_in_the_data_tab_and_save(workspace):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["partnership"] = "E10000017"
    at.query_params["data_tab"] = "Baselines and targets"
    at.switch_page("pages/data.py")  # opened from a link (test_smoke_pages opens it from the Overview)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["partnership"] == "E10000017"
    # targets for Lancashire sorted by indicator then date: adults (0), caseload (1), young people (2)
    at.session_state["data_targets_targets_E10000017_0"] = {
        "edited_rows": {2: {"value": 400.0, "target_text": "400"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="data_targets_save_targets").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Saved 3 row(s)" in s.value for s in at.success)
    yp = {s.indicator_id: s
          for s in svc.target_statuses(workspace, "E10000017", dt.date(2024, 1, 15))}["young_people_in_treatment"]
    # as of 15 Jan 2024, 301 against 400 by 31 Mar 2024: observed 105 in 20 months (5.25/month) against 99 in
    # 4 months needed (24.7/month): ratio 0.21 -> Off track
    assert yp.target == 400 and yp.status == tg.OFF_TRACK
    # the editor starts afresh from the database after a save
    at.run()
    assert at.session_state["data_targets_generation"] == 1
    assert len(svc.targets_frame(workspace, "E10000017")) == 3


def test_bad_target_kind_is_refused_with_a_sentence(demo_workspace):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["partnership"] = "E10000017"
    at.query_params["data_tab"] = "Baselines and targets"
    at.switch_page("pages/data.py")  # opened from a link (test_smoke_pages opens it from the Overview)
    at.run()
    at.session_state["data_targets_targets_E10000017_0"] = {
        "edited_rows": {}, "added_rows": [{"indicator_id": "continuity_of_care", "value": 80.0, "kind": "hope"}],
        "deleted_rows": []}
    at.run()
    at.button(key="data_targets_save_targets").click().run()
    assert any("Target kind must be one of" in e.value for e in at.error)
    assert len(svc.targets_frame(demo_workspace, "E10000017")) == 3  # nothing written
