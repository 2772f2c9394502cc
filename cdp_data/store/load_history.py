"""The load log and the value segments' provenance: when and from where indicator values came."""

from __future__ import annotations

import json

import pandas as pd
import sqlalchemy as sa

from .schema import (datasets, load_changes, load_log, plan_versions, retained_datasets, retained_segments,
                     value_segments)
from .workspace import Workspace


def loads_of_indicator(ws: Workspace, indicator_id: str, owners=None) -> pd.DataFrame:
    """The loads that wrote an indicator's values (national, or of ``owners``: None for all), newest first:
    loaded_at, source_file, kind."""
    vs = value_segments
    written = _of(sa.select(vs.c.load_id).where(vs.c.indicator_id == indicator_id), vs, owners)
    return ws.read(sa.select(load_log.c.loaded_at, load_log.c.source_file, load_log.c.kind)
                   .where(load_log.c.id.in_(written)).order_by(load_log.c.loaded_at.desc()))


def sources_of_indicator(ws: Workspace, indicator_id: str, owners=None) -> list[str]:
    """The distinct non-empty sources of an indicator's values (national, or of ``owners``: None for all)."""
    vs = value_segments
    sources = ws.read(_of(sa.select(vs.c.source).distinct().where(vs.c.indicator_id == indicator_id), vs, owners))
    return [s for s in sources.iloc[:, 0].tolist() if s] if not sources.empty else []


def record_outcome(conn: sa.Connection, load_id: int, *, vintage, action: str, detail: dict) -> None:
    """Complete a load log entry: its vintage, what it did and the details."""
    conn.execute(load_log.update().where(load_log.c.id == load_id).values(
        vintage=vintage, action=action, detail=json.dumps(detail)))


def _of(query, table: sa.Table, owners):
    """Only national rows and those of ``owners`` (None: all)."""
    if owners is None:
        return query
    return query.where(sa.or_(table.c.owner.is_(None), table.c.owner.in_(sorted(owners))))


def value_segments_with_loads(ws: Workspace, owners=None) -> pd.DataFrame:
    """One row per value segment (national, or of ``owners``: None for all) with the time of the load that wrote it."""
    vs = value_segments
    return ws.read(_of(sa.select(vs.c.indicator_id, vs.c.indicator_name, vs.c.latest_period, vs.c.latest_period_end,
                                 vs.c.rows, vs.c.source, vs.c.is_synthetic, load_log.c.loaded_at)
                       .select_from(vs.outerjoin(load_log, load_log.c.id == vs.c.load_id)), vs, owners))


def load_owners(ws: Workspace) -> pd.DataFrame:
    """(load_id, owner) for every load that wrote a partnership's own figures: local-figure segments (kept or
    live) and harm-count tables (through the load journal)."""
    parts = [sa.select(t.c.load_id, t.c.owner).where(t.c.owner.is_not(None), t.c.load_id.is_not(None))
             for t in (value_segments, retained_segments)]
    for t in (datasets, retained_datasets):
        parts.append(sa.select(load_changes.c.load_id, t.c.owner)
                     .select_from(load_changes.join(t, sa.cast(t.c.id, sa.String) == load_changes.c.key))
                     .where(load_changes.c.target == "datasets", t.c.owner.is_not(None)))
    return ws.read(sa.union(*parts))


def dataset_holdings(ws: Workspace, owners=None) -> pd.DataFrame:
    """Stored datasets (national, or of ``owners``: None for all): kind, name, vintage, rows, loaded_at, source,
    attribution, is_synthetic."""
    return ws.read(_of(sa.select(datasets.c.kind, datasets.c.name, datasets.c.vintage, datasets.c.rows,
                                 datasets.c.loaded_at, datasets.c.source, datasets.c.attribution,
                                 datasets.c.is_synthetic), datasets, owners))


def plan_version_holdings(ws: Workspace, partnerships=None) -> pd.DataFrame:
    """Delivery plan versions (of ``partnerships``: None for all) in the shape of :func:`dataset_holdings`
    (without attribution)."""
    pv = plan_versions
    query = sa.select(sa.literal("delivery plan").label("kind"), pv.c.filename.label("name"),
                      pv.c.partnership_code.label("vintage"), pv.c.n_actions.label("rows"),
                      pv.c.uploaded_at.label("loaded_at"), pv.c.uploaded_by.label("source"), pv.c.is_synthetic)
    if partnerships is not None:
        query = query.where(pv.c.partnership_code.in_(sorted(partnerships)))
    return ws.read(query)


def dataset_attributions(ws: Workspace) -> list[tuple]:
    """Distinct (kind, attribution, is_synthetic) of the stored datasets."""
    with ws.connect() as conn:
        return [tuple(r) for r in conn.execute(
            sa.select(datasets.c.kind, datasets.c.attribution, datasets.c.is_synthetic).distinct())]


def value_sources(ws: Workspace) -> list[str]:
    """The distinct sources of the stored indicator values ('' for none)."""
    with ws.connect() as conn:
        return [s or "" for s in conn.execute(sa.select(value_segments.c.source).distinct()).scalars()]
