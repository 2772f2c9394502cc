"""The map of areas drawn with pydeck (no basemap), its colours by comparison and its legend in words."""

from __future__ import annotations

import html

import pandas as pd
import pydeck as pdk

from ui import charts_geo

# Fingertips' comparison colours (GOV.UK palette): one meaning per colour on a map, since a map uses one method.
CI_FILLS = {"Better": "#00703C", "Similar": "#FFDD00", "Worse": "#D4351C", "Lower": "#5694CA", "Higher": "#003078"}
JUDGED_FIFTHS = {"Best": "#00703C", "Better": "#85994B", "Middle": "#FFDD00", "Worse": "#F47738",
                 "Worst": "#D4351C"}
UNJUDGED_FIFTHS = {"Lowest": "#D2E2F1", "Low": "#9CC0E3", "Middle": "#5694CA", "High": "#1D70B8",
                   "Highest": "#003078"}
NOT_COMPARED, NO_VALUE = "#FFFFFF", "#B1B4B6"   # white as Fingertips draws it; grey: no value at all
UNJUDGED_ONLY = {"Lowest", "Low", "High", "Highest"}
PARTNERSHIP_LINE_PX = 3.0


def fill_colour(label: str, method: str | None, unjudged: bool = False) -> str:
    """The hex colour of a comparison label ("No value" grey, "Not compared" white)."""
    if label == "No value":
        return NO_VALUE
    if method == "quintiles":
        return (UNJUDGED_FIFTHS if unjudged else JUDGED_FIFTHS).get(label, NOT_COMPARED)
    return CI_FILLS.get(label, NOT_COMPARED)


def fills(labels: list[str], method: str | None) -> list[str]:
    """A colour per area; quintiles without a judgement (Lowest ... Highest) in blues, with one (Worst ...
    Best) from red to green."""
    unjudged = bool(UNJUDGED_ONLY & set(labels))
    return [fill_colour(label, method, unjudged) for label in labels]


def legend_html(entries: list[tuple[str, str, int]], method: str | None) -> str:
    """The legend: a swatch, the words and the number of areas for each label on the map."""
    unjudged = bool(UNJUDGED_ONLY & {label for label, _w, _n in entries})
    items = "".join(
        f'<li style="display:flex;align-items:center;gap:6px;margin:3px 0;font-size:13px">'
        f'<span aria-hidden="true" style="flex:none;width:18px;height:14px;border:1px solid #505a5f;'
        f'background:{fill_colour(label, method, unjudged)}"></span>'
        f'<span>{html.escape(words)}: {n:,} area{"s" if n != 1 else ""}</span></li>'
        for label, words, n in entries)
    return ('<div><b style="font-size:14px">Legend</b><ul style="list-style:none;padding:0;margin:4px 0">'
            f'{items}<li style="display:flex;align-items:center;gap:6px;margin:3px 0;font-size:13px">'
            '<span aria-hidden="true" style="flex:none;width:18px;height:14px;border:3px solid #0b0c0c"></span>'
            '<span>The partnership (outlined in black)</span></li></ul></div>')


def area_rows(areas, labels: list[str], method: str | None, tooltips: pd.Series) -> pd.DataFrame:
    """Polygon rows (one per part) with fill and tooltip for each area."""
    colours = [charts_geo._hex(c) for c in fills(labels, method)]
    shown = areas.assign(fill=colours, tooltip=tooltips.values)
    return charts_geo.polygon_rows(shown, ["area_code", "tooltip", "fill"])


def area_deck(rows: pd.DataFrame, bounds, outlines: pd.DataFrame, partnership: pd.DataFrame) -> pdk.Deck:
    """The choropleth: fills, every area's thin boundary, the partnership's thick black outline; fitted to
    ``bounds``, no basemap (nothing fetched from the internet). Its JSON is written once (a ``KeptDeck``)."""
    minx, miny, maxx, maxy = bounds
    layers = [pdk.Layer("PolygonLayer", data=rows, id="areas", get_polygon="polygon", get_fill_color="fill",
                        stroked=False, filled=True, pickable=True, auto_highlight=True, opacity=0.9)]
    for frame, ident, colour in ((outlines, "area_boundaries", [80, 80, 80]),
                                 (partnership, "partnership", [11, 12, 12])):
        if frame is not None and not frame.empty:
            layers.append(pdk.Layer("PolygonLayer", data=frame, id=ident, get_polygon="polygon",
                                    get_fill_color=colour, stroked=False, filled=True, pickable=False))
    view = pdk.ViewState(longitude=(minx + maxx) / 2, latitude=(miny + maxy) / 2,
                         zoom=charts_geo.fit_zoom(bounds, 700, 600))
    return charts_geo.KeptDeck(layers=layers, initial_view_state=view, map_style=None, map_provider=None,
                                  tooltip={"text": "{tooltip}", "style": {"fontSize": "14px",
                                                                          "whiteSpace": "pre-line"}})
