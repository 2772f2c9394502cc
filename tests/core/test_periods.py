"""The one period parser: published labels to the dates they cover."""

import datetime as dt

import pyarrow as pa
import pytest

from cdp_data.core.periods import period_arrays, period_dates


@pytest.mark.parametrize("label,start,end", [
    ("2019/20", "2019-04-01", "2020-03-31"),
    ("1999/00", "1999-04-01", "2000-03-31"),
    ("2016/17 - 18/19", "2016-04-01", "2019-03-31"),
    ("2017 - 19", "2017-01-01", "2019-12-31"),
    ("2019", "2019-01-01", "2019-12-31"),
    ("2024/25 Q3", "2024-10-01", "2024-12-31"),
    ("2024/25 Q4", "2025-01-01", "2025-03-31"),
    ("2024 Q1", "2024-01-01", "2024-03-31"),
    ("Mar 2025", "2025-03-01", "2025-03-31"),
    ("Oct 2022 - Sep 2023", "2022-10-01", "2023-09-30"),
    ("12 months to Mar 2022", "2021-04-01", "2022-03-31"),
])
def test_period_labels_to_dates(label, start, end):
    assert period_dates(label) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))


def test_unknown_period_is_undated():
    assert period_dates("Latest") == (None, None)


def test_labels_in_an_arrow_column_parse_once_each_and_nulls_stay_null():
    labels = pa.array(["2019/20", None, "2019/20", "Mar 2025"]).dictionary_encode()
    starts, ends = period_arrays(labels)
    assert ends.to_pylist() == [dt.date(2020, 3, 31), None, dt.date(2020, 3, 31), dt.date(2025, 3, 31)]
    assert starts.to_pylist()[3] == dt.date(2025, 3, 1)


@pytest.mark.parametrize("label", ["Q1", "", "0000/01 Q5", "Sept", "2024/25 Q9"])
def test_labels_it_does_not_understand_have_no_dates(label):
    assert period_dates(label) == (None, None)
