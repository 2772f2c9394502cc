"""The ward map page's sections: the choices above the map, the map, the figures under it, the selected
ward and the scatter of harm against deprivation (drawn from what cdp_data.services.ward_map returns)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from cdp_data.present import geography as words
from cdp_data.present import inequality as inequality_words
from cdp_data.services import inequality, ward_map
from ui import charts_geo, charts_inequality, common, downloads


@st.cache_resource(show_spinner=False, max_entries=2)
def inputs_for(_ws, version: int):
    return ward_map.load_inputs(_ws)


@st.cache_resource(show_spinner="Reading ward boundaries…", max_entries=4)
def _area_boundaries(_ws, version: int, area: str):
    return ward_map.area_boundaries(_ws, inputs_for(_ws, version), area)


@st.cache_resource(show_spinner="Reading LSOA boundaries…", max_entries=4)
def _lsoa_layer(_ws, version: int, area: str, wards: frozenset, lads: frozenset):
    return ward_map.lsoa_deprivation_layer(_ws, inputs_for(_ws, version), set(wards), set(lads), tolerance_m=40)


@st.cache_resource(show_spinner="Drawing the ward map…", max_entries=8)
def ward_map_for(_ws, version: int, area: str, vintage, harm, multiplier: int, window):
    wm = ward_map.build_ward_map(_ws, inputs_for(_ws, version), area, vintage=vintage, harm_measure=harm,
                                 multiplier=multiplier, window=window, boundaries=_area_boundaries(_ws, version, area))
    return ward_map.for_display(wm)  # cached: topology-aware simplification, once per view


@st.cache_resource(show_spinner=False, max_entries=8)
def _outlines(_areas, version, partnership: str, level: str, line_width: float):
    """The boundaries drawn over the map (the same areas for a partnership, level and data version)."""
    return charts_geo.outline_rows(_areas.geometry, _areas.total_bounds, line_width)


@st.cache_resource(show_spinner=False, max_entries=8)
def _ward_rows(_wm, version, partnership: str, vintage, harm, per: int, window, view: str):
    """The map's polygon rows (fill colour and tooltip per ward) and its legend in words, for the ward map
    that ``ward_map_for`` returns for the same arguments."""
    colours, legend = charts_geo.ward_fills(_wm.wards, view, _wm.harm_label, _wm.multiplier)
    shown = _wm.wards.assign(fill=colours, tooltip=words.tooltips(_wm).values)
    return charts_geo.polygon_rows(shown, ["ward_code", "ward_name", "tooltip", "fill"]), legend


@st.cache_resource(show_spinner=False, max_entries=4)
def _lsoa_rows(_lsoa, version, partnership: str, wards: frozenset, lads: frozenset):
    """The LSOA layer's polygon rows and legend, keyed as ``_lsoa_layer`` is."""
    return charts_geo.lsoa_rows(_lsoa)


@st.cache_resource(show_spinner=False, max_entries=8)
def _canvas_spec(_rows, version, partnership: str, level: str, *view_choices):
    """The Vega-Lite spec of the canvas map for the rows of the same partnership, level and choices."""
    return charts_geo.canvas_spec(charts_geo.map_features(_rows))


@dataclass
class MapChoices:
    view: str
    vintage: str | None
    harm: str | None
    per: int
    window: str | None
    level: str
    interactive: bool = False


def map_choices(inputs, is_synthetic: bool) -> MapChoices:
    """The widgets above the map (view, deprivation index, harm measure, rates per, police quarter, level,
    zoom), each kept in the URL (``map``, ``iod``, ``harm``, ``per``, ``quarter``, ``level``, ``ward_map_zoom``)."""
    vintages = ward_map.available_vintages(inputs) if not is_synthetic else []
    harms = ward_map.harm_measures(inputs, is_synthetic)
    views = ["Deprivation", "Harm rate", "Both (bivariate 3x3)"] if harms else ["Deprivation"]
    c1, c2, c3, c4 = st.columns([0.9, 0.9, 1.7, 1.1])  # the harm measures' names are long; the rest are short
    view = c1.radio("Map shows", views, index=views.index(common.url_choice("map", views, views[0]) or views[0]),
                    key="ward_map_view")
    common.keep_in_url("map", view)
    vintage = None
    if vintages:
        default_v = common.url_choice("iod", vintages, vintages[-1], label="deprivation index")
        vintage = c2.selectbox("Deprivation index", vintages, index=vintages.index(default_v),
                               key="ward_map_vintage")
        common.keep_in_url("iod", vintage)
    harm = None
    if harms:
        keys = list(harms)
        default_h = common.url_choice("harm", keys, keys[0], label="harm measure")
        harm = c3.selectbox("Harm measure", keys, index=keys.index(default_h), format_func=harms.get,
                            key="ward_map_harm")
        common.keep_in_url("harm", harm)
    pers = [1000, 100000]
    per = c4.radio("Rates per", pers, index=pers.index(common.url_option("per", pers, pers[0], label="rates per")),
                   format_func=lambda m: f"{m:,} residents", key="ward_map_per", horizontal=True)
    common.keep_in_url("per", per)
    window = None
    windows = ward_map.police_windows(inputs)
    if harm == ward_map.POLICE_MEASURE and windows:
        keys = list(windows)
        default_w = common.url_choice("quarter", keys, keys[-1], label="police quarter")
        window = st.selectbox("Quarter of police data", keys, index=keys.index(default_w), format_func=windows.get,
                              key="ward_map_quarter", help=words.POLICE_WINDOW_HELP)
        common.keep_in_url("quarter", window)
    level = "Wards"
    if view == "Deprivation" and inputs.lsoa_layers and not is_synthetic:
        levels = ["Wards", "LSOAs (IoD2019)"]
        level = st.radio("Level", levels, index=levels.index(common.url_choice("level", levels, level)),
                         horizontal=True, key="ward_map_level")
        common.keep_in_url("level", level)
    interactive = st.toggle(
        "Zoom and pan", key="ward_map_zoom", bind="query-params",
        help="Draw the map with deck.gl (WebGL) to zoom and pan. On a computer without graphics "
             "acceleration (a remote desktop, a virtual machine) it takes a moment to draw and to switch page.")
    common.show_url_notices()
    return MapChoices(view, vintage, harm, per, window, level, interactive)


def ward_map_panel(ws, version: int, partnership: str, wm, choices: MapChoices) -> None:
    """The map (wards or LSOAs), its legend, its caption and the notes and area rate under it."""
    table = wm.wards
    has_harm = words.has_harm(wm)
    view = choices.view if has_harm else "Deprivation"
    map_col, legend_col = st.columns([4, 1]) if choices.view.startswith("Both") else (st.container(), None)
    if choices.level.startswith("LSOA"):
        wards, lads = frozenset(table["ward_code"]), frozenset(table["lad_code"].dropna())
        areas, level = _lsoa_layer(ws, version, partnership, wards, lads), "lsoa"
        rows, legend = _lsoa_rows(areas, version, partnership, wards, lads)
    else:
        areas, level = table, "ward"
        rows, legend = _ward_rows(wm, version, partnership, choices.vintage, choices.harm, choices.per,
                                  choices.window, view)
    if choices.interactive:
        outlines = _outlines(areas, version, partnership, level, 1.0 if level == "ward" else 0.5)
        map_col.pydeck_chart(charts_geo.choropleth(rows, areas.total_bounds, "{tooltip}", outlines), height=560,
                             key=f"ward_map_deck_{level}")
    else:
        with map_col:
            common.chart(_canvas_spec(rows, version, partnership, level, choices.vintage, choices.harm,
                                      choices.per, choices.window, view), width="stretch", height=560)
    if legend_col is not None:
        with legend_col:
            st.html(charts_geo.bivariate_legend_html())
    st.caption(f"{legend} Source: {words.source_text(wm)}. Population for rates: {wm.population_label or 'none'}.")
    if wm.is_synthetic:
        st.caption(common.SYNTHETIC_BADGE)
    for note in words.note_texts(wm):
        st.info(note, icon=":material/info:")
    if wm.not_located:
        st.caption(words.not_located_text(wm.not_located))
    if has_harm and wm.area_rate:
        rate, lower, upper = words.area_rate_texts(wm.area_rate)
        st.metric(f"Area rate: {wm.harm_label} per {wm.multiplier:,}", rate,
                  help=f"95% CI {lower} to {upper} (Byar's), rounded so that suppressed wards "
                       "cannot be worked out. "
                  "Each ward is compared with this rate: Similar when it lies inside the ward's 95% CI.")


def ward_figures(partnership: str, shown_table) -> None:
    st.header("Ward figures")
    st.dataframe(shown_table, hide_index=True, width="stretch", key="ward_map_table")
    downloads.csv_download(shown_table, "Download ward figures (CSV)", f"ward_figures_{partnership}",
                           key="ward_map_download")  # the file made when the button is pressed


def selected_ward(wm, shown_table) -> None:
    table = wm.wards
    st.header("Selected ward")
    codes = table["ward_code"].tolist()
    linked = common.url_choice("ward", codes, codes[0] if codes else None, label="ward")
    ward = st.selectbox("Ward", codes, index=codes.index(linked) if codes else None,
                        format_func=dict(zip(table["ward_code"], table["ward_name"])).get, key="ward_map_ward")
    common.keep_in_url("ward", ward)
    common.show_url_notices()
    st.dataframe(words.selected_ward(shown_table, ward), hide_index=True, width="stretch",
                 key="ward_map_selected")


def harm_against_deprivation(wm, shown_table) -> None:
    """The scatter of harm rate against IMD score with Pearson's r, and the ten wards high on both."""
    table = wm.wards
    st.header("Does harm rise with deprivation?")
    corr = ward_map.harm_deprivation_correlation(wm)
    x_title, y_title = f"IMD score ({wm.vintage})", f"{wm.harm_label} per {wm.multiplier:,}"
    common.chart(common.chart_spec(charts_geo.scatter, table.drop(columns="geometry"), "imd_score", "rate",
                                   x_title, y_title), width="stretch")
    st.caption(words.correlation_text(corr, words.source_text(wm)))
    st.header("Ten wards where deprivation and harm are both highest")
    st.dataframe(words.top_wards_table(wm, shown_table), hide_index=True, width="stretch", key="ward_map_top")
    st.caption("Ranked by the lower of the two percentile ranks (deprivation and harm rate) within the area.")


def attributions(wm) -> None:
    lines = words.attribution_lines(wm)
    st.caption(" ".join(lines) if lines else "Synthetic demo data: no licensed data shown.")


@st.cache_resource(show_spinner="Working out the inequality figures…", max_entries=8)
def _inequality(_wm, version, partnership: str, vintage, harm, per: int, window):
    """Harm by deprivation fifth for the ward map that ``ward_map_for`` returns for the same arguments."""
    return inequality.ward_map_inequality(_wm)


def inequality_section(wm, version: int, partnership: str, choices: MapChoices) -> None:
    """Harm rate by deprivation fifth of the wards: chart with 95% CIs, table and the plain sentences."""
    st.header("How unequal is harm across deprivation?")
    result = _inequality(wm, version, partnership, choices.vintage, choices.harm, choices.per, choices.window)
    if result is None:
        st.info("Needs both a deprivation index and a harm measure for the wards.")
        return
    subject = inequality_words.harm_subject(wm.harm_label)
    lines = inequality_words.summary_sentences(result, subject)
    st.markdown(f"**{lines[0]}**")
    y_title = f"Rate per {wm.multiplier:,} residents"
    common.chart(common.chart_spec(charts_inequality.rates_by_fifth, inequality_words.chart_rows(result), y_title),
                 width="stretch")
    table = inequality_words.quintile_rows(result)
    st.dataframe(table, hide_index=True, width="stretch", key="ward_map_inequality_table")
    for line in lines[1:]:
        st.caption(line)
    st.caption(f"Wards ranked by IMD score ({wm.vintage}) within the area, rank 1 the most deprived (ties by ward "
               "code); fifth = floor(5 x (rank - 1) / number of wards) + 1. Rates with Byar's 95% CI; the rate "
               "ratio's CI by the log method. A fifth holding a ward count under 5 shows no count and its rate as "
               "the range it can take, so the hidden count cannot be worked out. "
               f"Population: {wm.population_label or 'none'}.")
    downloads.csv_download(table, "Download the figures by fifth (CSV)", f"harm_by_deprivation_fifth_{partnership}",
                           key="ward_map_inequality_download")
