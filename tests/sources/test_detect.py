"""Each file's kind is recognised from its content, never its name."""

import io
import zipfile

import pytest

from cdp_data.core.errors import LoadError, UnrecognisedFile
from cdp_data.services.loading import iter_files
from cdp_data.sources.base import OLE_MAGIC
from cdp_data.sources.detect import detect

REAL_FILES = {
    "public/fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv": "fingertips_export",
    "public/fingertips/phe_estimates_alcohol_dependent_adults_utla_2010_2018.csv": "alcohol_dependency_estimates",
    "public/ndtms/ndtms_viewit_england_numbers_in_treatment_by_substance_2009_2022.csv": "ndtms_england",
    "public/ndtms/ndtms_viewit_la_export_Barnet_only_2009_2022.csv": "ndtms_la",
    "public/imd/imd2019_lsoa11_england.csv": "imd2019_lsoa11",
    "public/imd/IoD2019_File1_IMD_ranks_deciles_lsoa11.csv": "imd2019_lsoa11",
    "public/imd/IoD2019_File2_domain_ranks_deciles_lsoa11.csv": "imd2019_lsoa11",
    "public/imd/IoD2019_File6_population_denominators_lsoa11.csv": "imd2019_lsoa11",
    "public/imd/imd2025_lsoa21_england.csv": "imd2025_lsoa21",
    "public/lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv": "lookup",
    "public/lookups/lookup_ward24_lad24_ctyua24_rgn24_ONS.csv": "lookup",
    "public/lookups/lookup_lad23_utla23_ONS.csv": "lookup",
    "public/population/census2021_usual_residents_lsoa21.csv": "population",
    "public/population/ons_mid2020_population_lsoa11.csv": "population",
    "public/police/street/2025-09-merseyside-street.csv": "police_street",
    "public/geography/lad_may2024_bsc_england.geojson": "area_boundaries",
    "public/geography/ctyua_dec2023_bsc_england.geojson": "area_boundaries",
    "public/geography/wards_may2024_bsc_england.geojson": "boundaries",
    "public/geography/lsoa11_bsc_northwest_with_imd2019.geojson": "boundaries",
    "plans/tracker_flat.xlsx": "plan_workbook",
    "plans/ldp_merged_cells.xlsx": "plan_workbook",
}


@pytest.mark.parametrize("relative,kind", REAL_FILES.items())
def test_real_files_are_recognised(shared_data, relative, kind):
    path = shared_data / relative
    assert detect("renamed.bin", path.read_bytes()).kind == kind


def test_the_name_does_not_matter(shared_data):
    content = (shared_data / "public/fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv").read_bytes()
    assert detect("delivery_plan.xlsx", content).kind == "fingertips_export"


def test_the_apps_own_template_is_recognised_as_csv_and_excel():
    from cdp_data.services import templates

    assert detect("x.csv", templates.indicator_template_csv()).kind == "indicator_template"
    assert detect("x.xlsx", templates.indicator_template_xlsx()).kind == "indicator_template"


def test_a_shapefile_zip_is_boundaries():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("wards.shp", b"\x00" * 10)
        z.writestr("wards.dbf", b"\x00" * 10)
    assert detect("w.zip", buffer.getvalue()).kind == "boundaries"


@pytest.mark.parametrize("content,message", [
    (b"", "is empty"),
    (b"\n\n", "no header row"),
    (OLE_MAGIC + b"\x00" * 100, "save it as .xlsx"),
    (b"PK\x03\x04truncated", "damaged or incomplete"),
    (b'{"type": "Topology"}', "not a GeoJSON FeatureCollection"),
    (b"{not json", "cannot be read"),
    (b"name,colour\nfoo,blue\n", "not a kind of file the app knows"),
])
def test_unreadable_files_get_one_plain_line(content, message):
    with pytest.raises(LoadError, match=message) as info:
        detect("upload.dat", content)
    assert "\n" not in str(info.value)


def test_unknown_columns_are_listed_in_the_message():
    with pytest.raises(UnrecognisedFile, match="columns found: colour, name"):
        detect("x.csv", b"name,colour\nfoo,blue\n")


def test_folders_are_walked_for_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.csv").write_text("x")
    (tmp_path / "two.csv").write_text("y")
    (tmp_path / ".hidden").write_text("z")
    assert [p.name for p in iter_files([tmp_path])] == ["one.csv", "two.csv"]


def test_a_tracker_loads_its_actions_and_its_indicators_sheet(workspace, shared_data):
    from cdp_data import store
    from cdp_data.services.loading import load_file

    content = (shared_data / "plans/tracker_flat.xlsx").read_bytes()
    report = load_file(workspace, "tracker_flat.xlsx", content, partnership_code="E08000014")
    assert report.kind == "plan_workbook" and report.rows == 16
    assert "Indicators sheet" in report.summary
    baselines = workspace.table(store.baselines)
    assert (baselines["partnership_code"] == "E08000014").sum() == 3


def test_a_workbook_with_only_an_indicators_sheet_loads_targets(workspace):
    import io

    from openpyxl import Workbook

    from cdp_data import store
    from cdp_data.services.loading import load_file

    wb = Workbook()
    sheet = wb.active
    sheet.title = "Indicators"
    sheet.append(["Indicator", "Baseline", "Target", "Latest", "Frequency"])
    sheet.append(["Young people in treatment", 74, 90, None, "Quarterly"])
    buffer = io.BytesIO()
    wb.save(buffer)
    report = load_file(workspace, "indicators_only.xlsx", buffer.getvalue(), partnership_code="E08000014")
    assert "plan" not in report.kind
    targets = workspace.table(store.targets)
    sefton = targets[(targets.partnership_code == "E08000014") & (targets.indicator_id == "young_people_in_treatment")]
    assert sefton["value"].tolist() == [90.0]


@pytest.mark.parametrize("name", ["imd2019_ward24_aggregated_DERIVED.csv", "imd2025_ward24_aggregated_DERIVED.csv"])
def test_ward_level_summaries_are_refused_with_what_to_load_instead(workspace, shared_data, name):
    from cdp_data.services.loading import load_file

    content = (shared_data / "public/imd" / name).read_bytes()
    assert detect(name, content).kind == "ward_aggregate"
    with pytest.raises(LoadError, match="load the LSOA-level Indices of Deprivation table"):
        load_file(workspace, name, content)
