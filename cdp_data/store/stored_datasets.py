"""Stored whole datasets (boundaries, lookups, IoD tables, populations, police and harm counts) and the
load log: the repository the geography services read and write through.

Named ``stored_datasets``, not ``datasets``: :mod:`cdp_data.store` re-exports the
``datasets`` table under that name, and a submodule of the same name would replace it.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from .schema import datasets
from .workspace import Workspace


def catalogue(ws: Workspace, kind: str | None = None, owners=None) -> pd.DataFrame:
    """The stored datasets (newest first), without their payloads; of one kind if given. ``owners``: the
    partnerships whose own datasets may be listed besides national ones (None: every partnership's)."""
    frame = ws.datasets(kind)
    if owners is None:
        return frame
    return frame[frame["owner"].isna() | frame["owner"].isin(list(owners))].reset_index(drop=True)


def get(ws: Workspace, dataset_id: int, conn=None) -> pd.DataFrame | bytes:
    """One stored dataset: a DataFrame for a table, bytes for GeoJSON."""
    return ws.get_dataset(int(dataset_id), conn=conn)


def latest_id(ws: Workspace, kind: str, vintage: str | None = None) -> int | None:
    return ws.latest_dataset_id(kind, vintage)


def latest(ws: Workspace, kind: str) -> pd.DataFrame | bytes | None:
    """The newest dataset of a kind, or None."""
    dataset_id = ws.latest_dataset_id(kind)
    return None if dataset_id is None else ws.get_dataset(dataset_id)


def put(ws: Workspace, kind: str, name: str, data, *, conn, **options) -> int:
    """Store a dataset (inside ``ws.begin()``); options as :meth:`Workspace.put_dataset`."""
    return ws.put_dataset(kind, name, data, conn=conn, **options)


def merge(ws: Workspace, kind: str, name: str, frame: pd.DataFrame, key: list[str], *, conn,
          owner: str | None = None, **options) -> pd.DataFrame:
    """Replace the stored rows of this kind (and owner: a partnership, or None for national data) whose ``key``
    values are in ``frame``, keep the rest."""
    dataset_id = _latest_id_in(conn, kind, owner)
    stored = ws.get_dataset(dataset_id, conn=conn) if dataset_id is not None else None
    if isinstance(stored, pd.DataFrame) and not stored.empty:
        replaced = rows_replaced(ws, kind, frame, key, conn=conn, owner=owner)
        frame = pd.concat([stored.drop(index=replaced.index), frame], ignore_index=True)
    ws.put_dataset(kind, name, frame, conn=conn, owner=owner, **options)
    return frame


def rows_replaced(ws: Workspace, kind: str, frame: pd.DataFrame, key: list[str], *, conn,
                  owner: str | None = None) -> pd.DataFrame:
    """The stored rows of this kind (and owner) that merging ``frame`` on ``key`` would replace (call inside
    the same ``ws.begin()`` as :func:`merge`, before it)."""
    dataset_id = _latest_id_in(conn, kind, owner)
    stored = ws.get_dataset(dataset_id, conn=conn) if dataset_id is not None else None
    if not isinstance(stored, pd.DataFrame) or stored.empty or any(k not in stored.columns for k in key):
        return frame.iloc[0:0]
    incoming = set(map(tuple, frame[key].itertuples(index=False)))
    hit = pd.Series(list(map(tuple, stored[key].itertuples(index=False))), index=stored.index).isin(incoming)
    return stored[hit.to_numpy()]


def _latest_id_in(conn, kind: str, owner: str | None = None) -> int | None:
    query = (sa.select(datasets.c.id).where(datasets.c.kind == kind,
                                            datasets.c.owner.is_(None) if owner is None else datasets.c.owner == owner)
             .order_by(datasets.c.loaded_at.desc(), datasets.c.id.desc()).limit(1))
    row = conn.execute(query).first()
    return row.id if row else None


def log_load(ws: Workspace, kind: str, source_file: str | None, rows: int | None, *, conn=None, **options) -> int:
    """One line in the load log; options as :meth:`Workspace.log_load`."""
    return ws.log_load(kind, source_file, rows, conn=conn, **options)
