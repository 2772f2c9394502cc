"""Data age and the stale thresholds (hand-worked)."""

import datetime as dt

from cdp_data.targets.freshness import allowed_age_months, data_age_months, is_stale

D = dt.date


def test_data_age_in_whole_calendar_months():
    assert data_age_months(D(2023, 11, 30), D(2026, 12, 2)) == 36
    assert data_age_months(D(2023, 11, 30), D(2023, 12, 29)) == 0
    assert data_age_months(D(2023, 11, 30), D(2023, 12, 30)) == 1
    assert data_age_months(D(2023, 11, 30), D(2024, 2, 29)) == 3  # a month end counts at February's end
    assert data_age_months(D(2023, 11, 30), D(2024, 2, 28)) == 2
    assert data_age_months(D(2024, 3, 31), D(2024, 3, 1)) == 0    # data ending after the day is not old
    assert data_age_months(None, D(2024, 3, 1)) is None


def test_allowed_age_is_the_reporting_interval_plus_three_months():
    assert allowed_age_months("Monthly (rolling 12 months)") == 4
    assert allowed_age_months("Quarterly") == 6
    assert allowed_age_months("Annual") == 15
    assert allowed_age_months("Annual (3-year pooled)") == 15
    assert allowed_age_months("Periodic") == 15
    assert allowed_age_months(None) == 15


def test_stale_only_when_older_than_allowed():
    assert not is_stale(4, "Monthly") and is_stale(5, "Monthly")
    assert not is_stale(6, "Quarterly") and is_stale(7, "Quarterly")
    assert not is_stale(15, None) and is_stale(16, None)
    assert not is_stale(None, "Monthly")
