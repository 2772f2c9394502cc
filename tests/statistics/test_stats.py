"""Statistics against independent references: PHStatsMethods, hand-worked values, published labels."""

import warnings

import pytest

from cdp_data import statistics as stats


@pytest.fixture(scope="module")
def ph():
    """PHStatsMethods, imported by the tests that use it (it imports scipy.stats, a second, at collection)."""
    import PHStatsMethods

    return PHStatsMethods

PROPORTION_CASES = [(0, 10), (0, 1000), (1, 10), (3, 7), (5, 5), (10, 10), (1000, 1000), (48, 10000),
                    (575, 1179), (9999, 10000)]


@pytest.mark.parametrize("count,denominator", PROPORTION_CASES)
def test_wilson_matches_phstatsmethods(ph, count, denominator):
    lower, upper = stats.wilson_ci(count, denominator)
    assert lower == pytest.approx(ph.wilson_lower(count, denominator), abs=1e-6)
    assert upper == pytest.approx(ph.wilson_upper(count, denominator), abs=1e-6)


def test_the_95_percent_quantile_is_the_normal_one_exactly():
    """Z95 is written as a number (scipy.stats is imported only when a quantile is computed); it is
    exactly the normal distribution's 97.5% quantile, and other confidence levels are computed."""
    from scipy.stats import norm

    from cdp_data.statistics.intervals import z_value

    assert stats.Z95 == norm.ppf(0.975) and type(stats.Z95) is type(norm.ppf(0.975))
    for confidence in (0.95, 0.998, 0.99):
        assert z_value(confidence) == float(norm.ppf(1 - (1 - confidence) / 2))


@pytest.mark.parametrize("count,denominator", [(0, 10), (10, 10)])
def test_wilson_at_proportions_zero_and_one(count, denominator):
    lower, upper = stats.wilson_ci(count, denominator)
    assert (lower == pytest.approx(0, abs=1e-12)) if count == 0 else (upper == pytest.approx(1, abs=1e-12))


@pytest.mark.parametrize("count", [0, 1, 2, 5, 9, 10, 11, 50, 123, 10000])
def test_byars_matches_phstatsmethods(ph, count):
    lower, upper = stats.byars_ci(count)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # PHStatsMethods' byars_upper rejects 0; the exact method is its answer for fewer than 10 events
        ref_lower = ph.exact_lower(count) if count < 10 else ph.byars_lower(count)
        ref_upper = ph.exact_upper(count) if count < 10 else ph.byars_upper(count)
    if count == 0:
        # PHStatsMethods gives NaN (chi-square on 0 df); the limit, and PHEindicatormethods' answer, is 0
        assert ref_lower != ref_lower
        ref_lower = 0.0
    assert lower == pytest.approx(ref_lower, abs=1e-6)
    assert upper == pytest.approx(ref_upper, abs=1e-6)


def test_byars_rate_per_100000_scales_the_count_interval(ph):
    lower, upper = stats.byars_ci(50, 250_000)
    assert lower == pytest.approx(ph.byars_lower(50) / 250_000 * 100_000, abs=1e-6)
    assert upper == pytest.approx(ph.byars_upper(50) / 250_000 * 100_000, abs=1e-6)


def test_exact_poisson_zero_events_hand_worked():
    # chi2 0.975 quantile on 2 df = -2 ln(0.025) = 7.377759; halved = 3.688879
    assert stats.exact_poisson_ci(0) == pytest.approx((0.0, 3.688879), abs=1e-6)


@pytest.mark.parametrize("polarity,lower,upper,expected", [
    ("low_is_good", 34.12, 46.91, "Better"),   # Middlesbrough 2019/20, published Better
    ("low_is_good", 40.39, 59.05, "Similar"),  # Hartlepool 2019/20, published Similar
    ("low_is_good", 55.0, 60.0, "Worse"),
    ("high_is_good", 55.0, 60.0, "Better"),
    ("high_is_good", 30.0, 40.0, "Worse"),
    ("no_judgement", 55.0, 60.0, "Higher"),
    ("no_judgement", 30.0, 40.0, "Lower"),
    ("not_compared", 55.0, 60.0, "Not compared"),
])
def test_compare_with_benchmark(polarity, lower, upper, expected):
    assert stats.compare_with_benchmark((lower + upper) / 2, lower, upper, 52.15, polarity) == expected


def test_benchmark_on_the_ci_boundary_is_similar_and_missing_is_not_compared():
    assert stats.compare_with_benchmark(50, 45, 52.15, 52.15, "low_is_good") == "Similar"
    assert stats.compare_with_benchmark(50, None, None, 52.15, "low_is_good") == "Not compared"
    assert stats.compare_with_benchmark(50, 45, 55, None, "low_is_good") == "Not compared"


def test_recent_trend_significant_rise_labelled_by_polarity():
    values = [10, 12, 14, 16, 18]
    lowers = [v - 0.5 for v in values]
    uppers = [v + 0.5 for v in values]
    assert stats.recent_trend(values, lowers, uppers, "high_is_good").label == "Increasing and getting better"
    assert stats.recent_trend(values, lowers, uppers, "low_is_good").label == "Increasing and getting worse"
    assert stats.recent_trend(values, lowers, uppers, "no_judgement").label == "Increasing"
    falling = stats.recent_trend(values[::-1], lowers[::-1], uppers[::-1], "low_is_good")
    assert falling.label == "Decreasing and getting better"


def test_recent_trend_hand_worked_chi_square():
    # Equal SEs of 1 (CI width 3.92): slope = 1, var(slope) = 1 / sum((x - 2)^2) = 1/10, chi2 = 10 > 9.5495
    values = [1, 2, 3, 4, 5]
    trend = stats.recent_trend(values, [v - 1.959964 for v in values], [v + 1.959964 for v in values], "high_is_good")
    assert trend.slope == pytest.approx(1.0)
    assert trend.chi_square == pytest.approx(10.0, rel=1e-5)
    assert trend.label == "Increasing and getting better"


def test_recent_trend_not_significant_and_too_few_points():
    values = [1, 2, 2.8, 3.5, 4]  # slope 0.75, chi2 5.625 with SE 1: below the threshold
    flat = stats.recent_trend(values, [v - 1.959964 for v in values], [v + 1.959964 for v in values], "high_is_good")
    assert flat.label == "No significant change"
    assert stats.recent_trend([1, 2, 3, 4], [0, 1, 2, 3], [2, 3, 4, 5], "high_is_good").label == "Cannot be calculated"


def test_recent_trend_leave_one_out_sign_must_agree():
    # A big jump at the end drives the slope; without it the slope is negative: not significant
    values = [10, 9.5, 9, 8.5, 30]
    lowers = [v - 0.2 for v in values]
    uppers = [v + 0.2 for v in values]
    assert stats.recent_trend(values, lowers, uppers, "high_is_good").label == "No significant change"


def test_spc_limits_hand_worked_and_outside_rule():
    values = [10, 12, 10, 12, 10, 12, 10, 30]
    spc = stats.spc_xmr(values)
    mean = sum(values) / 8
    mr = (6 * 2 + 20) / 7
    assert spc["mean"].iloc[0] == pytest.approx(mean)
    assert spc["upper_limit"].iloc[0] == pytest.approx(mean + 2.66 * mr)
    assert spc["outside"].tolist() == [False] * 7 + [True]


def test_spc_shift_trend_and_two_of_three_rules():
    shift = stats.spc_xmr([1, 9, 1, 9, 5, 6, 6, 6, 6, 6, 6, 6], shift_length=7)
    assert shift["shift"].tolist()[-7:] == [True] * 7 and not shift["shift"].iloc[0]
    trend = stats.spc_xmr([5, 1, 2, 3, 4, 5, 6, 7, 3], trend_length=7)
    assert trend["trend"].tolist() == [False, True, True, True, True, True, True, True, False]
    assert not stats.spc_xmr([5, 1, 2, 3, 4, 5, 6, 7, 3], trend_length=8)["trend"].any()
    two = stats.spc_xmr([10, 10.2, 9.8, 10.1, 9.9, 10, 11.2, 11.3, 10])
    assert two["two_of_three"].tolist()[6:8] == [True, True]
