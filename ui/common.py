"""Shared UI pieces: the workspace handle, the sidebar, URL state, the footer.

Pages import from here; the domain (``cdp_data``) never imports this.
"""

from __future__ import annotations

import base64
import datetime as dt
import gc
import hashlib
import importlib
import pickle
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from cdp_data.core import config, logs
from cdp_data.present import access as access_words
from cdp_data.services import access
from cdp_data.services import workspace as workspace_service
from cdp_data.services.workspace import workspace_attributions
from cdp_data.core.errors import CDPError
from cdp_data.present import licences
from cdp_data.bootstrap import open_workspace
from ui import identity, nodelay

if TYPE_CHECKING:
    from cdp_data.store import Workspace

ASSETS = Path(__file__).resolve().parent.parent / "assets"
GSS_CODE = re.compile(r"^E\d{8}$")
SYNTHETIC_BADGE = ":orange-badge[synthetic demo data]"


@st.cache_resource(show_spinner=False)
def _open_workspace(folder: str) -> Workspace:
    return open_workspace(folder)


_modules_when_frozen = 0


def start_frame() -> None:
    """Called by app.py at the top of every run, before the page runs."""
    st.session_state["_cdp_frame"] = True
    st.html(f"<style>{(ASSETS / 'app.css').read_text()}</style>")  # keyboard focus visible on every control
    logs.configure()
    nodelay.enable()
    _no_unescaped_table_downloads()
    _freeze_long_lived_objects()


def _no_unescaped_table_downloads() -> None:
    """Switch off the tables' own "Download as CSV" (it does not neutralise formulas) if .streamlit/config.toml
    was not read (a server started from another folder); the option is global and takes effect from the next run."""
    if not st.get_option("client.disableDataExport"):
        st.set_option("client.disableDataExport", True)


def _freeze_long_lived_objects() -> None:
    """Streamlit runs a full garbage collection after every script run
    (``runner.postScriptGC``). With pandas, Altair, GeoPandas and pydeck loaded
    that walks about 200,000 objects and holds the interpreter lock for over
    100 ms, which delays the "script finished" message of every page switch.
    Most of those objects come from imported modules and live as long as the
    server, so move them out of the collector's sight (``gc.freeze``) whenever
    new modules have been imported (a few times in a server's life: the first run
    and the first visit of each page). Garbage is collected first so that none is
    frozen; objects that die later are still freed by reference counting (only
    reference cycles among frozen objects would wait for the process to end)."""
    global _modules_when_frozen
    if len(sys.modules) != _modules_when_frozen:
        gc.collect()
        gc.freeze()
        _modules_when_frozen = len(sys.modules)


def _escape_legacy_pages_mode() -> None:
    """Streamlit runs the first request of a fresh server in its legacy
    pages-folder mode when that request is a deep link (``/data``) and the app
    keeps its pages in ``pages/``: the page then runs without app.py, so without
    the sidebar and navigation. Switch Streamlit to ``st.navigation`` mode (as
    its own first ``st.navigation`` call would) and rerun once, so that app.py
    frames the requested page."""
    if st.session_state.get("_cdp_frame_escape"):
        return  # tried once already (e.g. a page run on its own in a test): carry on
    st.session_state["_cdp_frame_escape"] = True
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()


def workspace() -> Workspace:
    """The workspace for this server (one engine shared by all sessions), acting as the signed-in user (or,
    in local mode, the operating-system user). Without one, the sign-in screen is drawn and the run stops."""
    if not st.session_state.get("_cdp_frame"):
        _escape_legacy_pages_mode()
    user = identity.current_user()
    return _open_workspace(str(config.workspace_dir())).acting_as(user)


def data_version(ws: Workspace) -> tuple:
    """Changes whenever anything writes to the workspace (any session, or the CLI), and differs between users
    who may read different partnerships: pass it to cached functions as a cache key, so that a result computed
    for one user is never served to another who may not see it (the key ends with the partnerships the user
    reads, ``("*",)`` for all)."""
    revision = ws.revision()
    return (*revision, _reader_scope(ws, revision, ws.user.email, ws.user.local))


@st.cache_data(show_spinner=False, max_entries=64)
def _reader_scope(_ws: Workspace, revision: tuple, user: str, local: bool) -> tuple:
    codes = access.readable_codes(_ws)  # the user's own partnerships (``user`` and ``local`` key the cache)
    return ("*",) if codes is None else tuple(sorted(codes))


def bump_data_version() -> None:
    """Call after writing to the workspace from a page: drops cached reads at once."""
    st.cache_data.clear()


def may(ws: Workspace, partnership: str | None, role: str = "editor") -> bool:
    """Whether to offer the controls that need ``role`` in the partnership (the services check again)."""
    return access.RANK.get(_role_of(ws, data_version(ws), ws.user.email, partnership) or "", 0) >= access.RANK[role]


@st.cache_data(show_spinner=False, max_entries=32)
def _role_of(_ws: Workspace, version: tuple, user: str, partnership: str | None) -> str | None:
    return access.role_of(_ws, partnership)


def read_only_note(ws: Workspace, partnership: str, what: str, role: str = "editor") -> None:
    """One quiet line where a viewer would have had controls they may not use."""
    have = _role_of(ws, data_version(ws), ws.user.email, partnership)
    st.caption(access_words.read_only(have, partnership, what, role))


@st.cache_data(show_spinner=False, max_entries=32)
def _partnerships(_ws: Workspace, version: tuple, user: str):
    return access.visible_partnerships(_ws)  # only the user's own partnerships (``user`` keys the cache)


# ---- URL state ----------------------------------------------------------
def url_choice(key: str, options: list[str], default: str | None, *, label: str | None = None) -> str | None:
    """A value from ``st.query_params`` if it is one of ``options``; otherwise the
    default, with a notice saying the link's value was not understood."""
    raw = st.query_params.get(key)
    if raw is None:  # this session's last choice (another page may share the key: only if it is an option here)
        kept = st.session_state.get(f"url_{key}")
        return kept if kept in options else default
    if raw in options:
        return raw
    url_notice(label or key, raw)
    return default


def url_notice(label: str, raw: str) -> None:
    """Say (at the next :func:`show_url_notices`) that the link's ``label`` value ``raw`` was not understood."""
    notices = st.session_state.setdefault("url_notices", [])
    notices.append(f"The link's {label} “{raw}” is not recognised; showing the default instead.")


def url_option(key: str, options: list, default, *, label: str | None = None):
    """:func:`url_choice` for options of any type (numbers, codes), matched on their text: the option itself."""
    by_text = {str(o): o for o in options}
    chosen = url_choice(key, list(by_text), None if default is None else str(default), label=label)
    return by_text.get(chosen, default)


def url_number(key: str, low: int, high: int, default: int, *, label: str | None = None) -> int:
    """A whole number from the link between ``low`` and ``high``, else ``default`` (with the notice)."""
    return url_option(key, list(range(low, high + 1)), default, label=label)


def url_date(key: str, default: dt.date, *, label: str | None = None) -> dt.date:
    """A date from the link (``?key=YYYY-MM-DD``) or this session, else ``default`` (with the notice)."""
    raw = st.query_params.get(key) or st.session_state.get(f"url_{key}")
    try:
        return dt.date.fromisoformat(raw) if raw else default
    except ValueError:
        url_notice(label or key, raw)
        return default


def session_index(key: str, options: list, fallback: int = 0) -> int:
    """Where this session's value of the widget ``key`` sits among ``options`` (``fallback`` when it is not one).

    Give it as the widget's ``index`` wherever a page sets ``st.session_state[key]`` itself (from a link, a
    stored upload, a button). A browser that draws the widget only after the user's next click (a quick click
    on a page still being drawn, on a busy server) starts it from its default and sends that back as the user's
    choice: with the default at the first option, an officer opening a link to Lancashire and at once
    uploading a plan stored it for Halton. With the default at the session's value nothing changes.
    (Streamlit's warning about a default beside a session value is off in .streamlit/config.toml.)"""
    if key not in st.session_state or st.session_state[key] not in options:
        return fallback
    return options.index(st.session_state[key])


def keep_in_url(key: str, value: str | None) -> None:
    """Remember a selection for this session and write it into the address bar."""
    value = None if value is None else str(value)
    st.session_state[f"url_{key}"] = value
    if value is None:
        st.query_params.pop(key, None)
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def show_url_notices() -> None:
    for notice in st.session_state.pop("url_notices", []):
        st.warning(notice, icon=":material/link_off:")


# ---- the sidebar --------------------------------------------------------
def partnership_picker(ws: Workspace, version: tuple) -> str | None:
    """The partnership picker; its choice lives in ``?partnership=CODE`` (``version``: :func:`data_version`)."""
    partnerships = _partnerships(ws, version, ws.user.email)
    if partnerships.empty:
        st.sidebar.info("No partnership in the workspace yet: load data on the Data page." if ws.user.local else
                        f"{ws.user.label} is not a member of any partnership yet: ask an admin to add you.")
        return None
    codes = partnerships["code"].tolist()
    names = dict(zip(partnerships["code"], partnerships["name"]))
    default = _default_partnership(ws, version)
    current = url_choice("partnership", codes, default if default in codes else codes[0], label="partnership")
    if st.session_state.get("sidebar_partnership") not in codes:
        st.session_state["sidebar_partnership"] = current
    raw = st.query_params.get("partnership")
    if raw in codes and st.session_state.get("_applied_url_partnership") != raw:
        # A pasted link wins over this session's earlier choice, once.
        st.session_state["sidebar_partnership"] = raw
    chosen = st.sidebar.selectbox(
        "Partnership", codes, index=session_index("sidebar_partnership", codes),
        format_func=lambda c: f"{names[c]} ({c})", key="sidebar_partnership",
    )
    st.session_state["_applied_url_partnership"] = chosen
    keep_in_url("partnership", chosen)
    st.session_state["partnership"] = chosen
    st.session_state["partnership_name"] = names.get(chosen)
    return chosen


@st.cache_data(show_spinner=False, max_entries=8)
def _default_partnership(_ws: Workspace, version: tuple) -> str | None:
    return _ws.get_setting("default_partnership")


def meeting_mode() -> bool:
    """True when meeting mode is on (toggle or ``?mode=meeting``)."""
    return st.session_state.get("meeting_mode", False)


def meeting_toggle() -> bool:
    from_url = st.query_params.get("mode") == "meeting"
    if "meeting_mode_toggle" not in st.session_state:
        st.session_state["meeting_mode_toggle"] = from_url
    on = st.sidebar.toggle("Meeting mode", key="meeting_mode_toggle",  # the value: see session_index
                           value=bool(st.session_state["meeting_mode_toggle"]),
                           help="Large type, no widgets: for screen-sharing in a partnership meeting.")
    st.session_state["meeting_mode"] = on
    keep_in_url("mode", "meeting" if on else None)
    if on:
        st.html(f"<style>{(ASSETS / 'meeting.css').read_text()}</style>")
    return on


def leave_meeting_button() -> None:
    """In meeting mode the sidebar is hidden: offer the way out at the top of every page."""
    if meeting_mode():
        st.button("Leave meeting mode", key="leave_meeting", type="tertiary", icon=":material/close:",
                  on_click=lambda: st.session_state.update(meeting_mode_toggle=False))


@st.cache_data(show_spinner=False)
def _logo_html() -> str:
    """The logo, decorative (``alt=""``: the app's name is beside it); st.image cannot set alternative text."""
    data = base64.b64encode((ASSETS / "logo.svg").read_bytes()).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" alt="" width="56" height="56">'


def sidebar(ws: Workspace) -> None:
    with st.sidebar:
        st.html(_logo_html())
    version = data_version(ws)   # once: nothing writes while the sidebar is drawn
    partnership_picker(ws, version)
    meeting_toggle()
    summary = _workspace_status(ws, version)
    st.sidebar.caption(summary)
    identity.sidebar(ws.user)


@st.cache_data(show_spinner=False, max_entries=4)
def _workspace_status(_ws: Workspace, version: tuple) -> str:
    s = workspace_service.visible_counts(_ws)   # what this user may see (version carries the user's partnerships)
    synthetic = " · includes synthetic demo data" if s["synthetic"] else ""
    return (f"Workspace: {s['indicator_values']:,} indicator values, {s['plan_versions']} plan version(s), "
            f"{s['datasets']} dataset(s){synthetic}.")


def footer(ws: Workspace) -> None:
    lines = licences.footer_lines(_attributions(ws, data_version(ws)))
    st.divider()
    with st.container(key="cdp_footer"):   # meeting.css sets it in smaller type on a projector
        st.caption(" ".join(lines) if lines else "No licensed public data loaded yet.")


@st.cache_data(show_spinner=False, max_entries=4)
def _attributions(_ws: Workspace, version: tuple) -> list[str]:
    return workspace_attributions(_ws)


def chart_spec(build, *args, **kwargs) -> dict:
    """The Vega-Lite spec of the Altair chart ``build(*args, **kwargs)``, cached on the
    builder and its arguments (data frames by content): building an Altair chart and
    turning it into a spec took most of a chart page's run time, 30-80 ms a chart, on
    every run. The arguments are keyed by a digest of their pickle, which holds all of
    their content (Streamlit's own hashing of a frame column by column took 2-9 ms a
    chart at every run)."""
    content = hashlib.sha256(pickle.dumps((args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
    return _chart_spec(build.__module__, build.__qualname__, content, args, kwargs)


@st.cache_data(show_spinner=False, max_entries=64)
def _chart_spec(module: str, name: str, content: str, _args: tuple, _kwargs: dict) -> dict:
    build = getattr(importlib.import_module(module), name)
    # not validated against the Vega-Lite JSON schema: our charts are built by tested code
    return build(*_args, **_kwargs).to_dict(validate=False)


def chart(spec: dict, description: str | None = None, **kwargs) -> None:
    """Draw a chart from its Vega-Lite spec (see :func:`chart_spec`), named for screen readers: the SVG gets
    ``description`` (or one worked out from the spec) as its label, and the marks are hidden from assistive
    technology, which reads the table every chart has beside it instead of hundreds of unnamed shapes."""
    spec = {**spec, "description": description or spec.get("description") or describe_chart(spec)}
    config = dict(spec.get("config") or {})
    config["mark"] = {**(config.get("mark") or {}), "aria": False}
    spec["config"] = config
    st.vega_lite_chart(spec, **kwargs)


def _title_text(title) -> str:
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(str(t) for t in title)
    return str(title or "").strip()


def _channel_name(encoding: dict, channel: str) -> str:
    found = encoding.get(channel) or {}
    return _title_text(found.get("title")) or str(found.get("field") or "").replace("_", " ")


def describe_chart(spec: dict) -> str:
    """A short name for a chart from its spec: its title, else "Chart of <y> by <x>"."""
    title = _title_text(spec.get("title"))
    layers = [spec, *spec.get("layer", []), *spec.get("vconcat", []), *spec.get("hconcat", [])]
    for layer in layers:
        encoding = layer.get("encoding") or {}
        y, x = _channel_name(encoding, "y"), _channel_name(encoding, "x")
        if x or y:
            axes = f"{y or 'values'} by {x}" if x else y
            return f"{title}: chart of {axes}" if title else f"Chart of {axes}"
    return title or "Chart"


def lazy_tabs(labels: list[str], key: str, default: str | None = None):
    """Tabs whose hidden panels do not run: only the selected tab is computed and
    drawn (a page with six tabs costs one), and the choice is kept in the URL under
    ``key`` so that a link reopens the same tab (``default``, else the first, when the
    link names none). Use ``if tab.open:`` inside each."""
    return st.tabs(labels, key=key, default=default, on_change="rerun", bind="query-params")


def lazy_sections(sections: dict, key: str, default: str | None = None) -> None:
    """:func:`lazy_tabs` labelled by ``sections``' keys; the open tab's function (its value,
    called with no argument) draws inside it, and the others do not run."""
    for tab, draw in zip(lazy_tabs(list(sections), key, default), sections.values()):
        if tab.open:
            with tab:
                draw()


def show_error(error: Exception) -> None:
    """One plain sentence, never a traceback: the app's own errors say what to do; anything else
    is logged on the server with its traceback and shown with a reference the user can quote."""
    if isinstance(error, CDPError):
        st.error(str(error), icon=":material/error:")
    else:
        reference = logs.log_unexpected(error, context=st.session_state.get("_cdp_page", ""))
        st.error(logs.unexpected_sentence(reference), icon=":material/error:")


def page_title(title: str, caption: str | None = None) -> None:
    st.title(title)
    if caption:
        st.caption(caption)
    show_url_notices()
