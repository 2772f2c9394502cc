"""The board pack (issue 15): every demo partnership in both formats, the same numbers as the screens, Word's
heading styles and alternative text, exports inert, and the PDF rendered by pdftoppm.

The tests that only read the demo share one copy of it per module (on SQLite; on PostgreSQL each has its own
``workspace``), and each pack they read is built once and written once in each format (``packs``); after each
test the shared workspace's revision must be what it was (``tests/ui/sharing.py``)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from docx import Document
from PIL import Image

from cdp_data.present.board_pack import quarter_label, outcome_sentence
from cdp_data.services import board_pack, overview, plan
from cdp_data.services.board_pack import UnknownPartnership
from cdp_data.services.workspace import workspace_attributions
from tests.sources.plan_books import tracker
from tests.services.read_once import built_once

DEMO = ["E10000017", "E08000014", "E08000015", "E06000006"]
LANCASHIRE = "E10000017"
DAY = dt.date(2026, 12, 2)


def _docx(content: bytes):
    return Document(io.BytesIO(content))


_shared_demo, demo = built_once("demo", lambda ws: None)  # the demo as seeded, one copy per module on SQLite


@pytest.fixture(scope="module")
def _made() -> dict:
    return {}


@pytest.fixture
def packs(demo, _made):
    """``packs(code, fmt)``: ``board_pack.write(board_pack.build(demo, code, DAY), fmt)``, each pack built once and
    written once in each format for the module (kept per workspace: on PostgreSQL every test has its own)."""
    def made(code: str, fmt: str) -> bytes:
        key = (str(demo.folder), code)
        if key not in _made:
            _made[key] = (board_pack.build(demo, code, DAY), {})
        pack, written = _made[key]
        if fmt not in written:
            written[fmt] = board_pack.write(pack, fmt)
        return written[fmt]

    return made


def test_quarters_are_financial_year_quarters():
    assert quarter_label(dt.date(2026, 12, 2)) == "Quarter 3 of 2026/27"
    assert quarter_label(dt.date(2027, 1, 31)) == "Quarter 4 of 2026/27"
    assert quarter_label(dt.date(2026, 4, 1)) == "Quarter 1 of 2026/27"
    assert quarter_label(dt.date(2026, 3, 31)) == "Quarter 4 of 2025/26"


def test_the_outcome_sentence_reads_as_the_issue_asks():
    assert outcome_sentence("Continuity of care", "%", ("2019/20", 37.0), ("2023/24", 64.0), 55.0,
                            "Similar to England") == \
        "Continuity of care rose from 37.0% (2019/20) to 64.0% (2023/24); England 55.0%; similar to England."
    assert outcome_sentence("Deaths", None, ("2019", 130.0), ("2021", 121.0), None, None) == \
        "Deaths fell from 130 (2019) to 121 (2021)."


def test_every_demo_partnership_gets_both_formats(packs):
    for code in DEMO:
        word = _docx(packs(code, "docx"))
        headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
        assert headings[:2] == ["Are we on track?", "Outcomes"] and headings[-1] == "Sources and licences", code
        assert word.paragraphs[0].style.name == "Title"
        pdf = packs(code, "pdf")
        assert pdf.startswith(b"%PDF-") and b"/Outlines" in pdf and b"/Lang (en-GB)" in pdf


def test_the_numbers_are_the_screens_numbers_with_alt_text_and_labels(demo, packs):
    tiles = overview.overview_tiles(demo, LANCASHIRE, DAY)
    word = _docx(packs(LANCASHIRE, "docx"))
    rows = [[c.text for c in r.cells] for r in word.tables[0].rows[1:]]
    assert [(r[0], r[1], r[4]) for r in rows] == [(t["title"], t["latest_text"], t["status_label"]) for t in tiles]
    latest = plan.latest_version_id(demo, LANCASHIRE)
    actions = plan.tracked_actions(demo, latest)
    text = "\n".join(p.text for p in word.paragraphs)
    assert f"Plan version {latest}: {len(actions)} actions." in text
    assert "Continuity of care rose from 37.0% (12 months to Mar 2022) to 64.0% (12 months to Nov 2023)." in text
    assert "Quarter 3 of 2026/27. Prepared 2 Dec 2026." in text
    assert "synthetic demo data" in text  # the demo plan is invented, and says so
    described = [d.get("descr") for d in word.element.body.iter("{http://schemas.openxmlformats.org/"
                                                                 "drawingml/2006/wordprocessingDrawing}docPr")]
    assert described and all(d and d.startswith("Line chart of ") for d in described)


def test_table_cells_are_inert(empty_workspace):
    ws = empty_workspace
    ws.upsert_areas([{"code": "E08000015", "name": "Wirral", "is_partnership": True}])
    plan.add_plan_version(ws, "E08000015", "plan.xlsx", tracker([
        ["R1", "=HYPERLINK(\"http://x\")", "@SUM(A1)", "+cmd|' /C calc'!A0", dt.datetime(2020, 1, 1), "Red"]]))
    word = _docx(board_pack.board_pack_file(ws, "E08000015", "docx", DAY))
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert "'@SUM(A1)" in cells and "'+cmd|' /C calc'!A0" in cells
    assert not any(c[:1] in ("=", "+", "-", "@") for c in cells if c)


def test_an_unknown_partnership_is_one_sentence(demo):
    with pytest.raises(UnknownPartnership, match="E99999999 is not a partnership in the workspace"):
        board_pack.board_pack_file(demo, "E99999999", "pdf", DAY)


def test_the_pdf_renders_with_pdftoppm(demo, packs, tmp_path):
    assert shutil.which("pdftoppm"), "poppler-utils (pdftoppm) is installed by .ci/run"
    (tmp_path / "pack.pdf").write_bytes(packs(LANCASHIRE, "pdf"))
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / "pack.pdf"), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 5
    with Image.open(pages[0]) as cover:
        assert cover.convert("L").getextrema()[0] < 100  # dark text drawn on the cover
    text = subprocess.run(["pdftotext", str(tmp_path / "pack.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert "Lancashire (E10000017)" in flat and "Delivery plan" in flat
    lines = workspace_attributions(demo)
    assert lines and all(" ".join(line.split()) in flat for line in lines)  # every licence line, once each
    assert all(flat.count(" ".join(line.split())) == 1 for line in lines)


def test_exceptions_and_changes_since_the_last_recorded_meeting_are_the_slides_rows(workspace):
    from cdp_data.services import meeting

    meeting.record_meeting(workspace, LANCASHIRE, dt.date(2026, 9, 1))
    since = meeting.since_last_meeting(workspace, LANCASHIRE, DAY)
    assert since["last"]["meeting_date"] == dt.date(2026, 9, 1)
    word = _docx(board_pack.board_pack_file(workspace, LANCASHIRE, "docx", DAY))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert "What changed since the last meeting (1 Sep 2026)" in headings
    tables = {t.rows[0].cells[0].text + "|" + t.rows[0].cells[-1].text: t for t in word.tables}
    exceptions = [[c.text for c in r.cells] for r in tables["Action|Why listed"].rows[1:]]
    assert [(r[0], r[4]) for r in exceptions] == [(r["action"], r["why"]) for r in since["exceptions"]]
    assert ("Place a treatment worker in each local prison release team",
            "Red; overdue by 124 days; slipped 92 days") in [(r[0], r[4]) for r in exceptions]
    changes = [[c.text for c in r.cells] for r in tables["What|After"].rows[1:]]
    assert len(changes) == len(since["changes"]) and changes[0][1] == str(since["changes"][0]["item"])
    assert "Deprivation and drug harm by ward" in [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
