"""How old a partnership's data is, and whether it is older than the indicator's reporting frequency allows
(pure; see the package docstring for the thresholds)."""

from __future__ import annotations

import calendar
import datetime as dt

GRACE_MONTHS = 3          # publication lag allowed on top of the reporting interval
UNKNOWN_ALLOWED_MONTHS = 15  # unknown or irregular ("Periodic") frequency: a year plus the grace
INTERVAL_MONTHS = (("month", 1), ("quarter", 3), ("annual", 12), ("year", 12))


def allowed_age_months(frequency: str | None) -> int:
    """The most months the latest data may be behind the as-of date before it is stale: the reporting interval
    (monthly 1, quarterly 3, annual 12) plus :data:`GRACE_MONTHS`; 15 when the frequency is unknown."""
    text = (frequency or "").lower()
    for word, months in INTERVAL_MONTHS:
        if word in text:
            return months + GRACE_MONTHS
    return UNKNOWN_ALLOWED_MONTHS


def data_age_months(latest_end: dt.date | None, as_of: dt.date) -> int | None:
    """Whole calendar months from the latest period end to ``as_of`` (30 Nov 2023 to 2 Dec 2026 is 36); a
    month-end counts as complete at the as-of month's end (30 Nov to 29 Feb is 3). None without data; 0 when
    the data ends on or after ``as_of``."""
    if latest_end is None:
        return None
    if latest_end >= as_of:
        return 0
    months = (as_of.year - latest_end.year) * 12 + as_of.month - latest_end.month
    last_day = calendar.monthrange(as_of.year, as_of.month)[1]
    if as_of.day < min(latest_end.day, last_day):
        months -= 1
    return months


def is_stale(age_months: int | None, frequency: str | None) -> bool:
    """Older than the frequency allows (``age > allowed_age_months``); no data is not "stale"."""
    return age_months is not None and age_months > allowed_age_months(frequency)
