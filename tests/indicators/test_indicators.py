"""The indicators domain: trend, comparison, profile and formatting on the real extract and the demo."""

import pandas as pd
import pytest

from cdp_data.services import indicators
from cdp_data.services.loading import load_file

EXPORT = "public/fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv"


@pytest.fixture
def loaded(workspace, shared_data):
    load_file(workspace, "export.csv", (shared_data / EXPORT).read_bytes())
    return workspace


def test_outcome_trend_for_a_partnership_with_england_line(loaded):
    trend = indicators.outcome_trend(loaded, "93517", "E06000002")
    assert trend.breakdown == ("Persons", "15-64 yrs", "", "")
    own = trend.series[trend.series["line"] == "Partnership"]
    assert own["period"].tolist() == ["2019/20", "2020/21"]
    assert own["compared_to_england"].tolist() == ["Better", "Better"]  # both published Better
    assert set(trend.series["line"]) == {"Partnership", "England"}
    assert trend.trend.label == "Cannot be calculated" and any("Only 2 values" in n for n in trend.notes)


def test_demo_trend_without_england_is_not_compared(workspace):
    trend = indicators.outcome_trend(workspace, "adults_in_treatment", "E10000017")
    assert trend.partnership_points == 2
    assert set(trend.series["compared_to_england"]) == {"Not compared"}
    assert any("No England values" in n for n in trend.notes)


def test_compare_areas_filters_and_ranks(loaded):
    frame = indicators.compare_areas(loaded, "93517", "2020/21", "E06000002")
    assert frame["area_code"].tolist()[0] == "E06000003"  # Redcar and Cleveland 46.4%, the highest
    assert int(frame.loc[frame["is_partnership"], "rank"].iloc[0]) == 4
    only_peers = indicators.compare_areas(loaded, "93517", "2020/21", "E06000002", peers=["E06000001"])
    assert set(only_peers["area_code"]) == {"E06000001", "E06000002"}
    counties = indicators.compare_areas(loaded, "93517", "2019/20", "E06000002", area_type="County")
    assert set(counties["area_type"]) == {"County", "UA"}  # counties plus the partnership itself


def test_area_profile_puts_better_on_the_right(loaded):
    profile = indicators.area_profile(loaded, "E06000002")
    row = profile.set_index("indicator_id").loc["93517"]
    assert row["period"] == "2020/21" and row["compared_to_england"] == "Better"
    assert row["lowest"] == pytest.approx(41.7377242) and row["areas"] == 4
    # lower is better: the partnership's low value is drawn at the best (right) end
    assert row["value_pos"] == pytest.approx(row["best_pos"]) and row["value_pos"] > 0.5


def test_formatting_helpers():
    assert indicators.format_value(41.07615406, "%") == "41.1%"
    assert indicators.format_value(6119, "count") == "6,119"
    assert indicators.format_value(12.34, "per 100000") == "12.3 per 100,000"
    assert indicators.format_value(None, "%") == "–"
    assert indicators.uk_date(pd.Timestamp("2025-03-31")) == "31 Mar 2025"
    assert [indicators.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd"]


# ---- what the Outcomes and Compare pages pick, worked out in the domain -----------------------------
def _choices():
    return pd.DataFrame({"indicator_id": ["93517", "90244", "continuity_of_care"],
                         "outcome": ["Treatment", "Recovery", "Treatment"],
                         "label": ["Unmet need: OCU", "Successful completions", "Continuity of care"],
                         "local_areas": [150, 0, 12]})


def test_indicator_labels_and_outcome_default():
    assert indicators.indicator_labels(_choices())["93517"] == "Treatment › Unmet need: OCU"
    ids = _choices()["indicator_id"].tolist()
    assert indicators.default_outcome_indicator(ids, {"continuity_of_care"}) == "continuity_of_care"
    assert indicators.default_outcome_indicator(ids, set()) == "93517"


def test_compare_default_prefers_the_partnerships_indicators_then_most_areas():
    comparable = indicators.comparable_choices(_choices())
    assert comparable["indicator_id"].tolist() == ["93517", "continuity_of_care"]  # 90244 has no local area
    assert indicators.default_compare_indicator(comparable, {"continuity_of_care"}) == "continuity_of_care"
    assert indicators.default_compare_indicator(comparable, set()) == "93517"


def _trend(series, label="Increasing"):
    from cdp_data import statistics as stats
    return indicators.OutcomeTrend(indicator_id="93517", info={}, breakdown=None, breakdowns=[], series=series,
                                   partnership_points=2, trend=stats.Trend(label), spc=pd.DataFrame())


def test_partnership_rows_latest_value_and_published_trend_note():
    series = pd.DataFrame({"line": ["England", "Partnership", "Partnership", "Partnership"],
                           "period": ["2022/23", "2021/22", "2022/23", "2023/24"], "value": [47.0, 40.0, 41.0, None],
                           "recent_trend": [None, None, "No significant change", None]})
    trend = _trend(series)
    assert indicators.partnership_rows(trend)["period"].tolist() == ["2021/22", "2022/23", "2023/24"]
    assert indicators.latest_value(indicators.partnership_rows(trend))["period"].tolist() == ["2022/23"]
    assert indicators.published_trend_note(trend) == "Fingertips published recent trend: No significant change."
    assert indicators.published_trend_note(_trend(series, "No significant change")) is None


def test_special_cause_points():
    assert indicators.special_cause_points(pd.DataFrame({"special_cause": [True, False, True]})) == 2


def test_england_value_sentence_and_counts():
    frame = pd.DataFrame({"england_value": [None, 47.04, 47.04],
                          "compared_to_england": ["Worse", "Worse", None]})
    assert indicators.england_value(frame) == 47.04
    assert indicators.england_sentence(47.04, "%") == "England: 47.0%."
    assert indicators.england_sentence(None, "%") == "No England value is loaded for this period."
    assert indicators.england_value(frame.assign(england_value=None)) is None
    assert indicators.comparison_counts_text(frame) == "Worse: 2 · Not compared: 1"


def test_peer_group_candidates_leave_out_england_and_regions():
    areas = pd.DataFrame({"code": ["E92000001", "E12000002", "E08000015", "E10000017"],
                          "name": ["England", "North West", "Wirral", "Lancashire"]})
    assert indicators.peer_group_candidates(areas) == {"E08000015": "Wirral", "E10000017": "Lancashire"}


def test_profile_table_names_columns_and_rounds_to_one_place():
    profile = pd.DataFrame({"indicator": ["Unmet need"], "period": ["2019/20"], "value": [40.87],
                            "england_value": [47.04], "compared_to_england": ["Better"], "areas": [150],
                            "lowest": [20.04], "q25": [38.26], "q75": [52.51], "highest": [70.95], "extra": [1]})
    table = indicators.profile_table(profile)
    assert table.columns.tolist() == ["Indicator", "Period", "Value", "England", "Compared with England", "Areas",
                                      "Lowest", "25th percentile", "75th percentile", "Highest"]
    assert (table["Value"].iloc[0], table["England"].iloc[0], table["75th percentile"].iloc[0]) \
        == (40.9, 47.0, 52.5)
