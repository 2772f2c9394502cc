"""Data page, Indicators tab: the catalogue and its polarities."""

import streamlit as st

from cdp_data.catalogue import get_catalogue
from cdp_data.store import Workspace


def render(ws: Workspace) -> None:
    st.dataframe(get_catalogue(ws), hide_index=True, width="stretch")
