"""Period labels as published, and the dates they cover: the one period parser of the app."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_name) if m})


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _two_digit_after(start_year: int, yy: int) -> int:
    year = (start_year // 100) * 100 + yy
    return year + 100 if year < start_year else year


FIRST_YEAR, LAST_YEAR = 1900, 2100   # a period outside these years is not one the app understands


@lru_cache(maxsize=4096)
def period_dates(label: str) -> tuple[dt.date | None, dt.date | None]:
    """Start and end dates of a published period label (see :func:`_parse`); ``(None, None)`` when it is
    not understood or its dates are impossible (year 0, month 13) or outside 1900 to 2100."""
    try:
        start, end = _parse(label)
    except (ValueError, OverflowError):
        return None, None
    if start is None or end is None or not (FIRST_YEAR <= start.year and end.year <= LAST_YEAR) or end < start:
        return None, None
    return start, end


def _parse(label: str) -> tuple[dt.date | None, dt.date | None]:
    """Start and end dates of a published period label.

    Understands financial years (``2019/20``: 1 Apr 2019 to 31 Mar 2020),
    pooled financial years (``2016/17 - 18/19``), calendar years (``2019``),
    pooled calendar years (``2017 - 19``), financial-year quarters
    (``2024/25 Q3``: Oct to Dec 2024), calendar quarters (``2024 Q1``), months
    (``Mar 2025``), month ranges (``Oct 2022 - Sep 2023``) and
    ``12 months to Mar 2022``. ``(None, None)`` when not understood.
    """
    text = re.sub(r"\s+", " ", str(label or "").strip())
    low = text.lower()
    m = re.fullmatch(r"(\d{4})/(\d{2})(?: q([1-4]))?", low)
    if m:
        year = int(m.group(1))
        if m.group(3):
            q = int(m.group(3))
            start_month = 4 + 3 * (q - 1)
            start_year = year + (start_month - 1) // 12
            start_month = (start_month - 1) % 12 + 1
            return dt.date(start_year, start_month, 1), _month_end(start_year, start_month + 2)
        return dt.date(year, 4, 1), dt.date(_two_digit_after(year, int(m.group(2))), 3, 31)
    m = re.fullmatch(r"(\d{4})/(\d{2}) ?- ?(\d{2})/(\d{2})", low)
    if m:
        year = int(m.group(1))
        end_start = _two_digit_after(year, int(m.group(3)))
        return dt.date(year, 4, 1), dt.date(_two_digit_after(end_start, int(m.group(4))), 3, 31)
    m = re.fullmatch(r"(\d{4})(?: q([1-4]))?", low)
    if m:
        year = int(m.group(1))
        if m.group(2):
            q = int(m.group(2))
            return dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    m = re.fullmatch(r"(\d{4}) ?- ?(\d{2}|\d{4})", low)
    if m:
        year = int(m.group(1))
        end = int(m.group(2)) if len(m.group(2)) == 4 else _two_digit_after(year, int(m.group(2)))
        return dt.date(year, 1, 1), dt.date(end, 12, 31)
    m = re.fullmatch(r"([a-z]+) (\d{4})", low)
    if m and m.group(1) in MONTHS:
        year, month = int(m.group(2)), MONTHS[m.group(1)]
        return dt.date(year, month, 1), _month_end(year, month)
    m = re.fullmatch(r"([a-z]+) (\d{4}) ?- ?([a-z]+) (\d{4})", low)
    if m and m.group(1) in MONTHS and m.group(3) in MONTHS:
        return (dt.date(int(m.group(2)), MONTHS[m.group(1)], 1),
                _month_end(int(m.group(4)), MONTHS[m.group(3)]))
    m = re.fullmatch(r"12 months to ([a-z]+) (\d{4})", low)
    if m and m.group(1) in MONTHS:
        end = _month_end(int(m.group(2)), MONTHS[m.group(1)])
        start_month = MONTHS[m.group(1)] % 12 + 1
        return dt.date(end.year - (1 if start_month != 1 else 0), start_month, 1), end
    return None, None


def period_columns(labels: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Vectorised :func:`period_dates` (``datetime.date`` or None), parsed once per distinct label."""
    codes, uniques = pd.factorize(labels.astype(str), sort=False)
    parsed = [period_dates(u) for u in uniques]
    starts = np.array([p[0] for p in parsed] + [None], dtype=object)
    ends = np.array([p[1] for p in parsed] + [None], dtype=object)
    return (pd.Series(starts[codes], index=labels.index, dtype=object),
            pd.Series(ends[codes], index=labels.index, dtype=object))


def period_arrays(labels: pa.ChunkedArray | pa.Array) -> tuple[pa.Array, pa.Array]:
    """:func:`period_dates` over an Arrow column of labels, as two ``date32`` arrays."""
    if isinstance(labels, pa.ChunkedArray):
        labels = labels.combine_chunks()
    # each distinct label parsed once: through the column's own dictionary when it has one (a word listed twice
    # in it is parsed twice, to the same dates), else through one made for the purpose
    encoded = labels if pa.types.is_dictionary(labels.type) else labels.dictionary_encode()
    words = pc.cast(encoded.dictionary, pa.string()).to_pylist()
    parsed = [period_dates(w) for w in words]
    starts = pa.array([p[0] for p in parsed], type=pa.date32())
    ends = pa.array([p[1] for p in parsed], type=pa.date32())
    return starts.take(encoded.indices), ends.take(encoded.indices)
