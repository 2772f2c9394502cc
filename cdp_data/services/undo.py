"""Undoing a load: the one function every entry point (the Data page, ``workspace undo``) calls.

What a load replaced stays in the workspace (:mod:`cdp_data.store.load_journal`), so undoing it puts the
workspace back exactly as it was before that load for everything the load touched, in one transaction:

- indicator values, police and harm counts and other datasets: what the load replaced comes back and what
  it added goes;
- areas: names or details it filled in go back; areas it added go unless something still names them;
- a delivery-plan upload: that version (and its actions) is taken away; the uploaded file itself stays;
- baselines and targets from an indicators sheet are not covered (change them on the Data page).

The rule for order: a load can be undone only while no later load (not itself undone) replaced or changed
what it loaded; otherwise the sentence names that later load, to be undone first. Loads of different keys
(another indicator, another month's segments untouched) do not block each other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..core.errors import WorkspaceError
from ..core.kinds import Kind
from ..present import loads as words
from ..store import Workspace
from ..store import load_undo
from .access import WHOLE_WORKSPACE, writes


@dataclass(frozen=True)
class Undone:
    load_id: int
    source_file: str | None
    kind: str
    counts: dict[str, int]
    summary: str


@writes("undo", "admin", scope=WHOLE_WORKSPACE)
def undo_load(ws: Workspace, load_id) -> Undone:
    """Undo load ``load_id`` (a number or its text); :class:`WorkspaceError` with one sentence when it cannot."""
    number = _number(load_id)
    with ws.begin() as conn:
        entry = load_undo.entry(conn, number)
        if entry is None:
            raise WorkspaceError(words.no_such_load(number))
        if entry.undone_at is not None:
            raise WorkspaceError(words.already_undone(number, entry.source_file, entry.undone_at))
        if entry.kind == Kind.TARGETS_SHEET.value:
            raise WorkspaceError(words.targets_not_covered(number, entry.source_file))
        done = load_undo.changes(conn, number)
        plan_version = _plan_version(entry)
        if not done and plan_version is None:
            raise WorkspaceError(words.nothing_recorded(number, entry.source_file))
        later = load_undo.later_load(conn, number, done)
        if later is not None:
            raise WorkspaceError(words.later_load_first(number, entry.source_file, later.id, later.source_file))
        counts = load_undo.undo(conn, number, done, plan_version)
    summary = words.undone_summary(number, entry.source_file, entry.rows, _replaced(entry), counts)
    return Undone(number, entry.source_file, entry.kind, counts, summary)


def _number(load_id) -> int:
    text = str(load_id).strip()
    if not text.isdigit() or len(text) > 12:
        raise WorkspaceError(words.not_a_load_id(text[:40]))
    return int(text)


def _detail(entry) -> dict:
    try:
        detail = json.loads(entry.detail or "{}")
    except ValueError:
        return {}
    return detail if isinstance(detail, dict) else {}


def _replaced(entry) -> int:
    """How many values (or crimes) the load replaced, as its log line says."""
    detail = _detail(entry)
    return int(detail.get("replaced_rows") or detail.get("replaced_crimes") or 0)


def _plan_version(entry) -> int | None:
    if entry.kind != Kind.PLAN_WORKBOOK.value:
        return None
    version = _detail(entry).get("plan_version")
    return int(version) if version is not None else None
