"""The Overview export: PNG of the tiles and a one-page A4 landscape PDF (rendered back with pdftoppm)."""

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from cdp_data.services import overview as ov
from cdp_data.services import report

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def test_spec_is_built_from_the_tiles_and_holds_their_figures(workspace):
    tiles = ov.overview_tiles(workspace, "E10000017", dt.date(2024, 1, 15))
    spec = report.overview_spec(tiles, "Lancashire", dt.date(2024, 1, 15))
    assert spec["title"]["text"] == "Are we on track? Lancashire"
    assert spec["title"]["subtitle"] == "Produced 15 Jan 2024"
    texts = str(spec)
    assert "64.0%" in texts and "+27.0 percentage points" in texts and "✔ Achieved" in texts
    assert "12 months to Nov 2023 (data to Nov 2023)" in texts and "Out of date" not in texts
    # as of the meeting day the passed 2023/24 targets await data, and the old data is flagged in words
    later = str(report.overview_spec(ov.overview_tiles(workspace, "E10000017", dt.date(2026, 12, 2)), "Lancashire",
                                     dt.date(2026, 12, 2)))
    assert "◔ Awaiting data" in later and "✔ Achieved" not in later
    assert "12 months to Nov 2023 · ⚠ Out of date: 36 months old" in later
    assert len(spec["vconcat"]) == 2  # 7 tiles in rows of 4


def test_png_is_a_real_picture(workspace):
    png = report.overview_png(workspace, "E10000017", "Lancashire", scale=1)
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.width > 800 and image.height > 300
    assert ImageStat.Stat(image).stddev[0] > 20  # not blank


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")
def test_pdf_is_one_a4_landscape_page_showing_the_tiles(workspace, tmp_path):
    pdf = report.overview_pdf(workspace, "E10000017", "Lancashire", day=dt.date(2025, 3, 31))
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "overview.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1  # one page
    image = Image.open(pages[0])
    # A4 landscape at 50 dpi: 297 x 210 mm -> 585 x 413 px
    assert abs(image.width - 585) <= 2 and abs(image.height - 413) <= 2
    assert ImageStat.Stat(image.convert("L")).stddev[0] > 15  # not blank
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pages[0], ARTIFACTS / "overview_pdf_page.png")
    info = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    if info.returncode == 0:
        assert "Lancashire (E10000017)" in info.stdout and "31 Mar 2025" in info.stdout
        assert "Attributions" in info.stdout and "seed 004" in info.stdout
