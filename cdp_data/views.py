"""What the workspace holds, as the Data page lists it."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from .store import Workspace, datasets, indicator_values, load_log
from .store import plan_versions as plan_versions_table


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
