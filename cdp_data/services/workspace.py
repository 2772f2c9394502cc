"""What the workspace holds, as the Data page lists it, and the licence attribution lines it must show (see SOURCES.md)."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from ..core.attributions import DOCUMENT_SOURCE_NOTE, KIND_TO_LINE, LINES
from ..store import Workspace, datasets, load_log, value_segments
from ..store import plan_versions as plan_versions_table


def workspace_holdings(ws: Workspace) -> pd.DataFrame:
    """One row per thing the workspace holds: source, vintage, rows, loaded when, attribution."""
    ds = ws.read(sa.select(datasets.c.kind, datasets.c.name, datasets.c.vintage, datasets.c.rows,
                           datasets.c.loaded_at, datasets.c.source, datasets.c.attribution,
                           datasets.c.is_synthetic))
    ind = _indicator_holdings(ws)
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


def _indicator_holdings(ws: Workspace) -> pd.DataFrame:
    """One row per indicator: name, latest period held, rows, last loaded, source(s)."""
    vs = value_segments
    seg = ws.read(sa.select(vs.c.indicator_id, vs.c.indicator_name, vs.c.latest_period, vs.c.latest_period_end,
                            vs.c.rows, vs.c.source, vs.c.is_synthetic, load_log.c.loaded_at)
                  .select_from(vs.outerjoin(load_log, load_log.c.id == vs.c.load_id)))
    if seg.empty:
        return pd.DataFrame(columns=["kind", "name", "vintage", "rows", "loaded_at", "source", "is_synthetic"])
    seg = seg.sort_values("latest_period_end", na_position="first", key=lambda s: pd.to_datetime(s, errors="coerce"))
    grouped = seg.groupby("indicator_id", sort=False)
    out = pd.DataFrame({
        "name": grouped["indicator_name"].agg(lambda s: s.dropna().iloc[-1] if s.notna().any() else None),
        "vintage": grouped["latest_period"].agg(lambda s: s.dropna().iloc[-1] if s.notna().any() else None),
        "rows": grouped["rows"].sum(),
        "loaded_at": grouped["loaded_at"].max(),
        "source": grouped["source"].agg(lambda s: "; ".join(sorted(set(s.dropna()))) or None),
        "is_synthetic": grouped["is_synthetic"].any(),
    }).reset_index()
    out["name"] = out["name"].fillna(out["indicator_id"])
    out.insert(0, "kind", "indicator values")
    return out.drop(columns=["indicator_id"])


def workspace_attributions(ws: Workspace) -> list[str]:
    """The attribution lines the app must show for what this workspace holds."""
    lines: list[str] = []
    with ws.connect() as conn:
        for kind, attribution, synthetic in conn.execute(
            sa.select(datasets.c.kind, datasets.c.attribution, datasets.c.is_synthetic).distinct()
        ):
            if synthetic:
                continue
            if attribution:
                lines.append(attribution)
            elif kind in KIND_TO_LINE:
                lines.append(LINES[KIND_TO_LINE[kind]])
        sources = [s or "" for s in conn.execute(sa.select(value_segments.c.source).distinct()).scalars()]
    if any(("fingertips" in s.lower() or "ndtms" in s.lower() or "ohid" in s.lower()) for s in sources):
        lines.append(LINES["ohid"])
    if any("(seed 00" in s for s in sources):
        lines.append(DOCUMENT_SOURCE_NOTE)
    return list(dict.fromkeys(lines))
