"""Plain Python values from whatever pandas, numpy or a database driver returns."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd


def is_missing(value) -> bool:
    """None, NaN, NaT, pd.NA or an empty string."""
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    if type(value) is float:  # the common cases answered without pandas (pd.isna of a float is isnan)
        return value != value
    if isinstance(value, (list, tuple, dict, set)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def plain(value):
    """None for a missing value; a date for a timestamp; a Python scalar for a numpy one."""
    if is_missing(value):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def as_date(value) -> dt.date | None:
    """A date from a date, timestamp or ISO text (``2024-03-31``); None when missing or unreadable."""
    value = plain(value)
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def number_or_none(value) -> float | None:
    """A finite float from a number or numeric text (``"6,119"``), else None.

    The one coercion helper: None, NaN, NaT, ``pd.NA``, blanks, infinities and
    text that is not a number (a suppression marker such as ``"*"``) all give None.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip().replace(",", "")
        if not value:
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
