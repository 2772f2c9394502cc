"""The ward map's boundaries: drawn as thin fills about one screen pixel wide, not as deck.gl strokes."""

import json
import math

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import unary_union

from ui import charts_geo

LAT = 53.4  # Merseyside
SQUARES = [Polygon([(-3.10, LAT), (-3.00, LAT), (-3.00, LAT + 0.06), (-3.10, LAT + 0.06)]),
           Polygon([(-3.00, LAT), (-2.90, LAT), (-2.90, LAT + 0.06), (-3.00, LAT + 0.06)])]
BOUNDS = (-3.10, LAT, -2.90, LAT + 0.06)


def _band(line_width=1.0):
    rows = charts_geo.outline_rows(SQUARES, BOUNDS, line_width)
    return unary_union([Polygon(rings[0], rings[1:]) for rings in rows["polygon"]])


def _pixel_in_degrees_of_longitude():
    # Web Mercator: the world is 512 px wide at zoom 0, so one pixel is 360 / (512 * 2**zoom) degrees of longitude.
    return 360 / (512 * 2 ** charts_geo.fit_zoom(BOUNDS))


def test_outlines_cover_every_edge_once_and_leave_the_areas_open():
    band = _band()
    for point in [(-3.00, LAT + 0.03), (-3.10, LAT + 0.03), (-2.95, LAT), (-2.95, LAT + 0.06)]:
        assert band.distance(Point(point)) == 0
    assert not band.contains(Point(-3.05, LAT + 0.03))
    assert not band.contains(Point(-2.95, LAT + 0.03))


@pytest.mark.parametrize("line_width", [1.0, 0.5])
def test_outline_is_as_wide_as_asked_on_screen_across_and_along(line_width):
    band = _band(line_width)
    pixel_lon = _pixel_in_degrees_of_longitude()
    across_vertical_edge = band.intersection(LineString([(-3.02, LAT + 0.03), (-2.98, LAT + 0.03)])).length
    assert across_vertical_edge == pytest.approx(line_width * pixel_lon, rel=0.05)
    # a horizontal edge: on a Mercator map a degree of latitude is 1/cos(latitude) times longer on screen
    across_horizontal_edge = band.intersection(LineString([(-2.95, LAT - 0.02), (-2.95, LAT + 0.02)])).length
    assert across_horizontal_edge == pytest.approx(line_width * pixel_lon * math.cos(math.radians(LAT + 0.03)),
                                                   rel=0.05)


def test_choropleth_has_no_stroked_layer_and_draws_the_outlines_over_the_fills():
    rows = charts_geo.polygon_rows(
        gpd.GeoDataFrame({"ward_code": ["A", "B"], "tooltip": ["a", "b"], "fill": [[1, 2, 3], [4, 5, 6]]},
                         geometry=SQUARES),
        ["ward_code", "tooltip", "fill"])
    outlines = charts_geo.outline_rows(SQUARES, BOUNDS)
    spec = json.loads(charts_geo.choropleth(rows, BOUNDS, "{tooltip}", outlines).to_json())
    layers = spec["layers"]
    assert [layer["id"] for layer in layers] == ["wards", "boundaries"]
    assert all(layer.get("stroked") is False for layer in layers)
    assert layers[0]["pickable"] is True and layers[1]["pickable"] is False


def test_canvas_map_features_are_clockwise_with_hex_fills_and_tooltip_lines():
    """d3 (Vega) reads a counter-clockwise ring as the globe outside it: every ring is turned clockwise."""
    gdf = gpd.GeoDataFrame({"code": ["A", "B"], "tooltip": ["Ward A (E05000001)\nIMD score: 30.1\nCount: 12", "B"],
                            "fill": [[37, 52, 148], [150, 150, 150]]},
                           geometry=[SQUARES[0], SQUARES[1].reverse()], crs="EPSG:4326")
    features = charts_geo.map_features(charts_geo.polygon_rows(gdf, ["code", "tooltip", "fill"]))
    assert [f["properties"]["fill"] for f in features] == ["#253494", "#969696"]
    assert features[0]["properties"]["name"] == "Ward A (E05000001)"
    assert features[0]["properties"]["detail"] == "IMD score: 30.1; Count: 12"
    for feature in features:
        exterior = Polygon(feature["geometry"]["coordinates"][0])
        assert not exterior.exterior.is_ccw and math.isclose(exterior.area, SQUARES[0].area)
    holed = gpd.GeoDataFrame({"tooltip": ["With a hole"], "fill": [[1, 2, 3]]}, crs="EPSG:4326",
                             geometry=[SQUARES[0].difference(SQUARES[0].centroid.buffer(0.01))])
    rings = charts_geo.map_features(charts_geo.polygon_rows(holed, ["tooltip", "fill"]))[0]["geometry"]["coordinates"]
    assert len(rings) == 2 and not Polygon(rings[0]).exterior.is_ccw and Polygon(rings[1]).exterior.is_ccw
    spec = charts_geo.canvas_choropleth(features).to_dict(validate=False)
    assert charts_geo.canvas_spec(features) == spec   # the spec the pages draw, built without Altair's walk
    assert json.dumps(charts_geo.canvas_spec(features, 360)) == json.dumps(
        charts_geo.canvas_choropleth(features, 360).to_dict(validate=False))
    assert spec["mark"]["type"] == "geoshape" and spec["projection"] == {"type": "mercator"}
    assert spec["encoding"]["color"]["scale"] is None  # the colours are the ones computed, not a Vega scale
    assert "mapbox" not in json.dumps(spec) and "tile" not in json.dumps(spec)  # nothing fetched
