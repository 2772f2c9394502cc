"""The meeting tables: ``meetings`` (one row per recorded meeting: date, the plan version and the data as of
then, the agenda as run) and ``meeting_agendas`` (the agenda a partnership saved). JSON in, dicts out."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import sqlalchemy as sa

from . import Workspace, meeting_agendas, meetings, now

MEETING_COLUMNS = ["id", "partnership_code", "meeting_date", "plan_version_id", "data_as_of", "agenda",
                   "recorded_at"]


def insert_meeting(conn, partnership_code: str, meeting_date: dt.date, plan_version_id: int | None,
                   data_as_of: dict, agenda: dict) -> int:
    """Record a meeting (inside the caller's transaction); its id."""
    return int(conn.execute(meetings.insert().values(
        partnership_code=partnership_code, meeting_date=meeting_date, plan_version_id=plan_version_id,
        data_as_of=json.dumps(data_as_of, sort_keys=True), agenda=json.dumps(agenda), recorded_at=now(),
    )).inserted_primary_key[0])


def meeting_on(conn, partnership_code: str, meeting_date: dt.date) -> int | None:
    """The id of the partnership's meeting recorded for that day, if any."""
    row = conn.execute(sa.select(meetings.c.id).where(meetings.c.partnership_code == partnership_code,
                                                      meetings.c.meeting_date == meeting_date)).first()
    return int(row.id) if row else None


def replace_meeting(conn, meeting_id: int, plan_version_id: int | None, data_as_of: dict, agenda: dict) -> None:
    conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(
        plan_version_id=plan_version_id, data_as_of=json.dumps(data_as_of, sort_keys=True),
        agenda=json.dumps(agenda), recorded_at=now()))


def _decoded(row) -> dict:
    out = dict(row._mapping)
    out["data_as_of"] = json.loads(out["data_as_of"] or "{}")
    out["agenda"] = json.loads(out["agenda"] or "{}")
    day = out["meeting_date"]
    out["meeting_date"] = day if isinstance(day, dt.date) else pd.Timestamp(day).date()
    return out


def recorded(ws: Workspace, partnership_code: str) -> list[dict]:
    """The partnership's recorded meetings, newest first."""
    query = (sa.select(*[meetings.c[c] for c in MEETING_COLUMNS])
             .where(meetings.c.partnership_code == partnership_code)
             .order_by(meetings.c.meeting_date.desc(), meetings.c.id.desc()))
    with ws.connect() as conn:
        return [_decoded(row) for row in conn.execute(query)]


def saved_agenda(ws: Workspace, partnership_code: str) -> dict | None:
    with ws.connect() as conn:
        row = conn.execute(sa.select(meeting_agendas.c.agenda)
                           .where(meeting_agendas.c.partnership_code == partnership_code)).first()
    return json.loads(row.agenda) if row else None


def replace_agenda(conn, partnership_code: str, agenda: dict) -> None:
    conn.execute(meeting_agendas.delete().where(meeting_agendas.c.partnership_code == partnership_code))
    conn.execute(meeting_agendas.insert().values(partnership_code=partnership_code, agenda=json.dumps(agenda),
                                                 saved_at=now()))
