"""Data page: uploads, folder loads, holdings and reset."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from cdp_data.bootstrap import reset_to_demo
from cdp_data.core.errors import LoadError, PermissionDenied
from cdp_data.services import access, folders, templates, workspace
from cdp_data.services.loading import load_uploads
from cdp_data.services.loading import load_folder as load_folder_files
from ui import common, data_undo

if TYPE_CHECKING:  # the type only: the UI never calls the store
    from cdp_data.store import Workspace


@st.cache_data(show_spinner=False)
def template_csv() -> bytes:
    return templates.indicator_template_csv()


@st.cache_data(show_spinner=False)
def template_xlsx() -> bytes:
    return templates.indicator_template_xlsx()


@st.cache_data(show_spinner=False, max_entries=4)
def _holdings(_ws: Workspace, version: tuple):
    return workspace.workspace_holdings(_ws), workspace.load_history_of(_ws)


def _inert(text: str) -> str:
    """A message that may quote a file's contents, with the Markdown that could fetch or link (``[..](..)``,
    ``![..](..)``), format code or start LaTeX (``$``) escaped: shown as written, never rendered."""
    return "".join("\\" + c if c in "[]`$" else c for c in str(text))


def _report(results) -> None:
    for result in results:
        if isinstance(result, (LoadError, PermissionDenied)):
            st.error(_inert(str(result)), icon=":material/error:")
            continue
        st.success(f"**{_inert(result.filename)}**: {result.label}. "
                   f"{_inert(result.summary) or f'{result.rows:,} rows stored.'}", icon=":material/check_circle:")
        for warning in result.warnings[:20]:
            st.warning(_inert(warning), icon=":material/warning:")
        if len(result.warnings) > 20:
            st.caption(f"... and {len(result.warnings) - 20} more warnings.")


def load_section(ws: Workspace) -> None:
    """The Data page's first tab: uploads, a folder, and the local figures templates (a viewer gets one line
    instead of the upload and folder forms; the services refuse their loads anyway)."""
    partnership = st.session_state.get("partnership")
    if partnership and not (common.may(ws, partnership) or access.is_admin(ws)):
        st.header("Upload files")
        common.read_only_note(ws, partnership, "loading files")
    else:
        upload_files(ws)
        load_folder(ws)
    st.header("Templates")
    st.caption("For local figures that are not on Fingertips: police, county lines, naloxone, provider counts.")
    left, right = st.columns(2)
    left.download_button("Local figures template (CSV)", template_csv(),
                         "cdp_local_figures_template.csv", "text/csv", icon=":material/download:")
    right.download_button("Local figures template (Excel)", template_xlsx(),
                          "cdp_local_figures_template.xlsx", icon=":material/download:",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def upload_files(ws: Workspace) -> None:
    st.header("Upload files")
    partnership = st.session_state.get("partnership")
    with st.form("data_upload", clear_on_submit=True):
        files = st.file_uploader(
            "Fingertips exports, NDTMS tables, the local figures template, IoD tables, ONS boundaries and "
            "lookups, population tables, police CSVs, delivery-plan workbooks",
            accept_multiple_files=True, key="data_uploader",
        )
        partnership = _plan_partnership(ws, partnership)
        name = st.text_input("Your name (recorded with delivery-plan uploads)", key="data_uploader_name")
        submitted = st.form_submit_button("Load into the workspace", icon=":material/upload:")
    if submitted and files:
        results = load_uploads(ws, [(upload.name, upload.getvalue()) for upload in files],  # each file tried
                               partnership_code=partnership, uploaded_by=name.strip() or "not given")
        common.bump_data_version()
        st.session_state["data_last_results"] = results
        st.rerun()  # the whole frame again: the sidebar's partnerships and workspace status include the load
    if st.session_state.get("data_last_results"):
        _report(st.session_state["data_last_results"])


def _plan_partnership(ws: Workspace, current: str | None) -> str | None:
    """Which partnership a delivery plan (or the local figures) in the upload belongs to: asked, by name, from the
    user's own partnerships (the sidebar's choice first), never taken silently from the sidebar."""
    choices = access.visible_partnerships(ws)
    if choices.empty:
        return current
    names = dict(zip(choices["code"], choices["name"]))
    codes = list(names)
    return st.selectbox("Partnership a delivery plan or local figures in these files belong to", codes,
                        index=codes.index(current) if current in names else 0,
                        format_func=lambda code: f"{names[code]} ({code})", key="data_uploader_partnership",
                        help="Other files (Fingertips, NDTMS, IoD, boundaries, lookups, police) are national data, "
                             "shared by every partnership.")


def load_folder(ws: Workspace) -> None:
    """Only under the folders an administrator allows (CDP_DATA_ROOTS); otherwise one sentence why not."""
    roots = folders.data_roots()
    if not roots:
        st.caption(folders.NO_ROOTS)
        return
    with st.expander("Load every file in a folder on the computer running the app"):
        st.caption("Folders allowed: " + ", ".join(str(r) for r in roots) + ". Links that lead out of them are "
                   "skipped, and a file the app does not recognise is named, never shown.")
        folder = st.text_input("Folder path", key="data_folder_path", placeholder=str(roots[0]))
        if st.button("Load folder", key="data_folder_load", disabled=not folder):
            try:
                results = load_folder_files(ws, folder, partnership_code=st.session_state.get("partnership"),
                                            uploaded_by="folder load")
            except (LoadError, PermissionDenied) as exc:
                st.error(str(exc), icon=":material/error:")
                return
            common.bump_data_version()
            st.session_state["data_folder_results"] = results
            st.rerun()  # as for uploads: the sidebar then counts what was loaded
        if st.session_state.get("data_folder_results"):
            _report(st.session_state["data_folder_results"])


def holdings(ws: Workspace) -> None:
    table, log = _holdings(ws, common.data_version(ws))
    if table.empty:
        st.info("The workspace is empty: upload files on the Load files tab.")
        return
    table = table.assign(note=table["is_synthetic"].map({True: "synthetic demo data", False: ""}))
    st.dataframe(
        table.drop(columns=["is_synthetic"]), hide_index=True, width="stretch",
        column_config={
            "kind": "What", "name": "Name", "vintage": "Vintage / period", "rows": st.column_config.NumberColumn(
                "Rows", format="localized"),
            "loaded_at": st.column_config.DatetimeColumn("Loaded", format="D MMM YYYY, HH:mm"),
            "source": "Source", "attribution": "Attribution to show", "note": "Note",
        },
    )
    st.header("Load log")
    st.dataframe(log[["id", "loaded_at", "kind", "source_file", "rows", "vintage", "action", "undone_at"]],
                 hide_index=True, width="stretch",
                 column_config={"id": "Load", "loaded_at": st.column_config.DatetimeColumn(
                     "Loaded", format="D MMM YYYY, HH:mm"), "undone_at": st.column_config.DatetimeColumn(
                     "Undone", format="D MMM YYYY, HH:mm")})
    data_undo.render(ws, log)


def reset(ws: Workspace) -> None:
    st.write("Replace everything in the workspace with the bundled demo. Uploaded files, plan versions and "
             "entered targets are deleted.")
    confirm = st.checkbox("I understand that everything loaded will be deleted", key="data_reset_confirm")
    if st.button("Reset the workspace to the demo", type="primary", disabled=not confirm, key="data_reset"):
        reset_to_demo(ws)
        common.bump_data_version()
        st.session_state.pop("data_last_results", None)
        st.session_state.pop("data_folder_results", None)
        st.session_state.pop("data_undo_result", None)
        st.success("The workspace now holds the demo again.")
