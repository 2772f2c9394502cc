"""Ward map: where deprivation and drug harm meet."""

import streamlit as st

from cdp_data.present import geography as words
from ui import area_map_view as area_view
from ui import common
from ui import ward_map_view as view

ws = common.workspace()
common.page_title("Where do deprivation and drug harm meet?",
                  "Ward by ward: deprivation (English Indices of Deprivation) against drug-related harm.")
partnership = st.session_state.get("partnership")

version = common.data_version(ws)
if area_view.map_of() == "Areas":
    area_view.areas_view(ws, version, partnership)  # counties and unitary authorities, or districts
    st.stop()
inputs = view.inputs_for(ws, version)
if not partnership:
    st.info("Choose a partnership in the sidebar.")
    st.stop()
probe = view.ward_map_for(ws, version, partnership, None, None, 1000, None)
if probe is None:
    st.info("No ward boundaries cover this partnership yet: load ONS ward boundaries and the ward lookup, "
            "or fetch them, on the Data page.")
    st.page_link("pages/data.py", label="Go to the Data page", icon=":material/upload:")
    st.stop()

if probe.is_synthetic:
    st.warning("**Synthetic demo data**: these wards, scores and counts are made up so the map can be tried "
               "offline. Load real boundaries, IoD tables and lookups on the Data page.", icon=":material/science:")

choices = view.map_choices(inputs, probe.is_synthetic)
wm = view.ward_map_for(ws, version, partnership, choices.vintage, choices.harm, choices.per, choices.window)
view.ward_map_panel(ws, version, partnership, wm, choices)

shown_table = words.display_table(wm)
sections = {"Ward figures": lambda: view.ward_figures(partnership, shown_table),
            "Selected ward": lambda: view.selected_ward(wm, shown_table)}
if words.has_harm(wm) and "imd_score" in wm.wards:
    sections["Harm against deprivation"] = lambda: view.harm_against_deprivation(wm, shown_table)
    sections["Inequality"] = lambda: view.inequality_section(wm, version, partnership, choices)
common.lazy_sections(sections, key="ward_map_tab")  # only the open tab runs
view.attributions(wm)
