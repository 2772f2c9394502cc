"""The delivery-plan page's sections: upload, headline figures, summary, dates, actions, changes, links,
downloads (drawn from what cdp_data.services.plan returns, in the words of cdp_data.present.plan)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from cdp_data.present import plan as words
from cdp_data.services import plan
from cdp_data.core.errors import CDPError
from ui import charts_plan, common

PAGE = "delivery_plan"
STATUS_OPTIONS = list(words.STATUS_WORDS.values())
ACTION_COLUMNS = {
    "ref": st.column_config.TextColumn("Ref", width="small"),
    "priority": st.column_config.TextColumn("Priority"),
    "objective": st.column_config.TextColumn("Objective"),
    "action": st.column_config.TextColumn("Action", width="large"),
    "lead": st.column_config.TextColumn("Lead"),
    "due": st.column_config.DateColumn("Due", format="D MMM YYYY"),
    "due_text": st.column_config.TextColumn("Due (as written)"),
    "status_word": st.column_config.TextColumn("Status"),
    "progress": st.column_config.TextColumn("Progress", width="large"),
    "days_overdue": st.column_config.NumberColumn("Days overdue", format="%d"),
    "sheet": st.column_config.TextColumn("Sheet"),
    "row": st.column_config.NumberColumn("Row", format="%d"),
}


def store_upload(ws, partnership: str, name: str, filename: str, content: bytes) -> None:
    """The upload handler: store the workbook as a new version (the same file again is not stored twice),
    or show one plain sentence. With no name typed, a signed-in uploader is recorded by their account's name."""
    try:
        stored = plan.upload_version(ws, partnership, filename, content,  # signed in: the account's name if blank
                                     uploaded_by=name.strip() or (None if ws.user.local else ws.user.label))
    except CDPError as error:
        common.show_error(error)
        return
    common.bump_data_version()
    st.session_state[f"{PAGE}_version"] = stored.version_id
    st.session_state[f"{PAGE}_stored"] = (words.stored_message(filename) if stored.is_new else
                                          words.already_stored(filename, stored.version_id, partnership))
    st.rerun()  # the whole frame again: the sidebar's workspace status counts the new version


@st.cache_data(show_spinner=False, max_entries=16)
def actions(_ws, version_id: int, data_version: tuple) -> pd.DataFrame:
    return plan.tracked_actions(_ws, version_id)


@st.cache_data(show_spinner=False, max_entries=16)
def versions_for(_ws, partnership: str, data_version: tuple) -> pd.DataFrame:
    return plan.versions(_ws, partnership)


@st.cache_data(show_spinner=False, max_entries=16)
def _status(_ws, version_id: int, data_version: tuple, by: str) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The status counts by priority or lead, their table and the chart's height."""
    summary, table = plan.status_overview(actions(_ws, version_id, data_version), by)
    return summary, table, charts_plan.chart_height(summary, by)


@st.cache_data(show_spinner=False, max_entries=16)
def _comparison(_ws, old: int, new: int, data_version: tuple):
    return plan.compare_versions(_ws, old, new)


@st.cache_data(show_spinner=False, max_entries=8)
def _downloads(_ws, version_id: int, data_version: tuple) -> tuple[bytes, bytes]:
    return plan.tracker_files(_ws, version_id)


def _table(frame: pd.DataFrame, extra: list[str] | None = None, key: str | None = None) -> None:
    cols = ["ref", "action", "lead", "due", "status_word", *(extra or []), "progress", "priority", "objective",
            "due_text", "sheet", "row"]
    cols = [c for c in cols if c in frame and (c != "ref" or frame["ref"].notna().any())]
    st.dataframe(frame[cols], hide_index=True, width="stretch", column_config=ACTION_COLUMNS, key=key)


def upload_section(ws, partnership: str, expanded: bool) -> None:
    """The upload form, in an expander whose widgets are drawn only while it is open; for a viewer, one line
    saying why there is none."""
    if not common.may(ws, partnership):
        common.read_only_note(ws, partnership, "uploading a new version of the plan")
        return
    box = st.expander("Upload a new version of the plan", expanded=expanded, icon=":material/upload:",
                      key=f"{PAGE}_upload_open", on_change="rerun", bind="query-params")
    if not box.open:
        return
    with box:
        st.caption("Every upload is kept as a new version with its original file; nothing is overwritten.")
        name = st.text_input("Your name (recorded with the upload)", key=f"{PAGE}_uploader_name")
        upload = st.file_uploader("Delivery plan workbook (.xlsx)", type=["xlsx", "xlsm", "xls"],
                                  key=f"{PAGE}_upload")
        if st.button("Store as a new version", key=f"{PAGE}_store", disabled=upload is None,
                     icon=":material/save:"):
            store_upload(ws, partnership, name, upload.name, upload.getvalue())


def version_picker(versions: pd.DataFrame) -> int:
    """The plan-version selectbox, kept in the URL; the link decides on a first visit."""
    ids = [int(v) for v in versions["id"]]
    labels = dict(zip(ids, versions["label"]))
    if st.session_state.get(f"{PAGE}_version") not in ids:  # first visit, or another partnership: the link decides
        linked = common.url_choice("plan_version", [str(i) for i in ids], str(ids[0]), label="plan version")
        st.session_state[f"{PAGE}_version"] = int(linked)
        common.show_url_notices()
    version_id = st.selectbox("Plan version", ids, format_func=labels.get,
                              index=common.session_index(f"{PAGE}_version", ids), key=f"{PAGE}_version")
    common.keep_in_url("plan_version", str(version_id))
    return version_id


def headline_figures(frame: pd.DataFrame, today: dt.date) -> None:
    metrics = plan.headline_counts(frame, today)
    for col, (label, value) in zip(st.columns(len(metrics)), metrics):
        col.metric(label, f"{value:,}")


def unreadable_warnings(ws, version_id: int) -> None:
    warnings = plan.version_warnings(ws, version_id)
    if warnings:
        with st.expander(words.unreadable_heading(len(warnings))):
            st.write("\n".join(f"- {w}" for w in warnings[:200]))


def summary_section(ws, version_id: int, version_caption: str, by: str) -> None:
    """Actions by ``by`` ("priority" or "lead") and status: the bars and their table."""
    title = f"Actions by {by} and status"
    summary, table, height = _status(ws, version_id, common.data_version(ws), by)
    common.chart(common.chart_spec(charts_plan.status_bars, summary, by, title), width="stretch", height=height)
    st.caption(words.summary_caption(version_caption))
    st.dataframe(table, hide_index=True, width="stretch")


def dates_section(frame: pd.DataFrame, today: dt.date) -> None:
    late = plan.overdue(frame, today)
    soon = plan.due_soon(frame, today, 30)
    st.subheader(f"Overdue ({len(late):,})")
    if late.empty:
        st.success("No open action is past its due date.")
    else:
        _table(late, ["days_overdue"], key=f"{PAGE}_overdue_table")
    st.subheader(f"Due in the next 30 days ({len(soon):,})")
    if soon.empty:
        st.info(words.nothing_due_soon(today, 30))
    else:
        _table(soon, key=f"{PAGE}_soon_table")
    no_date = frame[frame["due"].isna()]
    if not no_date.empty:
        st.caption(words.no_date_caption(len(no_date)))


def as_at_picker() -> dt.date:
    """The "Tracking as at" date: today unless the link (``?as_at=YYYY-MM-DD``) or this session says otherwise;
    kept in the URL only when it is not today, so that a link opened another day tracks that day."""
    today = dt.date.today()
    chosen = st.date_input("Tracking as at", value=common.url_date("as_at", today, label="tracking date"),
                           format="DD/MM/YYYY", key=f"{PAGE}_as_at")
    common.keep_in_url("as_at", None if chosen == today else chosen.isoformat())
    return chosen


def _linked_list(url_key: str, options: list[str], label: str) -> list[str]:
    """A multiselect's choices from the link (``?lead=A&lead=B``) or this session; unknown ones are dropped with
    a notice."""
    from_link = st.query_params.get_all(url_key)
    raw = from_link or st.session_state.get(f"url_{url_key}") or []
    for unknown in [r for r in from_link if r not in options]:
        common.url_notice(label, unknown)
    return [r for r in raw if r in options]


def _keep_list_in_url(url_key: str, values: list[str]) -> None:
    st.session_state[f"url_{url_key}"] = list(values)
    if st.query_params.get_all(url_key) != list(values):
        st.query_params[url_key] = list(values)  # an empty list removes the key


def actions_section(frame: pd.DataFrame) -> pd.DataFrame:
    """The filters (kept in the URL: ``priority``, ``lead``, ``status``, repeated, and ``q``) and the actions."""
    options = {"priority": sorted(frame["priority"].fillna("Not given").unique()),
               "lead": sorted(frame["lead"].fillna("Not given").unique()), "status": STATUS_OPTIONS}
    chosen = {}
    for column, (url_key, values) in zip(st.columns(3), options.items()):
        chosen[url_key] = column.multiselect(url_key.capitalize(), values, key=f"{PAGE}_filter_{url_key}",
                                             default=_linked_list(url_key, values, url_key))
        _keep_list_in_url(url_key, chosen[url_key])
    search = st.text_input("Search the actions, leads and progress notes", key=f"{PAGE}_search",
                           value=st.query_params.get("q") or st.session_state.get("url_q") or "")
    common.keep_in_url("q", search.strip() or None)
    common.show_url_notices()
    shown = plan.filter_actions(frame, priorities=chosen["priority"], leads=chosen["lead"],
                                statuses=chosen["status"], search=search)
    st.caption(words.showing_caption(len(shown), len(frame)))
    _table(shown, key=f"{PAGE}_actions_table")
    return shown


def compare_section(ws, versions: pd.DataFrame, version_id: int) -> None:
    others = [int(v) for v in versions["id"] if int(v) != version_id]
    if not others:
        st.info("This is the only stored version: upload a later one to see what changed.")
        return
    labels = dict(zip(versions["id"].astype(int), versions["label"]))
    previous = plan.previous_version_id(ws, version_id)
    linked = common.url_option("compare", others, previous if previous in others else others[0],
                               label="version to compare with")
    other = st.selectbox("Compare with", others, index=others.index(linked), format_func=labels.get,
                         key=f"{PAGE}_compare_with")
    common.keep_in_url("compare", other)
    common.show_url_notices()
    old, new = (other, version_id) if other < version_id else (version_id, other)
    result = _comparison(ws, old, new, common.data_version(ws))
    s = result.summary()
    st.write(words.comparison_heading(labels[old], labels[new], s["matched_on"]))
    cols = st.columns(5)
    for col, (label, value) in zip(cols, words.comparison_figures(s)):
        col.metric(label, f"{value:,}")
    dates = {"before": st.column_config.DateColumn("Before", format="D MMM YYYY"),
             "after": st.column_config.DateColumn("After", format="D MMM YYYY")}
    for title, table, config in (
            ("Status changes", result.status_changes, {}), ("Due dates that slipped", result.slipped, dates),
            ("Added", result.added, {}), ("Removed", result.removed, {}),
            ("Every change", result.changed, {"field": "What changed"})):
        if table.empty:
            continue
        st.markdown(f"**{title}**")
        st.dataframe(words.change_table(table), hide_index=True, width="stretch", column_config={
            "action": st.column_config.TextColumn("Action", width="large"), "lead": "Lead", "before": "Before",
            "after": "After", "direction": "Better or worse", "ref": "Ref", "priority": "Priority",
            "objective": "Objective", "status": "Status", "sheet": "Sheet",
            "row": st.column_config.NumberColumn("Row", format="%d"),
            "days": st.column_config.NumberColumn("Days later", format="%d"),
            "due": st.column_config.DateColumn("Due", format="D MMM YYYY"), **config})


def links_section(ws, partnership: str, frame: pd.DataFrame) -> None:
    """Link actions to the indicators they aim at (not in meeting mode: nothing to edit there)."""
    if common.meeting_mode():
        st.caption("Links can be edited outside meeting mode.")
        return
    st.caption("Say which indicators an action is meant to move; the Outcomes page then lists the actions "
               "aimed at each indicator. Links follow the action's wording into later versions.")
    if not common.may(ws, partnership):
        common.read_only_note(ws, partnership, "linking actions to indicators")
        _linked_table(ws, partnership, frame, plan.links(ws, partnership))
        return
    names = plan.indicator_names(ws)
    texts = dict(zip(frame["action_key"], frame["action"]))
    key = st.selectbox("Action", list(texts), format_func=lambda k: texts[k][:120], key=f"{PAGE}_link_action")
    current = plan.links(ws, partnership)
    linked = current.loc[current["action_key"] == key, "indicator_id"].tolist()
    chosen = st.multiselect("Indicators it aims at", list(names), default=[i for i in linked if i in names],
                            format_func=lambda i: names.get(i, i), key=f"{PAGE}_link_indicators_{key[:12]}")
    if st.button("Save links", key=f"{PAGE}_link_save", icon=":material/link:"):
        try:
            plan.set_links(ws, partnership, key, chosen)
        except CDPError as error:
            common.show_error(error)
        else:
            common.bump_data_version()
            st.success(words.linked_message(len(chosen)))
            current = plan.links(ws, partnership)
    _linked_table(ws, partnership, frame, current)


def _linked_table(ws, partnership: str, frame: pd.DataFrame, current: pd.DataFrame) -> None:
    if not current.empty:
        st.dataframe(plan.linked_actions(ws, partnership, frame), hide_index=True, width="stretch",
                     column_config={"action": "Action", "indicator_id": "Indicator ID", "indicator": "Indicator"})


def downloads_section(ws, version_id: int, filename: str) -> None:
    stem = str(filename).rsplit(".", 1)[0]
    st.caption("The tracker as a tidy table: status as words (and fills in Excel), a frozen header and filters. "
               "Text that starts with = + - @ (or a tab) gets an apostrophe in front, so nothing in it runs "
               "when it is opened in a spreadsheet.")
    xlsx_bytes, csv_bytes = _downloads(ws, version_id, common.data_version(ws))
    c1, c2 = st.columns(2)
    c1.download_button("Download tracker (Excel)", xlsx_bytes, f"{stem}_tracker.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key=f"{PAGE}_download_xlsx", icon=":material/download:")
    c2.download_button("Download tracker (CSV)", csv_bytes, f"{stem}_tracker.csv",
                       mime="text/csv", key=f"{PAGE}_download_csv", icon=":material/download:")
    original_name, original = plan.original_file(ws, version_id)
    st.download_button("Download the original workbook (exactly as uploaded)", original, original_name,
                       key=f"{PAGE}_download_original", icon=":material/description:",
                       help="The file exactly as it was uploaded, byte for byte: the app has not checked or cleaned "
                            "it, so formulas and macros in it are as the uploader left them.")
