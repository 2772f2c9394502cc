"""``python -m cdp_data plan ...``: in-process through ``cli.main(argv)``, one subprocess smoke test
(``plan parse``, which needs no workspace); ``versions`` and ``compare`` run in-process only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cdp_data.cli import main

REPO = Path(__file__).resolve().parent.parent.parent


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def run_subprocess(*args):
    return subprocess.run([sys.executable, "-m", "cdp_data", *map(str, args)], cwd=REPO, capture_output=True,
                          text=True, timeout=120)


def test_parse_json_shape(shared_data, capsys):
    code, out, err = run(capsys, "plan", "parse", shared_data / "plans" / "tracker_flat.xlsx", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"actions", "warnings"}
    assert len(data["actions"]) == 16
    first = data["actions"][0]
    for key in ("priority", "objective", "action", "lead", "due", "due_text", "status", "progress", "sheet", "row"):
        assert key in first
    assert (first["due"], first["status"], first["sheet"], first["row"]) == ("2025-03-31", "green", "Tracker", 2)
    assert {a["status"] for a in data["actions"]} == {"red", "amber", "green", "complete", "not_started"}


def _bad_files(shared_data, tmp_path):
    files = sorted((shared_data / "plans" / "bad").iterdir())
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le"))
    return files + [xls, locked, tmp_path / "missing.xlsx"]


def test_every_bad_file_exits_2_with_one_line(shared_data, tmp_path, capsys):
    for path in _bad_files(shared_data, tmp_path):
        code, out, err = run(capsys, "plan", "parse", path, "--json")
        assert code == 2, (path.name, err)
        assert "Traceback" not in err and out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1 and path.name in lines[0], (path.name, err)


def test_versions_and_compare_on_the_demo(tmp_path, capsys):
    ws = tmp_path / "ws"
    code, out, err = run(capsys, "plan", "versions", "--partnership", "E10000017", "--json", "--workspace", ws)
    assert code == 0, err
    versions = json.loads(out)
    assert [v["version"] for v in versions] == [2, 1] and all(v["is_synthetic"] for v in versions)
    code, out, err = run(capsys, "plan", "compare", versions[1]["id"], versions[0]["id"], "--json", "--workspace", ws)
    assert code == 0, err
    summary = json.loads(out)["summary"]
    assert summary["added"] == 1 and summary["status_changes"] == 3 and summary["slipped"] == 2
    code, out, err = run(capsys, "plan", "compare", 1, 999, "--workspace", ws)
    assert code == 2 and "999" in err and "Traceback" not in err


# ---- one real subprocess for the plan command (versions and compare: in-process above) --------------------
def test_plan_parse_runs_as_a_module(shared_data):
    result = run_subprocess("plan", "parse", shared_data / "plans" / "tracker_flat.xlsx")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "16 actions."

