"""Words and tables for harm by deprivation fifth (:class:`cdp_data.geography.inequality.WardInequality`)."""

from __future__ import annotations

import math

import pandas as pd

from ..geography.inequality import EXACT, NOT_CALCULABLE, RANGE, WardInequality

FIFTH_NAMES = {1: "1 (most deprived)", 5: "5 (least deprived)"}
REASONS = {"missing_fifth": "it needs at least 5 wards with an IMD score and a population, every fifth with "
                            "known counts",
           "zero_count": "a fifth has none, and a ratio or logarithm of zero is not defined"}


def _number(value) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return float(value)


def _rate(value, multiplier: int) -> str:
    number = _number(value)
    if number is None:
        return "–"
    return f"{number:,.2f}" if multiplier <= 1_000 else f"{number:,.1f}"


def _ratio(value) -> str:
    number = _number(value)
    return "–" if number is None else (f"{number:.2f}" if abs(number) < 1 else f"{number:.1f}")


def fifth_name(quintile: int) -> str:
    return FIFTH_NAMES.get(int(quintile), str(int(quintile)))


def harm_subject(label: str) -> str:
    """A harm measure's label made the subject of a sentence: its source in brackets dropped ("Drug offences
    recorded by police (data.police.uk)" -> "Drug offences recorded by police"), a "(synthetic)" label kept."""
    head, _, tail = label.partition(" (")
    if tail.lower().startswith("synthetic"):
        return label.strip()
    return head.strip() or "Harm"


def quintile_rows(result: WardInequality) -> pd.DataFrame:
    """The table under the chart: one row per fifth, figures as text (a fifth holding a ward count under 5
    has no count and shows its rate as the range it can take)."""
    per = f"Rate per {result.multiplier:,}"
    rows = []
    for q in result.quintiles.itertuples():
        if q.status == RANGE:
            count = f"not shown ({q.suppressed_wards} ward{'s' if q.suppressed_wards > 1 else ''} under 5)"
            rate = f"{_rate(q.rate_low, result.multiplier)} to {_rate(q.rate_high, result.multiplier)}"
        else:
            count = "–" if _number(q.count) is None else f"{int(q.count):,}"
            rate = _rate(q.rate, result.multiplier)
        ci = "–" if _number(q.lower_ci) is None else \
            f"{_rate(q.lower_ci, result.multiplier)} to {_rate(q.upper_ci, result.multiplier)}"
        rows.append({"Deprivation fifth": fifth_name(q.quintile), "Wards": int(q.wards),
                     "Residents": f"{int(q.population):,}", "Count": count, per: rate, "95% CI": ci})
    return pd.DataFrame(rows)


def chart_rows(result: WardInequality) -> pd.DataFrame:
    """The chart's rows: fifth, the rate drawn (the middle of its range for a fifth holding a ward count
    under 5, which is public knowledge), its 95% CI, and the texts of the tooltip (the range, never a
    more precise figure)."""
    table = result.quintiles.copy()
    table["fifth"] = table["quintile"].map(fifth_name)
    table["rate_shown"] = pd.to_numeric(table["rate"], errors="coerce").where(
        table["status"] == EXACT, (table["rate_low"] + table["rate_high"]) / 2)
    table["shown_as"] = table["status"].map({EXACT: "Rate", RANGE: "Range (holds a ward count under 5)"})
    texts = quintile_rows(result)
    table["rate_text"], table["ci_text"] = texts.iloc[:, 4].values, texts["95% CI"].values
    return table[["fifth", "rate_shown", "lower_ci", "upper_ci", "shown_as", "rate_text", "ci_text"]].dropna(
        subset=["rate_shown"])


def _ranged_fifths(result: WardInequality, quintiles: tuple[int, ...]) -> list[str]:
    table = result.quintiles
    return [fifth_name(q).split(" (")[-1].rstrip(")") for q in quintiles
            if (table.loc[table["quintile"] == q, "status"] == RANGE).any()]


def rate_ratio_sentence(result: WardInequality, subject: str) -> str:
    rr = result.rate_ratio
    if rr["status"] == NOT_CALCULABLE:
        return f"The rate ratio of the most to the least deprived fifth cannot be calculated: {REASONS[rr['reason']]}."
    ci = f"(95% CI {_ratio(rr['lower_ci'])} to {_ratio(rr['upper_ci'])})"
    if rr["value"] is not None:
        return (f"{subject} in the most deprived fifth of wards were {_ratio(rr['value'])} times the rate in the "
                f"least deprived fifth {ci}.")
    which = " and the ".join(_ranged_fifths(result, (1, 5)))
    return (f"{subject} in the most deprived fifth of wards were between {_ratio(rr['value_low'])} and "
            f"{_ratio(rr['value_high'])} times the rate in the least deprived fifth {ci}: a range, because the "
            f"{which} {'fifths hold' if ' and ' in which else 'fifth holds'} ward counts under 5, which are not "
            "shown.")


def sii_sentence(result: WardInequality) -> str:
    sii, per = result.sii, f"per {result.multiplier:,}"
    if sii["status"] == NOT_CALCULABLE:
        return f"The slope index of inequality cannot be calculated: {REASONS[sii['reason']]}."
    m = result.multiplier
    if sii["value"] is not None:
        shown, change = _rate(sii["value"], m), _rate(abs(sii["value"]), m)
    else:
        shown = f"between {_rate(sii['value_low'], m)} and {_rate(sii['value_high'], m)}"
        ends = sorted([abs(sii["value_low"]), abs(sii["value_high"])])
        change = f"between {_rate(ends[0], m)} and {_rate(ends[1], m)}"
    head = (f"Slope index of inequality: {shown} {per} (95% CI {_rate(sii['lower_ci'], m)} to "
            f"{_rate(sii['upper_ci'], m)})")
    method = "(PHE's phe_sii method, population-weighted)."
    if sii["value_low"] < 0 < sii["value_high"]:   # a range either side of zero: no direction to state
        return f"{head}: the modelled rate changes little from the most to the least deprived end {method}"
    direction = "falls" if sii["value_low"] + sii["value_high"] < 0 else "rises"
    return (f"{head}: across the area's wards ranked by deprivation, the modelled rate {direction} by {change} "
            f"{per} from the most to the least deprived end {method}")


def summary_sentences(result: WardInequality, subject: str) -> list[str]:
    lines = [rate_ratio_sentence(result, subject), sii_sentence(result)]
    if result.excluded:
        lines.append(f"{len(result.excluded)} ward(s) without an IMD score or population are left out: "
                     f"{', '.join(result.excluded)}.")
    return lines


def _clean(value, digits: int = 6):
    number = _number(value)
    return None if number is None else round(number, digits)


def as_json(result: WardInequality, info: dict | None = None) -> dict:
    """The ``wards inequality --json`` document."""
    quintiles = []
    for q in result.quintiles.itertuples():
        ranged = q.status == RANGE
        quintiles.append({"quintile": int(q.quintile), "wards": int(q.wards), "count": _clean(q.count),
                          "population": _clean(q.population), "rate": _clean(q.rate),
                          "lower_ci": _clean(q.lower_ci), "upper_ci": _clean(q.upper_ci),
                          "rate_range": [_clean(q.rate_low), _clean(q.rate_high)] if ranged else None,
                          "suppressed_wards": int(q.suppressed_wards), "status": q.status})

    def measure(d: dict) -> dict:
        out = {"value": _clean(d.get("value")), "lower_ci": _clean(d.get("lower_ci")),
               "upper_ci": _clean(d.get("upper_ci")), "status": d["status"]}
        if d["status"] != NOT_CALCULABLE and d.get("value") is None:
            out["value_range"] = [_clean(d["value_low"]), _clean(d["value_high"])]
        for key in ("reason", "rii", "repetitions", "seed", "method"):
            if key in d:
                out[key] = _clean(d[key]) if key == "rii" else d[key]
        return out

    doc = {"multiplier": result.multiplier, "quintiles": quintiles, "rate_ratio": measure(result.rate_ratio),
           "sii": measure(result.sii), "excluded_wards": result.excluded,
           "wards": [{"ward_code": w.ward_code, "imd_score": _clean(w.imd_score, 4), "rank": int(w.rank),
                      "quintile": int(w.quintile)} for w in result.wards.itertuples()]}
    if info:
        doc.update({k: info[k] for k in ("vintage", "population", "months", "crime_type") if k in info})
    return doc
