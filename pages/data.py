"""Data: load files, see what the workspace holds, reset to the demo."""

import streamlit as st

from ui import common, data_geography, data_indicators, data_loading, data_targets

ws = common.workspace()
common.page_title("What data does the workspace hold?",
                  "Upload extracts, plans and geography; the app recognises each file from its content.")
load_tab, holdings_tab, indicators_tab, targets_tab, geography_tab, reset_tab = common.lazy_tabs(
    ["Load files", "Workspace contents", "Indicators", "Baselines and targets", "Geography", "Reset"],
    key="data_tab")
with load_tab:
    if load_tab.open:
        data_loading.upload_files(ws)
        data_loading.load_folder(ws)
        st.subheader("Templates")
        st.caption("For local figures that are not on Fingertips: police, county lines, naloxone, provider counts.")
        left, right = st.columns(2)
        left.download_button("Local figures template (CSV)", data_loading.template_csv(),
                             "cdp_local_figures_template.csv", "text/csv", icon=":material/download:")
        right.download_button("Local figures template (Excel)", data_loading.template_xlsx(),
                              "cdp_local_figures_template.xlsx", icon=":material/download:",
                              mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
with holdings_tab:
    if holdings_tab.open:
        data_loading.holdings(ws)
with indicators_tab:
    if indicators_tab.open:
        data_indicators.render(ws)
with targets_tab:
    if targets_tab.open:
        data_targets.render(ws)
with geography_tab:
    if geography_tab.open:
        data_geography.render(ws)
with reset_tab:
    if reset_tab.open:
        data_loading.reset(ws)
