"""The one numeric coercion helper."""

import math

import numpy as np
import pandas as pd
import pytest

from cdp_data.core.numbers import number_or_none


@pytest.mark.parametrize("value, expected", [
    (3, 3.0), (2.5, 2.5), ("6,119", 6119.0), (" 40.9 ", 40.9), (np.float64(1.5), 1.5), (np.int64(7), 7.0),
])
def test_numbers_and_numeric_text_become_floats(value, expected):
    assert number_or_none(value) == expected


@pytest.mark.parametrize("value", [None, "", "  ", "*", "c", "abc", math.nan, pd.NA, pd.NaT, math.inf, -math.inf,
                                   "1e999", True, [1]])
def test_anything_else_is_none(value):
    assert number_or_none(value) is None
