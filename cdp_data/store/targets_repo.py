"""Repository of the baselines, targets and milestones tables (and the headline indicator values the
status is measured on). Plain reads and writes: no rule, no display text.

Named ``targets_repo``, not ``targets``: ``cdp_data.store`` re-exports the ``targets`` table, and importing a
submodule of that name would replace that attribute of the package.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa

from ..core.numbers import as_date
from .indicator_values import read_table, to_frame
from .segments import first_of_each
from .schema import baselines, milestones, targets
from .workspace import Workspace

BASELINE_COLUMNS = ["partnership_code", "indicator_id", "value", "period", "period_end", "source", "note"]
TARGET_COLUMNS = ["partnership_code", "indicator_id", "value", "target_text", "target_date", "period", "kind",
                  "source", "note"]


def _for(query, table: sa.Table, partnership: str | None):
    return query.where(table.c.partnership_code == partnership) if partnership else query


def baseline_rows(ws: Workspace, partnership: str | None = None) -> pd.DataFrame:
    """Every column of the baselines table, for one partnership or all, in stored order."""
    return ws.read(_for(sa.select(baselines), baselines, partnership))


def target_rows(ws: Workspace, partnership: str | None = None) -> pd.DataFrame:
    """Every column of the targets table, for one partnership or all, in stored order."""
    return ws.read(_for(sa.select(targets), targets, partnership))


def baselines_frame(ws: Workspace, partnership: str | None = None) -> pd.DataFrame:
    """The baselines as edited on the Data page (by indicator; period_end as a date)."""
    query = sa.select(*[baselines.c[c] for c in BASELINE_COLUMNS]).order_by(baselines.c.indicator_id)
    frame = ws.read(_for(query, baselines, partnership))
    frame["period_end"] = frame["period_end"].map(as_date)
    return frame


def targets_frame(ws: Workspace, partnership: str | None = None) -> pd.DataFrame:
    """The targets as edited on the Data page (by indicator then date; target_date as a date)."""
    query = sa.select(*[targets.c[c] for c in TARGET_COLUMNS]).order_by(targets.c.indicator_id,
                                                                        targets.c.target_date)
    frame = ws.read(_for(query, targets, partnership))
    frame["target_date"] = frame["target_date"].map(as_date)
    return frame


def replace_baselines(conn: sa.Connection, partnership: str, rows: list[dict]) -> None:
    """Delete a partnership's baselines and insert ``rows`` (inside the caller's transaction)."""
    conn.execute(baselines.delete().where(baselines.c.partnership_code == partnership))
    if rows:
        conn.execute(baselines.insert(), rows)


def replace_targets(conn: sa.Connection, partnership: str, rows: list[dict]) -> None:
    """Delete a partnership's targets and insert ``rows``."""
    conn.execute(targets.delete().where(targets.c.partnership_code == partnership))
    if rows:
        conn.execute(targets.insert(), rows)


def replace_for_indicators(conn: sa.Connection, partnership: str, baseline_rows: list[dict],
                           target_rows: list[dict], target_indicators: list[str]) -> None:
    """An indicators-sheet import: the partnership's baselines of the indicators in ``baseline_rows`` and its
    targets of ``target_indicators`` are replaced; other rows are kept."""
    conn.execute(baselines.delete().where(baselines.c.partnership_code == partnership,
                                          baselines.c.indicator_id.in_([b["indicator_id"] for b in baseline_rows])))
    conn.execute(targets.delete().where(targets.c.partnership_code == partnership,
                                        targets.c.indicator_id.in_(target_indicators)))
    if baseline_rows:
        conn.execute(baselines.insert(), baseline_rows)
    if target_rows:
        conn.execute(targets.insert(), target_rows)


def milestone_rows(ws: Workspace, partnership: str | None) -> pd.DataFrame:
    """A partnership's stored milestones (milestone, met_on, note); empty without a partnership."""
    if not partnership:
        return pd.DataFrame(columns=["milestone", "met_on", "note"])
    return ws.read(sa.select(milestones.c.milestone, milestones.c.met_on, milestones.c.note)
                   .where(milestones.c.partnership_code == partnership))


def replace_milestones(conn: sa.Connection, partnership: str, rows: list[dict]) -> None:
    """Replace a partnership's rows for the milestones in ``rows`` (others are kept)."""
    conn.execute(milestones.delete().where(milestones.c.partnership_code == partnership,
                                           milestones.c.milestone.in_([r["milestone"] for r in rows])))
    if rows:
        conn.execute(milestones.insert(), rows)


def headline_values(ws: Workspace, partnership: str | None = None, owners=None) -> pd.DataFrame:
    """Indicator values without breakdowns (all persons, no category), one row per area, indicator, period
    (``owners`` as :func:`cdp_data.store.indicator_values.read_table`)."""
    table = read_table(ws, ["indicator_id", "area_code", "period", "period_end", "value", "count", "source", "note",
                            "is_synthetic", "category_type", "sex", "load_id"], area_code=partnership or None,
                       owners=owners)
    headline = pc.and_(pc.fill_null(pc.equal(table.column("category_type"), ""), False),
                       pc.fill_null(pc.is_in(table.column("sex"), value_set=pa.array(["", "Persons"])), False))
    table = table.filter(headline)  # filtered before becoming Python objects
    if table.num_rows == 0:
        return to_frame(table).drop(columns=["category_type", "sex", "load_id"]).reset_index(drop=True)
    # Between rows of one period: "Persons" before a blank sex, then the earlier load (as stored before);
    # ordered and the first of each (indicator, area, period) kept in Arrow, before becoming Python objects.
    text = {c: pc.cast(table.column(c), pa.string()) for c in ["indicator_id", "area_code", "sex"]}
    keys = pa.table({"indicator_id": text["indicator_id"], "area_code": text["area_code"],
                     "period_end": table.column("period_end"), "_sex": pc.not_equal(text["sex"], "Persons"),
                     "load_id": table.column("load_id")})
    order = pc.sort_indices(keys, [(c, "ascending", "at_start") for c in keys.column_names])
    table = first_of_each(table.take(order), ["indicator_id", "area_code", "period"])
    frame = to_frame(table.drop_columns(["category_type", "sex", "load_id"]))
    frame["period_end"] = frame["period_end"].map(as_date)
    return frame
