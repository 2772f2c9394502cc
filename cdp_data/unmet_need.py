"""Unmet need: people who need treatment and are not in it, by substance group.

Unmet need = (estimated prevalence - people in treatment) / estimated prevalence
(OHID's definition, Fingertips indicators 93517 for opiate and/or crack users
and 93532 for dependent drinkers). It exists only where a prevalence estimate
exists: opiate and/or crack (OCU), opiate, crack and alcohol dependence. Non-opiate
groups have no estimate, so their unmet need is "no estimate", never 0.

Everything here works over the stored indicator values, whichever loader put
the rows there (Fingertips export, NDTMS, prevalence estimates, the template):

- published unmet-need percentages (93517, 93532, and a locally reported
  ``alcohol_at_risk_not_in_treatment``) are used **as published**, with their
  published 95% intervals: Fingertips derives those intervals from the
  prevalence estimate's interval, not from a Wilson interval of count/denominator;
- otherwise unmet need is computed from a prevalence estimate and a count of
  people in treatment, and the estimate's 95% interval is carried through:
  lower = (L - T) / L, upper = (U - T) / U (the share rises with prevalence
  for a fixed number in treatment).

Small numbers: a count of people in treatment (or not in treatment) under 5 is
never returned, and nothing is derived from it that would reveal it (no
subtraction from the estimate, no share that multiplies back to it).

The functions the Unmet need page calls are :func:`partnership_unmet_need`,
:func:`unmet_need_trend`, :func:`unmet_need_across_areas`,
:func:`what_would_it_take` and :func:`has_ward_treatment_counts`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

import pandas as pd
import sqlalchemy as sa

from .core.errors import CDPError
from .store.indicator_values import read_values
from .core.periods import period_dates
from .statistics import compare_with_benchmark, wilson_ci
from .store import Workspace, areas
from .core.suppression import THRESHOLD

ENGLAND = "E92000001"
NATIONAL_CASELOAD = 40          # the national ambition: 40 people per drug and alcohol worker
LANCASHIRE_CASELOAD = (65, 75)  # reported by Lancashire in 2024 (seed 004)


class UnknownArea(CDPError):
    """An area code that is not in the workspace."""


@dataclass(frozen=True)
class SubstanceGroup:
    key: str
    label: str
    published: tuple[str, ...]               # indicators publishing the unmet-need percentage
    prevalence: str | None                   # indicator holding the prevalence estimate
    # People in treatment: alternatives in order of preference (the first with a figure for a
    # period wins); each alternative is (indicator, category) parts that are added up.
    treatment: tuple[tuple[tuple[str, str], ...], ...]
    has_estimate: bool = True                # False: no prevalence estimate exists (non-opiates)
    optional: bool = False                   # listed only where the workspace holds figures for it


SUBSTANCES: tuple[SubstanceGroup, ...] = (
    SubstanceGroup("ocu", "Opiate and/or crack (OCU)", ("93517",), "ocu_prevalence_estimate",
                   ((("ocu_in_treatment", ""),),)),
    SubstanceGroup("opiate", "Opiate", (), "opiate_prevalence_estimate",
                   ((("ndtms_in_treatment", "Opiate"),), (("opiate_in_treatment", ""),))),
    SubstanceGroup("crack", "Crack cocaine", (), "crack_prevalence_estimate", ((("crack_in_treatment", ""),),)),
    # People in treatment for alcohol: the NDTMS groups "alcohol only" and "non-opiate and alcohol".
    SubstanceGroup("alcohol", "Alcohol (dependent drinkers)", ("93532",), "alcohol_dependency_prevalence",
                   ((("ndtms_in_treatment", "Alcohol only"), ("ndtms_in_treatment", "Non-opiate and alcohol")),
                    (("alcohol_in_treatment", ""),))),
    # A different population (at-risk, not dependent, drinkers) that some partnerships report: kept
    # apart so that it is never drawn as one series with the dependent-drinker figures.
    SubstanceGroup("alcohol_at_risk", "Alcohol (at-risk drinkers, local measure)",
                   ("alcohol_at_risk_not_in_treatment",), None, (), optional=True),
    SubstanceGroup("non_opiate_only", "Non-opiate only", (), None,
                   ((("ndtms_in_treatment", "Non-opiate only"),),), has_estimate=False),
    SubstanceGroup("non_opiate_and_alcohol", "Non-opiate and alcohol", (), None,
                   ((("ndtms_in_treatment", "Non-opiate and alcohol"),),), has_estimate=False),
)
BY_KEY = {s.key: s for s in SUBSTANCES}
WITH_ESTIMATE = tuple(s.key for s in SUBSTANCES if s.has_estimate)
NO_ESTIMATE_NOTE = "No prevalence estimate exists for this group, so unmet need cannot be calculated."
PUBLISHED_LABELS = {
    "93517": "OHID Fingertips 93517",
    "93532": "OHID Fingertips 93532",
    "alcohol_at_risk_not_in_treatment": "At-risk alcohol users not in treatment (local report)",
}

INPUT_INDICATORS = sorted(
    {i for s in SUBSTANCES for i in s.published}
    | {s.prevalence for s in SUBSTANCES if s.prevalence}
    | {i for s in SUBSTANCES for alternative in s.treatment for i, _ in alternative}
)
COLUMNS = [
    "area_code", "area_name", "substance", "substance_label", "period", "period_end",
    "prevalence", "prevalence_lower", "prevalence_upper", "estimate_period",
    "in_treatment", "treatment_period", "not_in_treatment",
    "unmet_need_share", "unmet_need_lower", "unmet_need_upper", "unmet_need_unclipped",
    "method", "periods_match", "source", "note", "published_compared_england", "is_synthetic",
]
CLI_KEYS = ["substance", "period", "prevalence", "prevalence_lower", "prevalence_upper", "in_treatment",
            "unmet_need_share", "unmet_need_lower", "unmet_need_upper", "source"]


# ---- reading -----------------------------------------------------------
def read_inputs(ws: Workspace, area_codes: list[str] | None = None) -> pd.DataFrame:
    """The indicator values unmet need is built from (all areas, or those given)."""
    return read_values(ws, [
        "indicator_id", "area_code", "area_name", "sex", "age", "category_type", "category", "period", "period_end",
        "value", "lower_ci95", "upper_ci95", "count", "denominator", "source", "note", "published_compared_england",
        "is_synthetic",
    ], indicator_id=INPUT_INDICATORS, area_code=area_codes)


# ---- the computation ----------------------------------------------------
def _num(value) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


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


def compare_with_england(value: float | None, lower: float | None, upper: float | None,
                         england_value: float | None, polarity: str = "low_is_good") -> str:
    """Fingertips' comparison with England at 95%, for unmet need (lower is better).

    England's value inside the area's 95% interval [lower, upper] is "Similar";
    outside it the area is "Better" (interval wholly below England) or "Worse"
    (wholly above); with no interval or no England value, "Not compared".
    Delegates to :func:`cdp_data.stats.compare_with_benchmark` (OHID Fingertips
    technical guidance, "Comparing an indicator value with a benchmark").
    """
    return compare_with_benchmark(value, lower, upper, england_value, polarity)


ALL_SEXES = {"", "persons", "all", "total"}
ALL_AGES = {"", "all ages", "all", "total", "18+", "18+ yrs"}


TREATMENT_INDICATORS = {i for g in SUBSTANCES for alternative in g.treatment for i, _ in alternative}


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


def _treatment_by_period(index: dict, area_code: str, group: SubstanceGroup) -> dict[str, dict]:
    """People in treatment per period (all persons, all ages): for each period the first
    alternative source with figures, its parts added up; suppressed if any part is."""
    out: dict[str, dict] = {}
    for alternative in group.treatment:
        found: dict[str, dict] = {}
        for indicator_id, category in alternative:
            for r in index.get((area_code, indicator_id), ()):
                if category and str(r.category or "").lower() != category.lower():
                    continue
                number = _num(r.value) if _num(r.value) is not None else _num(r.count)
                entry = found.setdefault(r.period, {
                    "value": 0.0, "suppressed": False, "parts": [], "source": r.source,
                    "end": _end(r.period, r.period_end), "synthetic": bool(r.is_synthetic)})
                if number is None or number < THRESHOLD:
                    entry["suppressed"] = True
                else:
                    entry["value"] += number
                entry["parts"].append(category or indicator_id)
        for period, entry in found.items():
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


def _nearest_estimate(estimates: dict[str, dict], period: str, end: pd.Timestamp) -> str | None:
    """The same period if estimated; else the latest estimate up to ``end``; else the earliest after."""
    if period in estimates:
        return period
    before = [(e["end"], p) for p, e in estimates.items() if e["end"] <= end]
    if before:
        return max(before)[1]
    after = [(e["end"], p) for p, e in estimates.items()]
    return min(after)[1] if after else None


def _sentence(text: str) -> str:
    text = str(text).strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _row(area_code, area_name, group: SubstanceGroup, period, end, **values) -> dict:
    row = dict.fromkeys(COLUMNS)
    row.update(area_code=area_code, area_name=area_name, substance=group.key, substance_label=group.label,
               period=period, period_end=end, periods_match=True, is_synthetic=False)
    row.update(values)
    return row


def _clip(row: dict, notes: list[str]) -> None:
    """Unmet need below zero (more in treatment than estimated) is shown as 0 with a note."""
    share = row["unmet_need_share"]
    row["unmet_need_unclipped"] = share
    if share is not None and share < 0:
        notes.append(f"More people in treatment than estimated: computed unmet need {share:.1%}, shown as 0%.")
        row["unmet_need_share"] = 0.0
    lower, upper = row["unmet_need_lower"], row["unmet_need_upper"]
    if lower is not None and lower < 0:
        if share is not None and share >= 0:
            notes.append("The lower end of the range is below zero (fewer estimated than in treatment) and is shown as 0%.")
        row["unmet_need_lower"] = 0.0
    if upper is not None and upper < 0:
        row["unmet_need_upper"] = 0.0


def _is_wilson_of(lower, upper, count, denominator) -> bool:
    """True when an interval is just the Wilson interval of count / denominator (as the app's
    template loader fills in when none is given), which does not describe unmet need."""
    if None in (lower, upper, count, denominator) or denominator <= 0 or not 0 <= count <= denominator:
        return False
    wilson_lower, wilson_upper = wilson_ci(count, denominator, multiplier=100)
    return math.isclose(lower, wilson_lower, rel_tol=1e-6, abs_tol=1e-9) and \
        math.isclose(upper, wilson_upper, rel_tol=1e-6, abs_tol=1e-9)


def _published_row(area_code, area_name, group, r, estimates) -> dict:
    share = _num(r.value)
    count, denominator = _num(r.count), _num(r.denominator)
    notes = [_sentence(r.note)] if isinstance(r.note, str) and r.note.strip() else []
    if r.indicator_id == "alcohol_at_risk_not_in_treatment":
        notes.insert(0, "Measure: at-risk alcohol users not in treatment (a locally reported figure, not the "
                        "dependent-drinker estimate).")
    if share is not None:
        share /= 100
    elif count is not None and denominator:
        share = count / denominator
    lower = _num(r.lower_ci95)
    upper = _num(r.upper_ci95)
    if _is_wilson_of(lower, upper, count, denominator):
        notes.append("The interval computed from the count and denominator (Wilson) is not used: unmet need's "
                     "uncertainty comes from the prevalence estimate.")
        lower = upper = None
    lower = lower / 100 if lower is not None else None
    upper = upper / 100 if upper is not None else None
    end = _end(r.period, r.period_end)
    prevalence = denominator
    estimate = estimates.get(r.period)
    prev_lower = prev_upper = None
    if prevalence is None and estimate:
        prevalence = estimate["value"]
    if estimate and prevalence == estimate["value"]:
        prev_lower, prev_upper = estimate["lower"], estimate["upper"]
    in_treatment = not_in_treatment = None
    if count is not None and denominator is not None:
        derived = denominator - count
        if count < THRESHOLD or derived < THRESHOLD:
            notes.append("A count under 5 is suppressed: the numbers in and not in treatment, and the estimate "
                         "they would be worked out from, are not shown.")
            prevalence = prev_lower = prev_upper = None
        else:
            in_treatment, not_in_treatment = round(derived, 2), count
    row = _row(area_code, area_name, group, r.period, end,
               prevalence=prevalence, prevalence_lower=prev_lower, prevalence_upper=prev_upper,
               estimate_period=r.period if prevalence is not None else None,
               in_treatment=in_treatment, treatment_period=r.period if in_treatment is not None else None,
               not_in_treatment=not_in_treatment, unmet_need_share=share, unmet_need_lower=lower,
               unmet_need_upper=upper, method="published", source=r.source or PUBLISHED_LABELS.get(r.indicator_id),
               published_compared_england=r.published_compared_england, is_synthetic=bool(r.is_synthetic))
    if lower is None or upper is None:
        notes.append("No confidence interval published.")
    _clip(row, notes)
    row["note"] = " ".join(notes) or None
    return row


def _computed_row(area_code, area_name, group, period, treatment, estimates) -> dict:
    end = treatment["end"]
    notes: list[str] = []
    chosen = _nearest_estimate(estimates, period, end)
    base = dict(treatment_period=period, source=treatment["source"], is_synthetic=treatment["synthetic"])
    if treatment["suppressed"]:
        notes.append("The number in treatment is suppressed (fewer than 5), so unmet need is not calculated.")
        in_treatment = None
    else:
        in_treatment = treatment["value"]
    if not group.has_estimate:
        return _row(area_code, area_name, group, period, end, in_treatment=in_treatment, method="no estimate",
                    note=" ".join(notes + [NO_ESTIMATE_NOTE]), **base)
    if chosen is None:
        notes.append("No prevalence estimate loaded, so unmet need cannot be calculated.")
        return _row(area_code, area_name, group, period, end, in_treatment=in_treatment, method="no estimate",
                    note=" ".join(notes), **base)
    estimate = estimates[chosen]
    row = _row(area_code, area_name, group, period, end, prevalence=estimate["value"],
               prevalence_lower=estimate["lower"], prevalence_upper=estimate["upper"], estimate_period=chosen,
               in_treatment=in_treatment, method="computed", periods_match=chosen == period,
               **{**base, "source": f"{treatment['source']}; estimate: {estimate['source']}",
                  "is_synthetic": treatment["synthetic"] or estimate["synthetic"]})
    if chosen != period:
        notes.append(f"Periods differ: people in treatment in {period}, prevalence estimated for {chosen}.")
    if in_treatment is not None:
        row["unmet_need_share"] = unmet_need_share(estimate["value"], in_treatment)
        row["unmet_need_lower"], row["unmet_need_upper"] = unmet_need_range(
            estimate["lower"], estimate["upper"], in_treatment)
        not_in = estimate["value"] - in_treatment
        row["not_in_treatment"] = round(not_in) if not_in > 0 else 0
        if estimate["lower"] is None or estimate["upper"] is None:
            notes.append("The prevalence estimate has no confidence interval, so unmet need has no range.")
    _clip(row, notes)
    row["note"] = " ".join(notes) or None
    return row


def _estimate_only_row(area_code, area_name, group, period, estimate) -> dict:
    return _row(area_code, area_name, group, period, estimate["end"], prevalence=estimate["value"],
                prevalence_lower=estimate["lower"], prevalence_upper=estimate["upper"], estimate_period=period,
                method="no treatment count", source=estimate["source"], is_synthetic=estimate["synthetic"],
                note="No count of people in treatment loaded for this period, so unmet need is not calculated.")


def unmet_need_table(values: pd.DataFrame) -> pd.DataFrame:
    """Unmet need for every area, substance group and period in ``values``.

    ``values`` holds indicator value rows (see :func:`read_inputs`). For each
    period: a published percentage wins; else a count in treatment is paired
    with the estimate for the same period (or the nearest one, flagged
    ``periods_match = False``); an estimate with no treatment count gives a row
    with no unmet need. Shares are fractions (0.409, not 40.9); England's value
    and the comparison with England are added by :func:`with_england`.
    """
    rows: list[dict] = []
    if values is None or values.empty:
        return pd.DataFrame(columns=COLUMNS)
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
    for area_code in sorted({code for code, _ in index}):
        area_name = names.get(area_code, area_code)
        for group in SUBSTANCES:
            estimates = _estimates_by_period(index.get((area_code, group.prevalence), ()), group)
            treatment = _treatment_by_period(index, area_code, group)
            done: set[str] = set()
            used: set[str] = set()
            for indicator_id in group.published:
                for r in index.get((area_code, indicator_id), ()):
                    if r.period in done:
                        continue
                    rows.append(_published_row(area_code, area_name, group, r, estimates))
                    done.add(r.period)
                    used.add(rows[-1]["estimate_period"])
            for period, entry in treatment.items():
                if period not in done:
                    rows.append(_computed_row(area_code, area_name, group, period, entry, estimates))
                    done.add(period)
                    used.add(rows[-1]["estimate_period"])
            for period, estimate in estimates.items():
                if period not in done and period not in used:
                    rows.append(_estimate_only_row(area_code, area_name, group, period, estimate))
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.sort_values(["area_code", "substance", "period_end"], kind="stable").reset_index(drop=True)


def with_england(table: pd.DataFrame, england: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add England's value for the same substance and period, and the comparison with it."""
    out = table.copy()
    england = table if england is None else england
    eng = england[england["area_code"] == ENGLAND][
        ["substance", "period", "unmet_need_share", "unmet_need_lower", "unmet_need_upper"]
    ].rename(columns={"unmet_need_share": "england_share", "unmet_need_lower": "england_lower",
                      "unmet_need_upper": "england_upper"}).drop_duplicates(["substance", "period"])
    out = out.merge(eng, on=["substance", "period"], how="left")
    records = out.to_dict("records")
    out["compared_with_england"] = [
        "Not compared" if r["area_code"] == ENGLAND else
        compare_with_england(_num(r["unmet_need_share"]), _num(r["unmet_need_lower"]), _num(r["unmet_need_upper"]),
                             _num(r["england_share"]))
        for r in records
    ]
    out["comparison_text"] = [comparison_sentence({**r, "compared_with_england": c})
                              for r, c in zip(records, out["compared_with_england"])]
    return out


def _pct(value) -> str:
    return f"{value:.1%}"


def comparison_sentence(row: dict) -> str:
    """The comparison with England in words (Fingertips method, 95% level)."""
    share = _num(row.get("unmet_need_share"))
    if row.get("area_code") == ENGLAND:
        return "England's own value."
    if share is None:
        return "No unmet-need figure to compare."
    england = _num(row.get("england_share"))
    if england is None:
        return f"{_pct(share)}; no England value for {row.get('period')} to compare with."
    label = row.get("compared_with_england")
    if label == "Not compared":
        return (f"{_pct(share)} against England's {_pct(england)}: no confidence interval, so the difference "
                "is not tested (Not compared).")
    words = {"Better": "lower than England's (better)", "Worse": "higher than England's (worse)",
             "Similar": "not significantly different from England's (similar)"}[label]
    return (f"{_pct(share)} ({_pct(row['unmet_need_lower'])} to {_pct(row['unmet_need_upper'])}) is "
            f"{words} {_pct(england)}: {label} than England (95%)." if label != "Similar" else
            f"{_pct(share)} ({_pct(row['unmet_need_lower'])} to {_pct(row['unmet_need_upper'])}) is {words} "
            f"{_pct(england)}: Similar to England (95%).")


# ---- the page's and CLI's door ------------------------------------------
def _area_name(ws: Workspace, code: str) -> str | None:
    with ws.connect() as conn:
        row = conn.execute(sa.select(areas.c.name).where(areas.c.code == code)).first()
    if row:
        return row.name
    names = read_values(ws, ["area_name"], area_code=code)
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
    values = read_inputs(ws, [area_code, ENGLAND])
    table = with_england(unmet_need_table(values))
    table = table[table["area_code"] == area_code]
    missing = [g for g in SUBSTANCES if g.key not in set(table["substance"]) and not g.optional]
    extra = [_row(area_code, name, g, None, None, method="no data" if g.has_estimate else "no estimate",
                  note=NO_ESTIMATE_NOTE if not g.has_estimate else
                  "No prevalence estimate or unmet-need figure loaded for this group.")
             for g in missing]
    if extra:
        extra_frame = pd.DataFrame(extra).assign(compared_with_england="Not compared", comparison_text="")
        table = pd.concat([table, extra_frame], ignore_index=True) if not table.empty else extra_frame
    order = {g.key: i for i, g in enumerate(SUBSTANCES)}
    table = table.assign(_o=table["substance"].map(order)).sort_values(["_o", "period_end"], kind="stable")
    return table.drop(columns="_o").reset_index(drop=True)


def partnership_unmet_need(ws: Workspace, area_code: str) -> pd.DataFrame:
    """The latest period for each substance group (the page's bars and table)."""
    table = area_unmet_need(ws, area_code)
    if table.empty:
        return table
    with_figure = table[table["unmet_need_share"].notna()]
    latest_figures = with_figure.sort_values("period_end").groupby("substance").tail(1)
    rest = table[~table["substance"].isin(latest_figures["substance"])]
    rest = rest.sort_values("period_end").groupby("substance", dropna=False).tail(1)
    order = {g.key: i for i, g in enumerate(SUBSTANCES)}
    out = pd.concat([latest_figures, rest])
    return out.assign(_o=out["substance"].map(order)).sort_values("_o").drop(columns="_o").reset_index(drop=True)


def unmet_need_trend(ws: Workspace, area_code: str) -> pd.DataFrame:
    """Unmet need over the periods available, for groups with a figure (the trend chart)."""
    table = area_unmet_need(ws, area_code)
    return table[table["unmet_need_share"].notna()].reset_index(drop=True)


def unmet_need_cli_rows(ws: Workspace, area_code: str) -> list[dict]:
    """The CLI's JSON rows: the keys in :data:`CLI_KEYS`, then period match and note."""
    table = area_unmet_need(ws, area_code)
    out = []
    for r in table.to_dict("records"):
        item = {k: _clean(r.get(k)) for k in CLI_KEYS}
        item.update(substance_label=r["substance_label"], method=r["method"],
                    periods_match=bool(r["periods_match"]), estimate_period=_clean(r.get("estimate_period")),
                    treatment_period=_clean(r.get("treatment_period")),
                    england_share=_clean(r.get("england_share")),
                    compared_with_england=_clean(r.get("compared_with_england")), note=_clean(r.get("note")))
        out.append(item)
    return out


def _clean(value):
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if pd.isna(value) if not isinstance(value, (list, dict)) else False:
        return None
    return value


def substance_periods_ranked(table: pd.DataFrame) -> list[str]:
    """Periods of some figures, those covering the most areas first, then the newest."""
    stats = table.groupby("period").agg(areas=("area_code", "nunique"), end=("period_end", "max")).reset_index()
    return stats.sort_values(["areas", "end"], ascending=False)["period"].tolist()


def substance_periods(ws: Workspace, substance: str) -> list[str]:
    """Periods with an unmet-need figure for this group in any area: the period covering the
    most areas first (the default for comparing areas), then by areas and recency."""
    table = unmet_need_table(read_inputs(ws))
    table = table[(table["substance"] == substance) & table["unmet_need_share"].notna()]
    return substance_periods_ranked(table) if not table.empty else []


def unmet_need_across_areas(ws: Workspace, substance: str, period: str | None = None) -> pd.DataFrame:
    """One group's unmet need in every area for one period (default: the latest with figures),
    with England's value, the comparison and whether the area is a partnership."""
    if substance not in BY_KEY:
        raise UnknownArea(f"Unknown substance group {substance!r}; choose one of {', '.join(BY_KEY)}.")
    table = with_england(unmet_need_table(read_inputs(ws)))
    table = table[(table["substance"] == substance) & table["unmet_need_share"].notna()]
    if table.empty:
        return table.assign(is_partnership=pd.Series(dtype=bool))
    if period is None:
        period = substance_periods_ranked(table)[0]
    table = table[table["period"] == period]
    partnerships = set(ws.partnerships()["code"])
    table = table.assign(is_partnership=table["area_code"].isin(partnerships))
    return table.sort_values("unmet_need_share").reset_index(drop=True)


TREATMENT_MEASURE = "people_in_treatment"


def has_ward_treatment_counts(ws: Workspace) -> bool:
    """True when counts of people in treatment by home ward (or LSOA) are loaded: the latest
    harm-counts dataset holds the ``people_in_treatment`` measure."""
    dataset_id = ws.latest_dataset_id("harm_counts")
    if dataset_id is None:
        return False
    table = ws.get_dataset(dataset_id)
    if not isinstance(table, pd.DataFrame) or "measure" not in table:
        return False
    return bool((table["measure"].astype(str) == TREATMENT_MEASURE).any())


# ---- what would it take --------------------------------------------------
def what_would_it_take(prevalence: float, in_treatment: float, target_share: float,
                       caseload: float = NATIONAL_CASELOAD, *, prevalence_lower: float | None = None,
                       prevalence_upper: float | None = None) -> dict:
    """Additional people in treatment to bring unmet need down to ``target_share``,
    and the workforce that implies at ``caseload`` people per worker.

    People needed in treatment T* = P x (1 - target); additional = max(0, ceil(T* - T));
    additional workers = ceil(additional / caseload); total workforce for T* =
    ceil(T* / caseload). With the estimate's interval the additional number is
    given as a range (from L and U). Hand-worked: Wirral OCU, P = 3,090, T = 1,827,
    target 30%: T* = 2,163, so 336 more people, 9 more workers at 40 each.
    """
    if not prevalence or prevalence <= 0:
        raise ValueError("A prevalence estimate above zero is needed.")
    if not 0 <= target_share < 1:
        raise ValueError("The target unmet need must be between 0% and 100%.")
    if not caseload or caseload <= 0:
        raise ValueError("The caseload per worker must be above zero.")

    def additional(p):
        if p is None:
            return None
        return max(0, math.ceil(round(p * (1 - target_share) - in_treatment, 9)))

    needed = prevalence * (1 - target_share)
    extra = additional(prevalence)
    return {
        "target_share": target_share,
        "caseload": caseload,
        "in_treatment_needed": math.ceil(round(needed, 9)),
        "additional_people": extra,
        "additional_people_low": additional(prevalence_lower),
        "additional_people_high": additional(prevalence_upper),
        "additional_workers": math.ceil(extra / caseload),
        "workforce_for_target": math.ceil(round(needed / caseload, 9)),
        "workforce_now": math.ceil(round(in_treatment / caseload, 9)),
    }


def what_would_it_take_table(rows: pd.DataFrame, target: float | str, caseload: float = NATIONAL_CASELOAD
                             ) -> pd.DataFrame:
    """:func:`what_would_it_take` for each substance row with a prevalence and a count in
    treatment. ``target`` is a share (0.3) or ``"england"`` for England's value."""
    out = []
    for r in rows.to_dict("records"):
        base = {"substance": r["substance"], "substance_label": r["substance_label"], "period": r.get("period")}
        prevalence, treated = _num(r.get("prevalence")), _num(r.get("in_treatment"))
        goal = _num(r.get("england_share")) if target == "england" else _num(target)
        if prevalence is None or treated is None:
            out.append({**base, "note": "Needs a prevalence estimate and the number in treatment."})
            continue
        if goal is None:
            out.append({**base, "note": "No England value for this period."})
            continue
        result = what_would_it_take(prevalence, treated, goal, caseload,
                                    prevalence_lower=_num(r.get("prevalence_lower")),
                                    prevalence_upper=_num(r.get("prevalence_upper")))
        note = "Already at or below the chosen level." if result["additional_people"] == 0 else None
        out.append({**base, **result, "note": note})
    return pd.DataFrame(out)


# ---- tables for people to read (the page's tables and sentences) ------------------
def _fmt_pct(value) -> str:
    value = _num(value)
    return "–" if value is None else f"{value:.1%}"


def _fmt_num(value) -> str:
    value = _num(value)
    return "–" if value is None else f"{value:,.0f}"


def figure_words(share, method) -> str:
    """The unmet need as shown: a percentage, or why there is none."""
    if _num(share) is not None:
        return _fmt_pct(share)
    return "no estimate" if method == "no estimate" else "not loaded"


def display_table(rows: pd.DataFrame, by: str = "substance") -> pd.DataFrame:
    """The table under each chart: one row per group (``by="substance"``) or area (``by="area"``),
    numbers formatted (thousands separators, % to one decimal place)."""
    first = ("Group", rows["substance_label"]) if by == "substance" else ("Area", rows["area_name"])
    has = rows["unmet_need_share"].map(lambda v: _num(v) is not None)
    return pd.DataFrame({
        first[0]: first[1].tolist(),
        "Period": rows["period"].fillna("–").tolist(),
        "Estimated number (95% range)": [
            "–" if _num(p) is None else _fmt_num(p) + (f" ({_fmt_num(lo)} to {_fmt_num(up)})"
                                                        if _num(lo) is not None else "")
            for p, lo, up in zip(rows["prevalence"], rows["prevalence_lower"], rows["prevalence_upper"])],
        "In treatment": [_fmt_num(v) for v in rows["in_treatment"]],
        "Unmet need": [figure_words(v, m) for v, m in zip(rows["unmet_need_share"], rows["method"])],
        "95% range": [f"{_fmt_pct(lo)} to {_fmt_pct(up)}" if _num(lo) is not None else "–"
                      for lo, up in zip(rows["unmet_need_lower"], rows["unmet_need_upper"])],
        "England": [_fmt_pct(v) for v in rows["england_share"]] if "england_share" in rows else "–",
        "Compared with England": [c if h and isinstance(c, str) else "–"
                                  for c, h in zip(rows.get("compared_with_england", [None] * len(rows)), has)],
        "Periods match": [("yes" if bool(m) else f"no (estimate {e})") if h else "–"
                          for m, e, h in zip(rows["periods_match"], rows["estimate_period"], has)],
        "Note": rows["note"].fillna("").tolist(),
        "Source": rows["source"].fillna("").tolist(),
    })


def sources_text(rows: pd.DataFrame) -> str:
    """The distinct sources of some rows, for a chart's caption."""
    found = sorted({s for s in rows["source"].dropna() if s})
    return "; ".join(found) if found else "no source recorded"


def _people(r: dict) -> str:
    if _num(r.get("additional_people")) is None:
        return "–"
    low, high = _num(r.get("additional_people_low")), _num(r.get("additional_people_high"))
    spread = f" ({_fmt_num(low)} to {_fmt_num(high)})" if low is not None and high is not None else ""
    return _fmt_num(r["additional_people"]) + spread


def plan_display(plan: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The "what would it take" table and one sentence per group that has an answer."""
    records = plan.to_dict("records")
    table = pd.DataFrame({
        "Group": [r["substance_label"] for r in records],
        "Period": [r.get("period") or "–" for r in records],
        "Target unmet need": [_fmt_pct(r.get("target_share")) for r in records],
        "In treatment needed": [_fmt_num(r.get("in_treatment_needed")) for r in records],
        "Additional people (range)": [_people(r) for r in records],
        "Additional workers": [_fmt_num(r.get("additional_workers")) for r in records],
        "Workforce for the target": [_fmt_num(r.get("workforce_for_target")) for r in records],
        "Note": [r.get("note") or "" for r in records],
    })
    sentences = [
        f"**{r['substance_label']}**: to bring unmet need to {_fmt_pct(r['target_share'])} needs "
        f"**{_people(r)}** more people in treatment ({_fmt_num(r['in_treatment_needed'])} in all), "
        f"about **{_fmt_num(r['additional_workers'])}** more workers at {_fmt_num(r['caseload'])} per worker."
        for r in records if _num(r.get("additional_people")) is not None
    ]
    return table, sentences


# ---------------------------------------------------------------------------
# What the page picks out of the tables above
# ---------------------------------------------------------------------------
def rows_with_figure(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`partnership_unmet_need` that have an unmet-need figure."""
    return rows[rows["unmet_need_share"].notna()]


def has_synthetic(rows: pd.DataFrame) -> bool:
    """Whether any row is synthetic demo data (so the page labels it)."""
    return bool(rows["is_synthetic"].fillna(False).astype(bool).any())


def one_period_each(trend: pd.DataFrame) -> bool:
    """Whether every substance group in :func:`unmet_need_trend` has fewer than two periods (no trend yet)."""
    return bool((trend.groupby("substance")["period"].nunique() < 2).all())


def has_england_figure(rows: pd.DataFrame) -> bool:
    """Whether England's unmet need is known for some row (so "England's value" can be the target)."""
    return "england_share" in rows and bool(rows["england_share"].notna().any())


def target_share(kind: str, level_percent: float | None) -> float | str:
    """The target for :func:`what_would_it_take_table`: ``"england"``, or a chosen level as a share
    (30 -> 0.3)."""
    return "england" if kind == "england" else level_percent / 100


def substance_labels() -> dict[str, str]:
    """Each substance group's key and its label for pickers."""
    return {g.key: g.label for g in SUBSTANCES}
