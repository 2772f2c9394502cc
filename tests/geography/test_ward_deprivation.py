"""Ward deprivation matches the independently derived ward tables in ../shared/data (DONE-WHEN)."""

from pathlib import Path

import pandas as pd
import pytest

from cdp_data import geography as geo
from cdp_data.sources import imd as imd_source
from cdp_data.sources import lookups

REPO = Path(__file__).resolve().parents[2]
MERSEYSIDE_AND_HALTON = ["E08000014", "E08000015", "E06000006", "E08000011", "E08000013", "E08000012"]
LANCASHIRE_DISTRICTS = ["E07000117", "E07000118", "E07000119", "E07000120", "E07000121", "E07000122",
                        "E07000123", "E07000124", "E07000125", "E07000126", "E07000127", "E07000128"]
AREAS = MERSEYSIDE_AND_HALTON + LANCASHIRE_DISTRICTS


@pytest.fixture(scope="module")
def ward_lookup(pub):
    return geo.ward_table(lookups.ward_columns(pd.read_csv(pub / "lookups/lookup_ward24_lad24_ctyua24_rgn24_ONS.csv",
                                                           dtype=str)))


def _check(result: pd.DataFrame, expected: pd.DataFrame, score_col: str, n_col: str):
    merged = result.merge(expected, left_on="ward_code", right_on="WD24CD", how="inner")
    # Every ward the derived table has is found, with the same LSOA count.
    assert len(merged) == len(expected)
    assert (merged["n_lsoa"] == merged[n_col]).all()
    # 2 decimal places: the published value is rounded, so within half a unit in the second place.
    assert (merged["imd_score"] - merged[score_col]).abs().max() <= 0.005 + 1e-9
    assert (merged["share_pop_most_deprived_decile"] - merged["share_pop_in_national_decile1"]).abs().max() \
        <= 0.0005 + 1e-9
    assert (merged["n_lsoa_decile1"] == merged["n_lsoa_national_decile1"]).all()


@pytest.fixture(scope="module")
def lookup11(pub):
    return lookups.lsoa_ward_lookup(pd.read_csv(pub / "lookups/lookup_lsoa11_ward24_lad24_bestfit_DERIVED.csv", dtype=str))


@pytest.fixture(scope="module")
def lookup21(pub):
    return lookups.lsoa_ward_lookup(pd.read_csv(pub / "lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv", dtype=str))


@pytest.fixture(scope="module")
def census(pub):
    return pd.read_csv(pub / "population/census2021_usual_residents_lsoa21.csv").rename(
        columns={"LSOA21CD": "lsoa_code", "usual_residents_census2021": "population"})


@pytest.fixture(scope="module")
def expected19(pub):
    return pd.read_csv(pub / "imd/imd2019_ward24_aggregated_DERIVED.csv")


@pytest.fixture(scope="module")
def expected25(pub):
    return pd.read_csv(pub / "imd/imd2025_ward24_aggregated_DERIVED.csv")


@pytest.mark.parametrize("area", AREAS)
def test_imd2019_wards_match_derived_table(pub, ward_lookup, lookup11, expected19, area):
    table, vintage = _imd2019(pub)
    wards = geo.wards_in_area(ward_lookup, area)
    result = geo.ward_deprivation(table, lookup11, wards, vintage=vintage).table
    expected = expected19[expected19["LAD24CD"] == area]
    assert vintage == "IoD2019" and len(expected) > 5
    _check(result, expected, "imd_score_popweighted", "n_lsoa11")
    # Rank within the district: 1 = most deprived, as the derived table ranks within its LAD.
    ranks = result.merge(expected, left_on="ward_code", right_on="WD24CD")
    assert (ranks["rank_in_area"].astype(int) == ranks["imd_score_rank_within_lad"]).all()


@pytest.mark.parametrize("area", AREAS)
def test_imd2025_wards_match_derived_table(pub, ward_lookup, lookup21, census, expected25, area):
    table, vintage = _imd2025(pub)
    wards = geo.wards_in_area(ward_lookup, area)
    result = geo.ward_deprivation(table, lookup21, wards, census, vintage=vintage).table
    expected = expected25[expected25["LAD24CD"] == area]
    assert vintage == "IoD2025" and len(expected) > 5
    _check(result, expected, "imd25_score_popweighted", "n_lsoa21")


def test_lancashire_county_is_all_wards_of_its_twelve_districts(ward_lookup):
    wards = geo.wards_in_area(ward_lookup, "E10000017")
    # Coverage figures from SOURCES.md: 15+14+17+16+27+12+16+26+10+23+15+24 wards.
    assert len(wards) == 215
    assert set(wards["lad_code"]) == set(LANCASHIRE_DISTRICTS)


def test_official_file1_and_file6_give_the_same_decile_shares(pub, ward_lookup, lookup11):
    """File 1 (deciles) + File 6 (denominators) in the official layouts, merged, reproduce the derived shares."""
    f1, v1 = imd_source.normalise(pd.read_csv(pub / "imd/IoD2019_File1_IMD_ranks_deciles_lsoa11.csv", dtype=str))
    f6, v6 = imd_source.normalise(pd.read_csv(pub / "imd/IoD2019_File6_population_denominators_lsoa11.csv",
                                              dtype=str))
    assert v1 == v6 == "IoD2019" and f1["imd_score"].isna().all() and f6["imd_decile"].isna().all()
    merged = imd_source.merge(f6, f1)
    wards = geo.wards_in_area(ward_lookup, "E08000015")
    result = geo.ward_deprivation(merged, lookup11, wards).table
    expected = pd.read_csv(pub / "imd/imd2019_ward24_aggregated_DERIVED.csv").query("LAD24CD == 'E08000015'")
    both = result.merge(expected, left_on="ward_code", right_on="WD24CD")
    assert len(both) == 22
    assert result["imd_score"].isna().all()  # File 1 has no scores: none invented
    assert (both["share_pop_most_deprived_decile"] - both["share_pop_in_national_decile1"]).abs().max() < 0.0006


_cache: dict = {}


def _imd2019(pub):
    if "2019" not in _cache:
        _cache["2019"] = imd_source.normalise(pd.read_csv(pub / "imd/imd2019_lsoa11_england.csv", dtype=str))
    return _cache["2019"]


def _imd2025(pub):
    if "2025" not in _cache:
        _cache["2025"] = imd_source.normalise(pd.read_csv(pub / "imd/imd2025_lsoa21_england.csv", dtype=str))
    return _cache["2025"]
