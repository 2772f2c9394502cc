"""Outcomes: one indicator over time for the partnership, against England and its region."""

import streamlit as st

from cdp_data import indicators
from ui import charts_indicators as charts
from ui import common

ws = common.workspace()
partnership = st.session_state.get("partnership")
partnership_name = st.session_state.get("partnership_name") or partnership or "the partnership"
common.page_title("How is each outcome changing?",
                  "Each indicator for the partnership over time, with England and the region, compared the way "
                  "OHID's Fingertips does.")


@st.cache_data(show_spinner=False, max_entries=8)
def _choices(_ws, folder, version):
    return indicators.indicator_choices(_ws)


@st.cache_data(show_spinner=False, max_entries=32)
def _trend(_ws, folder, version, indicator_id, partnership, breakdown):
    return indicators.outcome_trend(_ws, indicator_id, partnership, breakdown)


version = common.data_version(ws)
choices = _choices(ws, str(ws.folder), version)
if choices.empty:
    st.info("No indicator values in the workspace yet: load a Fingertips export, an NDTMS table or the local "
            "figures template on the Data page.")
    st.page_link("pages/data.py", label="Go to the Data page", icon=":material/upload:")
    st.stop()

ids = choices["indicator_id"].tolist()
labels = {r.indicator_id: f"{r.outcome} › {r.label}" for r in choices.itertuples()}
own = indicators.partnership_indicator_ids(ws, partnership)
default = next((i for i in ids if i in own), ids[0])
chosen = common.url_choice("indicator", ids, default, label="indicator")
indicator_id = st.selectbox("Indicator (grouped by outcome)", ids, index=ids.index(chosen),
                            format_func=labels.get, key="outcomes_indicator")
common.keep_in_url("indicator", indicator_id)

trend = _trend(ws, str(ws.folder), version, indicator_id, partnership, None)
if len(trend.breakdowns) > 1:
    names = {b: indicators.breakdown_label(b) for b in trend.breakdowns}
    breakdown = st.selectbox("Breakdown", trend.breakdowns, index=trend.breakdowns.index(trend.breakdown),
                             format_func=names.get, key="outcomes_breakdown")
    if breakdown != trend.breakdown:
        trend = _trend(ws, str(ws.folder), version, indicator_id, partnership, breakdown)

info, unit = trend.info, trend.info.get("unit")
own_rows = trend.series[trend.series["line"] == "Partnership"]
latest = own_rows[own_rows["value"].notna()].tail(1)
c1, c2, c3 = st.columns([1, 1, 1.5])
if latest.empty:
    c1.metric(f"{partnership_name}: latest", "No value")
else:
    c1.metric(f"{partnership_name}, {latest['period'].iloc[0]}", indicators.format_value(latest["value"].iloc[0], unit))
    c2.metric("Compared with England (95%)", latest["compared_to_england"].iloc[0] or "Not compared")
c3.metric("Recent trend (last 5 values)", trend.trend.label)
published_trend = own_rows["recent_trend"].dropna()
if not published_trend.empty and published_trend.iloc[-1] != trend.trend.label:
    st.caption(f"Fingertips published recent trend: {published_trend.iloc[-1]}.")
for note in trend.notes:
    st.caption(f":material/info: {note}")

spc_on = st.toggle("Show as an SPC chart (Making Data Count)", key="outcomes_spc",
                   disabled=trend.partnership_points < 2,
                   help="XmR chart: mean, process limits and special-cause variation; needs at least 2 values.")
if trend.series.empty:
    st.info("No values to draw for this indicator.")
elif spc_on and trend.partnership_points >= 2:
    st.altair_chart(charts.spc_chart(trend.spc, unit), width="stretch")
    special = int(trend.spc["special_cause"].sum())
    st.caption(f"XmR chart of {partnership_name}'s values: process limits at the mean ± 2.66 × the mean moving "
               f"range; {special} point(s) show special-cause variation (orange diamonds).")
else:
    st.altair_chart(charts.trend_chart(trend.series, unit, partnership_name), width="stretch")
    has_ci = own_rows["lower_ci95"].notna().any()
    st.caption(("Shaded band: the partnership's 95% confidence interval. " if has_ci else
                "No confidence intervals are published for these values, so they are not compared with England. ")
               + "Point shapes and colours give the comparison with England: ▲ better, ● similar, ▼ worse, "
                 "◆ higher, ■ lower, ✚ not compared. Dashed line: England; dotted line: region.")
st.caption(indicators.source_caption(info))
st.dataframe(indicators.trend_table(trend), hide_index=True, width="stretch",
             column_config={"Count": st.column_config.NumberColumn("Count", format="localized")})
