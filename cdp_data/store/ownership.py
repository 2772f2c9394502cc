"""Which partnership owns a local figure (schema 8): the repository behind ``owner`` on indicator segments
and stored datasets, and the migration that gives the local figures of older workspaces their owner.

A partnership's own figures (the local-figures template, ward harm counts) carry the partnership's code in
``owner``; national data (Fingertips, NDTMS, IoD, boundaries, lookups, police open data) carries None and is
read by everyone. An area's partnership is the area itself when it is one, else its parent when that is one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import indicator_values as data
from .schema import areas, datasets, load_changes, load_log, retained_datasets, retained_segments, value_segments

TEMPLATE_KIND = "indicator_template"   # core.kinds.Kind.INDICATOR_TEMPLATE, as the load log spells it
HARM_KIND = "harm_counts"               # sources.harm.KIND
_CODE_COLUMN = re.compile(r"^(WD|LSOA|LAD|CTYUA|UTLA|CTY|CAUTH)\d{2}CD$", re.IGNORECASE)


def partnership_codes(conn: Connection) -> list[str]:
    return sorted(conn.execute(sa.select(areas.c.code).where(areas.c.is_partnership.is_(True))).scalars())


def partnership_of_areas(conn: Connection, codes: Iterable[str]) -> dict[str, str | None]:
    """area code -> its partnership (the area itself, or its parent), None when neither is a partnership."""
    codes = sorted({c for c in codes if isinstance(c, str) and c})
    found: dict[str, tuple[bool, str | None]] = {}
    for i in range(0, len(codes), 500):
        query = sa.select(areas.c.code, areas.c.is_partnership, areas.c.parent_code).where(
            areas.c.code.in_(codes[i:i + 500]))
        found.update((r.code, (bool(r.is_partnership), r.parent_code)) for r in conn.execute(query))
    partnerships = set(partnership_codes(conn))
    out: dict[str, str | None] = {}
    for code in codes:
        is_partnership, parent = found.get(code, (False, None))
        out[code] = code if is_partnership or code in partnerships else (parent if parent in partnerships else None)
    return out


# ---- the migration to schema 8 ----------------------------------------------------------------------------
def _fallback(conn: Connection) -> str | None:
    """Whose figures an area of no partnership holds in an older workspace: the only partnership, if there is
    one; otherwise none (they stay readable by everyone, as they were)."""
    codes = partnership_codes(conn)
    return codes[0] if len(codes) == 1 else None


def assign_local_figures(conn: Connection) -> int:
    """Give the segments of earlier local-figures loads their owner: each row goes to its area's partnership
    (:func:`partnership_of_areas`, else :func:`_fallback`); a segment holding several partnerships' rows is split
    into one segment per owner, recorded for undo as its load's. Returns the segments changed."""
    loads = [int(i) for i in conn.execute(sa.select(load_log.c.id).where(load_log.c.kind == TEMPLATE_KIND)).scalars()]
    if not loads:
        return 0
    fallback, changed = _fallback(conn), 0
    for table in (value_segments, retained_segments):
        for row in conn.execute(sa.select(table.c.id, table.c.digest, table.c.indicator_id, table.c.load_id)
                                .where(table.c.load_id.in_(loads), table.c.owner.is_(None))).all():
            changed += _assign_segment(conn, table, row, fallback)
    return changed


def _assign_segment(conn: Connection, table: sa.Table, row, fallback: str | None) -> int:
    values = data._conform(data._decode(conn.execute(sa.select(table.c.data).where(table.c.id == row.id)).scalar_one()))
    area_codes = values.column("area_code").to_pylist()
    owner_of = partnership_of_areas(conn, area_codes)
    owners = [owner_of.get(code) or fallback for code in area_codes]
    distinct = sorted({o for o in owners if o is not None})
    if not distinct:
        return 0
    if (len(distinct) == 1 and None not in owners) or table is retained_segments:
        # a kept copy for undo keeps its id: it goes to the owner of most of its rows
        conn.execute(table.update().where(table.c.id == row.id).values(owner=max(distinct, key=owners.count)))
        return 1
    owner_array = pa.array(owners, type=pa.string())
    new_ids = []
    for owner in [*distinct, None]:
        part = values.filter(pc.is_null(owner_array) if owner is None else
                             pc.fill_null(pc.equal(owner_array, owner), False))
        if part.num_rows:
            new_ids.append(conn.execute(value_segments.insert(), data._segment_row(row.indicator_id, part, owner)
                                        ).inserted_primary_key[0])
    conn.execute(value_segments.delete().where(value_segments.c.id == row.id))
    _renote(conn, "value_segments", row.id, new_ids)
    return 1


def _renote(conn: Connection, target: str, old_id: int, new_ids: list[int]) -> None:
    """The load that added row ``old_id`` (now split) added ``new_ids`` instead: undoing it removes them."""
    added = (load_changes.c.target == target, load_changes.c.key == str(old_id), load_changes.c.op == "added")
    for load_id in conn.execute(sa.select(load_changes.c.load_id).where(*added)).scalars().all():
        conn.execute(load_changes.insert(), [{"load_id": load_id, "target": target, "op": "added", "key": str(i),
                                              "before": None} for i in new_ids])
    conn.execute(load_changes.delete().where(*added))


def _ward_partnerships(conn: Connection) -> dict[str, str]:
    """ward or LSOA code -> partnership, from the lookups the workspace holds (a row's district, county or
    unitary code, whichever is a partnership or has one as parent)."""
    out: dict[str, str] = {}
    for payload, fmt in conn.execute(sa.select(datasets.c.payload, datasets.c.format)
                                     .where(datasets.c.kind == "lookup")).all():
        if fmt != "parquet":
            continue
        frame = pd.read_parquet(io.BytesIO(payload))
        columns = [c for c in frame.columns if _CODE_COLUMN.match(str(c))]
        small = [c for c in columns if str(c).upper().startswith(("WD", "LSOA"))]
        large = [c for c in columns if c not in small]
        if not small or not large:
            continue
        owner_of = partnership_of_areas(conn, pd.unique(frame[large].to_numpy().ravel()))
        for record in frame[small + large].drop_duplicates().itertuples(index=False):
            owner = next((owner_of.get(v) for v in record[len(small):] if owner_of.get(v)), None)
            if owner:
                for code in record[:len(small)]:
                    out.setdefault(code, owner)
    return out


def assign_harm_counts(conn: Connection) -> int:
    """Split each stored table of ward harm counts by the partnership whose wards they are (through the stored
    lookups; else :func:`_fallback`); rows of no partnership stay national. Returns the tables changed."""
    rows = conn.execute(sa.select(datasets).where(datasets.c.kind == HARM_KIND, datasets.c.owner.is_(None))).all()
    conn.execute(retained_datasets.update().where(retained_datasets.c.kind == HARM_KIND)
                 .values(owner=_fallback(conn)))
    if not rows:
        return 0
    wards, fallback = _ward_partnerships(conn), _fallback(conn)
    for row in rows:
        frame = pd.read_parquet(io.BytesIO(row.payload))
        owners = frame["geography_code"].map(lambda code: wards.get(code, fallback))
        new_ids = []
        for owner, part in frame.groupby(owners.fillna(""), sort=True):
            buffer = io.BytesIO()
            part.reset_index(drop=True).to_parquet(buffer, index=False)
            record = {c.name: getattr(row, c.name) for c in datasets.c if c.name != "id"}
            new_ids.append(conn.execute(datasets.insert(), {**record, "payload": buffer.getvalue(), "rows": len(part),
                                                            "owner": owner or None}).inserted_primary_key[0])
        conn.execute(datasets.delete().where(datasets.c.id == row.id))
        _renote(conn, "datasets", row.id, new_ids)
    return len(rows)


def unreadable_indicators(ws, owners: Iterable[str] | None) -> set[str]:
    """Indicators every stored value of which belongs to a partnership outside ``owners`` (None: all readable)."""
    if owners is None:
        return set()
    mine = value_segments.c.owner.is_(None) | value_segments.c.owner.in_(sorted(owners))
    query = (sa.select(value_segments.c.indicator_id).group_by(value_segments.c.indicator_id)
             .having(sa.func.sum(sa.case((mine, 1), else_=0)) == 0))
    with ws.connect() as conn:
        return set(conn.execute(query).scalars())
