"""The heatmap (Fingertips' "tartan rug") for the Compare page: every indicator the partnership has, by
areas (the partnership, its benchmark group, England), each cell the latest value compared with the chosen
benchmark, with a word and symbol as well as a colour, and the recent-trend arrow.

Values come through :func:`cdp_data.services.indicators._values` (the disclosure gate: counts under 5 never
leave), each indicator's benchmark rows are matched to the partnership's breakdown (or the nearest), the
comparison is the domain's, and the labels are present's.
"""

from __future__ import annotations

import pandas as pd

from . import benchmarks
from .benchmarks import Benchmark
from .indicators import CI998, _values, indicator_choices
from ..indicators import is_local_area
from ..indicators.breakdowns import aligned, main_breakdown
from ..indicators.heatmap import heatmap_areas, heatmap_cells
from ..indicators.profile import latest_periods
from ..present import benchmarks as words
from ..present import format_value
from ..store import Workspace
from ..store import area_register
from ..store.indicator_values import read_values

HEATMAP_COLUMNS = ["indicator_id", "indicator", "outcome", "unit", "area_code", "area_name", "area_type", "period",
                   "value", "value_text", "lower_ci95", "upper_ci95", "count", "benchmark_name", "benchmark_code",
                   "benchmark_value", "method", "quintile", "benchmark_label", "symbol", "recent_trend", "arrow",
                   "cell_text", "role"]


def _indicator_cells(ws: Workspace, row, period: str, partnership: str, benchmark: Benchmark,
                     codes: list[str]) -> pd.DataFrame:
    frame = _values(ws, row.indicator_id, extra=CI998)
    breakdown = main_breakdown(frame[frame["period"] == period], partnership)
    if breakdown is None:
        return pd.DataFrame()
    frame, _used = aligned(frame, breakdown, frame.loc[~is_local_area(frame["area_code"]), "area_code"])
    polarity = row.polarity if isinstance(row.polarity, str) else None
    value_type = row.value_type if isinstance(row.value_type, str) else None
    compared = benchmarks.compare_frame(ws, frame, polarity, benchmark, partnership, value_type)
    cells = heatmap_cells(compared, period, codes, partnership, value_type, polarity)
    names = dict(zip(compared["area_code"], compared["benchmark_name"]))
    cells["benchmark_name"] = [names.get(c) if r != "benchmark" else None
                               for c, r in zip(cells["area_code"], cells["role"])]
    return cells.assign(indicator_id=row.indicator_id, indicator=row.label, outcome=row.outcome, unit=row.unit)


def heatmap(ws: Workspace, partnership: str | None, benchmark: Benchmark | None = None) -> pd.DataFrame:
    """The heatmap's cells, long: one row per indicator and area (:data:`HEATMAP_COLUMNS`), indicators by
    outcome and label, areas in column order (the partnership, its benchmark group, the region when it is
    the benchmark, England). Empty when the partnership has no values."""
    benchmark = benchmark or benchmarks.ENGLAND_ONLY
    if not partnership:
        return pd.DataFrame(columns=HEATMAP_COLUMNS)
    latest = latest_periods(read_values(ws, ["indicator_id", "period", "period_end", "value"],
                                        area_code=partnership))
    if latest.empty:
        return pd.DataFrame(columns=HEATMAP_COLUMNS)
    region = benchmarks.partnership_region(ws, partnership)
    codes = heatmap_areas(partnership, area_register.all_areas(ws), benchmark.kind, benchmarks.group_of(benchmark),
                          region)
    periods = dict(zip(latest["indicator_id"], latest["period"]))
    choices = indicator_choices(ws)
    pieces = [_indicator_cells(ws, row, periods[row.indicator_id], partnership, benchmark, codes)
              for row in choices[choices["indicator_id"].isin(periods)].itertuples()]
    pieces = [p for p in pieces if not p.empty]
    if not pieces:
        return pd.DataFrame(columns=HEATMAP_COLUMNS)
    cells = pd.concat(pieces, ignore_index=True)
    recorded = area_register.codes_and_names(ws)   # one name per area (a file may spell it otherwise)
    names = cells["area_code"].map(dict(zip(recorded["code"], recorded["name"])))
    cells["area_name"] = names.fillna(cells["area_name"])
    cells["value_text"] = [format_value(v, u) for v, u in zip(cells["value"], cells["unit"])]
    labels = cells["benchmark_label"].where(cells["role"] != "benchmark", None)
    cells["benchmark_label"] = labels
    cells["symbol"] = [words.comparison_symbol(label) if label else "" for label in labels]
    cells["arrow"] = cells["recent_trend"].map(words.trend_arrow)
    cells["cell_text"] = [words.heatmap_cell(v, s, a) for v, s, a in
                          zip(cells["value_text"], cells["symbol"], cells["arrow"])]
    return cells[HEATMAP_COLUMNS]
