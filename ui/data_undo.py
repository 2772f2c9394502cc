"""Data page: undo a load, from the load history (the service decides whether it can be undone)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from cdp_data.core.errors import CDPError
from cdp_data.present import uk_date
from cdp_data.services.undo import undo_load
from ui import common

if TYPE_CHECKING:  # the type only: the UI never calls the store
    from cdp_data.store import Workspace


def _label(row) -> str:
    return f"Load {row.id}: {row.source_file or row.kind} ({row.kind}, {uk_date(row.loaded_at)})"


def render(ws: Workspace, log: pd.DataFrame) -> None:
    """Pick a load that is still in effect, press Undo, see what happened."""
    st.header("Undo a load")
    st.caption("Undo puts back what a load replaced and takes away what it added. A load that a later load "
               "built on is undone after that later one; a delivery-plan upload's version is taken away, "
               "its file kept.")
    live = log[log["undone_at"].isna()] if "undone_at" in log else log
    options = {int(r.id): _label(r) for r in live.itertuples()}
    if options:
        chosen = st.selectbox("Load", list(options), format_func=options.get, key="data_undo_load")
        if st.button("Undo this load", key="data_undo", icon=":material/undo:"):
            try:
                st.session_state["data_undo_result"] = ("ok", undo_load(ws, chosen).summary)
            except CDPError as exc:
                st.session_state["data_undo_result"] = ("error", str(exc))
            else:
                common.bump_data_version()
            st.rerun()
    else:
        st.caption("No load to undo.")
    outcome = st.session_state.get("data_undo_result")
    if outcome:
        (st.success if outcome[0] == "ok" else st.error)(outcome[1], icon=":material/info:")
