"""The one formatter: numbers, units, shares, changes and dates as the app writes them."""

import datetime as dt

import pytest

from cdp_data import present


@pytest.mark.parametrize("value, unit, value_type, expected", [
    (40, "%", None, "40.0%"),
    (40.87, None, "proportion", "40.9%"),
    (12.34, "per 100000", "rate", "12.3 per 100,000"),
    (12.0, "per 1000", "rate", "12 per 1,000"),
    (1739578, "GBP", None, "£1,739,578"),
    (6119, None, "count", "6,119"),
    (835.667, None, "count", "835.7"),
    (None, "%", None, "–"),
    ("*", None, None, "–"),
])
def test_format_value(value, unit, value_type, expected):
    assert present.format_value(value, unit, value_type) == expected


def test_percentages_agree_whichever_way_they_are_described():
    assert present.format_value(40.0, "%") == present.format_value(40.0, value_type="proportion") == "40.0%"


@pytest.mark.parametrize("args, expected", [
    ((27, None, "proportion"), "+27.0 percentage points"),
    ((800, 13.07, "count"), "+800 (+13.1%)"),
    ((-3.21, None, "rate", "per 100000"), "-3.2 per 100,000"),
    ((0, None, "count"), "±0"),
    ((None,), None),
])
def test_format_change(args, expected):
    assert present.format_change(*args) == expected


def test_shares_dates_and_sentences():
    assert present.format_share(0.4087) == "40.9%"
    assert present.format_share(None) == "–"
    assert present.uk_date(dt.date(2025, 3, 1)) == "1 Mar 2025"
    assert present.uk_date(None) == ""
    assert present.uk_month("2023-11-30") == "Nov 2023"
    assert present.sentence("On track") == "On track." and present.sentence("Done!") == "Done!"
