"""AppTest of the Overview's key interactions: indicator choice (kept in the URL), a bad link value,
and a milestone edit that is saved to the workspace."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from cdp_data.services import milestones as ms

APP = Path(__file__).resolve().parents[2] / "app.py"


def open_overview(**params):
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_indicator_choice_changes_the_comparison_and_the_url(demo_workspace):
    at = open_overview(partnership="E10000017")
    box = at.selectbox(key="overview_indicator")
    assert box.value == "continuity_of_care"
    box.select("young_people_in_treatment").run()
    assert at.query_params["indicator"] == ["young_people_in_treatment"] or \
        at.query_params["indicator"] == "young_people_in_treatment"
    assert any("Young people in treatment: baseline to latest" in m.value for m in at.markdown)
    assert not at.dataframe  # the figures behind the chart: drawn when their expander is opened
    table = open_overview(partnership="E10000017", indicator="adults_in_treatment", overview_figures="true")
    figures = table.dataframe[0].value.set_index("partnership")
    assert figures.loc["Lancashire", "latest"] == 6919 and figures.loc["Lancashire", "baseline"] == 6119


def test_indicator_from_the_link_and_a_bad_value(demo_workspace):
    at = open_overview(partnership="E10000017", indicator="adults_in_treatment")
    assert at.selectbox(key="overview_indicator").value == "adults_in_treatment"
    bad = open_overview(partnership="E10000017", indicator="not_an_indicator")
    assert bad.selectbox(key="overview_indicator").value == "continuity_of_care"
    assert any("not_an_indicator" in w.value and "not recognised" in w.value for w in bad.warning)


def test_milestone_edit_is_saved(workspace):
    closed = open_overview(partnership="E08000015")
    assert not [b for b in closed.button if b.key == "overview_save_milestones"]  # the editor is drawn when opened
    assert any("National milestones: 0 of" in m.value for m in closed.markdown)
    at = open_overview(partnership="E08000015", overview_edit_milestones="true")
    # the data editor is edited through its session state (AppTest has no data_editor API)
    key = "overview_milestones_E08000015"
    at.session_state[key] = {"edited_rows": {2: {"met": True, "met_on": "2023-05-02"}}, "added_rows": [],
                             "deleted_rows": []}
    at.run()
    at.button(key="overview_save_milestones").click().run()
    assert not at.exception, [e.value for e in at.exception]
    saved = ms.milestone_checklist(workspace, "E08000015").set_index("milestone")
    assert str(saved.loc["footprint_confirmed", "met_on"]) == "2023-05-02"
    assert int(saved["met"].sum()) == 1
