"""Row checks shared by the indicator readers (Fingertips exports, the local-figures template).

Every rule gives, for each row, the reason it fails (or None): area codes are GSS codes (and plausible
for the area type when the file gives one), numbers are finite and in a sane range, a percentage is
between 0 and 100, counts are whole and not negative, denominators are not negative, and a published
interval holds its value. :func:`keep_valid` turns the reasons into one warning naming the first few
lines (or one refusal when no row is left). Pure: frames in, masks and sentences out.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core.errors import LoadError
from ..core.periods import period_dates

GSS = re.compile(r"^[EWSN]\d{8}$")
MAX_MAGNITUDE = 1e12          # larger than any count, population or spend the app shows
SHOWN_LINES = 5               # lines named in a warning; the rest are counted
LA_PREFIXES = ("E06", "E07", "E08", "E09", "E10", "E11", "E13", "W06", "S12", "N09")
# Area type (as Fingertips and the template spell it) -> the GSS prefixes such areas have; first match wins.
TYPE_PREFIXES = [
    (re.compile(r"^\s*(england|country)\b", re.I), ("E92",)),
    (re.compile(r"sub[- ]?icb|\bccg|clinical commissioning", re.I), ("E38",)),
    (re.compile(r"\bicb\b|integrated care board", re.I), ("E54",)),
    (re.compile(r"combined authorit", re.I), ("E47",)),
    (re.compile(r"\bregion", re.I), ("E12",)),
    (re.compile(r"count(y|ies)|\bua\b|\buas\b|unitary|district|local authorit|\btier\b|borough|metropolitan", re.I),
     LA_PREFIXES),
]
CI_PAIRS = [("lower_ci95", "upper_ci95"), ("lower_ci998", "upper_ci998")]
NAMES = {"value": "value", "count": "count", "denominator": "denominator", "lower_ci95": "lower 95% limit",
         "upper_ci95": "upper 95% limit", "lower_ci998": "lower 99.8% limit", "upper_ci998": "upper 99.8% limit"}


def prefixes_for(area_type) -> tuple[str, ...] | None:
    """The GSS prefixes plausible for an area type, or None when the type says nothing."""
    if not isinstance(area_type, str) or not area_type.strip():
        return None
    return next((prefixes for pattern, prefixes in TYPE_PREFIXES if pattern.search(area_type)), None)


def code_reasons(codes: pd.Series, types: pd.Series | None = None) -> pd.Series:
    """Why each area code fails (None when it is fine). Works on the distinct (code, type) pairs."""
    pairs = pd.DataFrame({"code": codes.astype(object).to_numpy(),
                          "type": (types.astype(object).to_numpy() if types is not None else None)})
    distinct = pairs.drop_duplicates()
    reasons = {}
    for code, area_type in distinct.itertuples(index=False):
        reasons[(code, area_type)] = code_reason(code, area_type)
    keys = list(zip(pairs["code"], pairs["type"]))
    return pd.Series([reasons[k] for k in keys], index=codes.index, dtype=object)


def code_reason(code, area_type) -> str | None:
    """Why one area code fails for its area type (None when it is fine)."""
    if not isinstance(code, str) or not code.strip():
        return None  # a missing code is reported by the reader's own rule
    if not GSS.match(code.strip()):
        return f"area code '{short(code)}' is not a GSS code"
    prefixes = prefixes_for(area_type)
    if prefixes and not code.strip().startswith(prefixes):
        return f"area code {code.strip()} is not a code for the area type '{short(area_type)}'"
    return None


def number_reasons(frame: pd.DataFrame, percent: pd.Series | np.ndarray | None = None,
                   whole_counts: bool | pd.Series | np.ndarray = True,
                   nonnegative: tuple[str, ...] = ("count", "denominator")) -> pd.Series:
    """Why the numbers of each row fail (None when fine). ``frame`` holds float columns named as in
    :data:`NAMES` (those present are checked; other columns are checked to be usable numbers); ``percent``
    marks rows whose unit is a percentage; ``whole_counts`` marks rows whose counts must be whole (True: every
    row); the ``nonnegative`` columns must not be negative."""
    reasons = np.full(len(frame), None, dtype=object)
    unset = np.ones(len(frame), dtype=bool)

    def flag(mask, words) -> None:
        mask = np.asarray(mask, dtype=bool) & unset
        if mask.any():
            where = np.flatnonzero(mask)
            reasons[where] = [words(i) for i in where]
            unset[where] = False

    for column in frame.columns:
        values = frame[column].to_numpy(dtype=float, na_value=np.nan)
        flag(np.abs(values) > MAX_MAGNITUDE,  # infinities included; a missing value (NaN) compares False
             lambda i, c=column, v=values: f"{NAMES.get(c, c)} {_number(v[i])} is not a usable number")
    for column in nonnegative:
        if column in frame:
            values = frame[column].to_numpy(dtype=float, na_value=np.nan)
            flag(values < 0, lambda i, c=column, v=values: f"{NAMES.get(c, c)} {_number(v[i])} is negative")
    if "count" in frame:
        values = frame["count"].to_numpy(dtype=float, na_value=np.nan)
        strict = np.broadcast_to(np.asarray(whole_counts, dtype=bool), values.shape)
        flag(strict & np.isfinite(values) & (values != np.round(values)),
             lambda i, v=values: f"count {_number(v[i])} is not a whole number")
    if percent is not None and "value" in frame:
        values = frame["value"].to_numpy(dtype=float, na_value=np.nan)
        flag(np.asarray(percent, dtype=bool) & ((values < 0) | (values > 100)),
             lambda i, v=values: f"value {_number(v[i])} is a percentage outside 0 to 100")
    _interval_reasons(frame, flag)
    return pd.Series(reasons, index=frame.index, dtype=object)


def _interval_reasons(frame: pd.DataFrame, flag) -> None:
    if "value" not in frame:
        return
    value = frame["value"].to_numpy(dtype=float, na_value=np.nan)
    for lower_name, upper_name in CI_PAIRS:
        if lower_name not in frame or upper_name not in frame:
            continue
        lower = frame[lower_name].to_numpy(dtype=float, na_value=np.nan)
        upper = frame[upper_name].to_numpy(dtype=float, na_value=np.nan)
        slack = 1e-9 * np.maximum(1.0, np.abs(np.nan_to_num(value)))
        wrong = ((lower > upper + slack) | (lower > value + slack) | (value > upper + slack))
        flag(wrong, lambda i, lo=lower, v=value, up=upper, n=NAMES[lower_name].split()[1]:
             f"the {n} interval {_number(lo[i])} to {_number(up[i])} does not hold the value {_number(v[i])}")


def text_reasons(raw: pd.Series, column: str, nulls: set[str], markers: set[str]) -> pd.Series:
    """Why each cell of a numeric column given as text fails: not empty, not a null or suppression marker,
    and not a number ("abc", "NaN")."""
    text = raw.astype(object).where(raw.notna(), "").astype(str).str.strip()
    parsed = pd.to_numeric(text.where(text != "", None), errors="coerce")
    bad = (text != "") & ~text.isin(nulls) & ~text.str.lower().isin(markers) & parsed.isna()
    reasons = pd.Series(None, index=raw.index, dtype=object)
    if bad.any():
        reasons[bad.to_numpy()] = [f"{NAMES.get(column, column)} '{short(t)}' is not a number" for t in text[bad]]
    return reasons


def period_reasons(labels: pd.Series, what: str = "time period") -> pd.Series:
    """Why each period label fails: not empty and not a period the app understands (:func:`period_dates`:
    year 0, month 13 and "next Tuesday" are not periods)."""
    text = labels.astype(object).where(labels.notna(), "").astype(str).str.strip()
    distinct = {t: (None if not t or period_dates(t)[0] is not None else
                    f"{what} '{short(t)}' is not a period the app understands") for t in text.unique()}
    return pd.Series(text.map(distinct).to_numpy(), index=labels.index, dtype=object)


def code_pattern_reasons(codes: pd.Series, pattern: str, what: str) -> pd.Series:
    """Why each code fails to match ``pattern`` (a regular expression for a GSS code); empty codes pass."""
    text = codes.astype(object).where(codes.notna(), "").astype(str).str.strip()
    bad = (text != "") & ~text.str.fullmatch(pattern)
    reasons = pd.Series(None, index=codes.index, dtype=object)
    if bad.any():
        reasons[bad.to_numpy()] = [f"{what} '{short(t)}' is not a GSS code" for t in text[bad]]
    return reasons


def range_reasons(values: pd.Series, what: str, low: float, high: float | None = None,
                  whole: bool = False) -> pd.Series:
    """Why each number fails to lie from ``low`` to ``high`` (and to be whole, if ``whole``); missing passes."""
    v = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
    finite = np.isfinite(v)
    bad = finite & ((v < low) | (v > (high if high is not None else np.inf)))
    if whole:
        bad |= finite & (v != np.round(v))
    reasons = pd.Series(None, index=values.index, dtype=object)
    if bad.any():
        span = f"from {low:g} to {high:g}" if high is not None else f"of at least {low:g}"
        kind = "a whole number" if whole else "a number"
        reasons[bad] = [f"{what} {_number(x)} is not {kind} {span}" for x in v[bad]]
    return reasons


def check_rows(reasons: pd.Series, filename: str) -> tuple[np.ndarray, list[str]]:
    """:func:`keep_valid` for a frame read from a CSV whose index is its row number (line = index + 2)."""
    return keep_valid(reasons, reasons.index.to_numpy() + 2, filename)


def combine(*reasons: pd.Series) -> pd.Series:
    """The first reason each row fails, over several rules (each a Series over the same rows). Rows are
    filled in place on NumPy arrays: a rule that fails no row costs one scan, not a new Series."""
    out = reasons[0].to_numpy(dtype=object, copy=True)
    open_rows = pd.isna(out)
    for more in reasons[1:]:
        if len(more) != len(out):
            raise ValueError("reasons of different lengths")
        if not open_rows.any():
            break
        values = more.to_numpy(dtype=object)
        take = open_rows & ~pd.isna(values)
        if take.any():
            out[take] = values[take]
            open_rows &= ~take
    return pd.Series(out, index=reasons[0].index, dtype=object)


def keep_valid(reasons: pd.Series, lines: np.ndarray, filename: str) -> tuple[np.ndarray, list[str]]:
    """Rows to keep (a boolean mask) and a warning naming the first few failing lines and counting the rest.
    Raises :class:`LoadError` when every row fails."""
    bad = reasons.notna().to_numpy()
    if not bad.any():
        return ~bad, []
    where = np.flatnonzero(bad)
    shown = "; ".join(f"line {int(lines[i])}: {reasons.iloc[i]}" for i in where[:SHOWN_LINES])
    more = f"; and {len(where) - SHOWN_LINES:,} more" if len(where) > SHOWN_LINES else ""
    if bad.all():
        raise LoadError(f"{filename} has no valid rows, so nothing was loaded ({shown}{more}).")
    rows = "1 row was" if len(where) == 1 else f"{len(where):,} rows were"
    return ~bad, [f"{rows} skipped because of invalid values ({shown}{more})."]


def _number(value: float) -> str:
    if np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "infinity" if value > 0 else "minus infinity"
    return f"{value:g}"


def short(text, limit: int = 40) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
