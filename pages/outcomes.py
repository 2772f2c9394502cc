"""Outcomes: one indicator over time for the partnership."""

import streamlit as st

from cdp_data import views
from ui import common

ws = common.workspace()
partnership = st.session_state.get("partnership")
common.page_title("How is each outcome changing?", "Indicator values for the partnership, with their sources.")
values = views.partnership_values(ws, partnership)
if values.empty:
    st.info("No indicator extract loaded yet for this partnership. Load a Fingertips export on the Data page.")
    st.page_link("pages/data.py", label="Go to the Data page", icon=":material/upload:")
else:
    st.dataframe(values, hide_index=True, width="stretch")
