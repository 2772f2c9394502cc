"""Harm by deprivation fifth: hand-worked figures, and what a fifth holding a suppressed ward shows."""

import pandas as pd
import pytest

from cdp_data.geography import ward_inequality


def _wards(counts, populations=None, scores=None):
    n = len(counts)
    return pd.DataFrame({"ward_code": [f"E05{i:06d}" for i in range(n)],
                         "imd_score": scores or [100.0 - i for i in range(n)],
                         "count": counts, "population": populations or [5_000] * n})


def test_ten_wards_two_per_fifth_hand_worked():
    # Scores fall with the code, so wards 0-1 are fifth 1, ... 8-9 fifth 5 (floor(5 (r - 1) / 10) + 1).
    frame = _wards([12, 8, 10, 10, 6, 6, 5, 5, 5, 5])
    result = ward_inequality(frame, repetitions=20_000)
    q = result.quintiles.set_index("quintile")
    assert q["wards"].tolist() == [2] * 5
    assert q["count"].tolist() == [20, 20, 12, 10, 10]
    assert q["population"].tolist() == [10_000] * 5
    # 20 in 10,000 per 1,000 = 2.0; Byar's 95% CI 1.2217 to 3.0888 (200 (122.1, 308.9) per 100,000)
    assert q.loc[1, "rate"] == pytest.approx(2.0)
    assert q.loc[1, "lower_ci"] == pytest.approx(1.2217, abs=1e-3)
    assert q.loc[1, "upper_ci"] == pytest.approx(3.0888, abs=1e-3)
    # 10 events: Byar's lower 10 (1 - 1/90 - 1.959964/(3 sqrt 10))^3 = 10 x 0.782290^3 = 4.78745 -> 0.478745
    assert q.loc[5, "lower_ci"] == pytest.approx(0.478745, abs=1e-5)
    # RR = 2.0 / 1.0 = 2; SE = sqrt(1/20 + 1/10) = 0.387298; 1.959964 x 0.387298 = 0.759090; 2 exp(-/+ 0.759090) = 0.93618, 4.27266
    rr = result.rate_ratio
    assert rr["value"] == pytest.approx(2.0)
    assert rr["lower_ci"] == pytest.approx(0.93618, abs=1e-4) and rr["upper_ci"] == pytest.approx(4.27266, abs=1e-4)
    # Equal fifths (a = 0.2, b = 0.1 ... 0.9): slope = sum(a (b - 0.5) y) / sum(a (b - 0.5)^2)
    # = 0.2 (-0.4 x 2 - 0.2 x 2 + 0 + 0.2 x 1 + 0.4 x 1) / 0.08 = 0.2 x (-0.6) / 0.08 = -1.5 per 1,000
    assert result.sii["value"] == pytest.approx(-1.5)
    assert result.sii["lower_ci"] < -1.5 < result.sii["upper_ci"]


def test_ward_without_score_or_population_is_left_out_and_named():
    frame = _wards([12, 8, 10, 10, 6, 6])
    frame.loc[2, "imd_score"] = None
    frame.loc[3, "population"] = None
    result = ward_inequality(frame, repetitions=1_000)
    assert result.excluded == ["E05000002", "E05000003"]
    assert result.quintiles["wards"].sum() == 4
    assert result.sii["status"] == "not_calculable"   # fifth 2 ... has no ward: 4 wards for 5 fifths


@pytest.mark.parametrize("hidden", [1, 2, 3, 4])
def test_fifth_holding_a_suppressed_ward_reveals_nothing_of_it(hidden):
    # Ward 9 (fifth 5) holds 1 to 4: whatever it holds, every figure shown is the same.
    frame = _wards([12, 8, 10, 10, 6, 6, 5, 5, 20, hidden])
    result = ward_inequality(frame, repetitions=2_000)
    q5 = result.quintiles.set_index("quintile").loc[5]
    assert q5["status"] == "range" and pd.isna(q5["count"]) and pd.isna(q5["rate"])
    assert q5["suppressed_wards"] == 1
    # the range it can take: (20 + 1) to (20 + 4) in 10,000, per 1,000
    assert (q5["rate_low"], q5["rate_high"]) == (pytest.approx(2.1), pytest.approx(2.4))
    assert result.rate_ratio["value"] is None
    assert result.rate_ratio["value_low"] == pytest.approx(2.0 / 2.4)
    assert result.rate_ratio["value_high"] == pytest.approx(2.0 / 2.1)
    reference = ward_inequality(_wards([12, 8, 10, 10, 6, 6, 5, 5, 20, 1]), repetitions=2_000)
    pd.testing.assert_frame_equal(result.quintiles, reference.quintiles)
    assert result.rate_ratio == reference.rate_ratio and result.sii == reference.sii


def test_zero_in_a_fifth_makes_ratio_and_sii_not_calculable():
    result = ward_inequality(_wards([12, 8, 10, 10, 6, 6, 5, 5, 0, 0]), repetitions=1_000)
    assert result.quintiles.set_index("quintile").loc[5, "rate"] == 0
    assert result.rate_ratio == {"status": "not_calculable", "reason": "zero_count"}
    assert result.sii["status"] == "not_calculable"


def test_ties_in_score_are_broken_by_ward_code():
    frame = _wards([5] * 5, scores=[10.0] * 5)
    result = ward_inequality(frame, repetitions=1_000)
    assert result.wards["ward_code"].tolist() == sorted(frame["ward_code"])
    assert result.wards["quintile"].tolist() == [1, 2, 3, 4, 5]
