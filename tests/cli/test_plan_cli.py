"""``python -m cdp_data plan ...`` through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


REPO = Path(__file__).resolve().parent.parent.parent


def run(*args, env_workspace=None):
    import os

    env = {**os.environ}
    if env_workspace:
        env["CDP_WORKSPACE"] = str(env_workspace)
    return subprocess.run([sys.executable, "-m", "cdp_data", *map(str, args)], cwd=REPO, capture_output=True,
                          text=True, env=env, timeout=120)


def test_parse_json_shape(shared_data):
    result = run("plan", "parse", shared_data / "plans" / "tracker_flat.xlsx", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
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


def test_every_bad_file_exits_2_with_one_line(shared_data, tmp_path):
    for path in _bad_files(shared_data, tmp_path):
        result = run("plan", "parse", path, "--json")
        assert result.returncode == 2, (path.name, result.stderr)
        assert "Traceback" not in result.stderr and result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and path.name in lines[0], (path.name, result.stderr)


def test_versions_and_compare_on_the_demo(tmp_path):
    ws = tmp_path / "ws"
    result = run("plan", "versions", "--partnership", "E10000017", "--json", "--workspace", ws)
    assert result.returncode == 0, result.stderr
    versions = json.loads(result.stdout)
    assert [v["version"] for v in versions] == [2, 1] and all(v["is_synthetic"] for v in versions)
    result = run("plan", "compare", versions[1]["id"], versions[0]["id"], "--json", "--workspace", ws)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)["summary"]
    assert summary["added"] == 1 and summary["status_changes"] == 3 and summary["slipped"] == 2
    bad = run("plan", "compare", 1, 999, "--workspace", ws)
    assert bad.returncode == 2 and "999" in bad.stderr and "Traceback" not in bad.stderr
