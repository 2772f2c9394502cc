"""``demo build`` as a process: the one subprocess smoke test of the ``demo`` command (its build is tested
in-process in tests/demo/test_demo_build.py)."""

from __future__ import annotations

from tests.cli.runner import run_process


def test_demo_build_smoke_as_a_process(tmp_path):
    done = run_process("demo", "build", "--from", tmp_path / "nowhere", "--out", tmp_path / "out")
    assert done.returncode == 2
    assert done.stderr.strip() == f"{tmp_path / 'nowhere'} is not a folder: give a folder laid out like shared/data/public."
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert not (tmp_path / "out").exists()
