"""The delivery plan as data: actions matched across versions, what is late or due soon, counts by status,
and what changed between two versions. Pure functions over DataFrames."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

import pandas as pd

from ..core.numbers import as_date, plain
from ..present.plan import STATUS_WORDS

def normalise_action(text: str | None) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", str(text or "").lower())).strip()


def action_key(text: str | None) -> str:
    """A stable key for an action across versions: a hash of its normalised text."""
    return hashlib.sha256(normalise_action(text).encode("utf-8")).hexdigest()[:32]


# ---------------------------------------------------------------------------
# Tracking: overdue, due soon, summaries
# ---------------------------------------------------------------------------
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


def status_summary(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Counts of actions by ``by`` (priority or lead) and status, tidy: by, status, status_word, actions."""
    if frame.empty:
        return pd.DataFrame(columns=[by, "status", "status_word", "actions"])
    data = frame.assign(**{by: frame[by].fillna("Not given"), "status": frame["status"].where(
        frame["status"].notna(), None)})
    data["status_word"] = data["status"].map(lambda s: STATUS_WORDS.get(s if isinstance(s, str) else None))
    out = data.groupby([by, "status_word"], dropna=False).size().reset_index(name="actions")
    out["status"] = out["status_word"].map({v: k for k, v in STATUS_WORDS.items()})
    order = {w: i for i, w in enumerate(STATUS_WORDS.values())}
    return out.sort_values([by, "status_word"], key=lambda s: s.map(order) if s.name == "status_word" else s)[
        [by, "status", "status_word", "actions"]].reset_index(drop=True)


def filter_actions(frame: pd.DataFrame, *, priorities=None, leads=None, statuses=None,
                   search: str | None = None) -> pd.DataFrame:
    """Filter by priority, lead, status words and a case-insensitive text search."""
    out = frame
    if priorities:
        out = out[out["priority"].fillna("Not given").isin(priorities)]
    if leads:
        out = out[out["lead"].fillna("Not given").isin(leads)]
    if statuses:
        words = out["status"].map(lambda s: STATUS_WORDS.get(s if isinstance(s, str) else None))
        out = out[words.isin(statuses)]
    if search and search.strip():
        needle = search.strip().lower()
        text = out[["ref", "priority", "objective", "action", "lead", "progress"]].fillna("").astype(str).agg(
            " ".join, axis=1).str.lower()
        out = out[text.str.contains(needle, regex=False)]
    return out


def status_table(summary: pd.DataFrame, by: str) -> pd.DataFrame:
    """The :func:`status_summary` as a table: one row per ``by`` value, a column per status word
    (in the order of :data:`STATUS_WORDS`) and a Total."""
    table = summary.pivot_table(index=by, columns="status_word", values="actions", aggfunc="sum",
                                fill_value=0)
    table = table[[w for w in STATUS_WORDS.values() if w in table.columns]]
    table["Total"] = table.sum(axis=1)
    return table.reset_index().rename(columns={by: by.capitalize()})


def headline_counts(frame: pd.DataFrame, today: dt.date) -> list[tuple[str, int]]:
    """The figures across the top of the page: actions, overdue, due in 30 days and each RAG status."""
    counts = frame["status_word"].value_counts()
    return [("Actions", len(frame)), ("Overdue", len(overdue(frame, today))),
            ("Due in 30 days", len(due_soon(frame, today))),
            *[(w, int(counts.get(w, 0))) for w in ("Red", "Amber", "Green", "Complete")]]


def linked_actions(links_frame: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """The links (from :func:`links`) of the actions in ``frame``: action text, indicator ID, indicator."""
    texts = dict(zip(frame["action_key"], frame["action"]))
    table = links_frame.assign(action=links_frame["action_key"].map(texts)).dropna(subset=["action"])
    return table[["action", "indicator_id", "indicator"]]


# ---------------------------------------------------------------------------
# Comparing versions
# ---------------------------------------------------------------------------
@dataclass
class Comparison:
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame          # one row per changed field: action, field, before, after
    status_changes: pd.DataFrame   # action, lead, before, after (status words)
    slipped: pd.DataFrame          # action, lead, before, after (dates), days
    matched_on: str                # "ref" or "action text"

    def summary(self) -> dict:
        return {"added": len(self.added), "removed": len(self.removed),
                "changed": int(self.changed["action"].nunique()) if not self.changed.empty else 0,
                "status_changes": len(self.status_changes), "slipped": len(self.slipped),
                "matched_on": self.matched_on}


def _match_keys(frame: pd.DataFrame, use_ref: bool) -> pd.Series:
    if use_ref:
        return frame["ref"].astype(str).str.strip().str.lower()
    return frame["action"].map(normalise_action)


def _refs_usable(frame: pd.DataFrame) -> bool:
    refs = frame["ref"].dropna().astype(str).str.strip()
    return len(frame) > 0 and len(refs) == len(frame) and refs.str.lower().is_unique


def compare_frames(old: pd.DataFrame, new: pd.DataFrame) -> Comparison:
    """What changed from ``old`` to ``new``: actions matched by Ref when both versions give a
    unique Ref on every action, otherwise by their normalised text."""
    use_ref = _refs_usable(old) and _refs_usable(new)
    old = old.assign(_key=_match_keys(old, use_ref)).drop_duplicates("_key")
    new = new.assign(_key=_match_keys(new, use_ref)).drop_duplicates("_key")
    old_keys, new_keys = set(old["_key"]), set(new["_key"])
    cols = ["ref", "priority", "objective", "action", "lead", "due", "status", "sheet", "row"]
    added = new[~new["_key"].isin(old_keys)][cols].reset_index(drop=True)
    removed = old[~old["_key"].isin(new_keys)][cols].reset_index(drop=True)
    both = old.merge(new, on="_key", suffixes=("_old", "_new"))
    changes, status_rows, slipped_rows = [], [], []
    compared = ["action", "priority", "objective", "lead", "due", "due_text", "status", "progress"]
    for r in both.to_dict("records"):
        name = r["action_new"]
        for f in compared:
            before, after = plain(r[f"{f}_old"]), plain(r[f"{f}_new"])
            if before != after:
                changes.append({"action": name, "field": f.replace("_", " "),
                                "before": _shown(f, before), "after": _shown(f, after)})
        s_old, s_new = plain(r["status_old"]), plain(r["status_new"])
        if s_old != s_new:
            status_rows.append({"action": name, "lead": r["lead_new"], "before": STATUS_WORDS.get(s_old),
                                "after": STATUS_WORDS.get(s_new),
                                "direction": _direction(s_old, s_new)})
        d_old, d_new = plain(r["due_old"]), plain(r["due_new"])
        if d_old is not None and d_new is not None and d_new > d_old:
            slipped_rows.append({"action": name, "lead": r["lead_new"], "before": d_old, "after": d_new,
                                 "days": (d_new - d_old).days})
    return Comparison(
        added=added, removed=removed,
        changed=pd.DataFrame(changes, columns=["action", "field", "before", "after"]),
        status_changes=pd.DataFrame(status_rows, columns=["action", "lead", "before", "after", "direction"]),
        slipped=pd.DataFrame(slipped_rows, columns=["action", "lead", "before", "after", "days"]),
        matched_on="ref" if use_ref else "action text",
    )


_RANK = {"red": 0, "amber": 1, "green": 2, "complete": 3}


def _shown(field_name: str, value) -> str:
    """A value as text for the 'every change' table (one column mixes dates and words)."""
    if field_name == "status":
        return STATUS_WORDS.get(value)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"
    return str(value)


def _direction(before, after) -> str:
    if before in _RANK and after in _RANK:
        return "better" if _RANK[after] > _RANK[before] else "worse"
    return "changed"
