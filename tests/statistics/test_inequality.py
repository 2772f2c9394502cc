"""Inequality measures against independent values: hand-worked examples and the reference values in
PHEindicatormethods' own test data (tests/testthat/testdata_SII.xlsx, ukhsa-collaboration/PHEindicatormethods
at commit 093fd28; the rows used are copied to data/phe_sii_testdata.csv)."""

from pathlib import Path

import pandas as pd
import pytest

from cdp_data.statistics import inequality as ineq

REFERENCE = pd.read_csv(Path(__file__).parent / "data" / "phe_sii_testdata.csv")


def test_rank_groups_hand_worked_seven_wards():
    # floor(5 (r - 1) / 7) + 1 for r = 1..7: 0/7, 5/7, 10/7, 15/7, 20/7, 25/7, 30/7 -> 1, 1, 2, 3, 3, 4, 5
    scores = [70, 60, 50, 40, 30, 20, 10]
    ranks, groups = ineq.rank_groups(scores, list("ABCDEFG"))
    assert ranks == [1, 2, 3, 4, 5, 6, 7]
    assert groups == [1, 1, 2, 3, 3, 4, 5]


def test_rank_groups_ties_broken_by_code_and_order_kept():
    ranks, groups = ineq.rank_groups([10.0, 30.0, 30.0, 5.0, 20.0], ["E05000009", "E05000003", "E05000001",
                                                                     "E05000002", "E05000004"])
    # 30 (E05000001) is rank 1, 30 (E05000003) rank 2, then 20, 10, 5
    assert ranks == [4, 2, 1, 5, 3]
    assert groups == [4, 2, 1, 5, 3]


def test_rate_ratio_hand_worked():
    # RR = (50/10000) / (20/10000) = 2.5; SE = sqrt(1/50 + 1/20) = sqrt(0.07) = 0.264575;
    # 1.959964 x 0.264575 = 0.518557; exp(-0.518557) = 0.595367, exp(0.518557) = 1.679636
    value, lower, upper = ineq.rate_ratio(50, 10_000, 20, 10_000)
    assert value == pytest.approx(2.5)
    assert lower == pytest.approx(1.48842, abs=1e-4)
    assert upper == pytest.approx(4.19909, abs=1e-4)


def test_rate_ratio_undefined_for_a_zero_count():
    assert ineq.rate_ratio(0, 1000, 20, 1000) is None
    assert ineq.rate_ratio(20, 1000, 0, 1000) is None


def test_cumulative_midpoints_as_phe_documents():
    # phe_sii's help: a quantile with 12% of the population has rank 0.06, the next with 10% 0.17
    mids = ineq.cumulative_midpoints([12, 10, 78])
    assert mids[:2] == pytest.approx([0.06, 0.17])


def test_sii_hand_worked_straight_line():
    # Equal fifths: a = 0.2, b = 0.1, 0.3, 0.5, 0.7, 0.9; the values 10, 8, 6, 4, 2 lie on 11 - 10 b exactly,
    # so the fit is intercept 11, slope -10: SII -10, RII (11 - 10) / 11 = 0.0909.
    values = [10.0, 8.0, 6.0, 4.0, 2.0]
    result = ineq.slope_index_of_inequality([1000] * 5, values, [v - 1 for v in values], [v + 1 for v in values],
                                            repetitions=20_000)
    assert result.sii == pytest.approx(-10.0)
    assert result.intercept == pytest.approx(11.0)
    assert result.rii == pytest.approx(1 / 11)
    # Each value's SE is 2 / 1.96 / 2 = 0.5102 (variance 0.26031). With weights a, the slope's variance is
    # sum(a^2 (b - 0.5)^2) se^2 / sum(a (b - 0.5)^2)^2 = 0.016 x 0.26031 / 0.08^2 = 0.6508, SD 0.8067, so the
    # 95% limits are about -10 -/+ 1.96 x 0.8067 = -11.58 and -8.42.
    assert result.lower == pytest.approx(-11.58, abs=0.05)
    assert result.upper == pytest.approx(-8.42, abs=0.05)


def _case(record: int) -> tuple[pd.DataFrame, pd.Series]:
    first = REFERENCE.index[REFERENCE["RecordNo"] == record][0]
    area = REFERENCE.at[first, "Area"]
    rows = REFERENCE[(REFERENCE["TestDescription"] == REFERENCE.at[first, "TestDescription"])
                     & (REFERENCE["Area"] == area)]
    return rows, REFERENCE.loc[first]


# (record, value_type, transform, multiplier): the first record of each area in phe_sii's test data
CASES = [(1, 0, False, 1), (11, 0, False, 1), (61, 0, False, 1), (66, 0, False, 1), (71, 1, False, 1),
         (81, 1, False, 1), (131, 2, False, -100), (141, 2, False, -100), (306, 1, True, 1), (316, 1, True, 1),
         (386, 1, True, -1), (396, 1, True, -1)]


@pytest.mark.parametrize("record,value_type,transform,multiplier", CASES)
def test_sii_matches_phe_sii_reference_values(record, value_type, transform, multiplier):
    rows, expected = _case(record)
    result = ineq.slope_index_of_inequality(rows["Population"], rows["Value"], rows["LowerCL"], rows["UpperCL"],
                                            value_type=value_type, transform=transform, multiplier=multiplier,
                                            confidence=expected["Confidence"] / 100)
    # The SII, RII and intercept are a regression: equal to the published values.
    assert result.sii == pytest.approx(expected["sii"], rel=1e-6)
    assert result.rii == pytest.approx(expected["rii"], rel=1e-6)
    if not pd.isna(expected["Intercept"]):
        assert result.intercept == pytest.approx(expected["Intercept"], rel=1e-6)
    # The limits are simulated (100,000 draws): within 1% of phe_sii's (its own tests allow 5%).
    for ours, key in ((result.lower, "sii_lowercl_1"), (result.upper, "sii_uppercl_1"),
                      (result.rii_lower, "rii_lowercl_1"), (result.rii_upper, "rii_uppercl_1")):
        if not pd.isna(expected[key]):
            assert ours == pytest.approx(expected[key], rel=0.01), key


def test_sii_is_reproducible_with_its_seed():
    rows, _ = _case(71)
    args = (rows["Population"], rows["Value"], rows["LowerCL"], rows["UpperCL"])
    first = ineq.slope_index_of_inequality(*args, value_type=1)
    assert ineq.slope_index_of_inequality(*args, value_type=1) == first


@pytest.mark.parametrize("populations,values,message", [
    ([1000] * 4, [1.0] * 4, "between 5 and 100"),
    ([1000, 0, 1000, 1000, 1000], [1.0] * 5, "positive population"),
])
def test_sii_refuses_what_phe_sii_refuses(populations, values, message):
    with pytest.raises(ValueError, match=message):
        ineq.slope_index_of_inequality(populations, values, [v * 0.9 for v in values], [v * 1.1 for v in values])


def test_sii_of_a_rate_with_a_zero_quintile_cannot_be_calculated():
    with pytest.raises(ValueError, match="no logarithm"):
        ineq.slope_index_of_inequality([1000] * 5, [0.0, 1, 2, 3, 4], [0.0, 0.5, 1, 2, 3], [3.0, 2, 3, 4, 5],
                                       value_type=1)
