"""Harm by deprivation across an area's wards: wards ranked by IMD score into fifths, the harm rate of each
fifth with Byar's 95% CI, the rate ratio of the most to the least deprived fifth and the slope index of
inequality (no I/O, no display text).

Suppression: a ward count of 1 to 4 is not shown in the ward table, so a fifth's exact total would give it
away by subtraction. A fifth holding such wards therefore shows no count, and its rate as the **range** it
can take when each of those wards holds anything from 1 to 4 (``rate_low`` to ``rate_high``), with the 95%
CI running from the lower limit at the bottom of the range to the upper limit at its top. That range is
worked out from what is public (the other wards' counts and "1 to 4"), so it reveals nothing more. The rate
ratio and the SII built on such a fifth are ranges in the same way (their CIs cover every case).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

import numpy as np
import pandas as pd

from .. import statistics as stats
from ..core.suppression import THRESHOLD
from ..statistics import inequality as ineq

FIFTHS = 5
EXACT, RANGE, UNKNOWN = "exact", "range", "unknown"          # a fifth's figures
OK, NOT_CALCULABLE = "ok", "not_calculable"                  # the rate ratio's and the SII's


@dataclass
class WardInequality:
    """What the page and the command show. ``quintiles`` has one row per fifth (1 = most deprived):
    quintile, wards, population, count, rate, rate_low, rate_high, lower_ci, upper_ci, suppressed_wards,
    status (exact / range / unknown); ``rate_ratio`` and ``sii`` are dicts with ``status`` (ok /
    not_calculable with a ``reason``), ``value`` (None when a range), ``value_low``, ``value_high``,
    ``lower_ci``, ``upper_ci``; ``wards`` is the ranking (ward_code, imd_score, rank, quintile)."""

    quintiles: pd.DataFrame
    rate_ratio: dict
    sii: dict
    wards: pd.DataFrame
    multiplier: int = 1_000
    excluded: list[str] = field(default_factory=list)   # ward codes without an IMD score or population


def rank_wards(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The wards with an IMD score and a positive population, ranked (1 = highest score, ties by ward code)
    and put in fifths: quintile = floor(5 (rank - 1) / n) + 1; and the codes of the wards left out."""
    usable = frame["imd_score"].notna() & frame["population"].notna() & (frame["population"] > 0)
    ranked = frame[usable].copy()
    excluded = sorted(frame.loc[~usable, "ward_code"].astype(str))
    ranks, groups = ineq.rank_groups(ranked["imd_score"].astype(float).tolist(),
                                     ranked["ward_code"].astype(str).tolist(), FIFTHS)
    ranked["rank"], ranked["quintile"] = ranks, groups
    return ranked.sort_values("rank").reset_index(drop=True), excluded


def _fifth(rows: pd.DataFrame, quintile: int, multiplier: int) -> dict:
    """One fifth's figures; ``_low``/``_high`` are the counts it may hold given what is shown."""
    count, population = rows["count"], float(rows["population"].sum())
    small = (count > 0) & (count < THRESHOLD)
    out = {"quintile": quintile, "wards": int(len(rows)), "population": population, "count": None, "rate": None,
           "rate_low": None, "rate_high": None, "lower_ci": None, "upper_ci": None,
           "suppressed_wards": int(small.sum()), "status": EXACT}
    if not len(rows) or count.isna().any():
        out["status"] = UNKNOWN
        return out
    shown = float(count[~small].sum())
    low, high = shown + small.sum(), shown + (THRESHOLD - 1) * small.sum()
    out["_low"], out["_high"] = low, high
    out["rate_low"], out["rate_high"] = low / population * multiplier, high / population * multiplier
    out["lower_ci"] = stats.byars_ci(low, population, multiplier)[0]
    out["upper_ci"] = stats.byars_ci(high, population, multiplier)[1]
    if small.any():
        out["status"] = RANGE
    else:
        out["count"], out["rate"] = int(low), out["rate_low"]
    return out


def _as_result(values: list[float], lowers: list[float], uppers: list[float], exact: bool) -> dict:
    return {"status": OK, "value": float(values[0]) if exact else None, "value_low": float(min(values)),
            "value_high": float(max(values)), "lower_ci": float(min(lowers)), "upper_ci": float(max(uppers))}


def _rate_ratio(fifths: list[dict]) -> dict:
    first, last = fifths[0], fifths[-1]
    if UNKNOWN in (first["status"], last["status"]):
        return {"status": NOT_CALCULABLE, "reason": "missing_fifth"}
    cases = [ineq.rate_ratio(o1, first["population"], o5, last["population"])
             for o1, o5 in product(np.arange(first["_low"], first["_high"] + 1),
                                   np.arange(last["_low"], last["_high"] + 1))]
    if any(c is None for c in cases):
        return {"status": NOT_CALCULABLE, "reason": "zero_count"}
    exact = first["status"] == last["status"] == EXACT
    return _as_result([c[0] for c in cases], [c[1] for c in cases], [c[2] for c in cases], exact)


def _sii_corners(fifths: list[dict]) -> list[list[float]]:
    """The counts at which the SII (a weighted sum of the rates) is lowest and highest."""
    weights = ineq.sii_weights([f["population"] for f in fifths])
    low_first = [w > 0 for w in weights]
    return [[f["_low"] if up else f["_high"] for f, up in zip(fifths, low_first)],
            [f["_high"] if up else f["_low"] for f, up in zip(fifths, low_first)]]


def _sii_at(counts: list[float], populations: list[float], multiplier: int, repetitions: int,
            seed: int | None) -> ineq.SII:
    rates = [c / p * multiplier for c, p in zip(counts, populations)]
    cis = [stats.byars_ci(c, p, multiplier) for c, p in zip(counts, populations)]
    return ineq.slope_index_of_inequality(populations, rates, [c[0] for c in cis], [c[1] for c in cis],
                                          value_type=ineq.VALUE_RATE, repetitions=repetitions, seed=seed)


def _sii(fifths: list[dict], multiplier: int, repetitions: int, seed: int | None) -> dict:
    if any(f["status"] == UNKNOWN for f in fifths):
        return {"status": NOT_CALCULABLE, "reason": "missing_fifth"}
    if any(f["_low"] == 0 for f in fifths):
        return {"status": NOT_CALCULABLE, "reason": "zero_count"}
    populations = [f["population"] for f in fifths]
    exact = all(f["status"] == EXACT for f in fifths)
    corners = _sii_corners(fifths)
    results = [_sii_at(counts, populations, multiplier, repetitions, seed)
               for counts in (corners[:1] if exact else corners)]
    out = _as_result([r.sii for r in results], [r.lower for r in results], [r.upper for r in results], exact)
    out.update(rii=results[0].rii if exact else None, repetitions=repetitions, seed=seed,
               method="phe_sii (PHEindicatormethods): value_type rate, not transformed, 95% CI by simulation")
    return out


def ward_inequality(frame: pd.DataFrame, multiplier: int = 1_000, *, repetitions: int = ineq.SII_REPETITIONS,
                    seed: int | None = ineq.SII_SEED) -> WardInequality:
    """Harm by deprivation fifth from un-suppressed ward figures.

    ``frame``: one row per ward of the area with ``ward_code``, ``imd_score``, ``count`` (un-suppressed;
    missing when unknown) and ``population``. Rates are per ``multiplier`` residents, with Byar's 95% CI
    (:func:`cdp_data.statistics.byars_ci`); the rate ratio is fifth 1 over fifth 5 with its log-method CI;
    the SII is phe_sii's with the rates as value_type 1 (rate), not transformed, fifths ordered from the
    most deprived, so a negative SII means a higher rate in the more deprived wards. See the module's
    notes for fifths holding suppressed ward counts.
    """
    ranked, excluded = rank_wards(frame)
    fifths = [_fifth(ranked[ranked["quintile"] == q], q, multiplier) for q in range(1, FIFTHS + 1)]
    rate_ratio = _rate_ratio(fifths)
    sii = _sii(fifths, multiplier, repetitions, seed)
    shown = pd.DataFrame([{k: v for k, v in f.items() if not k.startswith("_")} for f in fifths])
    wards = ranked[["ward_code", "imd_score", "rank", "quintile"]]
    return WardInequality(shown, rate_ratio, sii, wards, multiplier, excluded)
