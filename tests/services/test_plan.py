"""Delivery-plan versions, comparison, loading and links through the service (a real workspace)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import sqlalchemy as sa

from cdp_data.core.errors import PlanError
from cdp_data.services import plan
from cdp_data.store import Workspace, files, plan_actions, plan_versions
from tests.sources.plan_books import _ole
from tests.sources.plan_books import tracker as _tracker

DEMO = "E10000017"

V1 = [["T1", "Treatment", "Open a hub", "Provider", dt.datetime(2025, 3, 31), "Amber"],
      ["T2", "Treatment", "Recruit staff", "Provider", dt.datetime(2024, 12, 31), "Red"],
      ["T3", "Supply", "Close county lines", "Police", dt.datetime(2025, 3, 31), "Green"]]
V2 = [["T1", "Treatment", "Open a hub", "Provider", dt.datetime(2025, 6, 30), "Green"],
      ["T2", "Treatment", "Recruit staff", "Provider", dt.datetime(2024, 12, 31), "Red"],
      ["T4", "Prevention", "Schools programme", "Youth service", dt.datetime(2025, 7, 31), "Not started"]]


def test_versions_are_kept_and_compared(empty_workspace):
    ws = empty_workspace
    ws.upsert_areas([{"code": "E08000015", "name": "Wirral", "is_partnership": True}])
    first_bytes = _tracker(V1)
    v1 = plan.add_plan_version(ws, "E08000015", "plan.xlsx", first_bytes, uploaded_by="Jo")
    v2 = plan.add_plan_version(ws, "E08000015", "plan.xlsx", _tracker(V2), uploaded_by="Sam")
    assert v2 > v1
    versions = plan.versions(ws, "E08000015")
    assert list(versions["id"]) == [v2, v1] and list(versions["version"]) == [2, 1]
    assert list(versions["uploaded_by"]) == ["Sam", "Jo"]
    result = plan.compare_versions(ws, v1, v2)
    assert result.matched_on == "ref"
    assert result.added["action"].tolist() == ["Schools programme"]
    assert result.removed["action"].tolist() == ["Close county lines"]
    assert result.status_changes[["action", "before", "after", "direction"]].values.tolist() == [
        ["Open a hub", "Amber", "Green", "better"]]
    assert result.slipped[["action", "before", "after", "days"]].values.tolist() == [
        ["Open a hub", dt.date(2025, 3, 31), dt.date(2025, 6, 30), 91]]
    # survive a restart: a new Workspace object over the same folder
    folder = ws.folder
    ws.dispose()
    again = Workspace.open(folder)
    try:
        assert plan.compare_versions(again, v1, v2).summary() == result.summary()
        assert plan.original_file(again, v1) == ("plan.xlsx", first_bytes)
        assert len(plan.actions(again, v1)) == 3
    finally:
        again.dispose()

def test_a_failed_upload_stores_nothing(workspace, shared_data):
    def counts():
        with workspace.connect() as conn:
            return [conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                    for t in (plan_versions, plan_actions, files)]
    before = counts()
    for bad in sorted((shared_data / "plans" / "bad").iterdir()):
        with pytest.raises(PlanError):
            plan.add_plan_version(workspace, DEMO, bad.name, bad.read_bytes())
    assert counts() == before

def test_a_plan_without_a_partnership_is_asked_for_one_unless_there_is_only_one(workspace, empty_workspace,
                                                                                shared_data):
    content = (shared_data / "plans" / "tracker_flat.xlsx").read_bytes()
    before = len(workspace.loads())
    with pytest.raises(PlanError, match=r"^Say which partnership this delivery plan belongs to .*--partnership "
                                        r"CODE, one of E06000006, E08000014, E08000015, E10000017"):
        plan.load(workspace, "tracker_flat.xlsx", content, uploaded_by="Test")
    assert len(workspace.loads()) == before  # nothing stored against a guessed partnership
    empty_workspace.upsert_areas([{"code": "E08000015", "name": "Wirral", "is_partnership": True}])
    report = plan.load(empty_workspace, "tracker_flat.xlsx", content, uploaded_by="Test", unknown_option=1)
    assert report.kind == "plan_workbook" and report.rows == 16
    assert report.details["partnership_code"] == "E08000015"  # the only one: no question to ask
    assert plan.versions(empty_workspace, "E08000015")["n_actions"].tolist() == [16]

def test_the_detector_routes_a_plan_workbook_to_a_new_version(workspace, shared_data):
    from cdp_data.services.loading import load_file

    before = len(plan.versions(workspace, DEMO))
    load_file(workspace, "tracker_flat.xlsx", (shared_data / "plans" / "tracker_flat.xlsx").read_bytes(),
              partnership_code=DEMO, uploaded_by="Test")
    versions = plan.versions(workspace, DEMO)
    assert len(versions) == before + 1
    assert (versions["n_actions"].iloc[0], versions["uploaded_by"].iloc[0]) == (16, "Test")

def test_ole_file_refused_when_plan_load_called_directly(workspace):
    with pytest.raises(PlanError, match="save it as .xlsx"):
        plan.load(workspace, "old.xls", _ole(), partnership_code=DEMO)

def test_demo_plan_has_two_synthetic_versions(workspace):
    versions = plan.versions(workspace, DEMO)
    assert len(versions) == 2 and versions["is_synthetic"].all()
    assert "synthetic demo data" in versions["label"].iloc[0]
    assert plan.compare_versions(workspace, int(versions["id"].iloc[1]), int(versions["id"].iloc[0])
                                 ).summary()["added"] == 1

def test_links_and_actions_for_indicator(workspace):
    latest = plan.latest_version_id(workspace, DEMO)
    frame = plan.actions(workspace, latest)
    key = frame["action_key"].iloc[10]
    assert plan.actions_for_indicator(workspace, DEMO, "hepc_tested").empty
    plan.set_links(workspace, DEMO, key, ["hepc_tested", "young_people_in_treatment"])
    linked = plan.actions_for_indicator(workspace, DEMO, "hepc_tested")
    assert linked["action"].tolist() == [frame["action"].iloc[10]]
    assert linked["status_word"].iloc[0] == "Red"       # "Run a campaign on the risks ..." is Red in the demo
    plan.set_links(workspace, DEMO, key, [])
    assert plan.actions_for_indicator(workspace, DEMO, "hepc_tested").empty
    assert plan.action_key("Open two satellite clinics, in the most deprived wards") == \
        plan.action_key("open two satellite clinics in the most  deprived wards")
    with pytest.raises(PlanError, match="Not in the indicator catalogue"):
        plan.set_links(workspace, DEMO, key, ["no_such_indicator"])

def test_zip_bomb_is_refused_on_the_detector_path_too(workspace):
    from cdp_data.services.loading import load_file

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/sharedStrings.xml", b" " * (30 * 1024 * 1024))
    with pytest.raises(PlanError, match="zip bomb"):
        load_file(workspace, "bomb.xlsx", buffer.getvalue(), partnership_code=DEMO)

def test_demo_links_reach_the_outcomes_page_function(workspace):
    linked = plan.actions_for_indicator(workspace, DEMO, "continuity_of_care")
    assert sorted(linked["lead"]) == ["Probation", "Treatment provider"]
    assert set(linked.columns) >= {"action", "lead", "due", "status", "status_word", "priority"}


def test_the_same_file_stored_twice_is_one_version_with_a_notice(empty_workspace):
    ws = empty_workspace
    ws.upsert_areas([{"code": "E08000015", "name": "Wirral", "is_partnership": True},
                     {"code": "E08000014", "name": "Sefton", "is_partnership": True}])
    first_bytes = _tracker(V1)
    first = plan.upload_version(ws, "E08000015", "plan.xlsx", first_bytes)
    again = plan.upload_version(ws, "E08000015", "plan (1).xlsx", first_bytes)  # a second click, renamed copy
    assert first.is_new and not again.is_new and again.version_id == first.version_id
    assert len(plan.versions(ws, "E08000015")) == 1
    assert (ws.loads()["kind"] == "plan_workbook").sum() == 1  # nothing written the second time
    report = plan.load(ws, "plan.xlsx", first_bytes, partnership_code="E08000015")
    assert report.details["new_version"] is False and report.rows == 0
    assert report.summary == (f"plan.xlsx is already stored (delivery plan version {first.version_id} for E08000015 "
                              "holds the same file), so no new version was made.")
    other = plan.upload_version(ws, "E08000014", "plan.xlsx", first_bytes)  # another partnership: its own version
    second_bytes = _tracker(V2)  # built once: a zip's member timestamps change from one second to the next
    changed = plan.upload_version(ws, "E08000015", "plan.xlsx", second_bytes)  # new content: a new version
    assert other.is_new and changed.is_new and changed.version_id != first.version_id
    assert len(plan.versions(ws, "E08000015")) == 2 and len(plan.versions(ws, "E08000014")) == 1
    assert plan.add_plan_version(ws, "E08000015", "again.xlsx", second_bytes) == changed.version_id
