"""The areas table as the indicator pages read it: regions, region codes, names and codes."""

from __future__ import annotations

from typing import Iterable

import pandas as pd
import sqlalchemy as sa

from .schema import areas
from .workspace import Workspace


def region_and_parent(ws: Workspace, area_code: str) -> tuple | None:
    """(region_code, parent_code) of an area, or None when the area is not recorded."""
    row = ws.read(sa.select(areas.c.region_code, areas.c.parent_code).where(areas.c.code == area_code))
    if row.empty:
        return None
    return row["region_code"].iloc[0], row["parent_code"].iloc[0]


def region_codes(ws: Workspace) -> pd.DataFrame:
    """Every area's region code: columns area_code, region_code."""
    return ws.read(sa.select(areas.c.code.label("area_code"), areas.c.region_code))


def regions(ws: Workspace) -> pd.DataFrame:
    """Region rows (codes E12...): code and name, by name."""
    return ws.read(sa.select(areas.c.code, areas.c.name).where(areas.c.code.like("E12%")).order_by(areas.c.name))


def codes_and_names(ws: Workspace) -> pd.DataFrame:
    """Every area's code and name."""
    return ws.read(sa.select(areas.c.code, areas.c.name))


def all_areas(ws: Workspace) -> pd.DataFrame:
    """Every area, by name."""
    return ws.areas()


def upsert(ws: Workspace, conn: sa.Connection, rows: Iterable[dict]) -> None:
    """Add or update areas inside a write transaction (names included: for official lookups, the demo
    and the user; uploads go through :func:`add_from_upload`)."""
    ws.upsert_areas(list(rows), conn=conn)


_WHOLE_TABLE_FROM = 5_000


def names_of(conn: sa.Connection, codes: Iterable[str]) -> dict[str, str]:
    """The stored name of each of ``codes`` that is recorded."""
    codes = list(dict.fromkeys(c for c in codes if c))
    found: dict[str, str] = {}
    if len(codes) > _WHOLE_TABLE_FROM:  # a lookup's 100,000s of codes: one pass over the table, not 100s of queries
        wanted = set(codes)
        return {code: name for code, name in conn.execute(sa.select(areas.c.code, areas.c.name)) if code in wanted}
    for i in range(0, len(codes), 500):
        query = sa.select(areas.c.code, areas.c.name).where(areas.c.code.in_(codes[i:i + 500]))
        found.update((code, name) for code, name in conn.execute(query))
    return found


def add_from_upload(ws: Workspace, conn: sa.Connection, rows: Iterable[dict]) -> list[tuple[str, str, str]]:
    """Add the areas an upload names, never renaming one already recorded (its type, parent and region
    may be filled in). A row may carry ``name_given``, the name as the file spelled it, when ``name`` is
    a cleaned version. Returns (code, stored name, name in the upload) for each name the upload did not
    change."""
    rows = [dict(r) for r in rows if r.get("code")]
    stored = names_of(conn, [r["code"] for r in rows])
    kept = []
    for row in rows:
        given = row.pop("name_given", None) or row.get("name")
        if row["code"] in stored:
            row.pop("name", None)
            if given and given != stored[row["code"]]:
                kept.append((row["code"], stored[row["code"]], given))
    ws.upsert_areas(rows, conn=conn)
    return kept


def area_row(ws: Workspace, code: str) -> dict | None:
    """One recorded area (code, name, area_type, parent_code, region_code, is_partnership), or None."""
    frame = ws.read(sa.select(areas).where(areas.c.code == code))
    return frame.iloc[0].to_dict() if not frame.empty else None


def set_partnership(conn: sa.Connection, code: str, flag: bool) -> None:
    """Mark an area as a partnership (or a comparator only)."""
    conn.execute(areas.update().where(areas.c.code == code).values(is_partnership=bool(flag)))
