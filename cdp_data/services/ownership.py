"""Whose local figures these are: the owner a load gives a partnership's own data, and what a reader may see.

A partnership's delivery plans, local figures (the local-figures template), ward harm counts, targets,
milestones and peer groups are read by its members only; national public data (Fingertips, NDTMS, IoD,
boundaries, lookups, police open data) carries no owner and is read by everyone. Every service that reads
indicator values or stored datasets passes :func:`readable` to the store, which leaves out other
partnerships' figures; local mode (and a global administrator) reads everything.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pandas as pd

from ..core.errors import LoadError
from ..store import Workspace
from ..core.kinds import Kind
from ..store import load_history, ownership
from .access import readable_codes


def readable(ws: Workspace) -> set[str] | None:
    """The partnerships whose own figures the acting user may read besides national data (None: all)."""
    return readable_codes(ws)


def upload_owner(ws: Workspace, chosen: str | None) -> str | None:
    """The partnership a file of local figures belongs to: the one chosen on the Data page (``--partnership``
    on the command line), or the workspace's only partnership; never guessed among several (None: no owner,
    see :func:`unowned_warning`; a signed-in editor always names the partnership, as the write check asks)."""
    with ws.connect() as conn:
        codes = ownership.partnership_codes(conn)
    if chosen:
        if chosen not in codes:
            raise LoadError(f"{chosen} is not a partnership in this workspace.")
        return chosen
    return codes[0] if len(codes) == 1 else None


def unowned_warning(ws: Workspace, rows: int) -> list[str]:
    """Said when a load (the command line without ``--partnership``, in a workspace of several partnerships)
    stores local figures that belong to no partnership (nothing to say when there is no partnership yet)."""
    codes = ", ".join(sorted(ws.partnerships()["code"]))
    if not rows or not codes:
        return []
    figures = "1 figure belongs" if rows == 1 else f"{rows:,} figures belong"
    return [f"{figures} to no partnership, so every signed-in user can read them: load the file again with the "
            f"partnership named (--partnership CODE, one of {codes}) to make them its own."]


def figure_owners(ws: Workspace, area_codes: Iterable[str], chosen: str | None) -> dict[str, str | None]:
    """area code -> the partnership owning a local figure for it: the area's partnership (the area itself or its
    parent), else the file's partnership (:func:`upload_owner`)."""
    codes = sorted({c for c in area_codes if isinstance(c, str) and c})
    with ws.connect() as conn:
        found = ownership.partnership_of_areas(conn, codes)
    if all(found.get(c) for c in codes):
        return {c: found[c] for c in codes}
    fallback = upload_owner(ws, chosen)
    return {c: found.get(c) or fallback for c in codes}


def _load_partnership(entry) -> str | None:
    """The partnership a plan or indicators-sheet load was for (None: another kind of load)."""
    if entry.kind == Kind.PLAN_WORKBOOK.value:
        return entry.vintage
    if entry.kind == Kind.TARGETS_SHEET.value:
        try:
            return json.loads(entry.detail or "{}").get("partnership_code")
        except ValueError:
            return None
    return None


def visible_loads(ws: Workspace, log: pd.DataFrame) -> pd.DataFrame:
    """The rows of the load log the acting user may read: national loads, and loads of their partnerships' own
    plans, sheets and figures (file names included)."""
    codes = readable(ws)
    if codes is None or log.empty:
        return log
    owned = load_history.load_owners(ws)
    others = set(owned.loc[~owned["owner"].isin(codes), "load_id"]) - set(owned.loc[owned["owner"].isin(codes),
                                                                                       "load_id"])
    keep = [int(entry.id) not in others and (_load_partnership(entry) in codes or _load_partnership(entry) is None)
            for entry in log.itertuples()]
    return log[keep].reset_index(drop=True)
