"""Delivery plan: upload or choose a version, track it, compare it, link actions to indicators, download."""

from __future__ import annotations

import streamlit as st

from cdp_data.present import plan as plan_words
from ui import common
from ui import delivery_plan_view as view

PAGE = view.PAGE

ws = common.workspace()
partnership = st.session_state.get("partnership")
common.page_title("Is the delivery plan on track?",
                  "The local delivery plan as uploaded: status by priority and lead, what is late, what changed.")
if not partnership:
    st.info("No partnership in the workspace yet: load data on the Data page first.")
    st.page_link("pages/data.py", label="Go to the Data page", icon=":material/upload:")
    st.stop()

versions = view.versions_for(ws, partnership, common.data_version(ws))
if not common.meeting_mode():
    view.upload_section(ws, partnership, expanded=versions.empty)
    if message := st.session_state.pop(f"{PAGE}_stored", None):
        st.success(message, icon=":material/check_circle:")
        versions = view.versions_for(ws, partnership, common.data_version(ws))
if versions.empty:
    st.info("No delivery plan stored for this partnership yet" + (
        ": upload the Excel plan above (any layout with an Action column)." if common.may(ws, partnership) else "."))
    st.stop()

version_id = view.version_picker(versions)
row = versions.set_index("id").loc[version_id]
if row["is_synthetic"]:
    st.markdown(f"{common.SYNTHETIC_BADGE} This plan is invented for the demo, not a real partnership's plan.")
today = view.as_at_picker()
common.show_url_notices()

frame = view.actions(ws, version_id, common.data_version(ws))
view.headline_figures(frame, today)
view.unreadable_warnings(ws, version_id)


common.lazy_sections({  # only the open tab runs
    "By priority": lambda: view.summary_section(ws, version_id, plan_words.version_caption(row), "priority"),
    "By lead": lambda: view.summary_section(ws, version_id, plan_words.version_caption(row), "lead"),
    "Overdue and due soon": lambda: view.dates_section(frame, today),
    "All actions": lambda: view.actions_section(frame),
    "What changed": lambda: view.compare_section(ws, versions, version_id),
    "Links to indicators": lambda: view.links_section(ws, partnership, frame),
    "Download": lambda: view.downloads_section(ws, version_id, row["filename"]),
}, key=f"{PAGE}_tab")
