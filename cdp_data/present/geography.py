"""The ward map in words: labels, captions, tooltips and the table under the map (streamlit-free)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..core.attributions import LINES
from ..geography import harm, top_wards_both_high
from ..geography.ward_map import NOTE_POLICE_CAVEAT, NOTE_UNMATCHED, POLICE_MEASURE, WardMap
from . import format_share, format_value
from .licences import footer_lines

POLICE_CAVEAT = ("Police recorded drug offences reflect police activity (stop and search, operations) as much as "
                 "drug use or markets: a high count is not, by itself, a measure of need.")
POLICE_LABEL = "Drug offences recorded by police (data.police.uk)"
SYNTHETIC_LABEL = "synthetic demo data"   # how synthetic figures are labelled wherever they appear
SYNTHETIC_POPULATIONS = "synthetic populations"
SYNTHETIC_PERIOD = "synthetic period"
SMALL = "fewer than 5"
POLICE_WINDOW_HELP = ("Police counts are shown for whole calendar quarters only, and only for quarters whose three "
                      "months are all loaded: windows that overlapped would give a suppressed month's count by "
                      "subtraction.")
SYNTHETIC_LABELS = {"drug_offences": "Police recorded drug offences (synthetic)",
                    "drug_poisoning_admissions": "Hospital admissions for drug poisoning (synthetic)"}


def month_label(month: str) -> str:
    """Turn "2025-01" into "Jan 2025"."""
    try:
        return dt.date.fromisoformat(month + "-01").strftime("%b %Y")
    except ValueError:
        return month


def window_label(window) -> str:
    """"Jul to Sep 2025 (2025 Q3)" for a police window (:class:`cdp_data.geography.windows.Window`)."""
    if window is None:
        return ""
    first, last = month_label(window.first), month_label(window.last)
    return f"{first.split()[0]} to {last} ({window.key.replace('-', ' ')})"


def count_text(n, noun: str) -> str:
    """"12 offences", or "fewer than 5 offences" for a count the gate withheld (None)."""
    return f"{SMALL} {noun}" if n is None else f"{format_value(n)} {noun}"


def months_text(months: list[str]) -> str:
    """"Jan 2025 to Feb 2025" for the months of police data used (empty when none)."""
    return f"{month_label(months[0])} to {month_label(months[-1])}" if months else ""


def harm_measure_label(measure: str, harm: pd.DataFrame | None, is_synthetic: bool) -> str:
    """A harm measure's name for the picker and captions (the harm template's own name for its measures)."""
    if is_synthetic:
        return SYNTHETIC_LABELS.get(measure, measure)
    if measure == POLICE_MEASURE:
        return POLICE_LABEL
    if harm is not None:
        names = harm.drop_duplicates("measure").set_index("measure")["measure_name"]
        if measure in names.index:
            return names[measure]
    return measure


def note_texts(wm: WardMap) -> list[str]:
    """The notes under the map, in words."""
    texts = {NOTE_POLICE_CAVEAT: POLICE_CAVEAT,
             NOTE_UNMATCHED: count_text(wm.unmatched, "offences").capitalize()
             + " had an LSOA code in no loaded lookup."}
    return [texts.get(code, code) for code in wm.notes]


def area_rate_texts(area_rate: dict) -> tuple[str, str, str]:
    """The area's rate and its 95% CI limits as text, to the decimals the gate allows (``area_rate["decimals"]``,
    :func:`cdp_data.services.disclosure.area_rate`; with thousands separators): ``("12.35", "11.70", "13.02")``,
    or "not shown" three times when no rounding would keep suppressed wards safe."""
    dp = area_rate.get("decimals", 2)
    if dp is None:
        return ("not shown",) * 3
    return tuple(f"{round(area_rate[k], dp):,.{max(dp, 0)}f}" for k in ("rate", "lower_ci95", "upper_ci95"))


def has_harm(wm: WardMap) -> bool:
    """Whether the map carries a harm rate per ward (a measure chosen and rates worked out)."""
    return wm.harm_measure is not None and "rate" in wm.wards


def source_text(wm: WardMap) -> str:
    """Where the map's figures come from, for the captions under the map and the scatter."""
    if wm.is_synthetic:
        return SYNTHETIC_LABEL
    return (f"{wm.vintage or 'no deprivation index loaded'}; ONS ward boundaries; "
            + (f"{wm.harm_label}, {wm.harm_period}" if has_harm(wm) else "no harm data loaded"))


def not_located_text(not_located: dict[str, int | None]) -> str:
    """The sentence about police offences with no map position, force by force."""
    return ("Not located (no map position, so in no ward): "
            + "; ".join(f"{force}: {count_text(n, 'offences')}" for force, n in not_located.items())
            + " in the loaded police files (whole force, not only this area).")


def selected_ward(shown_table: pd.DataFrame, ward_code: str) -> pd.DataFrame:
    """One ward's row of :func:`display_table` turned on its side: Figure, Value (as text)."""
    row = shown_table[shown_table["Ward code"] == ward_code].T.reset_index()
    row.columns = ["Figure", "Value"]
    return row.astype(str)


def correlation_text(corr: dict, source: str) -> str:
    """The caption under the scatter: Pearson's r with its Fisher z 95% CI, or why there is none
    (fewer than 4 wards with figures)."""
    if corr["n"] >= 4 and corr["r"] == corr["r"]:
        return (f"Pearson correlation r = {corr['r']:.2f} (95% CI {corr['lower']:.2f} to {corr['upper']:.2f}, "
                f"Fisher z) over {corr['n']} wards with figures; suppressed wards left out. Source: {source}.")
    return "Too few wards with figures to estimate a correlation."


def top_wards_table(wm: WardMap, shown_table: pd.DataFrame) -> pd.DataFrame:
    """The ten wards where deprivation and harm are both highest
    (:func:`cdp_data.geography.top_wards_both_high`), as rows of :func:`display_table`."""
    top = top_wards_both_high(wm.wards.drop(columns="geometry"), "imd_score", "rate")
    return shown_table.set_index("Ward code").loc[top["ward_code"]].reset_index()


def attribution_lines(wm: WardMap) -> list[str]:
    """The licence lines to print under the page: the map's own plus the ONS boundaries' (not for synthetic data)."""
    lines = wm.attributions or []
    if not wm.is_synthetic:
        lines = list(dict.fromkeys(lines + [LINES["ons_boundaries"]]))
    return footer_lines(lines)   # the Open Government Licence sentence once, its sources after it


def display_table(wm: WardMap) -> pd.DataFrame:
    """One row per ward, as shown under the map and exported: suppressed counts and the
    rates built on them are blank, with a "Suppressed (under 5)" note instead."""
    t = wm.wards
    per = f"per {wm.multiplier:,}"
    out = pd.DataFrame({"Ward": t["ward_name"], "Ward code": t["ward_code"]})
    if "imd_score" in t:
        out[f"IMD score ({wm.vintage})"] = t["imd_score"].astype(float).round(2)
        out["Population in England's most deprived 10% (%)"] = (t["share_pop_most_deprived_decile"].astype(float)
                                                               * 100).round(1)
        out["LSOAs"] = t["n_lsoa"]
        out["Deprivation rank in area (1 = most deprived)"] = t["rank_in_area"]
    if "rate" in t:
        suppressed = t["harm_suppressed"].fillna(False).astype(bool)
        out["Count"] = t["harm_count"].astype("Float64").where(~suppressed)
        out[f"Rate {per}"] = t["rate"].astype(float).round(2).where(~suppressed)
        out["Lower 95% CI"] = t["lower_ci95"].astype(float).round(2).where(~suppressed)
        out["Upper 95% CI"] = t["upper_ci95"].astype(float).round(2).where(~suppressed)
        out["Compared with area"] = t["compared_with_area"]
        out["Note"] = suppressed.map({True: "Suppressed (under 5)", False: ""})
    return out


def tooltips(wm: WardMap) -> pd.Series:
    """Tooltip text per ward, one figure a line (suppressed counts never appear)."""
    t = wm.wards
    lines = [t["ward_name"].astype(str) + " (" + t["ward_code"].astype(str) + ")"]
    if "imd_score" in t:
        lines.append("IMD score (" + str(wm.vintage) + "): " + t["imd_score"].map(format_value))
        lines.append("In most deprived 10%: " + t["share_pop_most_deprived_decile"].map(format_share))
    if "rate" in t:
        supp = t["harm_suppressed"].fillna(False).astype(bool)
        rate = t["rate"].map(lambda v: format_value(v, f"per {wm.multiplier}"))
        count = t["harm_count"].map(format_value)
        text = (wm.harm_label + ": " + count + " (" + rate + "), "
                + t["compared_with_area"].astype(str) + " compared with the area")
        lines.append(text.where(~supp, wm.harm_label + ": suppressed (fewer than 5)"))
    out = lines[0]
    for line in lines[1:]:
        out = out + "\n" + line
    return out


def population_text(source: str, ward_population: pd.DataFrame | None = None,
                    lsoa_population: dict[str, pd.DataFrame] | None = None) -> str:
    """Where ward populations come from, in words, for a code of :func:`cdp_data.geography.ward_populations`
    (the table's own label where it has one: ``attrs["label"]``)."""
    if source == harm.FROM_WARD_TABLE:
        return _label(ward_population, "ward population")
    for key, code in harm.FROM_LSOA.items():
        if source == code:
            return _label((lsoa_population or {}).get(key), "LSOA population") + " (summed to wards)"
    return "IoD population denominators" if source == harm.FROM_IOD else ""


def _label(frame: pd.DataFrame | None, default: str) -> str:
    return frame.attrs.get("label", default) if frame is not None else default


def weights_text(code: str, vintage: str | None, population_label: str | None = None) -> str:
    """How the LSOAs were weighted when summed to wards, in words (codes from :mod:`cdp_data.geography.deprivation`)."""
    if code == "equal":
        return "equal weights per LSOA (no population loaded)"
    if code == "population_file":
        return population_label or "population file"
    return "IoD population denominators (mid-2015)" if vintage == "IoD2019" else "IoD population denominators"
