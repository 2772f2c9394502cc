"""How the app writes numbers, units, periods and dates: one formatter for pages, exports and the CLI.

British conventions (CONVENTIONS.md): thousands separators, percentages to one
decimal place, rates "per 100,000", UK dates (31 Mar 2025), financial years as
published (2024/25). Sentences for each concept live beside this module
(``present.plan``, ``present.targets`` ...); they build on these functions.
Nothing here imports Streamlit.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..core.numbers import number_or_none

MISSING = "–"
RATE_UNITS = {"per 100000": "per 100,000", "per 1000": "per 1,000", "per 100,000": "per 100,000",
              "per 1,000": "per 1,000"}


def is_percentage(unit: str | None = None, value_type: str | None = None) -> bool:
    return unit == "%" or value_type == "proportion"


def format_value(value, unit: str | None = None, value_type: str | None = None) -> str:
    """A figure as the app writes it: ``41.1%``, ``12.3 per 100,000``, ``£1,739,578``, ``6,119``.

    Percentages (unit ``%`` or value type ``proportion``) always have one decimal place;
    rates name their unit; counts and other figures have thousands separators and no
    decimals when whole (else one). An en dash for a missing value.
    """
    number = number_or_none(value)
    if number is None:
        return MISSING
    if is_percentage(unit, value_type):
        return f"{number:.1f}%"
    if unit == "GBP":
        return f"£{number:,.0f}"
    text = f"{number:,.0f}" if number == round(number) else f"{number:,.1f}"
    if unit in RATE_UNITS:
        return f"{text} {RATE_UNITS[unit]}"
    return text


def format_share(share) -> str:
    """A fraction (0.409) as a percentage to one decimal place (``40.9%``)."""
    number = number_or_none(share)
    return MISSING if number is None else f"{number * 100:.1f}%"


def format_change(change, change_percent=None, value_type: str | None = None, unit: str | None = None) -> str | None:
    """A change since a baseline: ``+27.0 percentage points``, ``+800 (+13.1%)``, ``-3.2 per 100,000``."""
    number = number_or_none(change)
    if number is None:
        return None
    sign = "+" if number > 0 else ("-" if number < 0 else "±")
    magnitude = format_value(abs(number))
    if is_percentage(unit, value_type):
        return f"{sign}{abs(number):.1f} percentage points"
    percent = number_or_none(change_percent)
    if value_type == "count" and percent is not None:
        return f"{sign}{magnitude} ({percent:+.1f}%)"
    suffix = f" {RATE_UNITS.get(unit, unit)}" if unit and unit not in ("count",) else ""
    return f"{sign}{magnitude}{suffix}"


def uk_date(value) -> str:
    """``31 Mar 2025`` (no leading zero); an empty string when missing."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    stamp = pd.Timestamp(value)
    if pd.isna(stamp):
        return ""
    return f"{stamp.day} {stamp.strftime('%b %Y')}"


def uk_month(value) -> str:
    """``Nov 2023``; empty when missing (for "data to Nov 2023")."""
    if value is None or value is pd.NaT:
        return ""
    stamp = pd.Timestamp(value)
    return "" if pd.isna(stamp) else stamp.strftime("%b %Y")


def sentence(text: str) -> str:
    """``text`` with a full stop unless it already ends a sentence."""
    text = str(text).strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def as_of_text(day: dt.date) -> str:
    return f"as of {uk_date(day)}"
