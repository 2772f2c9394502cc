"""Delivery plans: store each uploaded version, list them, read their actions, compare them, link actions
to indicators (the use cases the Delivery plan page and ``python -m cdp_data plan`` call)."""

from __future__ import annotations

import json

import pandas as pd
import sqlalchemy as sa

from ..core.errors import PlanError
from ..core.numbers import as_date
from ..plan import Comparison, action_key, compare_frames
from ..present.plan import STATUS_WORDS
from ..sources.base import LoadReport
from ..sources.plan_workbook import FIELDS, KIND, LABEL, ParsedPlan, parse_workbook
from ..store import Workspace, action_links, areas, catalogue, now, plan_actions, plan_versions

def _check_partnership(ws: Workspace, partnership_code: str | None) -> str:
    if not partnership_code:
        first = ws.partnerships()
        if first.empty:
            raise PlanError("There is no partnership in the workspace yet to attach the plan to: "
                            "load the partnership's data first.")
        return str(first["code"].iloc[0])
    with ws.connect() as conn:
        known = conn.execute(sa.select(areas.c.code).where(areas.c.code == partnership_code)).first()
    if known is None:
        raise PlanError(f"{partnership_code} is not a partnership in this workspace.")
    return partnership_code


def add_plan_version(ws: Workspace, partnership_code: str | None, filename: str, content: bytes, *,
                     uploaded_by: str | None = None, is_synthetic: bool = False) -> int:
    """Parse the workbook and store it as a new version; return the version's id.

    The workbook is read completely before anything is written, so a file that
    cannot be read leaves the stored versions untouched.
    """
    return _store(ws, partnership_code, filename, content, uploaded_by, is_synthetic)[0]


def _store(ws, partnership_code, filename, content, uploaded_by, is_synthetic) -> tuple[int, ParsedPlan, str]:
    parsed = parse_workbook(content, filename)
    code = _check_partnership(ws, partnership_code)
    with ws.begin() as conn:
        stored = ws.store_file(filename, content, conn=conn)
        version_id = conn.execute(plan_versions.insert().values(
            partnership_code=code, uploaded_at=now(), uploaded_by=(uploaded_by or "").strip() or None,
            filename=filename, file_id=stored.id, n_actions=len(parsed.actions),
            warnings=json.dumps(parsed.warnings), is_synthetic=bool(is_synthetic),
        )).inserted_primary_key[0]
        conn.execute(plan_actions.insert(), [
            {"version_id": version_id, **{k: getattr(a, k) for k in FIELDS}} for a in parsed.actions
        ])
        ws.log_load(KIND, filename, len(parsed.actions), vintage=code, file_id=stored.id,
                    detail={"plan_version": int(version_id), "warnings": len(parsed.warnings)}, conn=conn)
    return int(version_id), parsed, code


def load(ws: Workspace, filename: str, content: bytes, partnership_code: str | None = None,
         uploaded_by: str | None = None, **options) -> LoadReport:
    """The detector's loader for delivery-plan workbooks (a new version each time)."""
    version_id, parsed, code = _store(ws, partnership_code, filename, content, uploaded_by,
                                      bool(options.get("is_synthetic", False)))
    counts = pd.Series([a.status for a in parsed.actions], dtype="object").value_counts(dropna=False)
    return LoadReport(
        kind=KIND, label=LABEL, filename=filename, rows=len(parsed.actions),
        summary=f"{len(parsed.actions):,} actions stored as delivery plan version {version_id} for {code}.",
        warnings=parsed.warnings,
        details={"plan_version": version_id, "partnership_code": code,
                 "statuses": {STATUS_WORDS.get(k if isinstance(k, str) else None, "No status"): int(v)
                              for k, v in counts.items()}},
    )


def versions(ws: Workspace, partnership_code: str | None) -> pd.DataFrame:
    """Stored versions of a partnership's plan, newest first, with a label for pickers."""
    pv = plan_versions
    query = sa.select(pv.c.id, pv.c.partnership_code, pv.c.uploaded_at, pv.c.uploaded_by, pv.c.filename,
                      pv.c.file_id, pv.c.n_actions, pv.c.warnings, pv.c.is_synthetic
                      ).order_by(pv.c.uploaded_at.desc(), pv.c.id.desc())
    if partnership_code:
        query = query.where(pv.c.partnership_code == partnership_code)
    frame = ws.read(query)
    if frame.empty:
        return frame.assign(label=pd.Series(dtype="object"), version=pd.Series(dtype="int64"))
    frame = frame.sort_values("id").reset_index(drop=True)
    frame["version"] = frame.groupby("partnership_code").cumcount() + 1
    frame["label"] = [
        f"Version {r.version}: {r.filename}, {pd.Timestamp(r.uploaded_at):%-d %b %Y %H:%M}"
        f"{f' by {r.uploaded_by}' if r.uploaded_by else ''}{' (synthetic demo data)' if r.is_synthetic else ''}"
        for r in frame.itertuples()
    ]
    return frame.sort_values("id", ascending=False).reset_index(drop=True)


def version_warnings(ws: Workspace, version_id: int) -> list[str]:
    with ws.connect() as conn:
        row = conn.execute(sa.select(plan_versions.c.warnings).where(plan_versions.c.id == version_id)).first()
    return json.loads(row.warnings) if row and row.warnings else []


def actions(ws: Workspace, version_id: int) -> pd.DataFrame:
    """The actions of one stored version, in the plan's order, with their ``action_key``."""
    query = sa.select(*[plan_actions.c[k] for k in FIELDS]).where(
        plan_actions.c.version_id == int(version_id)).order_by(plan_actions.c.id)
    frame = ws.read(query)
    frame["due"] = pd.Series([as_date(d) for d in frame["due"]], index=frame.index, dtype="object")
    frame["action_key"] = [action_key(a) for a in frame["action"]]
    return frame


def original_file(ws: Workspace, version_id: int) -> tuple[str, bytes]:
    with ws.connect() as conn:
        row = conn.execute(sa.select(plan_versions.c.filename, plan_versions.c.file_id)
                           .where(plan_versions.c.id == int(version_id))).first()
    if row is None:
        raise PlanError(f"Delivery plan version {version_id} is not in the workspace.")
    return row.filename, ws.file_content(row.file_id)


def compare_versions(ws: Workspace, old_version_id: int, new_version_id: int) -> Comparison:
    """Compare any two stored versions (old first)."""
    return compare_frames(actions(ws, old_version_id), actions(ws, new_version_id))


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


# ---------------------------------------------------------------------------
# Links between actions and catalogue indicators
# ---------------------------------------------------------------------------
def set_links(ws: Workspace, partnership_code: str, key: str, indicator_ids: list[str]) -> None:
    """Make ``indicator_ids`` the indicators an action (by ``action_key``) is aimed at."""
    with ws.begin() as conn:
        known = {r.indicator_id for r in conn.execute(
            sa.select(catalogue.c.indicator_id).where(catalogue.c.indicator_id.in_(list(indicator_ids))))}
        unknown = sorted(set(indicator_ids) - known)
        if unknown:
            raise PlanError(f"Not in the indicator catalogue: {', '.join(unknown)}.")
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


def latest_version_id(ws: Workspace, partnership_code: str) -> int | None:
    with ws.connect() as conn:
        row = conn.execute(sa.select(plan_versions.c.id).where(plan_versions.c.partnership_code == partnership_code)
                           .order_by(plan_versions.c.id.desc()).limit(1)).first()
    return int(row.id) if row else None


def actions_for_indicator(ws: Workspace, partnership_code: str, indicator_id: str) -> pd.DataFrame:
    """Actions in the partnership's latest plan linked to ``indicator_id``.

    Columns: priority, objective, action, lead, due, status (code), status_word, progress,
    action_key. Empty (with those columns) when nothing is linked or no plan is stored.
    """
    cols = ["priority", "objective", "action", "lead", "due", "status", "status_word", "progress", "action_key"]
    latest = latest_version_id(ws, partnership_code)
    if latest is None:
        return pd.DataFrame(columns=cols)
    with ws.connect() as conn:
        keys = {r.action_key for r in conn.execute(sa.select(action_links.c.action_key).where(
            action_links.c.partnership_code == partnership_code, action_links.c.indicator_id == indicator_id))}
    if not keys:
        return pd.DataFrame(columns=cols)
    frame = actions(ws, latest)
    frame = frame[frame["action_key"].isin(keys)].copy()
    frame["status_word"] = frame["status"].map(lambda s: STATUS_WORDS.get(s if isinstance(s, str) else None))
    return frame[cols].reset_index(drop=True)
