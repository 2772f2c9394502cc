"""``workspace undo`` and ``workspace history``, and a several-file ``workspace load`` that goes on after a bad
file: in-process through ``cli.main`` (the ``workspace`` command's one subprocess smoke test is in
test_cli_workspace.py)."""

import json

import pytest

from cdp_data.core.kinds import Kind
from cdp_data.services import loading
from tests.cli.runner import run_main
from tests.services.test_no_silent_loss import extract


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("CDP_WORKSPACE", str(tmp_path / "ws"))

    def run(*args):
        return run_main(capsys, *args)
    return run


def files(tmp_path, **contents) -> list:
    paths = []
    for name, content in contents.items():
        path = tmp_path / name.replace("_", ".", 1)
        path.write_bytes(content)
        paths.append(path)
    return paths


def last_load(cli) -> int:
    return int(cli("workspace", "history").stdout.splitlines()[0].split()[0])


def test_undo_puts_the_workspace_back_as_info_shows_it(cli, tmp_path):
    full, latest = files(tmp_path, full_csv=extract([str(y) for y in range(2011, 2024)]),
                         latest_csv=extract(["2023"], value=lambda i: 99.0))
    assert cli("workspace", "load", full).returncode == 0
    before = json.loads(cli("workspace", "info", "--json").stdout)
    assert cli("workspace", "load", latest).returncode == 0
    assert json.loads(cli("workspace", "info", "--json").stdout) != before
    load_id = last_load(cli)
    done = cli("workspace", "undo", load_id)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout == (f"Undid load {load_id} (latest.csv): the 3 rows it loaded are taken away and the 3 it "
                           "replaced are back.\n")
    assert json.loads(cli("workspace", "info", "--json").stdout) == before
    history = cli("workspace", "history").stdout.splitlines()
    assert history[0].split()[0] == str(load_id) and "latest.csv  [undone " in history[0]
    assert "[undone" not in history[1]


@pytest.mark.parametrize("given, line", [
    ("abc", "'abc' is not a load number; give the number shown in the load history, such as 12."),
    ("999999", "There is no load 999999 in this workspace; the load history on the Data page lists them."),
])
def test_a_bad_load_number_exits_2_with_one_line(cli, given, line):
    before = cli("workspace", "info", "--json").stdout
    result = cli("workspace", "undo", given)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", line + "\n")
    assert cli("workspace", "info", "--json").stdout == before


def test_undoing_twice_exits_2(cli, tmp_path):
    (path,) = files(tmp_path, one_csv=extract(["2022"]))
    cli("workspace", "load", path)
    load_id = last_load(cli)
    assert cli("workspace", "undo", load_id).returncode == 0
    again = cli("workspace", "undo", load_id)
    assert again.returncode == 2 and again.stderr.startswith(f"Load {load_id} (one.csv) was already undone on ")
    assert len(again.stderr.splitlines()) == 1


def test_several_files_all_attempted_and_each_reported(cli, tmp_path, monkeypatch):
    def broken(*_args, **_options):
        raise RuntimeError("a bug in one loader")
    monkeypatch.setitem(loading.LOADERS, Kind.HARM_TEMPLATE, broken)
    paths = files(tmp_path, a_csv=extract(["2021"]), b_csv=b"name,colour\nfoo,blue\n",
                  c_csv=b"Geography code,Measure,Period,Count\nE05000001,naloxone_supplied,2024/25,10\n",
                  d_csv=extract(["2022"], indicator="90001"))
    result = cli("workspace", "load", *paths)
    assert result.returncode == 2
    reported = [line.split(":")[0] for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert reported == ["a.csv", "d.csv"]
    errors = result.stderr.splitlines()
    assert len(errors) == 2 and errors[0].startswith("b.csv: not a kind of file the app knows")
    assert errors[1].startswith("c.csv could not be loaded. Something went wrong on our side and it has been "
                                "logged") and "RuntimeError" not in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    loaded = json.loads(cli("workspace", "info", "--json").stdout)
    assert loaded["indicators"] >= 2


def test_undo_a_demo_load_on_a_fresh_workspace(cli):
    # the demo's load of the PHE alcohol estimates (its first load, the partnerships' figures, has later loads
    # of the same areas built on it; the police counts, loaded after it, are another kind)
    result = cli("workspace", "undo", "13")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("Undid load 13 (phe_alcohol_dependent_adults_utla.csv): the ")
    assert result.stdout.count("\n") == 1
