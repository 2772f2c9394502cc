"""Named peer groups of areas, per partnership (the peer_groups table)."""

from __future__ import annotations

import sqlalchemy as sa

from .schema import peer_groups
from .workspace import Workspace


def group_names(ws: Workspace, partnership: str) -> list[str]:
    frame = ws.read(sa.select(peer_groups.c.name).distinct().where(peer_groups.c.partnership_code == partnership))
    return sorted(frame.iloc[:, 0].tolist()) if not frame.empty else []


def members(ws: Workspace, partnership: str, name: str) -> list[str]:
    frame = ws.read(sa.select(peer_groups.c.area_code).where(peer_groups.c.partnership_code == partnership,
                                                              peer_groups.c.name == name))
    return sorted(frame["area_code"].tolist()) if not frame.empty else []


def replace_group(ws: Workspace, partnership: str, name: str, codes: list[str], conn=None) -> None:
    """Write a group's members, replacing what it held (inside ``conn``'s transaction when given)."""
    if conn is None:
        with ws.begin() as conn:
            return replace_group(ws, partnership, name, codes, conn)
    conn.execute(peer_groups.delete().where(peer_groups.c.partnership_code == partnership,
                                            peer_groups.c.name == name))
    rows = [{"partnership_code": partnership, "name": name, "area_code": c} for c in sorted(set(codes))]
    if rows:
        conn.execute(peer_groups.insert(), rows)


def delete_group(ws: Workspace, partnership: str, name: str) -> None:
    with ws.begin() as conn:
        conn.execute(peer_groups.delete().where(peer_groups.c.partnership_code == partnership,
                                                peer_groups.c.name == name))
