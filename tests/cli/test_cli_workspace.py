"""``python -m cdp_data`` basics and ``workspace info`` / ``workspace load``."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def cli(*args, workspace=None, check=False):
    env = {**os.environ}
    if workspace:
        env["CDP_WORKSPACE"] = str(workspace)
    return subprocess.run([sys.executable, "-m", "cdp_data", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120, check=check)


def test_help_lists_subcommands():
    out = cli("--help", check=True).stdout
    assert "workspace" in out


def test_workspace_info_json_on_a_fresh_folder_seeds_the_demo(tmp_path):
    result = cli("workspace", "info", "--json", workspace=tmp_path / "ws", check=True)
    info = json.loads(result.stdout)
    assert {p["code"] for p in info["partnerships"]} == {"E10000017", "E08000014", "E08000015", "E06000006"}
    assert info["schema_version"] >= 1
    assert info["indicator_values"] > 20
    assert any(d["is_synthetic"] for d in info["datasets"])


def test_workspace_flag_overrides_the_environment(tmp_path):
    cli("workspace", "info", "--json", "--workspace", str(tmp_path / "flag"), workspace=tmp_path / "env",
        check=True)
    assert (tmp_path / "flag" / "workspace.sqlite").exists()
    assert not (tmp_path / "env").exists()


def test_unreadable_input_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "colours.csv"
    bad.write_text("name,colour\nfoo,blue\n")
    result = cli("workspace", "load", str(bad), workspace=tmp_path / "ws")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "not a kind of file the app knows" in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_file_exits_2(tmp_path):
    result = cli("workspace", "load", str(tmp_path / "nope.csv"), workspace=tmp_path / "ws")
    assert result.returncode == 2 and "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_bad_plan_files_exit_2_without_traceback(shared_data, tmp_path):
    for bad in sorted((shared_data / "plans" / "bad").iterdir()):
        result = cli("workspace", "load", str(bad), workspace=tmp_path / "ws")
        assert result.returncode == 2, bad.name
        assert "Traceback" not in result.stderr and result.stderr.strip(), bad.name
        assert len(result.stderr.strip().splitlines()) == 1, (bad.name, result.stderr)


def test_usage_error_exits_2():
    result = cli("workspace", "load")
    assert result.returncode == 2 and "Traceback" not in result.stderr
