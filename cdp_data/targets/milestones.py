"""The national first-year milestones of a partnership (seed 001): the list, the checklist built from the
stored dates, and the rows to store from an edited checklist."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..core.errors import LoadError
from ..core.numbers import as_date, is_missing

MILESTONES = [
    ("sro_nominated", "Senior Responsible Owner nominated"),
    ("partnership_formed", "Partnership formed"),
    ("footprint_confirmed", "Footprint confirmed"),
    ("terms_of_reference", "Terms of reference and governance agreed"),
    ("needs_assessment", "Joint needs assessment completed"),
    ("delivery_plan", "Local delivery plan agreed"),
    ("performance_dashboard", "Local performance dashboard in place"),
    ("annual_stock_take", "Annual stock-take completed"),
]
LABELS = dict(MILESTONES)
CHECKLIST_COLUMNS = ["milestone", "label", "met", "met_on", "note"]


def checklist(stored: pd.DataFrame) -> pd.DataFrame:
    """One row per national milestone, in the strategy's order: milestone key, label, met (bool),
    met_on (date or None), note; ``stored`` holds the partnership's rows (milestone, met_on, note)."""
    by_key = {r.milestone: r for r in stored.itertuples()}
    rows = []
    for key, label in MILESTONES:
        r = by_key.get(key)
        met_on = r.met_on if r is not None else None
        if isinstance(met_on, dt.datetime):
            met_on = met_on.date()
        note = plain_note(r.note) if r is not None else None
        rows.append({"milestone": key, "label": label, "met": met_on is not None, "met_on": met_on,
                     "note": note or ""})
    return pd.DataFrame(rows, columns=CHECKLIST_COLUMNS)


def plain_note(note) -> str | None:
    """A note as text; None when empty."""
    return None if note is None or (isinstance(note, float) and pd.isna(note)) or note == "" else str(note)


def _date(value) -> dt.date | None:
    if is_missing(value):
        return None
    date = as_date(value)
    if date is None:
        raise LoadError(f"“{value}” is not a date: use the format 2024-03-31.")
    return date


def _met_on(row: dict, today: dt.date) -> dt.date | None:
    """A ticked milestone with no date is dated ``today``; an unticked one loses its date."""
    met_on = _date(row.get("met_on"))
    ticked = row.get("met")
    met = bool(ticked) if ticked is not None and not pd.isna(ticked) else met_on is not None
    if not met:
        return None
    return met_on or today


def milestone_rows(frame: pd.DataFrame, partnership: str, today: dt.date) -> list[dict]:
    """The rows to store for a checklist as edited (unknown milestone keys are ignored)."""
    return [{"partnership_code": partnership, "milestone": r.get("milestone"), "met_on": _met_on(r, today),
             "note": plain_note(r.get("note"))}
            for r in frame.to_dict("records") if r.get("milestone") in LABELS]
