"""The delivery-plan page under AppTest: the demo plan, an upload, a refused upload, filters, links."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from cdp_data.services import plan

APP = Path(__file__).resolve().parent.parent.parent / "app.py"
DEMO = "E10000017"


def open_page(partnership: str = DEMO, tab: str | None = None, upload: bool = False) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["partnership"] = partnership
    if tab:
        at.query_params["delivery_plan_tab"] = tab  # only the open tab runs
    if upload:
        at.query_params["delivery_plan_upload_open"] = "true"  # the upload form, drawn only when open
    at.switch_page("pages/delivery_plan.py")  # opened from a link (test_smoke_pages opens it from the Overview)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def test_demo_plan_tracked_and_compared(demo_workspace):
    at = open_page()
    assert at.title[0].value == "Is the delivery plan on track?"
    assert not at.error, [e.value for e in at.error]
    m = metrics(at)
    # the demo plan (cdp_data/demo/plan.py ACTIONS): 12 actions, 5 Green, 3 Amber, 2 Red, 1 Complete
    assert (m["Actions"], m["Green"], m["Amber"], m["Red"], m["Complete"]) == ("12", "5", "3", "2", "1")
    changes = metrics(open_page(tab="What changed"))
    assert (changes["Added"], changes["Status changes"], changes["Dates slipped"]) == ("1", "3", "2")
    assert any("synthetic demo data" in md.value for md in at.markdown)
    assert "synthetic demo data" in at.selectbox(key="delivery_plan_version").format_func(
        at.selectbox(key="delivery_plan_version").value)


def test_upload_through_the_file_uploader_stores_a_new_version(workspace, shared_data):
    before = len(plan.versions(workspace, DEMO))
    assert not open_page().file_uploader  # the form is drawn only when its expander is open
    at = open_page(upload=True)
    content = (shared_data / "plans" / "tracker_flat.xlsx").read_bytes()
    at.text_input(key="delivery_plan_uploader_name").input("Jo Bloggs")
    at.file_uploader(key="delivery_plan_upload").upload("tracker_flat.xlsx", content)
    at.run()
    at.button(key="delivery_plan_store").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Stored tracker_flat.xlsx" in s.value for s in at.success)
    versions = plan.versions(workspace, DEMO)
    assert len(versions) == before + 1
    assert versions["uploaded_by"].iloc[0] == "Jo Bloggs" and versions["n_actions"].iloc[0] == 16
    assert at.selectbox(key="delivery_plan_version").value == int(versions["id"].iloc[0])
    m = metrics(at)
    assert (m["Actions"], m["Green"], m["Amber"], m["Red"], m["Complete"]) == ("16", "7", "5", "2", "1")


def test_a_bad_upload_shows_one_sentence_and_stores_nothing(demo_workspace, shared_data):
    before = len(plan.versions(demo_workspace, DEMO))
    at = open_page(upload=True)
    at.file_uploader(key="delivery_plan_upload").upload(
        "truncated.xlsx", (shared_data / "plans" / "bad" / "truncated.xlsx").read_bytes())
    at.run()
    at.button(key="delivery_plan_store").click()
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "truncated.xlsx is damaged or incomplete (perhaps cut short while copying): save it again from Excel "
        "and upload the new copy."]
    assert len(plan.versions(demo_workspace, DEMO)) == before


def test_status_by_priority_and_by_lead_tabs(demo_workspace):
    first = open_page()
    assert len(first.get("vega_lite_chart")) == 1 and '"Actions by priority and status"' in \
        first.get("vega_lite_chart")[0].proto.spec
    lead = open_page(tab="By lead")
    assert '"Actions by lead and status"' in lead.get("vega_lite_chart")[0].proto.spec
    assert "lead" in [c.lower() for c in lead.dataframe[0].value.columns]


def test_search_filters_the_table(demo_workspace):
    at = open_page(tab="All actions")
    at.text_input(key="delivery_plan_search").input("naloxone")
    at.run()
    assert any(c.value == "Showing 2 of 12 actions." for c in at.caption)
    at.multiselect(key="delivery_plan_filter_status").set_value(["Red"])
    at.text_input(key="delivery_plan_search").input("")
    at.run()
    assert any(c.value == "Showing 2 of 12 actions." for c in at.caption)


def test_link_an_action_to_an_indicator(workspace):
    at = open_page(tab="Links to indicators")
    select = at.selectbox(key="delivery_plan_link_action")
    frame = plan.actions(workspace, plan.latest_version_id(workspace, DEMO))
    key = frame["action_key"].iloc[3]
    select.set_value(key)
    at.run()
    multiselect = next(ms for ms in at.multiselect if ms.key and ms.key.startswith("delivery_plan_link_indicators"))
    multiselect.set_value(["hepc_tested"])
    at.run()
    at.button(key="delivery_plan_link_save").click()
    at.run()
    assert not at.exception
    linked = plan.actions_for_indicator(workspace, DEMO, "hepc_tested")
    assert linked["action"].tolist() == [frame["action"].iloc[3]]


def test_partnership_without_a_plan_offers_the_upload(demo_workspace):
    at = open_page("E06000006")
    assert any("No delivery plan stored" in i.value for i in at.info)
    assert at.file_uploader(key="delivery_plan_upload") is not None


def test_the_version_is_kept_in_the_link(demo_workspace):
    versions = plan.versions(demo_workspace, DEMO)
    older = int(versions["id"].iloc[1])
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["partnership"] = DEMO
    at.query_params["plan_version"] = str(older)
    at.switch_page("pages/delivery_plan.py")  # opened from a link (test_smoke_pages opens it from the Overview)
    at.run()
    assert not at.exception
    assert at.selectbox(key="delivery_plan_version").value == older
    assert metrics(at)["Actions"] == "11"          # the earlier demo version lacks the last action
    assert str(older) in at.query_params["plan_version"]   # (a list or a str, by Streamlit version)


def test_storing_the_same_workbook_twice_keeps_one_version_and_says_so(workspace, shared_data):
    content = (shared_data / "plans" / "tracker_flat.xlsx").read_bytes()
    plan.add_plan_version(workspace, DEMO, "tracker_flat.xlsx", content)
    before = len(plan.versions(workspace, DEMO))
    at = open_page(upload=True)
    at.file_uploader(key="delivery_plan_upload").upload("tracker_flat.xlsx", content)
    at.run()
    at.button(key="delivery_plan_store").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(plan.versions(workspace, DEMO)) == before
    assert any("tracker_flat.xlsx is already stored" in s.value and "no new version was made" in s.value
               for s in at.success)
