"""Outcome indicators for the pages and the CLI: trends, comparisons, area profiles, peer groups.

The one door for ``pages/outcomes.py`` and ``pages/compare.py``. Reads through the store's repositories,
computes with :mod:`cdp_data.indicators` (every comparison uses the catalogue's current polarity, which a
user may change on the Data page, and the Fingertips method in :mod:`cdp_data.statistics`) and writes the
notes with :mod:`cdp_data.present.indicators`. Every value read passes the gate first
(:mod:`cdp_data.services.disclosure`), so counts under 5 never leave this module.
"""

from __future__ import annotations

import pandas as pd

from . import benchmarks, disclosure, plan
from .benchmarks import Benchmark
from ..indicators import ENGLAND, SERIES_COLUMNS, is_local_area
from ..indicators.benchmarks import BENCHMARK_COLUMNS, benchmark_comparison, latest_elsewhere
from ..indicators.breakdowns import aligned, breakdowns_of, main_breakdown
from ..indicators.choices import (comparable_choices, default_compare_indicator,  # noqa: F401 - the pages' pickers
                                  default_outcome_indicator, indicator_choices as choices_from,
                                  peer_group_candidates)
from ..indicators.comparison import (compared_areas, comparison_records, england_value,  # noqa: F401
                                     local_area_types, periods_newest_first, region_of)
from ..indicators.profile import is_count, latest_periods, profile_row, spine_positions
from ..indicators.trend import (OutcomeTrend, empty_trend, gap_codes, latest_value,  # noqa: F401
                                partnership_rows, series_lines, special_cause_points, trend_and_spc)
from ..present import indicators as text
from ..present import benchmarks as bench_words
from ..present.benchmarks import benchmark_name
from ..store import Workspace
from ..store import area_register, indicator_catalogue, load_history, peer_group_members
from .access import require_readable, writes
from ..store.indicator_values import distinct_by_indicator, read_values
from .ownership import readable

CI998 = ("lower_ci998", "upper_ci998")
_CATALOGUE = object()  # _values' default: read the indicator's value type from the catalogue


# ---- what there is to show ----------------------------------------------
def indicator_choices(ws: Workspace) -> pd.DataFrame:
    """Indicators with at least one value: id, label, outcome, unit, polarity, areas, local_areas, periods.

    ``local_areas`` counts areas other than England and the regions. Ordered by outcome then label so a
    picker can group them.
    """
    held = distinct_by_indicator(ws, ["indicator_name", "area_code", "period"], readable(ws))
    return choices_from(held, indicator_catalogue.read_labels(ws) if held else pd.DataFrame())


def indicator_info(ws: Workspace, indicator_id: str) -> dict:
    """Catalogue entry (name, unit, polarity, source ...) plus when its values were last loaded."""
    info = indicator_catalogue.read_entry(ws, indicator_id) or {"indicator_id": indicator_id, "name": indicator_id,
                                                                 "polarity": "not_compared"}
    loads = load_history.loads_of_indicator(ws, indicator_id, readable(ws))
    info["loaded_at"] = loads["loaded_at"].iloc[0] if not loads.empty else None
    info["loaded_from"] = loads["source_file"].iloc[0] if not loads.empty else None
    info["sources"] = load_history.sources_of_indicator(ws, indicator_id, readable(ws))
    info["polarity"] = info.get("polarity") or "not_compared"
    return info


def _polarity_and_type(ws: Workspace, indicator_id: str) -> tuple[str, str | None]:
    """The two fields of :func:`indicator_info` a comparison needs (its polarity, "not_compared" when unset, and its
    value type), from the catalogue entry alone: without the two reads of the load history."""
    entry = indicator_catalogue.read_entry(ws, indicator_id) or {}
    return entry.get("polarity") or "not_compared", entry.get("value_type")


def _values(ws: Workspace, indicator_id: str, period: str | None = None, extra: tuple[str, ...] = (),
            value_type=_CATALOGUE) -> pd.DataFrame:
    """An indicator's values as they may be used for anything shown: through the gate first
    (:func:`cdp_data.services.disclosure.count_indicator`: counts under 5 blanked, and for a count indicator its
    value and intervals too), so no comparison, rank, spine or trend is built on a small count. ``value_type``:
    the catalogue's, when the caller has read it already (else it is read here)."""
    frame = read_values(ws, SERIES_COLUMNS + ["area_type", "parent_code", *extra], indicator_id=indicator_id,
                        period=period, owners=readable(ws))
    for column in ("value", "lower_ci95", "upper_ci95", "count", "denominator", *extra):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    if value_type is _CATALOGUE:
        value_type = (indicator_catalogue.read_entry(ws, indicator_id) or {}).get("value_type")
    frame = disclosure.count_indicator(frame, value_type)
    for column in ("value", "lower_ci95", "upper_ci95", "count", *extra):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame["period_end"] = pd.to_datetime(frame["period_end"], errors="coerce")
    frame["period_start"] = pd.to_datetime(frame["period_start"], errors="coerce")
    return frame


def partnership_indicator_ids(ws: Workspace, partnership: str | None) -> set[str]:
    """Indicators with at least one value for the partnership."""
    if not partnership:
        return set()
    frame = read_values(ws, ["indicator_id"], area_code=partnership, owners=readable(ws))
    return set(frame["indicator_id"]) if not frame.empty else set()


# ---- Outcomes page ---------------------------------------------------------
def _region_of(ws: Workspace, area_code: str | None) -> str | None:
    if not area_code:
        return None
    codes = area_register.region_and_parent(ws, area_code)
    return region_of(*codes) if codes else None


def outcome_trend(ws: Workspace, indicator_id: str, partnership: str | None, breakdown: tuple | None = None,
                  benchmark: Benchmark | None = None) -> OutcomeTrend:
    """The partnership's series with England and region lines (their values matched to the partnership's
    breakdown, or the nearest one, said in a note), the comparison with ``benchmark`` (England by default),
    recent trend and SPC."""
    info = indicator_info(ws, indicator_id)
    polarity = info.get("polarity")
    benchmark = benchmark or benchmarks.ENGLAND_ONLY
    frame = _values(ws, indicator_id, extra=CI998, value_type=info.get("value_type"))
    breakdowns = breakdowns_of(frame)
    if breakdown is None or tuple(breakdown) not in breakdowns:
        breakdown = main_breakdown(frame, partnership)
    if frame.empty or breakdown is None:
        trend = empty_trend(indicator_id, info, breakdowns)
        trend.notes = [text.NO_VALUES]
        return trend
    region = _region_of(ws, partnership)
    same_sex = frame[frame["sex"].fillna("") == (breakdown[0] or "")] if "sex" in frame else frame
    frame, used = aligned(frame, breakdown, [ENGLAND, region, *frame.loc[~is_local_area(frame["area_code"]),
                                                                         "area_code"]])
    series, england = series_lines(frame, breakdown, partnership, region, polarity)
    series, method = benchmarks.compare_series(ws, frame, series, partnership, polarity, benchmark,
                                               info.get("value_type"))
    own = partnership_rows(series)
    trend, spc, points = trend_and_spc(own, info.get("value_type"), polarity)
    notes = text.gap_notes(gap_codes(points, polarity, partnership, region, series, england))
    names = dict(zip(series["area_code"], series["area_name"].fillna(series["area_code"])))
    notes += [bench_words.breakdown_used_sentence(names.get(code, code), text.breakdown_label(near),
                                                  text.breakdown_label(breakdown))
              for code, near in used.items() if code in names]
    notes += _elsewhere_notes(frame if benchmark.kind != "group" else same_sex, own, benchmark, region,
                              info.get("unit"))
    return OutcomeTrend(indicator_id, info, tuple(breakdown), breakdowns, series.reset_index(drop=True), points,
                        trend, spc, notes, benchmark.name, benchmark.label, method, used)


def _elsewhere_notes(frame: pd.DataFrame, own: pd.DataFrame, benchmark: Benchmark, region: str | None,
                     unit) -> list[str]:
    """What the benchmark holds when it has no value for the partnership's latest period (periods often differ
    between a partnership's own figures and the national files). ``frame``: England and the region aligned to the
    partnership's breakdown; for a peer group, its areas' values of the partnership's sex at any age."""
    latest = own[own["value"].notna()].sort_values("period_end", na_position="first") if not own.empty else own
    if latest.empty:
        return []
    period = latest["period"].iloc[-1]
    codes = {"england": [ENGLAND], "region": [region] if region else []}.get(benchmark.kind, list(benchmark.codes))
    found = latest_elsewhere(frame, period, codes)
    sentence = bench_words.elsewhere_sentence(benchmark.kind, benchmark.label, period, found, unit, len(codes))
    return [sentence] if sentence else []


# ---- Compare page ------------------------------------------------------------
def indicator_periods(ws: Workspace, indicator_id: str, area_code: str | None = None) -> list[str]:
    """Periods of an indicator (with a value for ``area_code`` if given), newest first."""
    values = read_values(ws, ["period", "period_end", "area_code", "value"], indicator_id=indicator_id,
                         area_code=area_code or None, owners=readable(ws))  # the area's rows only, when given
    return periods_newest_first(values, area_code)


def compare_areas(ws: Workspace, indicator_id: str, period: str, partnership: str | None = None, *,
                  region: str | None = None, area_type: str | None = None, peers: list[str] | None = None,
                  breakdown: tuple | None = None, benchmark: Benchmark | None = None) -> pd.DataFrame:
    """All areas (not England or regions) for one indicator and period, compared with England and with
    ``benchmark`` (England by default), and ranked.

    Columns: area_code, area_name, area_type, region_code, value, lower_ci95, upper_ci95, count,
    england_value, compared_to_england, published_compared_england, rank (1 = highest value),
    is_partnership, and the benchmark's: benchmark_code, benchmark_name, benchmark_value, method, quintile,
    benchmark_label. Filters: ``region`` (region code), ``area_type`` and ``peers`` (codes; the
    partnership is always kept; a peer-group benchmark shows its areas unless ``peers`` says otherwise).
    ``frame.attrs["notes"]``: a sentence for each benchmark whose values are of another breakdown.
    """
    polarity, value_type = _polarity_and_type(ws, indicator_id)
    benchmark = benchmark or benchmarks.ENGLAND_ONLY
    frame = _values(ws, indicator_id, period, extra=CI998, value_type=value_type)
    if frame.empty:
        return compared_areas(frame, pd.DataFrame(), polarity)
    breakdown = tuple(breakdown) if breakdown is not None else main_breakdown(frame, partnership)
    frame, used = aligned(frame, breakdown, frame.loc[~is_local_area(frame["area_code"]), "area_code"])
    region_codes = area_register.region_codes(ws)
    compared = benchmarks.compare_frame(ws, frame, polarity, benchmark, partnership, value_type, region_codes)
    peers = peers or (list(benchmark.codes) if benchmark.codes else None)
    frame = compared_areas(frame, region_codes, polarity, partnership, region=region,
                           area_type=area_type, peers=peers, breakdown=breakdown)
    extra = compared[["area_code", *BENCHMARK_COLUMNS, "benchmark_name"]].drop_duplicates("area_code")
    frame = frame.merge(extra, on="area_code", how="left")
    frame["benchmark_label"] = frame["benchmark_label"].fillna("Not compared")
    frame = frame.sort_values(["value", "area_name"], ascending=[False, True], na_position="last")
    frame = frame.reset_index(drop=True)
    names = dict(zip(compared["area_code"], compared["area_name"].fillna(compared["area_code"])))
    frame.attrs["notes"] = [bench_words.breakdown_used_sentence(names.get(code, code), text.breakdown_label(near),
                                                                text.breakdown_label(breakdown))
                            for code, near in used.items()]
    return frame


def area_types(ws: Workspace, indicator_id: str) -> list[str]:
    """The local area types an indicator has values for."""
    return local_area_types(read_values(ws, ["area_type", "area_code"], indicator_id=indicator_id,
                                        owners=readable(ws)))


def regions(ws: Workspace) -> dict[str, str]:
    """Region codes and names recorded in the workspace."""
    frame = area_register.regions(ws)
    return dict(zip(frame["code"], frame["name"]))


def peer_group_areas(ws: Workspace) -> dict[str, str]:
    """Areas that can be in a peer group (not England, not a region): code -> name."""
    return peer_group_candidates(area_register.all_areas(ws))


def area_profile(ws: Workspace, partnership: str, choices: pd.DataFrame | None = None) -> pd.DataFrame:
    """A Fingertips spine chart: the partnership's latest value of every indicator against all areas.

    One row per indicator with values for at least two areas in the latest period the
    partnership has: value, England value, comparison, and the lowest, 25th percentile,
    75th percentile and highest of all areas (not England, not regions), plus ``worst`` /
    ``best`` ends by polarity and the positions scaled to 0-1 around England at 0.5 as
    Fingertips draws them. ``drawn`` is False for counts (listed beside the chart, never drawn: a count
    measures the size of an area, not how it fares). ``choices``: :func:`indicator_choices`, when the caller
    has them already.
    """
    latest = latest_periods(read_values(ws, ["indicator_id", "period", "period_end", "value"], area_code=partnership,
                                        owners=readable(ws)))
    if latest.empty:
        return pd.DataFrame()
    choices = (indicator_choices(ws) if choices is None else choices).set_index("indicator_id")
    rows = []
    for r in latest.itertuples():
        polarity = choices["polarity"].get(r.indicator_id, "not_compared")
        value_type = choices["value_type"].get(r.indicator_id)
        row = profile_row(_values(ws, r.indicator_id, r.period, value_type=value_type), partnership, polarity)
        if row is None:
            continue
        label, unit = choices["label"].get(r.indicator_id, r.indicator_id), choices["unit"].get(r.indicator_id)
        rows.append({"indicator_id": r.indicator_id, "indicator": label,
                     "outcome": choices["outcome"].get(r.indicator_id), "unit": unit, "value_type": value_type, "polarity": polarity, "period": r.period,
                     "drawn": not is_count(value_type, unit, label), **row})
    profile = pd.DataFrame(rows)
    if profile.empty:
        return profile
    return spine_positions(profile).sort_values(["outcome", "indicator"]).reset_index(drop=True)


# ---- peer groups ---------------------------------------------------------------
def peer_group_names(ws: Workspace, partnership: str) -> list[str]:
    require_readable(ws, partnership)
    return peer_group_members.group_names(ws, partnership)


def peer_group(ws: Workspace, partnership: str, name: str) -> list[str]:
    require_readable(ws, partnership)
    return peer_group_members.members(ws, partnership, name)


@writes("peer group saved", partnership="partnership")
def save_peer_group(ws: Workspace, partnership: str, name: str, codes: list[str]) -> None:
    """Save (or overwrite) a named peer group of area codes for a partnership."""
    name = name.strip()
    if not name:
        raise ValueError("A peer group needs a name.")
    peer_group_members.replace_group(ws, partnership, name, codes)


@writes("peer group deleted", partnership="partnership")
def delete_peer_group(ws: Workspace, partnership: str, name: str) -> None:
    peer_group_members.delete_group(ws, partnership, name)


# ---- the delivery plan's actions for an indicator --------------------------------
def linked_actions(ws: Workspace, partnership: str, indicator_id: str) -> pd.DataFrame:
    """Actions in the partnership's latest delivery plan linked to ``indicator_id`` (see
    :func:`cdp_data.services.plan.actions_for_indicator`)."""
    return plan.actions_for_indicator(ws, partnership, indicator_id)


# ---- the CLI's comparison ------------------------------------------------------
def comparison_table(ws: Workspace, indicator_id: str, benchmark: str = "england",
                     group: list[str] | None = None) -> list[dict]:
    """One record per area, period and breakdown with the app's and the published comparison with England,
    and the comparison with the chosen ``benchmark`` ("england", "region" or "group" with the ``group``'s
    area codes): its code and name, its value, the method (95% CI, 99.8% CI or quintiles) and the label."""
    polarity = _polarity_and_type(ws, indicator_id)[0]
    return comparison_records(compared_with_benchmark(ws, indicator_id, None, benchmark, group), polarity)


def compared_with_benchmark(ws: Workspace, indicator_id: str, period: str | None = None, benchmark: str = "england",
                            group: list[str] | None = None) -> pd.DataFrame:
    """Every value of an indicator (of one ``period`` if given), through the gate, with
    :func:`cdp_data.indicators.benchmarks.benchmark_comparison`'s columns (``benchmark_code``,
    ``benchmark_value``, ``method``, ``quintile``, ``benchmark_label``) and the ``benchmark_name``."""
    polarity, value_type = _polarity_and_type(ws, indicator_id)
    frame = _values(ws, indicator_id, period, extra=("lower_ci998", "upper_ci998"), value_type=value_type)
    frame = benchmark_comparison(frame, polarity, benchmark, area_register.region_codes(ws), group, value_type)
    names = dict(area_register.regions(ws).values)
    names.update(zip(frame["area_code"], frame["area_name"]))
    frame["benchmark_name"] = [benchmark_name(benchmark, code, names, group) for code in frame["benchmark_code"]]
    return frame


__all__ = ["ENGLAND", "OutcomeTrend", "area_profile", "area_types", "comparable_choices", "compare_areas",
           "compared_with_benchmark", "comparison_table", "default_compare_indicator", "default_outcome_indicator", "delete_peer_group",
           "england_value", "indicator_choices", "indicator_info", "indicator_periods", "latest_value", "linked_actions",
           "outcome_trend", "partnership_indicator_ids", "partnership_rows", "peer_group", "peer_group_areas",
           "peer_group_candidates", "peer_group_names", "regions", "save_peer_group", "special_cause_points"]
