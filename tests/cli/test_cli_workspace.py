"""``python -m cdp_data`` basics and ``workspace info`` / ``workspace load``: in-process through ``cli.main``,
the ``workspace`` command's one smoke test through a subprocess (backup, restore and undo run in-process in
their own modules)."""

import json
import os

import pytest

from tests.cli.runner import run_main, run_process


@pytest.fixture
def cli(capsys, monkeypatch):
    def run(*args, workspace=None, check=False):
        if workspace:
            monkeypatch.setenv("CDP_WORKSPACE", str(workspace))
        result = run_main(capsys, *args)
        assert not check or result.returncode == 0, result.stderr
        return result
    return run


def test_help_lists_subcommands(cli):
    out = cli("--help", check=True).stdout
    assert "workspace" in out


def test_workspace_info_json_on_a_fresh_folder_seeds_the_demo(tmp_path):
    result = run_process("workspace", "info", "--json", env={**os.environ, "CDP_WORKSPACE": str(tmp_path / "ws")})
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert {p["code"] for p in info["partnerships"]} == {"E10000017", "E08000014", "E08000015", "E06000006"}
    assert info["schema_version"] >= 1
    assert info["indicator_values"] > 20
    assert {"boundaries", "police_counts"} <= {d["kind"] for d in info["datasets"]}
    assert not any(d["is_synthetic"] for d in info["datasets"])   # real public data; only the plan is synthetic


def test_workspace_flag_overrides_the_environment(cli, tmp_path):
    cli("workspace", "info", "--json", "--workspace", str(tmp_path / "flag"), workspace=tmp_path / "env",
        check=True)
    assert (tmp_path / "flag" / "workspace.sqlite").exists()
    assert not (tmp_path / "env").exists()


def test_unreadable_input_exits_2_with_one_line(cli, tmp_path):
    bad = tmp_path / "colours.csv"
    bad.write_text("name,colour\nfoo,blue\n")
    result = cli("workspace", "load", str(bad), workspace=tmp_path / "ws")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "not a kind of file the app knows" in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_file_exits_2(cli, tmp_path):
    result = cli("workspace", "load", str(tmp_path / "nope.csv"), workspace=tmp_path / "ws")
    assert result.returncode == 2 and "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_bad_plan_files_exit_2_without_traceback(cli, shared_data, tmp_path):
    for bad in sorted((shared_data / "plans" / "bad").iterdir()):
        result = cli("workspace", "load", str(bad), workspace=tmp_path / "ws")
        assert result.returncode == 2, bad.name
        assert "Traceback" not in result.stderr and result.stderr.strip(), bad.name
        assert len(result.stderr.strip().splitlines()) == 1, (bad.name, result.stderr)


def test_usage_error_exits_2(cli):
    result = cli("workspace", "load")
    assert result.returncode == 2 and "Traceback" not in result.stderr
