"""NHS "Making Data Count" statistical process control (XmR) charts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.numbers import number_or_none


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
    x = np.array([number_or_none(v) for v in values], dtype=float)
    out = pd.DataFrame({"value": x})
    n = len(x)
    if n == 0:
        return _empty_chart(out)
    mean = float(np.nanmean(x))
    mr = np.abs(np.diff(x))
    mr_bar = float(np.nanmean(mr)) if n > 1 else float("nan")
    upper, lower = mean + limit_multiplier * mr_bar, mean - limit_multiplier * mr_bar
    out["mean"], out["lower_limit"], out["upper_limit"] = mean, lower, upper
    outside = (x > upper) | (x < lower)
    shift = _runs(np.sign(x - mean), shift_length, extra=0)
    rising_or_falling = _runs(np.sign(np.diff(x)), trend_length, extra=1)  # k steps cover k + 1 points
    trend = np.zeros(n, bool)
    trend[:-1] |= rising_or_falling
    trend[1:] |= rising_or_falling
    two = _two_of_three(x, mean + 2 / 3 * (upper - mean), mean - 2 / 3 * (mean - lower))
    out["outside"], out["shift"], out["trend"], out["two_of_three"] = outside, shift, trend, two
    out["special_cause"] = outside | shift | trend | two
    return out


def _empty_chart(out: pd.DataFrame) -> pd.DataFrame:
    for col in ("mean", "lower_limit", "upper_limit"):
        out[col] = []
    for col in ("outside", "shift", "trend", "two_of_three", "special_cause"):
        out[col] = pd.Series([], dtype=bool)
    return out


def _runs(signs: np.ndarray, length: int, extra: int) -> np.ndarray:
    """Flags for the elements of runs of one non-zero sign whose ``len + extra`` reaches ``length``."""
    n = len(signs)
    flags = np.zeros(n, bool)
    start = 0
    for i in range(1, n + 1):
        if i == n or signs[i] != signs[start] or signs[i] == 0:
            if signs[start] != 0 and i - start + extra >= length:
                flags[start:i] = True
            start = i
    return flags


def _two_of_three(x: np.ndarray, sigma2_up: float, sigma2_low: float) -> np.ndarray:
    """Flags for two of three consecutive points beyond two sigma on the same side."""
    two = np.zeros(len(x), bool)
    for i in range(len(x) - 2):
        window = x[i:i + 3]
        for beyond in (window > sigma2_up, window < sigma2_low):
            if beyond.sum() >= 2:
                two[i:i + 3] |= beyond
    return two
