"""Admin page (AppTest): an admin manages members and reads and exports the audit trail; a viewer sees
neither the page nor another partnership in the picker."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from cdp_data.present.exports import csv_bytes
from cdp_data.services import access, catalogue
from cdp_data.services.loading import load_uploads
from cdp_data.store import audit, members
from tests.support import APP, TEST_AUTH

A, B = "E10000017", "E08000015"


def _member(ws, email, **roles):
    with ws.begin() as conn:
        for code, role in roles.items():
            members.put(conn, email, code, role, added_by="test")


def _signed_in(email: str | None, page: str | None = None, tab: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if email:
        at.secrets["auth"] = dict(TEST_AUTH)
        at.user = {"is_logged_in": True, "email": email, "name": email.split("@")[0]}
    if tab:
        at.query_params["admin_tab"] = tab
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_an_admin_adds_and_removes_a_member_on_the_page(workspace):
    _member(workspace, "chair@example.org", **{A: "admin"})
    at = _signed_in("chair@example.org", "pages/admin.py")
    assert at.title[0].value == "Who may do what, and who did what?"
    assert at.selectbox(key="admin_partnership").value == A
    assert at.selectbox(key="admin_partnership").options == ["Lancashire (E10000017)"]  # only the one they admin
    at.text_input(key="admin_email").set_value("Analyst@Example.org")
    at.selectbox(key="admin_role").set_value("editor")
    next(b for b in at.button if b.label == "Add or change role").click()
    at.run()
    assert [s.value for s in at.success] == ["analyst@example.org is an editor of E10000017."]
    assert members.roles_of(workspace, "analyst@example.org") == {A: "editor"}
    at.selectbox(key="admin_remove_email").set_value("analyst@example.org")
    at.button(key="admin_remove").click()
    at.run()
    assert members.roles_of(workspace, "analyst@example.org") == {}
    last = audit.entries(workspace).iloc[-1]
    assert (last["user"], last["action"]) == ("chair@example.org", "member removed")


def test_the_audit_trail_is_filtered_and_exported_escaped(workspace):
    _member(workspace, "chair@example.org", **{A: "admin"})
    catalogue.set_polarity(workspace.acting_as(_user("chair@example.org")), "naloxone_kits", "high_is_good")
    access.add_member(workspace, "=cmd|x@example.org", A, "viewer")  # a hostile address, recorded in a summary
    at = _signed_in("chair@example.org", "pages/admin.py", tab="Audit trail")
    table = at.dataframe[0].value
    assert {"polarity set", "member added"} <= set(table["action"])
    at.selectbox(key="audit_action").set_value("polarity set")
    at.run()
    table = at.dataframe[0].value
    assert table["action"].tolist() == ["polarity set"] and table["user"].tolist() == ["chair@example.org"]
    at.selectbox(key="audit_action").set_value("member added")
    at.run()
    shown = at.dataframe[0].value
    assert shown["summary"].tolist()[0] == "=cmd|x@example.org is a viewer of E10000017."  # on screen as typed
    assert [b.proto.label for b in at.get("download_button")] == ["Download these entries (CSV)"]
    exported = pd.read_csv(io.BytesIO(csv_bytes(shown, bom=True)), encoding="utf-8-sig")  # what the button serves
    assert exported["summary"].tolist()[0] == "'=cmd|x@example.org is a viewer of E10000017."
    at.selectbox(key="audit_partnership").set_value(A)
    at.date_input(key="audit_since").set_value(dt.date.today() + dt.timedelta(days=1))
    at.run()
    assert not at.dataframe and any("0 entries" in c.value for c in at.caption)


def _user(email):
    from cdp_data.core.identity import User

    return User(email=email)


def test_a_viewer_sees_neither_the_admin_page_nor_other_partnerships(workspace):
    _member(workspace, "viewer@example.org", **{B: "viewer"})
    at = _signed_in("viewer@example.org")
    assert at.session_state["partnership"] == B
    assert at.selectbox(key="sidebar_partnership").options == ["Wirral (E08000015)"]
    with pytest.raises(ValueError, match="Could not find a navigation page") as refused:
        at.switch_page("pages/admin.py")  # not in the viewer's navigation: Streamlit cannot open it
    assert "pages/data.py" in str(refused.value) and "pages/admin.py'" not in str(refused.value).split("Known")[1]
    admin = _signed_in(None)  # in local mode the page is there
    admin.switch_page("pages/admin.py")


def test_the_admin_page_refuses_a_viewer_even_if_opened(workspace):
    # the page's own check, as if it were reached some other way
    _member(workspace, "viewer@example.org", **{B: "viewer"})
    at = AppTest.from_file(str(APP).replace("app.py", "pages/admin.py"), default_timeout=60)
    at.secrets["auth"] = dict(TEST_AUTH)
    at.user = {"is_logged_in": True, "email": "viewer@example.org"}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("is not an admin of any partnership" in e.value for e in at.error)
    assert not at.dataframe and not at.text_input


def test_local_mode_is_admin_and_sees_the_page(demo_workspace):
    at = _signed_in(None, "pages/admin.py")
    assert at.title[0].value == "Who may do what, and who did what?"
    assert len(at.selectbox(key="admin_partnership").options) == len(demo_workspace.partnerships())


def test_a_viewer_uploading_on_the_data_page_gets_one_sentence_and_nothing_is_stored(workspace, shared_data):
    # the page offers a viewer no upload form (tests/ui/test_viewer_controls.py); the service it would call refuses
    _member(workspace, "viewer@example.org", **{A: "viewer"})
    at = _signed_in("viewer@example.org", "pages/data.py")
    assert not at.get("file_uploader")
    versions_before, loads_before = len(workspace.summary()["datasets"]), len(workspace.loads())
    content = (shared_data / "plans" / "tracker_flat.xlsx").read_bytes()
    results = load_uploads(workspace.acting_as(_user("viewer@example.org")), [("tracker_flat.xlsx", content)],
                           partnership_code=A, uploaded_by="viewer")
    assert [str(r) for r in results] == ["viewer@example.org is a viewer of partnership E10000017; this needs an editor."]
    assert (len(workspace.summary()["datasets"]), len(workspace.loads())) == (versions_before, loads_before)
    assert audit.entries(workspace).iloc[-1]["action"] == "refused"
