"""The map of areas on a small hand-made case: six square "counties", England's value and each area's 95%
interval chosen so the comparisons can be worked out by hand, and the colours they are drawn in."""

import json

import pytest

from cdp_data.present import area_map as words
from cdp_data.services import area_map, catalogue, indicators
from cdp_data.services.loading import load_file
from ui import charts_areas

HEADER = ("Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,"
          "Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,"
          "Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,Compared to England value or percentiles,"
          "Column not used,Time period Sortable,New data,Compared to goal,Time period range\n")
# code, name, value, lower, upper, count: England 50 (lower is better)
ROWS = [("E92000001", "England", 50, 49, 51, 50000), ("E10000001", "Low county", 40, 35, 45, 400),
        ("E10000002", "Like England", 48, 44, 52, 480), ("E10000003", "High county", 60, 55, 65, 3),
        ("E10000004", "No interval", 30, "", "", 300), ("E06000001", "Small UA", 52, 45, 59, 520)]
AREAS = ["E10000001", "E10000002", "E10000003", "E10000004", "E06000001", "E06000002"]   # E06000002: no value


def _export() -> bytes:
    lines = []
    for code, name, value, lower, upper, count in ROWS:
        kind = "England" if code.startswith("E92") else ("UA" if code.startswith("E06") else "County")
        lines.append(f"99001,Made-up proportion (%),E92000001,England,{code},{name},{kind},Persons,All ages,,,"
                     f"2023/24,{value},{lower},{upper},,,{count},1000,,,,,20230000,,,1y")
    return (HEADER + "\n".join(lines) + "\n").encode()


def _counties() -> bytes:
    features = [{"type": "Feature", "properties": {"CTYUA23CD": code, "CTYUA23NM": f"Area {i}"},
                 "geometry": {"type": "Polygon", "coordinates": [[[-3 + i, 52], [-2.5 + i, 52], [-2.5 + i, 52.5],
                                                                  [-3 + i, 52.5], [-3 + i, 52]]]}}
                for i, code in enumerate(AREAS)]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


@pytest.fixture
def ws(empty_workspace):
    load_file(empty_workspace, "made_up.csv", _export())
    load_file(empty_workspace, "counties.geojson", _counties())
    catalogue.set_polarity(empty_workspace, "99001", "low_is_good")
    return empty_workspace


def _by_code(am):
    return {r["area_code"]: r for r in am.areas.drop(columns="geometry").to_dict("records")}


def test_areas_compared_with_england_by_their_95_percent_intervals_and_coloured(ws):
    am = area_map.build_area_map(ws, "ctyua", "99001", "2023/24", "england", None, "E10000001")
    rows = _by_code(am)
    labels = {code: words.shown_label(r) for code, r in rows.items()}
    # By hand: England 50 lies above 35-45 (better, lower is good), inside 44-52 and 45-59 (similar), below 55-65
    # (worse); no interval: not compared; no row at all: no value.
    assert labels == {"E10000001": "Better", "E10000002": "Similar", "E10000003": "Worse",
                      "E10000004": "Not compared", "E06000001": "Similar", "E06000002": "No value"}
    colours = dict(zip(labels, charts_areas.fills(list(labels.values()), words.map_method(am.areas))))
    assert colours == {"E10000001": "#00703C", "E10000002": "#FFDD00", "E10000003": "#D4351C",
                       "E10000004": "#FFFFFF", "E06000001": "#FFDD00", "E06000002": "#B1B4B6"}
    assert rows["E10000001"]["benchmark_value"] == 50 and rows["E10000001"]["benchmark_name"] == "England"
    assert rows["E10000001"]["is_partnership"] and not rows["E10000002"]["is_partnership"]
    # A count under 5 (High county's 3) is never shown: the table has no count for it, its value stays.
    table = words.table(am).set_index("Area code")
    assert table.loc["E10000003", "Value"] == 60 and str(table.loc["E10000003", "Count"]) == "<NA>"
    assert table.loc["E10000001", "Count"] == 400 and table.index[0] == "E10000001"   # the partnership first
    assert table.loc["E06000002", "Comparison"] == "No value"
    tips = dict(zip(am.areas["area_code"], words.tooltips(am)))
    assert tips["E10000001"] == "Area 0\n40 (2023/24)\nBetter than England (95% CI)"   # no unit catalogued
    assert tips["E06000002"] == "Area 5\nno value"
    legend = words.legend_entries(am)
    assert [(label, n) for label, _w, n in legend] == [("Better", 1), ("Similar", 2), ("Worse", 1),
                                                       ("Not compared", 1), ("No value", 1)]
    html = charts_areas.legend_html(legend, words.map_method(am.areas))
    assert "Better than England (95% CI): 1 area<" in html and "Similar to England (95% CI): 2 areas" in html


def test_a_peer_group_is_compared_by_quintiles_best_to_worst(ws):
    group = ["E10000001", "E10000002", "E10000003", "E10000004", "E06000001"]
    indicators.save_peer_group(ws, "E10000001", "Five", group)
    am = area_map.build_area_map(ws, "ctyua", "99001", "2023/24", "group", group, "E10000001")
    labels = {code: words.shown_label(r) for code, r in _by_code(am).items()}
    # By hand: values 30, 40, 48, 52, 60, lower is good: fifths from best to worst.
    assert labels == {"E10000004": "Best", "E10000001": "Better", "E10000002": "Middle", "E06000001": "Worse",
                      "E10000003": "Worst", "E06000002": "No value"}
    colours = dict(zip(labels, charts_areas.fills(list(labels.values()), "quintiles")))
    assert colours["E10000004"] == "#00703C" and colours["E10000003"] == "#D4351C"
    assert colours["E06000001"] == "#F47738" and colours["E06000002"] == "#B1B4B6"
    assert words.legend_entries(am)[0][1] == "Best fifth (quintiles within the peer group of 5 areas)"


def test_without_a_polarity_quintiles_run_lowest_to_highest_in_blues():
    labels = ["Lowest", "Low", "Middle", "High", "Highest", "No value"]
    assert charts_areas.fills(labels, "quintiles") == ["#D2E2F1", "#9CC0E3", "#5694CA", "#1D70B8", "#003078",
                                                       "#B1B4B6"]
