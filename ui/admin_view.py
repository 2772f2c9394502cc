"""Admin page: the members of the partnerships you administer, and the audit trail (filter, read, export).

Every check is made again by the services (:mod:`cdp_data.services.access`); this page only draws."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Callable

import streamlit as st

from cdp_data.core.errors import CDPError
from cdp_data.services import access
from cdp_data.services import partnerships as partnerships_service
from ui import common, downloads

if TYPE_CHECKING:
    from cdp_data.store import Workspace

ALL = "All"
AUDIT_COLUMNS = ["at", "user", "partnership", "action", "summary", "kind", "filename", "sha256", "counts"]


def allowed(ws: Workspace) -> bool:
    """Whether to draw the page: admins only (the page is not even in the navigation for anyone else)."""
    if access.is_admin(ws):
        return True
    st.error(f"{ws.user.label} is not an admin of any partnership: only admins see the members and the audit "
             "trail.", icon=":material/lock:")
    return False


def _administered(ws: Workspace) -> dict[str, str]:
    """code -> "Name (code)" for the partnerships the user administers."""
    roles = access.roles(ws)
    names = access.visible_partnerships(ws)
    return {code: f"{name} ({code})" for code, name in zip(names["code"], names["name"]) if roles.get(code) == "admin"}


def _act(action: Callable[[], str]) -> None:
    try:
        message = action()
    except CDPError as error:
        st.error(str(error), icon=":material/error:")
        return
    common.bump_data_version()
    st.success(message, icon=":material/check_circle:")


def members(ws: Workspace) -> None:
    choices = _administered(ws)
    if not choices:
        st.info("There is no partnership in the workspace yet.")
        return
    codes = list(choices)
    current = st.session_state.get("partnership")
    code = st.selectbox("Partnership", codes, index=codes.index(current) if current in codes else 0,
                        format_func=choices.get, key="admin_partnership")
    with st.form("admin_add_member", clear_on_submit=True):
        left, right = st.columns([3, 1])
        email = left.text_input("E-mail address (as they sign in)", key="admin_email")
        role = right.selectbox("Role", access.ROLES, key="admin_role",
                               help="viewer: reads; editor: also uploads and edits; admin: also members and "
                                    "national data")
        if st.form_submit_button("Add or change role", icon=":material/person_add:"):
            _act(lambda: access.add_member(ws, email, code, role))
    frame = access.list_members(ws, code)
    st.caption(f"{len(frame)} member(s) of {choices[code]}. Global administrators (CDP_ADMINS) are not listed: "
               "they are admin of every partnership.")
    if frame.empty:
        return
    st.dataframe(frame[["email", "role", "added_at", "added_by"]], hide_index=True, width="stretch")
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    who = left.selectbox("Member", frame["email"].tolist(), key="admin_remove_email")
    if right.button("Remove from the partnership", key="admin_remove", icon=":material/person_remove:"):
        _act(lambda: access.remove_member(ws, who, code))


def audit(ws: Workspace) -> None:
    choices = _administered(ws)
    one, two, three = st.columns(3)  # the filters are kept in the URL: audit_area, audit_action, audit_since
    areas, actions = [ALL, *choices], [ALL, *access.audit_actions(ws)]
    partnership = one.selectbox("Partnership", areas, format_func=lambda c: choices.get(c, c), key="audit_partnership",
                                index=areas.index(common.url_choice("audit_area", areas, ALL, label="partnership")))
    action = two.selectbox("Action", actions, key="audit_action",
                           index=actions.index(common.url_choice("audit_action", actions, ALL, label="action")))
    month_ago = dt.date.today() - dt.timedelta(days=30)
    since = three.date_input("Since", value=common.url_date("audit_since", month_ago, label="date"),
                             key="audit_since", format="DD/MM/YYYY")
    common.keep_in_url("audit_area", None if partnership == ALL else partnership)
    common.keep_in_url("audit_action", None if action == ALL else action)
    common.keep_in_url("audit_since", None if since == month_ago else since.isoformat())
    common.show_url_notices()
    frame = access.audit_trail(ws, since=since, partnership=None if partnership == ALL else partnership,
                               action=None if action == ALL else action)
    shown = frame[AUDIT_COLUMNS].iloc[::-1].reset_index(drop=True)  # newest first
    st.caption(f"{len(shown)} entr{'y' if len(shown) == 1 else 'ies'}, newest first. The trail is append-only: "
               "the database refuses to change or delete an entry.")
    if shown.empty:
        return
    st.dataframe(shown, hide_index=True, width="stretch")
    downloads.csv_download(shown, "Download these entries (CSV)", "audit_trail", key="audit_csv")


def partnerships(ws: Workspace) -> None:
    """Which areas are partnerships; global administrators declare or remove them."""
    frame = partnerships_service.list_partnerships(ws)
    st.caption(f"{len(frame)} partnership(s). Loading national data (Fingertips, NDTMS) records its areas as "
               "comparators only: an area becomes a partnership when the demo seeds it or an administrator "
               "declares it here (or with `python -m cdp_data partnerships add CODE`).")
    st.dataframe(frame.rename(columns={"code": "Code", "name": "Name", "area_type": "Area type",
                                       "region_code": "Region"}), hide_index=True, width="stretch")
    if not access.is_global_admin(ws):
        st.caption("Only a global administrator (CDP_ADMINS) declares or removes partnerships.")
        return
    candidates = partnerships_service.candidates(ws)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    code = left.selectbox("Upper-tier area", list(candidates), format_func=candidates.get, key="admin_declare_code",
                          placeholder="No other upper-tier area is recorded", index=None if not candidates else 0)
    if right.button("Make it a partnership", key="admin_declare", disabled=not code, icon=":material/add:"):
        _act(lambda: partnerships_service.declare_partnership(ws, code))
    names = dict(zip(frame["code"], frame["name"]))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    gone = left.selectbox("Partnership", list(names), format_func=lambda c: f"{names[c]} ({c})",
                          key="admin_remove_partnership")
    if right.button("Make it a comparator only", key="admin_undeclare", disabled=not gone,
                    icon=":material/remove:"):
        _act(lambda: partnerships_service.remove_partnership(ws, gone))
