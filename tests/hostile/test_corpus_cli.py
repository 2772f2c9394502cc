"""The hostile corpus (tests/hostile/corpus.py) from the command line, in ONE child process under a 1 GB
address-space limit: every refused file gives exit 2 and exactly one plain line naming it, peak memory stays
under the limit, and the workspace is unchanged. Files that are odd but valid load, with the right values."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from cdp_data.services.loading import load_file
from tests.cli.runner import REPO, run_main
from tests.hostile.corpus import ACCEPTED, CASES, REFUSED

MEMORY_LIMIT = 1024 ** 3   # bytes of address space for the child that loads the whole corpus

_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from cdp_data.cli import main
code = main(sys.argv[1:])
print("peak_rss_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


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


def test_every_refused_file_from_the_cli_is_one_line_under_1_gb(workspace, tmp_path):
    files = []
    for case in REFUSED:
        path = tmp_path / case.name
        path.write_bytes(case.content())
        files.append(path)
    before = workspace.summary()
    # glibc gives each thread that allocates (pyarrow's and GDAL's pools) its own arena of reserved address
    # space; two arenas, as a server should run with, keep the address-space limit about memory in use.
    env = {**os.environ, "PYTHONPATH": str(REPO), "MALLOC_ARENA_MAX": "2"}
    done = subprocess.run([sys.executable, "-c", _CHILD.format(limit=MEMORY_LIMIT), "workspace", "load",
                           *map(str, files), "--workspace", str(workspace.folder)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith("peak_rss_kb "), done.stderr[-3000:]
    peak_kb = int(lines[-1].split()[1])
    lines = lines[:-1]
    assert done.returncode == 2, done.stderr[-3000:]
    assert done.stdout == ""  # nothing loaded, nothing said on stdout
    assert len(lines) == len(REFUSED), "\n".join(lines)
    for case, line in zip(REFUSED, lines):
        plain(line, case.name, case.refused)
    assert peak_kb * 1024 < MEMORY_LIMIT, peak_kb
    print(f"peak RSS loading {len(REFUSED)} hostile files: {peak_kb / 1024:.0f} MB")
    assert workspace.summary() == before


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda c: c.name)
def test_odd_but_valid_files_load_with_the_right_values(workspace, tmp_path, capsys, case):
    path = tmp_path / case.name
    path.write_bytes(case.content())
    result = run_main(capsys, "workspace", "load", path, "--workspace", workspace.folder)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.startswith(f"{case.name}: ")
    assert result.stdout.isprintable() or all(line.isprintable() for line in result.stdout.splitlines())
    case.accepted(workspace, load_file(workspace, case.name, case.content()))  # again: the same values
