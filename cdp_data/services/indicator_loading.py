"""Storing tidy indicator values in the workspace: the write shared by every indicator loader.

Loaders (Fingertips export and API, NDTMS, the local-figures template,
prevalence estimates) build a frame or Arrow table with the columns of
:data:`cdp_data.store.indicator_values.COLUMNS` and hand it to :func:`store_values`,
which in one write transaction:

- maps Fingertips IDs onto catalogue IDs and adds unknown indicators to the
  catalogue with polarity ``not_compared``;
- adds the areas it does not know and fills in type, parent and region, but never renames an area
  already recorded (names come from official lookups, the demo or the user; a differing name is
  reported);
- replaces exactly the stored values with the same key (indicator, area, period, sex, age, category
  type, category) and nothing else: re-loading never duplicates, an extract of the latest period
  keeps the earlier ones, and the report and the load log say how many values were replaced;
- writes the rows as columnar segments (:func:`cdp_data.store.indicator_values.write_values`).

All of it works on Arrow tables, so a 500,000-row extract never becomes
500,000 Python objects. Period labels are parsed to sortable start and end
dates by :func:`period_dates` (cached per distinct label).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..core.errors import LoadError
from ..core.periods import period_dates
from ..store import Workspace
from ..store import area_register, load_history
from . import area_names
from ..store import indicator_catalogue as cat
from ..store import indicator_values as data
from .access import write_step

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

KEY = data.KEY


def _map_text(table: pa.Table, name: str, mapping: dict) -> pa.Table:
    """Replace values of a text column through ``mapping`` (unmapped values kept)."""
    codes, words = data._codes(table.column(name))
    new_words = pa.array([None] + [mapping.get(w, w) for w in words], type=pa.string())
    column = new_words.take(pa.array(codes)).dictionary_encode()
    return table.set_column(table.schema.get_field_index(name), name, column)


def _fill_per_indicator(table: pa.Table, name: str, lookup: dict) -> pa.Table:
    """Fill a column's nulls with each indicator's value from ``lookup``."""
    column = table.column(name)
    if column.null_count == 0 or not any(lookup.values()):
        return table
    codes, words = data._codes(table.column("indicator_id"))
    per_code = [None] + [lookup.get(w) for w in words]
    if column.null_count == table.num_rows:  # nothing given: each indicator's value, without touching strings
        values = [v for v in dict.fromkeys(per_code) if v is not None]
        position = {v: i for i, v in enumerate(values)}
        index = np.array([position.get(v, -1) for v in per_code], dtype=np.int32)[codes]
        filled = pa.DictionaryArray.from_arrays(pa.array(index, mask=index < 0), pa.array(values, pa.string()))
    else:
        fallback = pa.array(per_code, type=pa.string()).take(pa.array(codes))
        filled = pc.coalesce(pc.cast(column, pa.string()), fallback).dictionary_encode()
    return table.set_column(table.schema.get_field_index(name), name, filled)


@write_step
def store_values(ws: Workspace, frame: pd.DataFrame | pa.Table, *, kind: str, filename: str, source: str,
                 owner: str | None = None) -> dict:
    """Store tidy indicator values; returns counts for the load report.

    ``frame`` has (some of) the columns of ``indicator_data.COLUMNS``. Stored rows of the same owner
    (``owner``: the partnership whose local figures they are; None for national data) with the same key are
    replaced, and the load log records how many (action ``replaced``). The areas it names are recorded as
    comparators: a load never makes an area a partnership (:mod:`cdp_data.services.partnerships`).
    """
    table = data.to_table(frame, source=source, loaded_from=filename)
    if any(table.column(c).null_count for c in ("indicator_id", "area_code", "period")):
        usable = pc.and_(pc.is_valid(table.column("indicator_id")),
                         pc.and_(pc.is_valid(table.column("area_code")), pc.is_valid(table.column("period"))))
        table = table.filter(usable)  # loaders report rows without these; never stored
    if table.num_rows == 0:
        raise LoadError(f"{filename} has no rows with an indicator, an area code and a period.")
    table = data.drop_duplicate_keys(table)
    with ws.begin() as conn:
        entries = cat.entries_by_key(conn)
        names = data.first_per(table, "indicator_id", ["indicator_name"])
        names = dict(zip(names["indicator_id"], names["indicator_name"].where(names["indicator_name"].notna(), None)))
        unknown = [(i, names.get(i)) for i in names if i not in entries]
        added = cat.ensure_indicators(conn, unknown, source) if unknown else []
        entries = cat.entries_by_key(conn) if added else entries
        id_map = {i: entries[i]["indicator_id"] if i in entries else i for i in names}
        if any(k != v for k, v in id_map.items()):
            table = _map_text(table, "indicator_id", id_map)
            table = data.drop_duplicate_keys(table)  # a Fingertips ID and its catalogue ID are one key
        for column in ("polarity", "unit"):
            table = _fill_per_indicator(table, column, {v: (entries.get(v) or {}).get(column) for v in id_map.values()})
        # The log entry comes first so that its id can go into the segments, which are then
        # encoded in worker threads while the areas, replacements and log details are written.
        load_id = ws.log_load(kind, filename, table.num_rows, conn=conn)
        table = data.with_column(table, "load_id", load_id)
        with data.encoding(table, owner) as store:
            names_kept, official = _upsert_areas(ws, conn, table)
            replaced, replaced_from = data.remove_values(conn, table, owner)
            indicators = sorted(set(id_map.values()))
            periods = sorted(data.distinct(table, "period"), key=lambda p: (period_dates(p)[1] or dt.date.min, p))
            _record(conn, load_id, {"indicators": indicators, "rows": table.num_rows,
                                    "latest_period": periods[-1] if periods else None},
                    replaced, replaced_from, names_kept, official)
            store(conn)
    return {"rows": table.num_rows, "indicators": indicators, "added_to_catalogue": added,
            "areas": len(data.distinct(table, "area_code")), "periods": periods, "replaced_rows": replaced,
            "replaced_from": replaced_from, "area_names_kept": names_kept, "area_names_official": official,
            "load_id": load_id}


def _record(conn: Connection, load_id: int, detail: dict, replaced: int, replaced_from: list[str],
            names_kept: list, official: list) -> None:
    """Complete the load log entry: what the load replaced and which area names it did not change."""
    if replaced:
        detail.update(replaced_rows=replaced, replaced_from=replaced_from)
    if names_kept:
        detail.update(area_names_kept=[list(n) for n in names_kept])
    if official:
        detail.update(area_names_official=[list(n) for n in official])
    load_history.record_outcome(conn, load_id, vintage=detail["latest_period"],
                                action="replaced" if replaced else "loaded", detail=detail)


def replacement_warnings(result: dict, earlier: str = "earlier loads") -> list[str]:
    """What a load replaced and which area names it did not change, as sentences for the report."""
    warnings = []
    if result["replaced_rows"]:
        files = result.get("replaced_from") or []
        origin = f" ({', '.join(files[:3])}{', ...' if len(files) > 3 else ''})" if files else ""
        n = result["replaced_rows"]
        values = "1 value" if n == 1 else f"{n:,} values"
        warnings.append(f"{values} from {earlier}{origin} {'was' if n == 1 else 'were'} replaced by this file's "
                        "values for the same indicator, area, period and breakdown; all other values were kept.")
    kept = result.get("area_names_kept") or []
    for code, stored, given in kept[:5]:
        warnings.append(f"The file calls {code} '{area_names.shown(given)}'; the name already recorded, "
                        f"'{stored}', was kept.")
    if len(kept) > 5:
        warnings.append(f"{len(kept) - 5} more area names in the file differ from those recorded; "
                        "the recorded names were kept.")
    warnings += area_names.official_warnings(result.get("area_names_official") or [], [])
    return warnings


def _upsert_areas(ws: Workspace, conn: Connection, table: pa.Table
                  ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Add the areas the table names: (names kept, official names used instead of the file's)."""
    areas = data.first_per(table, "area_code", ["area_name", "area_type", "parent_code"])
    rows = []
    for r in areas.to_dict("records"):
        code = r["area_code"]
        if not isinstance(code, str) or not code:
            continue
        parent = r.get("parent_code") if isinstance(r.get("parent_code"), str) else None
        rows.append({
            "code": code, "name": area_names.plain_name(r.get("area_name")), "name_given": r.get("area_name"),
            "area_type": r.get("area_type") if isinstance(r.get("area_type"), str) else None,
            "parent_code": parent or None,
            "region_code": parent if parent and parent.startswith("E12") else None,
        })
    official = area_names.official_for_new_areas(ws, conn, rows)
    return area_register.add_from_upload(ws, conn, rows), official
