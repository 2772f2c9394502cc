"""Combating Drugs Partnership analytics: the frame and router."""

import streamlit as st

from cdp_data.services import access
from ui import common

st.set_page_config(
    page_title="Combating Drugs Partnership",
    page_icon="assets/logo.svg",
    layout="wide",
    initial_sidebar_state="expanded",
)

common.start_frame()
ws = common.workspace()
PAGES = {
    "Meeting": [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("pages/meeting.py", title="Slides", icon=":material/slideshow:"),
    ],
    "Analysis": [
        st.Page("pages/outcomes.py", title="Outcomes", icon=":material/show_chart:"),
        st.Page("pages/compare.py", title="Compare partnerships", icon=":material/bar_chart:"),
        st.Page("pages/unmet_need.py", title="Unmet need", icon=":material/diversity_3:"),
        st.Page("pages/ward_map.py", title="Ward map", icon=":material/map:"),
    ],
    "Delivery": [
        st.Page("pages/delivery_plan.py", title="Delivery plan", icon=":material/checklist:"),
        st.Page("pages/data.py", title="Data", icon=":material/database:"),
    ],
}
if access.is_admin(ws):  # members and the audit trail: admins only
    PAGES["Delivery"].append(st.Page("pages/admin.py", title="Admin", icon=":material/admin_panel_settings:"))
pg = st.navigation(PAGES)
common.sidebar(ws)
common.leave_meeting_button()
try:
    pg.run()
except Exception as error:  # noqa: BLE001 - the last line of defence: logged with a reference, one sentence shown
    common.show_error(error)
common.footer(ws)
