"""What changed between two versions of a plan: added, removed, changed, status changes and slipped dates."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..core.numbers import plain
from .actions import normalise_action

_RANK = {"red": 0, "amber": 1, "green": 2, "complete": 3}
COMPARED = ["action", "priority", "objective", "lead", "due", "due_text", "status", "progress"]


@dataclass
class Comparison:
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame          # one row per changed field: action, field (a column name), before, after
    status_changes: pd.DataFrame   # action, lead, before, after (status codes), direction
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


def direction(before, after) -> str:
    """``better`` or ``worse`` between two RAG ratings (complete best), else ``changed``."""
    if before in _RANK and after in _RANK:
        return "better" if _RANK[after] > _RANK[before] else "worse"
    return "changed"


def _changes_of(r: dict) -> tuple[list[dict], list[dict], list[dict]]:
    """The changed fields, the status change and the slipped date of one action found in both versions."""
    name = r["action_new"]
    changes = []
    for f in COMPARED:
        before, after = plain(r[f"{f}_old"]), plain(r[f"{f}_new"])
        if before != after:
            changes.append({"action": name, "field": f, "before": before, "after": after})
    status, slipped = [], []
    s_old, s_new = plain(r["status_old"]), plain(r["status_new"])
    if s_old != s_new:
        status.append({"action": name, "lead": r["lead_new"], "before": s_old, "after": s_new,
                       "direction": direction(s_old, s_new)})
    d_old, d_new = plain(r["due_old"]), plain(r["due_new"])
    if d_old is not None and d_new is not None and d_new > d_old:
        slipped.append({"action": name, "lead": r["lead_new"], "before": d_old, "after": d_new,
                        "days": (d_new - d_old).days})
    return changes, status, slipped


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
    changes, status_rows, slipped_rows = [], [], []
    for r in old.merge(new, on="_key", suffixes=("_old", "_new")).to_dict("records"):
        c, s, d = _changes_of(r)
        changes += c
        status_rows += s
        slipped_rows += d
    return Comparison(
        added=added, removed=removed,
        changed=pd.DataFrame(changes, columns=["action", "field", "before", "after"]),
        status_changes=pd.DataFrame(status_rows, columns=["action", "lead", "before", "after", "direction"]),
        slipped=pd.DataFrame(slipped_rows, columns=["action", "lead", "before", "after", "days"]),
        matched_on="ref" if use_ref else "action text",
    )
