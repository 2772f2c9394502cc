"""Overview: are we on track against our baselines and targets?"""

import streamlit as st

from ui import common
from ui import overview_view as view

ws = common.workspace()
partnership = st.session_state.get("partnership")
name = st.session_state.get("partnership_name") or partnership
meeting = common.meeting_mode()

common.page_title("Are we on track?", None if meeting else
                  f"{name}: latest figures against the baseline and the target. Hover over a figure for its "
                  "period and source.")
if not partnership:
    st.info("No partnership in the workspace yet: load data on the Data page.")
    st.page_link("pages/data.py", label="Go to the Data page", icon=":material/upload:")
    st.stop()

version = common.data_version(ws)
tiles = view.tiles_for(ws, version, partnership)
view.status_line(tiles, name, meeting)
view.status_tiles(tiles, meeting)
if not meeting:
    view.status_rule()

chart_col, milestone_col = st.columns([3, 2], gap="large")
with chart_col:
    view.partnership_comparison(ws, version, meeting)
with milestone_col:
    view.milestones(ws, partnership, meeting, version)

if not meeting:
    view.board_paper_downloads(ws, partnership, name)
