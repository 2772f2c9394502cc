"""The ward map's one door (cdp_data.ward_map) on the demo and on a small real workspace."""

import pandas as pd
import pytest

from cdp_data.services import ward_map
from cdp_data.services.loading import load_file


def test_demo_map_is_synthetic_and_complete(workspace):
    inputs = ward_map.load_inputs(workspace)
    wm = ward_map.build_ward_map(workspace, inputs, "E08000015")
    assert wm.is_synthetic and wm.vintage == "synthetic"
    assert len(wm.wards) == 16 and wm.wards["ward_code"].str.startswith("E05SYN").all()
    assert {"imd_score", "rate", "bivariate", "compared_with_area"} <= set(wm.wards.columns)
    assert workspace.datasets("boundaries")["is_synthetic"].all()


def test_suppressed_counts_never_reach_table_or_tooltips(workspace):
    inputs = ward_map.load_inputs(workspace)
    wm = ward_map.build_ward_map(workspace, inputs, "E08000015", harm_measure="drug_poisoning_admissions")
    table = ward_map.display_table(wm)
    raw = inputs.demo_figures.set_index("ward_code")["drug_poisoning_admissions"]
    small = [c for c in table["Ward code"] if raw[c] < 5]
    assert small, "the demo should have some wards under 5 to exercise suppression"
    shown = table.set_index("Ward code")
    for code in small:
        assert pd.isna(shown.loc[code, "Count"]) and pd.isna(shown.loc[code, f"Rate per {wm.multiplier:,}"])
        assert shown.loc[code, "Note"] == "Suppressed (under 5)"
    assert shown["Count"].dropna().min() >= 5
    tips = ward_map.tooltips(wm)
    for code, tip in zip(wm.wards["ward_code"], tips):
        if code in small:
            assert "suppressed (fewer than 5)" in tip and f": {raw[code]} (" not in tip


def test_no_boundaries_for_area_returns_none(empty_workspace):
    inputs = ward_map.load_inputs(empty_workspace)
    assert ward_map.build_ward_map(empty_workspace, inputs, "E08000014") is None


def test_real_sefton_map_with_police_rates(empty_workspace, shared_data):
    import geopandas as gpd

    pub = shared_data / "public"
    ws = empty_workspace
    england = gpd.read_file(pub / "geography/wards_may2024_bsc_england.geojson")
    load_file(ws, "sefton.geojson", england[england["LAD24CD"] == "E08000014"].to_json().encode())
    for path in [pub / "lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv",
                 pub / "imd/imd2025_lsoa21_england.csv",
                 pub / "population/census2021_usual_residents_lsoa21.csv",
                 pub / "police/street_drugs/2025-01-merseyside-street_DRUGS.csv",
                 pub / "police/street_drugs/2025-02-merseyside-street_DRUGS.csv"]:
        load_file(ws, path.name, path.read_bytes())
    inputs = ward_map.load_inputs(ws)
    wm = ward_map.build_ward_map(ws, inputs, "E08000014")
    assert not wm.is_synthetic and wm.vintage == "IoD2025" and len(wm.wards) == 22
    assert wm.harm_measure == ward_map.POLICE_MEASURE and wm.harm_period == "Jan 2025 to Feb 2025"
    assert ward_map.POLICE_CAVEAT in wm.notes
    assert any("Ordnance Survey" in a or "OS data" in a for a in wm.attributions)
    t = wm.wards.set_index("ward_code")
    ok = t["rate"].notna()
    assert ok.sum() > 10
    # Rate = count / Census 2021 usual residents (summed to wards) x 1,000.
    assert (t.loc[ok, "rate"] - t.loc[ok, "harm_count"] / t.loc[ok, "population"] * 1000).abs().max() < 1e-9
    assert set(t["compared_with_area"]) <= {"Better", "Similar", "Worse", "Not compared"}


def test_area_rate_is_rounded_so_suppressed_wards_cannot_be_recovered():
    # Halton-sized area: 128,000 residents, rate per 1,000. Shown to 2 dp, the implied area count is
    # known to +/- 0.64, so a suppressed ward's count could be worked out by subtraction.
    area = {"population": 128_000, "multiplier": 1_000}
    assert ward_map.area_rate_decimals(area, any_suppressed=False) == 2
    decimals = ward_map.area_rate_decimals(area, any_suppressed=True)
    assert 0.5 * 10 ** -decimals * 128_000 / 1_000 >= 5  # at least +/- 5 in the implied count
    # By hand: 2 dp -> 0.005 x 128 = 0.64 (too precise); 1 dp -> 0.05 x 128 = 6.4 (enough).
    assert decimals == 1


def test_harm_template_lsoa_rows_are_summed_to_wards(empty_workspace, shared_data):
    import geopandas as gpd

    pub = shared_data / "public"
    ws = empty_workspace
    england = gpd.read_file(pub / "geography/wards_may2024_bsc_england.geojson")
    load_file(ws, "halton.geojson", england[england["LAD24CD"] == "E06000006"].to_json().encode())
    lookup_path = pub / "lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv"
    load_file(ws, lookup_path.name, lookup_path.read_bytes())
    population = pub / "population/population_ward24_DERIVED.csv"
    load_file(ws, population.name, population.read_bytes())
    lookup = pd.read_csv(lookup_path)
    halton = lookup[lookup["LAD24CD"] == "E06000006"].sort_values("LSOA21CD")
    ward = halton["WD24CD"].iloc[0]
    lsoas = halton.loc[halton["WD24CD"] == ward, "LSOA21CD"].tolist()
    assert len(lsoas) >= 2
    rows = ["Geography code,Measure,Period,Count"]
    rows += [f"{code},naloxone_supplied,2024/25,4" for code in lsoas]          # each under 5, summed above 5
    other = halton.loc[halton["WD24CD"] != ward, "WD24CD"].iloc[0]
    rows += [f"{other},naloxone_supplied,2024/25,*"]                            # published suppressed
    load_file(ws, "harm.csv", ("\n".join(rows) + "\n").encode())
    wm = ward_map.build_ward_map(ws, ward_map.load_inputs(ws), "E06000006", harm_measure="naloxone_supplied")
    t = wm.wards.set_index("ward_code")
    assert wm.harm_period == "2024/25" and len(t) == 18
    assert t.loc[ward, "harm_count"] == 4 * len(lsoas) and not t.loc[ward, "harm_suppressed"]
    pop = pd.read_csv(population).set_index("WD24CD").loc[ward, "usual_residents_census2021"]
    assert t.loc[ward, "rate"] == pytest.approx(4 * len(lsoas) / pop * 1000)
    assert pd.isna(t.loc[other, "rate"]) and t.loc[other, "compared_with_area"] == "Not compared"


# ---- the page's texts and tables, worked out in the domain -----------------------------------------
def _wm(**kwargs) -> ward_map.WardMap:
    wards = pd.DataFrame({"ward_code": ["E05000001", "E05000002", "E05000003"],
                          "ward_name": ["Alpha", "Beta", "Gamma"], "imd_score": [10.0, 40.0, 25.0],
                          "rate": [2.0, 9.0, 5.0], "geometry": [None, None, None]})
    base = {"wards": wards, "is_synthetic": False, "vintage": "IoD2019", "harm_measure": "drug_offences",
            "harm_label": "Drug offences", "harm_period": "Apr 2024 to Mar 2025"}
    return ward_map.WardMap(**{**base, **kwargs})


def test_area_rate_texts_rounded_as_area_rate_decimals_says():
    area = {"rate": 12.3456, "lower_ci95": 11.6951, "upper_ci95": 13.0249, "population": 128_000, "multiplier": 1_000}
    assert ward_map.area_rate_texts(area, any_suppressed=False) == ("12.35", "11.70", "13.02")
    # suppressed ward: 1 dp (by hand in test_area_rate_is_rounded_so_suppressed_wards_cannot_be_recovered)
    assert ward_map.area_rate_texts(area, any_suppressed=True) == ("12.3", "11.7", "13.0")


def test_source_text_and_has_harm():
    assert ward_map.has_harm(_wm()) and not ward_map.has_harm(_wm(harm_measure=None))
    assert ward_map.source_text(_wm()) == "IoD2019; ONS ward boundaries; Drug offences, Apr 2024 to Mar 2025"
    assert ward_map.source_text(_wm(harm_measure=None, vintage=None)) == (
        "no deprivation index loaded; ONS ward boundaries; no harm data loaded")
    assert ward_map.source_text(_wm(is_synthetic=True)) == "synthetic demo data"


def test_not_located_text_has_thousands_separators():
    text = ward_map.not_located_text({"Merseyside": 1234, "Lancashire": 7})
    assert text == ("Not located (no map position, so in no ward): Merseyside: 1,234 offences; Lancashire: 7 "
                    "offences in the loaded police files (whole force, not only this area).")


def test_selected_ward_turns_the_row_on_its_side():
    shown = pd.DataFrame({"Ward": ["Alpha", "Beta"], "Ward code": ["E05000001", "E05000002"], "Count": [12, 30]})
    row = ward_map.selected_ward(shown, "E05000002")
    assert row.to_dict("records") == [{"Figure": "Ward", "Value": "Beta"},
                                      {"Figure": "Ward code", "Value": "E05000002"},
                                      {"Figure": "Count", "Value": "30"}]


def test_correlation_text():
    corr = {"r": 0.5, "lower": 0.156, "upper": 0.736, "n": 28}  # Fisher z by hand, see geo.pearson_with_ci
    assert ward_map.correlation_text(corr, "IoD2019") == (
        "Pearson correlation r = 0.50 (95% CI 0.16 to 0.74, Fisher z) over 28 wards with figures; suppressed "
        "wards left out. Source: IoD2019.")
    assert ward_map.correlation_text({"r": float("nan"), "lower": 0, "upper": 0, "n": 3}, "x") == (
        "Too few wards with figures to estimate a correlation.")


def test_top_wards_table_puts_the_ward_high_on_both_first():
    wm = _wm()
    shown = pd.DataFrame({"Ward": ["Alpha", "Beta", "Gamma"], "Ward code": ["E05000001", "E05000002", "E05000003"]})
    top = ward_map.top_wards_table(wm, shown)
    # Beta is the most deprived (40) and has the highest rate (9): first; Alpha is lowest on both: last
    assert top["Ward"].tolist() == ["Beta", "Gamma", "Alpha"]
    assert top.columns.tolist() == ["Ward code", "Ward"]


def test_attribution_lines_add_ons_boundaries_except_for_synthetic_data():
    from cdp_data.core.attributions import LINES
    assert ward_map.attribution_lines(_wm(attributions=["IoD line"])) == ["IoD line", LINES["ons_boundaries"]]
    assert ward_map.attribution_lines(_wm(is_synthetic=True)) == []
