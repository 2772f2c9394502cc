"""Undoing a load: what it did (``load_changes``), whether a later load built on it, and putting back
what it replaced. The rule and the sentences are the service's (:mod:`cdp_data.services.undo`)."""

from __future__ import annotations

import json
from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from ..core.clock import now
from . import indicator_values
from .schema import (areas, baselines, catalogue, datasets, load_changes, load_log, peer_groups, plan_actions,
                     plan_versions, retained_datasets, retained_segments, targets, value_segments)

_CHUNK = 500
_KEPT = {"value_segments": (value_segments, retained_segments), "datasets": (datasets, retained_datasets)}


def entry(conn: Connection, load_id: int) -> Row | None:
    """The load log line of ``load_id`` (id, loaded_at, kind, source_file, detail, undone_at), or None."""
    return conn.execute(sa.select(load_log).where(load_log.c.id == load_id)).first()


def changes(conn: Connection, load_id: int) -> list[Row]:
    """What the load did: (target, op, key, before) rows, in order."""
    return conn.execute(sa.select(load_changes.c.target, load_changes.c.op, load_changes.c.key,
                                  load_changes.c.before)
                        .where(load_changes.c.load_id == load_id).order_by(load_changes.c.id)).all()


def later_load(conn: Connection, load_id: int, done: list[Row]) -> Row | None:
    """The first later load, not undone, that removed or changed a row this load added or changed (so
    undoing this one would lose or contradict that one's work), or None."""
    touched = defaultdict(list)
    for change in done:
        if change.op in ("added", "changed"):
            touched[change.target].append(change.key)
    first = None
    for target, keys in touched.items():
        for i in range(0, len(keys), _CHUNK):
            query = (sa.select(load_log).join(load_changes, load_changes.c.load_id == load_log.c.id)
                     .where(load_changes.c.target == target, load_changes.c.key.in_(keys[i:i + _CHUNK]),
                            load_changes.c.op.in_(["removed", "changed"]), load_log.c.id > load_id,
                            load_log.c.undone_at.is_(None))
                     .order_by(load_log.c.id).limit(1))
            row = conn.execute(query).first()
            if row is not None and (first is None or row.id < first.id):
                first = row
    return first


def undo(conn: Connection, load_id: int, done: list[Row], plan_version: int | None) -> dict[str, int]:
    """Put back what the load replaced and take away what it added (inside ``ws.begin()``); mark it undone.
    Returns counts: segments, datasets, areas, catalogue entries and plan versions taken away or put back."""
    keys = defaultdict(list)
    for change in done:
        keys[(change.target, change.op)].append(change.key)
    counts = {}
    for target, (table, kept) in _KEPT.items():
        added = [int(k) for k in keys[(target, "added")]]
        removed = [int(k) for k in keys[(target, "removed")]]
        _delete(conn, table, added)
        for i in range(0, len(removed), _CHUNK):
            ids = removed[i:i + _CHUNK]
            conn.execute(table.insert().from_select([c.name for c in table.c],
                                                    sa.select(*kept.c).where(kept.c.id.in_(ids))))
            conn.execute(kept.delete().where(kept.c.id.in_(ids)))
        counts[target] = len(added) + len(removed)
    counts["areas"] = _undo_areas(conn, done, keys[("areas", "added")])
    counts["catalogue"] = _undo_catalogue(conn, keys[("catalogue", "added")])
    counts["plan_versions"] = _undo_plan_version(conn, plan_version)
    conn.execute(load_log.update().where(load_log.c.id == load_id).values(undone_at=now()))
    return counts


def _delete(conn: Connection, table: sa.Table, ids: list[int]) -> None:
    for i in range(0, len(ids), _CHUNK):
        conn.execute(table.delete().where(table.c.id.in_(ids[i:i + _CHUNK])))


def _undo_areas(conn: Connection, done: list[Row], added: list[str]) -> int:
    """Earlier values of the areas the load changed; the areas it added go unless something still uses them."""
    changed = 0
    for change in done:
        if change.target == "areas" and change.op == "changed" and change.before:
            conn.execute(areas.update().where(areas.c.code == change.key).values(**json.loads(change.before)))
            changed += 1
    unused = sorted(set(added) - _codes_in_use(conn, added))
    for i in range(0, len(unused), _CHUNK):
        conn.execute(areas.delete().where(areas.c.code.in_(unused[i:i + _CHUNK])))
    return changed + len(unused)


def _codes_in_use(conn: Connection, codes: list[str]) -> set[str]:
    """Which of ``codes`` an indicator value, plan version, baseline, target or peer group still names."""
    if not codes:
        return set()
    wanted = set(codes)
    used = indicator_values.area_codes_among(conn, wanted)
    for column in (plan_versions.c.partnership_code, baselines.c.partnership_code, targets.c.partnership_code,
                   peer_groups.c.partnership_code, peer_groups.c.area_code):
        used |= wanted & set(conn.execute(sa.select(column).distinct()).scalars())
    return used


def _undo_catalogue(conn: Connection, added: list[str]) -> int:
    """Catalogue entries the load added go unless values, baselines or targets still use them."""
    if not added:
        return 0
    used = set()
    for column in (value_segments.c.indicator_id, baselines.c.indicator_id, targets.c.indicator_id):
        used |= set(conn.execute(sa.select(column).distinct().where(column.in_(added))).scalars())
    unused = [i for i in added if i not in used]
    if unused:
        conn.execute(catalogue.delete().where(catalogue.c.indicator_id.in_(unused)))
    return len(unused)


def _undo_plan_version(conn: Connection, version_id: int | None) -> int:
    """A delivery-plan version is taken away with its actions (its uploaded file stays in ``files``)."""
    if version_id is None:
        return 0
    conn.execute(plan_actions.delete().where(plan_actions.c.version_id == version_id))
    return conn.execute(plan_versions.delete().where(plan_versions.c.id == version_id)).rowcount

