"""The quintile comparison (FingertipsNext: NTILE(5) over the values, ascending) against hand-worked examples."""

import pytest

from cdp_data.statistics import comparison as cmp


@pytest.mark.parametrize("n,expected", [
    (5, [1, 2, 3, 4, 5]),
    (7, [1, 1, 2, 2, 3, 4, 5]),              # 7 = 5 x 1 + 2: the first two fifths get the extra rows
    (12, [1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5]),
    (10, [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]),
])
def test_ntile_hand_worked(n, expected):
    assert cmp.ntile(n) == expected


def test_quintiles_order_by_value_with_ties_by_code_and_missing_left_out():
    values = [30.0, 10.0, None, 20.0, 20.0, 50.0, 40.0, 60.0]
    codes = ["A", "B", "C", "E", "D", "F", "G", "H"]
    # 7 values ascending: B 10, D 20, E 20, A 30, G 40, F 50, H 60 -> fifths 1, 1, 2, 2, 3, 4, 5
    assert cmp.quintiles(values, codes) == [2, 1, None, 2, 1, 4, 3, 5]


@pytest.mark.parametrize("polarity,labels", [
    ("high_is_good", ["Worst", "Worse", "Middle", "Better", "Best"]),
    ("low_is_good", ["Best", "Better", "Middle", "Worse", "Worst"]),
    ("no_judgement", ["Lowest", "Low", "Middle", "High", "Highest"]),
    (None, ["Lowest", "Low", "Middle", "High", "Highest"]),
])
def test_labels_by_polarity(polarity, labels):
    fifths, got = cmp.compare_by_quintiles([5.0, 1.0, 3.0, 2.0, 4.0], list("abcde"), polarity)
    assert fifths == [5, 1, 3, 2, 4]
    assert got == [labels[q - 1] for q in fifths]


def test_fewer_than_five_areas_are_not_compared():
    fifths, labels = cmp.compare_by_quintiles([1.0, 2.0, 3.0, 4.0, None], list("abcde"), "high_is_good")
    assert fifths == [None] * 5 and labels == ["Not compared"] * 5
