"""Every file the app exports is inert: a hostile set of cells through each export, read back."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from cdp_data.present import exports
from cdp_data.services import geography_loading, plan_export, templates
from cdp_data.sources import harm

ROOT = Path(__file__).resolve().parents[2]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1,1)", "-2+3", "\t=1", "\r=1", "  =1",
           "\n=1"]
HARMLESS = ["Naloxone kits", "2024/25 Q1", "O'Brien", ""]


def _is_risky(text: str) -> bool:
    return text.startswith(DANGEROUS) or text.lstrip().startswith(DANGEROUS)


def _hostile_frame() -> pd.DataFrame:
    n = len(HOSTILE)
    return pd.DataFrame({
        "text": HOSTILE,
        "normal": (HARMLESS * n)[:n],
        "count": [3, -2, 0, 12, 7, -5, 1, 2],
        "rate": [1.5, -0.25, None, 3.0, 2.0, -1.0, 0.0, 4.5],
        "mixed": [-2, "-2+3", None, "=1", 4.5, "ok", -7.5, "@x"],
        "=header": ["a"] * n,
    })


def _assert_csv_inert(content: bytes) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    for row in rows:
        for value in row:
            number = re.fullmatch(r"-?\d+(\.\d+)?", value)
            assert number or not _is_risky(value), (value, row)
    return rows


def _assert_xlsx_inert(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert cells
    for c in cells:
        assert c.data_type != "f", c.coordinate
        if isinstance(c.value, str):
            assert not _is_risky(c.value), (c.coordinate, c.value)
    return cells


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_gets_one_leading_quote(text):
    assert exports.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", HARMLESS + [-2, -2.5, 0, 3, None, True])
def test_everything_else_is_unchanged(value):
    assert exports.neutralise(value) == value or (value is None and exports.neutralise(value) is None)
    assert type(exports.neutralise(value)) is type(value)


def test_csv_of_a_hostile_table_is_inert_and_numbers_stay_numbers():
    rows = _assert_csv_inert(exports.csv_bytes(_hostile_frame()))
    assert rows[0] == ["text", "normal", "count", "rate", "mixed", "'=header"]
    assert [r[0] for r in rows[1:]] == ["'" + h for h in HOSTILE]
    assert [r[2] for r in rows[1:]] == ["3", "-2", "0", "12", "7", "-5", "1", "2"]
    assert rows[2][3] == "-0.25" and rows[3][3] == ""         # a negative number stays a number, None is empty
    assert [r[4] for r in rows[1:]] == ["-2", "'-2+3", "", "'=1", "4.5", "ok", "-7.5", "'@x"]
    assert rows[1][1] == "Naloxone kits" and rows[3][1] == "O'Brien"


def test_safe_frame_keeps_numeric_columns_numeric():
    safe = exports.safe_frame(_hostile_frame())
    assert safe["count"].dtype == "int64" and safe["count"].tolist()[1] == -2
    assert safe["rate"].dtype == "float64"
    assert safe["mixed"].tolist()[0] == -2 and pd.isna(safe["mixed"].tolist()[2])


def _hostile_plan() -> pd.DataFrame:
    n = len(HOSTILE)
    return pd.DataFrame({
        "ref": HOSTILE, "priority": (HARMLESS * n)[:n], "objective": HOSTILE[::-1], "action": HOSTILE,
        "lead": ["@lead"] * n, "due": [None] * n, "due_text": ["-1 week"] * n, "status": ["red"] * n,
        "progress": HOSTILE, "sheet": ["=Sheet1"] * n, "row": list(range(-3, n - 3)),
    })


def test_tracker_csv_of_hostile_cells_is_inert():
    rows = _assert_csv_inert(plan_export.tracker_csv(_hostile_plan()))
    assert [r[3] for r in rows[1:]] == ["'" + h for h in HOSTILE]
    assert [r[-1] for r in rows[1:]][:3] == ["-3", "-2", "-1"]      # negative numbers are not quoted


def test_tracker_xlsx_of_hostile_cells_is_inert():
    _assert_xlsx_inert(plan_export.tracker_xlsx(_hostile_plan()))
    sheet = load_workbook(io.BytesIO(plan_export.tracker_xlsx(_hostile_plan()))).active
    # (a carriage return comes back as a line feed when openpyxl writes with the standard library's XML, and as
    # itself when lxml is installed, as python-docx needs: compare with line ends made the same)
    assert [sheet.cell(r, 4).value.replace("\r", "\n") for r in range(2, 2 + len(HOSTILE))] == \
        ["'" + h.replace("\r", "\n") for h in HOSTILE]
    assert sheet.cell(2, 11).value == -3 and sheet.cell(2, 11).data_type == "n"


def test_templates_pass_hostile_rows_through_the_neutraliser(monkeypatch):
    row = list(templates.EXAMPLE_ROWS[0])
    hostile_rows = [[h] + row[1:8] + [-2] + row[9:] for h in HOSTILE]
    monkeypatch.setattr(templates, "EXAMPLE_ROWS", hostile_rows)
    monkeypatch.setattr(templates, "GUIDANCE", HOSTILE)
    rows = _assert_csv_inert(templates.indicator_template_csv())
    assert [r[0] for r in rows[1:]] == ["'" + h for h in HOSTILE] and rows[1][8] == "-2"
    cells = _assert_xlsx_inert(templates.indicator_template_xlsx())
    assert any(c.value == -2 and c.data_type == "n" for c in cells)


def test_the_shipped_templates_are_inert_and_unchanged_in_content():
    rows = _assert_csv_inert(templates.indicator_template_csv())
    assert rows[1][0] == "police_drug_offences" and rows[1][8] == "320"
    _assert_xlsx_inert(templates.indicator_template_xlsx())
    _assert_csv_inert(geography_loading.harm_template_csv())


def test_harm_template_passes_hostile_rows_through_the_neutraliser(monkeypatch):
    monkeypatch.setattr(harm, "EXAMPLE", [[h, "=name", "@m", "-1", None, None, -4, "+s", "\tn"] for h in HOSTILE])
    rows = _assert_csv_inert(geography_loading.harm_template_csv())
    assert [r[0] for r in rows[1:]] == ["'" + h for h in HOSTILE] and rows[1][6] == "-4"


# Every place that writes a spreadsheet file, and the one way it is allowed to do it.
EXPORT_CALLS = re.compile(r"\.to_csv\(|\.to_excel\(|csv\.writer\(|DictWriter\(|ExcelWriter\(|Workbook\(\)")
ALLOWED = {
    "cdp_data/present/exports.py",       # the neutraliser itself (safe_frame(...).to_csv)
    "cdp_data/services/plan_export.py",  # tracker: every cell through neutralise/put_cell (tested above)
    "cdp_data/services/templates.py",    # templates: put_row (tested above)
    "cdp_data/demo/plan.py",             # the demo workbook the app loads, never offered for download
    "cdp_data/demo/build.py",            # the demo's extract of official files, loaded by the app, never downloaded
}


def test_no_export_path_bypasses_the_neutraliser():
    found = set()
    for folder in ("cdp_data", "ui", "pages"):
        for path in (ROOT / folder).rglob("*.py"):
            if EXPORT_CALLS.search(path.read_text(encoding="utf-8")):
                found.add(path.relative_to(ROOT).as_posix())
    if EXPORT_CALLS.search((ROOT / "app.py").read_text(encoding="utf-8")):
        found.add("app.py")
    assert found <= ALLOWED, found - ALLOWED
    for path in ALLOWED - {"cdp_data/present/exports.py", "cdp_data/demo/plan.py", "cdp_data/demo/build.py"}:
        assert "present.exports import" in (ROOT / path).read_text(encoding="utf-8"), path


def test_every_download_button_is_fed_by_an_export_function():
    """Downloads on the pages: the app's own (neutralised) files, PNG/PDF images, or the original upload."""
    calls = []
    for path in sorted((ROOT / "ui").rglob("*.py")) + sorted((ROOT / "pages").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        calls += [(path.name, m.group(0)) for m in re.finditer(r"download_button\([^,]+,\s*[^,]+", text)]
    assert calls
    for name, call in calls:
        assert re.search(r"template_csv|template_xlsx|harm_template_csv|csv_bytes|xlsx_bytes|csv_bytes|"
                         r"report\.overview_p(ng|df)|board_pack\.board_pack_file|original", call), (name, call)


def test_ward_figures_csv_of_hostile_ward_names_is_inert(workspace, monkeypatch):
    """The Ward map page's download: display_table, then csv_bytes (ui/ward_map_view.ward_figures, through
    ui/downloads.csv_download)."""
    from cdp_data.present import geography as words
    from cdp_data.services import ward_map

    inputs = ward_map.load_inputs(workspace)
    wm = ward_map.build_ward_map(workspace, inputs, "E08000015", harm_measure="drug_poisoning_admissions")
    names = (HOSTILE * 3)[:len(wm.wards)]
    wm.wards["ward_name"] = names
    table = words.display_table(wm)
    rows = _assert_csv_inert(exports.csv_bytes(table, bom=True))
    assert [r[0] for r in rows[1:]] == ["'" + n for n in names]
    counts = [r[rows[0].index("Count")] for r in rows[1:]]
    assert any(re.fullmatch(r"\d+(\.0)?", c) for c in counts)          # counts are still plain numbers
    source = (ROOT / "ui" / "ward_map_view.py").read_text(encoding="utf-8")
    assert "downloads.csv_download(shown_table" in source and "downloads.csv_download(table" in source
    # ... whose button makes the file with the neutraliser when pressed
    from ui import downloads

    pressed = {}
    monkeypatch.setattr(downloads.st, "download_button", lambda label, data, *a, **k: pressed.update(data=data))
    downloads.csv_download(table, "Download ward figures (CSV)", "ward_figures_E08000015", key="k")
    assert pressed["data"]() == exports.csv_bytes(table, bom=True)
