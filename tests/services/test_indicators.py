"""The indicators service: trend, comparison and profile on the real extract and the demo."""

import pytest

from cdp_data.services import indicators
from cdp_data.services.loading import load_file
from tests.services.read_once import built_once
from tests.support import SHARED

EXPORT = "public/fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv"


def _load(ws):
    load_file(ws, "export.csv", (SHARED / "data" / EXPORT).read_bytes())


# ``loaded``: on SQLite one workspace per module for the tests that only read it (tests/services/read_once.py)
_shared_loaded, loaded = built_once("loaded", _load, needs=("shared_data",))


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


def test_a_count_indicator_never_shows_a_count_under_5_anywhere(workspace):
    # The finding: the Compare table showed 4, 2 and 1 for a count indicator. Drug-related deaths is a count
    # indicator in the catalogue; six areas, three under 5 (and one zero).
    import pandas as pd

    from cdp_data.services import indicators as svc

    rows = ["Indicator ID,Area code,Area name,Period,Value,Count,Denominator"]
    figures = {"E08000014": 4, "E08000015": 2, "E06000006": 1, "E10000017": 0, "E08000012": 12, "E08000011": 30}
    rows += [f"drug_related_deaths,{code},Area {code},2030,{n},{n}," for code, n in figures.items()]
    load_file(workspace, "deaths.csv", ("\n".join(rows) + "\n").encode())
    table = svc.compare_areas(workspace, "drug_related_deaths", "2030", "E08000014")
    shown = table.set_index("area_code")
    assert shown.loc[["E08000012", "E08000011"], "value"].tolist() == [12, 30]
    for code in ("E08000014", "E08000015", "E06000006", "E10000017"):
        assert pd.isna(shown.loc[code, "value"]) and pd.isna(shown.loc[code, "count"])
        assert pd.isna(shown.loc[code, "lower_ci95"])
    values = [r["value"] for r in svc.comparison_table(workspace, "drug_related_deaths") if r["period"] == "2030"]
    assert sorted(v for v in values if v is not None) == [12, 30]
    trend = svc.outcome_trend(workspace, "drug_related_deaths", "E08000014")
    assert all(pd.isna(v) or v >= 5 for v in trend.series["value"])
