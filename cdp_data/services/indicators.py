"""Outcome indicators for the pages: trends, comparisons, area profiles, peer groups.

The one door for ``pages/outcomes.py`` and ``pages/compare.py``. Every
comparison uses the catalogue's current polarity (a user may change it on the
Data page) and the Fingertips method in :mod:`cdp_data.stats`. Counts under 5
never leave this module (:mod:`cdp_data.suppression`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import sqlalchemy as sa

from .. import statistics as stats
from ..store.indicator_values import distinct_by_indicator, read_values
from ..store import Workspace, areas, catalogue, load_log, peer_groups, value_segments
from ..core.suppression import suppress_counts

ENGLAND = "E92000001"
BREAKDOWN = ["sex", "age", "category_type", "category"]
SERIES_COLUMNS = ["area_code", "area_name", "period", "period_start", "period_end", "value", "lower_ci95",
                  "upper_ci95", "count", "denominator", "note", "recent_trend", "published_compared_england",
                  "source", "loaded_from", "load_id", "is_synthetic"] + BREAKDOWN
COMPARISON_ORDER = [stats.BETTER, stats.SIMILAR, stats.WORSE, stats.HIGHER, stats.LOWER, stats.NOT_COMPARED]


# ---- what there is to show ----------------------------------------------
def indicator_choices(ws: Workspace) -> pd.DataFrame:
    """Indicators with at least one value: id, label, outcome, unit, polarity, areas, local_areas, periods.

    ``local_areas`` counts areas other than England and the regions.

    Ordered by outcome then label so a picker can group them.
    """
    held = distinct_by_indicator(ws, ["indicator_name", "area_code", "period"])
    if not held:
        return pd.DataFrame(columns=["indicator_id", "label", "outcome", "unit", "polarity", "value_type", "areas",
                                     "local_areas", "periods"])
    counts = pd.DataFrame([
        {"indicator_id": indicator_id, "indicator_name": max(sets["indicator_name"], default=None),
         "areas": len(sets["area_code"]), "periods": len(sets["period"]),
         "local_areas": sum(1 for a in sets["area_code"] if a != ENGLAND and not a.startswith("E12"))}
        for indicator_id, sets in held.items()])
    cat = ws.read(sa.select(catalogue.c.indicator_id, catalogue.c.short_name, catalogue.c.name, catalogue.c.outcome,
                            catalogue.c.unit, catalogue.c.polarity, catalogue.c.value_type))
    out = counts.merge(cat, on="indicator_id", how="left")
    out["label"] = out["short_name"].fillna(out["name"]).fillna(out["indicator_name"]).fillna(out["indicator_id"])
    out["outcome"] = out["outcome"].fillna("Other indicators")
    out["polarity"] = out["polarity"].fillna("not_compared")
    return out.sort_values(["outcome", "label"]).reset_index(drop=True)[
        ["indicator_id", "label", "outcome", "unit", "polarity", "value_type", "areas", "local_areas", "periods"]]


def indicator_info(ws: Workspace, indicator_id: str) -> dict:
    """Catalogue entry (name, unit, polarity, source ...) plus when its values were last loaded."""
    row = ws.read(sa.select(catalogue).where(catalogue.c.indicator_id == indicator_id))
    info = row.iloc[0].to_dict() if not row.empty else {"indicator_id": indicator_id, "name": indicator_id,
                                                        "polarity": "not_compared"}
    vs = value_segments
    loads = ws.read(sa.select(load_log.c.loaded_at, load_log.c.source_file, load_log.c.kind)
                    .where(load_log.c.id.in_(sa.select(vs.c.load_id).where(vs.c.indicator_id == indicator_id)))
                    .order_by(load_log.c.loaded_at.desc()))
    sources = ws.read(sa.select(vs.c.source).distinct().where(vs.c.indicator_id == indicator_id))
    info["loaded_at"] = loads["loaded_at"].iloc[0] if not loads.empty else None
    info["loaded_from"] = loads["source_file"].iloc[0] if not loads.empty else None
    info["sources"] = [s for s in sources.iloc[:, 0].tolist() if s] if not sources.empty else []
    info["polarity"] = info.get("polarity") or "not_compared"
    return info


def _values(ws: Workspace, indicator_id: str, period: str | None = None) -> pd.DataFrame:
    frame = read_values(ws, SERIES_COLUMNS + ["area_type", "parent_code"], indicator_id=indicator_id, period=period)
    for column in ("value", "lower_ci95", "upper_ci95", "count", "denominator"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame["period_end"] = pd.to_datetime(frame["period_end"], errors="coerce")
    frame["period_start"] = pd.to_datetime(frame["period_start"], errors="coerce")
    return frame


def main_breakdown(frame: pd.DataFrame, area_code: str | None = None) -> tuple[str, str, str, str] | None:
    """The (sex, age, category type, category) to show by default.

    Totals first (no category, sex Persons), then the breakdown with the most
    values for the area (or overall).
    """
    if frame.empty:
        return None
    scope = frame[frame["area_code"] == area_code] if area_code and (frame["area_code"] == area_code).any() else frame
    groups = scope.groupby(BREAKDOWN, dropna=False).size().reset_index(name="n")
    groups["score"] = (groups["n"] + 1000 * (groups["category"] == "") + 100 * (groups["sex"] == "Persons")
                       + 10 * groups["category"].isin(["Total"]))
    best = groups.sort_values("score", ascending=False).iloc[0]
    return tuple(best[c] for c in BREAKDOWN)  # type: ignore[return-value]


def _breakdown_mask(frame: pd.DataFrame, breakdown) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in zip(BREAKDOWN, breakdown):
        mask &= frame[column] == value
    return mask


def breakdown_label(breakdown) -> str:
    sex, age, category_type, category = breakdown
    parts = [p for p in (sex, age) if p]
    if category:
        parts.append(f"{category_type}: {category}" if category_type else category)
    return ", ".join(parts) or "All"


def add_england_comparison(frame: pd.DataFrame, england: pd.DataFrame, polarity: str | None) -> pd.DataFrame:
    """Add England's value for the same period and breakdown, and the comparison with it."""
    keys = ["period"] + BREAKDOWN
    bench = england[keys + ["value"]].drop_duplicates(keys).rename(columns={"value": "england_value"})
    out = frame.drop(columns=["england_value"], errors="ignore").merge(bench, on=keys, how="left")
    out["compared_to_england"] = stats.compare_frame(out, out["england_value"], polarity)
    out.loc[out["area_code"] == ENGLAND, "compared_to_england"] = "England"
    return out


# ---- Outcomes page ---------------------------------------------------------
@dataclass
class OutcomeTrend:
    """Everything the Outcomes page draws for one indicator and partnership."""

    indicator_id: str
    info: dict
    breakdown: tuple | None
    breakdowns: list[tuple]
    series: pd.DataFrame              # partnership, England and region rows, long format with ``line``
    partnership_points: int
    trend: stats.Trend
    spc: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def has_partnership_data(self) -> bool:
        return self.partnership_points > 0


def outcome_trend(ws: Workspace, indicator_id: str, partnership: str | None, breakdown: tuple | None = None,
                  ) -> OutcomeTrend:
    """The partnership's series with England and region lines, comparisons, recent trend and SPC."""
    info = indicator_info(ws, indicator_id)
    polarity = info.get("polarity")
    frame = _values(ws, indicator_id)
    breakdowns = sorted(set(map(tuple, frame[BREAKDOWN].drop_duplicates().itertuples(index=False)))) \
        if not frame.empty else []
    if breakdown is None or tuple(breakdown) not in breakdowns:
        breakdown = main_breakdown(frame, partnership)
    notes: list[str] = []
    if frame.empty or breakdown is None:
        empty = pd.DataFrame(columns=SERIES_COLUMNS + ["line", "compared_to_england", "england_value"])
        return OutcomeTrend(indicator_id, info, None, breakdowns, empty, 0, stats.Trend(stats.CANNOT_CALCULATE),
                            stats.spc_xmr([]), ["No values for this indicator."])
    frame = frame[_breakdown_mask(frame, breakdown)]
    region = _region_of(ws, partnership)
    england = frame[frame["area_code"] == ENGLAND]
    wanted = {partnership: "Partnership", ENGLAND: "England"}
    if region:
        wanted[region] = "Region"
    series = frame[frame["area_code"].isin(wanted)].copy()
    series["line"] = series["area_code"].map(wanted)
    series = add_england_comparison(series, england, polarity).sort_values(["line", "period_end", "period"])
    series = suppress_counts(series, ["count"], [])
    own = series[series["line"] == "Partnership"]
    info["sources"] = sorted(series["source"].dropna().unique().tolist()) or info.get("sources")
    points = int(own["value"].notna().sum())
    if info.get("value_type") in ("proportion", "rate", None):  # Fingertips: rates and proportions only
        trend = stats.recent_trend(own["value"], own["lower_ci95"], own["upper_ci95"], polarity)
    else:
        trend = stats.Trend(stats.CANNOT_CALCULATE, points=points)
    spc = stats.spc_xmr(own["value"].dropna().tolist())
    if not own.empty:
        spc.insert(0, "period", own.loc[own["value"].notna(), "period"].tolist())
    if points == 0:
        notes.append("No values for this partnership: England and region lines are shown where loaded.")
    elif points < 5:
        notes.append(f"Only {points} value{'s' if points > 1 else ''} for this partnership: a recent trend needs 5 "
                     "values with confidence intervals, and an SPC chart needs at least 15 to be reliable.")
    if polarity in (None, "not_compared"):
        notes.append("This indicator's polarity is not set, so values are not compared with England: "
                     "set it on the Data page (Indicators tab).")
    if region is None and partnership:
        notes.append("No region is recorded for this partnership, so there is no region line.")
    elif region and not (series["line"] == "Region").any():
        notes.append("No values for the partnership's region are loaded.")
    if england.empty:
        notes.append("No England values are loaded for this indicator.")
    return OutcomeTrend(indicator_id, info, tuple(breakdown), breakdowns, series.reset_index(drop=True), points,
                        trend, spc, notes)


def _region_of(ws: Workspace, area_code: str | None) -> str | None:
    if not area_code:
        return None
    row = ws.read(sa.select(areas.c.region_code, areas.c.parent_code).where(areas.c.code == area_code))
    if row.empty:
        return None
    for value in (row["region_code"].iloc[0], row["parent_code"].iloc[0]):
        if isinstance(value, str) and value.startswith("E12"):
            return value
    return None


# ---- Compare page ------------------------------------------------------------
def indicator_periods(ws: Workspace, indicator_id: str, area_code: str | None = None) -> list[str]:
    """Periods of an indicator (with a value for ``area_code`` if given), newest first."""
    values = read_values(ws, ["period", "period_end", "area_code", "value"], indicator_id=indicator_id)
    if area_code:
        values = values[(values["area_code"] == area_code) & values["value"].notna()]
    if values.empty:
        return []
    values = values.assign(period_end=pd.to_datetime(values["period_end"], errors="coerce"))
    frame = values.groupby("period", as_index=False).agg(end=("period_end", "max"), areas=("area_code", "nunique"))
    return frame.sort_values(["end", "areas"], ascending=False)["period"].tolist()


def compare_areas(ws: Workspace, indicator_id: str, period: str, partnership: str | None = None, *,
                  region: str | None = None, area_type: str | None = None, peers: list[str] | None = None,
                  breakdown: tuple | None = None) -> pd.DataFrame:
    """All areas (not England or regions) for one indicator and period, compared with England and ranked.

    Columns: area_code, area_name, area_type, region_code, value, lower_ci95, upper_ci95, count,
    england_value, compared_to_england, published_compared_england, rank (1 = highest value),
    is_partnership. Filters: ``region`` (region code), ``area_type`` and ``peers`` (codes; the
    partnership is always kept).
    """
    polarity = indicator_info(ws, indicator_id).get("polarity")
    frame = _values(ws, indicator_id, period)
    if frame.empty:
        return frame.assign(compared_to_england=[], england_value=[], rank=[], is_partnership=[], region_code=[])
    breakdown = breakdown if breakdown is not None else main_breakdown(frame, partnership)
    frame = frame[_breakdown_mask(frame, breakdown)]
    england = frame[frame["area_code"] == ENGLAND]
    frame = frame[(frame["area_code"] != ENGLAND) & ~frame["area_code"].str.startswith("E12")]
    region_codes = ws.read(sa.select(areas.c.code.label("area_code"), areas.c.region_code))
    frame = frame.merge(region_codes, on="area_code", how="left")
    keep = pd.Series(True, index=frame.index)
    if region:
        keep &= frame["region_code"] == region
    if area_type:
        keep &= frame["area_type"] == area_type
    if peers:
        keep &= frame["area_code"].isin(peers)
    if partnership:
        keep |= frame["area_code"] == partnership
    frame = add_england_comparison(frame[keep], england, polarity)
    frame["is_partnership"] = frame["area_code"] == partnership
    frame["rank"] = frame["value"].rank(ascending=False, method="min")
    frame = suppress_counts(frame, ["count"], [])
    return frame.sort_values(["value", "area_name"], ascending=[False, True], na_position="last").reset_index(drop=True)


def area_types(ws: Workspace, indicator_id: str) -> list[str]:
    frame = read_values(ws, ["area_type", "area_code"], indicator_id=indicator_id)
    frame = frame.loc[frame["area_code"] != ENGLAND, ["area_type"]].drop_duplicates()
    return sorted(t for t in frame.iloc[:, 0].tolist() if isinstance(t, str) and t and t.lower() != "region") \
        if not frame.empty else []


def regions(ws: Workspace) -> dict[str, str]:
    """Region codes and names recorded in the workspace."""
    frame = ws.read(sa.select(areas.c.code, areas.c.name).where(areas.c.code.like("E12%")).order_by(areas.c.name))
    return dict(zip(frame["code"], frame["name"]))


def area_profile(ws: Workspace, partnership: str) -> pd.DataFrame:
    """A Fingertips spine chart: the partnership's latest value of every indicator against all areas.

    One row per indicator with values for at least two areas in the latest period the
    partnership has: value, England value, comparison, and the lowest, 25th percentile,
    75th percentile and highest of all areas (not England, not regions), plus ``worst`` /
    ``best`` ends by polarity and the positions scaled to 0-1 around England at 0.5 as
    Fingertips draws them.
    """
    own = read_values(ws, ["indicator_id", "period", "period_end", "value"], area_code=partnership)
    own = own.loc[own["value"].notna(), ["indicator_id", "period", "period_end"]]
    if own.empty:
        return pd.DataFrame()
    own["period_end"] = pd.to_datetime(own["period_end"], errors="coerce")
    latest = own.sort_values("period_end").groupby("indicator_id").tail(1)
    choices = indicator_choices(ws).set_index("indicator_id")
    rows = []
    for r in latest.itertuples():
        frame = _values(ws, r.indicator_id, r.period)
        breakdown = main_breakdown(frame, partnership)
        frame = frame[_breakdown_mask(frame, breakdown)]
        polarity = choices["polarity"].get(r.indicator_id, "not_compared")
        england = frame[frame["area_code"] == ENGLAND]
        others = frame[(frame["area_code"] != ENGLAND) & ~frame["area_code"].str.startswith("E12")]
        mine = others[others["area_code"] == partnership]
        if mine.empty or others["value"].notna().sum() < 2:
            continue
        values = others["value"].dropna()
        compared = add_england_comparison(mine, england, polarity).iloc[0]
        rows.append({
            "indicator_id": r.indicator_id, "indicator": choices["label"].get(r.indicator_id, r.indicator_id),
            "outcome": choices["outcome"].get(r.indicator_id), "unit": choices["unit"].get(r.indicator_id),
            "polarity": polarity, "period": r.period, "value": compared["value"],
            "england_value": compared["england_value"], "compared_to_england": compared["compared_to_england"],
            "areas": int(values.size), "lowest": values.min(), "q25": values.quantile(0.25),
            "q75": values.quantile(0.75), "highest": values.max(),
        })
    profile = pd.DataFrame(rows)
    if profile.empty:
        return profile
    return _spine_positions(profile).sort_values(["outcome", "indicator"]).reset_index(drop=True)


def _spine_positions(profile: pd.DataFrame) -> pd.DataFrame:
    """Scale each row so England sits at 0.5 and the widest side reaches 0 or 1; best on the right."""
    out = profile.copy()
    centre = out["england_value"].fillna((out["lowest"] + out["highest"]) / 2)
    half = np.maximum((out["highest"] - centre).abs(), (centre - out["lowest"]).abs()).replace(0, 1)
    flip = out["polarity"].eq("low_is_good")
    for column in ("value", "lowest", "q25", "q75", "highest"):
        position = 0.5 + (out[column] - centre) / (2 * half)
        out[f"{column}_pos"] = np.where(flip, 1 - position, position)
    out["worst_pos"] = np.minimum(out["lowest_pos"], out["highest_pos"])
    out["best_pos"] = np.maximum(out["lowest_pos"], out["highest_pos"])
    out["left_q_pos"] = np.minimum(out["q25_pos"], out["q75_pos"])
    out["right_q_pos"] = np.maximum(out["q25_pos"], out["q75_pos"])
    out["england_pos"] = 0.5
    return out


# ---- peer groups ---------------------------------------------------------------
def peer_group_names(ws: Workspace, partnership: str) -> list[str]:
    frame = ws.read(sa.select(peer_groups.c.name).distinct().where(peer_groups.c.partnership_code == partnership))
    return sorted(frame.iloc[:, 0].tolist()) if not frame.empty else []


def peer_group(ws: Workspace, partnership: str, name: str) -> list[str]:
    frame = ws.read(sa.select(peer_groups.c.area_code).where(peer_groups.c.partnership_code == partnership,
                                                              peer_groups.c.name == name))
    return sorted(frame["area_code"].tolist()) if not frame.empty else []


def save_peer_group(ws: Workspace, partnership: str, name: str, codes: list[str]) -> None:
    """Save (or overwrite) a named peer group of area codes for a partnership."""
    name = name.strip()
    if not name:
        raise ValueError("A peer group needs a name.")
    with ws.begin() as conn:
        conn.execute(peer_groups.delete().where(peer_groups.c.partnership_code == partnership,
                                                peer_groups.c.name == name))
        rows = [{"partnership_code": partnership, "name": name, "area_code": c} for c in sorted(set(codes))]
        if rows:
            conn.execute(peer_groups.insert(), rows)


def delete_peer_group(ws: Workspace, partnership: str, name: str) -> None:
    with ws.begin() as conn:
        conn.execute(peer_groups.delete().where(peer_groups.c.partnership_code == partnership,
                                                peer_groups.c.name == name))


# ---- the CLI's comparison ------------------------------------------------------
def comparison_table(ws: Workspace, indicator_id: str) -> list[dict]:
    """One record per area, period and breakdown with the app's and the published comparison with England."""
    info = indicator_info(ws, indicator_id)
    frame = _values(ws, indicator_id)
    if frame.empty:
        return []
    england = frame[frame["area_code"] == ENGLAND]
    frame = add_england_comparison(frame, england, info.get("polarity"))
    frame.loc[frame["area_code"] == ENGLAND, "compared_to_england"] = stats.NOT_COMPARED
    frame = frame.sort_values(["period_end", "period", "area_code"])

    def clean(x):
        return None if x is None or (isinstance(x, float) and np.isnan(x)) or x is pd.NA else x

    several = frame[BREAKDOWN].drop_duplicates().shape[0] > 1
    records = []
    for r in frame.itertuples():
        record = {"area_code": r.area_code, "area_name": r.area_name, "period": r.period, "value": clean(r.value),
                  "lower_ci": clean(r.lower_ci95), "upper_ci": clean(r.upper_ci95),
                  "compared_to_england": r.compared_to_england,
                  "published_compared_to_england": clean(r.published_compared_england) or None}
        if several:  # tell the breakdowns apart only when there is more than one
            record.update(sex=r.sex, age=r.age, category=r.category)
        records.append(record)
    return records


# ---- display helpers (pure) ------------------------------------------------------
def format_value(value, unit: str | None) -> str:
    """'41.1%', '12.3 per 100,000', '6,119'; an en dash for missing."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "–"
    value = float(value)
    if unit == "%":
        return f"{value:.1f}%"
    if unit in ("per 100000", "per 1000"):
        return f"{value:,.1f} {unit.replace('100000', '100,000').replace('1000', '1,000')}"
    if unit == "GBP":
        return f"£{value:,.0f}"
    return f"{value:,.0f}" if value == round(value) else f"{value:,.1f}"


def uk_date(value) -> str:
    """31 Mar 2025 (no leading zero); '' when missing."""
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return ""
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp.strftime('%b %Y')}"


def trend_table(trend: OutcomeTrend) -> pd.DataFrame:
    """The data table under the Outcomes chart, one row per line and period."""
    s = trend.series
    if s.empty:
        return pd.DataFrame()
    unit = trend.info.get("unit")
    return pd.DataFrame({
        "Area": s["area_name"].fillna(s["area_code"]), "Line": s["line"], "Period": s["period"],
        "Value": [format_value(v, unit) for v in s["value"]],
        "95% CI": [f"{format_value(lo, unit)} to {format_value(up, unit)}" if pd.notna(lo) and pd.notna(up) else "–"
                   for lo, up in zip(s["lower_ci95"], s["upper_ci95"])],
        "Count": s["count"], "Compared with England": s["compared_to_england"].fillna("Not compared"),
        "Published comparison": s["published_compared_england"].fillna(""),
        "Note": s["note"].fillna(""), "Source": s["source"].fillna(""),
    })


def comparison_table_for_display(frame: pd.DataFrame, unit: str | None) -> pd.DataFrame:
    """The data table under the Compare bars."""
    if frame.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "Rank": frame["rank"].astype("Int64"), "Area": frame["area_name"].fillna(frame["area_code"]),
        "Code": frame["area_code"], "Value": [format_value(v, unit) for v in frame["value"]],
        "95% CI": [f"{format_value(lo, unit)} to {format_value(up, unit)}" if pd.notna(lo) and pd.notna(up) else "–"
                   for lo, up in zip(frame["lower_ci95"], frame["upper_ci95"])],
        "Count": frame["count"], "Compared with England": frame["compared_to_england"].fillna("Not compared"),
        "Published comparison": frame["published_compared_england"].fillna(""),
        "Note": frame["note"].fillna(""),
    })


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_sentence(frame: pd.DataFrame, partnership_name: str, polarity: str | None) -> str:
    """'Wirral ranks 5th highest of 150 areas (lower is better).'"""
    ranked = frame[frame["value"].notna()]
    mine = ranked[ranked["is_partnership"]]
    if mine.empty:
        return f"{partnership_name} has no value for this period."
    if len(ranked) == 1:
        return f"{partnership_name} is the only area with a value for this period."
    rank = int(mine["rank"].iloc[0])
    direction = {"high_is_good": " (higher is better)", "low_is_good": " (lower is better)"}.get(polarity or "", "")
    return f"{partnership_name} has the {ordinal(rank)} highest value of {len(ranked)} areas{direction}."


def partnership_indicator_ids(ws: Workspace, partnership: str | None) -> set[str]:
    """Indicators with at least one value for the partnership."""
    if not partnership:
        return set()
    frame = read_values(ws, ["indicator_id"], area_code=partnership)
    return set(frame["indicator_id"]) if not frame.empty else set()


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


# ---- what the Outcomes and Compare pages pick (pure) --------------------------------------
def indicator_labels(choices: pd.DataFrame) -> dict[str, str]:
    """Picker labels from :func:`indicator_choices`: ``"Treatment › Continuity of care"``, by indicator ID."""
    return {r.indicator_id: f"{r.outcome} › {r.label}" for r in choices.itertuples()}


def default_outcome_indicator(ids: list[str], own: set[str]) -> str:
    """The indicator the Outcomes page opens on: the first the partnership has values for, else the first."""
    return next((i for i in ids if i in own), ids[0])


def comparable_choices(choices: pd.DataFrame) -> pd.DataFrame:
    """The indicators with a value for at least one local area (the ones the Compare page can rank)."""
    return choices[choices["local_areas"] >= 1] if not choices.empty else choices


def default_compare_indicator(comparable: pd.DataFrame, own: set[str]) -> str:
    """The indicator the Compare page opens on: among the partnership's own indicators (if any),
    the one with the most local areas."""
    ranked = comparable.assign(own=comparable["indicator_id"].isin(own)).sort_values(["own", "local_areas"],
                                                                                      ascending=False)
    return ranked["indicator_id"].iloc[0]


def partnership_rows(trend: OutcomeTrend) -> pd.DataFrame:
    """The partnership's own line in an :class:`OutcomeTrend` (not England's or the region's)."""
    return trend.series[trend.series["line"] == "Partnership"]


def latest_value(rows: pd.DataFrame) -> pd.DataFrame:
    """The last row with a value (empty when there is none)."""
    return rows[rows["value"].notna()].tail(1)


def published_trend_note(trend: OutcomeTrend) -> str | None:
    """Fingertips' published recent trend, when it differs from the one worked out here; else None."""
    published = partnership_rows(trend)["recent_trend"].dropna()
    if not published.empty and published.iloc[-1] != trend.trend.label:
        return f"Fingertips published recent trend: {published.iloc[-1]}."
    return None


def special_cause_points(spc: pd.DataFrame) -> int:
    """How many points of an XmR chart show special-cause variation."""
    return int(spc["special_cause"].sum())


def england_value(frame: pd.DataFrame) -> float | None:
    """England's value in a :func:`compare_areas` frame, or None when none is loaded."""
    england = frame["england_value"].dropna()
    return float(england.iloc[0]) if not england.empty else None


def england_sentence(value: float | None, unit: str | None) -> str:
    """``"England: 47.0%."`` or that no England value is loaded."""
    if value is None:
        return "No England value is loaded for this period."
    return f"England: {format_value(value, unit)}."


def comparison_counts_text(frame: pd.DataFrame) -> str:
    """How many areas compare Better, Similar, Worse ... with England: ``"Similar: 3 · Worse: 1"``
    (most common first)."""
    counts = frame["compared_to_england"].fillna("Not compared").value_counts()
    return " · ".join(f"{k}: {v}" for k, v in counts.items())


def peer_group_candidates(areas_frame: pd.DataFrame) -> dict[str, str]:
    """Areas that can be in a peer group (not England, not a region): code -> name."""
    areas_frame = areas_frame[~areas_frame["code"].isin([ENGLAND]) & ~areas_frame["code"].str.startswith("E12")]
    return dict(zip(areas_frame["code"], areas_frame["name"]))


def profile_table(profile: pd.DataFrame) -> pd.DataFrame:
    """The table under the spine chart (:func:`area_profile`), columns named for the reader, to 1 dp."""
    return profile[["indicator", "period", "value", "england_value", "compared_to_england", "areas", "lowest",
                    "q25", "q75", "highest"]].rename(columns={
        "indicator": "Indicator", "period": "Period", "value": "Value", "england_value": "England",
        "compared_to_england": "Compared with England", "areas": "Areas", "lowest": "Lowest",
        "q25": "25th percentile", "q75": "75th percentile", "highest": "Highest"}).round(1)
