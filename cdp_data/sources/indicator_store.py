"""Writing tidy indicator values into the workspace, shared by every indicator loader.

Loaders (Fingertips export and API, NDTMS, the local-figures template) build a
frame with the columns of ``store.indicator_values`` and hand it to
:func:`store_values`, which in one write transaction:

- maps Fingertips IDs onto catalogue IDs and adds unknown indicators to the
  catalogue with polarity ``not_compared``;
- adds or updates the areas (name, type, parent, region);
- replaces the values an earlier extract from the same source gave for the
  same indicator and area (re-loading never duplicates; the load log says
  what was replaced);
- bulk-inserts the rows (SQLite ``executemany`` on the driver connection).

Period labels are parsed to sortable start and end dates by
:func:`period_dates` (cached per distinct label).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

import numpy as np
import pandas as pd
import sqlalchemy as sa

from .. import catalogue as cat
from ..store import Workspace, indicator_values

VALUE_COLUMNS = [c.name for c in indicator_values.c if c.name != "id"]
KEY = ["indicator_id", "area_code", "sex", "age", "category_type", "category", "period"]
TEXT_DEFAULTS = {"sex": "", "age": "", "category_type": "", "category": ""}
UPPER_TIER_PREFIXES = ("E06", "E08", "E09", "E10")
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_name) if m})


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _two_digit_after(start_year: int, yy: int) -> int:
    year = (start_year // 100) * 100 + yy
    return year + 100 if year < start_year else year


@lru_cache(maxsize=4096)
def period_dates(label: str) -> tuple[dt.date | None, dt.date | None]:
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
    """Vectorised :func:`period_dates` as ISO date text, parsed once per distinct label."""
    codes, uniques = pd.factorize(labels.astype(str), sort=False)
    parsed = [period_dates(u) for u in uniques]
    starts = np.array([p[0] and p[0].isoformat() for p in parsed] + [None], dtype=object)
    ends = np.array([p[1] and p[1].isoformat() for p in parsed] + [None], dtype=object)
    return (pd.Series(starts[codes], index=labels.index, dtype=object),
            pd.Series(ends[codes], index=labels.index, dtype=object))


def _catalogue_map(conn: sa.Connection) -> dict[str, dict]:
    """Catalogue entries keyed by their own ID and by their Fingertips ID."""
    entries = {}
    for row in conn.execute(sa.select(cat.catalogue)):
        entry = row._asdict()
        entries[row.indicator_id] = entry
        if row.fingertips_id:
            entries.setdefault(str(row.fingertips_id), entry)
    return entries


def _as_list(series: pd.Series) -> list:
    """Column values for the DB driver: None for missing, dates as ISO text."""
    if series.dtype.kind == "f":
        return series.to_numpy(dtype=float, na_value=np.nan).tolist()  # NaN is stored as NULL by SQLite
    values = series.astype(object).where(series.notna(), None)
    return values.tolist()


def store_values(ws: Workspace, frame: pd.DataFrame, *, kind: str, filename: str, source: str,
                 partnership_upper_tier: bool = True) -> dict:
    """Store tidy indicator values; returns counts for the load report.

    ``frame`` has (some of) the columns of ``indicator_values``. Rows from an
    earlier load with the same ``source`` for the same indicator and area are
    replaced, and the load log records how many (action ``replaced``).
    """
    frame = frame.copy()
    for column, default in TEXT_DEFAULTS.items():
        frame[column] = frame[column].fillna(default).astype(str) if column in frame else default
    frame["indicator_id"] = frame["indicator_id"].astype(str)
    frame["source"] = source
    frame["loaded_from"] = filename
    if "is_synthetic" not in frame:
        frame["is_synthetic"] = False
    frame = frame.drop_duplicates(KEY, keep="last")
    with ws.begin() as conn:
        entries = _catalogue_map(conn)
        names = frame.drop_duplicates("indicator_id").set_index("indicator_id")["indicator_name"] \
            if "indicator_name" in frame else pd.Series(dtype=object)
        unknown = [(i, names.get(i)) for i in frame["indicator_id"].unique() if i not in entries]
        added = cat.ensure_indicators(conn, unknown, source) if unknown else []
        entries = _catalogue_map(conn) if added else entries
        ids = frame["indicator_id"].unique()
        id_map = {i: entries[i]["indicator_id"] if i in entries else i for i in ids}
        if any(k != v for k, v in id_map.items()):
            frame["indicator_id"] = frame["indicator_id"].map(id_map)
        for column in ("polarity", "unit"):
            lookup = {v: (entries.get(v) or {}).get(column) for v in id_map.values()}
            fallback = frame["indicator_id"].map(lookup)
            frame[column] = frame[column].fillna(fallback) if column in frame else fallback
        _upsert_areas(ws, conn, frame, partnership_upper_tier)

        pairs = frame[["indicator_id", "area_code"]].drop_duplicates()
        replaced, replaced_from = _previous(conn, pairs, source)
        indicators = sorted(frame["indicator_id"].unique())
        periods = sorted(frame["period"].unique(), key=lambda p: (period_dates(p)[1] or dt.date.min, p))
        detail = {"indicators": indicators, "rows": len(frame), "latest_period": periods[-1] if periods else None}
        if replaced:
            detail.update(replaced_rows=replaced, replaced_from=replaced_from)
        load_id = ws.log_load(kind, filename, len(frame), vintage=detail["latest_period"],
                              action="replaced" if replaced else "loaded", detail=detail, conn=conn)
        frame["load_id"] = load_id
        if replaced:
            _delete_previous(conn, pairs, source)
        _bulk_insert(conn, frame)
    return {"rows": len(frame), "indicators": indicators, "added_to_catalogue": added,
            "areas": int(frame["area_code"].nunique()), "periods": periods, "replaced_rows": replaced,
            "load_id": load_id}


def _is_sqlite(conn: sa.Connection) -> bool:
    return conn.dialect.name == "sqlite"


def _upsert_areas(ws: Workspace, conn: sa.Connection, frame: pd.DataFrame, partnership_upper_tier: bool) -> None:
    cols = [c for c in ("area_code", "area_name", "area_type", "parent_code") if c in frame]
    areas = frame[cols].drop_duplicates("area_code")
    rows = []
    for r in areas.to_dict("records"):
        code = r["area_code"]
        parent = r.get("parent_code") if isinstance(r.get("parent_code"), str) else None
        rows.append({
            "code": code, "name": r.get("area_name") if isinstance(r.get("area_name"), str) else None,
            "area_type": r.get("area_type") if isinstance(r.get("area_type"), str) else None,
            "parent_code": parent or None,
            "region_code": parent if parent and parent.startswith("E12") else None,
            "is_partnership": bool(partnership_upper_tier and str(code).startswith(UPPER_TIER_PREFIXES)),
        })
    ws.upsert_areas(rows, conn=conn)


def _chunks(pairs: pd.DataFrame):
    for indicator_id, group in pairs.groupby("indicator_id"):
        codes = group["area_code"].tolist()
        for i in range(0, len(codes), 500):
            yield indicator_id, codes[i:i + 500]


def _previous(conn: sa.Connection, pairs: pd.DataFrame, source: str) -> tuple[int, list[str]]:
    """How many stored rows from the same source this load replaces, and from which files."""
    iv = indicator_values
    count, files = 0, set()
    for indicator_id, codes in _chunks(pairs):
        for row in conn.execute(sa.select(iv.c.loaded_from, sa.func.count()).where(
                iv.c.source == source, iv.c.indicator_id == indicator_id, iv.c.area_code.in_(codes))
                .group_by(iv.c.loaded_from)):
            count += int(row[1])
            files.add(row[0])
    return count, sorted(f for f in files if f)


def _delete_previous(conn: sa.Connection, pairs: pd.DataFrame, source: str) -> None:
    iv = indicator_values
    for indicator_id, codes in _chunks(pairs):
        conn.execute(iv.delete().where(iv.c.source == source, iv.c.indicator_id == indicator_id,
                                       iv.c.area_code.in_(codes)))


def _bulk_insert(conn: sa.Connection, frame: pd.DataFrame) -> None:
    # All-empty columns are left to their default (NULL): fewer values for the driver to bind.
    columns = [c for c in VALUE_COLUMNS if c in frame and (c in KEY or frame[c].notna().any())]
    for column in ("period_start", "period_end"):
        if column in frame and any(isinstance(d, dt.date) for d in frame[column].dropna().head(1)):
            frame[column] = frame[column].map(lambda d: d.isoformat() if isinstance(d, dt.date) else d)
    if _is_sqlite(conn):
        # Columns with one value in the whole extract (source, file, load, unit ...) go into the statement as
        # literals, so the driver binds only the values that vary: the bind is most of the load's time.
        constants = {c: frame[c].iloc[0] for c in columns
                     if len(frame) > 1000 and frame[c].nunique(dropna=False) == 1 and _literal(frame[c].iloc[0])}
        varying = [c for c in columns if c not in constants]
        data = [_as_list(frame[c]) for c in varying]
        sql = (f"INSERT OR REPLACE INTO indicator_values ({', '.join(varying + list(constants))}) "
               f"VALUES ({', '.join(['?'] * len(varying) + [_literal(v) for v in constants.values()])})")
        cursor = conn.connection.driver_connection.cursor()
        try:
            cursor.executemany(sql, zip(*data))
        finally:
            cursor.close()
        return
    data = [_as_list(frame[c]) for c in columns]  # pragma: no cover - PostgreSQL path
    rows = [dict(zip(columns, values)) for values in zip(*data)]  # pragma: no cover - PostgreSQL path
    conn.execute(indicator_values.delete().where(
        sa.tuple_(*[indicator_values.c[k] for k in KEY]).in_([tuple(r[k] for k in KEY) for r in rows])))
    conn.execute(indicator_values.insert(), rows)


def _literal(value) -> str | None:
    """An SQL literal for a constant column (None when the value is not a simple type)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "NULL"
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return None
