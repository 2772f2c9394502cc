"""A partnership's series for the Outcomes page: its line beside England's and its region's, the recent
trend and the SPC chart, and what the page should say about gaps (as codes; the words are in present)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import statistics as stats
from . import ENGLAND, SERIES_COLUMNS
from .breakdowns import breakdown_mask
from .comparison import add_england_comparison

EMPTY_SERIES_COLUMNS = SERIES_COLUMNS + ["line", "compared_to_england", "england_value", "comparison"]


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
    benchmark_name: str = "England"      # as a name ("North West") ...
    benchmark_phrase: str = "England"    # ... and inside a sentence ("the North West")
    method: str | None = None        # 95% CI, 99.8% CI or quintiles (cdp_data.indicators.benchmarks)
    breakdown_used: dict = field(default_factory=dict)   # benchmark code -> the other breakdown its values are in

    @property
    def has_partnership_data(self) -> bool:
        return self.partnership_points > 0


def series_lines(frame: pd.DataFrame, breakdown, partnership: str | None, region: str | None,
                 polarity: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The partnership's, England's and the region's rows of one breakdown, each marked with its ``line``
    and compared with England; and England's rows."""
    frame = frame[breakdown_mask(frame, breakdown)]
    england = frame[frame["area_code"] == ENGLAND]
    wanted = {partnership: "Partnership", ENGLAND: "England"}
    if region:
        wanted[region] = "Region"
    series = frame[frame["area_code"].isin(wanted)].copy()
    series["line"] = series["area_code"].map(wanted)
    series = add_england_comparison(series, england, polarity).sort_values(["line", "period_end", "period"])
    return series, england


def partnership_rows(trend: OutcomeTrend | pd.DataFrame) -> pd.DataFrame:
    """The partnership's own line (not England's or the region's) of a trend or a series."""
    series = trend.series if isinstance(trend, OutcomeTrend) else trend
    return series[series["line"] == "Partnership"]


def trend_and_spc(own: pd.DataFrame, value_type: str | None, polarity: str | None
                  ) -> tuple[stats.Trend, pd.DataFrame, int]:
    """Fingertips' recent trend (rates and proportions only), the XmR chart and the number of values."""
    points = int(own["value"].notna().sum())
    if value_type in ("proportion", "rate", None):
        trend = stats.recent_trend(own["value"], own["lower_ci95"], own["upper_ci95"], polarity)
    else:
        trend = stats.Trend(stats.CANNOT_CALCULATE, points=points)
    spc = stats.spc_xmr(own["value"].dropna().tolist())
    if not own.empty:
        spc.insert(0, "period", own.loc[own["value"].notna(), "period"].tolist())
    return trend, spc, points


def empty_trend(indicator_id: str, info: dict, breakdowns: list[tuple]) -> OutcomeTrend:
    return OutcomeTrend(indicator_id, info, None, breakdowns, pd.DataFrame(columns=EMPTY_SERIES_COLUMNS), 0,
                        stats.Trend(stats.CANNOT_CALCULATE), stats.spc_xmr([]))


def gap_codes(points: int, polarity: str | None, partnership: str | None, region: str | None,
              series: pd.DataFrame, england: pd.DataFrame) -> list[tuple[str, int]]:
    """What is missing, as (code, number) pairs, in the order the page lists them."""
    codes: list[tuple[str, int]] = []
    if points == 0:
        codes.append(("no_partnership_values", 0))
    elif points < 5:
        codes.append(("few_partnership_values", points))
    if polarity in (None, "not_compared"):
        codes.append(("polarity_not_set", 0))
    if region is None and partnership:
        codes.append(("no_region", 0))
    elif region and not (series["line"] == "Region").any():
        codes.append(("no_region_values", 0))
    if england.empty:
        codes.append(("no_england_values", 0))
    return codes


def latest_value(rows: pd.DataFrame) -> pd.DataFrame:
    """The last row with a value (empty when there is none)."""
    return rows[rows["value"].notna()].tail(1)


def special_cause_points(spc: pd.DataFrame) -> int:
    """How many points of an XmR chart show special-cause variation."""
    return int(spc["special_cause"].sum())
