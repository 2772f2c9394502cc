"""Confidence intervals (Wilson, exact Poisson, Byar's), the way OHID's Fingertips computes them.

Used only where a source gives a count and a denominator but no published interval: a published
interval is always kept as published. The formulas follow the DHSC package PHStatsMethods and its R
original PHEindicatormethods; the tests check them against PHStatsMethods.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

# scipy is imported where a quantile is needed, not here, and then scipy.special rather than scipy.stats (about
# 0.2 s against a second), which every process that computes an interval (a CLI command, a page) would pay.
Z95 = np.float64(1.959963984540054)  # norm.ppf(0.975), exactly (tests/statistics check it)


def z_value(confidence: float) -> float:
    """The two-sided normal quantile for ``confidence`` (1.96 for 0.95, without importing scipy for it)."""
    if confidence == 0.95:
        return float(Z95)
    q = 1 - (1 - confidence) / 2
    if 0 < q < 1:  # what norm.ppf computes inside its support, from scipy.special (a quarter of scipy.stats' import)
        from scipy.special import ndtri

        return float(ndtri(q))
    from scipy.stats import norm

    return float(norm.ppf(q))


def chi2_quantile(q: float, df: float) -> float:
    """The chi-squared quantile ``chi2.ppf(q, df)``: inside the support exactly what scipy.stats computes there
    (``2 gammaincinv(df/2, q)``), from scipy.special; elsewhere scipy.stats' own answer."""
    if 0 < q < 1 and df > 0:
        from scipy.special import gammaincinv

        return float(2 * gammaincinv(df / 2, q))
    from scipy.stats import chi2

    return float(chi2.ppf(q, df))



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
    z = z_value(confidence)
    root = z * math.sqrt(z * z + 4 * count * (1 - count / denominator))
    scale = 2 * (denominator + z * z)
    return ((2 * count + z * z - root) / scale * multiplier, (2 * count + z * z + root) / scale * multiplier)


@functools.lru_cache(maxsize=4096)  # a ward map asks for the same few small counts hundreds of times
def exact_poisson_ci(count: float, confidence: float = 0.95) -> tuple[float, float]:
    """Exact Poisson interval for a count ``O``::

        lower = chi2_inv(alpha/2; 2O) / 2,   upper = chi2_inv(1 - alpha/2; 2O + 2) / 2

    (lower is 0 when O = 0). Reference: Armitage P, Berry G. Statistical
    methods in medical research, 4th edn. Oxford: Blackwell 2002.
    """
    alpha = 1 - confidence
    lower = 0.0 if count == 0 else chi2_quantile(alpha / 2, 2 * count) / 2
    return lower, chi2_quantile(1 - alpha / 2, 2 * count + 2) / 2


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
        z = z_value(confidence)
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
