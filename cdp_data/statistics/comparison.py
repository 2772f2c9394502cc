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


# Quintiles, for indicators without confidence intervals (DHSC FingertipsNext, stored procedure
# GetIndicatorDetailsWithQuintileBenchmarkComparison): NTILE(5) over the values in ascending order.
QUINTILE_JUDGED = ("Worst", "Worse", "Middle", "Better", "Best")        # high is good: fifth 1 (lowest) is Worst
QUINTILE_UNJUDGED = ("Lowest", "Low", "Middle", "High", "Highest")
MIN_AREAS_FOR_QUINTILES = 5


def ntile(n: int, groups: int = 5) -> list[int]:
    """SQL's NTILE(groups) for ``n`` ordered rows: groups of n // groups rows, the first n % groups groups
    one row larger. n = 7: 1, 1, 2, 2, 3, 4, 5."""
    size, extra = divmod(n, groups)
    out = []
    for group in range(1, groups + 1):
        out += [group] * (size + (1 if group <= extra else 0))
    return out


def quintiles(values, keys) -> list[int | None]:
    """Each value's fifth among the non-missing ``values`` (1 = lowest), NTILE(5) over the values in
    ascending order; ties keep the order of ``keys`` (SQL leaves it undefined; the key makes it repeatable).
    Missing values have no fifth."""
    numbers = [number_or_none(v) for v in values]
    present = sorted((i for i, v in enumerate(numbers) if v is not None), key=lambda i: (numbers[i], str(keys[i])))
    out: list[int | None] = [None] * len(numbers)
    for i, group in zip(present, ntile(len(present))):
        out[i] = group
    return out


def quintile_label(quintile: int | None, polarity: str | None) -> str:
    """Fingertips' label for a fifth: Worst ... Best by polarity (fifth 1 holds the lowest values, so it is
    Best when low is good), Lowest ... Highest without a judgement; Not compared without a fifth."""
    if quintile is None:
        return NOT_COMPARED
    if polarity == "high_is_good":
        return QUINTILE_JUDGED[quintile - 1]
    if polarity == "low_is_good":
        return QUINTILE_JUDGED[5 - quintile]
    return QUINTILE_UNJUDGED[quintile - 1]


def compare_by_quintiles(values, keys, polarity: str | None) -> tuple[list[int | None], list[str]]:
    """Fifths and labels of one set of areas (one area type, period and breakdown, within the benchmark);
    every area Not compared when fewer than 5 have a value."""
    fifths = quintiles(values, keys)
    if sum(q is not None for q in fifths) < MIN_AREAS_FOR_QUINTILES:
        fifths = [None] * len(fifths)
    return fifths, [quintile_label(q, polarity) for q in fifths]


MIN_AREAS_FOR_QUARTILES = 4


def spine_quartiles(values) -> tuple[float | None, float | None]:
    """The 25th and 75th percentiles of a spine chart as FingertipsNext computes them: the areas' values in
    ascending order cut into four groups by NTILE(4) (:func:`ntile`), the 25th percentile the largest value of
    the first group and the 75th the largest of the third; none under four areas (DHSC's FingertipsNext, stored
    procedure ``GetIndicatorQuartileDataForLatestYear``). Eight areas 1..8: groups of 2, so 2 and 6; seven:
    groups of 2, 2, 2, 1, so 2 and 6; six: 2, 2, 1, 1, so 2 and 5."""
    ordered = sorted(v for v in (number_or_none(x) for x in values) if v is not None)
    if len(ordered) < MIN_AREAS_FOR_QUARTILES:
        return None, None
    groups = ntile(len(ordered), 4)
    return ordered[groups.index(2) - 1], ordered[groups.index(4) - 1]
