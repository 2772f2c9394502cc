"""Data page, Indicators tab: the catalogue with a polarity editor, and the Fingertips API download."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from cdp_data.core.errors import CDPError
from cdp_data.present.indicators import POLARITY_LABELS, describe_age
from cdp_data.services import fingertips_api
from cdp_data.services.catalogue import POLARITIES, get_catalogue, set_polarity
from ui import common

if TYPE_CHECKING:  # the type only: the UI never calls the store
    from cdp_data.store import Workspace


def render(ws: Workspace) -> None:
    catalogue_editor(ws)
    st.divider()
    fingertips_download(ws)


def catalogue_editor(ws: Workspace) -> None:
    st.header("Indicator catalogue")
    st.caption("Which way is better decides Better / Worse comparisons. Indicators added from an extract start as "
               "“Not set: not compared” until you choose.")
    catalogue = get_catalogue(ws)
    unset = catalogue[catalogue["polarity"] == "not_compared"]
    if not unset.empty:
        st.warning(f"{len(unset)} indicator(s) have no polarity yet and are not compared with England: "
                   "choose one below and save.", icon=":material/help:")
    shown = catalogue[["indicator_id", "name", "outcome", "unit", "polarity", "source", "fingertips_id",
                       "user_defined"]].copy()
    edited = st.data_editor(
        shown, hide_index=True, width="stretch", key="data_indicators_catalogue", disabled=[
            "indicator_id", "name", "outcome", "unit", "source", "fingertips_id", "user_defined"],
        column_config={
            "indicator_id": "ID", "name": "Indicator", "outcome": "Outcome", "unit": "Unit", "source": "Source",
            "fingertips_id": "Fingertips ID", "user_defined": st.column_config.CheckboxColumn("Added from an extract"),
            "polarity": st.column_config.SelectboxColumn(
                "Which way is better", options=list(POLARITIES), required=True,
                help="; ".join(f"{k}: {v}" for k, v in POLARITY_LABELS.items())),
        })
    changed = edited[edited["polarity"] != shown["polarity"]]
    if st.button(f"Save {len(changed)} polarity change(s)", key="data_indicators_save", disabled=changed.empty):
        for row in changed.itertuples():
            set_polarity(ws, row.indicator_id, row.polarity)
        common.bump_data_version()
        st.success(f"Saved: {', '.join(changed['indicator_id'])}.")


def fingertips_download(ws: Workspace) -> None:
    st.header("Download from Fingertips")
    status = fingertips_api.cache_status(ws)
    if status["files"]:
        st.caption(f"Local cache: {status['files']} download(s); newest "
                   f"{describe_age(status['newest_age'])}, oldest "
                   f"{describe_age(status['oldest_age'])}. Downloads newer than 24 hours are reused.")
    else:
        st.caption("Nothing downloaded yet. Downloads are kept in the workspace's cache for 24 hours.")
    with st.form("data_indicators_fetch"):
        ids = st.text_input("Fingertips indicator IDs (comma separated)", value="93517, 92432",
                            key="data_indicators_ids", help="For example 93517 (OCU not in treatment), 92432 "
                                                            "(deaths from drug misuse).")
        c1, c2 = st.columns(2)
        area_type = c1.selectbox("Areas", list(fingertips_api.AREA_TYPES), key="data_indicators_area_type",
                                 format_func=lambda k: f"{fingertips_api.AREA_TYPES[k]} ({k})")
        parent = c2.selectbox("Compared within", list(fingertips_api.PARENT_AREA_TYPES), key="data_indicators_parent",
                              format_func=lambda k: f"{fingertips_api.PARENT_AREA_TYPES[k]} ({k})")
        refresh = st.checkbox("Ignore the cache and download again", key="data_indicators_refresh")
        submitted = st.form_submit_button("Download and load", icon=":material/cloud_download:")
    if submitted:
        bar = st.progress(0.0, text="Starting")

        def progress(done: int, total: int, message: str) -> None:
            bar.progress(min(done / max(total, 1), 1.0), text=message)

        try:
            report = fingertips_api.fetch_indicators(ws, ids.replace(";", ",").split(","), area_type,
                                                     parent_area_type=parent, refresh=refresh, progress=progress)
        except CDPError as exc:
            common.show_error(exc)
            return
        common.bump_data_version()
        st.success(report.summary, icon=":material/check_circle:")
        for warning in report.warnings:
            st.caption(f":material/info: {warning}")
