"""What the Outcomes, Compare and Data pages say about indicators: tables, captions and sentences.

Every figure goes through the one formatter, :func:`cdp_data.present.format_value`.
"""

from __future__ import annotations

import pandas as pd

from . import format_value, uk_date

POLARITY_LABELS = {
    "high_is_good": "Higher is better",
    "low_is_good": "Lower is better",
    "no_judgement": "No judgement (higher / lower)",
    "not_compared": "Not set: not compared",
}
NO_VALUES = "No values for this indicator."


def breakdown_label(breakdown) -> str:
    """``"Persons, 18+ yrs, Substance group: Opiate"``; "All" when there is nothing to say."""
    sex, age, category_type, category = breakdown
    parts = [p for p in (sex, age) if p]
    if category:
        parts.append(f"{category_type}: {category}" if category_type else category)
    return ", ".join(parts) or "All"


def indicator_labels(choices: pd.DataFrame) -> dict[str, str]:
    """Picker labels from the indicator choices: ``"Treatment › Continuity of care"``, by indicator ID."""
    return {r.indicator_id: f"{r.outcome} › {r.label}" for r in choices.itertuples()}


def gap_notes(codes: list[tuple[str, int]]) -> list[str]:
    """The Outcomes page's notes for what is missing (codes from :func:`cdp_data.indicators.trend.gap_codes`)."""
    notes = []
    for code, n in codes:
        if code == "few_partnership_values":
            notes.append(f"Only {n} value{'s' if n > 1 else ''} for this partnership: a recent trend needs 5 "
                         "values with confidence intervals, and an SPC chart needs at least 15 to be reliable.")
        else:
            notes.append(GAP_NOTES[code])
    return notes


GAP_NOTES = {
    "no_partnership_values": "No values for this partnership: England and region lines are shown where loaded.",
    "polarity_not_set": "This indicator's polarity is not set, so values are not compared with England: "
                        "set it on the Data page (Indicators tab).",
    "no_region": "No region is recorded for this partnership, so there is no region line.",
    "no_region_values": "No values for the partnership's region are loaded.",
    "no_england_values": ("No England values are loaded for this indicator in this breakdown, "
                          "nor for the same sex and category at another age."),
}


def _interval(lower, upper, unit) -> str:
    return f"{format_value(lower, unit)} to {format_value(upper, unit)}" if pd.notna(lower) and pd.notna(upper) \
        else "–"


def _column(frame: pd.DataFrame, name: str, default="") -> pd.Series:
    return frame[name] if name in frame else pd.Series(default, index=frame.index, dtype=object)


def comparator_columns(frame: pd.DataFrame, unit: str | None, benchmark_name: str | None = None) -> dict:
    """What every table download carries beside an area's value: the benchmark's name and value, the method
    and the comparison's label."""
    names = _column(frame, "benchmark_name", benchmark_name)
    method = _column(frame, "method", None)
    return {
        "Benchmark": names.fillna(benchmark_name or "").where(method.notna(), ""),
        "Benchmark value": [format_value(v, unit) if m == m and m else "" for v, m in
                            zip(_column(frame, "benchmark_value", None), method)],
        "Comparison method": method.fillna(""),
        "Compared with benchmark": _column(frame, "benchmark_label", None).fillna("Not compared")
        .where(method.notna(), ""),
    }


def _counts(frame: pd.DataFrame) -> list[str]:
    return [format_value(v, "count") for v in frame["count"]]


def trend_table(trend) -> pd.DataFrame:
    """The data table under the Outcomes chart, one row per line and period, with the benchmark."""
    s = trend.series
    if s.empty:
        return pd.DataFrame()
    unit = trend.info.get("unit")
    return pd.DataFrame({
        "Area": s["area_name"].fillna(s["area_code"]), "Area code": s["area_code"],
        "Area type": _column(s, "area_type").fillna(""), "Line": s["line"], "Period": s["period"],
        "Value": [format_value(v, unit) for v in s["value"]],
        "95% CI": [_interval(lo, up, unit) for lo, up in zip(s["lower_ci95"], s["upper_ci95"])],
        "Count": _counts(s), **comparator_columns(s, unit, trend.benchmark_name),
        "Compared with England": s["compared_to_england"].fillna("Not compared"),
        "Published comparison": s["published_compared_england"].fillna(""),
        "Note": s["note"].fillna(""), "Source": s["source"].fillna(""),
    })


def comparison_table_for_display(frame: pd.DataFrame, unit: str | None) -> pd.DataFrame:
    """The data table under the Compare bars, with the chosen benchmark's value and comparison."""
    if frame.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "Rank": frame["rank"].astype("Int64"), "Area": frame["area_name"].fillna(frame["area_code"]),
        "Area code": frame["area_code"], "Area type": _column(frame, "area_type").fillna(""),
        "Period": _column(frame, "period"), "Value": [format_value(v, unit) for v in frame["value"]],
        "95% CI": [_interval(lo, up, unit) for lo, up in zip(frame["lower_ci95"], frame["upper_ci95"])],
        "Count": _counts(frame), **comparator_columns(frame, unit),
        "Compared with England": frame["compared_to_england"].fillna("Not compared"),
        "Published comparison": frame["published_compared_england"].fillna(""),
        "Note": frame["note"].fillna(""),
    })


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_sentence(frame: pd.DataFrame, partnership_name: str, polarity: str | None) -> str:
    """'Wirral has the 5th highest value of 150 areas (lower is better).'"""
    ranked = frame[frame["value"].notna()]
    mine = ranked[ranked["is_partnership"]]
    if mine.empty:
        return f"{partnership_name} has no value for this period."
    if len(ranked) == 1:
        return f"{partnership_name} is the only area with a value for this period."
    rank = int(mine["rank"].iloc[0])
    direction = {"high_is_good": " (higher is better)", "low_is_good": " (lower is better)"}.get(polarity or "", "")
    return f"{partnership_name} has the {ordinal(rank)} highest value of {len(ranked)} areas{direction}."


def source_caption(info: dict) -> str:
    """'Source: OHID Fingertips. <name> (Fingertips ID 93517). Loaded 22 Nov 2026 from export.csv.'"""
    sources = ", ".join(info.get("sources") or []) or info.get("source") or "unknown source"
    text = f"Source: {sources}. {info.get('name') or info.get('indicator_id')}"
    if info.get("fingertips_id"):
        text += f" (Fingertips ID {info['fingertips_id']})"
    text += "."
    if info.get("loaded_at") is not None and pd.notna(info.get("loaded_at")):
        text += f" Loaded {uk_date(info['loaded_at'])}"
        text += f" from {info['loaded_from']}." if info.get("loaded_from") else "."
    return text


def _areas_list(names: list[str], most: int = 3) -> str:
    names = list(dict.fromkeys(names))
    if len(names) <= most:
        return ", ".join(names)
    return f"{', '.join(names[:most])} and {len(names) - most} more"


def sources_caption(rows: pd.DataFrame, info: dict) -> str:
    """Each value credited to its own source: 'Source: Wirral: Wirral Drugs Strategy 2023-2027; England,
    Hartlepool: OHID Fingertips (file export.csv). Proportion of ... (Fingertips ID 93517).'"""
    if rows.empty or "source" not in rows:
        return source_caption(info)
    names = rows["area_name"].fillna(rows["area_code"]).astype(str)
    source = rows["source"].fillna("").astype(str)
    loaded = rows["loaded_from"].fillna("").astype(str) if "loaded_from" in rows else pd.Series("", index=rows.index)
    parts = []
    for (src, file), group in names.groupby([source, loaded], sort=False):
        part = f"{_areas_list(group.tolist())}: {src or 'source not recorded'}"
        if file and file != src:
            part += f" (file {file})"
        parts.append(part)
    text = f"Source{'s' if len(parts) > 1 else ''}: {'; '.join(parts)}. {info.get('name') or info.get('indicator_id')}"
    if info.get("fingertips_id"):
        text += f" (Fingertips ID {info['fingertips_id']})"
    return text + "."


def published_trend_note(trend) -> str | None:
    """Fingertips' published recent trend, when it differs from the one worked out here; else None."""
    series = trend.series
    published = series.loc[series["line"] == "Partnership", "recent_trend"].dropna()
    if not published.empty and published.iloc[-1] != trend.trend.label:
        return f"Fingertips published recent trend: {published.iloc[-1]}."
    return None


def england_sentence(value: float | None, unit: str | None) -> str:
    """``"England: 47.0%."`` or that no England value is loaded."""
    if value is None:
        return "No England value is loaded for this period."
    return f"England: {format_value(value, unit)}."


def comparison_counts_text(frame: pd.DataFrame) -> str:
    """How many areas compare Better, Similar, Worse ... with the benchmark (England when the frame has
    none): ``"Similar: 3 · Worse: 1"`` (most common first)."""
    column = "benchmark_label" if "benchmark_label" in frame else "compared_to_england"
    counts = frame[column].fillna("Not compared").value_counts()
    return " · ".join(f"{k}: {v}" for k, v in counts.items())


PROFILE_CAPTION = ("Spine chart as in Fingertips, rates and proportions only: the light bar runs from the worst (or "
                   "lowest) to the best (or highest) area of the same type, the dark bar is the middle half (25th to "
                   "75th percentile, as FingertipsNext works them out; from four areas), the red line is England at the centre; the partnership's marker shows its "
                   "comparison with England in colour and shape. Source: the extracts loaded in the workspace.")
PROFILE_ONLY_COUNTS = ("This partnership's indicators here are all counts, which a spine chart does not draw (a count "
                       "measures the size of an area, not how it fares): they are listed below.")
PROFILE_COUNTS_TITLE = "Counts (listed, not drawn)"
PROFILE_COUNTS_NOTE = ("Counts depend on the size of the area, so they are not placed on the spine chart; compare them "
                       "through a rate or proportion where there is one.")


def profile_counts_table(profile: pd.DataFrame) -> pd.DataFrame:
    """The count indicators beside the spine chart: the partnership's figure and England's, whole numbers."""
    return pd.DataFrame({"Indicator": profile["indicator"], "Period": profile["period"],
                         "Value": profile["value"].map(_whole),
                         "England": profile["england_value"].map(_whole),
                         "Areas": profile["areas"]})


def _whole(value) -> str:
    return format_value(round(value) if pd.notna(value) else value, "count")


def profile_table(profile: pd.DataFrame) -> pd.DataFrame:
    """The table under the spine chart, as Fingertips lays it out: England, the worst (or lowest) area, the 25th
    and 75th percentiles and the best (or highest) area of the type, to 1 dp."""
    return profile[["indicator", "period", "value", "england_value", "compared_to_england", "areas", "worst",
                    "q25", "q75", "best"]].rename(columns={
        "indicator": "Indicator", "period": "Period", "value": "Value", "england_value": "England",
        "compared_to_england": "Compared with England", "areas": "Areas", "worst": "Worst / lowest",
        "q25": "25th percentile", "q75": "75th percentile", "best": "Best / highest"}).round(1)


def describe_age(seconds: float) -> str:
    """'just now', '5 minutes old', '3 hours old', '2 days old'."""
    if seconds < 60:
        return "just now"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''} old"
    return "just now"  # pragma: no cover
