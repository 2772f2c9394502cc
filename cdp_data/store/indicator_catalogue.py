"""The indicator catalogue table: seeding the bundled list, adding unknown indicators, reads and updates.

The bundled list (``data/catalogue.csv``) holds the National Combating Drugs
Outcomes Framework metrics and the local metrics partnerships report, with
polarity, unit, source, frequency and the Fingertips ID where known. An
indicator that arrives in an extract and is not in the catalogue is added with
polarity ``not_compared`` until a user sets it.

Polarity values:
``high_is_good``  higher is better (people in treatment, continuity of care)
``low_is_good``   lower is better (deaths, admissions, unmet need)
``no_judgement``  compared as Higher / Lower, never Better / Worse
``not_compared``  not yet classified: comparisons say "Not compared"
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd
import sqlalchemy as sa

from ..core import config
from . import load_journal
from .schema import catalogue
from .workspace import Workspace

COLUMNS = [c.name for c in catalogue.c]


def bundled_catalogue() -> pd.DataFrame:
    """The catalogue shipped with the app, as a DataFrame (all text columns)."""
    frame = pd.read_csv(config.PACKAGE_DATA / "catalogue.csv", dtype=str, keep_default_na=False)
    frame["user_defined"] = False
    return frame.replace({"": None})


def seed_catalogue(ws: Workspace, conn: sa.Connection | None = None) -> int:
    """Write the bundled catalogue into the workspace (existing entries kept)."""
    rows = bundled_catalogue().to_dict("records")
    if conn is None:
        with ws.begin() as c:
            return _insert_missing(c, rows)
    return _insert_missing(conn, rows)


def _insert_missing(conn: sa.Connection, rows: list[dict]) -> int:
    have = set(conn.execute(sa.select(catalogue.c.indicator_id)).scalars())
    new = [{k: r.get(k) for k in COLUMNS} for r in rows if r["indicator_id"] not in have]
    for r in new:
        r["polarity"] = r.get("polarity") or "not_compared"
        r["user_defined"] = bool(r.get("user_defined") or False)
    if new:
        conn.execute(catalogue.insert(), new)
    return len(new)


def ensure_indicators(conn: sa.Connection, indicators: Iterable[tuple[str, str]], source: str) -> list[str]:
    """Add unknown indicators (id, name) with polarity ``not_compared``; return the ids added.

    An indicator is known when its id is a catalogue id or a catalogue entry's
    Fingertips ID.
    """
    known = set(conn.execute(sa.select(catalogue.c.indicator_id)).scalars())
    known |= {x for x in conn.execute(sa.select(catalogue.c.fingertips_id)).scalars() if x}
    rows = []
    for indicator_id, name in indicators:
        indicator_id = str(indicator_id)
        if indicator_id in known:
            continue
        rows.append(dict(
            indicator_id=indicator_id, name=name or indicator_id, short_name=name, polarity="not_compared",
            source=source, user_defined=True, notes="Added from an extract; set its polarity on the Data page",
        ))
        known.add(indicator_id)
    if rows:
        conn.execute(catalogue.insert(), rows)
        load_journal.note_many(conn, "catalogue", "added", [(r["indicator_id"], None) for r in rows])
    return [r["indicator_id"] for r in rows]


def read_catalogue(ws: Workspace, columns: list[str] | None = None) -> pd.DataFrame:
    """The whole catalogue (or its ``columns``, in that order), ordered by outcome and name."""
    chosen = [catalogue] if columns is None else [catalogue.c[c] for c in columns]
    return ws.read(sa.select(*chosen).order_by(catalogue.c.outcome, catalogue.c.name))


def update_polarity(ws: Workspace, indicator_id: str, polarity: str) -> None:
    """Write one indicator's polarity (the service checks the value)."""
    with ws.begin() as conn:
        conn.execute(catalogue.update().where(catalogue.c.indicator_id == str(indicator_id)).values(polarity=polarity))


def entries_by_key(conn: sa.Connection) -> dict[str, dict]:
    """Catalogue entries keyed by their own ID and by their Fingertips ID."""
    entries = {}
    for row in conn.execute(sa.select(catalogue)):
        entry = row._asdict()
        entries[row.indicator_id] = entry
        if row.fingertips_id:
            entries.setdefault(str(row.fingertips_id), entry)
    return entries


def read_entry(ws: Workspace, indicator_id: str) -> dict | None:
    """One catalogue entry as a dict, or None when the indicator is not in the catalogue."""
    row = ws.read(sa.select(catalogue).where(catalogue.c.indicator_id == indicator_id))
    return row.iloc[0].to_dict() if not row.empty else None


def entry_in(conn: sa.Connection, indicator_id: str):
    """One catalogue row inside a write transaction (or None)."""
    return conn.execute(sa.select(catalogue).where(catalogue.c.indicator_id == indicator_id)).first()


def read_labels(ws: Workspace) -> pd.DataFrame:
    """Per indicator: short name, name, outcome, unit, polarity and value type."""
    return ws.read(sa.select(catalogue.c.indicator_id, catalogue.c.short_name, catalogue.c.name, catalogue.c.outcome,
                             catalogue.c.unit, catalogue.c.polarity, catalogue.c.value_type))


def value_types(ws: Workspace) -> dict[str, str | None]:
    """Each indicator's value type (proportion, rate, count ...)."""
    return dict(ws.read(sa.select(catalogue.c.indicator_id, catalogue.c.value_type)).itertuples(index=False))
