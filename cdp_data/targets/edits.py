"""Baselines and targets as edited in a table: the rows to store, checked (one baseline per indicator,
a known target kind, numbers that are numbers)."""

from __future__ import annotations

import pandas as pd

from ..core.errors import LoadError
from ..core.numbers import as_date, plain
from .rule import TARGET_KINDS

BASELINE_COLUMNS = ["partnership_code", "indicator_id", "value", "period", "period_end", "source", "note"]
TARGET_COLUMNS = ["partnership_code", "indicator_id", "value", "target_text", "target_date", "period", "kind",
                  "source", "note"]


def _record(row: dict, columns: list[str], partnership: str, date_column: str) -> dict:
    r = {c: plain(row.get(c)) for c in columns}
    r["indicator_id"] = str(r["indicator_id"]).strip()
    r["partnership_code"] = partnership
    r[date_column] = as_date(r.get(date_column))
    if r.get("value") is not None:
        try:
            r["value"] = float(r["value"])
        except (TypeError, ValueError) as exc:
            raise LoadError(f"The value {r['value']!r} for {r['indicator_id']} is not a number.") from exc
    return r


def _records(frame: pd.DataFrame, columns: list[str], partnership: str, date_column: str) -> list[dict]:
    """The table's rows with an indicator, as plain values for the partnership."""
    return [_record(r, columns, partnership, date_column) for r in frame.to_dict("records")
            if plain(r.get("indicator_id"))]


def baseline_rows(frame: pd.DataFrame, partnership: str) -> list[dict]:
    """A partnership's baselines to store (one per indicator)."""
    rows = _records(frame, BASELINE_COLUMNS, partnership, "period_end")
    seen = [r["indicator_id"] for r in rows]
    duplicates = sorted({i for i in seen if seen.count(i) > 1})
    if duplicates:
        raise LoadError(f"Each indicator can have one baseline only; repeated: {', '.join(duplicates)}.")
    return rows


def target_rows(frame: pd.DataFrame, partnership: str) -> list[dict]:
    """A partnership's targets to store (several per indicator allowed)."""
    rows = _records(frame, TARGET_COLUMNS, partnership, "target_date")
    for r in rows:
        if r.get("kind") and r["kind"] not in TARGET_KINDS:
            raise LoadError(f"Target kind must be one of {', '.join(TARGET_KINDS)}; got {r['kind']!r}.")
    return rows
