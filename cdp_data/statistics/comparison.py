"""The comparison of an area's value with a benchmark (England), as Fingertips makes it."""

from __future__ import annotations

import math

import pandas as pd

from ..core.numbers import number_or_none

BETTER, SIMILAR, WORSE = "Better", "Similar", "Worse"
HIGHER, LOWER, NOT_COMPARED = "Higher", "Lower", "Not compared"


def compare_with_benchmark(value, lower, upper, benchmark, polarity: str | None) -> str:
    """Fingertips' default comparison of an area with a benchmark (England, region).

    The benchmark's value inside the area's 95% CI (inclusive) means
    ``Similar``; an interval wholly above the benchmark is ``Better`` when
    higher is better and ``Worse`` when lower is better (``Higher`` where the
    indicator has no judgement), and the reverse below it. ``Not compared``
    when the area's interval or the benchmark value is missing, or the
    indicator's polarity has not been set.

    Reference: OHID, Fingertips technical guidance: "Comparing an indicator
    value with a benchmark" (confidence interval overlap with the benchmark
    value); ported unchanged in DHSC FingertipsNext.
    """
    if polarity in (None, "", "not_compared"):
        return NOT_COMPARED
    if any(x is None or (isinstance(x, float) and math.isnan(x)) for x in (value, lower, upper, benchmark)):
        return NOT_COMPARED
    if lower <= benchmark <= upper:
        return SIMILAR
    higher = lower > benchmark
    if polarity == "high_is_good":
        return BETTER if higher else WORSE
    if polarity == "low_is_good":
        return WORSE if higher else BETTER
    return HIGHER if higher else LOWER


def compare_frame(frame: pd.DataFrame, benchmark: pd.Series, polarity: str | None) -> pd.Series:
    """:func:`compare_with_benchmark` row by row; ``benchmark`` aligned to ``frame``."""
    return pd.Series(
        [compare_with_benchmark(number_or_none(v), number_or_none(lo), number_or_none(up), number_or_none(b), polarity)
         for v, lo, up, b in zip(frame["value"], frame["lower_ci95"], frame["upper_ci95"], benchmark)],
        index=frame.index, dtype=object,
    )
