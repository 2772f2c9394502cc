"""``report --partnership CODE --format docx|pdf --out PATH [--as-of DATE]``."""

import os

from docx import Document

from tests.cli.runner import run_main, run_process


def test_report_writes_word_for_a_date(workspace, tmp_path, capsys):
    out = tmp_path / "pack.docx"
    result = run_main(capsys, "report", "--partnership", "E10000017", "--format", "docx", "--out", out,
                      "--as-of", "2024-06-30", "--workspace", workspace.folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote the board pack for E10000017 to {out}")
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Quarter 1 of 2024/25. Prepared 30 Jun 2024." in text


def test_bad_input_exits_2_with_one_line(workspace, tmp_path, capsys):
    unknown = run_main(capsys, "report", "--partnership", "E99999999", "--format", "pdf", "--out",
                       tmp_path / "x.pdf", "--workspace", workspace.folder)
    assert unknown.returncode == 2 and unknown.stderr.strip().count("\n") == 0
    assert "E99999999 is not a partnership" in unknown.stderr and not (tmp_path / "x.pdf").exists()
    bad_date = run_main(capsys, "report", "--partnership", "E10000017", "--format", "pdf", "--out",
                        tmp_path / "x.pdf", "--as-of", "yesterday", "--workspace", workspace.folder)
    assert bad_date.returncode == 2 and "is not a date" in bad_date.stderr
    nowhere = run_main(capsys, "report", "--partnership", "E10000017", "--format", "pdf", "--out",
                       tmp_path / "missing" / "x.pdf", "--workspace", workspace.folder)
    assert nowhere.returncode == 2 and nowhere.stderr.startswith("Cannot write x.pdf")


def test_report_runs_as_a_module(workspace, tmp_path):
    env = {**os.environ, "CDP_WORKSPACE": str(workspace.folder)}
    result = run_process("report", "--partnership", "E08000015", "--format", "pdf", "--out", tmp_path / "p.pdf",
                         env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF-")
