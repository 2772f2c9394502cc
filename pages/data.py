"""Data: load files, see what the workspace holds, reset to the demo."""

import streamlit as st

from ui import common, data_geography, data_indicators, data_loading, data_targets

ws = common.workspace()
common.page_title("What data does the workspace hold?",
                  "Upload extracts, plans and geography; the app recognises each file from its content.")


def load_files() -> None:
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


common.lazy_sections({
    "Load files": load_files,
    "Workspace contents": lambda: data_loading.holdings(ws),
    "Indicators": lambda: data_indicators.render(ws),
    "Baselines and targets": lambda: data_targets.render(ws),
    "Geography": lambda: data_geography.render(ws),
    "Reset": lambda: data_loading.reset(ws),
}, key="data_tab")
