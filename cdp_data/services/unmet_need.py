"""Unmet need's use cases: what the Unmet need page and the ``unmet-need`` command show.

Reads indicator values through :mod:`cdp_data.store.indicator_values`, works out
unmet need with :mod:`cdp_data.unmet_need` and words the notes and comparisons
with :mod:`cdp_data.present.unmet_need` (the ``note`` and ``comparison_text``
columns). Counts under 5, and what is worked out from them, are withheld by the gate
(:mod:`cdp_data.services.disclosure`) as the domain's table leaves it.
"""

from __future__ import annotations

import math

import pandas as pd

from .. import unmet_need as domain
from ..present import unmet_need as words
from ..store import Workspace
from ..store.indicator_values import read_values
from ..unmet_need import (BY_KEY, CLI_KEYS, ENGLAND, NATIONAL_CASELOAD, WITH_ESTIMATE, UnknownArea,  # noqa: F401
                          compare_with_england, has_england_figure, has_synthetic, one_period_each,
                          rows_with_figure, target_share, what_would_it_take)
from . import disclosure
from .indicators import _values as indicator_values_gated
from .ownership import readable
from .ward_map import has_ward_treatment_counts  # noqa: F401

substance_labels = words.substance_labels


def read_inputs(ws: Workspace, area_codes: list[str] | None = None) -> pd.DataFrame:
    """The indicator values unmet need is built from (all areas, or those given)."""
    return read_values(ws, domain.INPUT_COLUMNS, indicator_id=domain.INPUT_INDICATORS, area_code=area_codes,
                       owners=readable(ws))


def _worded(table: pd.DataFrame) -> pd.DataFrame:
    """The table as it leaves: through the gate (:func:`cdp_data.services.disclosure.blank_small` on the numbers
    in and not in treatment), with its notes and comparisons in words (``note``, ``comparison_text``)."""
    table = disclosure.blank_small(table, ["in_treatment", "not_in_treatment"])
    out = table.assign(note=words.notes_column(table))
    if "compared_with_england" in out:
        out["comparison_text"] = [words.comparison_sentence(r) for r in out.to_dict("records")]
    return out


def _table(values: pd.DataFrame) -> pd.DataFrame:
    """The domain's table through the gate (:func:`cdp_data.services.disclosure.unmet_need`): nothing worked out
    from a count under 5 goes further (nor into the comparison with England)."""
    return disclosure.unmet_need(domain.unmet_need_table(values))


def all_areas_unmet_need(ws: Workspace) -> pd.DataFrame:
    """Unmet need for every area, group and period held, with England's value and the comparison."""
    return _worded(domain.with_england(_table(read_inputs(ws))))


def _area_name(ws: Workspace, code: str) -> str | None:
    areas = ws.areas()
    named = areas.loc[areas["code"] == code, "name"]
    if not named.empty:
        return named.iloc[0]
    names = read_values(ws, ["area_name"], area_code=code, owners=readable(ws))
    if names.empty:
        return None
    named = names["area_name"].dropna()
    return named.iloc[0] if not named.empty else code


def area_unmet_need(ws: Workspace, area_code: str) -> pd.DataFrame:
    """Every period's unmet need for one area, England's value and the comparison added.

    Groups with no data at all are listed once: non-opiate groups as "no estimate",
    the others as "no data loaded". Raises :class:`UnknownArea` for a code the
    workspace does not know.
    """
    name = _area_name(ws, area_code)
    if name is None:
        raise UnknownArea(f"Area {area_code} is not in the workspace: give a GSS code such as E08000015 (Wirral).")
    table = _worded(domain.with_england(_table(read_inputs(ws, [area_code, ENGLAND]))))
    table = domain.with_missing_groups(table[table["area_code"] == area_code], area_code, name)
    table["note"] = words.notes_column(table)
    texts = table["comparison_text"] if "comparison_text" in table else pd.Series("", index=table.index)
    table["comparison_text"] = texts.where(texts.notna(), "")
    return table


def partnership_unmet_need(ws: Workspace, area_code: str) -> pd.DataFrame:
    """The latest period for each substance group (the page's bars and table)."""
    return domain.latest_per_group(area_unmet_need(ws, area_code))


def unmet_need_trend(ws: Workspace, area_code: str) -> pd.DataFrame:
    """Unmet need over the periods available, for groups with a figure (the trend chart)."""
    table = area_unmet_need(ws, area_code)
    return table[table["unmet_need_share"].notna()].reset_index(drop=True)


def _clean(value):
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if isinstance(value, (list, dict, tuple)):
        return value
    return None if pd.isna(value) else value


def unmet_need_cli_rows(ws: Workspace, area_code: str) -> list[dict]:
    """The CLI's JSON rows: the keys in :data:`CLI_KEYS`, then period match and note."""
    out = []
    for r in area_unmet_need(ws, area_code).to_dict("records"):
        item = {k: _clean(r.get(k)) for k in CLI_KEYS}
        item.update(substance_label=r["substance_label"], method=r["method"],
                    periods_match=bool(r["periods_match"]), estimate_period=_clean(r.get("estimate_period")),
                    treatment_period=_clean(r.get("treatment_period")),
                    england_share=_clean(r.get("england_share")),
                    compared_with_england=_clean(r.get("compared_with_england")), note=_clean(r.get("note")))
        out.append(item)
    return out


def substance_periods(ws: Workspace, substance: str) -> list[str]:
    """Periods with an unmet-need figure for this group in any area: the period covering the
    most areas first (the default for comparing areas), then by areas and recency."""
    table = _table(read_inputs(ws))
    table = table[(table["substance"] == substance) & table["unmet_need_share"].notna()]
    return domain.substance_periods_ranked(table) if not table.empty else []


def unmet_need_across_areas(ws: Workspace, substance: str, period: str | None = None) -> pd.DataFrame:
    """One group's unmet need in every area for one period (default: the latest with figures),
    with England's value, the comparison and whether the area is a partnership."""
    if substance not in BY_KEY:
        raise UnknownArea(f"Unknown substance group {substance!r}; choose one of {', '.join(BY_KEY)}.")
    table = all_areas_unmet_need(ws)
    return domain.across_areas(table, substance, period, set(ws.partnerships()["code"]))


def what_would_it_take_table(rows: pd.DataFrame, target: float | str, caseload: float = NATIONAL_CASELOAD
                             ) -> pd.DataFrame:
    """:func:`cdp_data.unmet_need.what_would_it_take_table` with each row's note in words (``note``)."""
    plan = domain.what_would_it_take_table(rows, target, caseload)
    if "note_code" in plan:
        plan["note"] = [words.plan_note(c) for c in plan["note_code"]]
    return plan


CASELOAD_ID = "caseload_per_worker"


def caseload_sentence(ws: Workspace, area_code: str, area_name: str) -> str:
    """The national caseload ambition and the partnership's own reported caseload per worker when the workspace
    holds one it may read (its latest value, period and note), in one sentence."""
    values = indicator_values_gated(ws, CASELOAD_ID)   # the one suppression gate, the reader's partnerships
    values = values[(values["area_code"] == area_code) & values["value"].notna()] if not values.empty else values
    latest = values.sort_values("period_end", na_position="first").iloc[-1] if not values.empty else None
    return words.caseload_sentence(NATIONAL_CASELOAD, area_name, None if latest is None else latest.to_dict())
