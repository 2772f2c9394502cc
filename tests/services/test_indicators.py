"""The indicators service: trend, comparison and profile on the real extract and the demo."""

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
