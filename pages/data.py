"""Data: load files, see what the workspace holds, reset to the demo."""

from ui import common, data_geography, data_indicators, data_loading, data_targets

ws = common.workspace()
common.page_title("What data does the workspace hold?",
                  "Upload extracts, plans and geography; the app recognises each file from its content.")
common.lazy_sections({
    "Load files": lambda: data_loading.load_section(ws),
    "Workspace contents": lambda: data_loading.holdings(ws),
    "Indicators": lambda: data_indicators.render(ws),
    "Baselines and targets": lambda: data_targets.render(ws),
    "Geography": lambda: data_geography.render(ws),
    "Reset": lambda: data_loading.reset(ws),
}, key="data_tab")
