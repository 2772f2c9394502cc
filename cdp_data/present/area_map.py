"""The words of the map of areas: the comparison of each area in a phrase, the legend's entries, the tooltip
and the table under the map (streamlit-free; colours are the UI's)."""

from __future__ import annotations

import pandas as pd

from . import format_value

NO_VALUE = "No value"
QUINTILE_WORDS = {"Best": "Best fifth", "Better": "Second-best fifth", "Middle": "Middle fifth",
                  "Worse": "Second-worst fifth", "Worst": "Worst fifth", "Lowest": "Lowest fifth",
                  "Low": "Second-lowest fifth", "High": "Second-highest fifth", "Highest": "Highest fifth"}
CI_WORDS = {"Better": "Better than", "Similar": "Similar to", "Worse": "Worse than", "Higher": "Higher than",
            "Lower": "Lower than"}
# the order of the legend: best to worst, highest to lowest, then what is not compared
ORDER = ["Best", "Better", "Similar", "Middle", "Worse", "Worst", "Highest", "Higher", "High", "Low", "Lower",
         "Lowest", "Not compared", NO_VALUE]


def has_value(row) -> bool:
    value = row.get("value")
    return value is not None and not pd.isna(value)


def shown_label(row) -> str:
    """The area's comparison label, or "No value" where the area has no value (the map draws it grey)."""
    return str(row.get("benchmark_label") or "Not compared") if has_value(row) else NO_VALUE


def benchmark_scope(benchmark: str, benchmark_name: str | None) -> str:
    """What the area is compared with: "England", "its region (North West)", "the peer group of 15 areas"."""
    if benchmark == "region":
        return f"its region ({benchmark_name})" if benchmark_name else "its region"
    if benchmark == "group":
        return f"the {benchmark_name}" if benchmark_name else "the peer group"
    return "England"


def comparison_phrase(label: str, method: str | None, scope: str) -> str:
    """"Better than England (95% CI)", "Worst fifth (quintiles within England)", "Not compared", "No value"."""
    if label in (NO_VALUE, "Not compared"):
        return label
    if method == "quintiles":
        return f"{QUINTILE_WORDS.get(label, label)} (quintiles within {scope})"
    return f"{CI_WORDS.get(label, label)} {scope} ({method})" if method else f"{label} ({scope})"


def legend_entries(area_map) -> list[tuple[str, str, int]]:
    """(label, words, number of areas) for every label on the map, in :data:`ORDER`."""
    areas = area_map.areas
    labels = [shown_label(r) for r in areas.to_dict("records")]
    method = map_method(areas)
    counts = pd.Series(labels, dtype=object).value_counts()
    scope = _scope(area_map)
    present = sorted(counts.index, key=lambda x: ORDER.index(x) if x in ORDER else len(ORDER))
    return [(label, _legend_words(label, method, scope), int(counts[label])) for label in present]


def _legend_words(label: str, method: str | None, scope: str) -> str:
    if label == NO_VALUE:
        return "No value for this period (not loaded, or withheld)"
    if label == "Not compared" and method == "count":
        return "Not compared: a count follows the size of the area (choose a rate or proportion)"
    if label == "Not compared":
        return "Not compared (no interval, no benchmark value, fewer than 5 areas or no polarity)"
    return comparison_phrase(label, method, scope)


def map_method(areas: pd.DataFrame) -> str | None:
    """The comparison method of the map's areas (one for the whole map), or None when nothing is compared."""
    methods = areas["method"].dropna() if "method" in areas else pd.Series(dtype=object)
    return str(methods.iloc[0]) if len(methods) else None


def _scope(area_map) -> str:
    names = area_map.areas["benchmark_name"].dropna() if "benchmark_name" in area_map.areas else []
    if area_map.benchmark == "region":
        return "its region"
    return benchmark_scope(area_map.benchmark, names.iloc[0] if len(names) else None)


def value_text(area_map, value) -> str:
    return format_value(value, area_map.unit, area_map.value_type)


def tooltips(area_map) -> pd.Series:
    """One tooltip per area: its name, its value (and period), and its comparison in words."""
    lines = []
    for row in area_map.areas.to_dict("records"):
        label = shown_label(row)
        if label == NO_VALUE:
            lines.append(f"{row['area_name']}\nno value")
            continue
        scope = benchmark_scope(area_map.benchmark, row.get("benchmark_name"))
        lines.append(f"{row['area_name']}\n{value_text(area_map, row['value'])} ({area_map.period})\n"
                     f"{comparison_phrase(label, row.get('method'), scope)}")
    return pd.Series(lines, index=area_map.areas.index, dtype=object)


def table(area_map) -> pd.DataFrame:
    """The map as a table (one row per area, the partnership's first, then by name): codes, type, period,
    value and interval, count (whole numbers; the gate has already withheld any under 5), the benchmark and
    its value, the comparison, the method."""
    areas = pd.DataFrame(area_map.areas.drop(columns="geometry"))
    out = pd.DataFrame({
        "Area code": areas["area_code"], "Area": areas["area_name"],
        "Area type": areas["area_type"].fillna(""), "Period": areas["period"],
        "Value": pd.to_numeric(areas["value"], errors="coerce").round(2),
        "Lower 95% CI": pd.to_numeric(areas["lower_ci95"], errors="coerce").round(2),
        "Upper 95% CI": pd.to_numeric(areas["upper_ci95"], errors="coerce").round(2),
        "Count": pd.to_numeric(areas["count"], errors="coerce").round(0).astype("Int64"),
        "Benchmark": areas["benchmark_name"].fillna(""),
        "Benchmark value": pd.to_numeric(areas["benchmark_value"], errors="coerce").round(2),
        "Comparison": [shown_label(r) for r in areas.to_dict("records")],
        "Method": areas["method"].fillna(""),
        "Partnership": areas["is_partnership"].map({True: "Yes", False: ""}),
    })
    order = out.assign(_p=out["Partnership"] != "Yes").sort_values(["_p", "Area"], kind="stable")
    return order.drop(columns="_p").reset_index(drop=True)


def caption(area_map) -> str:
    """What the map shows, in one sentence."""
    shown = int(area_map.areas["value"].notna().sum())
    total = len(area_map.areas)
    words = (f"{area_map.indicator}, {area_map.period}: {area_map.level_name.lower()}, {shown:,} of {total:,} "
             f"with a value, " + ("not compared: a count follows the size of the area." if
                                    map_method(area_map.areas) == "count" else
                                    f"coloured by comparison with {_scope(area_map)}."))
    if area_map.breakdown and any(area_map.breakdown):
        sex, age, _ctype, category = area_map.breakdown
        words += " Breakdown: " + ", ".join(x for x in (sex, age, category) if x) + "."
    if area_map.areas["is_partnership"].any():
        words += " The partnership is outlined in black."
    return words
