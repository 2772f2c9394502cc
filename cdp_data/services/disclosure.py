"""The one suppression gate: every count leaves the app through here (tables, captions, tooltips, exports,
the CLI's JSON, reports).

The rule itself is :func:`cdp_data.core.suppression.is_small` (a count under 5, zero included, is never shown;
a suppressed count is missing, never zero). The domain packages return raw numbers; the services pass what
they hand out through these functions:

- :func:`count` for one count (``None`` when it may not be shown);
- :func:`counts` for a frame's count columns and the rates and intervals built on them (a ``suppressed``
  flag says which rows were blanked);
- :func:`unmet_need` for the unmet-need table: every figure worked out from a count under 5 withheld, with a
  note saying why (the domain says which counts each row rests on and what rests on them);
- :func:`blank_small` for count columns of a table that has its own notes (unmet need);
- :func:`withholds` for an indicator figure judged against a target (the targets' status);
- :func:`count_indicator` for indicator values whose value *is* a count (a count indicator's value, interval
  and count);
- :func:`by_key` for a mapping of counts (the police "not located" figure force by force);
- :func:`area_rate_decimals` for an area's rate shown beside suppressed wards (rounded so that the area's
  count minus the wards shown cannot give the suppressed wards' total);
- :func:`police_window` for which police months may be shown at all (whole calendar quarters only, see
  :mod:`cdp_data.geography.windows`).
"""

from __future__ import annotations

import math
from typing import Iterable, Mapping

import pandas as pd

from .. import statistics as stats
from ..core.suppression import THRESHOLD, is_small, suppress_counts
from ..geography.correlation import bivariate_classes
from ..geography.ward_map import WardMap
from ..geography.windows import Window, complete_quarters, window_for_key
from ..unmet_need import notes as unmet_need_notes
from ..unmet_need.groups import RESTS_ON_COUNTS

COUNT_VALUE_TYPE = "count"
INDICATOR_COUNT_COLUMNS = ("value", "lower_ci95", "upper_ci95", "lower_ci998", "upper_ci998")


def count(value) -> int | float | None:
    """``value`` if it may be shown, else ``None`` (a count under 5, or a missing one)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return None if is_small(value) else value


def by_key(values: Mapping[str, float]) -> dict[str, int | None]:
    """A mapping of counts with every count under 5 replaced by ``None`` (the keys are kept)."""
    return {key: (None if count(v) is None else int(v)) for key, v in values.items()}


def counts(frame: pd.DataFrame, count_columns: Iterable[str], dependent: Iterable[str] = ()) -> pd.DataFrame:
    """A copy of ``frame`` with counts under 5 blanked, the columns built on them too, and ``suppressed``."""
    return suppress_counts(frame, list(count_columns), list(dependent))


def blank_small(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """A copy of ``frame`` with every count under 5 in ``columns`` made missing (no flag column added)."""
    out = frame.copy()
    for column in columns:
        if column in out:
            numeric = pd.to_numeric(out[column], errors="coerce")
            out[column] = numeric.where(~numeric.map(is_small).astype(bool))
    return out


def _withheld_codes(codes, rests) -> tuple:
    """A row's note codes once what rests on its counts is withheld: the notes about those figures gone, the
    note saying why added, in the order of :data:`cdp_data.unmet_need.notes.ORDER`."""
    kept = [c for c in codes or () if c not in rests.notes and c != rests.withheld]
    order = {code: i for i, code in enumerate(unmet_need_notes.ORDER)}
    return tuple(sorted([*kept, rests.withheld], key=lambda c: order.get(c, len(order))))


def unmet_need(table: pd.DataFrame) -> pd.DataFrame:
    """The unmet-need table (:func:`cdp_data.unmet_need.unmet_need_table`) as it may be shown: in a row whose
    ``counts_behind`` hold a count under 5 (a published count, the number it gives by subtraction, or a part of
    a count in treatment), everything worked out from them is withheld (``RESTS_ON_COUNTS``: the prevalence
    that is a published denominator, the numbers in and not in treatment, a computed share and its range) and
    the note saying why is added; ``counts_behind`` is dropped."""
    if "counts_behind" not in table:
        return table
    out = table.drop(columns="counts_behind")
    for i, behind, method, codes in zip(table.index, table["counts_behind"], table["method"], table["note_codes"]):
        rests = RESTS_ON_COUNTS.get(method)
        if rests is None or not isinstance(behind, tuple) or not any(is_small(c) for c in behind):
            continue
        for column in rests.columns:
            out.at[i, column] = None
        out.at[i, "note_codes"] = _withheld_codes(codes, rests)
    return out


def count_indicator(frame: pd.DataFrame, value_type: str | None) -> pd.DataFrame:
    """Indicator rows gated: always the ``count`` column; for a count indicator also its value and interval
    (the value is the count). ``suppressed`` marks the rows blanked."""
    if value_type == COUNT_VALUE_TYPE:
        present = [c for c in INDICATOR_COUNT_COLUMNS if c in frame]
        out = counts(frame, ["value"], present[1:])
        if "count" in out:
            small = pd.to_numeric(out["count"], errors="coerce").map(is_small).astype(bool)
            out.loc[small, present] = pd.NA
            out["suppressed"] = out["suppressed"] | small
            out = out.assign(count=pd.to_numeric(out["count"], errors="coerce").astype("Float64").mask(small))
        return out
    return counts(frame, ["count"])


def withholds(value, value_type: str | None, count=None) -> bool:
    """Whether an indicator figure may not be shown (nor judged against a target): a count indicator whose
    value, or whose count, is under 5."""
    return value_type == COUNT_VALUE_TYPE and (is_small(value) or is_small(count))


def area_rate_decimals(population: float | None, multiplier: float, any_suppressed: bool, wanted: int = 2) -> int:
    """Decimals to show an area's rate (and its interval) with so that no suppressed ward count can be worked
    out by subtraction (area count = rate x population / multiplier, minus the wards shown): when a ward is
    suppressed, round so coarsely that half a rounding step is at least 5 counts, so the area's count (and so
    the suppressed wards' total) is known only to within +/- 5 at best."""
    if not any_suppressed or not population:
        return wanted
    for decimals in range(wanted, -4, -1):
        if 0.5 * 10 ** -decimals * population / multiplier >= THRESHOLD:
            return decimals
    return -4


def _pins_a_ward(area: dict, shown_total: float, suppressed: int, decimals: int) -> bool:
    """Whether the area's rate and interval, rounded to ``decimals``, leave fewer than two possible totals for
    the ``suppressed`` wards (each 0 to 4): area counts from the shown wards' total to that total plus 4 per
    suppressed ward are tried against the three rounded figures, nearest the true count first, until two fit."""
    population, multiplier = area["population"], area["multiplier"]
    shown = tuple(round(area[k], decimals) for k in ("rate", "lower_ci95", "upper_ci95"))
    first, last = int(shown_total), int(shown_total) + (THRESHOLD - 1) * suppressed
    true = int(round(area["count"])) if area.get("count") is not None else first
    feasible = 0
    for n in sorted(range(first, last + 1), key=lambda c: abs(c - true)):
        lower, upper = stats.byars_ci(float(n), float(population), multiplier)
        if (round(n / population * multiplier, decimals), round(lower, decimals), round(upper, decimals)) == shown:
            feasible += 1
            if feasible == 2:
                return False
    return True


def area_rate(area: dict, table: pd.DataFrame) -> dict:
    """The area's rate as it may be shown beside ``table`` (gated wards: ``harm_count``, ``harm_suppressed``,
    ``population``): ``decimals`` to show it with (None: not shown at all), and no exact area count when a ward
    is suppressed."""
    if not area or not area.get("population"):
        return {**area, "decimals": 2} if area else area
    with_population = table["population"].astype(float).fillna(0) > 0
    suppressed = table["harm_suppressed"].fillna(False).astype(bool) & with_population
    n_suppressed = int(suppressed.sum())
    decimals = area_rate_decimals(area["population"], area["multiplier"], n_suppressed > 0)
    if n_suppressed:
        shown_total = float(pd.to_numeric(table.loc[with_population & ~suppressed, "harm_count"]).sum())
        while decimals is not None and _pins_a_ward(area, shown_total, n_suppressed, decimals):
            decimals = decimals - 1 if decimals > -6 else None
    return {**area, "decimals": decimals, "count": None if n_suppressed else area.get("count")}


def ward_map(wm: WardMap) -> WardMap:
    """The ward map as it may leave the app: ward counts under 5 blanked with the rates, intervals,
    comparisons and bivariate classes built on them; "not located" and unmatched offences gated; the area's
    rate rounded by :func:`area_rate`."""
    table = wm.wards
    if "harm_count" in table:
        table = counts(table, ["harm_count"], ["rate", "lower_ci95", "upper_ci95"])
        table = table.rename(columns={"suppressed": "harm_suppressed"})
        table.loc[table["harm_suppressed"], "compared_with_area"] = "Not compared"
        if "imd_score" in table:
            table["bivariate"] = bivariate_classes(table["imd_score"], table["rate"])
        wm.area_rate = area_rate(wm.area_rate, table)
    wm.wards = table
    wm.not_located = by_key(wm.not_located)
    wm.unmatched = count(wm.unmatched) if wm.unmatched else wm.unmatched
    return wm


def police_windows(months: Iterable[str]) -> list[Window]:
    """The windows police counts are offered for: the calendar quarters whose three months are all held."""
    return complete_quarters(months)


def police_window(months: Iterable[str], key: str | None) -> Window | None:
    """The offered window ``key`` names, else the latest offered one (None when no quarter is complete)."""
    offered = police_windows(months)
    chosen = window_for_key(key) if key else None
    if chosen in offered:
        return chosen
    return offered[-1] if offered else None
