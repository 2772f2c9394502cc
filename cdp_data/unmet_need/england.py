"""Unmet need against England, for one area over time and for every area in one period."""

from __future__ import annotations

import pandas as pd

from .. import statistics as stats
from ..core.numbers import number_or_none as _num
from . import notes as N
from .groups import ENGLAND, ORDER, SUBSTANCES
from .table import empty_row


def compare_with_england(value: float | None, lower: float | None, upper: float | None,
                         england_value: float | None, polarity: str = "low_is_good") -> str:
    """Fingertips' comparison with England at 95%, for unmet need (lower is better).

    England's value inside the area's 95% interval [lower, upper] is "Similar";
    outside it the area is "Better" (interval wholly below England) or "Worse"
    (wholly above); with no interval or no England value, "Not compared".
    Delegates to :func:`cdp_data.statistics.compare_with_benchmark` (OHID Fingertips
    technical guidance, "Comparing an indicator value with a benchmark").
    """
    return stats.compare_with_benchmark(value, lower, upper, england_value, polarity)


def with_england(table: pd.DataFrame, england: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add England's value for the same substance and period, and the comparison with it."""
    out = table.copy()
    england = table if england is None else england
    eng = england[england["area_code"] == ENGLAND][
        ["substance", "period", "unmet_need_share", "unmet_need_lower", "unmet_need_upper"]
    ].rename(columns={"unmet_need_share": "england_share", "unmet_need_lower": "england_lower",
                      "unmet_need_upper": "england_upper"}).drop_duplicates(["substance", "period"])
    out = out.merge(eng, on=["substance", "period"], how="left")
    out["compared_with_england"] = [
        "Not compared" if r["area_code"] == ENGLAND else
        compare_with_england(_num(r["unmet_need_share"]), _num(r["unmet_need_lower"]), _num(r["unmet_need_upper"]),
                             _num(r["england_share"]))
        for r in out.to_dict("records")
    ]
    return out


def _in_group_order(table: pd.DataFrame, *by: str) -> pd.DataFrame:
    out = table.assign(_o=table["substance"].map(ORDER)).sort_values(["_o", *by], kind="stable")
    return out.drop(columns="_o").reset_index(drop=True)


def with_missing_groups(table: pd.DataFrame, area_code: str, area_name: str) -> pd.DataFrame:
    """One area's rows with every group that has no data listed once ("no estimate" for groups
    that have none, "no data" for the others), in the groups' order."""
    missing = [g for g in SUBSTANCES if g.key not in set(table["substance"]) and not g.optional]
    extra = [empty_row(area_code, area_name, g, None, None, method="no data" if g.has_estimate else "no estimate",
                       note_codes=(N.NO_DATA_LOADED if g.has_estimate else N.NO_ESTIMATE_EXISTS,))
             for g in missing]
    if extra:
        extra_frame = pd.DataFrame(extra).assign(compared_with_england="Not compared")
        table = pd.concat([table, extra_frame], ignore_index=True) if not table.empty else extra_frame
    return _in_group_order(table, "period_end")


def latest_per_group(table: pd.DataFrame) -> pd.DataFrame:
    """The latest period with a figure for each group (else its latest row), in the groups' order."""
    if table.empty:
        return table
    with_figure = table[table["unmet_need_share"].notna()]
    latest_figures = with_figure.sort_values("period_end").groupby("substance").tail(1)
    rest = table[~table["substance"].isin(latest_figures["substance"])]
    rest = rest.sort_values("period_end").groupby("substance", dropna=False).tail(1)
    return _in_group_order(pd.concat([latest_figures, rest]))


def rows_with_figure(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows that have an unmet-need figure."""
    return rows[rows["unmet_need_share"].notna()]


def substance_periods_ranked(table: pd.DataFrame) -> list[str]:
    """Periods of some figures, those covering the most areas first, then the newest."""
    counts = table.groupby("period").agg(areas=("area_code", "nunique"), end=("period_end", "max")).reset_index()
    return counts.sort_values(["areas", "end"], ascending=False)["period"].tolist()


def across_areas(table: pd.DataFrame, substance: str, period: str | None, partnerships: set[str]) -> pd.DataFrame:
    """One group's figure in every area for one period (default: the period covering most areas),
    lowest first, with whether the area is a partnership."""
    table = table[(table["substance"] == substance) & table["unmet_need_share"].notna()]
    if table.empty:
        return table.assign(is_partnership=pd.Series(dtype=bool))
    if period is None:
        period = substance_periods_ranked(table)[0]
    table = table[table["period"] == period]
    table = table.assign(is_partnership=table["area_code"].isin(partnerships))
    return table.sort_values("unmet_need_share").reset_index(drop=True)


def has_synthetic(rows: pd.DataFrame) -> bool:
    """Whether any row is synthetic demo data (so the page labels it)."""
    return bool(rows["is_synthetic"].fillna(False).astype(bool).any())


def one_period_each(trend: pd.DataFrame) -> bool:
    """Whether every substance group has fewer than two periods (no trend yet)."""
    return bool((trend.groupby("substance")["period"].nunique() < 2).all())


def has_england_figure(rows: pd.DataFrame) -> bool:
    """Whether England's unmet need is known for some row (so "England's value" can be the target)."""
    return "england_share" in rows and bool(rows["england_share"].notna().any())
