"""Outcome indicators as pure functions over frames: breakdowns, comparisons with England, area profiles,
the recent trend and SPC of a partnership's series, and what the pages pick by default.

No I/O and no display text: :mod:`cdp_data.services.indicators` reads the workspace and calls these;
:mod:`cdp_data.present.indicators` writes the sentences.
"""

from __future__ import annotations

from .. import statistics as stats

ENGLAND = "E92000001"
BREAKDOWN = ["sex", "age", "category_type", "category"]
SERIES_COLUMNS = ["area_code", "area_name", "period", "period_start", "period_end", "value", "lower_ci95",
                  "upper_ci95", "count", "denominator", "note", "recent_trend", "published_compared_england",
                  "source", "loaded_from", "load_id", "is_synthetic"] + BREAKDOWN
COMPARISON_ORDER = [stats.BETTER, stats.SIMILAR, stats.WORSE, stats.HIGHER, stats.LOWER, stats.NOT_COMPARED]
# Which way is better: high_is_good, low_is_good, no_judgement (Higher / Lower only), not_compared (not yet set).
POLARITIES = ("high_is_good", "low_is_good", "no_judgement", "not_compared")


def is_local_area(codes):
    """True for areas other than England and the regions (codes E12...), element-wise over a Series."""
    return (codes != ENGLAND) & ~codes.str.startswith("E12")
