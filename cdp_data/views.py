"""Page-facing reads of the workspace used by the foundation pages.

Named for what the user sees. Small-number rule: counts under 5 are never
returned here (see :mod:`cdp_data.suppression`).
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from .store import Workspace, catalogue, datasets, indicator_values, load_log
from .store import plan_versions as plan_versions_table
from .suppression import suppress_counts


def partnership_values(ws: Workspace, partnership: str | None) -> pd.DataFrame:
    """All indicator values for one area, newest period first, counts under 5 suppressed."""
    if not partnership:
        return pd.DataFrame(columns=["indicator_id", "indicator", "period", "value", "count", "source"])
    iv = indicator_values
    query = (
        sa.select(iv.c.indicator_id, sa.func.coalesce(catalogue.c.short_name, iv.c.indicator_name).label("indicator"),
                  iv.c.period, iv.c.period_end, iv.c.value, iv.c.lower_ci95, iv.c.upper_ci95, iv.c.count,
                  iv.c.unit, iv.c.note, iv.c.source)
        .select_from(iv.outerjoin(catalogue, catalogue.c.indicator_id == iv.c.indicator_id))
        .where(iv.c.area_code == partnership)
        .order_by(iv.c.indicator_id, iv.c.period_end.desc())
    )
    return suppress_counts(ws.read(query), ["count"])


def latest_values(ws: Workspace, partnership: str | None) -> pd.DataFrame:
    """The latest value of each indicator for one area."""
    values = partnership_values(ws, partnership)
    if values.empty:
        return values
    return values.sort_values("period_end").groupby("indicator_id", as_index=False).tail(1)


def areas_per_indicator(ws: Workspace) -> pd.DataFrame:
    iv = indicator_values
    query = (sa.select(iv.c.indicator_id, sa.func.max(iv.c.indicator_name).label("indicator"),
                       sa.func.count(sa.distinct(iv.c.area_code)).label("areas"),
                       sa.func.count(sa.distinct(iv.c.period)).label("periods"))
             .group_by(iv.c.indicator_id).order_by(iv.c.indicator_id))
    return ws.read(query)


def plan_versions(ws: Workspace, partnership: str | None) -> pd.DataFrame:
    query = sa.select(plan_versions_table).order_by(plan_versions_table.c.uploaded_at.desc(), plan_versions_table.c.id.desc())
    if partnership:
        query = query.where(plan_versions_table.c.partnership_code == partnership)
    return ws.read(query)


def workspace_holdings(ws: Workspace) -> pd.DataFrame:
    """One row per thing the workspace holds: source, vintage, rows, loaded when, attribution."""
    ds = ws.read(sa.select(datasets.c.kind, datasets.c.name, datasets.c.vintage, datasets.c.rows,
                           datasets.c.loaded_at, datasets.c.source, datasets.c.attribution,
                           datasets.c.is_synthetic))
    iv = indicator_values
    ind = ws.read(
        sa.select(sa.literal("indicator values").label("kind"),
                  sa.func.coalesce(iv.c.indicator_name, iv.c.indicator_id).label("name"),
                  sa.func.max(iv.c.period).label("vintage"), sa.func.count().label("rows"),
                  sa.func.max(load_log.c.loaded_at).label("loaded_at"), sa.func.max(iv.c.source).label("source"),
                  sa.func.max(iv.c.is_synthetic).label("is_synthetic"))
        .select_from(iv.outerjoin(load_log, load_log.c.id == iv.c.load_id))
        .group_by(iv.c.indicator_id, iv.c.indicator_name)
    )
    ind["attribution"] = None
    pv = ws.read(sa.select(sa.literal("delivery plan").label("kind"), plan_versions_table.c.filename.label("name"),
                           plan_versions_table.c.partnership_code.label("vintage"),
                           plan_versions_table.c.n_actions.label("rows"), plan_versions_table.c.uploaded_at.label("loaded_at"),
                           plan_versions_table.c.uploaded_by.label("source"), plan_versions_table.c.is_synthetic))
    pv["attribution"] = None
    frames = [f for f in (ds, ind, pv) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=["kind", "name", "vintage", "rows", "loaded_at", "source", "attribution",
                                     "is_synthetic"])
    out = pd.concat(frames, ignore_index=True)
    out["is_synthetic"] = out["is_synthetic"].fillna(False).astype(bool)
    return out.sort_values(["kind", "name"]).reset_index(drop=True)
