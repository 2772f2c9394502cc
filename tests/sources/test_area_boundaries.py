"""Boundaries of counties and unitary authorities, and of districts (cdp_data.sources.area_boundaries):
recognised, read, stored and refused with one sentence, under the same limits as ward boundaries."""

import io
import json
import zipfile
from collections import Counter

import pytest

from cdp_data.core.errors import LoadError
from cdp_data.core.kinds import Kind
from cdp_data.services import area_map
from cdp_data.services.loading import load_file
from cdp_data.sources import area_boundaries
from cdp_data.sources.detect import detect

CTYUA = "public/geography/ctyua_dec2023_bsc_england.geojson"
LAD = "public/geography/lad_may2024_bsc_england.geojson"


def _prefix_counts(path, code_column):
    """How many features of each code type (E06, E07 ...) the file holds, by a plain JSON read."""
    features = json.loads(path.read_bytes())["features"]
    return len(features), Counter(f["properties"][code_column][:3] for f in features)


@pytest.mark.parametrize("relative,code_column,level,types", [
    (CTYUA, "CTYUA23CD", "ctyua", {"E06", "E08", "E09", "E10"}),
    (LAD, "LAD24CD", "lad", {"E06", "E07", "E08", "E09"}),
])
def test_real_area_files_are_recognised_and_read_whole(shared_data, relative, code_column, level, types):
    path = shared_data / relative
    total, by_type = _prefix_counts(path, code_column)
    assert set(by_type) == types     # counties (E10) only on the upper-tier map, shire districts (E07) only here
    content = path.read_bytes()
    assert detect("renamed.bin", content).kind == Kind.AREA_BOUNDARIES
    areas = area_boundaries.read_areas(content, path.name)
    assert len(areas) == total and areas["area_code"].is_unique
    assert Counter(c[:3] for c in areas["area_code"]) == by_type
    assert areas.crs.to_epsg() == 4326 and areas.attrs["level"] == level
    assert set(areas.geometry.geom_type) <= {"Polygon", "MultiPolygon"} and areas.geometry.is_valid.all()
    names = dict(zip(areas["area_code"], areas["area_name"]))
    assert names["E08000015"] == "Wirral" and names["E06000001"] == "Hartlepool"
    # England lies within 6.5 W to 1.8 E and 49.8 N to 55.9 N.
    minx, miny, maxx, maxy = areas.total_bounds
    assert -6.5 < minx < -5.5 and 1.6 < maxx < 1.8 and 49.8 < miny < 50.0 and 55.7 < maxy < 55.9


def test_both_real_files_load_into_the_workspace_as_two_levels(empty_workspace, shared_data):
    ws = empty_workspace
    for relative, code_column, rows in ((CTYUA, "CTYUA23CD", 153), (LAD, "LAD24CD", 296)):
        path = shared_data / relative
        total, _by_type = _prefix_counts(path, code_column)
        assert total == rows    # the ONS files: 153 upper-tier areas (Dec 2023), 296 districts (May 2024)
        report = load_file(ws, path.name, path.read_bytes())
        assert report.kind == Kind.AREA_BOUNDARIES and report.rows == total
        assert f"{total:,} areas ({code_column})" in report.summary
    held = ws.datasets(Kind.AREA_BOUNDARIES)
    assert sorted(held["vintage"]) == ["ctyua2023", "lad2024"] and sorted(held["rows"]) == [153, 296]
    assert area_map.area_levels(ws) == {"ctyua": "Counties and unitary authorities",
                                        "lad": "Districts (local authority districts)"}
    stored = area_map.area_boundaries(ws, "ctyua", tolerance_m=None)
    assert len(stored) == 153 and stored.attrs["code_column"] == "CTYUA23CD"
    shown = area_map.area_boundaries(ws, "lad")   # simplified for the browser: every district still a polygon
    assert len(shown) == 296 and set(shown.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    # Loading the same file again replaces it (one dataset per level and vintage).
    load_file(ws, "again.geojson", (shared_data / CTYUA).read_bytes())
    assert len(ws.datasets(Kind.AREA_BOUNDARIES)) == 2


def _zipped_counties(tmp_path):
    import geopandas as gpd
    from shapely.geometry import box

    gdf = gpd.GeoDataFrame({"CTYUA23CD": ["E10000017", "E08000015"], "CTYUA23NM": ["Lancashire", "Wirral"]},
                           geometry=[box(350000, 410000, 380000, 470000), box(320000, 380000, 335000, 392000)],
                           crs=27700)
    gdf.to_file(tmp_path / "counties.shp")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for f in tmp_path.glob("counties.*"):
            z.write(f, f"CTYUA_DEC_2023/{f.name}")
    return buffer.getvalue()


def test_a_zipped_shapefile_of_counties_is_recognised_from_its_fields_and_reprojected(tmp_path):
    content = _zipped_counties(tmp_path)
    assert area_boundaries.dbf_fields(content)[:2] == ["CTYUA23CD", "CTYUA23NM"]
    assert detect("c.zip", content).kind == Kind.AREA_BOUNDARIES
    areas = area_boundaries.read_areas(content, "c.zip")
    assert list(areas["area_name"]) == ["Lancashire", "Wirral"]
    # BNG (350000, 410000) is near Bolton: about 2.75 W, 53.58 N.
    minx, miny, _, _ = areas.total_bounds
    assert -3.3 < minx < -3.0 and 53.3 < miny < 53.5


def test_a_ward_file_naming_its_district_is_still_a_ward_file():
    ward = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
        "WD24CD": "E05000001", "LAD24CD": "E08000015"}, "geometry": None}]}
    assert detect("w.geojson", json.dumps(ward).encode()).kind == Kind.BOUNDARIES


def _collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def _area(code="E10000017", name="Lancashire", column="CTYUA23", geometry=None, **extra):
    geometry = geometry or {"type": "Polygon", "coordinates": [[[-3, 53.8], [-2.5, 53.8], [-2.5, 54], [-3, 53.8]]]}
    return {"type": "Feature", "properties": {f"{column}CD": code, f"{column}NM": name, **extra},
            "geometry": geometry}


REFUSED = [
    ("codes.geojson", _collection(_area(code="=HYPERLINK(\"x\")")),
     r"^codes\.geojson has 1 county or unitary authority code\(s\) that are not GSS codes \(feature 1: "),
    ("districts.geojson", _collection(_area(code="Lancaster", column="LAD24")),
     r"^districts\.geojson has 1 district code\(s\) that are not GSS codes"),
    ("twice.geojson", _collection(_area(), _area(name="Lancs again")),
     r"^twice\.geojson has 1 feature\(s\) whose area code is already used by another feature \(E10000017\); "
     r"an area boundary file has one feature per area\.$"),
    ("point.geojson", _collection(_area(geometry={"type": "Point", "coordinates": [-3, 54]})),
     r"^point\.geojson has 1 feature\(s\) without a usable polygon \(feature 1\); boundaries must be polygons\.$"),
    ("empty_geometry.geojson", _collection(_area(), _area(code="E08000015", geometry={"type": "Polygon",
                                                                                     "coordinates": []})),
     r"has 1 feature\(s\) without a usable polygon \(feature 2\)"),
    ("nested.geojson", b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"CTYUA23CD":'
     + b"[" * 200 + b"]" * 200 + b'},"geometry":null}]}', r"nested 204 levels deep"),
    ("broken.geojson", b'{"type": "FeatureCollection", "features": [{"properties": {"CTYUA23CD": "E1',
     r"^broken\.geojson cannot be read as boundaries"),
]


@pytest.mark.parametrize("name,content,message", REFUSED, ids=[r[0] for r in REFUSED])
def test_broken_area_files_are_refused_with_one_sentence_and_nothing_stored(empty_workspace, name, content,
                                                                           message):
    before = empty_workspace.summary()
    with pytest.raises(LoadError, match=message):
        load_file(empty_workspace, name, content)
    assert empty_workspace.summary() == before


def test_an_area_file_without_an_area_code_is_refused_by_the_reader():
    content = _collection({"type": "Feature", "properties": {"name": "x"},
                           "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}})
    with pytest.raises(LoadError, match=r"^x\.geojson has no area code column \(CTYUAyyCD for counties and "
                                        r"unitary authorities or LADyyCD for districts, e\.g\. CTYUA23CD\); "
                                        r"found: name, geometry\.$"):
        area_boundaries.read_areas(content, "x.geojson")


def test_area_files_have_the_feature_and_vertex_limits_of_ward_files(empty_workspace, shared_data, monkeypatch):
    content = (shared_data / CTYUA).read_bytes()
    monkeypatch.setenv("CDP_MAX_FEATURES", "100")
    with pytest.raises(LoadError, match=r"153 features, more than the 100 allowed.*CDP_MAX_FEATURES"):
        load_file(empty_workspace, "ctyua.geojson", content)
    monkeypatch.setenv("CDP_MAX_FEATURES", "100000")
    monkeypatch.setenv("CDP_MAX_VERTICES", "10000")
    with pytest.raises(LoadError, match=r"vertices, more than the 10,000 allowed.*CDP_MAX_VERTICES"):
        load_file(empty_workspace, "ctyua.geojson", content)
    assert empty_workspace.datasets(Kind.AREA_BOUNDARIES).empty
