"""The spine chart's rows: which indicators are drawn, and where, against hand-worked percentiles."""

import pandas as pd
import pytest

from cdp_data.indicators.profile import area_type_group, is_count, profile_row, spine_positions

ENGLAND = "E92000001"


def _frame(values: dict, england: float, area_type="UA") -> pd.DataFrame:
    rows = [{"area_code": code, "value": v, "area_type": area_type} for code, v in values.items()]
    rows.append({"area_code": ENGLAND, "value": england, "area_type": "England"})
    frame = pd.DataFrame(rows)
    return frame.assign(period="2024", sex="Persons", age="All ages", category_type="", category="",
                        lower_ci95=float("nan"), upper_ci95=float("nan"), count=float("nan"),
                        denominator=float("nan"))


# Six areas: 10, 20, 30, 40, 60, 100; England 35; the partnership (B) 20.
# Percentiles as FingertipsNext computes them (stored procedure GetIndicatorQuartileDataForLatestYear): NTILE(4)
# over the values in ascending order gives groups of 2, 2, 1, 1 rows: {10, 20}, {30, 40}, {60}, {100};
# the 25th percentile is the largest of the first group, 20, and the 75th the largest of the third, 60.
# Half-width around England: max(100 - 35, 35 - 10) = 65, so a value x sits at 0.5 + (x - 35) / 130:
# lowest 10 -> 0.307692, q25 20 -> 0.384615, B 20 -> 0.384615, q75 60 -> 0.692308, highest 100 -> 1.0
SIX = {"A": 10, "B": 20, "C": 30, "D": 40, "E": 60, "F": 100}


def _profile(polarity: str) -> pd.Series:
    row = profile_row(_frame(SIX, 35), "B", polarity)
    return spine_positions(pd.DataFrame([{**row, "polarity": polarity}])).iloc[0]


def test_percentiles_and_positions_when_high_is_good():
    row = _profile("high_is_good")
    assert (row["lowest"], row["q25"], row["q75"], row["highest"]) == pytest.approx((10, 20, 60, 100))
    assert row["areas"] == 6 and row["england_value"] == 35
    assert row["england_pos"] == 0.5 and (row["worst"], row["best"]) == (10, 100)
    assert row["value_pos"] == pytest.approx(0.384615, abs=1e-6)
    assert (row["worst_pos"], row["left_q_pos"], row["right_q_pos"], row["best_pos"]) == pytest.approx(
        (0.307692, 0.384615, 0.692308, 1.0), abs=1e-6)


def test_low_is_good_mirrors_the_chart_so_best_is_on_the_right():
    row = _profile("low_is_good")
    # 1 - each position: lowest 10 (the best) at 0.692308, highest 100 (the worst) at 0.0, q75 60 at 0.307692
    # and q25 20 at 0.615385
    assert row["value_pos"] == pytest.approx(0.615385, abs=1e-6)
    assert (row["worst"], row["best"]) == (100, 10)
    assert (row["worst_pos"], row["left_q_pos"], row["right_q_pos"], row["best_pos"]) == pytest.approx(
        (0.0, 0.307692, 0.615385, 0.692308), abs=1e-6)


def test_only_areas_of_the_partnership_s_type_are_ranked():
    frame = _frame(SIX, 35)
    frame.loc[frame["area_code"] == "F", "area_type"] = "District"   # 100 is a district: left out
    frame.loc[frame["area_code"] == "A", "area_type"] = "County"     # counties and UAs rank together
    row = profile_row(frame, "B", "high_is_good")
    # five areas 10, 20, 30, 40, 60: NTILE(4) groups {10, 20}, {30}, {40}, {60}: q25 20, q75 40
    assert row["areas"] == 5 and row["highest"] == 60
    assert (row["q25"], row["q75"]) == (20, 40)
    assert area_type_group("Counties & UAs (from Apr 2023)") == area_type_group("UA") == "upper tier"
    assert area_type_group("Upper-tier local authority") == area_type_group("County") == "upper tier"


def test_three_areas_are_placed_without_quartiles():
    row = profile_row(_frame({"A": 10, "B": 20, "C": 30}, 25), "B", "high_is_good")
    assert row["areas"] == 3 and (row["lowest"], row["highest"], row["value"]) == (10, 30, 20)
    assert pd.isna(row["q25"]) and pd.isna(row["q75"])   # FingertipsNext shows quartiles from four areas
    placed = spine_positions(pd.DataFrame([{**row, "polarity": "high_is_good"}])).iloc[0]
    assert pd.isna(placed["left_q_pos"]) and placed["value_pos"] == pytest.approx(0.5 + (20 - 25) / 30)


@pytest.mark.parametrize("value_type, unit, name, expected", [
    ("count", None, "Adults in treatment", True),
    ("proportion", "%", "Estimated number of ... not in treatment (%)", False),
    ("rate", "per 100,000", "Deaths", False),
    (None, None, "Estimated number of alcohol-dependent adults", True),   # the squashed-bars finding
    (None, None, "Number of deaths per 100,000", False),
    (None, None, "Proportion of opiate users not in treatment", False),
    (None, "count", "Anything", True),
])
def test_which_indicators_are_counts(value_type, unit, name, expected):
    assert is_count(value_type, unit, name) is expected
