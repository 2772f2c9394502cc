"""The quarterly meeting: its agenda of slides for a partnership, the figures of each slide, recorded
meetings ("since the last meeting" compares with one of them) and the agenda a chair saved.

The agenda is cheap to build (statuses, plan actions, counts); the heavier figures of one slide (an
indicator's trend, unmet need) are read only when that slide is shown. Writes: :func:`record_meeting`
and :func:`save_agenda`, one transaction each."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .. import plan as plan_domain
from ..core.clock import today
from ..core.errors import CDPError
from ..core.numbers import as_date
from ..present import meeting as words
from ..present import plan as plan_words
from ..store import Workspace, plans
from ..store import meeting_records as repo
from . import agenda as steps
from . import indicators, milestones, overview, plan, targets, unmet_need
from .access import require_readable, writes
from .agenda import Slide, moved  # noqa: F401 - moved: the agenda editor's reordering


class MeetingError(CDPError):
    """A meeting that cannot be recorded or an agenda that cannot be saved, in one sentence."""


# ---- recorded meetings --------------------------------------------------------------------------------
def recorded_meetings(ws: Workspace, partnership: str) -> list[dict]:
    """The partnership's recorded meetings, newest first: id, meeting_date, plan_version_id, data_as_of, agenda
    (its members only)."""
    require_readable(ws, partnership)
    return repo.recorded(ws, partnership)


def last_meeting(ws: Workspace, partnership: str, before: dt.date | None = None,
                 meeting_id: int | None = None) -> dict | None:
    """The meeting ``meeting_id`` if given (and the partnership's), else the last one recorded before ``before``
    (today when not given)."""
    meetings = recorded_meetings(ws, partnership)
    if meeting_id is not None:
        return next((m for m in meetings if m["id"] == meeting_id), None)
    day = before or today()
    return next((m for m in meetings if m["meeting_date"] < day), None)


@writes("record meeting", "editor", partnership="partnership")
def record_meeting(ws: Workspace, partnership: str, meeting_date: dt.date | None = None,
                   agenda: dict | None = None, plan_version_id: int | None = None) -> int:
    """Record the meeting held on ``meeting_date`` (today when not given): the plan version current then (the
    last uploaded by that day, or ``plan_version_id`` for a past meeting whose plan was uploaded later) and the
    statuses and latest periods as of that day, with the agenda as run. Recording the same day again replaces
    that day's record. Returns the meeting's id."""
    day = meeting_date or today()
    if partnership not in set(ws.partnerships()["code"]):
        raise MeetingError(f"{partnership} is not a partnership in the workspace: choose one in the sidebar.")
    if day > today():
        raise MeetingError(f"A meeting can be recorded on or before today, not on {words.day_text(day)}.")
    data = steps.snapshot(targets.target_statuses(ws, partnership, day))
    version = _version_on(ws, partnership, day) if plan_version_id is None else plan_version_id
    if version is not None and version not in set(plans.versions(ws, partnership)["id"].astype(int)):
        raise MeetingError(f"Delivery plan version {version} is not one of {partnership}'s stored versions.")
    agenda = _checked_agenda(agenda or repo.saved_agenda(ws, partnership) or {})
    with ws.begin() as conn:
        existing = repo.meeting_on(conn, partnership, day)
        if existing is not None:
            repo.replace_meeting(conn, existing, version, data, agenda)
            return existing
        return repo.insert_meeting(conn, partnership, day, version, data, agenda)


@writes("save agenda", "editor", partnership="partnership")
def save_agenda(ws: Workspace, partnership: str, order: list[str], skipped: list[str]) -> None:
    """Save the chair's order of the agenda's sections and the sections to skip, for this partnership."""
    agenda = _checked_agenda({"order": list(order), "skipped": list(skipped)})
    if agenda["order"] and set(agenda["skipped"]) >= set(agenda["order"]):
        raise MeetingError("Keep at least one slide in the agenda.")
    with ws.begin() as conn:
        repo.replace_agenda(conn, partnership, agenda)


def saved_agenda(ws: Workspace, partnership: str) -> dict | None:
    require_readable(ws, partnership)
    return repo.saved_agenda(ws, partnership)


def _checked_agenda(agenda: dict) -> dict:
    order, skipped = agenda.get("order", []), agenda.get("skipped", [])
    if not all(isinstance(s, str) and 0 < len(s) <= 200 for s in [*order, *skipped]) or len(order) > 500:
        raise MeetingError("The agenda is not a list of slide names: open the meeting page and save it again.")
    return {"order": list(order), "skipped": list(skipped)}


def _version_on(ws: Workspace, partnership: str, day: dt.date) -> int | None:
    """The plan version current on ``day``: the last one uploaded by the end of that day."""
    versions = plans.versions(ws, partnership)
    if versions.empty:
        return None
    uploaded = pd.to_datetime(versions["uploaded_at"]).dt.date
    current = versions[uploaded <= day]
    return int(current.iloc[0]["id"]) if not current.empty else None


# ---- the agenda ---------------------------------------------------------------------------------------
def agenda(ws: Workspace, partnership: str, as_of: dt.date | None = None, since: int | None = None,
           arrangement: dict | None = None) -> dict:
    """The meeting's agenda for ``partnership`` as of ``as_of`` (today when not given), compared with the
    recorded meeting ``since`` (default: the last one before ``as_of``).

    Returns ``slides`` (the slides to present, as dicts: id, section, kind, page, pages, rows, indicator_id,
    title), ``sections`` (every agenda item in order: section, title, skipped, slides), ``since`` (the meeting
    compared with, or None), ``as_of`` and ``plan_version_id``. ``arrangement`` (order and skipped sections)
    replaces the partnership's saved agenda, for a chair's unsaved changes."""
    day = as_of or today()
    last = last_meeting(ws, partnership, day, since)
    names = targets.indicator_choices(ws)[1]
    latest = plans.latest_version_id(ws, partnership)
    checklist = _milestone_rows(ws, partnership)
    slides = _slides(ws, partnership, day, last, latest, checklist)
    sections = list(dict.fromkeys(s.section for s in slides))
    order, skipped = steps.arrange(sections, arrangement or repo.saved_agenda(ws, partnership))
    titles = {s.section: words.section_title(s.section, names) for s in slides}
    counts = {section: sum(1 for s in slides if s.section == section) for section in sections}
    return {"slides": [{**s.as_dict(), "title": words.slide_title(s, names)}
                       for s in steps.shown(slides, order, skipped)],
            "sections": [{"section": s, "title": titles[s], "skipped": s in skipped, "slides": counts[s]}
                         for s in order],
            "since": last, "as_of": day, "plan_version_id": latest,
            "milestones": len(checklist), "milestones_met": sum(r["met"] for r in checklist)}


def _plan_comparison(ws: Workspace, last: dict | None, latest: int | None):
    """The plan's changes between the version current at the last meeting (else the previous version) and the
    latest; None when there is nothing to compare."""
    if latest is None:
        return None
    baseline = (last or {}).get("plan_version_id") or plans.previous_version_id(ws, latest)
    return plan.compare_versions(ws, baseline, latest) if baseline not in (None, latest) else None


def _slides(ws: Workspace, partnership: str, day: dt.date, last: dict | None, latest: int | None,
            checklist: list[dict]) -> list[Slide]:
    """Every slide in the default order, long lists paginated."""
    own = targets.target_statuses(ws, partnership, day)   # judged once: the tiles read them too
    now = steps.snapshot(own)
    before = last["data_as_of"] if last else None
    comparison = _plan_comparison(ws, last, latest)
    actions = plan.tracked_actions(ws, latest) if latest is not None else None
    slides = steps.paged("tiles", "tiles", overview.overview_tiles(ws, partnership, day, statuses=own),
                         steps.TILES_PER_SLIDE)
    for indicator_id in steps.watched_indicators(now, before):
        slides += steps.indicator_slides(indicator_id, _linked(ws, partnership, indicator_id))
    slides += steps.paged("exceptions", "exceptions", exception_rows(actions, comparison, day))
    if last:
        changes = change_rows(now, before, comparison, targets.indicator_choices(ws)[1])
    else:  # no meeting to compare with: the plan's own changes since its previous version
        changes = words.plan_change_rows(comparison) if comparison is not None else []
    slides += steps.paged("changes", "changes", changes)
    slides += [Slide("unmet_need", "unmet_need", "unmet_need"), Slide("ward_map", "ward_map", "ward_map")]
    return slides + steps.paged("milestones", "milestones", checklist, 2 * steps.ROWS_PER_SLIDE)


def since_last_meeting(ws: Workspace, partnership: str, as_of: dt.date | None = None) -> dict:
    """What the board pack reports as the meeting's slides do: ``last`` (the last meeting recorded before
    ``as_of``, or None), ``exceptions`` (rows of :func:`exception_rows`) and ``changes`` (rows of
    :func:`change_rows` since that meeting; with none recorded, the plan's changes since its previous version)."""
    day = as_of or today()
    last = last_meeting(ws, partnership, day)
    latest = plans.latest_version_id(ws, partnership)
    comparison = _plan_comparison(ws, last, latest)
    actions = plan.tracked_actions(ws, latest) if latest is not None else None
    if last:
        now = steps.snapshot(targets.target_statuses(ws, partnership, day))
        changes = change_rows(now, last["data_as_of"], comparison, targets.indicator_choices(ws)[1])
    else:
        changes = words.plan_change_rows(comparison) if comparison is not None else []
    return {"last": last, "exceptions": exception_rows(actions, comparison, day), "changes": changes}


def _linked(ws: Workspace, partnership: str, indicator_id: str) -> list[dict]:
    frame = plan.actions_for_indicator(ws, partnership, indicator_id)
    return [{"action": r.action, "lead": r.lead, "due": words.day_text(as_date(r.due)), "status": r.status_word}
            for r in frame.itertuples()]


def exception_rows(actions: pd.DataFrame | None, comparison, day: dt.date) -> list[dict]:
    """The plan's exceptions: red, overdue or slipped actions (each once, with every reason), red first."""
    if actions is None or actions.empty:
        return []
    rows: dict[str, dict] = {}

    def add(action, lead, due, status, reason: str) -> None:
        row = rows.setdefault(action, {"action": action, "lead": lead, "due": words.day_text(as_date(due)),
                                       "status": status, "reasons": []})
        row["reasons"].append(reason)

    for r in actions[actions["status"].map(plan_domain.status_code) == "red"].itertuples():
        add(r.action, r.lead, r.due, r.status_word, "red")
    for r in plan_domain.overdue(actions, day).itertuples():
        add(r.action, r.lead, r.due, plan_words.status_word(r.status), f"overdue:{r.days_overdue}")
    if comparison is not None:
        for r in comparison.slipped.itertuples():
            add(r.action, r.lead, r.after, None, f"slipped:{r.days}")
    return [{k: v for k, v in row.items() if k != "reasons"} | {"why": words.reasons_text(row["reasons"])}
            for row in rows.values()]


def change_rows(now: dict, before: dict, comparison, names: dict[str, str]) -> list[dict]:
    """What changed since the last meeting, as rows: what, item, before, after."""
    rows = [{"what": words.CHANGE_STATUS, "item": names.get(r["indicator_id"], r["indicator_id"]),
             "before": r["before"], "after": r["after"]} for r in steps.status_changes(now, before)]
    rows += [{"what": words.CHANGE_DATA, "item": names.get(r["indicator_id"], r["indicator_id"]),
              "before": r["before"] or words.NOTHING, "after": r["after"]} for r in steps.new_periods(now, before)]
    if comparison is not None:
        rows += words.plan_change_rows(comparison)
    return rows


def _milestone_rows(ws: Workspace, partnership: str) -> list[dict]:
    return [{"line": words.milestone_text(r.label, bool(r.met), r.met_on), "met": bool(r.met)}
            for r in milestones.milestone_checklist(ws, partnership).itertuples()]


# ---- one slide's figures -------------------------------------------------------------------------------
def indicator_figures(ws: Workspace, partnership: str, indicator_id: str, as_of: dt.date | None = None) -> dict:
    """An indicator slide's figures: its tile (latest, baseline, target, status, data age), the series to
    chart (the partnership with England and region), its unit, and the comparison with England in words."""
    day = as_of or today()
    require_readable(ws, partnership)
    tile = next((t for t in overview.overview_tiles(ws, partnership, day) if t["indicator_id"] == indicator_id),
                None)
    trend = indicators.outcome_trend(ws, indicator_id, partnership)
    return {"tile": tile, "series": trend.series, "unit": trend.info.get("unit"),
            "name": trend.info.get("name") or indicator_id, "notes": list(trend.notes),
            "comparison": words.comparison_text(trend.series, trend.info.get("unit"), trend.info.get("value_type"))}


def unmet_need_figures(ws: Workspace, partnership: str) -> pd.DataFrame:
    """Unmet need by drug type for the partnership, latest period of each group."""
    require_readable(ws, partnership)
    return unmet_need.partnership_unmet_need(ws, partnership)
