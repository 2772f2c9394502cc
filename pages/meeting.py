"""Meeting: the quarterly meeting as slides, one at a time, full screen."""

import streamlit as st

from ui import common
from ui import meeting_view as view

ws = common.workspace()
view.start()
partnership = st.session_state.get("partnership")
name = st.session_state.get("partnership_name") or partnership
if not partnership:
    common.page_title("Meeting")
    st.info("No partnership in the workspace yet: load data on the Data page.")
    st.stop()

version = common.data_version(ws)
since = view.since_choice(ws, version, partnership)
agenda = view.agenda_for(ws, version, partnership, since)
slides = agenda["slides"]
at = view.position(slides)
with view.controls(slides, at):
    with st.popover("Agenda", icon=":material/list:", key="meeting_agenda"):
        view.agenda_editor(ws, partnership, agenda)
    with st.popover("Meetings", icon=":material/event_available:", key="meeting_record_box"):
        view.compare_with(ws, version, partnership, agenda)
        view.record(ws, partnership, agenda)
    st.page_link("pages/overview.py", label="Leave", icon=":material/close:")  # the sidebar is hidden here
common.show_url_notices()
view.slide(ws, version, partnership, name, slides[at - 1], agenda)
