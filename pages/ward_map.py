"""Ward map: deprivation and harm."""

import streamlit as st

from ui import common

ws = common.workspace()
common.page_title("Where do deprivation and drug harm meet?", "Ward-level deprivation and harm.")
boundaries = ws.datasets("boundaries")
if boundaries.empty:
    st.info("No ward boundaries in the workspace: load ONS ward boundaries (GeoJSON) on the Data page.")
else:
    shown = boundaries[["name", "vintage", "rows", "is_synthetic"]]
    st.dataframe(shown, hide_index=True, width="stretch")
