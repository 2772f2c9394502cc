"""The app's own template for local figures not on Fingertips (CSV and Excel).

One row per area, indicator and period. The Data page offers both downloads;
the loader is :mod:`cdp_data.sources.template`. Both files are written through
:mod:`cdp_data.present.exports`, like every other export.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from ..present.exports import csv_bytes, put_row
from ..sources.template import TEMPLATE_COLUMNS

EXAMPLE_ROWS = [
    ["police_drug_offences", "Police recorded drug offences", "E08000015", "Wirral", "2024/25 Q1",
     "2024-04-01", "2024-06-30", None, 320, None, None, None, "count", "Police (local)", "Example row: replace"],
    ["naloxone_kits", "Naloxone kits supplied", "E08000015", "Wirral", "2024/25 Q1", "2024-04-01", "2024-06-30",
     None, 140, None, None, None, "count", "Treatment provider", "Example row: replace"],
    ["county_lines_closed", "County lines closed", "E08000015", "Wirral", "2024/25", "2024-04-01", "2025-03-31",
     None, 12, None, None, None, "count", "Police (local)", "Example row: replace"],
    ["adults_in_treatment", "Adults in treatment (provider figure)", "E08000015", "Wirral", "2024/25 Q1",
     "2024-04-01", "2024-06-30", None, 2990, None, None, None, "count", "Treatment provider",
     "Example row: replace"],
]
GUIDANCE = [
    "One row per area, indicator and period.",
    "Indicator ID: a catalogue ID (see the Data page) or your own short ID for a new local measure.",
    "Area code: the GSS code (E06..., E08..., E10...). Area name is for reading only.",
    "Period: as you report it (2024/25, 2024/25 Q1, Jan 2025). Period start/end: dates as YYYY-MM-DD.",
    "Give Value, or Count (and Denominator for a proportion); leave CI columns blank unless published.",
    "Counts under 5 are suppressed by the app on screen and in exports.",
]


def indicator_template_frame() -> pd.DataFrame:
    return pd.DataFrame(EXAMPLE_ROWS, columns=TEMPLATE_COLUMNS)


def indicator_template_csv() -> bytes:
    return csv_bytes(indicator_template_frame())


def indicator_template_xlsx() -> bytes:
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Figures"
    put_row(sheet, 1, TEMPLATE_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(EXAMPLE_ROWS, start=2):
        put_row(sheet, r, row)
    sheet.freeze_panes = "A2"
    numbers = DataValidation(type="decimal", allow_blank=True, error="Enter a number")
    sheet.add_data_validation(numbers)
    numbers.add("H2:L1000")
    for col, width in zip("ABCDEFGHIJKLMNO", (24, 36, 12, 16, 14, 12, 12, 10, 10, 12, 11, 11, 10, 22, 30)):
        sheet.column_dimensions[col].width = width
    notes = wb.create_sheet("Guidance")
    for r, line in enumerate(GUIDANCE, start=1):
        put_row(notes, r, [line])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
