"""Data page, Baselines and targets tab."""

import streamlit as st

from cdp_data.store import Workspace, baselines, targets


def render(ws: Workspace) -> None:
    st.subheader("Baselines")
    st.dataframe(ws.table(baselines), hide_index=True, width="stretch")
    st.subheader("Targets")
    st.dataframe(ws.table(targets), hide_index=True, width="stretch")
