"""Folder loading: only under CDP_DATA_ROOTS (the Data page), never through a link out of the folder, never
echoing what is in a file the app does not recognise (the Data page and ``workspace load FOLDER``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cdp_data.core.errors import LoadError
from cdp_data.services import folders, loading, templates
from cdp_data.services.loading import iter_files, load_folder, load_paths
from tests.cli.runner import run_main

SECRET = b"db_password=hunter2\nsecond line\n"


def _template() -> bytes:
    return templates.indicator_template_csv().replace(b"Example row: replace", b"From the provider")


@pytest.fixture
def hostile(tmp_path) -> Path:
    """A root holding a good file, a planted secret, links to /etc/passwd and /etc, a pipe and a hidden file."""
    root = tmp_path / "root"
    folder = root / "extracts"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "local_figures.csv").write_bytes(_template())
    (folder / "notes.txt").write_bytes(SECRET)
    (folder / "passwd.csv").symlink_to("/etc/passwd")
    (folder / "etc").symlink_to("/etc", target_is_directory=True)
    (folder / "dangling.csv").symlink_to(folder / "gone.csv")
    (folder / ".hidden.csv").write_bytes(SECRET)
    os.mkfifo(folder / "pipe.csv")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "other.csv").write_bytes(SECRET)
    (folder / "out.csv").symlink_to(tmp_path / "outside" / "other.csv")
    return folder


def _messages(results) -> list[str]:
    return [str(r) for r in results if isinstance(r, LoadError)]


def _assert_nothing_disclosed(messages: list[str], one_line: bool = True) -> None:
    passwd_first = Path("/etc/passwd").read_text().splitlines()[0]
    for m in messages:
        assert "hunter2" not in m and "db_password" not in m and "second line" not in m, m
        assert passwd_first not in m and "root:" not in m, m
        assert not one_line or "\n" not in m


def test_without_roots_the_page_loads_no_folder_and_says_why(workspace, hostile, monkeypatch):
    monkeypatch.delenv("CDP_DATA_ROOTS", raising=False)
    loads = len(workspace.loads())
    with pytest.raises(LoadError, match="switched off on this server.*CDP_DATA_ROOTS"):
        load_folder(workspace, str(hostile))
    assert len(workspace.loads()) == loads


def test_under_a_root_only_safe_files_are_read_and_nothing_is_echoed(workspace, hostile, monkeypatch):
    monkeypatch.setenv("CDP_DATA_ROOTS", os.pathsep.join(["", str(hostile.parent), "/nonexistent/root"]))
    results = load_folder(workspace, str(hostile))
    loaded = [r for r in results if not isinstance(r, LoadError)]
    assert [r.filename for r in loaded] == ["sub/local_figures.csv"]
    messages = _messages(results)
    _assert_nothing_disclosed(messages)
    assert sorted(messages) == sorted([
        "dangling.csv: a link that leads nowhere; skipped.",
        "etc: a link to a folder outside the folders allowed; skipped.",
        "notes.txt is not a kind of file the app knows; skipped.",
        "out.csv: a link to somewhere outside the folders allowed; skipped.",
        "passwd.csv: a link to somewhere outside the folders allowed; skipped.",
        "pipe.csv: not a regular file; skipped.",
    ])
    sources = set(workspace.loads()["source_file"])
    assert "sub/local_figures.csv" in sources and not sources & {"notes.txt", "passwd.csv", "out.csv"}


@pytest.mark.parametrize("typed", ["/etc", "{root}/..", "{root}/extracts/etc", "{root}/../outside"])
def test_a_folder_outside_the_roots_is_refused_without_saying_whether_it_exists(workspace, hostile, monkeypatch,
                                                                                 typed):
    monkeypatch.setenv("CDP_DATA_ROOTS", str(hostile.parent))
    loads = len(workspace.loads())
    with pytest.raises(LoadError, match="is not inside a folder this server allows loading from"):
        load_folder(workspace, typed.format(root=hostile.parent))
    assert len(workspace.loads()) == loads


def test_a_relative_folder_is_taken_inside_the_first_root(workspace, hostile, monkeypatch):
    monkeypatch.setenv("CDP_DATA_ROOTS", str(hostile.parent))
    results = load_folder(workspace, "extracts/sub")
    assert [r.filename for r in results] == ["local_figures.csv"] and not _messages(results)
    with pytest.raises(LoadError, match="missing is not a folder on the computer running the app"):
        load_folder(workspace, "missing")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(workspace, tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "big.csv").write_bytes(b"a,b\n" + b"1,2\n" * 400_000)
    monkeypatch.setenv("CDP_MAX_UPLOAD_MB", "1")
    monkeypatch.setattr(loading, "load_file", lambda *a, **k: pytest.fail("the file was read and handed on"))
    [result] = load_paths(workspace, [tmp_path / "data"])
    assert str(result) == "big.csv is 2 MB, over the 1 MB limit: split it or raise CDP_MAX_UPLOAD_MB."


def test_walking_leaves_out_links_that_lead_out_of_the_folder(hostile):
    assert [p.relative_to(hostile).as_posix() for p in iter_files([hostile])] == ["notes.txt",
                                                                                  "sub/local_figures.csv"]
    files, skipped = folders.walk(hostile, [hostile.parent.parent])   # a wider root admits the outside file
    assert [p.name for p in files] == ["notes.txt", "out.csv", "local_figures.csv"]


def test_the_command_line_loads_the_folder_it_is_given_with_the_same_care(capsys, hostile, tmp_path, monkeypatch):
    monkeypatch.delenv("CDP_DATA_ROOTS", raising=False)   # roots are for the Data page; the CLI needs none
    monkeypatch.setenv("CDP_WORKSPACE", str(tmp_path / "ws"))
    result = run_main(capsys, "workspace", "load", hostile)
    assert result.returncode == 2
    assert "sub/local_figures.csv: Local figures" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 6 and "passwd.csv: a link to somewhere outside the folders allowed; skipped." in lines
    _assert_nothing_disclosed(lines)
    _assert_nothing_disclosed([result.stdout], one_line=False)
