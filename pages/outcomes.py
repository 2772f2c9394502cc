"""Outcomes: one indicator over time for the partnership, against England and its region."""

import streamlit as st

from ui import common
from ui import outcomes_view as view
from ui.benchmark_choice import benchmark_choice

ws = common.workspace()
partnership = st.session_state.get("partnership")
partnership_name = st.session_state.get("partnership_name") or partnership or "the partnership"
common.page_title("How is each outcome changing?",
                  "Each indicator for the partnership over time, with England and the region, compared with "
                  "England, the region or a peer group the way OHID's Fingertips does.")

version = common.data_version(ws)
choices = view.choices_for(ws, str(ws.folder), version)
if choices.empty:
    st.info("No indicator values in the workspace yet: load a Fingertips export, an NDTMS table or the local "
            "figures template on the Data page.")
    st.page_link("pages/data.py", label="Go to the Data page", icon=":material/upload:")
    st.stop()

indicator_id = view.indicator_picker(ws, choices, partnership, version)
benchmark = benchmark_choice(ws, partnership, key="outcomes_benchmark")
trend = view.trend_with_breakdown(ws, version, indicator_id, partnership, benchmark)
view.headline_figures(trend, partnership_name)
view.outcome_chart(trend, partnership_name)
# Under the chart: its values, and the plan's actions aimed at the indicator (only the open tab runs).
sections = {"Values": lambda: view.values_table(trend, partnership_name)}
if partnership:
    sections["Delivery plan actions"] = lambda: view.linked_actions(ws, partnership, indicator_id)
common.lazy_sections(sections, key="outcomes_tab")
