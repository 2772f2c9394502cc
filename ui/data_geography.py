"""Data page, Geography tab: boundaries, lookups and deprivation tables held."""

import streamlit as st

from cdp_data.store import Workspace


def render(ws: Workspace) -> None:
    held = ws.datasets()
    geo = held[held["kind"].isin(["boundaries", "lookup", "imd2019_lsoa11", "imd2025_lsoa21", "population"])]
    if geo.empty:
        st.info("No geography loaded: upload ONS ward boundaries, lookups and IoD tables on the Load files tab.")
    else:
        st.dataframe(geo, hide_index=True, width="stretch")
