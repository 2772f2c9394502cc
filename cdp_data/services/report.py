"""The Overview as a picture (PNG) and as a one-page A4 landscape PDF for board papers.

The picture is a Vega-Lite specification built here as a plain dict from the
same tiles the page shows (:func:`cdp_data.services.overview.overview_tiles`) and
rendered offline by ``vl-convert``; the PDF (``fpdf2``) puts that picture under
the partnership's name and the date, with the sources, the status rule and the
licence attributions.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from ..present import targets as words
from ..present import uk_date
from ..core.clock import today
from ..store import Workspace
from . import overview as ov
from .workspace import workspace_attributions
from .milestones import milestone_checklist

TILE_WIDTH = 250
TEXT_HEIGHT = 118
SPARK_HEIGHT = 34
COLUMNS = 4
FONT = "Arial, Helvetica, sans-serif"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _text(text: str, x: float, y: float, size: int = 12, weight: str = "normal", colour: str = "#0B0C0C",
          align: str = "left") -> dict:
    return {"data": {"values": [{}]},
            "mark": {"type": "text", "text": text, "x": x, "y": y, "fontSize": size, "fontWeight": weight,
                     "color": colour, "align": align, "baseline": "top", "font": FONT, "limit": TILE_WIDTH - 12}}


def _age_line(tile: dict) -> str:
    """'12 months to Nov 2023 (data to Nov 2023)', or with the out-of-date flag when the data is stale."""
    period = tile.get("latest_period") or ""
    if tile.get("stale_flag"):
        return f"{period} · ⚠ {tile['stale_flag']}"
    return f"{period} ({tile['data_to_text']})" if period and tile.get("data_to_text") else period


def _tile_view(tile: dict) -> dict:
    pill = f"{tile['symbol']} {tile['status_label']}"
    layers = [
        {"data": {"values": [{}]},
         "mark": {"type": "rect", "x": 0, "y": 0, "x2": TILE_WIDTH, "y2": TEXT_HEIGHT, "color": "#F3F2F1"}},
        _text(tile["title"], 6, 4, 13, "bold"),
        _text(tile["latest_text"], 6, 22, 24 if tile["has_data"] else 18, "bold",
              "#0B0C0C" if tile["has_data"] else "#505A5F"),
        _text(_age_line(tile), 6, 52, 10, colour="#505A5F"),
        _text(f"Change: {tile['change_text']}" if tile.get("change_text") else "", 6, 66, 11),
        _text(f"Baseline: {tile['baseline_text']}" if tile.get("baseline_text") else "", 6, 80, 10),
        _text(f"Target: {tile['target_text']}" if tile.get("target_text") else "Target: none set", 6, 93, 10),
        {"data": {"values": [{}]},
         "mark": {"type": "rect", "x": TILE_WIDTH - 110, "y": 24, "x2": TILE_WIDTH - 6, "y2": 44,
                  "color": tile["colour"], "cornerRadius": 3}},
        _text(pill, TILE_WIDTH - 58, 28, 11, "bold", tile["text_colour"], "center"),
    ]
    text_view = {"width": TILE_WIDTH, "height": TEXT_HEIGHT, "layer": layers}
    points = tile.get("sparkline") or []
    if len(points) >= 2:
        spark = {"width": TILE_WIDTH, "height": SPARK_HEIGHT, "data": {"values": points},
                 "mark": {"type": "line", "point": True, "color": "#1D70B8", "clip": False},
                 "encoding": {"x": {"field": "period_end", "type": "temporal", "axis": None,
                                    "scale": {"padding": 8}},
                              "y": {"field": "value", "type": "quantitative", "axis": None,
                                    "scale": {"zero": False, "padding": 6}}}}
    else:
        spark = {"width": TILE_WIDTH, "height": SPARK_HEIGHT, "layer": [_text(
            "Not enough points for a trend line" if tile["has_data"] else "No data yet", 6, 10, 10,
            colour="#505A5F")]}
    return {"vconcat": [text_view, spark], "spacing": 0}


def overview_spec(tiles: list[dict], partnership_name: str, day: dt.date, synthetic: bool = False,
                  with_title: bool = True) -> dict:
    """A Vega-Lite v5 specification drawing the tiles in rows of four, with a title."""
    rows = [tiles[i:i + COLUMNS] for i in range(0, len(tiles), COLUMNS)] or [[]]
    subtitle = f"Produced {uk_date(day)}" + (" · includes synthetic demo data" if synthetic else "")
    title = {"title": {"text": f"Are we on track? {partnership_name}", "subtitle": subtitle, "anchor": "start",
                       "fontSize": 20, "font": FONT, "subtitleFont": FONT, "subtitleFontSize": 12}} if with_title else {}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        **title,
        "background": "white", "padding": 12,
        "config": {"view": {"stroke": None}, "concat": {"spacing": 12}},
        "vconcat": [{"hconcat": [_tile_view(t) for t in row]} for row in rows if row] or [
            {"layer": [_text("No headline figures for this partnership yet.", 0, 0, 14)], "width": 400, "height": 40}],
    }


def overview_png(ws: Workspace, partnership: str, partnership_name: str | None = None, *, scale: float = 2,
                 day: dt.date | None = None, with_title: bool = True) -> bytes:
    """The Overview tiles as a PNG (rendered offline with vl-convert)."""
    day = day or today()
    return _tiles_png(ov.overview_tiles(ws, partnership, day), partnership_name or partnership, day,
                      ov.uses_synthetic_data(ws, partnership), scale=scale, with_title=with_title)


def _tiles_png(tiles: list[dict], name: str, day: dt.date, synthetic: bool, *, scale: float,
               with_title: bool) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(overview_spec(tiles, name, day, synthetic, with_title=with_title), scale=scale)


def _pdf_font(pdf) -> str:
    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        return "DejaVu"
    return "Helvetica"


def _safe(text: str, font: str) -> str:
    if font != "Helvetica":
        return text
    table = {"✔": "", "✖": "", "▲": "", "◔": "", "⚠": "!", "–": "-", "—": "-", "’": "'", "“": '"', "”": '"', "·": "-"}
    for k, v in table.items():
        text = text.replace(k, v)
    return text.encode("latin-1", "replace").decode("latin-1")


def overview_pdf(ws: Workspace, partnership: str, partnership_name: str | None = None, *,
                 png: bytes | None = None, day: dt.date | None = None) -> bytes:
    """A one-page A4 landscape PDF: title, partnership, date, the tiles picture, sources, the
    status rule and the licence attributions."""
    from fpdf import FPDF

    day = day or today()
    name = partnership_name or partnership
    tiles = ov.overview_tiles(ws, partnership, day)
    synthetic = ov.uses_synthetic_data(ws, partnership)
    png = png or _tiles_png(tiles, name, day, synthetic, scale=2, with_title=False)  # the same tiles, read once
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(12, 10, 12)
    pdf.add_page()
    font = _pdf_font(pdf)
    s = lambda t: _safe(t, font)
    pdf.set_title(f"Are we on track? {name}")
    pdf.set_font(font, "B", 16)
    pdf.cell(0, 8, s(f"Are we on track? {name} ({partnership})"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 10)
    pdf.cell(0, 6, s(f"Combating Drugs Partnership overview, produced {uk_date(day)}."
                     f"{' Includes synthetic demo data.' if synthetic else ''}"),
             new_x="LMARGIN", new_y="NEXT")
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        w_px, h_px = img.size
    max_w, max_h = 273.0, 130.0
    width = min(max_w, max_h * w_px / h_px)
    pdf.image(io.BytesIO(png), x=12, y=pdf.get_y() + 1, w=width)
    pdf.set_y(pdf.get_y() + 1 + width * h_px / w_px + 2)
    pdf.set_font(font, "", 7.5)
    lines = [("Milestones", words.milestones_met_text(milestone_checklist(ws, partnership))),
             ("Status rule", words.STATUS_RULE.replace("**", ""))]
    sources = ov.overview_sources(tiles)
    if sources:
        lines.append(("Sources", "; ".join(sources)))
    attributions = workspace_attributions(ws)
    if attributions:
        lines.append(("Attributions", " ".join(attributions)))
    for label, text in lines:
        if pdf.get_y() > 200:
            break
        pdf.set_font(font, "B", 7.5)
        pdf.cell(22, 3.6, s(label + ":"))
        pdf.set_font(font, "", 7.5)
        pdf.multi_cell(0, 3.6, s(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)
    return bytes(pdf.output())
