"""The national first-year milestones for a partnership (seed 001) and the date each was met."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa

from .demo import MILESTONES
from .core.errors import LoadError
from .store import Workspace, milestones
from .core.numbers import as_date, is_missing

LABELS = dict(MILESTONES)


def milestone_checklist(ws: Workspace, partnership: str | None) -> pd.DataFrame:
    """One row per national milestone, in the strategy's order: milestone key, label, met (bool),
    met_on (date or None), note."""
    stored = {}
    if partnership:
        with ws.connect() as conn:
            stored = {r.milestone: r for r in conn.execute(
                sa.select(milestones).where(milestones.c.partnership_code == partnership))}
    rows = []
    for key, label in MILESTONES:
        r = stored.get(key)
        met_on = r.met_on if r is not None else None
        if isinstance(met_on, dt.datetime):
            met_on = met_on.date()
        rows.append({"milestone": key, "label": label, "met": met_on is not None, "met_on": met_on,
                     "note": (r.note if r is not None else None) or ""})
    return pd.DataFrame(rows, columns=["milestone", "label", "met", "met_on", "note"])


def _date(value) -> dt.date | None:
    if is_missing(value):
        return None
    date = as_date(value)
    if date is None:
        raise LoadError(f"“{value}” is not a date: use the format 2024-03-31.")
    return date


def save_milestones(ws: Workspace, partnership: str, frame: pd.DataFrame, today: dt.date | None = None) -> int:
    """Store the checklist as edited: a ticked milestone with no date is dated ``today``;
    an unticked one loses its date. Returns the number of milestones met."""
    today = today or dt.date.today()
    rows = []
    for r in frame.to_dict("records"):
        key = r.get("milestone")
        if key not in LABELS:
            continue
        met_on = _date(r.get("met_on"))
        met = bool(r.get("met")) if r.get("met") is not None and not pd.isna(r.get("met")) else met_on is not None
        if met and met_on is None:
            met_on = today
        if not met:
            met_on = None
        note = r.get("note")
        note = None if note is None or (isinstance(note, float) and pd.isna(note)) or note == "" else str(note)
        rows.append({"partnership_code": partnership, "milestone": key, "met_on": met_on, "note": note})
    with ws.begin() as conn:
        conn.execute(milestones.delete().where(milestones.c.partnership_code == partnership,
                                               milestones.c.milestone.in_([r["milestone"] for r in rows])))
        if rows:
            conn.execute(milestones.insert(), rows)
    return sum(1 for r in rows if r["met_on"] is not None)
