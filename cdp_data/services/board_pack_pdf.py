"""The board pack as a PDF (fpdf2): A4 portrait, DejaVu Sans, headings as PDF bookmarks (the outline a
screen reader and the reader's side panel follow), document language and title set, pictures with
alternative text, tables with a repeated header row. Tagged-PDF structure is as far as fpdf2 goes: it
writes alternative text for pictures and the outline, not a full structure tree."""

from __future__ import annotations

import io

from fpdf import FPDF
from fpdf.fonts import FontFace

from ..present.board_pack import Heading, Pack, Paragraph, Picture, Table
from ..present.exports import neutralise
from .report import _pdf_font, _safe

SIZES = {1: 16, 2: 13, 3: 12}


class _Pdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.body_font, "", 8)
        self.set_text_color(80, 90, 95)
        self.cell(0, 6, f"Page {self.page_no()}", align="C")


def _heading(pdf: _Pdf, block: Heading, say) -> None:
    if block.level == 1 and pdf.get_y() > 60:
        pdf.add_page()
    pdf.start_section(say(block.text), level=block.level - 1)
    pdf.set_font(pdf.body_font, "B", SIZES.get(block.level, 12))
    pdf.set_text_color(11, 12, 12)
    pdf.multi_cell(0, 7, say(block.text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _paragraph(pdf: _Pdf, block: Paragraph, say) -> None:
    note = block.style == "note"
    pdf.set_font(pdf.body_font, "", 8.5 if note else 10.5)
    pdf.set_text_color(*((80, 90, 95) if note else (11, 12, 12)))
    pdf.multi_cell(0, 4.5 if note else 5.5, say(block.text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _table(pdf: _Pdf, block: Table, say) -> None:
    if block.caption:
        pdf.set_font(pdf.body_font, "B", 9.5)
        pdf.multi_cell(0, 5, say(block.caption), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.body_font, "", 8.5)
    pdf.set_text_color(11, 12, 12)
    with pdf.table(headings_style=FontFace(emphasis="BOLD", fill_color=(243, 242, 241)), line_height=4.6,
                   repeat_headings=1, text_align="LEFT") as table:
        for values in [block.columns, *block.rows]:
            row = table.row()
            for text in values:
                row.cell(say(str(neutralise(str(text)))))
    pdf.ln(3)


def _picture(pdf: _Pdf, block: Picture) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(block.png)) as img:
        w_px, h_px = img.size
    width = min(pdf.epw, block.width_cm * 10)
    height = width * h_px / w_px
    if pdf.get_y() + height > pdf.h - 20:
        pdf.add_page()
    pdf.image(io.BytesIO(block.png), x=pdf.l_margin, w=width, alt_text=block.alt)
    pdf.ln(2)


def to_pdf(pack: Pack) -> bytes:
    pdf = _Pdf(orientation="P", unit="mm", format="A4")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.body_font = _pdf_font(pdf)
    say = lambda text: _safe(text, pdf.body_font)  # noqa: E731
    pdf.set_title(pack.title)
    pdf.set_lang("en-GB")
    pdf.set_creator("Combating Drugs Partnership analytics")
    pdf.add_page()
    pdf.set_font(pdf.body_font, "B", 22)
    pdf.ln(30)
    pdf.start_section(say(pack.title), level=0)
    pdf.multi_cell(0, 10, say(pack.title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(pdf.body_font, "", 13)
    for line in pack.subtitle.splitlines():
        pdf.multi_cell(0, 7, say(line), new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    for block in pack.blocks:
        if isinstance(block, Heading):
            _heading(pdf, block, say)
        elif isinstance(block, Paragraph):
            _paragraph(pdf, block, say)
        elif isinstance(block, Table):
            _table(pdf, block, say)
        elif isinstance(block, Picture):
            _picture(pdf, block)
    return bytes(pdf.output())
