"""A viewer reads a partnership's plan, targets and data but is not offered the controls that change them
(plan upload, links, baselines/targets/milestones editors, the Data page's uploads): one quiet line says why.
An editor of the same partnership gets them all. The services refuse the viewer anyway
(tests/services/test_access.py calls every write service as a viewer)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from cdp_data.core.errors import PermissionDenied
from cdp_data.core.identity import User
from cdp_data.services import plan
from cdp_data.store import members
from tests.support import APP, TEST_AUTH

A = "E10000017"


def _open(ws, role: str, page: str, **query) -> AppTest:
    email = f"{role}@example.org"
    with ws.begin() as conn:
        members.put(conn, email, A, role, added_by="test")
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = dict(TEST_AUTH)
    at.user = {"is_logged_in": True, "email": email, "name": role.title()}
    at.query_params.update({"partnership": A, **query})
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def _captions(at) -> list[str]:
    return [c.value for c in at.caption]


def _keys(at) -> set[str]:
    return {b.key for b in at.button} | {u.key for u in at.get("file_uploader")}


def test_a_viewer_reads_the_plan_without_the_upload_form_or_the_links_editor(workspace):
    at = _open(workspace, "viewer", "pages/delivery_plan.py", delivery_plan_upload_open="true")
    assert at.metric and at.selectbox(key="delivery_plan_version").value  # the plan is there to read
    assert "You are a viewer of E10000017: uploading a new version of the plan needs an editor, so the " \
           "controls for it are not shown." in _captions(at)
    assert not at.get("file_uploader") and "delivery_plan_store" not in _keys(at)
    links = _open(workspace, "viewer", "pages/delivery_plan.py", delivery_plan_tab="Links to indicators")
    assert any("linking actions to indicators needs an editor" in c for c in _captions(links))
    assert "delivery_plan_link_save" not in _keys(links)


def test_an_editor_is_offered_the_upload_form_and_the_links_editor(workspace):
    at = _open(workspace, "editor", "pages/delivery_plan.py", delivery_plan_upload_open="true")
    assert at.file_uploader(key="delivery_plan_upload") is not None
    assert "delivery_plan_store" in _keys(at) and not any("controls for it" in c for c in _captions(at))
    links = _open(workspace, "editor", "pages/delivery_plan.py", delivery_plan_tab="Links to indicators")
    assert "delivery_plan_link_save" in _keys(links)


def test_a_viewer_sees_baselines_targets_and_milestones_but_no_save_or_import(workspace):
    viewer = _open(workspace, "viewer", "pages/data.py", data_tab="Baselines and targets")
    assert [h.value for h in viewer.header] == ["Baselines", "Targets", "National milestones"]
    assert any("changing baselines, targets and milestones needs an editor" in c for c in _captions(viewer))
    assert not {"data_targets_save_baselines", "data_targets_save_targets", "data_targets_save_milestones",
                "data_targets_import", "data_targets_upload"} & _keys(viewer)
    editor = _open(workspace, "editor", "pages/data.py", data_tab="Baselines and targets")
    assert {"data_targets_save_baselines", "data_targets_save_targets", "data_targets_save_milestones",
            "data_targets_upload"} <= _keys(editor)


def test_a_viewer_is_not_offered_the_data_pages_upload_and_the_service_refuses_them(workspace, shared_data):
    viewer = _open(workspace, "viewer", "pages/data.py")
    assert not viewer.get("file_uploader")
    assert "You are a viewer of E10000017: loading files needs an editor, so the controls for it are not " \
           "shown." in _captions(viewer)
    assert _open(workspace, "editor", "pages/data.py").file_uploader(key="data_uploader") is not None
    # the refusal itself is the service's, whatever the page shows
    content = (shared_data / "plans" / "tracker_flat.xlsx").read_bytes()
    as_viewer = workspace.acting_as(User(email="viewer@example.org"))
    before = len(plan.versions(workspace, A))
    with pytest.raises(PermissionDenied, match=r"^viewer@example\.org is a viewer of partnership E10000017; "
                                               r"this needs an editor\.$"):
        plan.upload_version(as_viewer, A, "tracker_flat.xlsx", content)
    assert len(plan.versions(workspace, A)) == before
