"""The board pack as an editable Word document (python-docx): Word's own Title and Heading styles, so that
councils can paste sections into their committee templates and the navigation pane lists them; tables in
Word's "Table Grid" style with a header row repeated on each page; pictures with alternative text."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..present.board_pack import Heading, Pack, Paragraph, Picture, Table
from ..present.exports import neutralise

GREY = RGBColor(0x50, 0x5A, 0x5F)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()  # noqa: SLF001 - python-docx has no API for a repeated header row
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(doc, block: Table) -> None:
    if block.caption:
        doc.add_paragraph(neutralise(block.caption), style="Caption")
    table = doc.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.columns):
        cell.text = ""
        cell.paragraphs[0].add_run(neutralise(text)).bold = True
    _repeat_header(table.rows[0])
    for values in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = neutralise(str(text))
    doc.add_paragraph()


def _picture(doc, block: Picture) -> None:
    doc.add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
    drawing = doc.paragraphs[-1].runs[-1]._r.xpath(".//wp:docPr")  # noqa: SLF001 - alt text has no API
    if drawing:
        drawing[0].set("descr", block.alt)
        drawing[0].set("title", block.alt.split(".")[0])


def to_docx(pack: Pack) -> bytes:
    doc = Document()
    doc.core_properties.title = pack.title
    doc.core_properties.language = "en-GB"
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_paragraph(pack.title, style="Title")
    for line in pack.subtitle.splitlines():
        doc.add_paragraph(line, style="Subtitle")
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    for block in pack.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = doc.add_paragraph(block.text)
            if block.style == "note":
                for run in paragraph.runs:
                    run.font.size, run.font.color.rgb = Pt(9.5), GREY
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Picture):
            _picture(doc, block)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
