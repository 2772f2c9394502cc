"""Use cases of baselines and targets: the status of each indicator for a partnership, the CLI's table,
saving the tables edited on the Data page, and importing an indicators sheet from a workbook."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from ..core.clock import today
from ..store import indicator_catalogue as cat
from ..core.kinds import Kind
from ..present import targets as words
from ..sources.base import LoadReport
from ..sources.targets_workbook import read_indicators_sheet
from ..store import Workspace
from ..store import targets_repo as repo
from ..targets import TARGET_KINDS, TargetStatus  # noqa: F401  (TARGET_KINDS: the Data page's choices)
from ..targets.build import build_statuses
from . import disclosure
from ..targets.edits import baseline_rows, target_rows
from . import access
from .access import require_readable, writes



def baselines_frame(ws: Workspace, partnership: str | None = None) -> pd.DataFrame:
    """A partnership's baselines as the Data page edits them (members of the partnership only)."""
    require_readable(ws, partnership)
    return _readable(ws, repo.baselines_frame(ws, partnership))


def targets_frame(ws: Workspace, partnership: str | None = None) -> pd.DataFrame:
    """A partnership's targets as the Data page edits them (members of the partnership only)."""
    require_readable(ws, partnership)
    return _readable(ws, repo.targets_frame(ws, partnership))


def _readable(ws: Workspace, frame: pd.DataFrame, column: str = "partnership_code") -> pd.DataFrame:
    codes = access.readable_codes(ws)
    return frame if codes is None else frame[frame[column].isin(codes)].reset_index(drop=True)


def _indicator_info(ws: Workspace) -> pd.DataFrame:
    return cat.read_catalogue(ws, ["indicator_id", "name", "short_name", "unit", "value_type", "polarity",
                                   "frequency"])


def indicator_choices(ws: Workspace) -> tuple[list[str], dict[str, str]]:
    """The catalogue's indicator ids (sorted) and their display names, for the tables' indicator column."""
    catalogue = cat.read_catalogue(ws)
    return (sorted(catalogue["indicator_id"].tolist()),
            dict(zip(catalogue["indicator_id"], catalogue["short_name"].fillna(catalogue["name"]))))


def target_statuses(ws: Workspace, partnership: str | None = None, as_of: dt.date | None = None) -> list[TargetStatus]:
    """Status for every partnership (or one) and every indicator with a latest value, a baseline or a target,
    judged on the day ``as_of`` (today, from :func:`cdp_data.core.clock.today`, when not given)."""
    as_of = as_of or today()
    require_readable(ws, partnership)
    partner_codes = set(access.visible_partnerships(ws)["code"]) if partnership is None else {partnership}
    values = repo.headline_values(ws, partnership, access.readable_codes(ws))
    if not values.empty:
        values = values[values["area_code"].isin(partner_codes)]
    statuses = build_statuses(_indicator_info(ws), values, _readable(ws, repo.baseline_rows(ws, partnership)),
                              _readable(ws, repo.target_rows(ws, partnership)), as_of, withhold=disclosure.withholds)
    return [dataclasses.replace(s, change_text=words.status_change_text(s), reason=words.reason_text(s))
            for s in statuses]


def status_table(ws: Workspace, partnership: str | None = None, as_of: dt.date | None = None) -> list[dict]:
    """The CLI's ``targets status`` rows as of a day: partnership (and partnership_code), indicator_id (and
    indicator), baseline, baseline_period, latest, latest_period, latest_period_end, target, target_date, change,
    status, reason, as_of, data_age_months, data_stale (plus a few extras)."""
    return [{
        "partnership": s.partnership_code, "indicator_id": s.indicator_id,
        "partnership_code": s.partnership_code, "indicator": s.indicator_id, "indicator_name": s.indicator,
        "baseline": s.baseline, "baseline_period": s.baseline_period,
        "latest": s.latest, "latest_period": s.latest_period,
        "target": s.target if s.target is not None else s.target_text,
        "target_date": s.target_date.isoformat() if s.target_date else None,
        "latest_period_end": _iso(s.latest_end),
        "change": s.change, "change_text": s.change_text, "status": s.status, "reason": s.reason,
        "as_of": _iso(s.as_of), "data_age_months": s.data_age_months, "data_stale": s.data_stale,
        "judged_value": s.judged_value, "judged_period": s.judged_period,
    } for s in target_statuses(ws, partnership, as_of)]


def _iso(day) -> str | None:
    return day.isoformat() if isinstance(day, dt.date) else (str(day) if day else None)


@writes("baselines saved", partnership="partnership")
def save_baselines(ws: Workspace, partnership: str, frame: pd.DataFrame) -> int:
    """Replace a partnership's baselines with the rows of ``frame`` (one per indicator)."""
    rows = baseline_rows(frame, partnership)
    with ws.begin() as conn:
        repo.replace_baselines(conn, partnership, rows)
    return len(rows)


@writes("targets saved", partnership="partnership")
def save_targets(ws: Workspace, partnership: str, frame: pd.DataFrame) -> int:
    """Replace a partnership's targets with the rows of ``frame`` (several per indicator allowed)."""
    rows = target_rows(frame, partnership)
    with ws.begin() as conn:
        repo.replace_targets(conn, partnership, rows)
    return len(rows)


@writes("indicators sheet loaded")
def import_targets_workbook(ws: Workspace, partnership_code: str, filename: str, content: bytes,
                            **_options) -> LoadReport:
    """Read an indicators sheet into the partnership's baselines and targets (see
    :mod:`cdp_data.sources.targets_workbook`): names that match no catalogue entry become user-defined
    entries; existing rows for the same indicators are replaced, others are kept; the load is logged."""
    entries = [(r.indicator_id, r.name, r.short_name)
               for r in cat.read_catalogue(ws)[["indicator_id", "name", "short_name"]].itertuples()]
    sheet = read_indicators_sheet(filename, content, entries)
    base = [{"partnership_code": partnership_code, **r} for r in sheet.baselines]
    targets = [{"partnership_code": partnership_code, **r} for r in sheet.targets]
    rows = len(base) + len(targets)
    with ws.begin() as conn:
        if sheet.new_entries:
            cat.ensure_indicators(conn, sheet.new_entries, source=f"Indicators sheet in {filename}")
        repo.replace_for_indicators(conn, partnership_code, base, targets, sorted(set(sheet.matched.values())))
        ws.log_load(Kind.TARGETS_SHEET.value, filename, rows, conn=conn,
                    detail={"partnership_code": partnership_code, "matched": sheet.matched})
    return LoadReport(
        kind=Kind.TARGETS_SHEET.value, label="Indicators sheet (baselines and targets)", filename=filename, rows=rows,
        summary=(f"{len(sheet.matched)} indicators from sheet '{sheet.sheet}': {len(base)} baselines, "
                 f"{len(targets)} targets for {partnership_code}."),
        warnings=sheet.warnings, details={"matched": sheet.matched},
    )
