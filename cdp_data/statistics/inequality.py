"""Inequality measures: groups by rank (quintiles), the rate ratio with its log-method CI and the slope index
of inequality (SII) with its simulated CI exactly as PHE's ``phe_sii`` computes it.

Pure functions over numbers and arrays (no I/O, no display text).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .intervals import z_value

VALUE_NORMAL, VALUE_RATE, VALUE_PROPORTION = 0, 1, 2   # phe_sii's value_type codes
SII_REPETITIONS = 100_000
SII_SEED = 20_260_401


def rank_groups(values, keys, groups: int = 5) -> tuple[list[int], list[int]]:
    """Ranks and groups of ``values`` (one per key): rank 1 = the highest value, ties broken by key
    (ascending), and group = floor(groups x (rank - 1) / n) + 1, so group 1 holds the highest fifth.

    Hand-worked, n = 7, groups = 5: ranks 1..7 give groups 1, 1, 2, 3, 3, 4, 5.
    """
    order = sorted(range(len(values)), key=lambda i: (-float(values[i]), str(keys[i])))
    n = len(order)
    ranks = [0] * n
    for position, i in enumerate(order, start=1):
        ranks[i] = position
    return ranks, [math.floor(groups * (r - 1) / n) + 1 for r in ranks]


def rate_ratio(count1: float, population1: float, count2: float, population2: float,
               confidence: float = 0.95) -> tuple[float, float, float] | None:
    """The ratio of two crude rates (O1/P1) / (O2/P2) with its CI by the log method:
    SE(ln RR) = sqrt(1/O1 + 1/O2), CI = RR x exp(-/+ z SE). None when either count is zero or a
    population is not positive (the ratio or its SE is not defined).

    Reference: Rothman KJ, Greenland S. Modern Epidemiology, 2nd edn, 1998: 243 (rate ratio).
    Hand-worked: 50 in 10,000 against 20 in 10,000: RR 2.5, SE 0.26458, 95% CI 1.488 to 4.199.
    """
    if not (count1 > 0 and count2 > 0 and population1 > 0 and population2 > 0):
        return None
    ratio = (count1 / population1) / (count2 / population2)
    z = z_value(confidence)
    se = math.sqrt(1 / count1 + 1 / count2)
    return ratio, ratio * math.exp(-z * se), ratio * math.exp(z * se)


@dataclass(frozen=True)
class SII:
    """The slope index of inequality, the relative index of inequality and the intercept, with CIs."""

    sii: float
    lower: float
    upper: float
    rii: float
    rii_lower: float
    rii_upper: float
    intercept: float
    repetitions: int
    confidence: float


def cumulative_midpoints(populations) -> np.ndarray:
    """phe_sii's relative rank of each quantile: the midpoint of its share of the cumulative population
    (quantiles in order, most deprived first): 12% then 10% give 0.06 and 0.17."""
    share = np.asarray(populations, dtype=float) / np.nansum(populations)
    cumulative = np.cumsum(share)
    return share / 2 + np.concatenate([[0.0], cumulative[:-1]])


def sii_weights(populations) -> np.ndarray:
    """The weight of each quantile's value in phe_sii's untransformed SII (the fitted slope is linear in the
    values): SII = sum(weight x value) x multiplier."""
    a = np.asarray(populations, dtype=float) / np.sum(np.asarray(populations, dtype=float))
    sqrt_a = np.sqrt(a)
    design = np.vstack([sqrt_a, cumulative_midpoints(populations) * sqrt_a])
    return np.linalg.solve(design @ design.T, design)[1] * sqrt_a


def _forward(values, value_type: int) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    if value_type == VALUE_RATE:
        return np.log(v)
    if value_type == VALUE_PROPORTION:
        return np.log(v / (1 - v))
    return v


def _back(values: np.ndarray, value_type: int) -> np.ndarray:
    if value_type == VALUE_RATE:
        return np.exp(values)
    if value_type == VALUE_PROPORTION:
        return np.exp(values) / (1 + np.exp(values))
    return values


def _r_round(x: float) -> int:
    """R's round(x, 0): halves to even, as Python's round."""
    return int(round(x))


def _sorted_limits(samples: np.ndarray, repetitions: int, confidence: float) -> tuple[float, float]:
    """phe_sii's limits: the sorted simulations at positions round(reps x (1 - c)) and round(reps x c)
    (1-based), c = confidence + (1 - confidence) / 2."""
    ordered = np.sort(samples)
    level = confidence + (1 - confidence) / 2
    return float(ordered[_r_round(repetitions * (1 - level)) - 1]), float(ordered[_r_round(repetitions * level) - 1])


def _check_sii_inputs(populations, values, lower, upper, value_type: int, repetitions: int) -> None:
    if value_type not in (VALUE_NORMAL, VALUE_RATE, VALUE_PROPORTION):
        raise ValueError("value_type should be 0, 1 or 2.")
    if repetitions < 1000:
        raise ValueError("The number of repetitions must be 1000 or greater.")
    if not 5 <= len(populations) <= 100:
        raise ValueError("The number of quantiles must be between 5 and 100.")
    arrays = [np.asarray(a, dtype=float) for a in (populations, values, lower, upper)]
    if any(np.isnan(a).any() for a in arrays) or (arrays[0] <= 0).any():
        raise ValueError("Every quantile needs a positive population, a value and both confidence limits.")
    if value_type == VALUE_RATE and ((arrays[1] <= 0) | (arrays[2] <= 0)).any():
        raise ValueError("A rate of zero (or a lower limit of zero) has no logarithm: the SII cannot be calculated.")


def slope_index_of_inequality(populations, values, lower, upper, *, value_type: int = VALUE_NORMAL,
                              transform: bool = False, multiplier: float = 1.0,
                              repetitions: int = SII_REPETITIONS, confidence: float = 0.95,
                              seed: int | None = SII_SEED) -> SII:
    """The slope index of inequality as PHEindicatormethods' ``phe_sii`` computes it (R/SII_function.R and
    R/utils.R, ukhsa-collaboration/PHEindicatormethods), for one area's quantiles given in order from the
    most to the least deprived.

    1. Each quantile's share of the population ``a`` and relative rank ``b`` (:func:`cumulative_midpoints`).
    2. The value and its 95% limits are put on the log scale for rates (``value_type`` 1) or the logit
       scale for proportions (2); the standard error is (upper - lower) / z / 2 with z = qnorm(0.975).
    3. The regression ``y sqrt(a) = c sqrt(a) + s b sqrt(a)`` without intercept term (weighted least
       squares with weights ``a``) on the value (``transform`` False: the untransformed value) or on the
       transformed value (``transform`` True); SII = s x multiplier, RII = (c + s) / c (inverted when the
       multiplier is negative), intercept = c. With ``transform``, the fit is transformed back: SII =
       (f(c + s) - f(c)) x multiplier with f the inverse transform.
    4. The CI by simulation: ``repetitions`` draws of every quantile's (transformed) value from a normal
       distribution with its standard error, transformed back unless ``transform``, each refitted; the
       limits are the sorted SIIs at positions round(reps x (1 - c)) and round(reps x c), c = confidence +
       (1 - confidence) / 2. With ``transform`` the limits are worked back around the fitted midpoint as
       phe_sii does. The draws use numpy's generator seeded with ``seed`` (R's ``rnorm`` stream cannot be
       reproduced, so limits agree with phe_sii's to simulation error, not digit for digit).
    """
    _check_sii_inputs(populations, values, lower, upper, value_type, repetitions)
    a = np.asarray(populations, dtype=float) / np.sum(np.asarray(populations, dtype=float))
    b = cumulative_midpoints(populations)
    sqrt_a = np.sqrt(a)
    design = np.vstack([sqrt_a, b * sqrt_a])          # 2 x k (phe_sii's m)
    solver = np.linalg.solve(design @ design.T, design)  # (m m')^-1 m
    value_t = _forward(values, value_type)
    se = (_forward(upper, value_type) - _forward(lower, value_type)) / z_value(0.95) / 2
    fitted_on = value_t if transform else _back(value_t, value_type)
    c, s = solver @ (sqrt_a * fitted_on)
    rng = np.random.default_rng(seed)
    draws = rng.normal(value_t, se, size=(repetitions, len(a)))
    if not transform:
        draws = _back(draws, value_type)
    params = (draws * sqrt_a) @ solver.T                  # reps x 2: (c, s) of each simulation
    sim_c, sim_s = params[:, 0], params[:, 1]
    if transform:
        return _back_transformed(c, s, sim_s, value_type, multiplier, repetitions, confidence)
    sim_rii = (sim_s + sim_c) / sim_c
    rii = (c + s) / c
    if multiplier < 0:
        rii, sim_rii = 1 / rii, 1 / sim_rii
    lower_sii, upper_sii = _sorted_limits(sim_s * multiplier, repetitions, confidence)
    rii_lower, rii_upper = _sorted_limits(sim_rii, repetitions, confidence)
    return SII(float(s * multiplier), lower_sii, upper_sii, float(rii), rii_lower, rii_upper, float(c),
               repetitions, confidence)


def _back_transformed(c: float, s: float, sim_s: np.ndarray, value_type: int, multiplier: float,
                      repetitions: int, confidence: float) -> SII:
    """phe_sii with ``transform = TRUE``: the fit and its simulated limits back on the original scale."""
    at1, half = c + s, (2 * c + s) / 2
    f = (lambda x: _back(np.asarray(x, dtype=float), value_type))
    sii = float((f(at1) - f(c)) * multiplier)
    rii = float(f(at1) / f(c))
    if multiplier < 0:
        rii = 1 / rii
    s_low, s_up = _sorted_limits(sim_s, repetitions, confidence)
    low_pair = (f(half + s_low / 2), f(half - s_low / 2))   # (x = 1, x = 0) at the lower limit
    up_pair = (f(half + s_up / 2), f(half - s_up / 2))
    # phe_sii swaps the limits for rates when multiplier < 1 and for proportions when multiplier < 0.
    swap = multiplier < 1 if value_type == VALUE_RATE else multiplier < 0
    first, second = (up_pair, low_pair) if swap else (low_pair, up_pair)
    lower = float((first[0] - first[1]) * multiplier)
    upper = float((second[0] - second[1]) * multiplier)
    rii_lower, rii_upper = (float(first[0] / first[1]), float(second[0] / second[1]))
    if swap:
        rii_lower, rii_upper = 1 / rii_lower, 1 / rii_upper
    return SII(sii, lower, upper, rii, rii_lower, rii_upper, float(f(c) * abs(multiplier)), repetitions, confidence)
