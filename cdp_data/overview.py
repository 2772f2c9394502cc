"""The Overview page's one door: headline tiles, the dumbbell chart's data, the sources.

Everything here is plain data (dicts and DataFrames); the page draws it and
:mod:`cdp_data.report` prints it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from . import targets as tg
from .store.indicator_values import read_values
from .store import Workspace, areas, catalogue

# Headline tiles in order; each is a list of indicator ids, the first with data wins.
HEADLINES: list[tuple[str, list[str]]] = [
    ("Adults in treatment", ["adults_in_treatment"]),
    ("Young people in treatment", ["young_people_in_treatment"]),
    ("Continuity of care", ["continuity_of_care"]),
    ("Deaths from drug misuse", ["92432", "drug_related_deaths"]),
    ("Unmet need: OCU", ["93517"]),
    ("Successful completions", ["successful_completions", "90244"]),
]
DEFAULT_DUMBBELL_INDICATOR = "continuity_of_care"


def _fmt_date(value: dt.date | None) -> str | None:
    return f"{value.day} {value:%b %Y}" if value else None


def _target_text(status: tg.TargetStatus | None) -> str | None:
    if status is None:
        return None
    if status.target is not None:
        when = status.target_period or _fmt_date(status.target_date)
        return tg.format_number(status.target, status.value_type, status.unit) + (f" by {when}" if when else "")
    return status.target_text or None


def _tile(status: tg.TargetStatus | None, indicator_id: str, title: str, series: pd.DataFrame) -> dict:
    style = tg.STATUS_STYLE[status.status if status else tg.NOT_ENOUGH_DATA]
    target_text = _target_text(status)
    vt = status.value_type if status else None
    spark = [] if series is None or series.empty else [
        {"period": r.period, "period_end": r.period_end.isoformat() if r.period_end else None, "value": r.value}
        for r in series.itertuples() if pd.notna(r.value)
        and not tg.is_small_count(float(r.value), vt, None if pd.isna(r.count) else float(r.count))
    ]
    if status is None or status.latest is None:
        suppressed = bool(status and status.latest_suppressed)
        help_text = ("The latest count is under 5, so it is not shown (small-number rule)." if suppressed else
                     "No data for this indicator and partnership yet: load it on the Data page.")
        return {
            "indicator_id": indicator_id, "title": title, "has_data": False,
            "latest": None, "latest_text": "Under 5 (not shown)" if suppressed else "No data yet",
            "latest_period": status.latest_period if suppressed else None,
            "baseline_text": None, "target_text": target_text, "change_text": None,
            "status": status.status if status else tg.NOT_ENOUGH_DATA,
            "status_reason": status.reason if status else "There is no data yet.",
            "colour": style["colour"], "symbol": style["symbol"], "text_colour": style["text_colour"],
            "sparkline": spark if suppressed else [], "source": None, "help": help_text, "trend": None,
            "value_type": status.value_type if status else None, "polarity": status.polarity if status else None,
        }
    vt, unit = status.value_type, status.unit
    baseline_text = (f"{tg.format_number(status.baseline, vt, unit)} ({status.baseline_period})"
                     if status.baseline is not None else None)
    help_text = (f"Latest period: {status.latest_period}. Source: {status.latest_source or 'not recorded'}."
                 + (f" Baseline period: {status.baseline_period}." if status.baseline_period else "")
                 + (f" Status: {status.reason}" if status.status not in (tg.NO_TARGET,) else ""))
    unit_note = f" {unit}" if vt == "rate" and unit else ""
    return {
        "indicator_id": indicator_id, "title": title, "has_data": True,
        "latest": status.latest, "latest_text": tg.format_number(status.latest, vt, unit) + unit_note,
        "latest_period": status.latest_period, "baseline_text": baseline_text, "target_text": target_text,
        "change_text": status.change_text, "status": status.status, "status_reason": status.reason,
        "colour": style["colour"], "symbol": style["symbol"], "text_colour": style["text_colour"],
        "sparkline": spark, "source": status.latest_source, "help": help_text, "trend": status.trend,
        "value_type": vt, "polarity": status.polarity,
    }


def _with_label(tile: dict) -> dict:
    """The word shown on the tile: Monitor targets show the trend instead of a judgement."""
    label = tile["status"]
    if label == tg.MONITOR and tile.get("trend"):
        label = f"Monitor: {tile['trend'].lower()}"
    return {**tile, "status_label": label}


def overview_tiles(ws: Workspace, partnership: str | None) -> list[dict]:
    """Headline tiles for one partnership: the six headline indicators, then any other indicator
    with a target. Tiles without data say so (``has_data`` False, "No data yet"), never zero."""
    if not partnership:
        return []
    statuses = {s.indicator_id: s for s in tg.target_statuses(ws, partnership)}
    values = tg.headline_values(ws, partnership)
    names = dict(ws.read(sa.select(catalogue.c.indicator_id,
                                   sa.func.coalesce(catalogue.c.short_name, catalogue.c.name))).itertuples(
        index=False, name=None))

    def series(indicator_id: str) -> pd.DataFrame:
        if values.empty:
            return values
        return values[values["indicator_id"] == indicator_id].sort_values("period_end")

    tiles, used = [], set()
    for title, candidates in HEADLINES:
        chosen = next((c for c in candidates if c in statuses
                       and (statuses[c].latest is not None or statuses[c].latest_suppressed)), candidates[0])
        used.update(candidates)
        tiles.append(_with_label(_tile(statuses.get(chosen), chosen, title, series(chosen))))
    for indicator_id, status in statuses.items():
        if indicator_id in used or status.status == tg.NO_TARGET:
            continue
        tiles.append(_with_label(_tile(status, indicator_id, names.get(indicator_id, indicator_id),
                                       series(indicator_id))))
    return tiles


def status_counts(tiles: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for t in tiles:
        counts[t["status"]] = counts.get(t["status"], 0) + 1
    return counts


def status_counts_text(counts: dict[str, int]) -> str:
    """The line above the tiles, in the order of :data:`targets.STATUSES` (Markdown, counts in bold):
    ``"**3** on track · **1** off track"``."""
    return " · ".join(f"**{counts[s]}** {s.lower()}" for s in tg.STATUSES if s in counts)


def tile_details(tile: dict) -> list[str]:
    """The three lines under a tile: latest period, baseline and target, each saying when it is missing."""
    return [f"Latest: {tile['latest_period']}" if tile["latest_period"] else "Load it on the Data page",
            f"Baseline: {tile['baseline_text']}" if tile["baseline_text"] else "No baseline",
            f"Target: {tile['target_text']}" if tile["target_text"] else "No target set"]


def default_dumbbell_indicator(ids: list[str]) -> str | None:
    """The indicator the comparison opens on: :data:`DEFAULT_DUMBBELL_INDICATOR` when offered, else the first."""
    return DEFAULT_DUMBBELL_INDICATOR if DEFAULT_DUMBBELL_INDICATOR in ids else (ids[0] if ids else None)


def with_points(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`dumbbell_data` that have something to draw (a baseline, a latest value or a target)."""
    return frame[frame[["baseline", "latest", "target"]].notna().any(axis=1)]


def dumbbell_indicators(ws: Workspace) -> list[tuple[str, str]]:
    """Indicators with a baseline, a target or a value for some partnership: (id, display name), by name."""
    partner_codes = ws.read(sa.select(areas.c.code).where(areas.c.is_partnership.is_(True)))["code"].tolist()
    ids = set(read_values(ws, ["indicator_id"], area_code=partner_codes)["indicator_id"])
    ids |= {s.indicator_id for s in tg.target_statuses(ws) if s.baseline is not None or s.target is not None}
    names = dict(ws.read(sa.select(catalogue.c.indicator_id,
                                   sa.func.coalesce(catalogue.c.short_name, catalogue.c.name))).itertuples(
        index=False, name=None))
    return sorted(((i, names.get(i, i)) for i in ids), key=lambda x: x[1].lower())


def dumbbell_data(ws: Workspace, indicator_id: str) -> pd.DataFrame:
    """One row per partnership: baseline, latest, target (each with its period), change and status,
    for the dumbbell chart and its table. Partnerships without data are kept with empty values."""
    parts = ws.partnerships()
    by_code = {s.partnership_code: s for s in tg.target_statuses(ws) if s.indicator_id == indicator_id}
    rows = []
    for p in parts.itertuples():
        s = by_code.get(p.code)
        rows.append({
            "partnership_code": p.code, "partnership": p.name,
            "baseline": s.baseline if s else None, "baseline_period": s.baseline_period if s else None,
            "latest": s.latest if s else None, "latest_period": s.latest_period if s else None,
            "target": s.target if s else None,
            "target_period": (s.target_period or (s.target_date.isoformat() if s.target_date else None)) if s else None,
            "change": s.change_text if s else None,
            "status": s.status if s else tg.NOT_ENOUGH_DATA,
        })
    return pd.DataFrame(rows, columns=["partnership_code", "partnership", "baseline", "baseline_period", "latest",
                                       "latest_period", "target", "target_period", "change", "status"])


def overview_sources(tiles: list[dict]) -> list[str]:
    """The distinct sources behind the tiles, in tile order."""
    return list(dict.fromkeys(t["source"] for t in tiles if t.get("source")))


def uses_synthetic_data(ws: Workspace, partnership: str | None) -> bool:
    if not partnership:
        return False
    return bool(read_values(ws, ["is_synthetic"], area_code=partnership)["is_synthetic"].any())
