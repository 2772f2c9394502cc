"""Overview: tiles computation, the PNG/PDF export and the board pack (Word and PDF) on the demo workspace."""

from __future__ import annotations

import tempfile

from bench.timing import median_seconds


def _row(figure: str, seconds: float, budget: float) -> dict:
    return {"figure": figure, "value": round(seconds, 3), "unit": "s", "budget": f"< {budget} s",
            "ratio": round(seconds / budget, 2), "within_budget": seconds < budget}


def run(quick: bool = False) -> list[dict]:
    from cdp_data.services import board_pack, overview, report
    from cdp_data.bootstrap import open_workspace

    with tempfile.TemporaryDirectory() as folder:
        ws = open_workspace(folder)
        repeats = 5
        tiles = median_seconds(lambda: overview.overview_tiles(ws, "E10000017"), repeats=repeats)
        png = median_seconds(lambda: report.overview_png(ws, "E10000017", "Lancashire"), repeats=repeats)
        pdf = median_seconds(lambda: report.overview_pdf(ws, "E10000017", "Lancashire"), repeats=repeats)

        def both_formats():
            pack = board_pack.build(ws, "E10000017")
            board_pack.write(pack, "docx")
            board_pack.write(pack, "pdf")

        pack = median_seconds(both_formats, repeats=3 if quick else repeats)
        ws.dispose()
    return [_row("overview tiles (demo, one partnership)", tiles, 0.5),
            _row("overview PNG export", png, 3.0),
            _row("overview PDF export (includes the PNG)", pdf, 5.0),
            _row("board pack, Word and PDF, one partnership (Lancashire demo)", pack, 5.0)]
