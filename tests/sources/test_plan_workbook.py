"""The delivery-plan workbook reader.

Expected values come from the README of ../shared/data/plans (16 actions a layout, 4,800
in tracker_large; statuses green 7, amber 5, red 2, complete 1, not started 1), from
specific cells read here with openpyxl in normal (non read-only) mode, and from
hand-worked dates (Q3 2024/25 ends 31 Dec 2024 because Q1 is April to June).
"""

from __future__ import annotations

import collections
import datetime as dt
import io
import re
import zipfile
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from cdp_data.core.errors import LoadError, PlanError
from cdp_data.sources import plan_cells, plan_workbook
from tests.sources.plan_books import _ole, xlsx

README_STATUSES = {"green": 7, "amber": 5, "red": 2, "complete": 1, "not_started": 1}
LAYOUTS = ["ldp_merged_cells.xlsx", "ldp_multiline_cells.xlsx", "action_plan_by_objective.xlsx",
           "tracker_flat.xlsx"]


_PARSED: dict = {}


def parse_file(path):
    """The shared workbook's plan, read once for this module (the tests only read the result)."""
    if path not in _PARSED:
        _PARSED[path] = plan_workbook.parse_workbook(path.read_bytes(), path.name)
    return _PARSED[path]

@pytest.mark.parametrize("name", LAYOUTS)
def test_every_layout_reads_sixteen_actions_with_leads(shared_data, name):
    parsed = parse_file(shared_data / "plans" / name)
    assert len(parsed.actions) == 16
    assert all(a.action and a.lead for a in parsed.actions)
    assert all(a.priority for a in parsed.actions), "priority inherited down merged/blank cells"
    assert parsed.warnings == []

def test_all_layouts_hold_the_same_actions_and_leads(shared_data):
    pairs = {name: [(a.action, a.lead, a.priority) for a in parse_file(shared_data / "plans" / name).actions]
             for name in LAYOUTS}
    reference = pairs["tracker_flat.xlsx"]
    for name, got in pairs.items():
        assert got == reference, name

@pytest.mark.parametrize("name", ["ldp_merged_cells.xlsx", "tracker_flat.xlsx"])
def test_status_counts_match_the_readme(shared_data, name):
    parsed = parse_file(shared_data / "plans" / name)
    assert collections.Counter(a.status for a in parsed.actions) == README_STATUSES

def test_merged_cells_layout_against_the_cells(shared_data):
    path = shared_data / "plans" / "ldp_merged_cells.xlsx"
    sheet = load_workbook(path).active  # normal mode: merged ranges are visible here
    expected = []
    for row in range(5, 21):
        def merged_value(col):
            for rng in sheet.merged_cells.ranges:
                if rng.min_col == col and rng.min_row <= row <= rng.max_row:
                    return sheet.cell(rng.min_row, col).value
            return sheet.cell(row, col).value
        due = sheet.cell(row, 5).value
        expected.append((merged_value(1), merged_value(2), sheet.cell(row, 3).value, sheet.cell(row, 4).value,
                         due.date() if isinstance(due, dt.datetime) else None, row))
    got = [(a.priority, a.objective, a.action, a.lead, a.due, a.row) for a in parse_file(path).actions]
    assert got == expected
    actions = parse_file(path).actions
    assert actions[0].status == "green" and actions[2].status == "complete" and actions[5].status == "red"
    assert actions[-1].status == "not_started"          # F20: the words "Not started", no fill
    assert actions[6].due is None and actions[6].due_text == "Ongoing"
    assert actions[0].sheet == "Local Delivery Plan"

def test_multiline_cells_split_and_align_with_leads(shared_data):
    path = shared_data / "plans" / "ldp_multiline_cells.xlsx"
    sheet = load_workbook(path).active
    expected = []
    for row in range(2, 8):
        actions = sheet.cell(row, 3).value.split("\n")
        leads = sheet.cell(row, 4).value.split("\n")
        assert len(actions) == len(leads)
        expected += [(sheet.cell(row, 1).value, a, lead, row) for a, lead in zip(actions, leads)]
    got = [(a.priority, a.action, a.lead, a.row) for a in parse_file(path).actions]
    assert got == expected
    assert all(a.status is None and a.due is None for a in parse_file(path).actions)

def test_sheet_per_objective_takes_the_objective_from_the_title_row(shared_data):
    parsed = parse_file(shared_data / "plans" / "action_plan_by_objective.xlsx")
    by_sheet = collections.Counter(a.sheet for a in parsed.actions)
    assert by_sheet == {"Objective 1": 3, "Objective 2": 4, "Objective 3": 2, "Objective 4": 3,
                        "Objective 5": 2, "Objective 6": 2}
    first = parsed.actions[0]
    assert first.objective == "Strengthen the partnership so it can steer the local plan"
    assert first.priority == "Partnership & Accountability"
    # hand-worked: months end on their last day; Q2 2024/25 = Jul-Sep 2024; words keep no date
    hand = {"March 2025": dt.date(2025, 3, 31), "December 2024": dt.date(2024, 12, 31),
            "June 2024": dt.date(2024, 6, 30), "January 2025": dt.date(2025, 1, 31),
            "November 2024": dt.date(2024, 11, 30), "Q2 2024/25": dt.date(2024, 9, 30),
            "October 2024": dt.date(2024, 10, 31), "February 2025": dt.date(2025, 2, 28),
            "July 2025": dt.date(2025, 7, 31), "June 2025": dt.date(2025, 6, 30),
            "Throughout strategy with annual review": None}
    for a in parsed.actions:
        assert a.due == hand[a.due_text], a.due_text
    # the same dates as the tracker where the tracker has a date (it leaves "ongoing" ones blank)
    tracker = parse_file(shared_data / "plans" / "tracker_flat.xlsx").actions
    for ours, theirs in zip(parsed.actions, tracker):
        if theirs.due:
            assert ours.due == theirs.due, ours.action

def test_tracker_reads_refs_and_ignores_the_indicators_sheet(shared_data):
    path = shared_data / "plans" / "tracker_flat.xlsx"
    parsed = parse_file(path)
    assert [a.ref for a in parsed.actions] == [f"A{i:04d}" for i in range(1, 17)]
    assert {a.sheet for a in parsed.actions} == {"Tracker"}
    sheet = load_workbook(path)["Tracker"]
    last = parsed.actions[-1]
    assert (last.action, last.lead, last.progress) == (sheet["C17"].value, sheet["D17"].value, sheet["G17"].value)
    assert last.due == sheet["E17"].value.date()

def _cell_texts(path, sheet_xml: str, refs: list[str]) -> list[str]:
    """The text of cells read straight from the sheet XML with the standard library (an oracle independent of
    openpyxl and of the reader; openpyxl would parse all 4,801 rows to reach the last, taking longer than the
    reader itself): the rows holding them are cut out of the XML and parsed."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with zipfile.ZipFile(path) as archive:
        data = archive.read(sheet_xml)
    rows = dict.fromkeys(re.sub(r"^[A-Z]+", "", ref) for ref in refs)
    found = [re.search(rb'<row r="%s"[ >].*?</row>' % r.encode(), data, re.S)[0] for r in rows]
    root = ElementTree.fromstring(b'<rows xmlns="%s">' % main.encode() + b"".join(found) + b"</rows>")
    cells = {c.get("r"): "".join(t.text or "" for t in c.iter(f"{{{main}}}t")) for c in root.iter(f"{{{main}}}c")}
    return [cells[r] for r in refs]


def test_tracker_large_reads_4800_actions(shared_data):
    path = shared_data / "plans" / "tracker_large.xlsx"
    parsed = parse_file(path)
    assert len(parsed.actions) == 4800
    assert collections.Counter(a.status for a in parsed.actions) == {k: v * 300 for k, v in README_STATUSES.items()}
    # the Tracker sheet is xl/worksheets/sheet1.xml (rId1 in xl/_rels/workbook.xml.rels)
    a2, c2, d2, a4801, d4801 = _cell_texts(path, "xl/worksheets/sheet1.xml", ["A2", "C2", "D2", "A4801", "D4801"])
    assert (parsed.actions[0].ref, parsed.actions[0].action, parsed.actions[0].lead) == (a2, c2, d2)
    assert (parsed.actions[-1].ref, parsed.actions[-1].lead, parsed.actions[-1].row) == (a4801, d4801, 4801)

def test_formula_injection_workbook_reads_two_actions_as_text(shared_data):
    parsed = parse_file(shared_data / "plans" / "tricky" / "formula_injection.xlsx")
    assert len(parsed.actions) == 2
    assert parsed.actions[0].action.startswith("=HYPERLINK(")
    assert parsed.actions[1].action.startswith("+cmd")
    assert parsed.actions[1].lead == "@SUM(A1)"
    assert [a.status for a in parsed.actions] == ["green", "amber"]

def test_header_found_below_notes_with_synonyms_and_read_me_skipped():
    rows = [["Combating drugs partnership: action tracker"], ["Owner: the partnership board"], [], [],
            ["No.", "Workstream", "Deliverable", "Owner", "Deadline", "RAG", "Commentary"],
            [1, "Treatment", "Open a new hub", "Provider", "31/03/2025", "G", "Lease signed"],
            [2, None, "Train staff in naloxone", "Public health", "Q3 2024/25", "A", None],
            [None, None, None, None, None, None, None],
            [3, "Supply", "Close county lines", "Police", "March 2025", "R", "Delayed"]]
    read_me = [["Action", "Lead", "Status"], ["This is guidance, not an action", "x", "Green"]]
    parsed = plan_workbook.parse_workbook(xlsx(rows, sheets_before=[("Read me", read_me)]), "tracker.xlsx")
    got = [(a.ref, a.priority, a.action, a.lead, a.due, a.status, a.row) for a in parsed.actions]
    assert got == [
        ("1", "Treatment", "Open a new hub", "Provider", dt.date(2025, 3, 31), "green", 6),
        ("2", "Treatment", "Train staff in naloxone", "Public health", dt.date(2024, 12, 31), "amber", 7),
        ("3", "Supply", "Close county lines", "Police", dt.date(2025, 3, 31), "red", 9),
    ]

def test_status_from_fill_colour_only_with_tolerant_shades():
    shades = {"C6EFCE": "green", "92D050": "green", "00B050": "green", "FFC7CE": "red", "C00000": "red",
              "FFEB9C": "amber", "FFC000": "amber", "FF6600": "amber", "FFFF00": "amber",
              "5B9BD5": "complete", "0070C0": "complete", "D9D9D9": None, "FFFFFF": None}
    rows = [["Action", "Lead", "RAG"]] + [[f"Action {i}", "Lead", None] for i in range(len(shades))]
    fills = {f"C{i + 2}": rgb for i, rgb in enumerate(shades)}
    parsed = plan_workbook.parse_workbook(xlsx(rows, fills=fills), "fills.xlsx")
    assert [a.status for a in parsed.actions] == list(shades.values())

def test_status_words_and_letters():
    words = {"Red": "red", "amber": "amber", "GREEN": "green", "Amber/Green": "amber", "Complete": "complete",
             "Completed": "complete", "Blue": "complete", "Not started": "not_started", "On hold": "amber",
             "R": "red", "A": "amber", "G": "green", "B": "complete", "Green - on track": "green", "": None}
    for text, expected in words.items():
        assert plan_cells.parse_status(text) == expected, text
    assert plan_cells.parse_status("Purple") is False

def test_unknown_status_is_a_warning_naming_sheet_and_cell():
    rows = [["Action", "Lead", "Status"], ["Do a thing", "SRO", "Purple"]]
    parsed = plan_workbook.parse_workbook(xlsx(rows, title="Tracker"), "p.xlsx")
    assert parsed.actions[0].status is None
    assert any("Sheet 'Tracker' cell C2" in w and "Purple" in w for w in parsed.warnings)

@pytest.mark.parametrize("text,expected", [
    ("31/03/2025", dt.date(2025, 3, 31)),
    ("1/4/24", dt.date(2024, 4, 1)),               # day first
    ("2025-03-31", dt.date(2025, 3, 31)),
    ("March 2025", dt.date(2025, 3, 31)),
    ("Feb 2024", dt.date(2024, 2, 29)),            # leap year
    ("By September 2014", dt.date(2014, 9, 30)),
    ("April 2014", dt.date(2014, 4, 30)),
    ("Q1 2024/25", dt.date(2024, 6, 30)),
    ("Q3 2024/25", dt.date(2024, 12, 31)),
    ("Q4 2024/25", dt.date(2025, 3, 31)),
    ("2024/25", dt.date(2025, 3, 31)),
    ("15 January 2025", dt.date(2025, 1, 15)),
    ("Ongoing", None),
    ("Throughout strategy with annual review", None),
])
def test_due_dates(text, expected):
    due, note = plan_cells.parse_due_text(text)
    assert due == expected
    assert note is None

def test_unreadable_due_text_is_a_warning_and_kept_as_written():
    rows = [["Action", "Lead", "Due"], ["Do a thing", "SRO", "TBC in 12 wks"], ["Other", "SRO", "31/02/2025"]]
    parsed = plan_workbook.parse_workbook(xlsx(rows, title="Plan"), "p.xlsx")
    assert [(a.due, a.due_text) for a in parsed.actions] == [(None, "TBC in 12 wks"), (None, "31/02/2025")]
    assert any("Sheet 'Plan' cell C2" in w for w in parsed.warnings)
    assert any("Sheet 'Plan' cell C3" in w for w in parsed.warnings)

def test_merged_lead_and_blank_continuation_rows():
    rows = [["Priority", "Objective", "Action", "Lead"],
            ["Treatment", "More in treatment", "First", "Provider"],
            [None, None, "Second", None],
            [None, "Fewer deaths", "Third", "Public health"]]
    parsed = plan_workbook.parse_workbook(xlsx(rows, merges=["D2:D3"]), "p.xlsx")
    assert [(a.priority, a.objective, a.action, a.lead) for a in parsed.actions] == [
        ("Treatment", "More in treatment", "First", "Provider"),
        ("Treatment", "More in treatment", "Second", "Provider"),
        ("Treatment", "Fewer deaths", "Third", "Public health")]

def test_bulleted_multiline_with_single_lead_applies_to_each():
    rows = [["Action", "Lead (Owner)"], ["• Open a hub\n• Recruit staff\n• Train staff", "Provider"]]
    parsed = plan_workbook.parse_workbook(xlsx(rows), "p.xlsx")
    assert [(a.action, a.lead) for a in parsed.actions] == [
        ("Open a hub", "Provider"), ("Recruit staff", "Provider"), ("Train staff", "Provider")]

@pytest.mark.parametrize("name,match", [
    ("csv_renamed.xlsx", "text or CSV file"),
    ("empty_workbook.xlsx", "empty workbook"),
    ("no_header.xlsx", "no recognisable header"),
    ("truncated.xlsx", "damaged or incomplete"),
])
def test_shared_bad_files_are_refused_plainly(shared_data, name, match):
    with pytest.raises(PlanError, match=match) as info:
        parse_file(shared_data / "plans" / "bad" / name)
    assert "\n" not in str(info.value) and isinstance(info.value, LoadError)

def test_old_xls_is_told_to_save_as_xlsx():
    with pytest.raises(PlanError, match=r"old-style Excel \(\.xls\).*save it as \.xlsx"):
        plan_workbook.parse_workbook(_ole(), "plan.xls")

def test_password_protected_workbook():
    with pytest.raises(PlanError, match="password-protected"):
        plan_workbook.parse_workbook(_ole("EncryptedPackage".encode("utf-16-le")), "plan.xlsx")

def test_random_bytes_are_not_a_workbook():
    with pytest.raises(PlanError, match="not an Excel workbook"):
        plan_workbook.parse_workbook(bytes(range(256)) * 4, "plan.xlsx")

def test_zip_without_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("notes.txt", "hello")
    with pytest.raises(PlanError, match="not an Excel workbook"):
        plan_workbook.parse_workbook(buffer.getvalue(), "plan.xlsx")

def test_zip_bomb_is_refused_before_opening():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (25 * 1024 * 1024))
    content = buffer.getvalue()
    assert len(content) < 100_000
    with pytest.raises(PlanError, match="zip bomb"):
        plan_workbook.parse_workbook(content, "bomb.xlsx")

def test_over_the_upload_limit(monkeypatch):
    monkeypatch.setenv("CDP_MAX_UPLOAD_MB", "0.001")
    with pytest.raises(PlanError, match="over the 0 MB upload limit|upload limit"):
        plan_workbook.parse_workbook(xlsx([["Action", "Lead"], ["x" * 2000, "y"]]), "big.xlsx")

def test_xlsm_reads_values_only_and_never_keeps_macros():
    content = xlsx([["Action", "Lead"], ["Do a thing", "SRO"]])
    src = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
                assert b"macroEnabled" in data
            z.writestr(info, data)
        z.writestr("xl/vbaProject.bin", b"not really vba")
    parsed = plan_workbook.parse_workbook(out.getvalue(), "plan.xlsm")
    assert [(a.action, a.lead) for a in parsed.actions] == [("Do a thing", "SRO")]
    assert any("no macro was run" in w for w in parsed.warnings)

def test_a_title_row_that_looks_like_a_header_loses_to_the_real_one():
    rows = [["Action plan", "Last updated 01/10/2024"], [],
            ["Ref", "Priority", "Action", "Lead", "Due", "RAG"],
            ["1", "Treatment", "Open a hub", "Provider", "Q4 2024/25", "Green"]]
    parsed = plan_workbook.parse_workbook(xlsx(rows), "p.xlsx")
    assert [(a.ref, a.action, a.lead, a.due, a.status, a.row) for a in parsed.actions] == [
        ("1", "Open a hub", "Provider", dt.date(2025, 3, 31), "green", 4)]

def test_two_tables_on_one_sheet_each_with_its_header():
    rows = [["Action", "Lead", "Priority"], ["First", "A", "Treatment"], [],
            ["Action", "Lead", "Priority"], ["Second", "B", None]]
    parsed = plan_workbook.parse_workbook(xlsx(rows), "p.xlsx")
    assert [(a.action, a.lead, a.priority) for a in parsed.actions] == [("First", "A", "Treatment"),
                                                                        ("Second", "B", None)]

@pytest.mark.parametrize("header,field", [
    ("Action", "action"), ("Local Actions", "action"), ("Deliverable", "action"), ("Activity", "action"),
    ("What we will do", "action"), ("Lead", "lead"), ("Lead (Owner)", "lead"), ("Owner", "lead"),
    ("Responsibility", "lead"), ("Action owner", "lead"), ("Due", "due"), ("Due date", "due"),
    ("Timescale", "due"), ("Target date", "due"), ("Deadline", "due"), ("RAG", "status"), ("Status", "status"),
    ("RAG rating", "status"), ("Progress", "progress"), ("Update", "progress"), ("Latest update", "progress"),
    ("Commentary", "progress"), ("Progress/Comments", "progress"), ("Priority", "priority"),
    ("National Plan Priority", "priority"), ("Theme", "priority"), ("Workstream", "priority"),
    ("Objective", "objective"), ("Objectives", "objective"), ("Ref", "ref"), ("No.", "ref"), ("Ref No", "ref"),
])
def test_header_synonyms(header, field):
    assert plan_cells.match_headers([header]) == {field: 0}

@pytest.mark.parametrize("header", ["Resources", "Outcomes", "Baseline (Mar 2022)", "Target 2024/25",
                                    "Linked indicator", "Notes"])
def test_headers_that_are_not_plan_fields(header):
    assert plan_cells.match_headers([header]) == {}

def test_a_wrong_dimension_tag_does_not_hide_columns():
    content = xlsx([["Action", "Lead", "Status"], ["Do a thing", "SRO", "Green"]])
    src = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:C2"', b'<dimension ref="A1"')
                assert b'<dimension ref="A1"' in data
            z.writestr(info, data)
    parsed = plan_workbook.parse_workbook(out.getvalue(), "p.xlsx")
    assert [(a.action, a.lead, a.status) for a in parsed.actions] == [("Do a thing", "SRO", "green")]
