"""Delivery plans: store each uploaded version, list them, read their actions, compare them, link actions
to indicators (the use cases the Delivery plan page and ``python -m cdp_data plan`` call).

Every upload of a new file is a new version (:func:`add_plan_version`; the same file again is not): the original file is kept,
nothing is overwritten; :func:`compare_versions` says what was added, removed and
changed between any two versions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from .. import plan as domain
from .catalogue import get_catalogue
from ..core import limits
from ..core.errors import PlanError
from ..plan import Comparison, compare_frames
from ..present import plan as words
from ..sources.base import LoadReport
from ..sources.plan_workbook import KIND, LABEL, ParsedPlan, parse_workbook
from ..store import Workspace, plans
from . import plan_export
from . import access
from .access import require_readable, writes

# Pure steps the page calls as they are (the UI reaches the domain only through services).
overdue = domain.overdue
due_soon = domain.due_soon
action_key = domain.action_key


def parse_file(path: Path) -> ParsedPlan:
    """Read a workbook on disk (``plan parse``); nothing is stored."""
    if not path.is_file():
        raise PlanError(f"{path} does not exist or is not a file.")
    content = limits.read_path(path)
    limits.check_content(path.name, content)
    return parse_workbook(content, path.name)


def _check_partnership(ws: Workspace, partnership_code: str | None) -> str:
    if not partnership_code:
        found = ws.partnerships()
        if found.empty:
            raise PlanError("There is no partnership in the workspace yet to attach the plan to: "
                            "load the partnership's data first.")
        if len(found) > 1:  # never guessed: a plan stored against the wrong partnership is worse than a question
            raise PlanError("Say which partnership this delivery plan belongs to (on the command line "
                            f"--partnership CODE, one of {', '.join(sorted(found['code']))}).")
        return str(found["code"].iloc[0])
    if not plans.is_area(ws, partnership_code):
        raise PlanError(f"{partnership_code} is not a partnership in this workspace.")
    return partnership_code


def add_plan_version(ws: Workspace, partnership_code: str | None, filename: str, content: bytes, *,
                     uploaded_by: str | None = None, is_synthetic: bool = False) -> int:
    """Parse the workbook and store it as a new version; return the version's id.

    The workbook is read completely before anything is written, so a file that
    cannot be read leaves the stored versions untouched. A file whose content is
    already stored for the partnership (a second click on the same file) is not
    stored again: the id of the version holding it is returned.
    """
    return upload_version(ws, partnership_code, filename, content, uploaded_by=uploaded_by,
                          is_synthetic=is_synthetic).version_id


@dataclass(frozen=True)
class StoredVersion:
    """What storing a workbook did: the version holding it, and whether that version is new."""

    version_id: int
    is_new: bool
    partnership_code: str
    parsed: ParsedPlan


@writes("plan uploaded")
def upload_version(ws: Workspace, partnership_code: str | None, filename: str, content: bytes, *,
                   uploaded_by: str | None = None, is_synthetic: bool = False) -> StoredVersion:
    """Store the workbook as a new version unless the partnership already holds this very file
    (same SHA-256): then nothing is written and the existing version is returned (``is_new`` false)."""
    parsed = parse_workbook(content, filename)
    code = _check_partnership(ws, partnership_code)
    digest = hashlib.sha256(content).hexdigest()
    with ws.begin() as conn:  # checked inside the write transaction: two clicks at once make one version
        existing = plans.version_with_content(conn, code, digest)
        if existing is not None:
            return StoredVersion(existing, False, code, parsed)
        version_id, file_id = plans.insert_version(
            ws, conn, code, filename, content, uploaded_by=(uploaded_by or "").strip() or None,
            warnings=parsed.warnings, is_synthetic=is_synthetic, actions=[asdict(a) for a in parsed.actions])
        ws.log_load(KIND, filename, len(parsed.actions), vintage=code, file_id=file_id,
                    detail={"plan_version": int(version_id), "warnings": len(parsed.warnings)}, conn=conn)
    return StoredVersion(version_id, True, code, parsed)


@writes("plan uploaded")
def load(ws: Workspace, filename: str, content: bytes, partnership_code: str | None = None,
         uploaded_by: str | None = None, **options) -> LoadReport:
    """The detector's loader for delivery-plan workbooks (a new version unless the same file is stored already)."""
    stored = upload_version(ws, partnership_code, filename, content, uploaded_by=uploaded_by,
                            is_synthetic=bool(options.get("is_synthetic", False)))
    parsed, version_id, code = stored.parsed, stored.version_id, stored.partnership_code
    summary = (words.stored_summary(len(parsed.actions), version_id, code) if stored.is_new
               else words.already_stored(filename, version_id, code))
    return LoadReport(
        kind=KIND, label=LABEL, filename=filename, rows=len(parsed.actions) if stored.is_new else 0,
        summary=summary, warnings=parsed.warnings,
        details={"plan_version": version_id, "partnership_code": code, "new_version": stored.is_new,
                 "statuses": words.status_counts_words(a.status for a in parsed.actions)},
    )


def versions(ws: Workspace, partnership_code: str | None) -> pd.DataFrame:
    """Stored versions of a partnership's plan, newest first, with a label for pickers."""
    require_readable(ws, partnership_code)
    frame = plans.versions(ws, partnership_code)
    readable = access.readable_codes(ws)
    if readable is not None:
        frame = frame[frame["partnership_code"].isin(readable)]
    if frame.empty:
        return frame.assign(label=pd.Series(dtype="object"), version=pd.Series(dtype="int64"))
    frame = frame.sort_values("id").reset_index(drop=True)
    frame["version"] = frame.groupby("partnership_code").cumcount() + 1
    frame["label"] = [words.version_label(r) for r in frame.itertuples()]
    return frame.sort_values("id", ascending=False).reset_index(drop=True)


def _check_version(ws: Workspace, version_id: int) -> None:
    """A version is read by members of its partnership only (an unknown id is left to the caller to report)."""
    if not access.is_global_admin(ws):
        require_readable(ws, plans.version_partnership(ws, version_id))


def version_warnings(ws: Workspace, version_id: int) -> list[str]:
    _check_version(ws, version_id)
    return plans.version_warnings(ws, version_id)


def actions(ws: Workspace, version_id: int) -> pd.DataFrame:
    """The actions of one stored version, in the plan's order, with their ``action_key``."""
    _check_version(ws, version_id)
    frame = plans.actions(ws, version_id)
    frame["action_key"] = [action_key(a) for a in frame["action"]]
    return frame


def original_file(ws: Workspace, version_id: int) -> tuple[str, bytes]:
    _check_version(ws, version_id)
    found = plans.original_file(ws, version_id)
    if found is None:
        raise PlanError(f"Delivery plan version {version_id} is not in the workspace.")
    return found


def compare_versions(ws: Workspace, old_version_id: int, new_version_id: int) -> Comparison:
    """Compare any two stored versions (old first), as shown: statuses as words, changed values as text."""
    return words.shown_comparison(compare_frames(actions(ws, old_version_id), actions(ws, new_version_id)))


def compare_stored(ws: Workspace, old_version_id: int, new_version_id: int) -> Comparison:
    """:func:`compare_versions` after checking both versions are stored (``plan compare``)."""
    known = set(versions(ws, None)["id"].astype(int))
    for vid in (old_version_id, new_version_id):
        if vid not in known:
            raise PlanError(f"Delivery plan version {vid} is not in the workspace.")
    return compare_versions(ws, old_version_id, new_version_id)


def previous_version_id(ws: Workspace, version_id: int) -> int | None:
    """The version stored just before ``version_id`` for the same partnership."""
    _check_version(ws, version_id)
    return plans.previous_version_id(ws, version_id)


@writes("action links saved")
def set_links(ws: Workspace, partnership_code: str, key: str, indicator_ids: list[str]) -> None:
    """Make ``indicator_ids`` the indicators an action (by ``action_key``) is aimed at."""
    with ws.begin() as conn:
        unknown = sorted(set(indicator_ids) - plans.known_indicator_ids(conn, indicator_ids))
        if unknown:
            raise PlanError(f"Not in the indicator catalogue: {', '.join(unknown)}.")
        plans.replace_links(conn, partnership_code, key, indicator_ids)


def links(ws: Workspace, partnership_code: str) -> pd.DataFrame:
    """action_key, indicator_id, indicator name for a partnership's links."""
    require_readable(ws, partnership_code)
    return plans.links(ws, partnership_code)


def indicator_names(ws: Workspace) -> dict[str, str]:
    """The catalogue's indicators an action can be linked to: indicator ID -> name, in catalogue order."""
    catalogue = get_catalogue(ws)
    return dict(zip(catalogue["indicator_id"], catalogue["name"]))


def latest_version_id(ws: Workspace, partnership_code: str) -> int | None:
    require_readable(ws, partnership_code)
    return plans.latest_version_id(ws, partnership_code)


def actions_for_indicator(ws: Workspace, partnership_code: str, indicator_id: str) -> pd.DataFrame:
    """Actions in the partnership's latest plan linked to ``indicator_id``.

    Columns: priority, objective, action, lead, due, status (code), status_word, progress,
    action_key. Empty (with those columns) when nothing is linked or no plan is stored.
    """
    require_readable(ws, partnership_code)
    cols = ["priority", "objective", "action", "lead", "due", "status", "status_word", "progress", "action_key"]
    latest = plans.latest_version_id(ws, partnership_code)
    if latest is None:
        return pd.DataFrame(columns=cols)
    keys = plans.linked_action_keys(ws, partnership_code, indicator_id)
    if not keys:
        return pd.DataFrame(columns=cols)
    frame = actions(ws, latest)
    frame = frame[frame["action_key"].isin(keys)].copy()
    frame["status_word"] = frame["status"].map(words.status_word)
    return frame[cols].reset_index(drop=True)


# ---- what the Delivery plan page draws -------------------------------------------------------------
def tracked_actions(ws: Workspace, version_id: int) -> pd.DataFrame:
    """The actions of a version with their status as a word (``status_word``)."""
    return words.with_status_words(actions(ws, version_id))


def status_summary(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Counts of actions by ``by`` (priority or lead) and status: by, status, status_word, actions."""
    return words.summary_with_words(domain.status_summary(frame, by), by)


def status_overview(frame: pd.DataFrame, by: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The status counts by ``by`` and the same as a table (a column per status word and a Total)."""
    summary = status_summary(frame, by)
    return summary, words.status_table(summary, by)


def headline_counts(frame: pd.DataFrame, today: dt.date) -> list[tuple[str, int]]:
    """The figures across the top of the page: actions, overdue, due in 30 days and each RAG status."""
    return words.headline_figures(domain.headline_counts(frame, today))


def filter_actions(frame: pd.DataFrame, *, priorities=None, leads=None, statuses=None,
                   search: str | None = None) -> pd.DataFrame:
    """Filter by priority, lead, status words (as the page shows them) and a case-insensitive search."""
    codes = words.status_codes(statuses) if statuses else None
    return domain.filter_actions(frame, priorities=priorities, leads=leads, statuses=codes, search=search)


def linked_actions(ws: Workspace, partnership_code: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The partnership's links of the actions in ``frame``: action text, indicator ID, indicator."""
    require_readable(ws, partnership_code)
    return domain.linked_actions(plans.links(ws, partnership_code), frame)


def tracker_files(ws: Workspace, version_id: int) -> tuple[bytes, bytes]:
    """The version's tracker as (.xlsx bytes, .csv bytes), formula-safe."""
    frame = actions(ws, version_id)
    return plan_export.tracker_xlsx(frame), plan_export.tracker_csv(frame)
