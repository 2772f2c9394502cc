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
    """Add or update areas inside a write transaction."""
    ws.upsert_areas(list(rows), conn=conn)
