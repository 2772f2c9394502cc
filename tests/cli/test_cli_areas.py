"""``python -m cdp_data areas similar``: from the public folder, from the stored table, and its refusals; one
subprocess smoke test, the rest in-process."""

import json

from tests.cli.runner import run_main, run_process


def test_similar_from_the_public_folder_as_json(capsys, pub, tmp_path):
    result = run_main(capsys, "areas", "similar", "--from", pub, "--area", "e08000015", "--n", "5", "--json",
                      "--workspace", tmp_path / "ws")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["area"]["area_name"] == "Wirral"
    assert [r["rank"] for r in data["neighbours"]] == [1, 2, 3, 4, 5]
    assert "E08000014" in [r["area_code"] for r in data["neighbours"]]   # Sefton
    assert all(r["distance"] > 0 for r in data["neighbours"])
    assert not (tmp_path / "ws").exists()   # without --store nothing is written


def test_store_then_read_the_stored_table(capsys, pub, tmp_path):
    ws = tmp_path / "ws"
    stored = run_main(capsys, "areas", "similar", "--from", pub, "--area", "E10000017", "--store", "--workspace", ws)
    assert stored.returncode == 0, stored.stderr
    assert "Similar-areas figures stored for 153 upper-tier authorities" in stored.stderr
    again = run_main(capsys, "areas", "similar", "--area", "E10000017", "--n", "3", "--workspace", ws)
    assert again.returncode == 0
    assert again.stdout.splitlines()[1:] == stored.stdout.splitlines()[1:4]


def test_refusals_are_one_sentence(capsys, tmp_path, workspace):
    from cdp_data.store.schema import datasets

    with workspace.begin() as conn:   # as a workspace seeded before the demo held the similar-areas table
        conn.execute(datasets.delete().where(datasets.c.kind == "similar_area_features"))
    empty = run_main(capsys, "areas", "similar", "--area", "E08000015", "--workspace", workspace.folder)
    assert empty.returncode == 2 and "No similar-areas figures are stored" in empty.stderr
    missing = run_main(capsys, "areas", "similar", "--from", tmp_path, "--area", "E08000015")
    assert missing.returncode == 2
    assert missing.stderr.strip() == (f"The similar-areas figures need imd/imd2019_lsoa11_england.csv in {tmp_path}, "
                                      "and it is not there.")
    assert "Traceback" not in missing.stderr


def test_smoke_as_a_process(workspace):
    """The command as a process, on the table the demo stores (the public folder is read in-process above)."""
    result = run_process("areas", "similar", "--area", "E06000006", "--n", "2", "--workspace", workspace.folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("The 2 upper-tier authorities most like Halton (E06000006)")
    assert len(result.stdout.splitlines()) == 3
