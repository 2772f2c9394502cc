"""Compare partnerships: all areas on one indicator, and the partnership's area profile."""

import streamlit as st

from cdp_data.services import indicators
from ui import common
from ui import compare_view as view
from ui import similar_view
from ui.heatmap_view import heatmap

ws = common.workspace()
partnership = st.session_state.get("partnership")
partnership_name = st.session_state.get("partnership_name") or partnership or "the partnership"
common.page_title("How do we compare?",
                  "Every area on one indicator, compared with England, the region or a peer group the way OHID's "
                  "Fingertips does; a heatmap of every indicator; and the partnership's area profile.")

version = common.data_version(ws)
comparable = indicators.comparable_choices(view.choices_for(ws, str(ws.folder), version))
if comparable.empty:
    st.info("Comparing needs indicator values for local areas: load a Fingertips export "
            "(for example all upper-tier local authorities) on the Data page, or fetch one from the Fingertips API.")
    st.page_link("pages/data.py", label="Go to the Data page", icon=":material/upload:")
    st.stop()

common.lazy_sections({  # only the open tab runs
    "Every area on one indicator": lambda: view.every_area(ws, version, comparable, partnership, partnership_name),
    "Heatmap": lambda: heatmap(ws, partnership, partnership_name),
    "Area profile": lambda: view.area_profile(ws, version, partnership, partnership_name),
    "Similar areas": lambda: similar_view.similar_areas(ws, partnership, partnership_name),
}, key="compare_tab")
