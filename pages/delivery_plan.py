"""Delivery plan: the tracker."""

import streamlit as st

from cdp_data import views
from ui import common

ws = common.workspace()
partnership = st.session_state.get("partnership")
common.page_title("Is the delivery plan on track?", "Actions from the latest uploaded delivery plan.")
versions = views.plan_versions(ws, partnership)
if versions.empty:
    st.info("No delivery plan uploaded for this partnership yet: upload the Excel plan on the Data page.")
    st.page_link("pages/data.py", label="Go to the Data page", icon=":material/upload:")
else:
    st.dataframe(versions, hide_index=True, width="stretch")
