"""pydeck and Altair builders for the ward map (no basemap: nothing fetched from the internet)."""

from __future__ import annotations

import json
import math

import altair as alt
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

# Sequential (light -> dark) for deprivation / harm, colour-blind safe (ColorBrewer YlOrRd / PuBu, 5 classes).
SEQUENTIAL = {
    "deprivation": [[255, 255, 204], [161, 218, 180], [65, 182, 196], [44, 127, 184], [37, 52, 148]],
    "harm": [[254, 240, 217], [253, 204, 138], [252, 141, 89], [227, 74, 51], [179, 0, 0]],
}
# Bivariate 3x3 (Stevens' "blue-red" scheme): key "deprivation-harm", 1 = low third, 3 = high third.
BIVARIATE = {
    "1-1": "#e8e8e8", "2-1": "#b5c0da", "3-1": "#6c83b5",
    "1-2": "#dfb0d6", "2-2": "#a5add3", "3-2": "#5698b9",
    "1-3": "#be64ac", "2-3": "#8c62aa", "3-3": "#3b4994",
}
NO_DATA = [150, 150, 150]  # mid grey: distinct from the lightest class (#e8e8e8) of every palette
NO_BASEMAP = "__MAP_STYLE__"  # pydeck's default-style sentinel, which Streamlit's frontend draws as no basemap
COMPARISON_COLOURS = {"Better": "#00703C", "Similar": "#FFDD00", "Worse": "#D4351C", "Lower": "#5694CA",
                      "Higher": "#003078", "Not compared": "#B1B4B6"}


def _hex(colour: str) -> list[int]:
    return [int(colour[i:i + 2], 16) for i in (1, 3, 5)]


def quintile_colours(values: pd.Series, palette: str) -> tuple[list, list[tuple[float, float]]]:
    """A colour per value by fifths of the range of values shown, and the class breaks."""
    v = pd.to_numeric(values, errors="coerce").astype(float)
    valid = v.dropna()
    if valid.empty:
        return [NO_DATA] * len(v), []
    edges = valid.quantile([0, 0.2, 0.4, 0.6, 0.8, 1.0]).tolist()
    colours = []
    for x in v:
        if math.isnan(x):
            colours.append(NO_DATA)
            continue
        k = sum(x > e for e in edges[1:-1])
        colours.append(SEQUENTIAL[palette][k])
    return colours, list(zip(edges[:-1], edges[1:]))


def _breaks_text(breaks: list[tuple[float, float]], digits: int) -> str:
    return "; ".join(f"{lo:,.{digits}f} to {hi:,.{digits}f}" for lo, hi in breaks)


def ward_fills(table: pd.DataFrame, view: str, harm_label: str, multiplier: int) -> tuple[list, str]:
    """Fill colours per ward for the chosen view, and the legend in words (with the class ranges)."""
    if view == "Harm rate":
        colours, breaks = quintile_colours(table["rate"], "harm")
        return colours, (f"Darker = higher {harm_label.lower()} per {multiplier:,}, in fifths of the wards "
                         f"({_breaks_text(breaks, 2)}); grey = suppressed (fewer than 5) or no population.")
    if view.startswith("Both"):
        classes = table["bivariate"].astype(object).where(table["bivariate"].notna(), None)
        colours = [_hex(BIVARIATE[c]) if isinstance(c, str) else NO_DATA for c in classes]
        return colours, ("Deprivation thirds across, harm thirds up; dark blue = both in the highest third; "
                         "mid grey = suppressed or missing.")
    colours, breaks = quintile_colours(table.get("imd_score", pd.Series(index=table.index, dtype=float)),
                                       "deprivation")
    return colours, ("Darker = more deprived (IMD score), in fifths of the wards "
                     f"({_breaks_text(breaks, 1)}); grey = no LSOA assigned to the ward.")


def lsoa_rows(lsoa) -> tuple[pd.DataFrame, str]:
    """Polygon rows for the LSOA deprivation layer (IoD2019) and its legend."""
    colours, breaks = quintile_colours(lsoa["imd_score"], "deprivation")
    shown = lsoa.assign(fill=colours, tooltip=lsoa["lsoa_name"].astype(str) + "\nIMD 2019 score: "
                        + lsoa["imd_score"].round(1).astype(str) + ", national decile "
                        + lsoa["imd_decile"].astype(str) + " (1 = most deprived 10%)")
    legend = f"LSOA level, IoD2019: darker = more deprived, in fifths of the LSOAs ({_breaks_text(breaks, 1)})."
    return polygon_rows(shown, ["lsoa_code", "tooltip", "fill"]), legend


def polygon_rows(gdf, columns: list[str]) -> pd.DataFrame:
    """One row per polygon part (MultiPolygons exploded) with its rings and the given columns."""
    rows = []
    for record, geom in zip(gdf[columns].to_dict("records"), gdf.geometry):
        if geom is None or geom.is_empty:
            continue
        parts = getattr(geom, "geoms", [geom])
        for part in parts:
            if part.geom_type != "Polygon":
                continue
            rings = [[list(c) for c in part.exterior.coords]] + [[list(c) for c in r.coords] for r in part.interiors]
            rows.append({**record, "polygon": rings})
    return pd.DataFrame(rows)


def payload_bytes(frame: pd.DataFrame) -> int:
    """Size of the JSON the browser receives for these rows."""
    return len(frame.to_json(orient="records"))


def fit_zoom(bounds, width_px: int = 900, height_px: int = 540) -> float:
    """Web Mercator zoom that fits the bounds in the map's box (deck.gl: the world is 512 px wide at
    zoom 0; a degree of latitude is 1/cos(latitude) times longer on screen than one of longitude)."""
    minx, miny, maxx, maxy = bounds
    dx = max(maxx - minx, 1e-4)
    dy = max(maxy - miny, 1e-4) / math.cos(math.radians((miny + maxy) / 2))
    zoom = min(math.log2(width_px * 360 / (512 * dx)), math.log2(height_px * 360 / (512 * dy))) - 0.1
    return max(4.0, min(13.0, zoom))


def bivariate_legend_html() -> str:
    """The 3x3 legend as a small HTML table: colours with words (harm up, deprivation across)."""
    words = ["Low", "Middle", "High"]
    rows = []
    for h in (3, 2, 1):
        cells = "".join(
            f'<td style="background:{BIVARIATE[f"{d}-{h}"]};width:44px;height:34px;text-align:center;'
            f'color:{"#fff" if d + h >= 5 else "#0b0c0c"};font-size:11px">'
            f'{"Both high" if (d, h) == (3, 3) else ""}</td>' for d in (1, 2, 3))
        label = f'<th style="font-size:11px;text-align:right;padding-right:4px">{words[h - 1]}</th>'
        rows.append(f"<tr>{label}{cells}</tr>")
    header = "".join(f'<th style="font-size:11px">{w}</th>' for w in words)
    return ('<div role="img" aria-label="Legend: deprivation thirds across, harm thirds up; darkest blue = both '
            'high"><b style="font-size:13px">Legend</b><br/><span style="font-size:11px">Harm third ↑</span>'
            f'<table style="border-collapse:collapse;margin:2px 0">{"".join(rows)}<tr><td></td>{header}</tr></table>'
            '<span style="font-size:11px">Deprivation third →</span></div>')


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents every number onto its own line, which
    roughly triples what Streamlit sends to the browser for a polygon layer."""

    def to_json(self) -> str:
        # pydeck's own to_json is json.dumps(self, sort_keys=True, default=..., indent=2), and an indent makes
        # json use its pure-Python encoder (about 0.5 s for a map of 153 areas); the same call without the
        # indent gives the same values, through the C encoder
        spec = json.loads(json.dumps(self, sort_keys=True, default=default_serialize))
        # No basemap, nothing fetched: Streamlit replaces a missing/None mapStyle with a CARTO basemap
        # from the internet, but drops pydeck's own default sentinel without drawing any basemap.
        spec["mapStyle"] = NO_BASEMAP
        spec.pop("mapProvider", None)
        return json.dumps(spec, separators=(",", ":"), ensure_ascii=False)


class KeptDeck(CompactDeck):
    """A :class:`CompactDeck` whose JSON is written once, when first asked for, and kept: for a deck kept in a
    cache and drawn at every run (Streamlit asks for the JSON at each draw: 0.2 s for England's 150 areas)."""

    def to_json(self) -> str:
        kept = getattr(self, "_kept_json", None)
        if kept is None:
            kept = super().to_json()
            self._kept_json = kept   # set after writing: pydeck writes every attribute of a deck into its JSON
        return kept


def outline_rows(geometries, bounds, line_width: float = 1.0) -> pd.DataFrame:
    """The areas' boundaries as thin filled polygons (one row per part, ``polygon`` rings), about
    ``line_width`` pixels wide at the map's opening zoom.

    Why not the polygon layer's own outline: deck.gl strokes polygons with its PathLayer, an instanced
    draw whose first frames cost the browser 1-1.5 s of software rendering where there is no GPU
    (headless Chromium, remote desktops, virtual machines), blocking the page and the next one. A fill
    is cheap there. Shared edges are drawn once (the buffer is one shape); the band is built in a frame
    where a degree of longitude is shrunk by cos(latitude), so that it is as wide across as along on the
    Mercator map."""
    from shapely import affinity
    from shapely.geometry import LineString, MultiLineString

    minx, miny, maxx, maxy = bounds
    shrink = math.cos(math.radians((miny + maxy) / 2))
    pixel = 360 / (512 * 2 ** fit_zoom(bounds)) * shrink  # one screen pixel, in degrees of latitude
    rings = []
    for geom in geometries:
        if geom is None or geom.is_empty:
            continue
        for part in getattr(geom, "geoms", [geom]):
            if part.geom_type == "Polygon":
                rings += [LineString(part.exterior.coords), *(LineString(r.coords) for r in part.interiors)]
    if not rings:
        return pd.DataFrame({"polygon": []})
    edges = affinity.scale(MultiLineString(rings), xfact=shrink, origin=(0, 0))
    band = affinity.scale(edges.buffer(pixel * line_width / 2, join_style="mitre"),
                          xfact=1 / shrink, origin=(0, 0))
    return pd.DataFrame({"polygon": [[[list(c) for c in part.exterior.coords]]
                                     + [[list(c) for c in r.coords] for r in part.interiors]
                                     for part in getattr(band, "geoms", [band]) if not part.is_empty]})


def choropleth(rows: pd.DataFrame, bounds, tooltip_text: str, outlines: pd.DataFrame | None = None) -> pdk.Deck:
    """A pydeck polygon choropleth with no basemap (``map_style=None``): works offline. The area
    boundaries are drawn from ``outlines`` (see :func:`outline_rows`) over the fills."""
    minx, miny, maxx, maxy = bounds
    zoom = fit_zoom(bounds)
    layers = [pdk.Layer(
        "PolygonLayer", data=rows, id="wards", get_polygon="polygon", get_fill_color="fill",
        stroked=False, filled=True, pickable=True, auto_highlight=True, opacity=0.85,
    )]
    if outlines is not None and not outlines.empty:
        layers.append(pdk.Layer("PolygonLayer", data=outlines, id="boundaries", get_polygon="polygon",
                                get_fill_color=[60, 60, 60], stroked=False, filled=True, pickable=False))
    view = pdk.ViewState(longitude=(minx + maxx) / 2, latitude=(miny + maxy) / 2, zoom=zoom)
    return CompactDeck(layers=layers, initial_view_state=view, map_style=None, map_provider=None,
                       tooltip={"text": tooltip_text, "style": {"fontSize": "14px", "whiteSpace": "pre-line"}})


def _hex_colour(fill) -> str:
    return "#" + "".join(f"{int(c):02x}" for c in list(fill)[:3])


def map_features(rows: pd.DataFrame) -> list[dict]:
    """GeoJSON features for :func:`canvas_choropleth` from polygon rows (see :func:`polygon_rows`): the
    fill as a hex colour and the tooltip's lines. Rings are turned clockwise, as d3 (Vega) reads a
    counter-clockwise ring as the whole globe outside it."""
    from shapely.geometry import Polygon, mapping
    from shapely.geometry.polygon import orient

    features = []
    for row in rows.to_dict("records"):
        rings = row["polygon"]
        shape = orient(Polygon(rings[0], rings[1:]), sign=-1.0)
        lines = str(row.get("tooltip") or "").split("\n")
        features.append({"type": "Feature", "geometry": mapping(shape),
                         "properties": {"fill": _hex_colour(row["fill"]), "name": lines[0],
                                        "detail": "; ".join(lines[1:])}})
    return features


def canvas_choropleth(features: list[dict], height: int = 560) -> alt.Chart:
    """The choropleth drawn by Vega on a 2D canvas (Mercator, fitted to the areas, no basemap): quick to
    draw on any computer, including those without graphics acceleration (remote desktops, virtual
    machines, headless browsers), where deck.gl's WebGL first frame takes a third of a second or more.
    Area boundaries are the shapes' own thin strokes."""
    return alt.Chart(alt.Data(values=features)).mark_geoshape(
        stroke="#3c3c3c", strokeWidth=0.6, fillOpacity=0.85,
    ).encode(
        color=alt.Color("properties.fill:N", scale=None, legend=None),
        tooltip=[alt.Tooltip("properties.name:N", title="Area"), alt.Tooltip("properties.detail:N", title="Figures")],
    ).project(type="mercator").properties(height=height, width="container").configure_view(stroke=None)


def canvas_spec(features: list[dict], height: int = 560) -> dict:
    """The Vega-Lite spec of :func:`canvas_choropleth`: the chart built without the features, which are put in
    afterwards as plain JSON values (what Altair makes of them, without walking every coordinate of every
    shape through its schema classes twice: a third of a second for a partnership's wards)."""
    spec = canvas_choropleth([], height).to_dict(validate=False)
    spec["data"] = {"values": json.loads(json.dumps(features))}
    return spec


def scatter(frame: pd.DataFrame, x: str, y: str, x_title: str, y_title: str) -> alt.Chart:
    """Deprivation against harm, one point per ward, coloured and shaped by comparison with the area."""
    data = frame.dropna(subset=[x, y])
    domain = list(COMPARISON_COLOURS)
    return alt.Chart(data).mark_point(filled=True, size=80).encode(
        x=alt.X(f"{x}:Q", title=x_title),
        y=alt.Y(f"{y}:Q", title=y_title),
        color=alt.Color("compared_with_area:N", title="Compared with area",
                        scale=alt.Scale(domain=domain, range=[COMPARISON_COLOURS[d] for d in domain])),
        shape=alt.Shape("compared_with_area:N", title="Compared with area", scale=alt.Scale(domain=domain)),
        tooltip=[alt.Tooltip("ward_name:N", title="Ward"), alt.Tooltip(f"{x}:Q", title=x_title, format=".1f"),
                 alt.Tooltip(f"{y}:Q", title=y_title, format=".2f"),
                 alt.Tooltip("compared_with_area:N", title="Compared with area")],
    ).properties(height=380)


def as_json(deck: pdk.Deck) -> dict:
    return json.loads(deck.to_json())
