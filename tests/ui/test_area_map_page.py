"""AppTest: the Ward map page's Areas view on the demo workspace with the real ONS counties and unitary
authorities file (and the real PHE alcohol-dependence estimates) loaded."""

import json

from cdp_data.services.loading import load_file
from tests.ui.test_geography_pages import _ward_map

CTYUA = "geography/ctyua_dec2023_bsc_england.geojson"
ESTIMATES = "fingertips/phe_estimates_alcohol_dependent_adults_utla_2010_2018.csv"


def _areas_page(**params):
    return _ward_map(mapof="Areas", **params)


def test_areas_view_without_area_boundaries_says_what_to_load(demo_workspace):
    at = _areas_page()
    assert not at.exception
    assert any("No county, unitary authority or district boundaries are loaded" in i.value for i in at.info)
    assert not at.get("deck_gl_json_chart")


def test_areas_view_maps_every_county_and_ua_with_legend_tooltip_and_table(workspace, pub):
    path = pub / CTYUA
    load_file(workspace, path.name, path.read_bytes())
    load_file(workspace, (pub / ESTIMATES).name, (pub / ESTIMATES).read_bytes())
    codes = [f["properties"]["CTYUA23CD"] for f in json.loads(path.read_bytes())["features"]]
    at = _areas_page()
    assert not at.exception
    assert at.radio(key="ward_map_of").value == "Areas"
    # Rates and proportions are offered before counts (a count is not compared): the estimates (151 areas,
    # counts) come after them though they have the most areas.
    options = at.selectbox(key="area_map_indicator").options
    assert at.selectbox(key="area_map_indicator").value != "alcohol_dependency_prevalence"
    assert next(i for i, o in enumerate(options) if o.startswith("Alcohol dependence (estimated) (151 areas)")) > 0
    at = _areas_page(indicator="alcohol_dependency_prevalence")
    assert at.selectbox(key="area_map_indicator").value == "alcohol_dependency_prevalence"
    assert at.selectbox(key="area_map_benchmark").value == "england"
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1
    spec = json.loads(decks[0].proto.json)
    areas = next(layer for layer in spec["layers"] if layer["id"] == "areas")
    assert {r["area_code"] for r in areas["data"]} == set(codes)      # every area drawn, with or without a value
    assert any(layer["id"] == "partnership" for layer in spec["layers"])
    assert 5 <= spec["initialViewState"]["zoom"] <= 6.5                  # all of England in view
    wirral = next(r for r in areas["data"] if r["area_code"] == "E08000015")
    # A count is not compared with England (it follows the size of the area), and the map says so.
    assert wirral["tooltip"] == "Wirral\n5,033 (2017/18)\nNot compared"
    # An area the 2018 estimates do not have (Cumberland, created in 2023) is grey and says "no value".
    cumberland = next(r for r in areas["data"] if r["area_code"] == "E06000063")
    assert cumberland["tooltip"] == "Cumberland\nno value" and cumberland["fill"] == [177, 180, 182]
    legend = " ".join(h.proto.body for h in at.get("html"))
    assert "Legend" in legend and "No value for this period" in legend and "outlined in black" in legend
    assert "a count follows the size of the area" in legend
    assert any("not compared: a count follows the size of the area" in c.value for c in at.caption)
    table = next(d.value for d in at.dataframe if "Comparison" in d.value.columns)
    assert len(table) == len(codes) and table.iloc[0]["Area code"] == "E08000015"
    assert table.iloc[0]["Partnership"] == "Yes"
    assert (table.loc[table["Area code"] == "E06000063", "Comparison"] == "No value").all()
    assert (table["Count"].dropna() >= 5).all()
    assert any(b.label == "Download the areas' figures (CSV)" for b in at.get("download_button"))
    at.run()   # drawn again from the kept deck: the same map
    assert json.loads(at.get("deck_gl_json_chart")[0].proto.json) == spec
    # The shared "Compare with" picker: the partnership's region is offered beside England.
    assert "North West (region)" in at.selectbox(key="area_map_benchmark").options
    at.selectbox(key="area_map_benchmark").set_value("region").run()
    assert not at.exception and at.selectbox(key="area_map_benchmark").value == "region"
    assert any("not compared: a count follows the size of the area" in c.value for c in at.caption)


def test_areas_view_choices_are_kept_in_the_link(workspace, pub):
    load_file(workspace, (pub / CTYUA).name, (pub / CTYUA).read_bytes())
    at = _areas_page(areas="ctyua", indicator="continuity_of_care", period="12 months to Mar 2022",
                     benchmark="region")
    assert not at.exception
    assert at.selectbox(key="area_map_indicator").value == "continuity_of_care"
    assert at.selectbox(key="area_map_period_continuity_of_care").value == "12 months to Mar 2022"
    assert at.selectbox(key="area_map_benchmark").value == "region"
    assert len(at.get("deck_gl_json_chart")) == 1
    assert any("coloured by comparison with its region" in c.value for c in at.caption)
    bad = _areas_page(benchmark="Mars")
    assert not bad.exception and bad.selectbox(key="area_map_benchmark").value == "england"
    assert any("benchmark" in w.value for w in bad.warning)
