"""The indicator catalogue: what each indicator measures and which way is better.

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
from .schema import catalogue
from .workspace import Workspace

POLARITIES = ("high_is_good", "low_is_good", "no_judgement", "not_compared")
POLARITY_LABELS = {
    "high_is_good": "Higher is better",
    "low_is_good": "Lower is better",
    "no_judgement": "No judgement (higher / lower)",
    "not_compared": "Not set: not compared",
}
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
    return [r["indicator_id"] for r in rows]


def get_catalogue(ws: Workspace) -> pd.DataFrame:
    return ws.read(sa.select(catalogue).order_by(catalogue.c.outcome, catalogue.c.name))


def set_polarity(ws: Workspace, indicator_id: str, polarity: str) -> None:
    if polarity not in POLARITIES:
        raise ValueError(f"Polarity must be one of {', '.join(POLARITIES)}; got {polarity!r}.")
    with ws.begin() as conn:
        conn.execute(catalogue.update().where(catalogue.c.indicator_id == str(indicator_id)).values(polarity=polarity))
