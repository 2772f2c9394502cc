"""Unmet need in words: the notes behind each figure, the comparison with England, the page's tables
and the "what would it take" sentences (streamlit-free)."""

from __future__ import annotations

import pandas as pd

from ..core.numbers import number_or_none as _num
from ..unmet_need import ENGLAND, SUBSTANCES
from ..unmet_need import notes as N
from . import format_share, format_value, sentence

NO_ESTIMATE_NOTE = ("No prevalence estimate exists for this group (none is published for non-opiate use), so unmet "
                    "need cannot be calculated.")
#: Where each group's figure is published, for the note of a group with nothing loaded for the area.
PUBLISHED_WHERE = {
    "ocu": "OHID publishes it as Fingertips indicator 93517 (opiate and/or crack users not in treatment)",
    "opiate": "It is worked out from OHID's opiate prevalence estimate and the NDTMS number in treatment",
    "crack": "It is worked out from OHID's crack cocaine prevalence estimate and the NDTMS number in treatment",
    "alcohol": "OHID publishes it as Fingertips indicator 93532 (dependent drinkers not in treatment), or it is "
               "worked out from the PHE estimate of alcohol-dependent adults and the NDTMS number in treatment",
}
#: The "Unmet need" column when there is no figure, by the row's method.
NO_FIGURE_WORDS = {"no estimate": "no estimate exists", "no treatment count": "needs number in treatment",
                   "no data": "no figure loaded"}
NOTES = {
    N.AT_RISK_MEASURE: "Measure: at-risk alcohol users not in treatment (a locally reported figure, not the "
                       "dependent-drinker estimate).",
    N.WILSON_DROPPED: "The interval computed from the count and denominator (Wilson) is not used: unmet need's "
                      "uncertainty comes from the prevalence estimate.",
    N.SMALL_COUNT: "A count under 5 is suppressed: the numbers in and not in treatment, and the estimate "
                   "they would be worked out from, are not shown.",
    N.NO_PUBLISHED_INTERVAL: "No confidence interval published.",
    N.LOWER_CLIPPED: "The lower end of the range is below zero (fewer estimated than in treatment) and is shown "
                     "as 0%.",
    N.TREATMENT_SUPPRESSED: "The number in treatment is suppressed (fewer than 5), so unmet need is not calculated.",
    N.NO_ESTIMATE_EXISTS: NO_ESTIMATE_NOTE,
    N.NO_ESTIMATE_LOADED: "No prevalence estimate loaded, so unmet need cannot be calculated.",
    N.NO_ESTIMATE_INTERVAL: "The prevalence estimate has no confidence interval, so unmet need has no range.",
    N.NO_TREATMENT_COUNT: "The prevalence estimate is loaded, but no count of people in treatment (NDTMS) for this "
                          "period, so unmet need is not calculated.",
    N.NO_DATA_LOADED: "No prevalence estimate or unmet-need figure for this area is loaded.",
    N.NEEDS_PREVALENCE_AND_TREATMENT: "Needs a prevalence estimate and the number in treatment.",
    N.NO_ENGLAND_VALUE: "No England value for this period.",
    N.ALREADY_AT_LEVEL: "Already at or below the chosen level.",
}


def _note(code: str, row: dict) -> str:
    if code == N.SOURCE_NOTE:
        return sentence(row.get("source_note"))
    if code == N.SHARE_CLIPPED:
        return (f"More people in treatment than estimated: computed unmet need "
                f"{format_share(row.get('unmet_need_unclipped'))}, shown as 0%.")
    if code == N.NO_DATA_LOADED and row.get("substance") in PUBLISHED_WHERE:
        return f"{NOTES[code]} {sentence(PUBLISHED_WHERE[row['substance']])}"
    if code == N.PERIODS_DIFFER:
        return (f"Periods differ: people in treatment in {row.get('treatment_period')}, prevalence estimated for "
                f"{row.get('estimate_period')}.")
    return NOTES[code]


def note_text(row: dict) -> str | None:
    """The row's note codes as sentences (None when there are none)."""
    codes = row.get("note_codes")
    if not isinstance(codes, (tuple, list)) or not codes:
        return None
    return " ".join(_note(code, row) for code in codes)


def notes_column(table: pd.DataFrame) -> list:
    """:func:`note_text` for every row of a table."""
    return [note_text(r) for r in table.to_dict("records")]


def comparison_sentence(row: dict) -> str:
    """The comparison with England in words (Fingertips method, 95% level)."""
    share = _num(row.get("unmet_need_share"))
    if row.get("area_code") == ENGLAND:
        return "England's own value."
    if share is None:
        return "No unmet-need figure to compare."
    england = _num(row.get("england_share"))
    if england is None:
        return f"{format_share(share)}; no England value for {row.get('period')} to compare with."
    label = row.get("compared_with_england")
    if label == "Not compared":
        return (f"{format_share(share)} against England's {format_share(england)}: no confidence interval, so the "
                "difference is not tested (Not compared).")
    words = {"Better": "lower than England's (better)", "Worse": "higher than England's (worse)",
             "Similar": "not significantly different from England's (similar)"}[label]
    interval = f"({format_share(row['unmet_need_lower'])} to {format_share(row['unmet_need_upper'])})"
    if label == "Similar":
        return f"{format_share(share)} {interval} is {words} {format_share(england)}: Similar to England (95%)."
    return f"{format_share(share)} {interval} is {words} {format_share(england)}: {label} than England (95%)."


def figure_words(share, method) -> str:
    """The unmet need as shown: a percentage, or why there is none."""
    if _num(share) is not None:
        return format_share(share)
    return NO_FIGURE_WORDS.get(method, "not calculated")


def _estimate(prevalence, lower, upper) -> str:
    if _num(prevalence) is None:
        return "–"
    spread = f" ({format_value(lower)} to {format_value(upper)})" if _num(lower) is not None else ""
    return format_value(prevalence) + spread


def display_table(rows: pd.DataFrame, by: str = "substance") -> pd.DataFrame:
    """The table under each chart: one row per group (``by="substance"``) or area (``by="area"``),
    numbers formatted (thousands separators, % to one decimal place)."""
    first = ("Group", rows["substance_label"]) if by == "substance" else ("Area", rows["area_name"])
    has = rows["unmet_need_share"].map(lambda v: _num(v) is not None)
    return pd.DataFrame({
        first[0]: first[1].tolist(),
        "Period": rows["period"].fillna("–").tolist(),
        "Estimated number (95% range)": [_estimate(p, lo, up) for p, lo, up in
                                         zip(rows["prevalence"], rows["prevalence_lower"], rows["prevalence_upper"])],
        "In treatment": [format_value(v) for v in rows["in_treatment"]],
        "Unmet need": [figure_words(v, m) for v, m in zip(rows["unmet_need_share"], rows["method"])],
        "Note": rows["note"].fillna("").tolist(),   # beside the figure: why there is none, or what it rests on
        "95% range": [f"{format_share(lo)} to {format_share(up)}" if _num(lo) is not None else "–"
                      for lo, up in zip(rows["unmet_need_lower"], rows["unmet_need_upper"])],
        "England": [format_share(v) for v in rows["england_share"]] if "england_share" in rows else "–",
        "Compared with England": [c if h and isinstance(c, str) else "–"
                                  for c, h in zip(rows.get("compared_with_england", [None] * len(rows)), has)],
        "Periods match": [("yes" if bool(m) else f"no (estimate {e})") if h else "–"
                          for m, e, h in zip(rows["periods_match"], rows["estimate_period"], has)],
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
    spread = f" ({format_value(low)} to {format_value(high)})" if low is not None and high is not None else ""
    return format_value(r["additional_people"]) + spread


def plan_note(code) -> str | None:
    """A "what would it take" row's note code in words."""
    return NOTES[code] if isinstance(code, str) else None


def plan_display(plan: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The "what would it take" table and one sentence per group that has an answer."""
    records = plan.to_dict("records")
    table = pd.DataFrame({
        "Group": [r["substance_label"] for r in records],
        "Period": [r.get("period") or "–" for r in records],
        "Target unmet need": [format_share(r.get("target_share")) for r in records],
        "In treatment needed": [format_value(r.get("in_treatment_needed")) for r in records],
        "Additional people (range)": [_people(r) for r in records],
        "Additional workers": [format_value(r.get("additional_workers")) for r in records],
        "Workforce for the target": [format_value(r.get("workforce_for_target")) for r in records],
        "Note": [r.get("note") or plan_note(r.get("note_code")) or "" for r in records],
    })
    sentences = [
        f"**{r['substance_label']}**: to bring unmet need to {format_share(r['target_share'])} needs "
        f"**{_people(r)}** more people in treatment ({format_value(r['in_treatment_needed'])} in all), "
        f"about **{format_value(r['additional_workers'])}** more workers at {format_value(r['caseload'])} per worker."
        for r in records if _num(r.get("additional_people")) is not None
    ]
    return table, sentences


def substance_labels() -> dict[str, str]:
    """Each substance group's key and its label for pickers."""
    return {g.key: g.label for g in SUBSTANCES}


def caseload_sentence(national: float, area_name: str, reported: dict | None) -> str:
    """"The national ambition is a caseload of 40 per worker; Lancashire reported 70 in 2024 (…; source …)." or,
    with no figure loaded for the area, says so."""
    start = f"The national ambition is a caseload of {format_value(national)} per worker"
    if not reported:
        return f"{start}; no caseload figure for {area_name} is loaded (indicator caseload_per_worker)."
    note = str(reported.get("note") or "").strip().rstrip(".")
    source = str(reported.get("source") or "").strip()
    extra = "; ".join(x for x in (note, f"source: {source}" if source else "") if x)
    return (f"{start}; {area_name} reported {format_value(reported['value'])} in {reported['period']}"
            + (f" ({extra[0].lower()}{extra[1:]})" if extra else "") + ".")
