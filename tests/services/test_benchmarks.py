"""Benchmarks through the services against hand-worked values (tests/services/bench_data.py): quintiles
with a tie, by polarity, fewer than 5 areas; the region's value picked for each area; the breakdown
fallback sentence; the heatmap's cells; the downloads' columns and names; which areas are partnerships."""

from __future__ import annotations

import pandas as pd
import pytest

from cdp_data.core.errors import PermissionDenied
from cdp_data.core.identity import User
from cdp_data.present import benchmarks as words
from cdp_data.present import indicators as text
from cdp_data.services import benchmarks, catalogue, heatmap, indicators, partnerships
from cdp_data.services.loading import load_file
from cdp_data.store import members
from tests.services import bench_data
from tests.services.bench_data import WIRRAL
from tests.services.read_once import built_once

EXPORT = "public/fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv"
DEMO_PARTNERSHIPS = {"E06000006", "E10000017", "E08000014", "E08000015"}


def _bench(ws):
    bench_data.load(ws)
    return ws


# ``bench``: on SQLite one workspace per module for the tests that only read it (tests/services/read_once.py)
_shared_bench, bench = built_once("bench", _bench)


@pytest.fixture
def fresh_bench(workspace):
    """The same, of its own, for a test that writes (a polarity, a peer group)."""
    return _bench(workspace)


def _labels(frame: pd.DataFrame) -> dict:
    return dict(zip(frame["area_code"], frame["benchmark_label"]))


def test_quintiles_against_england_rank_all_eight_areas_with_the_tie_broken_by_code(bench):
    frame = indicators.compare_areas(bench, "90999", "2022/23", WIRRAL, benchmark=benchmarks.resolve(bench, WIRRAL,
                                                                                                    "england"))
    # 8 values ascending 10 (E06000006), 20 (E06000007), 20 (E06000008), 30, 40, 50, 60, 70: NTILE(5) of 8 rows
    # gives fifths 1, 1, 2, 2, 3, 3, 4, 5; higher is better, so fifth 1 is Worst and fifth 5 Best.
    assert _labels(frame) == {"E06000006": "Worst", "E06000007": "Worst", "E06000008": "Worse",
                              "E06000009": "Worse", WIRRAL: "Middle", "E08000014": "Middle",
                              "E06000049": "Better", "E06000001": "Best"}
    assert set(frame["method"]) == {"quintiles"} and set(frame["benchmark_value"]) == {35.0}


def test_quintile_labels_turn_round_when_lower_is_better_and_read_lowest_to_highest_without_a_judgement(fresh_bench):
    benchmark = benchmarks.resolve(fresh_bench, WIRRAL, "england")
    catalogue.set_polarity(fresh_bench, "90999", "low_is_good")
    low = _labels(indicators.compare_areas(fresh_bench, "90999", "2022/23", WIRRAL, benchmark=benchmark))
    assert (low["E06000006"], low["E06000008"], low[WIRRAL], low["E06000001"]) == ("Best", "Better", "Middle", "Worst")
    catalogue.set_polarity(fresh_bench, "90999", "no_judgement")
    plain = _labels(indicators.compare_areas(fresh_bench, "90999", "2022/23", WIRRAL, benchmark=benchmark))
    assert (plain["E06000006"], plain["E06000008"], plain[WIRRAL], plain["E06000001"]) == \
        ("Lowest", "Low", "Middle", "Highest")


def test_region_benchmark_picks_each_areas_own_region_and_ranks_within_it(bench):
    region = benchmarks.resolve(bench, WIRRAL, "region")
    assert (region.kind, region.name, region.code, region.label) == ("region", "North West", "E12000002",
                                                                     "the North West")
    frame = indicators.compare_areas(bench, "90999", "2022/23", WIRRAL, benchmark=region).set_index("area_code")
    assert frame.loc[WIRRAL, "benchmark_value"] == 33.0 and frame.loc["E06000001", "benchmark_value"] == 44.0
    # seven North West areas: 10, 20, 20, 30, 40, 50, 60 -> fifths 1, 1, 2, 2, 3, 4, 5
    assert frame.loc[WIRRAL, "benchmark_label"] == "Middle" and frame.loc["E06000049", "benchmark_label"] == "Best"
    assert frame.loc["E06000001", "benchmark_label"] == "Not compared"   # alone in the North East: fewer than 5


def test_region_benchmark_with_intervals_uses_the_regions_value_not_englands(bench):
    england = indicators.outcome_trend(bench, "90998", WIRRAL, benchmark=benchmarks.resolve(bench, WIRRAL, "england"))
    region = indicators.outcome_trend(bench, "90998", WIRRAL, benchmark=benchmarks.resolve(bench, WIRRAL, "region"))
    mine = [indicators.partnership_rows(t).set_index("period").loc["2022/23"] for t in (england, region)]
    # Wirral 40 (39 to 41): England 42 and the North West 47 are both above the interval -> Worse
    assert (mine[0]["benchmark_value"], mine[0]["benchmark_label"]) == (42.0, "Worse")
    assert (mine[1]["benchmark_value"], mine[1]["benchmark_label"]) == (47.0, "Worse")
    assert region.method == "95% CI" and region.benchmark_phrase == "the North West"
    assert words.method_caption(region.benchmark_phrase, region.method) == \
        "Compared with the North West by 95% confidence intervals."


def test_a_peer_group_of_fewer_than_five_with_values_is_not_compared_and_of_five_is_ranked(fresh_bench):
    group = benchmarks.resolve(fresh_bench, WIRRAL, "group:Four near")
    assert group.kind == "group" and set(group.codes) == {"E06000006", "E06000007", "E06000009", "E08000014"}
    frame = indicators.compare_areas(fresh_bench, "90999", "2022/23", WIRRAL, benchmark=group)
    # the group and Wirral: 10, 20, 30, 40 (Wirral), 50 -> fifths 1 to 5: Wirral 4 = Better
    assert set(frame["area_code"]) == {"E06000006", "E06000007", "E06000009", WIRRAL, "E08000014"}
    assert _labels(frame)[WIRRAL] == "Better"
    indicators.save_peer_group(fresh_bench, WIRRAL, "Three", ["E06000006", "E06000007", "E06000009"])
    three = indicators.compare_areas(fresh_bench, "90999", "2022/23", WIRRAL,
                                     benchmark=benchmarks.resolve(fresh_bench, WIRRAL, "group:Three"))
    assert set(three["benchmark_label"]) == {"Not compared"}   # four areas with Wirral


def test_benchmark_options_list_england_the_region_and_every_saved_group(bench):
    assert benchmarks.benchmark_options(bench, WIRRAL) == {
        "england": "England", "region": "North West (region)", "group:Four near": "Peer group: Four near",
        "group:15 similar areas (public data)": "Peer group: 15 similar areas (public data)"}   # the demo's preset
    assert benchmarks.resolve(bench, WIRRAL, "group:No such group") == benchmarks.ENGLAND_ONLY


def test_englands_value_under_another_age_is_used_and_said_in_one_sentence(workspace, shared_data):
    load_file(workspace, "export.csv", (shared_data / EXPORT).read_bytes())
    trend = indicators.outcome_trend(workspace, "93517", WIRRAL)   # Wirral's demo figure: Persons, no age
    assert trend.breakdown == ("Persons", "", "", "")
    assert set(trend.series["line"]) == {"Partnership", "England"}
    assert trend.series.loc[trend.series["line"] == "England", "value"].round(2).tolist() == [52.15, 52.1]
    assert "England's values are for Persons, 15-64 yrs, the nearest to the partnership's Persons (none are " \
           "loaded for Persons)." in trend.notes
    assert not any("No England values" in n for n in trend.notes)
    # each value credited to its own source
    caption = text.sources_caption(trend.series, trend.info)
    assert caption.startswith("Sources: England: OHID Fingertips (file export.csv); Wirral: Wirral Drugs Strategy")


def test_no_fallback_across_sexes(workspace):
    rows = [bench_data._row("90997", "By sex", "E12000002", WIRRAL, "Wirral", "UA", "2022/23", 12),
            bench_data._row("90997", "By sex", "", "E92000001", "England", "England", "2022/23", 9, sex="Male")]
    load_file(workspace, "sexes.csv", bench_data.as_csv(rows))
    trend = indicators.outcome_trend(workspace, "90997", WIRRAL)
    assert set(trend.series["line"]) == {"Partnership"}
    assert any("No England values are loaded" in n for n in trend.notes)


def test_heatmap_cells_carry_value_symbol_arrow_and_the_benchmark(bench):
    cells = heatmap.heatmap(bench, WIRRAL, benchmarks.resolve(bench, WIRRAL, "region"))
    row = cells[cells["indicator_id"] == "90999"].set_index("area_code")
    # columns: Wirral first, then the North West's other areas by code, the North West (the benchmark), England
    assert row.index.tolist() == [WIRRAL, "E06000006", "E06000007", "E06000008", "E06000009", "E06000049",
                                  "E08000014", "E12000002", "E92000001"]
    assert row.loc[WIRRAL, "cell_text"] == "40 ●" and row.loc[WIRRAL, "benchmark_label"] == "Middle"
    assert row.loc["E06000049", "cell_text"] == "60 ▲▲" and row.loc["E06000006", "cell_text"] == "10 ▼▼"
    assert row.loc["E12000002", "role"] == "benchmark" and row.loc["E12000002", "cell_text"] == "33"
    trended = cells[(cells["indicator_id"] == "90998") & (cells["area_code"] == WIRRAL)].iloc[0]
    # 20, 25, 30, 35, 40 each +/- 1: significantly increasing, and higher is better
    assert trended["recent_trend"] == "Increasing and getting better"
    assert trended["cell_text"] == "40 ▼ ↑"   # Worse than the North West's 47, and rising
    table = words.heatmap_table(cells)
    assert table.columns[:3].tolist() == ["Indicator (period)", "Wirral", "Halton"]
    assert "Hartlepool" not in table.columns   # the North East is not Wirral's region


def test_heatmap_download_columns(bench):
    cells = heatmap.heatmap(bench, WIRRAL, benchmarks.resolve(bench, WIRRAL, "england"))
    frame = words.heatmap_download(cells)
    assert {"Area code", "Area type", "Period", "Benchmark", "Benchmark value", "Comparison method",
            "Compared with benchmark", "Recent trend"} <= set(frame.columns)
    wirral = frame[(frame["Indicator ID"] == "90999") & (frame["Area code"] == WIRRAL)].iloc[0]
    assert (wirral["Benchmark"], wirral["Benchmark value"], wirral["Comparison method"],
            wirral["Compared with benchmark"], wirral["Area type"]) == ("England", "35", "quintiles", "Middle", "UA")


def test_compare_download_columns_counts_and_file_name(bench):
    benchmark = benchmarks.resolve(bench, WIRRAL, "region")
    frame = indicators.compare_areas(bench, "90999", "2022/23", WIRRAL, benchmark=benchmark)
    frame.loc[frame["area_code"] == WIRRAL, "count"] = 835.667
    table = text.comparison_table_for_display(frame, None).set_index("Area code")
    assert (table.loc[WIRRAL, "Benchmark"], table.loc[WIRRAL, "Benchmark value"],
            table.loc[WIRRAL, "Comparison method"], table.loc[WIRRAL, "Compared with benchmark"],
            table.loc[WIRRAL, "Period"], table.loc[WIRRAL, "Area type"]) == \
        ("North West", "33", "quintiles", "Middle", "2022/23", "UA")
    assert table.loc[WIRRAL, "Count"] == "835.7" and table.loc["E06000006", "Count"] == "–"   # not "None"
    assert words.download_stem("Wirral", "93517", "2022/23", "vs", "North West") == \
        "cdp-wirral-93517-2022-23-vs-north-west"


def test_a_fingertips_load_makes_no_area_a_partnership(workspace, shared_data):
    assert set(workspace.partnerships()["code"]) == DEMO_PARTNERSHIPS
    workspace.upsert_areas([{"code": "E06000001", "name": "Hartlepool", "is_partnership": True}])  # an old load
    load_file(workspace, "export.csv", (shared_data / EXPORT).read_bytes())
    assert set(workspace.partnerships()["code"]) == DEMO_PARTNERSHIPS | {"E06000001"}   # kept, none added
    areas = workspace.areas().set_index("code")
    assert not areas.loc["E06000002", "is_partnership"] and areas.loc["E06000002", "name"] == "Middlesbrough"
    assert "E06000002" in partnerships.candidates(workspace)


def test_an_admin_declares_and_removes_a_partnership(workspace, shared_data):
    load_file(workspace, "export.csv", (shared_data / EXPORT).read_bytes())
    assert partnerships.declare_partnership(workspace, "E06000002") == "Middlesbrough (E06000002) is now a partnership."
    assert "E06000002" in set(partnerships.list_partnerships(workspace)["code"])
    assert partnerships.remove_partnership(workspace, "E06000002").endswith("is now a comparator only, not a "
                                                                             "partnership.")
    with pytest.raises(partnerships.PartnershipError, match="E99999999 is not an area recorded"):
        partnerships.declare_partnership(workspace, "E99999999")
    with pytest.raises(partnerships.PartnershipError, match="England or a region"):
        partnerships.declare_partnership(workspace, "E92000001")
    with pytest.raises(partnerships.PartnershipError, match="has members or a delivery plan"):
        partnerships.remove_partnership(workspace, "E10000017")   # Lancashire holds the demo plan
    assert set(workspace.partnerships()["code"]) == DEMO_PARTNERSHIPS


@pytest.mark.parametrize("role", ["viewer", "admin"])
def test_only_a_global_administrator_declares_partnerships(workspace, role):
    with workspace.begin() as conn:
        members.put(conn, "someone@example.org", WIRRAL, role, added_by="test")
    ws = workspace.acting_as(User(email="someone@example.org", name="someone"))
    with pytest.raises(PermissionDenied, match="someone@example.org"):
        partnerships.declare_partnership(ws, "E06000001")
    with pytest.raises(PermissionDenied, match="someone@example.org"):
        partnerships.remove_partnership(ws, WIRRAL)
    assert set(workspace.partnerships()["code"]) == DEMO_PARTNERSHIPS


def test_a_count_is_never_compared_with_a_benchmark(workspace, shared_data):
    path = shared_data / "public" / "fingertips" / "phe_estimates_alcohol_dependent_adults_utla_2010_2018.csv"
    load_file(workspace, path.name, path.read_bytes())
    cells = heatmap.heatmap(workspace, WIRRAL, benchmarks.resolve(workspace, WIRRAL, "england"))
    wirral = cells[(cells["indicator_id"] == "alcohol_dependency_prevalence") & (cells["area_code"] == WIRRAL)].iloc[0]
    # 5,033 (Wirral) against 586,780 (England) is a difference of size, not of need
    assert (wirral["value_text"], wirral["method"], wirral["benchmark_label"], wirral["cell_text"]) == \
        ("5,033", "count", "Not compared", "5,033 ✚")
    assert words.method_caption("England", "count").startswith("Not compared with England: a count depends")
