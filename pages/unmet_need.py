"""Unmet need by drug type."""

import streamlit as st

from cdp_data import views
from ui import common

ws = common.workspace()
partnership = st.session_state.get("partnership")
common.page_title("Who needs treatment and is not in it?", "Unmet need by substance group.")
values = views.partnership_values(ws, partnership)
unmet = values[values["indicator_id"].isin(["93517", "93532", "alcohol_at_risk_not_in_treatment"])]
if unmet.empty:
    st.info("No unmet-need figures for this partnership yet: load the Fingertips unmet-need exports "
            "(93517, 93532) or prevalence estimates on the Data page.")
    st.page_link("pages/data.py", label="Go to the Data page", icon=":material/upload:")
else:
    st.dataframe(unmet, hide_index=True, width="stretch")
