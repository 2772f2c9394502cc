"""Use cases of the national milestones: a partnership's checklist, and saving it as edited."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..store import Workspace
from ..store import targets_repo as repo
from ..targets import milestones as rule
from .access import require_readable, writes


def milestone_checklist(ws: Workspace, partnership: str | None) -> pd.DataFrame:
    """One row per national milestone, in the strategy's order: milestone key, label, met (bool),
    met_on (date or None), note."""
    require_readable(ws, partnership)
    return rule.checklist(repo.milestone_rows(ws, partnership))


@writes("milestones saved", partnership="partnership")
def save_milestones(ws: Workspace, partnership: str, frame: pd.DataFrame, today: dt.date | None = None) -> int:
    """Store the checklist as edited: a ticked milestone with no date is dated ``today``;
    an unticked one loses its date. Returns the number of milestones met."""
    rows = rule.milestone_rows(frame, partnership, today or dt.date.today())
    with ws.begin() as conn:
        repo.replace_milestones(conn, partnership, rows)
    return sum(1 for r in rows if r["met_on"] is not None)
