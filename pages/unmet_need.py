"""Unmet need by drug type: who needs treatment and is not in it?"""

import streamlit as st

from cdp_data.services import unmet_need as un
from ui import common
from ui import unmet_need_view as view

ws = common.workspace()
version = common.data_version(ws)
code = st.session_state.get("partnership")
name = st.session_state.get("partnership_name") or code
common.page_title("Who needs treatment and is not in it?",
                  "Unmet need by substance group: people estimated to need treatment who are not in it.")

if not code:
    st.info("Choose a partnership in the sidebar, or load data on the Data page to add one.")
    st.page_link("pages/data.py", label="Go to the Data page", icon=":material/upload:")
    st.stop()

rows, trend = view.partnership_figures(ws, version, code)
with_figure = un.rows_with_figure(rows)

# Only the open tab runs and is drawn; a link naming a drug type opens on the comparison across partnerships.
common.lazy_sections({
    "By drug type": lambda: view.by_drug_type(ws, rows, with_figure, name),
    "Over the years": lambda: view.over_the_years(trend),
    "What would it take?": lambda: view.what_would_it_take(ws, with_figure, code, name),
    "Across partnerships": lambda: view.across_partnerships(ws, version),
}, key="unmet_need_tab", default="Across partnerships" if "substance" in st.query_params else None)
