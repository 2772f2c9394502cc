"""The spine chart's 25th and 75th percentiles as DHSC's FingertipsNext computes them (stored procedure
``GetIndicatorQuartileDataForLatestYear``): NTILE(4) over the areas' values in ascending order (the first n mod 4
groups one row larger), the 25th percentile the largest value of group 1, the 75th the largest of group 3, and
none when fewer than four areas have a value. Each expected pair is worked by hand from the groups."""

import math

import pytest

from cdp_data.statistics import spine_quartiles


@pytest.mark.parametrize("values, expected", [
    ([4, 1, 3, 2], (1, 3)),                       # groups {1} {2} {3} {4}
    ([5, 1, 4, 2, 3], (2, 4)),                    # {1, 2} {3} {4} {5}
    ([10, 20, 30, 40, 60, 100], (20, 60)),        # {10, 20} {30, 40} {60} {100}
    ([7, 6, 5, 4, 3, 2, 1], (2, 6)),              # {1, 2} {3, 4} {5, 6} {7}
    (list(range(1, 9)), (2, 6)),                  # {1, 2} {3, 4} {5, 6} {7, 8}
    (list(range(1, 10)), (3, 7)),                 # {1, 2, 3} {4, 5} {6, 7} {8, 9}
    ([2.5, 2.5, 2.5, 9.0], (2.5, 2.5)),           # ties: {2.5} {2.5} {2.5} {9}
])
def test_quartiles_are_the_tops_of_the_first_and_third_ntile_groups(values, expected):
    assert spine_quartiles(values) == expected


def test_missing_values_are_left_out_before_grouping():
    assert spine_quartiles([None, 3, float("nan"), 1, 2, 4, "x"]) == (1, 3)


@pytest.mark.parametrize("values", [[], [1], [1, 2], [1, 2, 3], [1, 2, None, math.nan, 3]])
def test_fewer_than_four_areas_have_no_quartiles(values):
    assert spine_quartiles(values) == (None, None)


def test_linear_interpolation_would_differ_where_fingertips_next_does_not_interpolate():
    # 8 areas 1..8: Excel's PERCENTILE.INC would give 2.75 and 6.25; FingertipsNext shows values areas have
    assert spine_quartiles(range(1, 9)) == (2, 6)
