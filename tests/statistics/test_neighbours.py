"""The similar-areas method against a hand-worked example: 4 areas x 2 features.

x1 = 1, 2, 3, 6     mean 3,  deviations -2, -1, 0, 3,   sum of squares 14,  sd = sqrt(14/4) = sqrt(3.5) = 1.870829
x2 = 10, 10, 20, 40 mean 20, deviations -10, -10, 0, 20, sum of squares 600, sd = sqrt(600/4) = sqrt(150) = 12.247449
z1 = -2/1.870829, -1/1.870829, 0, 3/1.870829 = -1.069045, -0.534522, 0, 1.603567
z2 = -10/12.247449, -10/12.247449, 0, 20/12.247449 = -0.816497, -0.816497, 0, 1.632993
From A:  B: sqrt(1/3.5 + 0)          = sqrt(0.285714)  = 0.534522
         C: sqrt(4/3.5 + 100/150)    = sqrt(1.809524)  = 1.345185
         D: sqrt(25/3.5 + 900/150)   = sqrt(13.142857) = 3.625308
Weight 4 on x2, A to C: sqrt(4/3.5 + 4 x 100/150) = sqrt(3.809524) = 1.951800
"""

import pandas as pd
import pytest

from cdp_data.statistics.neighbours import distances, nearest, zscores

AREAS = pd.DataFrame({"area_code": ["A", "B", "C", "D"], "x1": [1, 2, 3, 6], "x2": [10, 10, 20, 40]})


def test_zscores_use_the_population_sd():
    z = zscores(AREAS.set_index("area_code"), ["x1", "x2"])
    assert z["x1"].tolist() == pytest.approx([-1.069045, -0.534522, 0.0, 1.603567], abs=1e-6)
    assert z["x2"].tolist() == pytest.approx([-0.816497, -0.816497, 0.0, 1.632993], abs=1e-6)


def test_distances_from_a_match_the_hand_worked_values():
    z = zscores(AREAS.set_index("area_code"), ["x1", "x2"])
    d = distances(z, "A")
    assert d.to_dict() == pytest.approx({"A": 0.0, "B": 0.534522, "C": 1.345185, "D": 3.625308}, abs=1e-6)
    assert distances(z, "A", {"x2": 4})["C"] == pytest.approx(1.951800, abs=1e-6)


def test_nearest_ranks_by_distance_without_the_area_itself():
    found = nearest(AREAS, "A", ["x1", "x2"], n=2)
    assert found["area_code"].tolist() == ["B", "C"]
    assert found["rank"].tolist() == [1, 2]
    assert found["distance"].tolist() == pytest.approx([0.534522, 1.345185], abs=1e-6)


def test_ties_go_by_code_and_constant_features_carry_no_weight():
    # C and A are both 1 from B on x1 (sd of 0, 1, 2 is sqrt(2/3)), x2 is the same everywhere: left out
    frame = pd.DataFrame({"area_code": ["C", "B", "A"], "x1": [2, 1, 0], "x2": [5, 5, 5]})
    found = nearest(frame, "B", ["x1", "x2"], n=5)
    assert found["area_code"].tolist() == ["A", "C"]
    assert found["distance"].tolist() == pytest.approx([1 / (2 / 3) ** 0.5] * 2)


def test_an_area_missing_a_feature_is_not_placed():
    frame = AREAS.assign(x2=[10, None, 20, 40])
    assert "B" not in nearest(frame, "A", ["x1", "x2"], n=5)["area_code"].tolist()
    with pytest.raises(KeyError):
        nearest(frame, "B", ["x1", "x2"])
