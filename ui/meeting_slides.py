"""What each kind of meeting slide draws: the tiles, an indicator (trend, figures, the plan actions aimed at
it), a table of rows (exceptions, what changed, an indicator's further actions), unmet need, the ward map,
the milestones. Charts get projector-sized text (:func:`projector_text`)."""

from __future__ import annotations

from html import escape

import pandas as pd
import streamlit as st

from cdp_data.present import geography as geo_words
from cdp_data.present import meeting as words
from cdp_data.present import unmet_need as unmet_words
from cdp_data.services import meeting, ward_map
from ui import (
    charts_geo,
    charts_indicators,
    charts_overview,
    charts_unmet,
    common,
    ward_map_view,
)

CHART_TEXT = 16     # px: axis labels and titles, legends (at least 14 px asked for at 1366x768)
INK = "#0B0C0C"
TABLE_COLUMNS = {"exceptions": [("action", "Action"), ("lead", "Lead"), ("due", "Due"), ("status", "Status"),
                                ("why", "Why it is here")],
                 "changes": [("what", "What"), ("item", "Indicator or action"), ("before", "Before"),
                             ("after", "Now")],
                 "actions": [("action", "Plan action aimed at it"), ("lead", "Lead"), ("due", "Due"),
                             ("status", "Status")]}
SYNTHETIC = "<span class='cdp-badge'>synthetic demo data</span>"
EMPTY = {"exceptions": words.NO_EXCEPTIONS, "changes": words.NO_CHANGES, "actions": ""}


def projector_text(spec: dict, size: int = CHART_TEXT) -> dict:
    """The Vega-Lite spec with every font size at least ``size`` and dark text (labels set in the encoding
    included, which the config alone would not override)."""
    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key.endswith("FontSize") or key == "fontSize":
                    if isinstance(value, (int, float)) and value < size:
                        node[key] = size
                elif key == "labelLimit":
                    node[key] = max(value, 420) if isinstance(value, (int, float)) else value
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    config = spec.setdefault("config", {})
    for part in ("axis", "legend", "header"):
        config.setdefault(part, {}).update(
            {"labelFontSize": size, "titleFontSize": size, "labelColor": INK, "titleColor": INK})
    config.setdefault("legend", {}).update({"symbolSize": 160, "labelLimit": 320})
    config.setdefault("text", {}).update({"fontSize": size})
    return spec


@st.cache_data(show_spinner=False, max_entries=16)
def _indicator(_ws, version: tuple, partnership: str, indicator_id: str, as_of) -> dict:
    return meeting.indicator_figures(_ws, partnership, indicator_id, as_of)


@st.cache_data(show_spinner=False, max_entries=8)
def _unmet(_ws, version: tuple, partnership: str) -> pd.DataFrame:
    return meeting.unmet_need_figures(_ws, partnership)


def draw(ws, version: tuple, partnership: str, name: str, slide: dict, agenda: dict) -> None:
    kind = slide["kind"]
    if kind == "tiles":
        st.html(charts_overview.tiles_html(slide["rows"]))
    elif kind == "indicator":
        indicator(ws, version, partnership, name, slide, agenda)
    elif kind in TABLE_COLUMNS:
        if kind == "changes":
            lead = words.since_text(agenda["since"], agenda["as_of"], bool(slide["rows"]))
            st.markdown(f"<p class='cdp-lead'>{escape(lead)}</p>", unsafe_allow_html=True)
        if kind != "changes" or agenda["since"] is not None or slide["rows"]:
            table(slide["rows"], kind)
    elif kind == "unmet_need":
        unmet_need(ws, version, partnership, name)
    elif kind == "ward_map":
        ward_map_slide(ws, version, partnership)
    elif kind == "milestones":
        milestones(slide, agenda)


def table(rows: list[dict], kind: str) -> None:
    if not rows:
        if EMPTY[kind]:
            st.markdown(f"<p class='cdp-lead'>{escape(EMPTY[kind])}</p>", unsafe_allow_html=True)
        return
    columns = TABLE_COLUMNS[kind]
    head = "".join(f"<th scope='col'>{escape(label)}</th>" for _, label in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(r.get(key) or ''))}</td>" for key, _ in columns) + "</tr>"
                   for r in rows)
    st.html(f"<table class='cdp-slide-table cdp-{kind}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _figures_html(tile: dict | None, comparison: str) -> str:
    if tile is None:
        return f"<p class='cdp-lead'>{escape(comparison)}</p>"
    lines = [f"<div class='cdp-big'>{escape(tile['latest_text'])}</div>"]
    if tile.get("change_text"):
        lines.append(f"<div>{escape(tile['change_text'])}</div>")
    lines.append(f"<span class='cdp-pill' style='background:{tile['colour']};color:{tile['text_colour']}'>"
                 f"{tile['symbol']} {escape(tile['status_label'])}</span>")
    details = [tile.get("data_to_text") and ("D" + tile["data_to_text"][1:]), tile.get("stale_text"),
               tile.get("baseline_text") and f"Baseline {tile['baseline_text']}",
               f"Target {tile['target_text']}" if tile.get("target_text") else "No target set", comparison]
    lines += [f"<div>{escape(d)}</div>" for d in details if d]
    return "<div class='cdp-figures'>" + "".join(lines) + "</div>"


def indicator(ws, version: tuple, partnership: str, name: str, slide: dict, agenda: dict) -> None:
    figures = _indicator(ws, version, partnership, slide["indicator_id"], agenda["as_of"])
    chart_col, figures_col = st.columns([3, 2], gap="medium")
    with chart_col:
        if figures["series"].empty:
            st.markdown(f"<p class='cdp-lead'>{escape(' '.join(figures['notes']))}</p>", unsafe_allow_html=True)
        else:
            spec = charts_indicators.trend_chart(figures["series"], figures["unit"], name).properties(
                height=250).to_dict(validate=False)
            common.chart(projector_text(spec), width="stretch", height=340, theme=None)
    with figures_col:
        st.html(_figures_html(figures["tile"], figures["comparison"]))
    table(slide["rows"], "actions")


def unmet_need(ws, version: tuple, partnership: str, name: str) -> None:
    rows = _unmet(ws, version, partnership)
    with_figure = rows[rows["unmet_need_share"].notna()]
    if with_figure.empty:
        st.markdown(f"<p class='cdp-lead'>No unmet-need figures for {escape(name)} yet.</p>", unsafe_allow_html=True)
        return
    spec = charts_unmet.bars_with_ranges(rows, height=46 * len(rows)).to_dict(validate=False)
    common.chart(projector_text(spec), width="stretch", height=46 * len(rows) + 130, theme=None)
    lines = "".join(f"<li><b>{escape(r.substance_label)}, {escape(str(r.period))}</b>: "
                    f"{escape(r.compared_with_england)}. {escape(r.comparison_text)}</li>"
                    for r in with_figure.itertuples())
    st.html(f"<ul class='cdp-slide-list'>{lines}</ul>")
    st.caption(f"Source: {unmet_words.sources_text(with_figure)}.")


@st.cache_resource(show_spinner=False, max_entries=8)
def _map(_ws, version: tuple, partnership: str, view: str):
    """The ward map as the meeting shows it: the default index, the first harm measure, rates per 1,000."""
    probe = ward_map_view.ward_map_for(_ws, version, partnership, None, None, 1000, None)
    if probe is None:
        return None, None, None
    harms = list(ward_map.harm_measures(ward_map_view.inputs_for(_ws, version), probe.is_synthetic))
    if view != "Deprivation" and not harms:
        return probe, None, None
    wm = probe if view == "Deprivation" else ward_map_view.ward_map_for(_ws, version, partnership, None, harms[0],
                                                                       1000, None)
    colours, legend = charts_geo.ward_fills(wm.wards, view, wm.harm_label, wm.multiplier)
    rows = charts_geo.polygon_rows(wm.wards.assign(fill=colours, tooltip=wm.wards["ward_name"]),
                                   ["ward_code", "ward_name", "tooltip", "fill"])
    spec = charts_geo.canvas_spec(charts_geo.map_features(rows), height=360)
    return wm, spec, legend


def ward_map_slide(ws, version: tuple, partnership: str) -> None:
    """Deprivation and the harm rate side by side, each with its legend in words."""
    maps = [_map(ws, version, partnership, view) for view in ("Deprivation", "Harm rate")]
    if maps[0][0] is None:
        st.markdown("<p class='cdp-lead'>No ward boundaries cover this partnership yet.</p>", unsafe_allow_html=True)
        return
    for column, (wm, spec, legend), heading in zip(st.columns(2, gap="large"), maps, ("Deprivation", "Harm")):
        if spec is None:
            continue
        with column:
            label = heading if heading == "Deprivation" else f"{wm.harm_label} per {wm.multiplier:,}"
            st.html(f"<p class='cdp-lead'><b>{escape(label)}</b></p>")
            common.chart(spec, width="stretch", height=370)
            st.html(f"<p class='cdp-note'>{escape(legend)}</p>")
    wm = maps[0][0]
    st.html(f"<p class='cdp-note'>{SYNTHETIC if wm.is_synthetic else ''} Source: "
            f"{escape(geo_words.source_text(wm))}.</p>")


def milestones(slide: dict, agenda: dict) -> None:
    lines = "".join(f"<li class='{'cdp-met' if r['met'] else ''}'>{escape(r['line'])}</li>" for r in slide["rows"])
    st.html(f"<p class='cdp-lead'>{escape(words.milestones_lead(agenda['milestones_met'], agenda['milestones']))}"
            f"</p><ul class='cdp-slide-milestones'>{lines}</ul>")
