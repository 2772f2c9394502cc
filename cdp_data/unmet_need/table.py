"""Unmet need for every area, substance group and period: published rows, rows computed from a
prevalence estimate and a count in treatment, and estimates with no count (no I/O, no display text)."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from functools import lru_cache
from types import SimpleNamespace

import pandas as pd

from .. import statistics as stats
from ..core.numbers import number_or_none as _num
from ..core.periods import period_dates
from . import notes as N
from .groups import (AT_RISK_INDICATOR, COLUMNS, PUBLISHED_LABELS, RAW_COLUMNS, SUBSTANCES, TREATMENT_INDICATORS,
                     SubstanceGroup)

ALL_SEXES = {"", "persons", "all", "total"}
ALL_AGES = {"", "all ages", "all", "total", "18+", "18+ yrs"}


def _end(period: str, period_end) -> dt.date:
    """A sortable end date: the stored one, else parsed from the label, else the earliest date."""
    if period_end is not None and not (isinstance(period_end, float) or period_end is pd.NaT):
        return period_end.date() if isinstance(period_end, dt.datetime) else period_end
    return _label_end(str(period))


@lru_cache(maxsize=1024)
def _label_end(period: str) -> dt.date:
    _start, end = period_dates(period)
    return end or dt.date.min


def unmet_need_share(prevalence: float, in_treatment: float) -> float:
    """Unmet need as a share of prevalence: (P - T) / P.

    OHID's definition (Fingertips 93517, 93532). Hand-worked: Wirral 2023,
    P = 3,090 estimated OCU, T = 1,827 in treatment: (3090 - 1827) / 3090 = 0.4087.
    Negative when more people are in treatment than estimated.
    """
    if prevalence is None or prevalence <= 0:
        raise ValueError("A prevalence estimate above zero is needed.")
    return (prevalence - in_treatment) / prevalence


def unmet_need_range(prevalence_lower: float | None, prevalence_upper: float | None,
                     in_treatment: float) -> tuple[float | None, float | None]:
    """The prevalence estimate's 95% interval carried through to unmet need.

    lower = (L - T) / L and upper = (U - T) / U: for a fixed number in treatment T
    the share rises with prevalence, so the interval's ends map to the share's
    ends. (The same construction reproduces Fingertips' published 93517 intervals.)
    """
    lower = unmet_need_share(prevalence_lower, in_treatment) if prevalence_lower else None
    upper = unmet_need_share(prevalence_upper, in_treatment) if prevalence_upper else None
    return lower, upper


def _only_totals(values: pd.DataFrame) -> pd.DataFrame:
    """All-persons rows only, and for counts in treatment all-ages rows only (NDTMS also
    gives sex and age breakdowns, which must not be added to the total)."""
    def lowered(column):
        if column not in values:
            return pd.Series("", index=values.index)
        return values[column].fillna("").astype(str).str.strip().str.lower()

    persons = lowered("sex").isin(ALL_SEXES)
    all_ages = lowered("age").isin(ALL_AGES)
    is_count = values["indicator_id"].isin(TREATMENT_INDICATORS)
    return values[persons & (all_ages | ~is_count)]


def _treatment_alternative(index: dict, area_code: str, alternative) -> dict[str, dict]:
    """One alternative source of people in treatment, per period: its parts added up (``parts``: each part's
    count, as given); ``missing`` when a part has no figure (suppressed at source)."""
    found: dict[str, dict] = {}
    for indicator_id, category in alternative:
        for r in index.get((area_code, indicator_id), ()):
            if category and str(r.category or "").lower() != category.lower():
                continue
            number = _num(r.value) if _num(r.value) is not None else _num(r.count)
            entry = found.setdefault(r.period, {
                "value": 0.0, "missing": False, "parts": [], "source": r.source,
                "end": _end(r.period, r.period_end), "synthetic": bool(r.is_synthetic)})
            if number is None:
                entry["missing"] = True
            else:
                entry["value"] += number
                entry["parts"].append(number)
    return found


def _treatment_by_period(index: dict, area_code: str, group: SubstanceGroup) -> dict[str, dict]:
    """People in treatment per period (all persons, all ages): for each period the first
    alternative source with figures."""
    out: dict[str, dict] = {}
    for alternative in group.treatment:
        for period, entry in _treatment_alternative(index, area_code, alternative).items():
            out.setdefault(period, entry)
    return out


def _estimates_by_period(records: list, group: SubstanceGroup) -> dict[str, dict]:
    out: dict[str, dict] = {}
    if not group.prevalence:
        return out
    for r in records:
        value = _num(r.value)
        if value is None or value <= 0:
            continue
        out[r.period] = {"value": value, "lower": _num(r.lower_ci95), "upper": _num(r.upper_ci95),
                         "end": _end(r.period, r.period_end), "source": r.source, "synthetic": bool(r.is_synthetic)}
    return out


def nearest_estimate(estimates: dict[str, dict], period: str, end) -> str | None:
    """The same period if estimated; else the latest estimate up to ``end``; else the earliest after."""
    if period in estimates:
        return period
    before = [(e["end"], p) for p, e in estimates.items() if e["end"] <= end]
    if before:
        return max(before)[1]
    after = [(e["end"], p) for p, e in estimates.items()]
    return min(after)[1] if after else None


def empty_row(area_code, area_name, group: SubstanceGroup, period, end, **values) -> dict:
    """A row of :data:`COLUMNS` for one group and period, the given values filled in."""
    row = dict.fromkeys(COLUMNS)
    row.update(area_code=area_code, area_name=area_name, substance=group.key, substance_label=group.label,
               period=period, period_end=end, periods_match=True, is_synthetic=False, note_codes=())
    row.update(values)
    return row


def _clip(row: dict, codes: list[str]) -> None:
    """Unmet need below zero (more in treatment than estimated) is shown as 0 with a note."""
    share = row["unmet_need_share"]
    row["unmet_need_unclipped"] = share
    if share is not None and share < 0:
        codes.append(N.SHARE_CLIPPED)
        row["unmet_need_share"] = 0.0
    lower, upper = row["unmet_need_lower"], row["unmet_need_upper"]
    if lower is not None and lower < 0:
        if share is not None and share >= 0:
            codes.append(N.LOWER_CLIPPED)
        row["unmet_need_lower"] = 0.0
    if upper is not None and upper < 0:
        row["unmet_need_upper"] = 0.0


def _is_wilson_of(lower, upper, count, denominator) -> bool:
    """True when an interval is just the Wilson interval of count / denominator (as the app's
    template loader fills in when none is given), which does not describe unmet need."""
    if None in (lower, upper, count, denominator) or denominator <= 0 or not 0 <= count <= denominator:
        return False
    wilson_lower, wilson_upper = stats.wilson_ci(count, denominator, multiplier=100)
    return math.isclose(lower, wilson_lower, rel_tol=1e-6, abs_tol=1e-9) and \
        math.isclose(upper, wilson_upper, rel_tol=1e-6, abs_tol=1e-9)


def _published_share(r, codes: list[str]) -> tuple:
    """(share, lower, upper) as fractions from a published row; a Wilson interval is dropped."""
    share = _num(r.value)
    count, denominator = _num(r.count), _num(r.denominator)
    if share is not None:
        share /= 100
    elif count is not None and denominator:
        share = count / denominator
    lower, upper = _num(r.lower_ci95), _num(r.upper_ci95)
    if _is_wilson_of(lower, upper, count, denominator):
        codes.append(N.WILSON_DROPPED)
        lower = upper = None
    lower = lower / 100 if lower is not None else None
    upper = upper / 100 if upper is not None else None
    return share, lower, upper


def _published_numbers(r, estimate: dict | None, codes: list[str]) -> dict:
    """The prevalence and the numbers in and not in treatment behind a published percentage, as given;
    ``counts_behind``: the count and the number it gives by subtraction (denominator - count), for the gate."""
    count, denominator = _num(r.count), _num(r.denominator)
    prevalence = denominator
    prev_lower = prev_upper = None
    if prevalence is None and estimate:
        prevalence = estimate["value"]
    if estimate and prevalence == estimate["value"]:
        prev_lower, prev_upper = estimate["lower"], estimate["upper"]
    in_treatment = not_in_treatment = None
    counts_behind: tuple = ()
    if count is not None and denominator is not None:
        derived = denominator - count
        in_treatment, not_in_treatment, counts_behind = round(derived, 2), count, (count, derived)
    return dict(prevalence=prevalence, prevalence_lower=prev_lower, prevalence_upper=prev_upper,
                estimate_period=r.period if prevalence is not None else None,
                in_treatment=in_treatment, treatment_period=r.period if in_treatment is not None else None,
                not_in_treatment=not_in_treatment, counts_behind=counts_behind)


def published_row(area_code, area_name, group, r, estimates) -> dict:
    """A published unmet-need percentage, as published (with its published interval)."""
    has_note = isinstance(r.note, str) and bool(r.note.strip())
    codes = [N.SOURCE_NOTE] if has_note else []
    if r.indicator_id == AT_RISK_INDICATOR:
        codes.insert(0, N.AT_RISK_MEASURE)
    share, lower, upper = _published_share(r, codes)
    numbers = _published_numbers(r, estimates.get(r.period), codes)
    row = empty_row(area_code, area_name, group, r.period, _end(r.period, r.period_end), **numbers,
                    unmet_need_share=share, unmet_need_lower=lower, unmet_need_upper=upper, method="published",
                    source=r.source or PUBLISHED_LABELS.get(r.indicator_id),
                    published_compared_england=r.published_compared_england, is_synthetic=bool(r.is_synthetic),
                    source_note=r.note if has_note else None)
    if lower is None or upper is None:
        codes.append(N.NO_PUBLISHED_INTERVAL)
    _clip(row, codes)
    row["note_codes"] = tuple(codes)
    return row


def computed_row(area_code, area_name, group, period, treatment, estimates) -> dict:
    """Unmet need from a count in treatment and the estimate for the same (or the nearest) period."""
    end = treatment["end"]
    codes: list[str] = []
    chosen = nearest_estimate(estimates, period, end)
    base = dict(treatment_period=period, source=treatment["source"], is_synthetic=treatment["synthetic"],
                counts_behind=tuple(treatment["parts"]))
    in_treatment = None
    if treatment["missing"]:
        codes.append(N.TREATMENT_SUPPRESSED)
    else:
        in_treatment = treatment["value"]
    if not group.has_estimate or chosen is None:
        codes.append(N.NO_ESTIMATE_EXISTS if not group.has_estimate else N.NO_ESTIMATE_LOADED)
        return empty_row(area_code, area_name, group, period, end, in_treatment=in_treatment, method="no estimate",
                         note_codes=tuple(codes), **base)
    estimate = estimates[chosen]
    row = empty_row(area_code, area_name, group, period, end, prevalence=estimate["value"],
                    prevalence_lower=estimate["lower"], prevalence_upper=estimate["upper"], estimate_period=chosen,
                    in_treatment=in_treatment, method="computed", periods_match=chosen == period,
                    **{**base, "source": f"{treatment['source']}; estimate: {estimate['source']}",
                       "is_synthetic": treatment["synthetic"] or estimate["synthetic"]})
    if chosen != period:
        codes.append(N.PERIODS_DIFFER)
    if in_treatment is not None:
        row["unmet_need_share"] = unmet_need_share(estimate["value"], in_treatment)
        row["unmet_need_lower"], row["unmet_need_upper"] = unmet_need_range(
            estimate["lower"], estimate["upper"], in_treatment)
        not_in = estimate["value"] - in_treatment
        row["not_in_treatment"] = round(not_in) if not_in > 0 else 0
        if estimate["lower"] is None or estimate["upper"] is None:
            codes.append(N.NO_ESTIMATE_INTERVAL)
    _clip(row, codes)
    row["note_codes"] = tuple(codes)
    return row


def estimate_only_row(area_code, area_name, group, period, estimate) -> dict:
    """A prevalence estimate with no count in treatment for its period: no unmet need."""
    return empty_row(area_code, area_name, group, period, estimate["end"], prevalence=estimate["value"],
                     prevalence_lower=estimate["lower"], prevalence_upper=estimate["upper"], estimate_period=period,
                     method="no treatment count", source=estimate["source"], is_synthetic=estimate["synthetic"],
                     note_codes=(N.NO_TREATMENT_COUNT,))


def _index(values: pd.DataFrame) -> tuple[dict, dict]:
    """Indicator value records by (area, indicator), and each area's name."""
    values = _only_totals(values)
    values = values.astype(object).where(values.notna(), None)
    index: dict[tuple, list] = defaultdict(list)
    names: dict[str, str] = {}
    for record in values.to_dict("records"):
        r = SimpleNamespace(**record)
        r.category = r.category or ""
        index[(r.area_code, r.indicator_id)].append(r)
        if r.area_name and r.area_code not in names:
            names[r.area_code] = r.area_name
    return index, names


def _group_rows(index: dict, area_code: str, area_name: str, group: SubstanceGroup) -> list[dict]:
    """One group's rows for one area: published first, then computed, then estimates left over."""
    rows: list[dict] = []
    estimates = _estimates_by_period(index.get((area_code, group.prevalence), ()), group)
    treatment = _treatment_by_period(index, area_code, group)
    done: set[str] = set()
    used: set[str] = set()
    for indicator_id in group.published:
        for r in index.get((area_code, indicator_id), ()):
            if r.period not in done:
                rows.append(published_row(area_code, area_name, group, r, estimates))
                done.add(r.period)
                used.add(rows[-1]["estimate_period"])
    for period, entry in treatment.items():
        if period not in done:
            rows.append(computed_row(area_code, area_name, group, period, entry, estimates))
            done.add(period)
            used.add(rows[-1]["estimate_period"])
    for period, estimate in estimates.items():
        if period not in done and period not in used:
            rows.append(estimate_only_row(area_code, area_name, group, period, estimate))
    return rows


def unmet_need_table(values: pd.DataFrame) -> pd.DataFrame:
    """Unmet need for every area, substance group and period in ``values``.

    ``values`` holds indicator value rows (:data:`INPUT_COLUMNS`). For each
    period: a published percentage wins; else a count in treatment is paired
    with the estimate for the same period (or the nearest one, flagged
    ``periods_match = False``); an estimate with no treatment count gives a row
    with no unmet need. Shares are fractions (0.409, not 40.9); England's value
    and the comparison with England are added by :func:`with_england`.

    Figures are returned as worked out, counts under 5 included: ``counts_behind`` gives each row's counts,
    and :data:`.groups.RESTS_ON_COUNTS` what rests on them, for the one suppression gate
    (:func:`cdp_data.services.disclosure.unmet_need`), which the table must pass before it is shown.
    """
    if values is None or values.empty:
        return pd.DataFrame(columns=RAW_COLUMNS)
    index, names = _index(values)
    rows: list[dict] = []
    for area_code in sorted({code for code, _ in index}):
        for group in SUBSTANCES:
            rows += _group_rows(index, area_code, names.get(area_code, area_code), group)
    table = pd.DataFrame(rows, columns=RAW_COLUMNS)
    return table.sort_values(["area_code", "substance", "period_end"], kind="stable").reset_index(drop=True)
