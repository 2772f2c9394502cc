"""Fingertips' recent-trend test (chi-square test for trend over the last five points)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .intervals import Z95
from ..core.numbers import number_or_none

TREND_CHI_SQUARE_THRESHOLD = 9.5495  # chi-square on 1 df at about p < 0.002, as Fingertips
CANNOT_CALCULATE = "Cannot be calculated"
NO_CHANGE = "No significant change"


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
    rows = [(number_or_none(v), number_or_none(lo), number_or_none(up)) for v, lo, up in zip(values, lowers, uppers)]
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
