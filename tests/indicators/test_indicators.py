"""The indicators domain: what the Outcomes and Compare pages pick, series rows, England's value."""

import pandas as pd

from cdp_data.indicators import choices
from cdp_data.indicators import comparison
from cdp_data.indicators import trend as outcome
from cdp_data.present import indicators as text


# ---- what the Outcomes and Compare pages pick, worked out in the domain -----------------------------
def _choices():
    return pd.DataFrame({"indicator_id": ["93517", "90244", "continuity_of_care"],
                         "outcome": ["Treatment", "Recovery", "Treatment"],
                         "label": ["Unmet need: OCU", "Successful completions", "Continuity of care"],
                         "local_areas": [150, 0, 12]})


def test_indicator_labels_and_outcome_default():
    assert text.indicator_labels(_choices())["93517"] == "Treatment › Unmet need: OCU"
    ids = _choices()["indicator_id"].tolist()
    assert choices.default_outcome_indicator(ids, {"continuity_of_care"}) == "continuity_of_care"
    assert choices.default_outcome_indicator(ids, set()) == "93517"


def test_compare_default_prefers_the_partnerships_indicators_then_most_areas():
    comparable = choices.comparable_choices(_choices())
    assert comparable["indicator_id"].tolist() == ["93517", "continuity_of_care"]  # 90244 has no local area
    assert choices.default_compare_indicator(comparable, {"continuity_of_care"}) == "continuity_of_care"
    assert choices.default_compare_indicator(comparable, set()) == "93517"


def _trend(series, label="Increasing"):
    from cdp_data import statistics as stats
    return outcome.OutcomeTrend(indicator_id="93517", info={}, breakdown=None, breakdowns=[], series=series,
                                   partnership_points=2, trend=stats.Trend(label), spc=pd.DataFrame())


def test_partnership_rows_latest_value_and_published_trend_note():
    series = pd.DataFrame({"line": ["England", "Partnership", "Partnership", "Partnership"],
                           "period": ["2022/23", "2021/22", "2022/23", "2023/24"], "value": [47.0, 40.0, 41.0, None],
                           "recent_trend": [None, None, "No significant change", None]})
    trend = _trend(series)
    assert outcome.partnership_rows(trend)["period"].tolist() == ["2021/22", "2022/23", "2023/24"]
    assert outcome.latest_value(outcome.partnership_rows(trend))["period"].tolist() == ["2022/23"]
    assert text.published_trend_note(trend) == "Fingertips published recent trend: No significant change."
    assert text.published_trend_note(_trend(series, "No significant change")) is None


def test_special_cause_points():
    assert outcome.special_cause_points(pd.DataFrame({"special_cause": [True, False, True]})) == 2


def test_england_value_sentence_and_counts():
    frame = pd.DataFrame({"england_value": [None, 47.04, 47.04],
                          "compared_to_england": ["Worse", "Worse", None]})
    assert comparison.england_value(frame) == 47.04
    assert text.england_sentence(47.04, "%") == "England: 47.0%."
    assert text.england_sentence(None, "%") == "No England value is loaded for this period."
    assert comparison.england_value(frame.assign(england_value=None)) is None
    assert text.comparison_counts_text(frame) == "Worse: 2 · Not compared: 1"


def test_peer_group_candidates_leave_out_england_and_regions():
    areas = pd.DataFrame({"code": ["E92000001", "E12000002", "E08000015", "E10000017"],
                          "name": ["England", "North West", "Wirral", "Lancashire"]})
    assert choices.peer_group_candidates(areas) == {"E08000015": "Wirral", "E10000017": "Lancashire"}
