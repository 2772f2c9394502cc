"""When the benchmark has no value for the partnership's latest period (a partnership's own figure for 2023, the
national files up to 2020/21), the Outcomes page says what the benchmark has instead."""

import csv
import datetime as dt

import pandas as pd

from cdp_data.indicators.benchmarks import latest_elsewhere
from cdp_data.present.benchmarks import elsewhere_sentence
from cdp_data.services import benchmarks, indicators

WIRRAL = "E08000015"


def _frame(rows):
    return pd.DataFrame(rows, columns=["area_code", "area_name", "period", "period_end", "value"])


def test_each_benchmark_area_gives_its_latest_value_only_when_none_has_the_period():
    frame = _frame([("A", "Ayr", "2019/20", dt.date(2020, 3, 31), 10.0),
                    ("A", "Ayr", "2020/21", dt.date(2021, 3, 31), 12.0),
                    ("B", "Bute", "2019/20", dt.date(2020, 3, 31), 30.0),
                    ("B", "Bute", "2020/21", dt.date(2021, 3, 31), None),     # no value: the one before counts
                    ("C", "Coll", "2023", dt.date(2023, 12, 31), 50.0)])
    found = latest_elsewhere(frame, "2023", ["A", "B"])
    assert found[["area_code", "period", "value"]].values.tolist() == [["A", "2020/21", 12.0], ["B", "2019/20", 30.0]]
    assert latest_elsewhere(frame, "2023", ["A", "C"]).empty     # C has 2023: the comparison is made, no note
    assert latest_elsewhere(frame, "2023", ["D"]).empty          # nothing at all: another note says so


def test_the_sentences_name_the_values_and_their_periods():
    latest = _frame([("E92000001", "England", "2020/21", None, 52.10317309)])
    assert elsewhere_sentence("england", "England", "2023", latest, "%") == \
        "England has no value for 2023; its latest is 52.1% (2020/21)."
    peers = _frame([(f"E0600000{i}", f"Area {i}", "2020/21", None, 40.0 + i) for i in range(1, 8)])
    assert elsewhere_sentence("group", "the peer group “Near”", "2023", peers, "%", 15) == (
        "None of the 15 areas of the peer group “Near” has a value for 2023; 7 have one for another period: "
        "Area 1 41.0% (2020/21); Area 2 42.0% (2020/21); Area 3 43.0% (2020/21); Area 4 44.0% (2020/21); "
        "Area 5 45.0% (2020/21); and 2 more.")
    assert elsewhere_sentence("england", "England", "2023", peers.iloc[0:0], "%") is None


def _published(shared_data, code, period):
    with open(shared_data / "public/fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv",
              newline="", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["Area Code"] == code and r["Time period"] == period)
    return f"{float(row['Value']):.1f}%"


def test_wirral_against_england_and_its_similar_areas_on_ocu_unmet_need(workspace, shared_data):
    """The demo's real figures: Wirral's 2023 share from its strategy, the Fingertips file up to 2020/21."""
    england = indicators.outcome_trend(workspace, "93517", WIRRAL, benchmark=benchmarks.resolve(workspace, WIRRAL,
                                                                                                   "england"))
    assert f"England has no value for 2023; its latest is {_published(shared_data, 'E92000001', '2020/21')} " \
           "(2020/21)." in england.notes
    group = benchmarks.resolve(workspace, WIRRAL, "group:15 similar areas (public data)")
    peers = indicators.outcome_trend(workspace, "93517", WIRRAL, benchmark=group)
    assert "E06000004" in group.codes   # Stockton-on-Tees, the one similar area the sample file holds
    assert ("None of the 15 areas of the peer group “15 similar areas (public data)” has a value for 2023; 1 has one "
            f"for another period: Stockton-on-Tees {_published(shared_data, 'E06000004', '2020/21')} (2020/21).") \
        in peers.notes


def test_a_map_of_areas_opens_on_the_period_most_areas_have():
    from cdp_data.indicators.comparison import best_covered_first

    frame = _frame([("E92000001", "England", "2023", dt.date(2023, 12, 31), 50.0),
                    ("E08000015", "Wirral", "2023", dt.date(2023, 12, 31), 40.9),       # one area's own figure
                    ("E06000001", "Hartlepool", "2020/21", dt.date(2021, 3, 31), 45.4),
                    ("E06000002", "Middlesbrough", "2020/21", dt.date(2021, 3, 31), 41.7),
                    ("E12000002", "North West", "2020/21", dt.date(2021, 3, 31), 48.0),   # a region: not counted
                    ("E06000001", "Hartlepool", "2019/20", dt.date(2020, 3, 31), 48.8),
                    ("E06000002", "Middlesbrough", "2019/20", dt.date(2020, 3, 31), 41.1)])
    # 2020/21 and 2019/20 both hold two areas: the newer leads; the rest follow newest first.
    assert best_covered_first(frame) == ["2020/21", "2023", "2019/20"]
    assert best_covered_first(frame.iloc[0:0]) == []
