"""Reading ward boundaries (cdp_data.sources.boundaries): any CRS, any vintage, zipped shapefile."""

import io
import json
import zipfile

import pytest

from cdp_data.core.errors import LoadError
from cdp_data.sources import boundaries


# ---- boundaries: any CRS, any vintage, zipped shapefile ----------------------
def _square_wards():
    import geopandas as gpd
    from shapely.geometry import box

    return gpd.GeoDataFrame({"WD23CD": ["E05000001", "E05000002"], "WD23NM": ["North", "South"],
                             "LAD23CD": ["E07000117", "E07000117"]},
                            geometry=[box(380000, 430000, 381000, 431000), box(380000, 429000, 381000, 430000)],
                            crs=27700)


def test_read_zipped_shapefile_in_british_national_grid(tmp_path):
    gdf = _square_wards()
    gdf.to_file(tmp_path / "wards.shp")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for f in tmp_path.glob("wards.*"):
            z.write(f, f"Wards_Dec_2023/{f.name}")
    out = boundaries.read_boundaries(buffer.getvalue(), "wards.zip")
    assert out.crs.to_epsg() == 4326
    assert list(out["ward_code"]) == ["E05000001", "E05000002"] and out.attrs["code_column"] == "WD23CD"
    # BNG (380000, 430000) is near Burnley: about 2.3 W, 53.76 N.
    minx, miny, _, _ = out.total_bounds
    assert -2.4 < minx < -2.2 and 53.7 < miny < 53.8


def test_geojson_without_crs_in_metres_is_treated_as_bng():
    gdf = _square_wards()
    data = json.loads(gdf.to_json())
    data.pop("crs", None)
    out = boundaries.read_boundaries(json.dumps(data).encode(), "bng.geojson")
    assert -2.4 < out.total_bounds[0] < -2.2


def test_boundaries_without_ward_codes_are_refused():
    with pytest.raises(LoadError, match="no ward code column"):
        boundaries.read_boundaries(b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"x":1},'
                            b'"geometry":{"type":"Point","coordinates":[0,0]}}]}', "points.geojson")
    with pytest.raises(LoadError, match="cannot be read"):
        boundaries.read_boundaries(b"not geojson", "junk.geojson")
