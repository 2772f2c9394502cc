"""The delivery-plan tracker as a tidy Excel file and as CSV, safe to open.

Any text starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) could
be taken for a formula by a spreadsheet ("CSV injection", OWASP). Both files go through
:mod:`cdp_data.present.exports`: such text gets a leading apostrophe, and in the Excel
file every text cell is stored as text, never as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd

from ..present.exports import neutralise, put_cell
from ..present.plan import STATUS_WORDS
from ..core.numbers import plain

COLUMNS = [
    ("ref", "Ref"), ("priority", "Priority"), ("objective", "Objective"), ("action", "Action"),
    ("lead", "Lead"), ("due", "Due"), ("due_text", "Due (as written)"), ("status", "Status"),
    ("progress", "Progress"), ("sheet", "Sheet"), ("row", "Row"),
]
# Fill colours for the status cells; the status is always written as a word too.
STATUS_FILLS = {"red": "F4B6B0", "amber": "FFE699", "green": "A9D5B8", "complete": "B4C7E7",
                "not_started": "E7E6E6"}


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({label: frame[key] if key in frame else None for key, label in COLUMNS})
    out["Status"] = frame["status"].map(lambda s: STATUS_WORDS.get(s if isinstance(s, str) else None))
    return out


def safe_csv_text(value) -> str:
    """A cell for CSV: formula-like text gets a leading apostrophe (numbers, even negative ones, stay as they are)."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(neutralise(value))


def tracker_csv(frame: pd.DataFrame) -> bytes:
    """The tracker as UTF-8 CSV (with BOM so Excel reads accents), formula-safe."""
    tidy = _tidy(frame)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in tidy.columns])
    for row in tidy.itertuples(index=False):
        writer.writerow([safe_csv_text(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def tracker_xlsx(frame: pd.DataFrame) -> bytes:
    """The tracker as .xlsx: frozen header, filters, status as words and fills, no formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    tidy = _tidy(frame)
    codes = list(frame["status"]) if "status" in frame else [None] * len(tidy)
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Tracker"
    sheet.append(list(tidy.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    status_col = list(tidy.columns).index("Status") + 1
    due_col = list(tidy.columns).index("Due") + 1
    for r, row in enumerate(tidy.itertuples(index=False), start=2):
        for c, raw in enumerate(row, start=1):
            value = plain(raw)
            cell = sheet.cell(r, c)
            if value is None:
                continue
            put_cell(cell, value)  # text neutralised and stored as text, never a formula
            if isinstance(value, str):
                if c in (3, 4, 9):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            if c == due_col and isinstance(value, dt.date):
                cell.number_format = "d mmm yyyy"
        code = codes[r - 2]
        if isinstance(code, str) and code in STATUS_FILLS:
            sheet.cell(r, status_col).fill = PatternFill("solid", fgColor=STATUS_FILLS[code])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(tidy.columns))}{max(len(tidy) + 1, 1)}"
    for c, width in enumerate((8, 30, 30, 60, 24, 12, 18, 12, 40, 16, 6), start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
