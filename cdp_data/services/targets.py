"""Use cases of baselines and targets: the status of each indicator for a partnership, the CLI's table,
saving the tables edited on the Data page, and importing an indicators sheet from a workbook."""

from __future__ import annotations

import dataclasses

import pandas as pd

from ..store import indicator_catalogue as cat
from ..core.kinds import Kind
from ..present import targets as words
from ..sources.base import LoadReport
from ..sources.targets_workbook import read_indicators_sheet
from ..store import Workspace
from ..store import targets_repo as repo
from ..targets import TARGET_KINDS, TargetStatus  # noqa: F401  (TARGET_KINDS: the Data page's choices)
from ..targets.build import build_statuses
from ..targets.edits import baseline_rows, target_rows

baselines_frame = repo.baselines_frame
targets_frame = repo.targets_frame


def _indicator_info(ws: Workspace) -> pd.DataFrame:
    return cat.read_catalogue(ws)[["indicator_id", "name", "short_name", "unit", "value_type", "polarity"]]


def indicator_choices(ws: Workspace) -> tuple[list[str], dict[str, str]]:
    """The catalogue's indicator ids (sorted) and their display names, for the tables' indicator column."""
    catalogue = cat.read_catalogue(ws)
    return (sorted(catalogue["indicator_id"].tolist()),
            dict(zip(catalogue["indicator_id"], catalogue["short_name"].fillna(catalogue["name"]))))


def target_statuses(ws: Workspace, partnership: str | None = None) -> list[TargetStatus]:
    """Status for every partnership (or one) and every indicator with a latest value, a baseline or a target."""
    partner_codes = set(ws.partnerships()["code"]) if partnership is None else {partnership}
    values = repo.headline_values(ws, partnership)
    if not values.empty:
        values = values[values["area_code"].isin(partner_codes)]
    statuses = build_statuses(_indicator_info(ws), values, repo.baseline_rows(ws, partnership),
                              repo.target_rows(ws, partnership))
    return [dataclasses.replace(s, change_text=words.status_change_text(s), reason=words.REASONS[s.reason])
            for s in statuses]


def status_table(ws: Workspace, partnership: str | None = None) -> list[dict]:
    """The CLI's ``targets status`` rows: partnership_code, indicator, baseline, baseline_period,
    latest, latest_period, target, target_date, change, status (plus a few extras)."""
    return [{
        "partnership_code": s.partnership_code, "indicator": s.indicator_id, "indicator_name": s.indicator,
        "baseline": s.baseline, "baseline_period": s.baseline_period,
        "latest": s.latest, "latest_period": s.latest_period,
        "target": s.target if s.target is not None else s.target_text,
        "target_date": s.target_date.isoformat() if s.target_date else None,
        "change": s.change, "change_text": s.change_text, "status": s.status, "reason": s.reason,
    } for s in target_statuses(ws, partnership)]


def save_baselines(ws: Workspace, partnership: str, frame: pd.DataFrame) -> int:
    """Replace a partnership's baselines with the rows of ``frame`` (one per indicator)."""
    rows = baseline_rows(frame, partnership)
    with ws.begin() as conn:
        repo.replace_baselines(conn, partnership, rows)
    return len(rows)


def save_targets(ws: Workspace, partnership: str, frame: pd.DataFrame) -> int:
    """Replace a partnership's targets with the rows of ``frame`` (several per indicator allowed)."""
    rows = target_rows(frame, partnership)
    with ws.begin() as conn:
        repo.replace_targets(conn, partnership, rows)
    return len(rows)


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
