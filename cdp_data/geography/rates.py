"""Ward rates with Byar's 95% confidence intervals, compared with the area's rate (raw figures: the services'
gate, :mod:`cdp_data.services.disclosure`, suppresses small counts on the way out)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import statistics as stats


def byars_ci(count: float, denominator: float, multiplier: float = 100_000, confidence: float = 0.95
             ) -> tuple[float, float]:
    """Confidence interval of a crude rate ``count / denominator * multiplier``.

    Byar's approximation to the Poisson interval (Breslow & Day 1987, as used
    by OHID/Fingertips and PHEindicatormethods ``phe_rate``), exact Poisson
    below 10 events: delegated to :func:`cdp_data.statistics.byars_ci`, the app's
    one implementation. Missing or non-positive denominators give (nan, nan).

    Hand-worked: 20 events in 10,000 people per 100,000 gives 200 (122.1, 308.9).
    """
    if denominator is None or pd.isna(denominator) or denominator <= 0 or count is None or pd.isna(count) \
            or count < 0:
        return (math.nan, math.nan)
    return stats.byars_ci(float(count), float(denominator), multiplier, confidence)


def ward_rates(counts: pd.DataFrame, population: pd.Series, multiplier: float = 1_000,
               polarity: str = "low_is_good") -> tuple[pd.DataFrame, dict]:
    """Crude rates per ward with Byar's 95% CIs, compared with the area's rate.

    ``counts``: ``ward_code``, ``count`` (un-suppressed); ``population``:
    Series indexed by ward code. The area rate is total count / total
    population over wards with a population. Nothing is suppressed here: the
    service passes the table through :mod:`cdp_data.services.disclosure`.
    """
    out = counts.copy()
    out["population"] = out["ward_code"].map(population).astype(float)
    ok = out["population"].notna() & (out["population"] > 0)
    out["rate"] = np.where(ok, out["count"] / out["population"] * multiplier, np.nan)
    cis = [byars_ci(c, p, multiplier) if o else (np.nan, np.nan)
           for c, p, o in zip(out["count"], out["population"], ok)]
    out["lower_ci95"] = [c[0] for c in cis]
    out["upper_ci95"] = [c[1] for c in cis]
    total_count, total_pop = float(out.loc[ok, "count"].sum()), float(out.loc[ok, "population"].sum())
    area_rate = total_count / total_pop * multiplier if total_pop else math.nan
    # Fingertips' comparison: the area's rate inside the ward's 95% CI is "Similar".
    out["compared_with_area"] = [stats.compare_with_benchmark(r, lo, up, area_rate, polarity)
                                 for r, lo, up in zip(out["rate"], out["lower_ci95"], out["upper_ci95"])]
    alo, aup = byars_ci(total_count, total_pop, multiplier)
    return out, {"rate": area_rate, "lower_ci95": alo, "upper_ci95": aup, "count": total_count,
                 "population": total_pop, "multiplier": multiplier}
