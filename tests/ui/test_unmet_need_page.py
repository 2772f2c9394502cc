"""The Unmet need page (AppTest): each tab, the links and meeting mode."""

from pathlib import Path

from tests.services.test_unmet_need import EXPORT_93517

REPO = Path(__file__).resolve().parents[2]


def open_page(partnership: str, **params):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["partnership"] = partnership
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("pages/unmet_need.py")  # opened from a link (test_smoke_pages opens it from the Overview)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def frame_with(at, column):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_page_shows_wirral_ocu_and_what_it_would_take(demo_workspace):
    at = open_page("E08000015")
    assert at.session_state["partnership"] == "E08000015"
    table = frame_with(at, "Unmet need")
    ocu = table[table["Group"] == "Opiate and/or crack (OCU)"].iloc[0]
    assert (ocu["Unmet need"], ocu["Estimated number (95% range)"], ocu["In treatment"]) == ("40.9%", "3,090", "1,827")
    assert table[table["Group"] == "Non-opiate only"].iloc[0]["Unmet need"] == "no estimate exists"
    assert len(at.get("vega_lite_chart")) == 1  # only the open tab is drawn
    assert not at.number_input
    at = open_page("E08000015", unmet_need_tab="What would it take?")
    # No England OCU value in the demo: the calculator starts on a chosen level (30%)
    plan = frame_with(at, "Additional workers")
    assert plan.iloc[0]["Additional people (range)"] == "336" and plan.iloc[0]["Additional workers"] == "9"
    at.number_input(key="unmet_need_caseload").set_value(70).run()
    assert frame_with(at, "Additional workers").iloc[0]["Additional workers"] == "5"   # 336 / 70 = 4.8


def test_page_shows_lancashire_alcohol_against_england(demo_workspace):
    at = open_page("E10000017")
    words = " ".join(m.value for m in at.markdown)
    assert "83.0% against England's 80.0%" in words and "Not compared" in words
    table = frame_with(at, "Unmet need")
    alcohol = table[table["Group"] == "Alcohol (at-risk drinkers, local measure)"].iloc[0]
    assert (alcohol["Unmet need"], alcohol["England"]) == ("83.0%", "80.0%")
    # The dependent-drinker group is listed separately: the real PHE estimate, but no number in treatment
    dependent = table[table["Group"] == "Alcohol (dependent drinkers)"].iloc[0]
    assert (dependent["Unmet need"], dependent["Period"]) == ("needs number in treatment", "2017/18")
    assert dependent["Estimated number (95% range)"] == "14,048 (11,502 to 17,688)"   # PHE's Lancashire, 2017/18
    assert "no count of people in treatment (NDTMS)" in dependent["Note"]


def test_page_across_partnerships_keeps_the_drug_type_in_the_url(demo_workspace):
    at = open_page("E10000017", substance="alcohol_at_risk")
    assert at.selectbox(key="unmet_need_substance").value == "alcohol_at_risk"
    across = frame_with(at, "Area")
    assert set(across["Area"]) == {"Lancashire", "England"}
    at.selectbox(key="unmet_need_substance").set_value("ocu").run()
    assert at.query_params["substance"] == ["ocu"] or at.query_params["substance"] == "ocu"
    # the period the real Fingertips 93517 export covers for most areas: England and its other areas (comparators)
    assert {"England", "West Sussex", "Hartlepool"} <= set(frame_with(at, "Area")["Area"])


def test_page_links_to_the_ward_map_when_treatment_counts_by_ward_are_loaded(workspace):
    from cdp_data.services.loading import load_file
    from cdp_data.services.geography_loading import harm_template_csv as template_csv

    assert not [link for link in at_page_links(open_page("E08000015")) if "ward_map" in link]
    load_file(workspace, "harm.csv", template_csv())
    assert [link for link in at_page_links(open_page("E08000015")) if "ward_map" in link]


def at_page_links(at) -> list[str]:
    return [str(el.proto.page) for el in at.get("page_link")]


def test_page_in_meeting_mode_has_no_inputs_and_uses_the_national_caseload(demo_workspace):
    at = open_page("E08000015", mode="meeting", unmet_need_tab="What would it take?")
    assert not at.number_input and not at.radio and not at.get("selectbox")[1:]
    assert any("÷ 40 per worker" in c.value for c in at.caption)  # the national caseload
    across = open_page("E08000015", mode="meeting", unmet_need_tab="Across partnerships")
    assert not across.get("selectbox")[1:]  # no drug-type or period picker in meeting mode
    assert "England" in set(frame_with(across, "Area")["Area"])


def test_page_tabs_run_only_when_open_and_each_draws(demo_workspace):
    first = open_page("E08000015")
    assert [h.value for h in first.header] == ["By drug type: Wirral", "Where do the people in treatment live?"]
    years = open_page("E08000015", unmet_need_tab="Over the years")
    assert [h.value for h in years.header] == ["Over the years available"] and years.get("vega_lite_chart")
    across = open_page("E08000015", unmet_need_tab="Across partnerships")
    assert [h.value for h in across.header] == ["Across partnerships for one drug type"]


def test_page_for_a_partnership_without_figures_offers_the_data_page(demo_workspace):
    at = open_page("E08000014")   # Sefton: no unmet-need figures in the demo
    assert any("No unmet-need figures for Sefton yet" in i.value for i in at.info)
    assert [link for link in at_page_links(at) if "data" in link]
    table = frame_with(at, "Unmet need").set_index("Group")
    assert set(table["Unmet need"]) == {"no figure loaded", "needs number in treatment", "no estimate exists"}  # never 0%
    assert "Fingertips indicator 93517" in table.loc["Opiate and/or crack (OCU)", "Note"]   # where it is published
    assert table.loc["Alcohol (dependent drinkers)", "Estimated number (95% range)"] == "3,882 (2,818 to 5,679)"


def test_page_bad_drug_type_in_link_falls_back_with_a_notice(demo_workspace):
    at = open_page("E08000015", substance="heroin")
    assert any("heroin" in w.value for w in at.warning)
    assert at.selectbox(key="unmet_need_substance").value == "ocu"


def test_page_across_areas_with_the_real_export_shows_published_comparisons(workspace, shared_data):
    from cdp_data.services.loading import load_file

    path = shared_data / EXPORT_93517
    load_file(workspace, path.name, path.read_bytes())
    at = open_page("E08000015", substance="ocu")
    # The default period is the one covering the most areas (2019/20), not Wirral's lone 2023 figure
    assert at.selectbox(key="unmet_need_across_period").value == "2019/20"
    across = frame_with(at, "Area").set_index("Area")
    # Fingertips' published labels for 2019/20: Middlesbrough Better; Hartlepool, Warwickshire Similar
    assert across.loc["Middlesbrough", "Compared with England"] == "Better"
    assert across.loc["Hartlepool", "Compared with England"] == "Similar"
    assert across.loc["Middlesbrough", "95% range"] == "34.1% to 46.9%"

