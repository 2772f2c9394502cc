"""The Overview page's sections: the status line, the tiles, the comparison across partnerships, the
milestones and the board-paper downloads (drawn from what cdp_data.services.overview returns)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from cdp_data.core.clock import today
from cdp_data.core.errors import CDPError
from cdp_data.present import targets as words
from cdp_data.services import board_pack
from cdp_data.services import milestones as ms
from cdp_data.services import overview as ov
from cdp_data.services import report
from cdp_data.services import targets as target_service
from ui import charts_overview, common

DELTA_COLOUR = {"high_is_good": "normal", "low_is_good": "inverse"}


def tiles_for(ws, version: tuple, code: str) -> list[dict]:
    """The tiles with their statuses as of today (today is part of the cache key)."""
    return _tiles_for(ws, version, code, today())


def dumbbell_for(ws, version: tuple, indicator_id: str):
    return _dumbbell_for(ws, version, indicator_id, today())


@st.cache_data(show_spinner=False, max_entries=16)
def _tiles_for(_ws, version: tuple, code: str, as_of: dt.date) -> list[dict]:
    return ov.overview_tiles(_ws, code, as_of, statuses=_statuses(_ws, version, as_of))


@st.cache_data(show_spinner=False, max_entries=32)
def _dumbbell_for(_ws, version: tuple, indicator_id: str, as_of: dt.date):
    return ov.dumbbell_data(_ws, indicator_id, as_of, statuses=_statuses(_ws, version, as_of))


@st.cache_data(show_spinner=False, max_entries=4)
def indicators_for(_ws, version: tuple) -> list[tuple[str, str]]:
    return ov.dumbbell_indicators(_ws, statuses=_statuses(_ws, version, today()))


@st.cache_data(show_spinner=False, max_entries=4)
def _statuses(_ws, version: tuple, as_of: dt.date) -> list:
    """Every partnership's target statuses as of a day: the comparison's indicators and its rows read them."""
    return target_service.target_statuses(_ws, as_of=as_of)


def pill(tile: dict) -> str:
    return (f"<span class='cdp-pill' style='background:{tile['colour']};color:{tile['text_colour']};"
            f"padding:1px 8px;border-radius:4px;font-weight:600'>{tile['symbol']} {tile['status_label']}</span>")


def status_line(tiles: list[dict], name: str, meeting: bool) -> None:
    st.markdown(words.status_counts_text(ov.tile_status_counts(tiles)) + (f" — {name}" if meeting else ""))


def status_tiles(tiles: list[dict], meeting: bool) -> None:
    if meeting:
        st.html(charts_overview.tiles_html(tiles))
    per_row = 0 if meeting else 4
    for start in range(0, len(tiles) if per_row else 0, per_row or 1):
        columns = st.columns(per_row)
        for column, tile in zip(columns, tiles[start:start + per_row]):
            with column.container(border=True, key=f"overview_tile_{tile['indicator_id']}"):
                spark = [p["value"] for p in tile["sparkline"]]
                st.metric(tile["title"], tile["latest_text"], delta=tile["change_text"],
                          delta_color=DELTA_COLOUR.get(tile["polarity"], "off"), help=tile["help"],
                          chart_data=spark if len(spark) >= 2 else None, chart_type="line", height="stretch")
                st.markdown(pill(tile), unsafe_allow_html=True, help=tile["status_reason"])
                st.caption("  \n".join(words.tile_details(tile)))


def status_rule() -> None:
    with st.expander("How the status is worked out"):
        st.markdown(words.STATUS_RULE)
        st.caption(words.PACE_NOTE)


def partnership_comparison(ws, version: tuple, meeting: bool) -> None:
    """The indicator picker (kept in the URL), the dumbbell chart across partnerships and its table."""
    options = indicators_for(ws, version)
    ids = [i for i, _ in options]
    labels = dict(options)
    chosen = common.url_choice("indicator", ids, ov.default_dumbbell_indicator(ids), label="indicator")
    common.show_url_notices()
    if st.session_state.get("overview_indicator") not in ids or (
            st.query_params.get("indicator") in ids and st.session_state.get("_overview_url_indicator")
            != st.query_params.get("indicator")):
        st.session_state["overview_indicator"] = chosen
    if not ids:
        return
    if meeting:
        indicator = st.session_state["overview_indicator"]
    else:
        indicator = st.selectbox("Indicator for the comparison", ids, format_func=lambda i: labels.get(i, i),
                                 index=common.session_index("overview_indicator", ids), key="overview_indicator")
    st.session_state["_overview_url_indicator"] = indicator
    common.keep_in_url("indicator", indicator)
    frame = dumbbell_for(ws, version, indicator)
    st.markdown(f"**{labels.get(indicator, indicator)}: baseline to latest, all partnerships**")
    drawn = ov.with_points(frame)
    if not drawn.empty:
        # In meeting mode the chart keeps one height whatever the number of partnerships, so that the
        # page still fits the screen; elsewhere each partnership gets its own row height.
        plot_height = 105 if meeting else 44 * max(2, len(drawn))
        common.chart(common.chart_spec(charts_overview.dumbbell, drawn, labels.get(indicator, indicator),
                                       height=plot_height),
                     width="stretch", height=plot_height + 90, theme=None)
        if not meeting:   # on the projector the chart's own legend names the three marks in words
            st.caption("Grey dot: baseline; blue dot: latest; orange diamond: target. Source: the workspace's "
                       "loaded figures and targets (see the Data page).")
    else:
        st.info("No partnership has figures or a target for this indicator yet.")
    if meeting:
        return
    box = st.expander("The figures behind the chart", key="overview_figures", on_change="rerun",
                      bind="query-params", icon=":material/table:")
    if box.open:  # the table is drawn only when asked for
        number = st.column_config.NumberColumn
        box.dataframe(frame.drop(columns=["partnership_code"]), hide_index=True, width="stretch",
                      column_config={"partnership": "Partnership",
                                     "baseline": number("Baseline", format="localized"),
                                     "baseline_period": "Baseline period",
                                     "latest": number("Latest", format="localized"),
                                     "latest_period": "Latest period",
                                     "target": number("Target", format="localized"),
                                     "target_period": "Target for", "change": "Change", "status": "Status"})


@st.cache_data(show_spinner=False, max_entries=16)
def _checklist(_ws, version: tuple, partnership: str):
    return ms.milestone_checklist(_ws, partnership)


def milestones(ws, partnership: str, meeting: bool, version: tuple | None = None) -> None:
    """The national milestones as a checklist; outside meeting mode, an expander (drawn only when open)
    holds the editable table and its Save button (``version``: the page's :func:`ui.common.data_version`)."""
    checklist = _checklist(ws, common.data_version(ws) if version is None else version, partnership)
    met = int(checklist["met"].sum())
    st.markdown(f"**National milestones: {met} of {len(checklist)} met**")
    lines = [f"<div>{words.milestone_line(r.label, r.met, r.met_on)}</div>" for r in checklist.itertuples()]
    st.html("<div class='cdp-milestones' style='line-height:1.6'>" + "".join(lines) + "</div>")
    if meeting:
        return
    box = st.expander("Edit milestones", key="overview_edit_milestones", on_change="rerun", bind="query-params",
                      icon=":material/edit:")
    if box.open:
        with box:
            _milestone_editor(ws, partnership, checklist)


def _milestone_editor(ws, partnership: str, checklist) -> None:
    edited = st.data_editor(
        checklist, hide_index=True, width="stretch", key=f"overview_milestones_{partnership}",
        column_order=["met", "label", "met_on", "note"], disabled=["label"],
        column_config={"met": st.column_config.CheckboxColumn("Met", width="small"),
                       "label": st.column_config.TextColumn("Milestone", width="medium"),
                       "met_on": st.column_config.DateColumn("Date met", format="D MMM YYYY"),
                       "note": st.column_config.TextColumn("Note")})
    if st.button("Save milestones", key="overview_save_milestones", icon=":material/save:"):
        try:
            n = ms.save_milestones(ws, partnership, edited)
        except CDPError as error:
            common.show_error(error)
        else:
            common.bump_data_version()
            st.toast(f"Saved: {n} of {len(edited)} milestones met.")
            st.rerun()


def board_paper_downloads(ws, partnership: str, name: str) -> None:
    st.header("For board papers")
    day = dt.date.today()
    left, right, word, pdf, _ = st.columns([1, 1, 1.2, 1.2, 1])
    left.download_button("Download PNG", lambda: report.overview_png(ws, partnership, name),
                         file_name=f"overview_{partnership}_{day:%Y%m%d}.png", mime="image/png",
                         on_click="ignore", icon=":material/image:", key="overview_png")
    right.download_button("Download PDF (A4)", lambda: report.overview_pdf(ws, partnership, name),
                          file_name=f"overview_{partnership}_{day:%Y%m%d}.pdf", mime="application/pdf",
                          on_click="ignore", icon=":material/picture_as_pdf:", key="overview_pdf")
    for column, fmt, label, icon in ((word, "docx", "Board pack (Word)", ":material/description:"),
                                     (pdf, "pdf", "Board pack (PDF)", ":material/menu_book:")):
        column.download_button(label, lambda fmt=fmt: board_pack.board_pack_file(ws, partnership, fmt),
                               file_name=board_pack.file_name(partnership, fmt, day), on_click="ignore", icon=icon,
                               key=f"board_pack_{fmt}", help="The report for the Health and Wellbeing Board: "
                               "statuses, outcomes with charts, the plan's exceptions, unmet need, milestones.")
