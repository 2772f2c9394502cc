"""Overview: are we on track?"""

import streamlit as st

from cdp_data import views
from ui import common

ws = common.workspace()
partnership = st.session_state.get("partnership")
common.page_title("Are we on track?", "Latest figures for the partnership against its baselines.")
latest = views.latest_values(ws, partnership)
if latest.empty:
    st.info("No indicator figures for this partnership yet. Load a Fingertips export or the local figures "
            "template on the Data page.")
    st.page_link("pages/data.py", label="Go to the Data page", icon=":material/upload:")
else:
    st.dataframe(latest, hide_index=True, width="stretch")
