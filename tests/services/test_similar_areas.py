"""Similar areas on the real public data: the figures against values computed here by hand with pandas
(or published), the stored table and the preset peer groups."""

import pandas as pd
import pytest

from cdp_data.core.errors import CDPError
from cdp_data.present import similar_areas as words
from cdp_data.services import indicators, similar_areas

WIRRAL, SEFTON, LANCASHIRE, BLACKPOOL, CUMBERLAND = "E08000015", "E08000014", "E10000017", "E06000009", "E06000063"


@pytest.fixture(scope="module")
def features(pub) -> pd.DataFrame:
    return similar_areas.build_features(pub)


@pytest.fixture(scope="module")
def by_hand(pub):
    """The ONS files read directly: LSOA 2011 populations with their 2022 district."""
    lookup = pd.read_csv(pub / "lookups/lookup_lsoa11_lsoa21_lad22_ONS.csv").drop_duplicates("LSOA11CD")
    population = pd.read_csv(pub / "population/ons_mid2020_population_lsoa11.csv")
    return population.merge(lookup[["LSOA11CD", "LAD22CD"]], on="LSOA11CD")


def _row(features, code):
    return features.set_index("area_code").loc[code]


def test_one_row_per_english_upper_tier_authority(features):
    assert len(features) == 153   # the 153 counties and unitary authorities of December 2023
    assert features["area_code"].str[:3].isin(["E06", "E08", "E09", "E10"]).all()
    assert features["area_code"].is_unique
    assert not features.drop(columns="area_name").isna().any().any()


def test_populations_are_the_lsoa_estimates_summed(features, by_hand):
    wirral = by_hand.loc[by_hand["LAD22CD"] == WIRRAL, "pop_all_ages"].sum()
    assert wirral > 300_000
    assert _row(features, WIRRAL)["population"] == wirral


def test_lancashire_is_its_twelve_districts(features, by_hand, pub):
    lookup = pd.read_csv(pub / "lookups/lookup_lad23_utla23_ONS.csv")
    districts = lookup.loc[lookup["UTLA23CD"] == LANCASHIRE, "LAD23CD"]
    assert len(districts) == 12
    mine = by_hand[by_hand["LAD22CD"].isin(districts)]
    row = _row(features, LANCASHIRE)
    assert row["population"] == mine["pop_all_ages"].sum()
    assert row["share_65_plus"] == pytest.approx(100 * mine["pop_65plus"].sum() / mine["pop_all_ages"].sum())
    assert row["share_0_15"] == pytest.approx(100 * mine["pop_0_15"].sum() / mine["pop_all_ages"].sum())


def test_cumberland_gathers_its_three_former_districts(features, by_hand):
    # April 2023: Allerdale, Carlisle and Copeland became Cumberland (the 2022 codes are not in the 2023 lookup)
    former = by_hand[by_hand["LAD22CD"].isin(["E07000026", "E07000028", "E07000029"])]
    assert _row(features, CUMBERLAND)["population"] == former["pop_all_ages"].sum()


def test_imd_average_score_is_the_published_one(features, pub):
    # MHCLG, IoD2019 local authority summaries: Blackpool's average score is 45.039, the highest in England
    assert _row(features, BLACKPOOL)["imd_score"] == pytest.approx(45.039, abs=0.002)
    assert features.sort_values("imd_score")["area_code"].iloc[-1] == BLACKPOOL
    imd = pd.read_csv(pub / "imd/imd2019_lsoa11_england.csv")
    wirral = imd[imd["lad19cd"] == WIRRAL]
    employment = (wirral["employment_score_rate"] * wirral["pop_working_age_mid2015"]).sum() / \
        wirral["pop_working_age_mid2015"].sum()
    assert _row(features, WIRRAL)["employment_score"] == pytest.approx(100 * employment)


def test_density_uses_the_land_area(features):
    wirral = _row(features, WIRRAL)
    assert wirral["area_km2"] == pytest.approx(157, rel=0.03)   # Wirral: about 157 km² of land
    assert wirral["density"] == pytest.approx(wirral["population"] / wirral["area_km2"])


def test_wirral_s_nearest_include_its_neighbour_sefton(features):
    found = similar_areas.similar_areas(None, WIRRAL, 15, features=features)
    assert len(found.neighbours) == 15 and WIRRAL not in found.neighbours["area_code"].tolist()
    assert SEFTON in found.neighbours["area_code"].head(5).tolist()
    assert found.neighbours["distance"].is_monotonic_increasing
    assert found.columns == ["imd_score", "income_score", "employment_score", "log_population", "share_0_15",
                             "share_65_plus", "log_density"]


def test_storing_saves_the_table_and_a_peer_group_for_every_partnership(workspace, features):
    summary = similar_areas.store_features(workspace, features)
    assert summary == words.stored_summary(153, 4)
    stored = similar_areas.stored_features(workspace)
    pd.testing.assert_frame_equal(stored, features.reset_index(drop=True), check_dtype=False)
    for code in workspace.partnerships()["code"]:
        group = indicators.peer_group(workspace, code, words.PEER_GROUP_NAME)
        expected = similar_areas.similar_areas(None, code, 15, features=features).neighbours["area_code"]
        assert group == sorted(expected)
    from_store = similar_areas.similar_areas(workspace, WIRRAL)
    assert from_store.neighbours["area_code"].tolist() == \
        similar_areas.similar_areas(None, WIRRAL, features=features).neighbours["area_code"].tolist()


def test_a_bad_table_is_refused_and_nothing_is_stored(workspace, features):
    before = workspace.datasets()
    group = indicators.peer_group(workspace, WIRRAL, words.PEER_GROUP_NAME)   # the demo's
    with pytest.raises(CDPError, match="not a similar-areas table: it lacks the column.s. imd_score"):
        similar_areas.store_features(workspace, features.drop(columns="imd_score"))
    assert len(workspace.datasets()) == len(before)
    assert indicators.peer_group(workspace, WIRRAL, words.PEER_GROUP_NAME) == group


def test_nothing_stored_and_unknown_areas_are_one_sentence(empty_workspace, features):
    with pytest.raises(CDPError, match="No similar-areas figures are stored"):
        similar_areas.similar_areas(empty_workspace, WIRRAL)
    with pytest.raises(CDPError, match="E07000117 is not an English upper-tier local authority"):
        similar_areas.similar_areas(None, "E07000117", features=features)


def _ocu_file(codes) -> bytes:
    rows = ["Indicator ID,Area code,Area name,Period,Value,Count,Denominator"]
    rows += [f"91117,{code},Area {code},2016/17,{5 + i % 7},," for i, code in enumerate(codes)]
    return ("\n".join(rows) + "\n").encode()


def test_ocu_prevalence_counts_only_when_loaded_for_every_area(workspace, features):
    from cdp_data.services.loading import load_file

    similar_areas.store_features(workspace, features)
    load_file(workspace, "ocu_some.csv", _ocu_file(features["area_code"].iloc[:100]))
    assert "ocu_prevalence" not in similar_areas.similar_areas(workspace, WIRRAL).columns
    load_file(workspace, "ocu_all.csv", _ocu_file(features["area_code"]))
    found = similar_areas.similar_areas(workspace, WIRRAL)
    assert found.columns[-1] == "ocu_prevalence"
    # Wirral is row 77 of the table in code order: 5 + 77 % 7 = 5
    assert found.area["ocu_prevalence"].iloc[0] == features["area_code"].tolist().index(WIRRAL) % 7 + 5
