"""The Ward map page's "Areas" view: counties and unitary authorities (or districts) coloured by an
indicator's comparison with a benchmark, the partnership outlined, a legend in words, the same as a table
with a CSV download (drawn from what cdp_data.services.area_map returns)."""

from __future__ import annotations

import hashlib

import streamlit as st

from cdp_data.present import area_map as words
from cdp_data.services import area_map, indicators
from ui import charts_areas, charts_geo, common
from ui.benchmark_choice import benchmark_choice
from ui.downloads import csv_download



@st.cache_resource(show_spinner="Reading area boundaries…", max_entries=4)
def _boundaries(_ws, version, level: str):
    return area_map.area_boundaries(_ws, level)


def _outlines(areas, level: str):
    """Every area's boundary as a thin band (see :func:`ui.charts_geo.outline_rows`), kept for the boundaries
    themselves (their shapes, not the workspace's data version: the same boundaries give the same band)."""
    shapes = hashlib.sha256(b"".join(areas.geometry.to_wkb())).hexdigest()
    return _outlines_of(areas, shapes, level)


@st.cache_resource(show_spinner=False, max_entries=4)
def _outlines_of(_areas, shapes: str, level: str):
    return charts_geo.outline_rows(_areas.geometry, _areas.total_bounds, 0.6)


@st.cache_resource(show_spinner="Comparing the areas…", max_entries=8)
def _area_map(_ws, version, level: str, indicator_id: str, period: str, benchmark: str, group: tuple,
              partnership: str | None):
    return area_map.build_area_map(_ws, level, indicator_id, period, benchmark, list(group) or None, partnership,
                                   boundaries=_boundaries(_ws, version, level))


def map_of() -> str:
    """Wards (the ward map) or Areas (this view), kept in the URL (``mapof``)."""
    options = ["Wards", "Areas"]
    chosen = st.radio("Map of", options, index=options.index(common.url_choice("mapof", options, "Wards") or "Wards"),
                      horizontal=True, key="ward_map_of",
                      help="Wards: deprivation and harm within the partnership. Areas: counties and unitary "
                           "authorities (or districts) across England, compared with a benchmark.")
    common.keep_in_url("mapof", chosen)
    return chosen


def _linked(column, label: str, options: list, url_key: str, key: str, **kwargs):
    """A select box whose choice is kept in the URL (``url_key``)."""
    default = common.url_choice(url_key, options, options[0] if options else None, label=label.lower())
    chosen = column.selectbox(label, options, index=options.index(default) if default in options else None,
                              key=key, **kwargs)
    common.keep_in_url(url_key, chosen)
    return chosen


def _benchmark_choice(ws, partnership: str | None, column) -> tuple[str, list[str] | None]:
    """The shared "Compare with" picker: (benchmark kind, the peer group's area codes)."""
    chosen = benchmark_choice(ws, partnership, "area_map_benchmark", container=column)
    return chosen.kind, list(chosen.codes) or None


def _choices(ws, levels: dict[str, str], partnership: str | None):
    """Level, indicator, period and benchmark above the map."""
    held = indicators.indicator_choices(ws)  # rates and proportions with most areas first; counts are not compared
    held = held.assign(_count=held["value_type"].eq("count")).sort_values(
        ["_count", "local_areas"], ascending=[True, False], kind="stable")
    c1, c2, c3, c4 = st.columns([2, 2.2, 0.9, 1])
    level = _linked(c1, "Areas", list(levels), "areas", "area_map_level", format_func=levels.get)
    labels = dict(zip(held["indicator_id"], held["label"] + " (" + held["local_areas"].map(
        lambda n: f"{n:,} area" if n == 1 else f"{n:,} areas") + ")"))
    indicator = _linked(c2, "Indicator", list(labels), "indicator", "area_map_indicator", format_func=labels.get)
    periods = area_map.map_periods(ws, indicator) if indicator else []   # the best-covered period first
    period = _linked(c3, "Period", periods, "period", f"area_map_period_{indicator}")
    benchmark, group = _benchmark_choice(ws, partnership, c4)
    common.show_url_notices()
    return level, indicator, period, benchmark, group


def _draw(am, key: tuple) -> None:
    """The map and its legend side by side."""
    deck, legend = _drawn(am, *key)
    map_col, legend_col = st.columns([3, 1])
    map_col.pydeck_chart(deck, height=600, key=f"area_map_deck_{am.level}")
    with legend_col:
        st.html(legend)


@st.cache_resource(show_spinner=False, max_entries=8)
def _drawn(_am, version, level: str, indicator_id: str, period: str, benchmark: str, group: tuple,
           partnership: str | None):
    """The map's deck, its JSON written (see ``KeptDeck``), and its legend, for the area map ``_area_map`` returns
    for the same arguments: drawn again at every run of the view, not built again (a third of a second)."""
    labels = [words.shown_label(r) for r in _am.areas.to_dict("records")]
    method = words.map_method(_am.areas)
    rows = charts_areas.area_rows(_am.areas, labels, method, words.tooltips(_am))
    mine = _am.areas[_am.areas["is_partnership"]]
    bounds = _am.areas.total_bounds
    outline = charts_geo.outline_rows([mine.geometry.union_all()], bounds, charts_areas.PARTNERSHIP_LINE_PX) \
        if len(mine) else None  # its districts as one shape: the partnership's own boundary
    deck = charts_areas.area_deck(rows, bounds, _outlines(_am.areas, _am.level), outline)
    deck.to_json()
    return deck, charts_areas.legend_html(words.legend_entries(_am), method)


def areas_view(ws, version, partnership: str | None) -> None:
    """The whole Areas view, or what to load first."""
    levels = area_map.area_levels(ws)
    if not levels:
        st.info("No county, unitary authority or district boundaries are loaded: load the ONS boundary file "
                "(for example Counties and Unitary Authorities, December 2023, BSC) on the Data page.")
        st.page_link("pages/data.py", label="Go to the Data page", icon=":material/upload:")
        return
    level, indicator, period, benchmark, group = _choices(ws, levels, partnership)
    if not indicator or not period:
        st.info("No indicator values are loaded yet: load a Fingertips export on the Data page.")
        return
    key = (version, level, indicator, period, benchmark, tuple(group or ()), partnership)
    am = _area_map(ws, *key)
    st.caption(words.caption(am))  # above the map: what it shows, and room for the map's toolbar under the filters
    _draw(am, key)
    table = words.table(am)
    st.dataframe(table, hide_index=True, width="stretch", key="area_map_table")
    csv_download(table, "Download the areas' figures (CSV)", f"areas_{level}_{indicator}_{period}_{benchmark}",
                 key="area_map_download")
    st.caption(" ".join(am.attribution))
