"""``workspace backup`` and ``workspace restore``: in-process (the ``workspace`` command's one subprocess smoke
test is in test_cli_workspace.py)."""

import json

from tests.cli.runner import run_main


def _info(capsys, folder) -> dict:
    result = run_main(capsys, "workspace", "info", "--json", "--workspace", folder)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    return {k: v for k, v in info.items() if k not in ("workspace", "database")}


def test_backup_then_restore_into_a_new_folder_gives_identical_info(workspace, tmp_path, capsys):
    before = _info(capsys, workspace.folder)
    saved = run_main(capsys, "workspace", "backup", tmp_path / "ws.zip", "--workspace", workspace.folder)
    assert saved.returncode == 0 and saved.stdout.startswith("Backed up ws.zip:"), saved.stderr
    restored = run_main(capsys, "workspace", "restore", tmp_path / "ws.zip", "--workspace", tmp_path / "new")
    assert restored.returncode == 0 and restored.stdout.startswith("Restored ws.zip:"), restored.stderr
    assert _info(capsys, tmp_path / "new") == before


def test_restore_over_data_and_a_missing_file_exit_2_with_one_line(workspace, tmp_path, capsys):
    run_main(capsys, "workspace", "backup", tmp_path / "ws.zip", "--workspace", workspace.folder)
    over = run_main(capsys, "workspace", "restore", tmp_path / "ws.zip", "--workspace", workspace.folder)
    assert over.returncode == 2 and over.stderr.strip().count("\n") == 0 and "already holds data" in over.stderr
    missing = run_main(capsys, "workspace", "restore", tmp_path / "nope.zip", "--workspace", tmp_path / "fresh")
    assert missing.returncode == 2 and missing.stderr.strip() == "There is no backup file nope.zip."
    again = run_main(capsys, "workspace", "backup", tmp_path / "ws.zip", "--workspace", workspace.folder)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_backup_and_restore_with_the_workspace_from_the_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CDP_WORKSPACE", str(tmp_path / "ws"))
    saved = run_main(capsys, "workspace", "backup", tmp_path / "ws.zip")
    assert saved.returncode == 0, saved.stderr
    restored = run_main(capsys, "workspace", "restore", tmp_path / "ws.zip", "--workspace", tmp_path / "copy")
    assert restored.returncode == 0 and "Restored ws.zip" in restored.stdout, restored.stderr
