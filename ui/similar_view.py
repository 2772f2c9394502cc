"""The Compare page's "Similar areas" tab: the 15 upper-tier authorities most like the partnership on public
data, their distance and figures side by side, the method in plain words and the CIPFA note."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from cdp_data.core.errors import CDPError
from cdp_data.present import similar_areas as words
from cdp_data.services import indicators, similar_areas as service
from ui import common


def distance_chart(neighbours: pd.DataFrame) -> alt.Chart:
    """Horizontal bars: each similar area's distance, nearest at the top."""
    data = neighbours[["rank", "area_name", "distance"]].copy()
    order = data.sort_values("rank")["area_name"].tolist()
    return alt.Chart(data).mark_bar(color="#1d70b8").encode(
        y=alt.Y("area_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        x=alt.X("distance:Q", title="Distance (0 = identical on every figure)"),
        tooltip=[alt.Tooltip("rank:Q", title="Rank"), alt.Tooltip("area_name:N", title="Area"),
                 alt.Tooltip("distance:Q", title="Distance", format=".2f")],
    ).properties(height=max(160, 24 * len(data)))


def _peer_group_line(ws, partnership: str, partnership_name: str) -> None:
    if words.PEER_GROUP_NAME in indicators.peer_group_names(ws, partnership):
        st.success(f"Saved as the peer group “{words.PEER_GROUP_NAME}”: choose it as the benchmark or peer group "
                   "under “Every area on one indicator” to compare with these areas.")
    elif common.may(ws, partnership, "editor"):
        if st.button(f"Save these 15 as the peer group “{words.PEER_GROUP_NAME}”", key="similar_save"):
            service.save_similar_peer_group(ws, partnership)
            common.bump_data_version()
            st.rerun()
    else:
        common.read_only_note(ws, partnership, "save this list as a peer group")


def similar_areas(ws, partnership: str | None, partnership_name: str) -> None:
    """The tab: list, chart, peer group and method."""
    st.subheader(f"Similar areas: the upper-tier authorities most like {partnership_name}")
    st.info(words.CIPFA_NOTE)
    if not partnership:
        st.info("Choose a partnership in the sidebar first.")
        return
    try:
        found = service.similar_areas(ws, partnership)
    except CDPError as exc:
        st.info(str(exc))
        return
    st.markdown(words.headline(partnership_name, len(found.neighbours)))
    st.dataframe(words.neighbours_table(found.area, found.neighbours), hide_index=True, width="stretch")
    st.caption(words.LABEL_NOTE)
    _peer_group_line(ws, partnership, partnership_name)
    common.chart(common.chart_spec(distance_chart, found.neighbours), width="stretch")
    with st.expander("How the list is made", expanded=True):
        st.markdown(words.METHOD)
        st.caption(words.SOURCES)
