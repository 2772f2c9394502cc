"""Public health statistics the way OHID's Fingertips computes them.

Confidence intervals (used only where a source gives a count and a
denominator but no published interval: a published interval is always kept
as published), the comparison of an area with a benchmark, the recent-trend
test and NHS "Making Data Count" SPC (XmR) charts.

The CI formulas follow the DHSC package PHStatsMethods and its R original
PHEindicatormethods; the tests check them against PHStatsMethods.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import chi2, norm

Z95 = norm.ppf(0.975)  # 1.959963984540054

BETTER, SIMILAR, WORSE = "Better", "Similar", "Worse"
HIGHER, LOWER, NOT_COMPARED = "Higher", "Lower", "Not compared"
TREND_CHI_SQUARE_THRESHOLD = 9.5495  # chi-square on 1 df at about p < 0.002, as Fingertips
CANNOT_CALCULATE = "Cannot be calculated"
NO_CHANGE = "No significant change"


def _z(confidence: float) -> float:
    return float(norm.ppf(1 - (1 - confidence) / 2))


# ---- confidence intervals ------------------------------------------------
def wilson_ci(count: float, denominator: float, confidence: float = 0.95, multiplier: float = 1.0
              ) -> tuple[float, float]:
    """Wilson score interval for a proportion ``count / denominator``.

    With ``z`` the standard normal quantile (1.96 for 95%), ``O`` the count and
    ``n`` the denominator::

        lower, upper = (2O + z^2 -/+ z * sqrt(z^2 + 4O(1 - O/n))) / (2(n + z^2))

    multiplied by ``multiplier`` (100 for a percentage). Well defined for
    proportions of 0 and 1.

    References: Wilson EB. Probable inference, the law of succession, and
    statistical inference. J Am Stat Assoc 1927; 22: 209-212. Newcombe RG,
    Altman DG. Proportions and their differences. In Altman DG et al. (eds),
    Statistics with confidence, 2nd edn. BMJ Books 2000: 46-48.
    """
    if denominator is None or denominator <= 0 or count is None or count < 0 or count > denominator:
        raise ValueError("Wilson's interval needs 0 <= count <= denominator and a positive denominator.")
    z = _z(confidence)
    root = z * math.sqrt(z * z + 4 * count * (1 - count / denominator))
    scale = 2 * (denominator + z * z)
    return ((2 * count + z * z - root) / scale * multiplier, (2 * count + z * z + root) / scale * multiplier)


def exact_poisson_ci(count: float, confidence: float = 0.95) -> tuple[float, float]:
    """Exact Poisson interval for a count ``O``::

        lower = chi2_inv(alpha/2; 2O) / 2,   upper = chi2_inv(1 - alpha/2; 2O + 2) / 2

    (lower is 0 when O = 0). Reference: Armitage P, Berry G. Statistical
    methods in medical research, 4th edn. Oxford: Blackwell 2002.
    """
    alpha = 1 - confidence
    lower = 0.0 if count == 0 else float(chi2.ppf(alpha / 2, 2 * count) / 2)
    return lower, float(chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2)


def byars_ci(count: float, denominator: float | None = None, multiplier: float = 100_000,
             confidence: float = 0.95) -> tuple[float, float]:
    """Byar's approximation to the Poisson interval for a crude rate.

    For a count ``O`` of 10 or more::

        lower = O (1 - 1/(9O) - z/(3 sqrt(O)))^3
        upper = (O + 1) (1 - 1/(9(O + 1)) + z/(3 sqrt(O + 1)))^3

    and the exact Poisson interval (:func:`exact_poisson_ci`) below 10 events,
    as Fingertips does. Divided by ``denominator`` and multiplied by
    ``multiplier`` when a denominator is given (the interval of the rate);
    otherwise the interval of the count.

    Reference: Breslow NE, Day NE. Statistical methods in cancer research,
    volume II: the design and analysis of cohort studies. Lyon: IARC 1987.
    """
    if count is None or count < 0:
        raise ValueError("Byar's interval needs a count of zero or more.")
    if count < 10:
        lower, upper = exact_poisson_ci(count, confidence)
    else:
        z = _z(confidence)
        lower = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
        upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3
    if denominator:
        return lower / denominator * multiplier, upper / denominator * multiplier
    return lower, upper


def fill_missing_cis(frame: pd.DataFrame, value_type: str | None, multiplier: float | None = None) -> pd.DataFrame:
    """Add 95% CIs where a row has count and denominator but no published CI.

    ``value_type`` "proportion" uses Wilson (``multiplier`` 100 when the unit
    is %), "rate" uses Byar's. Published intervals are never touched.
    Returns a copy with a boolean ``ci_computed`` column.
    """
    out = frame.copy()
    out["ci_computed"] = False
    if value_type not in ("proportion", "rate") or out.empty:
        return out
    need = out["lower_ci95"].isna() & out["upper_ci95"].isna() & out["count"].notna() & out["denominator"].notna()
    need &= out["denominator"] > 0
    for idx in out.index[need]:
        count, denom = float(out.at[idx, "count"]), float(out.at[idx, "denominator"])
        try:
            if value_type == "proportion":
                low, up = wilson_ci(count, denom, multiplier=multiplier or 100)
            else:
                low, up = byars_ci(count, denom, multiplier=multiplier or 100_000)
        except ValueError:
            continue
        out.at[idx, "lower_ci95"], out.at[idx, "upper_ci95"], out.at[idx, "ci_computed"] = low, up, True
    return out


# ---- comparison with a benchmark ------------------------------------------
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
        [compare_with_benchmark(_f(v), _f(lo), _f(up), _f(b), polarity)
         for v, lo, up, b in zip(frame["value"], frame["lower_ci95"], frame["upper_ci95"], benchmark)],
        index=frame.index, dtype=object,
    )


def _f(x) -> float | None:
    if x is None or x is pd.NA:
        return None
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


# ---- recent trend -----------------------------------------------------------
@dataclass(frozen=True)
class Trend:
    label: str
    slope: float | None = None
    chi_square: float | None = None
    points: int = 0


def _weighted_slope(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Inverse-variance weighted least-squares slope and its variance."""
    sw = w.sum()
    xbar = (w * x).sum() / sw
    ybar = (w * y).sum() / sw
    sxx = (w * (x - xbar) ** 2).sum()
    slope = (w * (x - xbar) * (y - ybar)).sum() / sxx
    return float(slope), float(1 / sxx)


def recent_trend(values, lowers, uppers, polarity: str | None, *, points: int = 5) -> Trend:
    """Fingertips' recent trend over the last ``points`` (5) valid values.

    Each value's standard error is its 95% CI width / 3.92 (2 x 1.96) and its
    weight ``w = 1 / se^2``. The weighted regression of value on time point
    gives a slope ``b`` with variance ``1 / sum(w (x - xbar)^2)``; the trend is
    significant when ``chi^2 = b^2 / var(b)`` exceeds 9.5495 (about
    p < 0.002) and every leave-one-out slope (dropping each point in turn)
    has the same sign as ``b``. Labels: "Increasing and getting better",
    "Increasing and getting worse", "Decreasing and getting better",
    "Decreasing and getting worse", "Increasing" / "Decreasing" (no
    polarity), "No significant change", "Cannot be calculated" (fewer than
    ``points`` values with intervals).

    Reference: PHE, Fingertips "Recent trends" technical document (legacy
    method), as ported by DHSC FingertipsNext.
    """
    rows = [(_f(v), _f(lo), _f(up)) for v, lo, up in zip(values, lowers, uppers)]
    rows = [r for r in rows if None not in r and r[2] > r[1]]
    if len(rows) < points:
        return Trend(CANNOT_CALCULATE, points=len(rows))
    rows = rows[-points:]
    y = np.array([r[0] for r in rows])
    se = np.array([(r[2] - r[1]) / (2 * Z95) for r in rows])
    w = 1 / se ** 2
    x = np.arange(len(rows), dtype=float)
    slope, var = _weighted_slope(x, y, w)
    chi_square = slope * slope / var
    same_sign = all(
        np.sign(_weighted_slope(np.delete(x, i), np.delete(y, i), np.delete(w, i))[0]) == np.sign(slope)
        for i in range(len(rows))
    )
    if chi_square <= TREND_CHI_SQUARE_THRESHOLD or not same_sign or slope == 0:
        return Trend(NO_CHANGE, slope, chi_square, len(rows))
    direction = "Increasing" if slope > 0 else "Decreasing"
    if polarity == "high_is_good":
        return Trend(f"{direction} and getting {'better' if slope > 0 else 'worse'}", slope, chi_square, len(rows))
    if polarity == "low_is_good":
        return Trend(f"{direction} and getting {'worse' if slope > 0 else 'better'}", slope, chi_square, len(rows))
    return Trend(direction, slope, chi_square, len(rows))


# ---- SPC (XmR) ----------------------------------------------------------------
def spc_xmr(values, *, shift_length: int = 7, trend_length: int = 7, limit_multiplier: float = 2.66
            ) -> pd.DataFrame:
    """An XmR (individuals) chart with NHS "Making Data Count" special-cause rules.

    ``mean`` is the mean of the values and ``MR`` the mean of the absolute
    moving ranges ``|x_i - x_(i-1)|``; the process limits are
    ``mean +/- 2.66 MR`` (2.66 = 3 / d2, d2 = 1.128). Rules, each flagging the
    points that make it up:

    1. ``outside``: a point beyond a process limit;
    2. ``shift``: ``shift_length`` (7) or more consecutive points on one side
       of the mean;
    3. ``trend``: ``trend_length`` (7) or more consecutive points each rising
       (or each falling);
    4. ``two_of_three``: two of three consecutive points beyond two-thirds of
       the distance to a limit (two sigma), on the same side.

    Returns one row per value: value, mean, lower/upper limits, the four rule
    flags and ``special_cause``. Reference: NHS England / NHS Improvement,
    "Making Data Count" (2019); Wheeler DJ, Understanding Variation (1993).
    """
    x = np.array([_f(v) for v in values], dtype=float)
    out = pd.DataFrame({"value": x})
    n = len(x)
    if n == 0:
        for col in ("mean", "lower_limit", "upper_limit"):
            out[col] = []
        for col in ("outside", "shift", "trend", "two_of_three", "special_cause"):
            out[col] = pd.Series([], dtype=bool)
        return out
    mean = float(np.nanmean(x))
    mr = np.abs(np.diff(x))
    mr_bar = float(np.nanmean(mr)) if n > 1 else float("nan")
    upper, lower = mean + limit_multiplier * mr_bar, mean - limit_multiplier * mr_bar
    out["mean"], out["lower_limit"], out["upper_limit"] = mean, lower, upper
    outside = (x > upper) | (x < lower)
    shift = np.zeros(n, bool)
    side = np.sign(x - mean)
    start = 0
    for i in range(1, n + 1):
        if i == n or side[i] != side[start] or side[i] == 0:
            if side[start] != 0 and i - start >= shift_length:
                shift[start:i] = True
            start = i
    trend = np.zeros(n, bool)
    step = np.sign(np.diff(x))
    start = 0
    for i in range(1, len(step) + 1):
        if i == len(step) or step[i] != step[start] or step[i] == 0:
            if step[start] != 0 and (i - start + 1) >= trend_length:
                trend[start:i + 1] = True
            start = i
    sigma2_up, sigma2_low = mean + 2 / 3 * (upper - mean), mean - 2 / 3 * (mean - lower)
    two = np.zeros(n, bool)
    for i in range(n - 2):
        window = x[i:i + 3]
        for beyond in (window > sigma2_up, window < sigma2_low):
            if beyond.sum() >= 2:
                two[i:i + 3] |= beyond
    out["outside"], out["shift"], out["trend"], out["two_of_three"] = outside, shift, trend, two
    out["special_cause"] = outside | shift | trend | two
    return out
