"""The meeting page: one slide at a time, full screen, with Next/Previous (on screen, arrow keys and Page
Up/Down), "3 of 9", a "Go to" list, the agenda editor (skip, reorder, save) and "Record this meeting"
(drawn from what cdp_data.services.meeting returns)."""

from __future__ import annotations

import datetime as dt
from html import escape

import streamlit as st

from cdp_data.core.clock import today
from cdp_data.core.errors import CDPError
from cdp_data.present import meeting as words
from cdp_data.services import meeting
from ui import common, meeting_slides

AT = "meeting_at"


@st.cache_data(show_spinner=False, max_entries=16)
def _agenda(_ws, version: tuple, partnership: str, as_of: dt.date, since: int | None, arrangement: str | None):
    import json

    return meeting.agenda(_ws, partnership, as_of, since, json.loads(arrangement) if arrangement else None)


@st.cache_data(show_spinner=False, max_entries=16)
def _recorded(_ws, version: tuple, partnership: str) -> list[dict]:
    return meeting.recorded_meetings(_ws, partnership)


def start() -> None:
    """Full-screen slides: the meeting's style sheet (no sidebar, no Streamlit chrome, large type)."""
    st.html(f"<style>{(common.ASSETS / 'slides.css').read_text()}</style>")


def since_choice(ws, version: tuple, partnership: str) -> int | None:
    """The recorded meeting to compare with (``?since=ID``): by default the last one before today."""
    earlier = [m for m in _recorded(ws, version, partnership) if m["meeting_date"] < today()]
    ids = [str(m["id"]) for m in earlier]
    chosen = common.url_choice("since", ids, ids[0] if ids else None, label="meeting to compare with")
    common.keep_in_url("since", chosen if chosen and ids and chosen != ids[0] else None)
    st.session_state["url_since"] = chosen
    return int(chosen) if chosen else None


def arrangement_key(partnership: str) -> str:
    return f"meeting_arrangement_{partnership}"


def agenda_for(ws, version: tuple, partnership: str, since: int | None) -> dict:
    """The agenda as the chair has arranged it in this session (else as saved for the partnership)."""
    import json

    arranged = st.session_state.get(arrangement_key(partnership))
    return _agenda(ws, version, partnership, today(), since, json.dumps(arranged) if arranged else None)


def position(slides: list[dict]) -> int:
    """The slide shown (1-based): the link's ``?slide=`` (a number or a slide id) when it is new, else this
    session's slide, found by its id so that it stays on screen when the agenda around it changes; kept in
    the address as a number."""
    ids = [s["id"] for s in slides]
    raw = st.query_params.get("slide")
    if raw is not None and raw != st.session_state.get("_meeting_url_slide"):
        if raw.isdigit() and 1 <= int(raw) <= len(slides):
            st.session_state[AT] = ids[int(raw) - 1]
        elif raw in ids:
            st.session_state[AT] = raw
        else:
            common.url_choice("slide", [], None, label="slide")  # the notice
            st.session_state[AT] = ids[0]
    current = st.session_state.get(AT)
    at = ids.index(current) + 1 if current in ids else 1
    st.session_state[AT] = ids[at - 1]
    st.session_state["_meeting_url_slide"] = str(at)
    common.keep_in_url("slide", str(at))
    return at


def _go(slide_id: str) -> None:
    st.session_state[AT] = slide_id


def _go_to_chosen(ids: list[str]) -> None:
    st.session_state[AT] = ids[int(st.session_state["meeting_goto"]) - 1]


def controls(slides: list[dict], at: int):
    """The bar above the slide: Previous, Next, "3 of 9", Go to, the agenda; the keys (arrows, Page Up/Down)
    press Previous and Next."""
    n = len(slides)
    ids = [s["id"] for s in slides]
    before, after = ids[max(at - 2, 0)], ids[min(at, n - 1)]
    bar = st.container(horizontal=True, vertical_alignment="center", key="meeting_bar")
    with bar:
        st.button("Previous", key="meeting_prev", icon=":material/arrow_back:", disabled=at <= 1,
                  on_click=_go, args=(before,), shortcut="Left", help="Previous slide (← or Page Up)")
        st.button("Next", key="meeting_next", icon=":material/arrow_forward:", icon_position="right",
                  disabled=at >= n, on_click=_go, args=(after,), shortcut="Right", type="primary",
                  help="Next slide (→ or Page Down)")
        # what presentation clickers send: Page Up / Page Down (the same buttons, out of sight)
        st.button("Previous slide", key="meeting_page_up", disabled=at <= 1, on_click=_go, args=(before,),
                  shortcut="PageUp")
        st.button("Next slide", key="meeting_page_down", disabled=at >= n, on_click=_go, args=(after,),
                  shortcut="PageDown")
        st.html(f"<span class='cdp-counter' aria-live='polite'>{words.counter_text(at, n)}</span>")
        st.session_state["meeting_goto"] = at
        st.selectbox("Go to", list(range(1, n + 1)), index=at - 1, key="meeting_goto",  # see common.session_index
                     on_change=_go_to_chosen, args=(ids,), format_func=lambda i: f"{i}. {slides[i - 1]['title']}", width=380)
    return bar  # the page adds the agenda and record boxes to it


def slide(ws, version: tuple, partnership: str, name: str, current: dict, agenda: dict) -> None:
    with st.container(key="meeting_slide"):
        st.markdown(f"<h1 class='cdp-slide-title'>{escape(current['title'])}</h1>", unsafe_allow_html=True)
        meeting_slides.draw(ws, version, partnership, name, current, agenda)


def agenda_editor(ws, partnership: str, agenda: dict) -> None:
    """Skip and reorder the agenda's items (this session at once), save them for the partnership, record the
    meeting."""
    key = arrangement_key(partnership)
    sections = agenda["sections"]
    order = [s["section"] for s in sections]
    skipped = {s["section"] for s in sections if s["skipped"]}
    for i, s in enumerate(sections):
        row = st.container(horizontal=True, vertical_alignment="center")
        shown = row.checkbox(s["title"] + (f" ({s['slides']} slides)" if s["slides"] > 1 else ""),
                             value=not s["skipped"], key=f"meeting_show_{partnership}_{s['section']}")
        if shown == (s["section"] in skipped):
            skipped ^= {s["section"]}
            st.session_state[key] = {"order": order, "skipped": sorted(skipped)}
            st.rerun()
        for label, icon, step in (("Earlier", ":material/arrow_upward:", -1),
                                  ("Later", ":material/arrow_downward:", 1)):
            if row.button("", key=f"meeting_move_{step}_{s['section']}", icon=icon, help=f"{label} in the agenda",
                          disabled=(i == 0 and step < 0) or (i == len(sections) - 1 and step > 0)):
                st.session_state[key] = {"order": meeting.moved(order, s["section"], step),
                                         "skipped": sorted(skipped)}
                st.rerun()
    if st.button("Save agenda", key="meeting_save_agenda", icon=":material/save:"):
        try:
            meeting.save_agenda(ws, partnership, order, sorted(skipped))
        except CDPError as error:
            common.show_error(error)
        else:
            common.bump_data_version()
            st.toast("Saved the agenda for this partnership.")


def _compare_with() -> None:
    chosen = st.session_state["meeting_since"]
    st.session_state["url_since"] = str(chosen)
    st.query_params["since"] = str(chosen)


def compare_with(ws, version: tuple, partnership: str, agenda: dict) -> None:
    """Which recorded meeting "what changed" compares with (the last one before today unless chosen)."""
    earlier = [m for m in _recorded(ws, version, partnership) if m["meeting_date"] < today()]
    if not earlier:
        st.caption(words.since_text(None, today()))
        return
    labels = {m["id"]: words.meeting_label(m) for m in earlier}
    st.session_state["meeting_since"] = agenda["since"]["id"] if agenda["since"] else earlier[0]["id"]
    st.selectbox("Compare with", list(labels), index=common.session_index("meeting_since", list(labels)),
                 key="meeting_since", format_func=labels.get, on_change=_compare_with)


def record(ws, partnership: str, agenda: dict) -> None:
    if st.button("Record this meeting", key="meeting_record", icon=":material/event_available:",
                 help="Keep today's date, plan version and data as of today: the next meeting's "
                      "\"since the last meeting\" compares with it."):
        order = [s["section"] for s in agenda["sections"]]
        skipped = [s["section"] for s in agenda["sections"] if s["skipped"]]
        try:
            meeting.record_meeting(ws, partnership, agenda={"order": order, "skipped": skipped})
        except CDPError as error:
            common.show_error(error)
        else:
            common.bump_data_version()
            st.toast(words.recorded_text(today()))
