"""The demo template kept in the temporary folder: a folder someone else planted there is never read."""

import os
import tempfile

from cdp_data.demo import template


def _planted(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    folder = template._cached_folder()
    folder.mkdir()
    (folder / "ready").write_text("seeded\n")
    return folder


def _seed_recorder():
    seeded = []
    return seeded, lambda ws: seeded.append(ws.folder)


def test_a_template_folder_others_may_write_in_is_not_read(tmp_path, monkeypatch):
    planted = _planted(tmp_path, monkeypatch)
    planted.chmod(0o777)   # as an account that is not ours could leave it in a shared /tmp
    seeded, seed = _seed_recorder()
    rows = template._seeded_rows(seed)
    assert len(seeded) == 1 and seeded[0] != planted   # seeded afresh in a folder of its own
    assert isinstance(rows, dict) and not template._ours(planted)
    assert sorted(p.name for p in planted.iterdir()) == ["ready"]   # the planted folder is left as it was


def test_a_symlinked_template_folder_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (elsewhere / "ready").write_text("seeded\n")
    os.symlink(elsewhere, template._cached_folder())
    seeded, seed = _seed_recorder()
    template._seeded_rows(seed)
    assert len(seeded) == 1 and not template._ours(template._cached_folder())


def test_the_accounts_own_template_folder_is_read_without_seeding_again(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seeded, seed = _seed_recorder()
    template._seeded_rows(seed)
    assert template._ours(template._cached_folder()) and oct(template._cached_folder().stat().st_mode & 0o777) == "0o700"
    template._seeded_rows(seed)
    assert len(seeded) == 1   # the second process reads the first one's template


def test_without_account_ids_windows_the_accounts_own_temporary_folder_is_trusted(tmp_path, monkeypatch):
    monkeypatch.delattr(os, "getuid")
    folder = tmp_path / "template"
    folder.mkdir()
    assert template._ours(folder)
    (tmp_path / "link").symlink_to(folder)
    assert not template._ours(tmp_path / "link")
