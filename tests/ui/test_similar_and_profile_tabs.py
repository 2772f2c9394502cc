"""AppTest of the Compare page's "Similar areas" tab and the area profile's counts (listed, not drawn)."""

import pytest

from cdp_data.present import indicators as profile_words
from cdp_data.present import similar_areas as words
from cdp_data.services import partnerships, similar_areas
from cdp_data.services.loading import load_file
from tests.ui.test_pages_indicators import EXPORT, _open

ALCOHOL = "public/fingertips/phe_estimates_alcohol_dependent_adults_utla_2010_2018.csv"


@pytest.fixture(scope="module")
def features(pub):
    return similar_areas.build_features(pub)


def test_similar_areas_tab_lists_fifteen_with_distance_method_and_cipfa_note(workspace, features):
    similar_areas.store_features(workspace, features)
    at = _open("pages/compare.py", partnership="E08000015", compare_tab="Similar areas")
    assert [s.value for s in at.subheader] == ["Similar areas: the upper-tier authorities most like Wirral"]
    table = at.dataframe[0].value
    assert len(table) == 16 and table["Rank"].iloc[0] == "" and table["Area"].iloc[0] == "Wirral (this area)"
    assert table["Rank"].tolist()[1:] == [str(i) for i in range(1, 16)]
    assert "Sefton" in table["Area"].tolist()
    distances = table["Distance"].iloc[1:].astype(float)
    assert distances.is_monotonic_increasing and (distances > 0).all()
    assert {"IMD score", "Age 65+ (%)", "People per km²"} <= set(table.columns)
    assert words.CIPFA_NOTE in [i.value for i in at.info]
    assert any(words.PEER_GROUP_NAME in s.value for s in at.success)
    assert words.METHOD in [m.value for m in at.markdown]


def test_without_stored_figures_the_tab_says_how_to_get_them(workspace):
    from cdp_data.store.schema import datasets

    with workspace.begin() as conn:   # as a workspace seeded before the demo held the similar-areas table
        conn.execute(datasets.delete().where(datasets.c.kind == "similar_area_features"))
    at = _open("pages/compare.py", partnership="E08000015", compare_tab="Similar areas")
    assert words.no_features() in [i.value for i in at.info]
    assert not at.dataframe


def test_area_profile_lists_counts_beside_the_chart_instead_of_drawing_them(workspace, shared_data):
    load_file(workspace, "alcohol.csv", (shared_data / ALCOHOL).read_bytes())
    load_file(workspace, "export.csv", (shared_data / EXPORT).read_bytes())
    partnerships.declare_partnership(workspace, "E06000002")  # a load makes no area a partnership
    wirral = _open("pages/compare.py", partnership="E08000015", compare_tab="Area profile")
    assert profile_words.PROFILE_ONLY_COUNTS in [i.value for i in wirral.info]   # its only indicator is a count
    counts = wirral.dataframe[0].value
    assert counts[["Value", "England"]].values.tolist() == [["5,033", "586,780"]]
    middlesbrough = _open("pages/compare.py", partnership="E06000002", compare_tab="Area profile")
    drawn, listed = middlesbrough.dataframe[0].value, middlesbrough.dataframe[1].value
    assert drawn["Indicator"].str.contains("OCU").all() and len(drawn) == 1
    assert listed["Indicator"].tolist() == ["Alcohol dependence (estimated)"]


def test_a_partnership_without_the_preset_group_can_save_it(workspace, features):
    from cdp_data.services import indicators

    similar_areas.store_features(workspace, features)
    indicators.delete_peer_group(workspace, "E06000006", words.PEER_GROUP_NAME)
    at = _open("pages/compare.py", partnership="E06000006", compare_tab="Similar areas")
    assert not at.success
    at.button(key="similar_save").click().run()
    assert not at.exception
    saved = indicators.peer_group(workspace, "E06000006", words.PEER_GROUP_NAME)
    assert saved == sorted(at.dataframe[0].value["Code"].iloc[1:])
    assert any(words.PEER_GROUP_NAME in s.value for s in at.success)
