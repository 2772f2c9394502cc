"""The tracker download: tidy, status as words and fills, and no formula anywhere."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from openpyxl import load_workbook

from cdp_data.sources import plan_workbook
from cdp_data.services.plan_export import tracker_csv, tracker_xlsx


def _formula_plan(shared_data):
    path = shared_data / "plans" / "tricky" / "formula_injection.xlsx"
    return plan_workbook.parse_workbook(path.read_bytes(), path.name).frame()


def test_exported_xlsx_holds_no_formula(shared_data):
    content = tracker_xlsx(_formula_plan(shared_data))
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    sheet = load_workbook(io.BytesIO(content)).active
    quoted = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("'")]
    # the action, lead and progress cells that started with = + - @ are all still there, as quoted text
    assert {c.value for c in quoted} >= {'\'=HYPERLINK("http://example.invalid","click")', "'+cmd|' /C calc'!A0",
                                         "'@SUM(A1)", "'=1+1", "'-2+3"}
    assert all(c.data_type == "s" for c in quoted)
    assert not any(isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))
                   for row in sheet.iter_rows() for c in row)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_exported_xlsx_is_tidy(shared_data):
    frame = plan_workbook.parse_workbook((shared_data / "plans" / "ldp_merged_cells.xlsx").read_bytes()).frame()
    sheet = load_workbook(io.BytesIO(tracker_xlsx(frame))).active
    header = [c.value for c in sheet[1]]
    assert header[:8] == ["Ref", "Priority", "Objective", "Action", "Lead", "Due", "Due (as written)", "Status"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:K17"
    status = header.index("Status") + 1
    words = [sheet.cell(r, status).value for r in range(2, 18)]
    assert words.count("Green") == 7 and words.count("Amber") == 5 and words.count("Not started") == 1
    assert sheet.cell(2, status).fill.fgColor.rgb.endswith("A9D5B8")      # green fill beside the word
    assert sheet.cell(2, header.index("Due") + 1).value == dt.datetime(2025, 3, 31)


def test_exported_csv_prefixes_formula_like_text(shared_data):
    text = tracker_csv(_formula_plan(shared_data)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["Action"] for r in rows] == ["'=HYPERLINK(\"http://example.invalid\",\"click\")", "'+cmd|' /C calc'!A0"]
    assert rows[1]["Lead"] == "'@SUM(A1)" and rows[1]["Progress"] == "'-2+3" and rows[0]["Progress"] == "'=1+1"
    assert [r["Status"] for r in rows] == ["Green", "Amber"]
    for r in rows:
        assert not any(v.startswith(("=", "+", "-", "@")) for v in r.values())
