"""What the workspace holds, as the Data page and the CLI list it, and the licence attribution lines it
must show (see SOURCES.md)."""

from __future__ import annotations

import pandas as pd

from ..core.attributions import DOCUMENT_SOURCE_NOTE, KIND_TO_LINE, LINES
from ..store import Workspace
from ..store import load_history
from .ownership import readable, visible_loads

HOLDING_COLUMNS = ["kind", "name", "vintage", "rows", "loaded_at", "source", "attribution", "is_synthetic"]


def workspace_summary(ws: Workspace) -> dict:
    """What the workspace holds, as plain JSON-able data (partnerships, values, plans, datasets)."""
    return ws.summary()


def visible_counts(ws: Workspace) -> dict:
    """What the acting user may see of the workspace, counted: indicator values, plan versions and datasets (other
    partnerships' local figures, plans and harm counts left out, so their sizes cannot be read off the sidebar),
    and whether any of it is synthetic: the totals of :func:`workspace_holdings`, counted from the same rows
    without naming each indicator (the sidebar asks at every change of the workspace)."""
    owners = readable(ws)
    parts = [load_history.dataset_holdings(ws, owners), load_history.plan_version_holdings(ws, owners)]
    values = load_history.value_segments_with_loads(ws, owners)
    kinds = pd.concat([p["kind"].astype(str) for p in parts], ignore_index=True)
    rows = pd.concat([p["rows"] for p in parts], ignore_index=True)
    indicator_rows, plans = kinds.eq("indicator values"), kinds.eq("delivery plan")
    flags = pd.concat([p["is_synthetic"] for p in [*parts, values]], ignore_index=True)
    return {"indicator_values": int(values["rows"].fillna(0).sum() + rows[indicator_rows].fillna(0).sum()),
            "plan_versions": int(plans.sum()), "datasets": int((~indicator_rows & ~plans).sum()),
            "synthetic": bool(flags.fillna(False).astype(bool).any())}


def load_history_of(ws: Workspace) -> pd.DataFrame:
    """The load log, newest first: national loads and those of the acting user's partnerships."""
    return visible_loads(ws, ws.loads())


def workspace_holdings(ws: Workspace) -> pd.DataFrame:
    """One row per thing the workspace holds: source, vintage, rows, loaded when, attribution."""
    owners = readable(ws)
    ds = load_history.dataset_holdings(ws, owners)
    ind = _indicator_holdings(ws, owners)
    ind["attribution"] = None
    pv = load_history.plan_version_holdings(ws, owners)
    pv["attribution"] = None
    frames = [f for f in (ds, ind, pv) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=HOLDING_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out["is_synthetic"] = out["is_synthetic"].fillna(False).astype(bool)
    return out.sort_values(["kind", "name"]).reset_index(drop=True)


def _last_given(values: pd.Series):
    return values.dropna().iloc[-1] if values.notna().any() else None


def _indicator_holdings(ws: Workspace, owners) -> pd.DataFrame:
    """One row per indicator: name, latest period held, rows, last loaded, source(s)."""
    seg = load_history.value_segments_with_loads(ws, owners)
    if seg.empty:
        return pd.DataFrame(columns=["kind", "name", "vintage", "rows", "loaded_at", "source", "is_synthetic"])
    seg = seg.sort_values("latest_period_end", na_position="first", key=lambda s: pd.to_datetime(s, errors="coerce"))
    grouped = seg.groupby("indicator_id", sort=False)
    out = pd.DataFrame({
        "name": grouped["indicator_name"].agg(_last_given),
        "vintage": grouped["latest_period"].agg(_last_given),
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
    for kind, attribution, synthetic in load_history.dataset_attributions(ws):
        if synthetic:
            continue
        if attribution:
            lines.extend(line.strip() for line in attribution.splitlines() if line.strip())  # one source a line
        elif kind in KIND_TO_LINE:
            lines.append(LINES[KIND_TO_LINE[kind]])
    sources = load_history.value_sources(ws)
    if any(("fingertips" in s.lower() or "ndtms" in s.lower() or "ohid" in s.lower()) for s in sources):
        lines.append(LINES["ohid"])
    if any("(seed 00" in s for s in sources):
        lines.append(DOCUMENT_SOURCE_NOTE)
    lines = list(dict.fromkeys(lines))
    # ONS's plain line is the start of its boundaries line: said once, inside the longer one
    return [line for line in lines if not any(other != line and other.startswith(line) for other in lines)]
