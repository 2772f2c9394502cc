"""Compare partnerships: all areas on one indicator, and the partnership's area profile."""

import streamlit as st

from cdp_data import indicators
from ui import charts_indicators as charts
from ui import common

ws = common.workspace()
partnership = st.session_state.get("partnership")
partnership_name = st.session_state.get("partnership_name") or partnership or "the partnership"
common.page_title("How do we compare?",
                  "Every area on one indicator, compared with England the way OHID's Fingertips does; then the "
                  "partnership across all its indicators.")


@st.cache_data(show_spinner=False, max_entries=8)
def _choices(_ws, folder, version):
    return indicators.indicator_choices(_ws)


@st.cache_data(show_spinner=False, max_entries=32)
def _compare(_ws, folder, version, indicator_id, period, partnership, region, area_type, peers):
    return indicators.compare_areas(_ws, indicator_id, period, partnership, region=region, area_type=area_type,
                                    peers=list(peers) if peers else None)


@st.cache_data(show_spinner=False, max_entries=8)
def _profile(_ws, folder, version, partnership):
    return indicators.area_profile(_ws, partnership)


version = common.data_version(ws)
choices = _choices(ws, str(ws.folder), version)
comparable = choices[choices["local_areas"] >= 1] if not choices.empty else choices
if comparable.empty:
    st.info("Comparing needs indicator values for local areas: load a Fingertips export "
            "(for example all upper-tier local authorities) on the Data page, or fetch one from the Fingertips API.")
    st.page_link("pages/data.py", label="Go to the Data page", icon=":material/upload:")
    st.stop()

ids = comparable["indicator_id"].tolist()
labels = {r.indicator_id: f"{r.outcome} › {r.label}" for r in comparable.itertuples()}
own = indicators.partnership_indicator_ids(ws, partnership)
ranked = comparable.assign(own=comparable["indicator_id"].isin(own)).sort_values(["own", "local_areas"],
                                                                                  ascending=False)
chosen = common.url_choice("indicator", ids, ranked["indicator_id"].iloc[0], label="indicator")
left, right = st.columns([3, 1])
indicator_id = left.selectbox("Indicator (grouped by outcome)", ids, index=ids.index(chosen),
                              format_func=labels.get, key="compare_indicator")
common.keep_in_url("indicator", indicator_id)
periods = indicators.indicator_periods(ws, indicator_id)
own_periods = indicators.indicator_periods(ws, indicator_id, partnership) if partnership else []
period_default = common.url_choice("period", periods, (own_periods or periods)[0], label="period")
period = right.selectbox("Period", periods, index=periods.index(period_default), key="compare_period")
common.keep_in_url("period", period)

regions = indicators.regions(ws)
types = indicators.area_types(ws, indicator_id)
groups = indicators.peer_group_names(ws, partnership) if partnership else []
if "compare_peer_pending" in st.session_state:  # a group just saved or deleted below: select it (or none)
    st.session_state["compare_peer_group"] = st.session_state.pop("compare_peer_pending")
for message in st.session_state.pop("compare_flash", []):
    st.success(message, icon=":material/check_circle:")
f1, f2, f3 = st.columns(3)
region = f1.selectbox("Region", [None, *regions], format_func=lambda c: "All regions" if c is None else regions[c],
                      key="compare_region")
area_type = f2.selectbox("Area type", [None, *types], format_func=lambda t: "All area types" if t is None else t,
                         key="compare_area_type")
group = f3.selectbox("Peer group", [None, *groups], format_func=lambda g: "No peer group" if g is None else g,
                     key="compare_peer_group")
peers = tuple(indicators.peer_group(ws, partnership, group)) if group else ()

frame = _compare(ws, str(ws.folder), version, indicator_id, period, partnership, region, area_type, peers)
info = indicators.indicator_info(ws, indicator_id)
if not frame.empty:
    info["sources"] = sorted(frame["source"].dropna().unique().tolist()) or info["sources"]
unit = info.get("unit")
if not frame.empty and frame["value"].notna().sum() < 2:
    st.info("Only one local area has a value for this indicator and period, so there is nothing to rank it "
            "against yet: load a Fingertips export covering all areas on the Data page to compare.",
            icon=":material/info:")
if frame.empty:
    st.info("No areas match these filters for this period.")
else:
    england = frame["england_value"].dropna()
    england_value = float(england.iloc[0]) if not england.empty else None
    st.markdown(f"**{indicators.rank_sentence(frame, partnership_name, info.get('polarity'))}** "
                + (f"England: {indicators.format_value(england_value, unit)}." if england_value is not None
                   else "No England value is loaded for this period."))
    counts = frame["compared_to_england"].fillna("Not compared").value_counts()
    st.caption(" · ".join(f"{k}: {v}" for k, v in counts.items()))
    if info.get("polarity") in (None, "not_compared"):
        st.caption(":material/info: This indicator's polarity is not set, so no area is compared with England: "
                   "set it on the Data page (Indicators tab).")
    st.altair_chart(charts.compare_bars(frame, england_value, unit), width="stretch")
    st.caption(f"Bars coloured by comparison with England (95% confidence); black lines are 95% confidence "
               f"intervals; the dashed line is England; {partnership_name} is outlined and marked ◀ you. "
               + indicators.source_caption(info))
    st.dataframe(indicators.comparison_table_for_display(frame, unit), hide_index=True, width="stretch",
                 column_config={"Count": st.column_config.NumberColumn("Count", format="localized")})

with st.expander("Peer groups: save or delete a set of areas to compare with", icon=":material/group:"):
    if not partnership:
        st.info("Choose a partnership in the sidebar first.")
    else:
        areas = ws.areas()
        areas = areas[~areas["code"].isin(["E92000001"]) & ~areas["code"].str.startswith("E12")]
        names = dict(zip(areas["code"], areas["name"]))
        name = st.text_input("Peer group name", value=group or "", key="compare_peer_name")
        members = st.multiselect("Areas in the group", list(names), default=[c for c in peers if c in names],
                                 format_func=lambda c: f"{names[c]} ({c})", key="compare_peer_members")
        b1, b2 = st.columns(2)
        if b1.button("Save peer group", key="compare_peer_save", disabled=not name.strip() or not members):
            indicators.save_peer_group(ws, partnership, name, members)
            common.bump_data_version()
            st.session_state["compare_peer_pending"] = name.strip()
            st.session_state["compare_flash"] = [f"Saved peer group “{name.strip()}” with {len(members)} areas."]
            st.rerun()
        if group and b2.button(f"Delete “{group}”", key="compare_peer_delete"):
            indicators.delete_peer_group(ws, partnership, group)
            common.bump_data_version()
            st.session_state["compare_peer_pending"] = None
            st.session_state["compare_flash"] = [f"Deleted peer group “{group}”."]
            st.rerun()

st.subheader(f"Area profile: {partnership_name} across all its indicators")
profile = _profile(ws, str(ws.folder), version, partnership) if partnership else None
if profile is None or profile.empty:
    st.info(f"No indicator has values for {partnership_name} and at least one other area in the same period, so "
            "there is no profile to draw yet. Load Fingertips exports covering all areas on the Data page.")
else:
    st.altair_chart(charts.spine_chart(profile), width="stretch")
    st.caption("Spine chart as in Fingertips: the light bar runs from the worst (or lowest) to the best (or highest) "
               "area, the dark bar is the middle half (25th to 75th percentile), the red line is England; the "
               "partnership's marker shows its comparison with England in colour and shape. Source: the extracts "
               "loaded in the workspace.")
    st.dataframe(profile[["indicator", "period", "value", "england_value", "compared_to_england", "areas", "lowest",
                          "q25", "q75", "highest"]].rename(columns={
        "indicator": "Indicator", "period": "Period", "value": "Value", "england_value": "England",
        "compared_to_england": "Compared with England", "areas": "Areas", "lowest": "Lowest",
        "q25": "25th percentile", "q75": "75th percentile", "highest": "Highest"}).round(1),
        hide_index=True, width="stretch")
