"""The load log and the value segments' provenance: when and from where indicator values came."""

from __future__ import annotations

import json

import pandas as pd
import sqlalchemy as sa

from .schema import datasets, load_log, plan_versions, value_segments
from .workspace import Workspace


def loads_of_indicator(ws: Workspace, indicator_id: str) -> pd.DataFrame:
    """The loads that wrote an indicator's values, newest first: loaded_at, source_file, kind."""
    vs = value_segments
    return ws.read(sa.select(load_log.c.loaded_at, load_log.c.source_file, load_log.c.kind)
                   .where(load_log.c.id.in_(sa.select(vs.c.load_id).where(vs.c.indicator_id == indicator_id)))
                   .order_by(load_log.c.loaded_at.desc()))


def sources_of_indicator(ws: Workspace, indicator_id: str) -> list[str]:
    """The distinct non-empty sources of an indicator's values."""
    vs = value_segments
    sources = ws.read(sa.select(vs.c.source).distinct().where(vs.c.indicator_id == indicator_id))
    return [s for s in sources.iloc[:, 0].tolist() if s] if not sources.empty else []


def record_outcome(conn: sa.Connection, load_id: int, *, vintage, action: str, detail: dict) -> None:
    """Complete a load log entry: its vintage, what it did and the details."""
    conn.execute(load_log.update().where(load_log.c.id == load_id).values(
        vintage=vintage, action=action, detail=json.dumps(detail)))


def value_segments_with_loads(ws: Workspace) -> pd.DataFrame:
    """One row per value segment with the time of the load that wrote it."""
    vs = value_segments
    return ws.read(sa.select(vs.c.indicator_id, vs.c.indicator_name, vs.c.latest_period, vs.c.latest_period_end,
                             vs.c.rows, vs.c.source, vs.c.is_synthetic, load_log.c.loaded_at)
                   .select_from(vs.outerjoin(load_log, load_log.c.id == vs.c.load_id)))


def dataset_holdings(ws: Workspace) -> pd.DataFrame:
    """Stored datasets: kind, name, vintage, rows, loaded_at, source, attribution, is_synthetic."""
    return ws.read(sa.select(datasets.c.kind, datasets.c.name, datasets.c.vintage, datasets.c.rows,
                             datasets.c.loaded_at, datasets.c.source, datasets.c.attribution,
                             datasets.c.is_synthetic))


def plan_version_holdings(ws: Workspace) -> pd.DataFrame:
    """Delivery plan versions in the shape of :func:`dataset_holdings` (without attribution)."""
    pv = plan_versions
    return ws.read(sa.select(sa.literal("delivery plan").label("kind"), pv.c.filename.label("name"),
                             pv.c.partnership_code.label("vintage"), pv.c.n_actions.label("rows"),
                             pv.c.uploaded_at.label("loaded_at"), pv.c.uploaded_by.label("source"),
                             pv.c.is_synthetic))


def dataset_attributions(ws: Workspace) -> list[tuple]:
    """Distinct (kind, attribution, is_synthetic) of the stored datasets."""
    with ws.connect() as conn:
        return [tuple(r) for r in conn.execute(
            sa.select(datasets.c.kind, datasets.c.attribution, datasets.c.is_synthetic).distinct())]


def value_sources(ws: Workspace) -> list[str]:
    """The distinct sources of the stored indicator values ('' for none)."""
    with ws.connect() as conn:
        return [s or "" for s in conn.execute(sa.select(value_segments.c.source).distinct()).scalars()]
