"""The Compare page's sections: indicator and period, area filters, the comparison with England, peer
groups and the area profile (drawn from what cdp_data.indicators returns)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cdp_data.present import benchmarks as bench_words
from cdp_data.present import indicators as text
from cdp_data.services import indicators
from ui import benchmark_choice as choice
from ui import charts_indicators as charts
from ui import common, downloads


@st.cache_data(show_spinner=False, max_entries=8)
def choices_for(_ws, folder, version):
    return indicators.indicator_choices(_ws)


@st.cache_data(show_spinner=False, max_entries=32)
def _compare(_ws, folder, version, indicator_id, period, partnership, region, area_type, peers, benchmark):
    return indicators.compare_areas(_ws, indicator_id, period, partnership, region=region, area_type=area_type,
                                    peers=list(peers) if peers else None, benchmark=benchmark)


@st.cache_data(show_spinner=False, max_entries=8)
def _profile(_ws, folder, version, partnership):
    return indicators.area_profile(_ws, partnership, choices_for(_ws, folder, version))


# The pickers' and filters' options, read once per data version (not on every rerun of the page).
@st.cache_data(show_spinner=False, max_entries=32)
def _periods(_ws, folder, version, indicator_id, area=None):
    return indicators.indicator_periods(_ws, indicator_id, area)


@st.cache_data(show_spinner=False, max_entries=8)
def _own_ids(_ws, folder, version, partnership):
    return indicators.partnership_indicator_ids(_ws, partnership)


@st.cache_data(show_spinner=False, max_entries=8)
def _filters(_ws, folder, version, indicator_id, partnership):
    groups = indicators.peer_group_names(_ws, partnership) if partnership else []
    return indicators.regions(_ws), indicators.area_types(_ws, indicator_id), groups


@st.cache_data(show_spinner=False, max_entries=32)
def _info(_ws, folder, version, indicator_id):
    return indicators.indicator_info(_ws, indicator_id)


@st.cache_data(show_spinner=False, max_entries=4)
def _peer_candidates(_ws, folder, version):
    return indicators.peer_group_areas(_ws)


def _key(ws, version: tuple | None = None) -> tuple:
    """The cached reads' key: the folder and the data version the page read at the start of its run (each
    :func:`ui.common.data_version` asks the database again)."""
    return str(ws.folder), common.data_version(ws) if version is None else version


def indicator_and_period(ws, comparable: pd.DataFrame, partnership: str | None,
                         version: tuple | None = None) -> tuple[str, str]:
    """The indicator and period selectboxes, opening on the link's choice or the partnership's; kept in the URL."""
    ids = comparable["indicator_id"].tolist()
    labels = text.indicator_labels(comparable)
    key = _key(ws, version)
    own = _own_ids(ws, *key, partnership)
    chosen = common.url_choice("indicator", ids, indicators.default_compare_indicator(comparable, own),
                               label="indicator")
    left, right = st.columns([3, 1])
    indicator_id = left.selectbox("Indicator (grouped by outcome)", ids, index=ids.index(chosen),
                                  format_func=labels.get, key="compare_indicator")
    common.keep_in_url("indicator", indicator_id)
    periods = _periods(ws, *key, indicator_id)
    own_periods = _periods(ws, *key, indicator_id, partnership) if partnership else []
    period_default = common.url_choice("period", periods, (own_periods or periods)[0], label="period")
    period = right.selectbox("Period", periods, index=periods.index(period_default), key="compare_period")
    common.keep_in_url("period", period)
    return indicator_id, period


def area_filters(ws, indicator_id: str, partnership: str | None,
                 version: tuple | None = None) -> tuple[str | None, str | None, str | None, tuple]:
    """Region, area type and peer group, and the peer-group editor, in an expander whose widgets are
    drawn only while it is open (a link opens it with ``compare_filters=true``), and a caption naming
    the filters in use: (region, area type, peer group, its members). Closed, the filters keep the
    values of the link or of this session."""
    regions, types, groups = _filters(ws, *_key(ws, version), indicator_id, partnership)
    region_options, type_options, group_options = [None, *regions], [None, *types], [None, *groups]
    positions = {"region": _from_url("region", region_options, "region"),
                 "area_type": _from_url("area_type", type_options, "area type"),
                 "peers": _from_url("peers", group_options, "peer group")}
    region, area_type = region_options[positions["region"]], type_options[positions["area_type"]]
    group = group_options[positions["peers"]]
    pending = "compare_peer_pending" in st.session_state
    if pending:  # a group just saved or deleted in the editor: select it (or none)
        group = st.session_state.pop("compare_peer_pending")
    for message in st.session_state.pop("compare_flash", []):
        st.success(message, icon=":material/check_circle:")
    # A fixed label and default: an expander's identity includes them, and the filters in use are
    # named in the caption under it, written after the widgets so that it is never a step behind.
    box = st.expander("Filter areas, peer groups", key="compare_filters", on_change="rerun",
                      bind="query-params", icon=":material/filter_list:")
    if box.open:
        with box:
            if pending:
                st.session_state["compare_peer_group"] = group
            f1, f2, f3 = st.columns(3)
            region = f1.selectbox("Region", region_options, index=positions["region"],
                                  format_func=lambda c: "All regions" if c is None else regions[c],
                                  key="compare_region")
            area_type = f2.selectbox("Area type", type_options, index=positions["area_type"],
                                     format_func=lambda t: "All area types" if t is None else t,
                                     key="compare_area_type")
            # (when pending, set through the session state too: the same value; see common.session_index)
            index = group_options.index(group) if group in group_options else 0
            group = f3.selectbox("Peer group", group_options, index=index,
                                 format_func=lambda g: "No peer group" if g is None else g, key="compare_peer_group")
            _peer_group_editor(ws, partnership, group, version)
    for url_key, value in (("region", region), ("area_type", area_type), ("peers", group)):
        common.keep_in_url(url_key, value)
    shown = [regions.get(region) if region else None, area_type, f"peer group {group}" if group else None]
    st.caption(":material/filter_list: Areas shown: " + (", ".join(v for v in shown if v) or "all areas"))
    common.show_url_notices()
    peers = tuple(indicators.peer_group(ws, partnership, group)) if group else ()
    return region, area_type, group, peers


def _from_url(url_key: str, options: list, label: str) -> int:
    """The position of the link's value among a filter's options (0, "all", when absent or not recognised)."""
    chosen = common.url_choice(url_key, [o for o in options if o is not None], None, label=label)
    return options.index(chosen) if chosen in options else 0


def comparison_with_benchmark(ws, version, indicator_id: str, period: str, partnership: str | None,
                              partnership_name: str, region, area_type, peers: tuple, benchmark) -> None:
    """Every area's value ranked and compared with the benchmark: the sentence, the bars and the table."""
    frame = _compare(ws, str(ws.folder), version, indicator_id, period, partnership, region, area_type, peers,
                     benchmark)
    info = _info(ws, str(ws.folder), version, indicator_id)
    unit = info.get("unit")
    if not frame.empty and frame["value"].notna().sum() < 2:
        st.info("Only one local area has a value for this indicator and period, so there is nothing to rank it "
                "against yet: load a Fingertips export covering all areas on the Data page to compare.",
                icon=":material/info:")
    if frame.empty:
        st.info("No areas match these filters for this period.")
        return
    england_value = indicators.england_value(frame)
    st.markdown(f"**{text.rank_sentence(frame, partnership_name, info.get('polarity'))}** "
                + text.england_sentence(england_value, unit))
    method = frame["method"].dropna().iloc[0] if frame["method"].notna().any() else None
    choice.method_caption(benchmark, method)
    st.caption(text.comparison_counts_text(frame))
    for note in frame.attrs.get("notes", []):
        st.caption(f":material/info: {note}")
    if info.get("polarity") in (None, "not_compared"):
        st.caption(":material/info: This indicator's polarity is not set, so no area is compared by intervals "
                   "(quintiles read Lowest to Highest): set it on the Data page (Indicators tab).")
    # a count's England figure is all of England's: drawn beside one area's count it squashes every bar to nothing
    line_at = None if method == "count" else england_value
    common.chart(common.chart_spec(charts.compare_bars, frame, line_at, unit, benchmark.label), width="stretch")
    key = bench_words.symbol_key(frame["benchmark_label"])
    st.caption(f"Bars coloured by comparison with {benchmark.label} ({key}); black lines are 95% confidence "
               f"intervals; {'the dashed line is England; ' if line_at is not None else ''}{partnership_name} is "
               "outlined and marked ◀ you. " + text.sources_caption(frame, info))
    table = text.comparison_table_for_display(frame, unit)
    st.dataframe(table, hide_index=True, width="stretch")
    downloads.csv_download(table, "Download this table (CSV)",
                           bench_words.download_stem(partnership_name, indicator_id, period, "vs", benchmark.name),
                           key="compare_table_download")


def every_area(ws, version, comparable: pd.DataFrame, partnership: str | None, partnership_name: str) -> None:
    """The first tab: indicator and period, the benchmark, the area filters, and every area compared."""
    indicator_id, period = indicator_and_period(ws, comparable, partnership, version)
    benchmark = choice.benchmark_choice(ws, partnership, key="compare_benchmark")
    region, area_type, _group, peers = area_filters(ws, indicator_id, partnership, version)
    comparison_with_benchmark(ws, version, indicator_id, period, partnership, partnership_name, region, area_type,
                              peers, benchmark)


def _peer_group_editor(ws, partnership: str | None, group: str | None, version: tuple | None = None) -> None:
    """Save or delete a named set of areas to compare with."""
    st.markdown("**Save or delete a peer group**")
    if not partnership:
        st.info("Choose a partnership in the sidebar first.")
        return
    peers = indicators.peer_group(ws, partnership, group) if group else []
    names = _peer_candidates(ws, *_key(ws, version))
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


def area_profile(ws, version, partnership: str | None, partnership_name: str) -> None:
    """The spine chart of the partnership's rates and proportions, its table, and its counts listed (not drawn)."""
    st.subheader(f"Area profile: {partnership_name} across all its indicators")
    profile = _profile(ws, str(ws.folder), version, partnership) if partnership else None
    if profile is None or profile.empty:
        st.info(f"No indicator has values for {partnership_name} and at least one other area in the same period, so "
                "there is no profile to draw yet. Load Fingertips exports covering all areas on the Data page.")
        return
    drawn, counts = profile[profile["drawn"]], profile[~profile["drawn"]]
    if drawn.empty:
        st.info(text.PROFILE_ONLY_COUNTS)
    else:
        common.chart(common.chart_spec(charts.spine_chart, drawn), width="stretch")
        st.caption(text.PROFILE_CAPTION)
        st.dataframe(text.profile_table(drawn), hide_index=True, width="stretch")
    if not counts.empty:
        st.markdown(f"**{text.PROFILE_COUNTS_TITLE}**")
        st.caption(text.PROFILE_COUNTS_NOTE)
        st.dataframe(text.profile_counts_table(counts), hide_index=True, width="stretch")
