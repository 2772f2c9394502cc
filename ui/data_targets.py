"""Data page, Baselines and targets tab: edit the partnership's baselines, targets and milestones,
or import them from an indicators sheet in a workbook."""

import pandas as pd
import streamlit as st

from cdp_data.present import targets as words
from cdp_data.services import milestones as ms
from cdp_data.services import targets as tg
from cdp_data.core.errors import CDPError
from ui import common


def _key(table: str, partnership: str) -> str:
    """Editor keys carry a generation number: after a save the editors start afresh from the
    database, so rows added before the save are not added a second time."""
    return f"data_targets_{table}_{partnership}_{st.session_state.get('data_targets_generation', 0)}"


def _save(action, *args) -> None:
    try:
        n = action(*args)
    except CDPError as error:
        common.show_error(error)
        return
    common.bump_data_version()
    st.session_state["data_targets_generation"] = st.session_state.get("data_targets_generation", 0) + 1
    st.success(f"Saved {n} row(s).", icon=":material/check:")


def render(ws) -> None:
    partnership = st.session_state.get("partnership")
    name = st.session_state.get("partnership_name") or partnership
    if not partnership:
        st.info("Add a partnership first: load data in the Load files tab.")
        return
    st.caption(f"Baselines and targets for **{name}** (change the partnership in the sidebar). "
               "Edit the tables, then save. Status rule: " + words.STATUS_RULE.replace("**", ""))
    editable = common.may(ws, partnership)
    if not editable:
        common.read_only_note(ws, partnership, "changing baselines, targets and milestones")
    rows = "dynamic" if editable else "fixed"
    ids, names = tg.indicator_choices(ws)
    indicator_column = st.column_config.SelectboxColumn(
        "Indicator", options=ids, required=True, width="medium", format_func=lambda i: f"{names.get(i, i)} ({i})",
        help="From the indicator catalogue (Indicators tab).")

    st.header("Baselines")
    base = tg.baselines_frame(ws, partnership).drop(columns=["partnership_code"])
    edited_base = st.data_editor(
        base, num_rows=rows, disabled=not editable, hide_index=True, width="stretch",
        key=_key("baselines", partnership),
        column_config={"indicator_id": indicator_column,
                       "value": st.column_config.NumberColumn("Value", format="localized"),
                       "period": st.column_config.TextColumn("Period", help="e.g. 12 months to Mar 2022"),
                       "period_end": st.column_config.DateColumn("Period ends", format="D MMM YYYY"),
                       "source": st.column_config.TextColumn("Source"), "note": st.column_config.TextColumn("Note")})
    if editable and st.button("Save baselines", key="data_targets_save_baselines", icon=":material/save:"):
        _save(tg.save_baselines, ws, partnership, edited_base)

    st.header("Targets")
    targets = tg.targets_frame(ws, partnership).drop(columns=["partnership_code"])
    edited_targets = st.data_editor(
        targets, num_rows=rows, disabled=not editable, hide_index=True, width="stretch",
        key=_key("targets", partnership),
        column_config={"indicator_id": indicator_column,
                       "value": st.column_config.NumberColumn("Target value", format="localized"),
                       "target_text": st.column_config.TextColumn("As written", help="e.g. 80%, 400 +, Monitor"),
                       "target_date": st.column_config.DateColumn("By", format="D MMM YYYY"),
                       "period": st.column_config.TextColumn("Year", help="e.g. 2024/25"),
                       "kind": st.column_config.SelectboxColumn("Kind", options=list(tg.TARGET_KINDS)),
                       "source": st.column_config.TextColumn("Source"), "note": st.column_config.TextColumn("Note")})
    if editable and st.button("Save targets", key="data_targets_save_targets", icon=":material/save:"):
        _save(tg.save_targets, ws, partnership, edited_targets)

    if editable:
        _import_section(ws, partnership)
    _milestones(ws, partnership, editable)


def _import_section(ws, partnership: str) -> None:
    st.header("Import from an indicators sheet")
    st.caption("A workbook with a sheet whose header reads Indicator | Baseline | Target | Latest | Frequency "
               "(or Halton-style Indicator | Target | Reporting frequency). Names are matched to the catalogue; "
               "unknown ones are added as new indicators.")
    upload = st.file_uploader("Workbook with an indicators sheet", type=["xlsx", "xlsm"],
                              key="data_targets_upload")
    if upload is not None and st.button("Import baselines and targets", key="data_targets_import",
                                        icon=":material/upload:"):
        try:
            report = tg.import_targets_workbook(ws, partnership, upload.name, upload.getvalue())
        except CDPError as error:
            common.show_error(error)
        else:
            common.bump_data_version()
            st.session_state["data_targets_generation"] = st.session_state.get("data_targets_generation", 0) + 1
            st.success(report.summary + " The tables above show them after the next interaction.",
                       icon=":material/check:")
            for warning in report.warnings:
                st.warning(warning)


def _milestones(ws, partnership: str, editable: bool) -> None:
    st.header("National milestones")
    checklist = ms.milestone_checklist(ws, partnership)
    edited = st.data_editor(
        checklist, hide_index=True, width="stretch", key=_key("milestones", partnership),
        column_order=["met", "label", "met_on", "note"], disabled=["label"] if editable else True,
        column_config={"met": st.column_config.CheckboxColumn("Met"),
                       "label": st.column_config.TextColumn("Milestone"),
                       "met_on": st.column_config.DateColumn("Date met", format="D MMM YYYY"),
                       "note": st.column_config.TextColumn("Note")})
    if editable and st.button("Save milestones", key="data_targets_save_milestones", icon=":material/save:"):
        _save(ms.save_milestones, ws, partnership, pd.DataFrame(edited))
