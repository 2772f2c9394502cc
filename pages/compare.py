"""Compare partnerships on one indicator."""

import streamlit as st

from cdp_data import views
from ui import common

ws = common.workspace()
common.page_title("How do we compare?", "All areas in the workspace on one indicator.")
counts = views.areas_per_indicator(ws)
if counts.empty or counts["areas"].max() < 2:
    st.info("Comparing needs an indicator with values for at least two areas: load a Fingertips export "
            "(all upper-tier authorities) on the Data page.")
    st.page_link("pages/data.py", label="Go to the Data page", icon=":material/upload:")
else:
    st.dataframe(counts, hide_index=True, width="stretch")
