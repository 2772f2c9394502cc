"""Stored whole datasets (boundaries, lookups, IoD tables, populations, police and harm counts) and the
load log: the repository the geography services read and write through.

Named ``stored_datasets``, not ``datasets``: :mod:`cdp_data.store` re-exports the
``datasets`` table under that name, and a submodule of the same name would replace it.
"""

from __future__ import annotations

import pandas as pd

from .workspace import Workspace


def catalogue(ws: Workspace, kind: str | None = None) -> pd.DataFrame:
    """The stored datasets (newest first), without their payloads; of one kind if given."""
    return ws.datasets(kind)


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


def merge(ws: Workspace, kind: str, name: str, frame: pd.DataFrame, key: list[str], *, conn, **options
          ) -> pd.DataFrame:
    """Replace the stored rows of this kind whose ``key`` values are in ``frame``, keep the rest."""
    return ws.merge_dataset(kind, name, frame, key, conn=conn, **options)


def log_load(ws: Workspace, kind: str, source_file: str | None, rows: int | None, *, conn=None, **options) -> int:
    """One line in the load log; options as :meth:`Workspace.log_load`."""
    return ws.log_load(kind, source_file, rows, conn=conn, **options)
