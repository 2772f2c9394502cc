"""The demo's extract of real public data: rebuilt from the official files it reproduces the committed one, and
the seeded demo holds the real wards, deprivation, police counts and estimates (checked against the source
files read independently with the csv module)."""

import csv
import json
from collections import Counter

import pytest

from cdp_data.cli import main
from cdp_data.demo import build, public_data
from cdp_data.geography import police_ward_counts
from cdp_data.services import ward_map
from cdp_data.services import unmet_need as un

PARTNERSHIPS = {"E10000017": "Lancashire", "E08000014": "Sefton", "E08000015": "Wirral", "E06000006": "Halton"}
BIRKENHEAD = "E05000956"   # Birkenhead and Tranmere, Wirral


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_build_from_the_public_folder_reproduces_the_committed_extract(shared_data, tmp_path):
    manifest = build.build(shared_data / "public", tmp_path)
    committed = json.loads((public_data.EXTRACT / "manifest.json").read_text())
    assert manifest["files"] == committed["files"] and manifest["inputs"] == committed["inputs"]
    for entry in manifest["files"]:
        assert (tmp_path / entry["file"]).read_bytes() == (public_data.EXTRACT / entry["file"]).read_bytes()
    total = sum(f["bytes"] for f in manifest["files"])
    assert total < 1_500_000   # compact: well under 2 MB


def test_the_extract_holds_every_ward_of_the_four_partnerships(shared_data):
    lookup = _rows(shared_data / "public/lookups/lookup_ward24_lad24_ctyua24_rgn24_ONS.csv")
    expected = Counter(r["CTYUA24CD"] for r in lookup if r["CTYUA24CD"] in PARTNERSHIPS)
    assert expected == {"E10000017": 215, "E08000014": 22, "E08000015": 22, "E06000006": 18}  # SOURCES.md's counts
    features = json.loads((public_data.EXTRACT / "wards_may2024.geojson").read_text())["features"]
    assert Counter(f["properties"]["CTYUA24CD"] for f in features) == expected


def test_the_demo_ward_map_has_the_real_wards_of_each_partnership(workspace, shared_data):
    lookup = _rows(shared_data / "public/lookups/lookup_ward24_lad24_ctyua24_rgn24_ONS.csv")
    inputs = ward_map.load_inputs(workspace)
    for code in PARTNERSHIPS:
        gdf, synthetic = ward_map.area_boundaries(workspace, inputs, code)
        assert not synthetic
        assert set(gdf["ward_code"]) == {r["WD24CD"] for r in lookup if r["CTYUA24CD"] == code}


def test_a_ward_month_of_police_drug_offences_matches_the_raw_files(workspace, shared_data):
    """Birkenhead and Tranmere, March 2025: the Drugs rows of every force file of that month whose LSOA 2021
    lies in the ward by the ONS best-fit lookup (34 counted by hand with the csv module)."""
    pub = shared_data / "public"
    lsoas = {r["LSOA21CD"] for r in _rows(pub / "lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv")
             if r["WD24CD"] == BIRKENHEAD}
    raw = sum(1 for path in sorted((pub / "police/street_drugs").glob("2025-03-*.csv")) for r in _rows(path)
              if r["Crime type"] == "Drugs" and r["LSOA code"] in lsoas)
    assert raw == 34
    inputs = ward_map.load_inputs(workspace)
    wards = inputs.wards[inputs.wards["ward_code"] == BIRKENHEAD][["ward_code", "ward_name"]]
    counts, info = police_ward_counts(inputs.police, list(inputs.lookups.values()), wards, "Drugs",
                                      ("2025-03", "2025-03"))
    assert counts["count"].tolist() == [raw] and info["months"] == ["2025-03"]


@pytest.mark.parametrize("vintage,source,column", [
    ("IoD2019", "imd/imd2019_ward24_aggregated_DERIVED.csv", "imd_score_popweighted"),
    ("IoD2025", "imd/imd2025_ward24_aggregated_DERIVED.csv", "imd25_score_popweighted"),
])
def test_a_wards_deprivation_equals_the_source_row(workspace, shared_data, vintage, source, column):
    row = next(r for r in _rows(shared_data / "public" / source) if r["WD24CD"] == BIRKENHEAD)
    inputs = ward_map.load_inputs(workspace)
    wm = ward_map.build_ward_map(workspace, inputs, "E08000015", vintage=vintage)
    ward = wm.wards.set_index("ward_code").loc[BIRKENHEAD]
    assert wm.vintage == vintage and round(float(ward["imd_score"]), 3) == float(row[column])
    assert round(float(ward["share_pop_most_deprived_decile"]), 4) == float(row["share_pop_in_national_decile1"])


def test_the_demo_unmet_need_shows_the_real_alcohol_estimates(workspace, shared_data):
    source = {(r["Area_Code_GSS"], r["Year"]): r for r in
              _rows(shared_data / "public/fingertips/phe_estimates_alcohol_dependent_adults_utla_2010_2018.csv")}
    rows = un.partnership_unmet_need(workspace, "E08000015").set_index("substance")
    alcohol = rows.loc["alcohol"]
    published = source[("E08000015", alcohol["period"])]
    assert alcohol["prevalence"] == float(published["Alcohol_dependent"]) == 5033
    assert (alcohol["prevalence_lower"], alcohol["prevalence_upper"]) == (
        float(published["Alcohol_lower_CI"]), float(published["Alcohol_upper_CI"]))


def test_the_demo_partnerships_are_the_four_and_the_other_areas_comparators(workspace):
    assert set(workspace.partnerships()["code"]) == set(PARTNERSHIPS)
    assert {"E10000032", "E06000001"} <= set(workspace.areas()["code"])   # West Sussex, Hartlepool: comparators


def test_demo_build_from_a_folder_that_is_not_there_says_so(capsys, tmp_path):
    assert main(["demo", "build", "--from", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"{tmp_path / 'nowhere'} is not a folder: give a folder laid out like shared/data/public."
    assert not (tmp_path / "out").exists()
    (tmp_path / "half").mkdir()
    assert main(["demo", "build", "--from", str(tmp_path / "half"), "--out", str(tmp_path / "out")]) == 2
    assert "has no geography/wards_may2024_bsc_england.geojson" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_demo_footer_names_every_public_source(workspace):
    from cdp_data.core.attributions import LINES
    from cdp_data.present.licences import footer_lines
    from cdp_data.services.workspace import workspace_attributions

    footer = " ".join(footer_lines(workspace_attributions(workspace)))
    for source in ("MHCLG, English Indices of Deprivation 2019", "MHCLG, English Indices of Deprivation 2025",
                   "data.police.uk", "OHID Fingertips / National Drug Treatment Monitoring System (NDTMS)"):
        assert source in footer
    assert LINES["ons_boundaries"] in footer and footer.count("Source: Office for National Statistics") == 1


def test_the_demo_saves_each_partnerships_15_similar_areas_from_the_public_figures(workspace, shared_data):
    from cdp_data.services import indicators, similar_areas

    stored = similar_areas.stored_features(workspace)
    rebuilt = similar_areas.build_features(shared_data / "public")
    assert len(stored) == len(rebuilt) == 153   # every English county and unitary authority (E06/E08/E09/E10)
    for code in PARTNERSHIPS:
        group = indicators.peer_group(workspace, code, "15 similar areas (public data)")
        nearest = similar_areas.similar_areas(workspace, code, features=rebuilt)
        assert len(group) == 15 and code not in group
        assert set(group) == set(nearest.neighbours["area_code"])   # the table stored matches the official files
