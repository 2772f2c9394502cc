"""The ward map's service (cdp_data.services.ward_map) on the demo and on a small real workspace."""

import pandas as pd
import pytest

from cdp_data.present import geography as words
from cdp_data.services import ward_map
from cdp_data.services.loading import load_file


def test_demo_map_is_real_and_complete(workspace):
    inputs = ward_map.load_inputs(workspace)
    wm = ward_map.build_ward_map(workspace, inputs, "E08000015")
    assert not wm.is_synthetic and wm.vintage == "IoD2025"
    assert len(wm.wards) == 22 and wm.wards["ward_code"].str.fullmatch(r"E05\d{6}").all()  # Wirral's May 2024 wards
    assert {"imd_score", "rate", "bivariate", "compared_with_area"} <= set(wm.wards.columns)
    assert not workspace.datasets("boundaries")["is_synthetic"].any()


def test_suppressed_counts_never_reach_table_or_tooltips(workspace):
    inputs = ward_map.load_inputs(workspace)
    wm = ward_map.build_ward_map(workspace, inputs, "E08000015")   # police drug offences, latest quarter
    table = words.display_table(wm)
    raw = wm.harm_counts.set_index("ward_code")["count"]
    small = [c for c in table["Ward code"] if 0 < raw[c] < 5]
    assert small, "the demo should have some wards with 1 to 4 offences to exercise suppression"
    shown = table.set_index("Ward code")
    for code in small:
        assert pd.isna(shown.loc[code, "Count"]) and pd.isna(shown.loc[code, f"Rate per {wm.multiplier:,}"])
        assert shown.loc[code, "Note"] == "Suppressed (under 5)"
    assert shown["Count"].dropna().min() >= 5 or shown["Count"].dropna().min() == 0
    tips = words.tooltips(wm)
    for code, tip in zip(wm.wards["ward_code"], tips):
        if code in small:
            assert "suppressed (fewer than 5)" in tip and f": {int(raw[code])} (" not in tip


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
                 pub / "police/street_drugs/2025-02-merseyside-street_DRUGS.csv",
                 pub / "police/street_drugs/2025-03-merseyside-street_DRUGS.csv",
                 pub / "police/street_drugs/2025-04-merseyside-street_DRUGS.csv"]:
        load_file(ws, path.name, path.read_bytes())
    inputs = ward_map.load_inputs(ws)
    wm = ward_map.build_ward_map(ws, inputs, "E08000014")
    assert not wm.is_synthetic and wm.vintage == "IoD2025" and len(wm.wards) == 22
    # Jan to Apr held: police counts for the one whole quarter, Jan to Mar (April is in no offered window).
    assert ward_map.police_windows(inputs) == {"2025-Q1": "Jan to Mar 2025 (2025 Q1)"}
    assert wm.harm_measure == ward_map.POLICE_MEASURE and wm.harm_period == "Jan to Mar 2025 (2025 Q1)"
    assert wm.harm_window == "2025-Q1" and wm.harm_months == ["2025-01", "2025-02", "2025-03"]
    assert ward_map.build_ward_map(ws, inputs, "E08000014", window="2025-Q2").harm_window == "2025-Q1"
    assert words.POLICE_CAVEAT in words.note_texts(wm)
    assert any("Ordnance Survey" in a or "OS data" in a for a in wm.attributions)
    t = wm.wards.set_index("ward_code")
    ok = t["rate"].notna()
    assert ok.sum() > 10
    # Rate = count / Census 2021 usual residents (summed to wards) x 1,000.
    assert (t.loc[ok, "rate"] - t.loc[ok, "harm_count"] / t.loc[ok, "population"] * 1000).abs().max() < 1e-9
    assert set(t["compared_with_area"]) <= {"Better", "Similar", "Worse", "Not compared"}


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
