"""NHS "Making Data Count" statistical process control (XmR) charts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .numbers import finite_or_none


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
    x = np.array([finite_or_none(v) for v in values], dtype=float)
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
