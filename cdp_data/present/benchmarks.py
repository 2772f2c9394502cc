"""The names of benchmarks (England, a region, a peer group) as the CLI and the pages write them."""

from __future__ import annotations

import re

import pandas as pd

from . import format_value

GROUP_NAME = "peer group of {n} areas"


def benchmark_name(benchmark: str, code, names: dict, group: list[str] | None = None) -> str:
    """"England", the region's name ("North West"), "region not known" or "peer group of 15 areas"."""
    if benchmark == "group":
        return GROUP_NAME.format(n=len(group or []))
    if not isinstance(code, str) or not code:
        return "region not known" if benchmark == "region" else "not known"
    return names.get(code) or code


def benchmark_phrase(kind: str, name: str) -> str:
    """The benchmark inside a sentence: "England", "the North West", "London", "the peer group “15 similar
    areas”"."""
    if kind == "group":
        return f"the peer group “{name}”"
    if kind == "region" and name.split(" ")[0] in ("North", "South", "East", "West", "Yorkshire"):
        return f"the {name}"
    return name


METHOD_WORDS = {"95% CI": "95% confidence intervals", "99.8% CI": "99.8% confidence intervals",
                "quintiles": "quintiles", "mixed": "95% or 99.8% confidence intervals where the indicator has them, "
                                                   "else quintiles"}


def method_caption(phrase: str, method: str | None) -> str:
    """"Compared with the North West by 95% confidence intervals." / "... by quintiles (areas of one type
    ranked into fifths; fewer than 5 areas: not compared).\""""
    if not method:
        return f"Compared with {phrase}: no values to compare."
    if method == "count":
        return f"Not compared with {phrase}: a count depends on the size of the area (rates and proportions are " \
               "compared)."
    text = f"Compared with {phrase} by {METHOD_WORDS.get(method, method)}"
    if method in ("quintiles", "mixed"):
        text += (" (no intervals are published: areas of one type are ranked into fifths, Best to Worst where "
                 "a direction is better, Lowest to Highest where not; fewer than 5 areas are not compared)")
    return text + "."


# A word's symbol, so that a comparison never rests on colour alone (as on the Outcomes chart).
SYMBOLS = {"Better": "▲", "Similar": "●", "Worse": "▼", "Higher": "◆", "Lower": "■", "Not compared": "✚",
           "Best": "▲▲", "Worst": "▼▼", "Middle": "●", "Highest": "◆◆", "High": "◆", "Low": "■",
           "Lowest": "■■"}


def comparison_symbol(label) -> str:
    return SYMBOLS.get(label or "Not compared", "")


def trend_arrow(label) -> str:
    """The recent trend as an arrow: ↑ increasing, ↓ decreasing, → no significant change, nothing when it
    cannot be calculated."""
    text = str(label or "")
    if text.startswith("Increasing"):
        return "↑"
    if text.startswith("Decreasing"):
        return "↓"
    return "→" if text == "No significant change" else ""


def breakdown_used_sentence(area_name: str, used_label: str, wanted_label: str) -> str:
    """One sentence when a benchmark's values are of another breakdown than the partnership's."""
    return (f"{area_name}'s values are for {used_label}, the nearest to the partnership's {wanted_label} "
            f"(none are loaded for {wanted_label}).")


def symbol_key(labels) -> str:
    """"▲ Better, ● Similar, ✚ Not compared": the symbols of the labels present (never colour alone)."""
    present = [k for k in SYMBOLS if k in set(labels)] or ["Not compared"]
    return ", ".join(f"{SYMBOLS[k]} {k.lower()}" for k in present)


def download_stem(*parts) -> str:
    """A descriptive download name: ``cdp-wirral-93517-2022-23-vs-north-west`` (lower case, letters, digits
    and hyphens only)."""
    words = [re.sub(r"[^a-z0-9]+", "-", str(p).lower()).strip("-") for p in parts if p not in (None, "")]
    return "-".join(["cdp", *(w for w in words if w)])


def heatmap_cell(value_text: str, symbol: str, arrow: str) -> str:
    """A heatmap cell: "41.7% ▲ ↓" (value, comparison symbol, recent-trend arrow)."""
    return " ".join(part for part in (value_text, symbol, arrow) if part)


ROLE_ORDER = {"partnership": 0, "comparator": 1, "benchmark": 2}


def heatmap_area_names(cells: pd.DataFrame) -> list[str]:
    """The heatmap's columns in order: the partnership, its comparators (by code), then the benchmarks
    (the region before England)."""
    areas = cells.assign(rank=cells["role"].map(ROLE_ORDER), name=cells["area_name"].fillna(cells["area_code"]))
    return list(dict.fromkeys(areas.sort_values(["rank", "area_code"])["name"]))


def heatmap_table(cells: pd.DataFrame) -> pd.DataFrame:
    """The heatmap as a table: one row per indicator (with its period), one column per area, each cell
    the value, symbol and arrow."""
    if cells.empty:
        return pd.DataFrame()
    areas = heatmap_area_names(cells)
    table = cells.assign(area=cells["area_name"].fillna(cells["area_code"]), row=cells["indicator"] + " ("
                         + cells["period"].astype(str) + ")")
    order = list(dict.fromkeys(table["row"]))
    wide = table.pivot_table(index="row", columns="area", values="cell_text", aggfunc="first")
    wide = wide.reindex(index=order, columns=areas).fillna("–")
    return wide.rename_axis(index="Indicator (period)", columns=None).reset_index()


def heatmap_download(cells: pd.DataFrame) -> pd.DataFrame:
    """The heatmap's cells for download: area code and type, period, value, the benchmark's name and value,
    the comparison method and label, and the recent trend."""
    if cells.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "Indicator ID": cells["indicator_id"], "Indicator": cells["indicator"], "Area": cells["area_name"],
        "Area code": cells["area_code"], "Area type": cells["area_type"].fillna(""), "Period": cells["period"],
        "Value": cells["value_text"], "Count": [format_value(v, "count") for v in cells["count"]],
        "Benchmark": cells["benchmark_name"].fillna(""),
        "Benchmark value": [format_value(v, u) if n else "" for v, u, n in
                            zip(cells["benchmark_value"], cells["unit"], cells["benchmark_name"].fillna(""))],
        "Comparison method": cells["method"].where(cells["role"] != "benchmark", "").fillna(""),
        "Compared with benchmark": cells["benchmark_label"].fillna(""),
        "Symbol": cells["symbol"], "Recent trend": cells["recent_trend"].fillna(""),
    })


def elsewhere_sentence(kind: str, phrase: str, period: str, latest: pd.DataFrame, unit, group_size: int = 0,
                       shown: int = 5) -> str | None:
    """When the benchmark has no value for the partnership's ``period``, what it has instead, in one sentence:
    "England has no value for 2023; its latest is 52.1% (2020/21)." or "None of the 15 areas of the peer group
    “…” has a value for 2023; 1 has one for another period: Stockton-on-Tees 46.2% (2020/21)."."""
    if latest.empty:
        return None
    items = [(f"{r.area_name or r.area_code} " if kind == "group" else "") + f"{format_value(r.value, unit)} ({r.period})"
             for r in latest.itertuples()]
    listed = "; ".join(items[:shown]) + (f"; and {len(items) - shown} more" if len(items) > shown else "")
    if kind != "group":
        return f"{phrase[0].upper()}{phrase[1:]} has no value for {period}; its latest is {listed}."
    return (f"None of the {group_size} areas of {phrase} has a value for {period}; {len(items)} "
            f"{'has' if len(items) == 1 else 'have'} one for another period: {listed}.")
