"""The delivery-plan tables: plan_versions (one row per uploaded workbook, its original file kept),
plan_actions (the actions of each version) and action_links (action -> catalogue indicator)."""

from __future__ import annotations

import json

import pandas as pd
import sqlalchemy as sa

from ..core.numbers import as_date
from . import Workspace, action_links, areas, catalogue, files, now, plan_actions, plan_versions

ACTION_COLUMNS = ["ref", "priority", "objective", "action", "lead", "due", "due_text", "status", "progress",
                  "sheet", "row"]


def is_area(ws: Workspace, code: str) -> bool:
    """Whether ``code`` is an area in the workspace."""
    with ws.connect() as conn:
        return conn.execute(sa.select(areas.c.code).where(areas.c.code == code)).first() is not None


def insert_version(ws: Workspace, conn, partnership_code: str, filename: str, content: bytes, *,
                   uploaded_by: str | None, warnings: list[str], is_synthetic: bool,
                   actions: list[dict]) -> tuple[int, int]:
    """Store the original file, a new version row and its actions (inside the caller's transaction);
    return (version id, file id)."""
    stored = ws.store_file(filename, content, conn=conn)
    version_id = conn.execute(plan_versions.insert().values(
        partnership_code=partnership_code, uploaded_at=now(), uploaded_by=uploaded_by,
        filename=filename, file_id=stored.id, n_actions=len(actions),
        warnings=json.dumps(warnings), is_synthetic=bool(is_synthetic),
    )).inserted_primary_key[0]
    conn.execute(plan_actions.insert(), [
        {"version_id": version_id, **{k: a[k] for k in ACTION_COLUMNS}} for a in actions
    ])
    return int(version_id), stored.id


def version_with_content(conn, partnership_code: str, sha256: str) -> int | None:
    """The partnership's earliest stored version whose original file has this SHA-256, if any."""
    row = conn.execute(
        sa.select(plan_versions.c.id).select_from(plan_versions.join(files, files.c.id == plan_versions.c.file_id))
        .where(plan_versions.c.partnership_code == partnership_code, files.c.sha256 == sha256)
        .order_by(plan_versions.c.id).limit(1)).first()
    return int(row.id) if row else None


def versions(ws: Workspace, partnership_code: str | None) -> pd.DataFrame:
    """Stored versions (every partnership's when ``partnership_code`` is empty), newest upload first."""
    pv = plan_versions
    query = sa.select(pv.c.id, pv.c.partnership_code, pv.c.uploaded_at, pv.c.uploaded_by, pv.c.filename,
                      pv.c.file_id, pv.c.n_actions, pv.c.warnings, pv.c.is_synthetic
                      ).order_by(pv.c.uploaded_at.desc(), pv.c.id.desc())
    if partnership_code:
        query = query.where(pv.c.partnership_code == partnership_code)
    return ws.read(query)


def version_warnings(ws: Workspace, version_id: int) -> list[str]:
    with ws.connect() as conn:
        row = conn.execute(sa.select(plan_versions.c.warnings).where(plan_versions.c.id == version_id)).first()
    return json.loads(row.warnings) if row and row.warnings else []


def actions(ws: Workspace, version_id: int) -> pd.DataFrame:
    """The actions of one version, in the plan's order (due as a date or None)."""
    query = sa.select(*[plan_actions.c[k] for k in ACTION_COLUMNS]).where(
        plan_actions.c.version_id == int(version_id)).order_by(plan_actions.c.id)
    frame = ws.read(query)
    frame["due"] = pd.Series([as_date(d) for d in frame["due"]], index=frame.index, dtype="object")
    return frame


def original_file(ws: Workspace, version_id: int) -> tuple[str, bytes] | None:
    """(file name, bytes) of the workbook as uploaded; ``None`` when there is no such version."""
    with ws.connect() as conn:
        row = conn.execute(sa.select(plan_versions.c.filename, plan_versions.c.file_id)
                           .where(plan_versions.c.id == int(version_id))).first()
    if row is None:
        return None
    return row.filename, ws.file_content(row.file_id)


def previous_version_id(ws: Workspace, version_id: int) -> int | None:
    """The version stored just before ``version_id`` for the same partnership."""
    with ws.connect() as conn:
        row = conn.execute(sa.select(plan_versions.c.partnership_code).where(
            plan_versions.c.id == int(version_id))).first()
        if row is None:
            return None
        prev = conn.execute(sa.select(plan_versions.c.id).where(
            plan_versions.c.partnership_code == row.partnership_code, plan_versions.c.id < int(version_id))
            .order_by(plan_versions.c.id.desc()).limit(1)).first()
    return int(prev.id) if prev else None


def latest_version_id(ws: Workspace, partnership_code: str) -> int | None:
    with ws.connect() as conn:
        row = conn.execute(sa.select(plan_versions.c.id).where(plan_versions.c.partnership_code == partnership_code)
                           .order_by(plan_versions.c.id.desc()).limit(1)).first()
    return int(row.id) if row else None


def known_indicator_ids(conn, indicator_ids: list[str]) -> set[str]:
    """Which of ``indicator_ids`` are in the indicator catalogue."""
    return {r.indicator_id for r in conn.execute(
        sa.select(catalogue.c.indicator_id).where(catalogue.c.indicator_id.in_(list(indicator_ids))))}


def replace_links(conn, partnership_code: str, key: str, indicator_ids: list[str]) -> None:
    """Make ``indicator_ids`` the links of one action (by key), inside the caller's transaction."""
    conn.execute(action_links.delete().where(action_links.c.partnership_code == partnership_code,
                                             action_links.c.action_key == key))
    if indicator_ids:
        conn.execute(action_links.insert(), [
            {"partnership_code": partnership_code, "action_key": key, "indicator_id": i}
            for i in sorted(set(indicator_ids))])


def links(ws: Workspace, partnership_code: str) -> pd.DataFrame:
    """action_key, indicator_id, indicator name for a partnership's links."""
    query = (sa.select(action_links.c.action_key, action_links.c.indicator_id, catalogue.c.name.label("indicator"))
             .select_from(action_links.outerjoin(catalogue, catalogue.c.indicator_id == action_links.c.indicator_id))
             .where(action_links.c.partnership_code == partnership_code)
             .order_by(action_links.c.action_key, action_links.c.indicator_id))
    return ws.read(query)


def linked_action_keys(ws: Workspace, partnership_code: str, indicator_id: str) -> set[str]:
    """The keys of the actions linked to ``indicator_id``."""
    with ws.connect() as conn:
        return {r.action_key for r in conn.execute(sa.select(action_links.c.action_key).where(
            action_links.c.partnership_code == partnership_code, action_links.c.indicator_id == indicator_id))}


def version_partnership(ws: Workspace, version_id: int) -> str | None:
    """The partnership a stored version belongs to (None: no such version)."""
    with ws.connect() as conn:
        return conn.execute(sa.select(plan_versions.c.partnership_code)
                            .where(plan_versions.c.id == int(version_id))).scalar()
