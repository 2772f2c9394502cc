"""The app's own table downloads: CSV through the neutraliser (the tables' toolbar download is switched off)."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from cdp_data.present import exports


def file_stem(*parts) -> str:
    """A safe file name stem from labels and codes: letters, digits, dots and hyphens only."""
    text = "_".join(str(p) for p in parts if p not in (None, ""))
    return re.sub(r"[^A-Za-z0-9.-]+", "_", text).strip("_.") or "table"


def csv_download(frame: pd.DataFrame, label: str, stem: str, key: str) -> None:
    """A "Download ... (CSV)" button for a table as shown: UTF-8 with BOM, formula-like text neutralised."""
    if frame.empty:
        return
    st.download_button(label, lambda: exports.csv_bytes(frame, bom=True), f"{file_stem(stem)}.csv", "text/csv",
                       key=key, icon=":material/download:", on_click="ignore")
