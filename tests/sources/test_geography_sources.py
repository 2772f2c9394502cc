"""Loaders for the ward map's kinds, through content detection (cdp_data.sources.detect.load_file)."""

import json

import pandas as pd
import pytest

from cdp_data.core.errors import LoadError
from cdp_data.services.loading import load_file
from cdp_data.services import geography_loading
from cdp_data.sources.detect import detect


def _head(path, n=400) -> bytes:
    with open(path, "rb") as f:
        return b"".join(next(f) for _ in range(n + 1))


def test_iod2019_official_files_are_detected_and_merged(empty_workspace, pub):
    ws = empty_workspace
    f1 = pub / "imd/IoD2019_File1_IMD_ranks_deciles_lsoa11.csv"
    f6 = pub / "imd/IoD2019_File6_population_denominators_lsoa11.csv"
    assert detect(f1.name, _head(f1)).kind == "imd2019_lsoa11"
    assert detect(f6.name, _head(f6)).kind == "imd2019_lsoa11"
    r1 = load_file(ws, f1.name, _head(f1))
    assert r1.warnings and "No IMD scores" in r1.warnings[0]
    load_file(ws, f6.name, _head(f6))
    stored = ws.get_dataset(ws.latest_dataset_id("imd2019_lsoa11"))
    assert len(stored) == 400 and len(ws.datasets("imd2019_lsoa11")) == 1
    # E01000001 City of London 001A: rank 29199, decile 9 (File 1), population 1296 (File 6).
    row = stored.set_index("lsoa_code").loc["E01000001"]
    assert (row["imd_rank"], row["imd_decile"], row["population"]) == (29199, 9, 1296)
    assert "MHCLG, English Indices of Deprivation 2019" in ws.datasets("imd2019_lsoa11")["attribution"].iloc[0]


def test_iod2025_combined_table(empty_workspace, pub):
    path = pub / "imd/imd2025_lsoa21_england.csv"
    report = load_file(empty_workspace, path.name, _head(path, 50))
    assert report.kind == "imd2025_lsoa21" and report.details["vintage"] == "IoD2025"
    stored = empty_workspace.get_dataset(empty_workspace.latest_dataset_id("imd2025_lsoa21"))
    assert stored.set_index("lsoa_code").loc["E01000001", "imd_score"] == pytest.approx(8.742)


def test_boundaries_lookups_and_population(empty_workspace, pub):
    ws = empty_workspace
    import geopandas as gpd

    england = gpd.read_file(pub / "geography/wards_may2024_bsc_england.geojson")
    sefton = england[england["LAD24CD"] == "E08000014"].to_crs(27700)  # any CRS is accepted
    report = load_file(ws, "sefton.geojson", sefton.to_json().encode())
    assert report.kind == "boundaries" and report.rows == 22 and report.details["code_column"] == "WD24CD"
    stored = json.loads(ws.get_dataset(ws.latest_dataset_id("boundaries")))
    lon, lat = stored["features"][0]["geometry"]["coordinates"][0][0][:2] if \
        stored["features"][0]["geometry"]["type"] == "Polygon" else \
        stored["features"][0]["geometry"]["coordinates"][0][0][0][:2]
    assert -3.2 < lon < -2.8 and 53.4 < lat < 53.7  # back in WGS84, on Sefton
    lk = pub / "lookups/lookup_ward24_lad24_ctyua24_rgn24_ONS.csv"
    assert load_file(ws, lk.name, _head(lk, 100)).label.startswith("Ward → LAD")
    lk21 = pub / "lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv"
    assert "LSOA 2021" in load_file(ws, lk21.name, _head(lk21, 100)).label
    pop = pub / "population/census2021_usual_residents_lsoa21.csv"
    report = load_file(ws, pop.name, _head(pop, 100))
    assert report.kind == "population" and "Census 2021" in report.summary
    assert set(ws.datasets()["kind"]) >= {"boundaries", "lookup", "population"}


def test_police_file_is_counted_not_stored_and_unlocated_rows_kept(empty_workspace, pub):
    ws = empty_workspace
    path = pub / "police/street_drugs/2022-01-lancashire-street_DRUGS.csv"
    content = path.read_bytes()
    report = load_file(ws, path.name, content)
    raw = pd.read_csv(path)
    assert report.kind == "police_street" and report.rows == len(raw) == 183
    counts = ws.get_dataset(ws.latest_dataset_id("police_counts"))
    assert counts["count"].sum() == 183
    no_location = int(raw["LSOA code"].isna().sum())
    assert no_location > 0 and report.details["not_located"] == no_location
    assert counts.loc[counts["lsoa_code"] == "", "count"].sum() == no_location
    assert "Crime ID" not in counts.columns  # the file itself is not kept
    load_file(ws, path.name, content)  # the same force-month again replaces, not doubles
    assert ws.get_dataset(ws.latest_dataset_id("police_counts"))["count"].sum() == 183


def test_harm_template_round_trip_and_errors(empty_workspace):
    content = geography_loading.harm_template_csv()
    assert detect("harm.csv", content).kind == "harm_template"
    report = load_file(empty_workspace, "harm.csv", content)
    stored = empty_workspace.get_dataset(empty_workspace.latest_dataset_id("harm_counts"))
    assert report.rows == 3 and set(stored["geography_level"]) == {"ward", "lsoa"}
    bad = b"Geography code,Measure,Period,Count\nE05000001,naloxone_supplied,2024/25,lots\n"
    with pytest.raises(LoadError, match="not a number"):
        load_file(empty_workspace, "bad.csv", bad)
    marked = b"Geography code,Measure,Period,Count\nE05000001,naloxone_supplied,2024/25,*\n"
    load_file(empty_workspace, "marked.csv", marked)
    stored = empty_workspace.get_dataset(empty_workspace.latest_dataset_id("harm_counts"))
    row = stored[stored["measure"] == "naloxone_supplied"].iloc[0]
    assert pd.isna(row["count"]) and row["published_suppressed"]  # suppressed is missing, never zero


def test_lsoa_boundary_layer_is_kept_apart_from_wards(empty_workspace, pub):
    import geopandas as gpd

    lsoa = gpd.read_file(pub / "geography/lsoa11_bsc_northwest_with_imd2019.geojson").head(30)
    report = load_file(empty_workspace, "lsoa.geojson", lsoa.to_json().encode())
    assert report.label == "LSOA boundaries" and report.details["vintage"] == "lsoa11"
