"""Unit tests for cdp_data.geography: rates and CIs, comparison, correlation, classes, wards, simplification."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from cdp_data import geography as geo
from cdp_data import statistics as stats
from cdp_data.sources import boundaries, lookups


# ---- Byar's / exact Poisson CIs against PHStatsMethods (DHSC) ----------------
@pytest.mark.parametrize("count,population", [(1, 5000), (3, 10000), (9, 7000), (10, 7000), (20, 10000),
                                              (57, 12345), (250, 200000), (1234, 1_500_000)])
def test_byars_ci_matches_phstatsmethods(count, population):
    from PHStatsMethods import ph_rate

    ref = ph_rate(pd.DataFrame({"obs": [count], "pop": [population]}), "obs", "pop", metadata=False,
                  multiplier=100_000)
    lower, upper = geo.byars_ci(count, population, 100_000)
    assert lower == pytest.approx(ref["lower_95_ci"].iloc[0], rel=1e-9)
    assert upper == pytest.approx(ref["upper_95_ci"].iloc[0], rel=1e-9)


def test_byars_ci_hand_worked_and_zero_events():
    # 20 events in 10,000 per 100,000: 200 (122.1, 308.9), as in the docstring.
    lo, up = geo.byars_ci(20, 10_000, 100_000)
    assert (round(lo, 1), round(up, 1)) == (122.1, 308.9)
    # Zero events: exact interval, lower 0, upper -ln(0.025) = 3.689 events.
    lo, up = geo.byars_ci(0, 1000, 1000)
    assert lo == 0 and up == pytest.approx(3.6889, abs=1e-4)
    assert all(math.isnan(x) for x in geo.byars_ci(5, 0))


def test_compare_with_area_fingertips_method():
    # Ward rates are compared with the area by the app's one benchmark comparison (stats.compare_with_benchmark).
    assert stats.compare_with_benchmark(2.0, 1.0, 3.0, 2.0, "low_is_good") == "Similar"
    assert stats.compare_with_benchmark(2.75, 2.5, 3.0, 2.0, "low_is_good") == "Worse"   # higher harm is worse
    assert stats.compare_with_benchmark(1.0, 0.5, 1.5, 2.0, "low_is_good") == "Better"
    assert stats.compare_with_benchmark(2.75, 2.5, 3.0, 2.0, "high_is_good") == "Better"
    assert stats.compare_with_benchmark(2.75, 2.5, 3.0, 2.0, "none") == "Higher"
    assert stats.compare_with_benchmark(2.0, float("nan"), 3.0, 2.0, "low_is_good") == "Not compared"


def test_ward_rates_are_raw_and_compared_with_the_area():
    counts = pd.DataFrame({"ward_code": ["A", "B", "C", "D"], "count": [3, 0, 40, 12]})
    population = pd.Series({"A": 5000, "B": 6000, "C": 8000, "D": 9000})
    rates, area = geo.ward_rates(counts, population, 1000)
    a = rates.set_index("ward_code")
    assert "suppressed" not in a  # the domain suppresses nothing: the services' gate does (test_disclosure)
    assert a.loc["A", "rate"] == pytest.approx(0.6) and a.loc["B", "rate"] == 0
    assert a.loc["C", "rate"] == pytest.approx(5.0)
    assert area["rate"] == pytest.approx(55 / 28000 * 1000)
    # C: 40/8000 per 1,000 = 5.0, CI (3.57, 6.81) excludes the area's 1.96 -> Worse.
    assert a.loc["C", "compared_with_area"] == "Worse"


def test_pearson_fisher_ci_matches_scipy():
    from scipy.stats import pearsonr

    rng = np.random.default_rng(1)
    x = rng.normal(size=40)
    y = x * 0.6 + rng.normal(size=40)
    got = geo.pearson_with_ci(x, y)
    ref = pearsonr(x, y)
    ci = ref.confidence_interval(0.95)  # scipy uses the Fisher transformation too
    assert got["r"] == pytest.approx(ref.statistic)
    assert (got["lower"], got["upper"]) == pytest.approx((ci.low, ci.high), rel=1e-6)
    assert math.isnan(geo.pearson_with_ci([1, 2, 3], [1, 2, 3])["r"])  # n < 4: not estimated


def test_pearson_hand_worked():
    # r = 0.5 with n = 28: z = 0.5493, se = 0.2, CI tanh(0.157..0.941) = 0.157 to 0.740 (docstring).
    # Data built to have r = 0.5 exactly with n = 28: y = 0.5 x + sqrt(0.75) e, e orthogonal to x.
    rng = np.random.default_rng(3)
    x = rng.normal(size=28)
    x = (x - x.mean()) / x.std()
    e = rng.normal(size=28)
    e = e - e.mean() - (e @ x) / (x @ x) * x
    e = e / e.std()
    got = geo.pearson_with_ci(x, 0.5 * x + math.sqrt(0.75) * e)
    assert got["r"] == pytest.approx(0.5)
    # By hand: z = atanh(0.5) = 0.5493, se = 1/sqrt(25) = 0.2, tanh(0.5493 -/+ 1.96 x 0.2) = 0.156, 0.736.
    assert (round(got["lower"], 3), round(got["upper"], 3)) == (0.156, 0.736)


def test_bivariate_classes_and_top_wards():
    dep = pd.Series([1, 2, 3, 4, 5, 6, 7, 8, 9.0])
    harm = pd.Series([9, 8, 7, 6, 5, 4, 3, 2, np.nan])
    classes = geo.bivariate_classes(dep, harm)
    assert classes.iloc[0] == "1-3" and classes.iloc[7] == "3-1" and pd.isna(classes.iloc[8])
    frame = pd.DataFrame({"ward_code": list("ABCDE"), "imd": [50, 40, 10, 45, 5], "rate": [5, 9, 10, 1, 0.5]})
    top = geo.top_wards_both_high(frame, "imd", "rate", n=2)
    assert list(top["ward_code"]) == ["A", "B"]  # C is high harm but least deprived; D deprived but low harm


def test_wards_in_area_county_and_unitary():
    wards = geo.ward_table(lookups.ward_columns(pd.DataFrame({
        "WD24CD": ["E05A", "E05B", "E05C"], "WD24NM": ["a", "b", "c"],
        "LAD24CD": ["E07000117", "E07000118", "E08000014"], "CTYUA24CD": ["E10000017", "E10000017", None]})))
    assert list(geo.wards_in_area(wards, "E10000017")["ward_code"]) == ["E05A", "E05B"]
    assert list(geo.wards_in_area(wards, "E07000118")["ward_code"]) == ["E05B"]
    assert list(geo.wards_in_area(wards, "E08000014")["ward_code"]) == ["E05C"]  # own upper tier


# ---- simplification: budgets and no gaps/slivers ------------------------------
@pytest.fixture(scope="module")
def lancashire(shared_data):
    import geopandas as gpd

    gdf = gpd.read_file(shared_data / "public/geography/wards_may2024_bsc_england.geojson")
    return boundaries.standardise_boundaries(gdf[gdf["CTYUA24CD"] == "E10000017"].reset_index(drop=True))


def test_simplified_lancashire_is_small_and_keeps_shared_edges(lancashire):
    simple = geo.simplify_for_display(lancashire)
    payload = json.dumps(geo.to_geojson(simple, ["ward_code", "ward_name"]))
    assert len(payload) <= 1_000_000
    assert len(simple) == len(lancashire) == 215 and simple.geometry.is_valid.all()
    # No overlaps: union area equals the sum of areas; no gaps: the union's area stays the county's.
    assert geo.coverage_ratio(simple) == pytest.approx(1.0, abs=1e-3)
    before = lancashire.to_crs(27700).union_all().area
    after = simple.to_crs(27700).union_all().area
    assert after == pytest.approx(before, rel=0.01)
    # Neighbours still share their boundary: the union has no more holes than before.
    def holes(g):
        parts = getattr(g, "geoms", [g])
        return sum(len(p.interiors) for p in parts)
    assert holes(simple.to_crs(27700).union_all()) <= holes(lancashire.to_crs(27700).union_all())
