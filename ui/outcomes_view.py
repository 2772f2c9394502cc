"""The Outcomes page's sections: the indicator and breakdown pickers, the headline figures, the trend or
SPC chart and its table (drawn from what cdp_data.indicators returns)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cdp_data.present import format_value
from cdp_data.present import benchmarks as bench_words
from cdp_data.present import indicators as text
from cdp_data.services import indicators
from ui import charts_indicators as charts
from ui import common, downloads
from ui.compare_view import choices_for  # noqa: F401 - one cache of the indicator choices for both pages


@st.cache_data(show_spinner=False, max_entries=32)
def _trend(_ws, folder, version, indicator_id, partnership, breakdown, benchmark):
    return indicators.outcome_trend(_ws, indicator_id, partnership, breakdown, benchmark)


@st.cache_data(show_spinner=False, max_entries=8)
def _own_ids(_ws, folder, version, partnership):
    return indicators.partnership_indicator_ids(_ws, partnership)


@st.cache_data(show_spinner=False, max_entries=32)
def _actions(_ws, folder, version, partnership, indicator_id):
    return indicators.linked_actions(_ws, partnership, indicator_id)


def indicator_picker(ws, choices: pd.DataFrame, partnership: str | None, version: tuple | None = None) -> str:
    """The indicator selectbox, opening on the link's indicator or the partnership's first; kept in the URL
    (``version``: the page's :func:`ui.common.data_version`, asked again when not given)."""
    ids = choices["indicator_id"].tolist()
    labels = text.indicator_labels(choices)
    own = _own_ids(ws, str(ws.folder), common.data_version(ws) if version is None else version, partnership)
    default = indicators.default_outcome_indicator(ids, own)
    chosen = common.url_choice("indicator", ids, default, label="indicator")
    indicator_id = st.selectbox("Indicator (grouped by outcome)", ids, index=ids.index(chosen),
                                format_func=labels.get, key="outcomes_indicator")
    common.keep_in_url("indicator", indicator_id)
    return indicator_id


def trend_with_breakdown(ws, version, indicator_id: str, partnership: str | None, benchmark):
    """The indicator's trend against ``benchmark``; a Breakdown selectbox when the data has more than one."""
    trend = _trend(ws, str(ws.folder), version, indicator_id, partnership, None, benchmark)
    if len(trend.breakdowns) > 1:
        names = {b: text.breakdown_label(b) for b in trend.breakdowns}
        by_name = {name: b for b, name in reversed(names.items())}  # in the URL by its words
        linked = by_name[common.url_choice("breakdown", list(by_name), names[trend.breakdown], label="breakdown")]
        breakdown = st.selectbox("Breakdown", trend.breakdowns, index=trend.breakdowns.index(linked),
                                 format_func=names.get, key="outcomes_breakdown")
        common.keep_in_url("breakdown", names[breakdown])
        common.show_url_notices()
        if breakdown != trend.breakdown:
            trend = _trend(ws, str(ws.folder), version, indicator_id, partnership, breakdown, benchmark)
    return trend


def headline_figures(trend, partnership_name: str) -> None:
    """Latest value, comparison with England and the recent trend; notes under them."""
    unit = trend.info.get("unit")
    latest = indicators.latest_value(indicators.partnership_rows(trend))
    c1, c2, c3 = st.columns([1, 1, 1.5])
    if latest.empty:
        c1.metric(f"{partnership_name}: latest", "No value")
    else:
        c1.metric(f"{partnership_name}, {latest['period'].iloc[0]}",
                  format_value(latest["value"].iloc[0], unit))
        c2.metric(f"Compared with {trend.benchmark_phrase}", latest["comparison"].iloc[0] or "Not compared",
                  help=bench_words.method_caption(trend.benchmark_phrase, trend.method))
    c3.metric("Recent trend (last 5 values)", trend.trend.label)
    st.caption(f":material/compare_arrows: {bench_words.method_caption(trend.benchmark_phrase, trend.method)}")
    if note := text.published_trend_note(trend):
        st.caption(note)
    for note in trend.notes:
        st.caption(f":material/info: {note}")


def outcome_chart(trend, partnership_name: str) -> None:
    """The trend chart against England and the region, or the SPC chart when switched on; caption and
    source under it."""
    info, unit = trend.info, trend.info.get("unit")
    spc_on = st.toggle("Show as an SPC chart (Making Data Count)", key="outcomes_spc",
                       value=common.url_choice("chart", ["spc", "trend"], "trend", label="chart") == "spc",
                       disabled=trend.partnership_points < 2,
                       help="XmR chart: mean, process limits and special-cause variation; needs at least 2 values.")
    common.keep_in_url("chart", "spc" if spc_on else None)
    common.show_url_notices()
    if trend.series.empty:
        st.info("No values to draw for this indicator.")
    elif spc_on and trend.partnership_points >= 2:
        common.chart(common.chart_spec(charts.spc_chart, trend.spc, unit), width="stretch")
        special = indicators.special_cause_points(trend.spc)
        st.caption(f"XmR chart of {partnership_name}'s values: process limits at the mean ± 2.66 × the mean moving "
                   f"range; {special} point(s) show special-cause variation (orange diamonds).")
    else:
        common.chart(common.chart_spec(charts.trend_chart, trend.series, unit, partnership_name,
                                       trend.benchmark_phrase), width="stretch")
        has_ci = indicators.partnership_rows(trend)["lower_ci95"].notna().any()
        st.caption(("Shaded band: the partnership's 95% confidence interval. " if has_ci else
                    "No confidence intervals are published for these values. ")
                   + f"Point shapes and colours give the comparison with {trend.benchmark_phrase}: "
                   + bench_words.symbol_key(trend.series["comparison"])
                   + ". Dashed line: England; dotted line: region.")
    st.caption(text.sources_caption(trend.series, info))


def values_table(trend, partnership_name: str) -> None:
    """The values behind the chart: partnership, England and region by period, with the benchmark."""
    table = text.trend_table(trend)
    st.dataframe(table, hide_index=True, width="stretch")
    stem = bench_words.download_stem(partnership_name, trend.indicator_id, "vs", trend.benchmark_name)
    downloads.csv_download(table, "Download these values (CSV)", stem, key="outcomes_values_download")


def linked_actions(ws, partnership: str | None, indicator_id: str) -> None:
    """The delivery-plan actions the partnership has linked to this indicator."""
    if not partnership:
        return
    actions = _actions(ws, str(ws.folder), common.data_version(ws), partnership, indicator_id)
    st.subheader("Delivery plan actions aimed at this indicator")
    if actions.empty:
        st.caption("No action in the latest delivery plan is linked to this indicator: link actions on the "
                   "Delivery plan page (Links to indicators).")
        return
    st.dataframe(
        actions[["action", "lead", "due", "status_word", "progress"]], hide_index=True, width="stretch",
        column_config={"action": st.column_config.TextColumn("Action", width="large"), "lead": "Lead",
                       "due": st.column_config.DateColumn("Due", format="D MMM YYYY"),
                       "status_word": "Status", "progress": "Latest update"},
    )
    st.caption("From the partnership's latest delivery plan version.")
