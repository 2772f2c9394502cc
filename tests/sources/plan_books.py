"""Workbooks built in code for the delivery-plan tests."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import PatternFill


def xlsx(rows, title="Plan", fills=None, merges=(), sheets_before=(), save_as=None) -> bytes:
    """A workbook from rows; ``fills`` maps a cell like 'C2' to an RGB fill."""
    wb = Workbook()
    first = wb.active
    for name, sheet_rows in sheets_before:
        sheet = wb.create_sheet(name)
        for r in sheet_rows:
            sheet.append(r)
    sheet = first
    sheet.title = title
    for r in rows:
        sheet.append(r)
    for coord, rgb in (fills or {}).items():
        sheet[coord].fill = PatternFill("solid", fgColor=rgb)
    for rng in merges:
        sheet.merge_cells(rng)
    if sheets_before:
        wb.move_sheet(first, offset=len(sheets_before))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

def _ole(extra: bytes = b"") -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + extra + b"\x00" * 512


def tracker(rows) -> bytes:
    return xlsx([["Ref", "Theme", "Action", "Lead", "Due date", "Status"], *rows], title="Tracker")
