"""AppTest: the ward map page's key interactions and the Data page's fetch button."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.support import files_handler, local_server

REPO = Path(__file__).resolve().parents[2]


def _ward_map(partnership="E08000015", **params):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params["partnership"] = partnership
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("pages/ward_map.py")  # opened from a link (test_smoke_pages opens it from the Overview)
    at.run()
    return at


def test_ward_map_on_demo_shows_real_wards_and_switches_views(demo_workspace):
    at = _ward_map()
    assert not at.exception
    assert not any("ynthetic" in w.value for w in at.warning)   # the demo's wards are real ONS wards
    assert at.title[0].value == "Where do deprivation and drug harm meet?"
    for view in ("Harm rate", "Both (bivariate 3x3)"):
        at.radio(key="ward_map_view").set_value(view).run()
        assert not at.exception
    assert at.query_params["map"] == ["Both (bivariate 3x3)"] or at.query_params["map"] == "Both (bivariate 3x3)"
    # The table under the map (the first tab) never shows a count under 5.
    table = next(d.value for d in at.dataframe if "Note" in d.value.columns and "Ward code" in d.value.columns)
    assert table["Count"].dropna().min() >= 5
    assert (table["Note"] == "Suppressed (under 5)").any()
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1 and '"geoshape"' in charts[0].proto.spec  # the map; the scatter's tab did not run
    assert not at.get("deck_gl_json_chart")  # WebGL only when asked for
    at.toggle(key="ward_map_zoom").set_value(True).run()
    assert not at.exception and len(at.get("deck_gl_json_chart")) == 1
    assert '"geoshape"' not in "".join(c.proto.spec for c in at.get("vega_lite_chart"))


def test_ward_map_tabs_run_when_opened_from_a_link(demo_workspace):
    harm = _ward_map(ward_map_tab="Harm against deprivation")
    assert not harm.exception
    captions = " ".join(c.value for c in harm.caption)
    assert "Pearson correlation r =" in captions and "Fisher z" in captions
    assert [s.value for s in harm.header] == ["Does harm rise with deprivation?",
                                                 "Ten wards where deprivation and harm are both highest"]
    ward = _ward_map(ward_map_tab="Selected ward")
    assert not ward.exception and ward.selectbox(key="ward_map_ward").value
    shown = ward.dataframe[0].value.set_index("Figure")["Value"]
    assert shown["Ward code"] == ward.selectbox(key="ward_map_ward").value


def test_bad_map_choice_in_link_falls_back_with_notice(demo_workspace):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params["partnership"] = "E08000015"
    at.query_params["map"] = "Spaghetti"
    at.switch_page("pages/ward_map.py")  # opened from a link (test_smoke_pages opens it from the Overview)
    at.run()
    assert not at.exception
    assert at.radio(key="ward_map_view").value == "Deprivation"


def test_data_page_fetch_button_loads_geography(workspace, shared_data, monkeypatch):
    with local_server(files_handler(shared_data / "public")) as base:
        monkeypatch.setenv("CDP_GEOGRAPHY_BASE_URL", base)
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
        at.query_params["partnership"] = "E08000014"
        at.query_params["data_tab"] = "Geography"
        at.switch_page("pages/data.py")  # opened from a link (test_smoke_pages opens it from the Overview)
        at.run()
        at.text_input(key="data_geography_area").set_value("E08000014").run()
        at.button(key="data_geography_fetch").click().run()
        assert not at.exception
        assert any("Loaded 7 of 7 files" in s.value for s in at.success)
    kinds = set(workspace.datasets()["kind"])
    assert {"imd2019_lsoa11", "imd2025_lsoa21", "lookup", "population"} <= kinds


def test_ward_map_inequality_tab_draws_on_the_demo(demo_workspace):
    at = _ward_map(ward_map_tab="Inequality")
    assert not at.exception
    assert "How unequal is harm across deprivation?" in [s.value for s in at.header]
    sentence = at.markdown[-1].value if not any("times the rate" in m.value for m in at.markdown) else \
        next(m.value for m in at.markdown if "times the rate" in m.value)
    assert "in the most deprived fifth of wards were" in sentence and "(95% CI" in sentence
    assert "(synthetic)" not in sentence   # the demo's figures are real public data
    table = at.dataframe[0].value
    assert table["Deprivation fifth"].tolist() == ["1 (most deprived)", "2", "3", "4", "5 (least deprived)"]
    counts = table["Count"]
    shown = counts[~counts.str.startswith("not shown")].str.replace(",", "").astype(int)
    assert (shown >= 5).all()   # a fifth's total is never a small count
    spec = "".join(c.proto.spec for c in at.get("vega_lite_chart"))
    assert '"bar"' in spec and '"rule"' in spec and "lower_ci" in spec
    captions = " ".join(c.value for c in at.caption)
    assert "Slope index of inequality" in captions and "Byar's 95% CI" in captions


def test_police_counts_are_offered_for_whole_quarters_kept_in_the_link(demo_workspace):
    # The demo holds the police months 2022-01 to 2022-11, 2024-01 to 2024-04 and 2025-01 to 2025-12.
    at = _ward_map("E08000014", harm="police_drug_offences_open_data", map="Harm rate", quarter="2025-Q1")
    assert not at.exception
    quarter = at.selectbox(key="ward_map_quarter")
    assert quarter.options == ["Jan to Mar 2022 (2022 Q1)", "Apr to Jun 2022 (2022 Q2)", "Jul to Sep 2022 (2022 Q3)",
                               "Jan to Mar 2024 (2024 Q1)", "Jan to Mar 2025 (2025 Q1)", "Apr to Jun 2025 (2025 Q2)",
                               "Jul to Sep 2025 (2025 Q3)", "Oct to Dec 2025 (2025 Q4)"]
    assert quarter.value == "2025-Q1" and at.query_params["quarter"] in ("2025-Q1", ["2025-Q1"])
    assert not at.get("select_slider")  # no free choice of months any more
    table = next(d.value for d in at.dataframe if "Count" in d.value.columns)
    assert table["Count"].dropna().min() >= 5
    quarter.set_value("2025-Q2").run()
    assert not at.exception and at.query_params["quarter"] in ("2025-Q2", ["2025-Q2"])
    captions = " ".join(c.value for c in at.caption)
    assert "Apr to Jun 2025 (2025 Q2)" in captions
    # A month, or a window the data do not hold whole, from a link: the latest quarter, with a notice.
    for bad in ("2024-04", "2024-Q2"):
        at = _ward_map("E08000014", harm="police_drug_offences_open_data", quarter=bad)
        assert not at.exception and at.selectbox(key="ward_map_quarter").value == "2025-Q4"
        assert any(f"police quarter “{bad}” is not recognised" in w.value for w in at.warning)
