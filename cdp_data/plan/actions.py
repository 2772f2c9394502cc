"""Actions of a plan: a stable key across versions, what is late or due soon, counts by status, filters.
Statuses are codes (red, amber, green, complete, not_started, or None for no status)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pandas as pd

from ..core.numbers import as_date

STATUSES = ["red", "amber", "green", "complete", "not_started"]
# The value grouped and filtered on when an action gives no priority or lead (also what the page shows).
NOT_GIVEN = "Not given"


def normalise_action(text: str | None) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", str(text or "").lower())).strip()


def action_key(text: str | None) -> str:
    """A stable key for an action across versions: a hash of its normalised text."""
    return hashlib.sha256(normalise_action(text).encode("utf-8")).hexdigest()[:32]


def status_code(status) -> str | None:
    """The status as a code; ``None`` for no status (a missing value of any kind)."""
    return status if isinstance(status, str) else None


def is_open(status) -> bool:
    return status != "complete"


def overdue(frame: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Actions not complete whose due date has passed, oldest first."""
    if frame.empty:
        return frame
    due = frame["due"].map(as_date)
    mask = frame["status"].map(is_open) & due.map(lambda d: d is not None and d < today)
    out = frame[mask].copy()
    out["days_overdue"] = [(today - as_date(d)).days for d in out["due"]]
    return out.sort_values("due")


def due_soon(frame: pd.DataFrame, today: dt.date, days: int = 30) -> pd.DataFrame:
    """Actions not complete due between today and ``days`` days from today."""
    if frame.empty:
        return frame
    end = today + dt.timedelta(days=days)
    due = frame["due"].map(as_date)
    mask = frame["status"].map(is_open) & due.map(lambda d: d is not None and today <= d <= end)
    return frame[mask].sort_values("due")


def _status_rank(status) -> int:
    code = status_code(status)
    return STATUSES.index(code) if code in STATUSES else len(STATUSES)


def status_summary(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Counts of actions by ``by`` (priority or lead) and status, tidy: by, status, actions;
    sorted by ``by`` and then in the order of :data:`STATUSES` (no status last)."""
    if frame.empty:
        return pd.DataFrame(columns=[by, "status", "actions"])
    data = pd.DataFrame({by: frame[by].fillna(NOT_GIVEN), "rank": frame["status"].map(_status_rank)})
    out = data.groupby([by, "rank"]).size().reset_index(name="actions").sort_values([by, "rank"])
    out["status"] = [STATUSES[r] if r < len(STATUSES) else None for r in out["rank"]]
    return out[[by, "status", "actions"]].reset_index(drop=True)


def filter_actions(frame: pd.DataFrame, *, priorities=None, leads=None, statuses=None,
                   search: str | None = None) -> pd.DataFrame:
    """Filter by priority, lead, status codes (``None`` for no status) and a case-insensitive text search."""
    out = frame
    if priorities:
        out = out[out["priority"].fillna(NOT_GIVEN).isin(priorities)]
    if leads:
        out = out[out["lead"].fillna(NOT_GIVEN).isin(leads)]
    if statuses:
        wanted = set(statuses)
        out = out[out["status"].map(lambda s: status_code(s) in wanted).astype(bool)]
    if search and search.strip():
        needle = search.strip().lower()
        text = out[["ref", "priority", "objective", "action", "lead", "progress"]].fillna("").astype(str).agg(
            " ".join, axis=1).str.lower()
        out = out[text.str.contains(needle, regex=False)]
    return out


def headline_counts(frame: pd.DataFrame, today: dt.date) -> list[tuple[str, int]]:
    """The figures across the top of the page, as codes: actions, overdue, due_soon (30 days) and each RAG
    status."""
    counts = frame["status"].map(status_code).value_counts()
    return [("actions", len(frame)), ("overdue", len(overdue(frame, today))),
            ("due_soon", len(due_soon(frame, today))),
            *[(s, int(counts.get(s, 0))) for s in ("red", "amber", "green", "complete")]]


def linked_actions(links_frame: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """The links (action_key, indicator_id, indicator) of the actions in ``frame``: action text, indicator ID,
    indicator."""
    texts = dict(zip(frame["action_key"], frame["action"]))
    table = links_frame.assign(action=links_frame["action_key"].map(texts)).dropna(subset=["action"])
    return table[["action", "indicator_id", "indicator"]]
