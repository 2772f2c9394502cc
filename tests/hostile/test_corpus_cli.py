"""The hostile corpus (tests/hostile/corpus.py) from the command line, in ONE child process under a 1 GB
address-space limit (the child the bombs and wards commands of tests/limits run in, tests/limits/limited.py, with
at most two malloc arenas for the corpus): every refused file gives exit 2 and exactly one plain line naming it,
peak memory stays under the limit, and the workspace is unchanged. Files that are odd but valid load, with the
right values."""

from __future__ import annotations

import re

import pytest

from cdp_data.services.loading import load_file
from tests.cli.runner import REPO, run_main
from tests.hostile.corpus import ACCEPTED, CASES, REFUSED
from tests.limits.limited import MEMORY_LIMIT


def plain(line: str, name: str, pattern: str) -> None:
    """One plain sentence about ``name``: its words, no traceback, no server path, nothing unprintable."""
    assert line.startswith(f"{name} ") or line.startswith(f"{name}:"), line
    assert re.search(pattern, line), (pattern, line)
    assert "Traceback" not in line and "Error:" not in line and "Something went wrong" not in line, line
    assert "/tmp" not in line and str(REPO) not in line and "site-packages" not in line, line
    assert line.isprintable(), repr(line)


def test_the_corpus_is_large_and_covers_every_kind():
    from cdp_data.core.kinds import Kind

    assert len(REFUSED) >= 60 and len(CASES) == len(REFUSED) + len(ACCEPTED)
    kinds = {c.kind for c in CASES}
    assert kinds >= set(Kind) - {Kind.FINGERTIPS_API, Kind.WARD_AGGREGATE, Kind.NDTMS_ENGLAND,
                                 Kind.IMD2025_LSOA21, Kind.SIMILAR_AREA_FEATURES}, set(Kind) - kinds


def test_every_refused_file_from_the_cli_is_one_line_under_1_gb(limited_cli):
    limited_cli.check()
    corpus = limited_cli.commands["corpus"]
    assert [path.name for path in limited_cli.files["corpus"]] == [case.name for case in REFUSED]
    assert corpus.code == 2, corpus.lines[-20:]
    assert corpus.stdout == ""  # nothing loaded, nothing said on stdout
    lines = corpus.lines
    assert len(lines) == len(REFUSED), "\n".join(lines)
    for case, line in zip(REFUSED, lines):
        plain(line, case.name, case.refused)
    peak_kb = limited_cli.peak_kb
    assert peak_kb * 1024 < MEMORY_LIMIT, peak_kb
    print(f"peak RSS of the child after the bombs, the wards commands and {len(REFUSED)} hostile files: "
          f"{peak_kb / 1024:.0f} MB")
    before, after = limited_cli.summaries["corpus"]
    assert after == before


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda c: c.name)
def test_odd_but_valid_files_load_with_the_right_values(workspace, tmp_path, capsys, case):
    path = tmp_path / case.name
    path.write_bytes(case.content())
    result = run_main(capsys, "workspace", "load", path, "--workspace", workspace.folder)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.startswith(f"{case.name}: ")
    assert result.stdout.isprintable() or all(line.isprintable() for line in result.stdout.splitlines())
    case.accepted(workspace, load_file(workspace, case.name, case.content()))  # again: the same values
