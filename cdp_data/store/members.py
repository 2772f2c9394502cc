"""Who may use which partnership, in which role (the ``memberships`` table). E-mail addresses are kept
lower-case, so that sign-in and the command line agree whatever the case typed."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..core.clock import now
from .schema import memberships
from .workspace import Workspace

COLUMNS = ["email", "partnership_code", "role", "added_at", "added_by"]


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def roles_of(ws: Workspace, email: str) -> dict[str, str]:
    """partnership code -> role for one person."""
    frame = ws.read(sa.select(memberships.c.partnership_code, memberships.c.role)
                    .where(memberships.c.email == normalise(email)))
    return dict(zip(frame["partnership_code"], frame["role"])) if not frame.empty else {}


def put(conn: Connection, email: str, partnership_code: str, role: str, added_by: str) -> str | None:
    """Give (or change) a person's role in a partnership; return the role they had before, if any."""
    email = normalise(email)
    where = (memberships.c.email == email, memberships.c.partnership_code == partnership_code)
    before = conn.execute(sa.select(memberships.c.role).where(*where)).scalar()
    conn.execute(memberships.delete().where(*where))
    conn.execute(memberships.insert().values(email=email, partnership_code=partnership_code, role=role,
                                             added_at=now(), added_by=added_by))
    return before


def delete(conn: Connection, email: str, partnership_code: str) -> str | None:
    """Remove a person from a partnership; return the role they had (None: they were not a member)."""
    where = (memberships.c.email == normalise(email), memberships.c.partnership_code == partnership_code)
    before = conn.execute(sa.select(memberships.c.role).where(*where)).scalar()
    if before is not None:
        conn.execute(memberships.delete().where(*where))
    return before


def listing(ws: Workspace, partnerships: list[str] | None = None) -> pd.DataFrame:
    """Members ordered by partnership and e-mail; only of ``partnerships`` when given."""
    query = sa.select(memberships).order_by(memberships.c.partnership_code, memberships.c.email)
    if partnerships is not None:
        query = query.where(memberships.c.partnership_code.in_(list(partnerships)))
    frame = ws.read(query)
    return frame if not frame.empty else pd.DataFrame(columns=COLUMNS)


def count_admins(conn: Connection, partnership_code: str) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(memberships).where(
        memberships.c.partnership_code == partnership_code, memberships.c.role == "admin")).scalar_one())
