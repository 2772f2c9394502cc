"""Every input is bounded before and while it is read (core/limits.py): the settings, each check, and every
bomb in tests/limits/bombs.py loaded from the CLI in a subprocess under a 1 GB address-space limit (one child
runs several commands in turn, each asserted on its own exit code and message: tests/limits/limited.py)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from cdp_data.core import limits
from cdp_data.core.errors import LoadError
from cdp_data.services.loading import load_file
from cdp_data.sources import boundaries
from tests.cli.runner import REPO, run_main
from tests.limits import bombs
from tests.limits.limited import BOMBS, MEMORY_LIMIT


def test_defaults_and_environment(monkeypatch):
    assert limits.current().max_upload_bytes == 200 * 1024 * 1024
    monkeypatch.setenv("CDP_MAX_UPLOAD_MB", "1.5")
    monkeypatch.setenv("CDP_MAX_ROWS", "1,000")
    assert limits.current().max_upload_bytes == int(1.5 * 1024 * 1024) and limits.current().max_rows == 1000
    assert {row[2] for row in limits.table()} == set(limits.ENV.values())


@pytest.mark.parametrize("raw", ["abc", "-3", "0", "nan", "inf"])
def test_a_bad_setting_is_one_sentence(monkeypatch, raw):
    monkeypatch.setenv("CDP_MAX_UPLOAD_MB", raw)
    with pytest.raises(limits.LimitSettingError, match=r"^The setting CDP_MAX_UPLOAD_MB must be a positive number"):
        limits.current()


def test_a_bad_setting_from_the_cli_exits_2_with_one_line(workspace, tmp_path, capsys, monkeypatch):
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n1,2\n")
    monkeypatch.setenv("CDP_MAX_UPLOAD_MB", "abc")
    result = run_main(capsys, "workspace", "load", path, "--workspace", workspace.folder)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "The setting CDP_MAX_UPLOAD_MB must be a positive number, such as 200; it is set to 'abc'."]


def test_a_bad_setting_is_reported_where_files_are_loaded(workspace, monkeypatch):
    """The Data page and the folder loader catch LoadError: a bad setting reaches them as one sentence too."""
    monkeypatch.setenv("CDP_MAX_ROWS", "lots")
    before = workspace.summary()
    with pytest.raises(LoadError, match=r"^The setting CDP_MAX_ROWS must be a positive number, such as 2,000,000; "
                                        r"it is set to 'lots'\.$"):
        load_file(workspace, "x.csv", b"a,b\n1,2\n")
    assert workspace.summary() == before


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("CDP_MAX_UPLOAD_MB", "2")
    path = tmp_path / "big.csv"
    with open(path, "wb") as handle:
        handle.truncate(3 * 1024 ** 3)  # a sparse 3 GB file
    reads = _count_reads(monkeypatch)
    with pytest.raises(limits.LimitError, match="big.csv was refused: it is over the 2 MB limit"):
        limits.read_path(path)
    assert reads == []  # refused from its size, not one byte read


def test_a_stream_is_refused_as_soon_as_it_passes_the_byte_limit(monkeypatch):
    """A device or pipe has no size: it is read in chunks and refused at the first chunk past the limit."""
    monkeypatch.setenv("CDP_MAX_UPLOAD_MB", "2")
    reads = _count_reads(monkeypatch)
    with pytest.raises(limits.LimitError, match="zero was refused: it is over the 2 MB limit"):
        limits.read_path(Path("/dev/zero"))
    assert reads == [limits.CHUNK] * 3  # 3 MB read from an endless stream, then refused


def test_a_small_file_is_read_whole(tmp_path):
    path = tmp_path / "small.csv"
    path.write_bytes(b"a,b\n1,2\n")
    assert limits.read_path(path) == b"a,b\n1,2\n"
    with pytest.raises(LoadError, match="^Cannot read missing.csv: it does not exist.$"):
        limits.read_path(tmp_path / "missing.csv")


def _count_reads(monkeypatch) -> list:
    reads: list = []
    real_open = open

    class Counting:
        def __init__(self, handle):
            self.handle = handle

        def read(self, n=-1):
            reads.append(n)
            return self.handle.read(n)

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

    monkeypatch.setattr(limits, "open", lambda *a, **k: Counting(real_open(*a, **k)), raising=False)
    return reads


@pytest.mark.parametrize("name, make, message", [
    ("merge.xlsx", bombs.merge_bomb, "a merged range covers 17,179,836,416 cells"),
    ("merges.xlsx", bombs.many_merges, "merged cells, more than the 200,000 allowed"),
    ("dimension.xlsx", bombs.dimension_bomb, "sheet 'sheet1.xml' covers 17,179,869,184 cells"),
    ("laughs.xlsx", bombs.billion_laughs, "declares XML entities"),
    ("xxe.xlsx", bombs.xxe, "declares XML entities"),
    ("bomb.zip", bombs.zip_bomb, "would unpack to 320 MB"),
    ("liar.xlsx", bombs.lying_zip, "more than its own directory says"),
    ("nested.geojson", bombs.nested_json, "nested 100,001 levels deep"),
    ("features.geojson", lambda: bombs.geojson_features(100_001), "100,001 features, more than the 100,000"),
    ("wide.csv", bombs.wide_csv, "16,384 columns, more than the 500 allowed"),
    ("cell.csv", lambda: bombs.huge_cell(2), "one of its lines is 2.0 MB long"),
])
def test_each_bomb_is_refused_with_one_sentence_and_nothing_stored(workspace, name, make, message):
    before = workspace.summary()
    with pytest.raises(LoadError, match=message) as caught:
        load_file(workspace, name, make())
    text = str(caught.value)
    assert text.startswith(f"{name} ") and "\n" not in text and "Traceback" not in text
    assert workspace.summary() == before


def test_vertices_are_counted(monkeypatch, workspace):
    monkeypatch.setenv("CDP_MAX_VERTICES", "5000")
    with pytest.raises(LoadError, match="vertices.geojson was refused: it has 6,001 vertices, more than the 5,000"):
        load_file(workspace, "vertices.geojson", bombs.geojson_vertices(6_000))
    assert load_file(workspace, "ok.geojson", bombs.geojson_features(3)).rows == 3


def test_the_json_depth_of_boundaries_is_measured_once_whoever_reads_them(monkeypatch, workspace):
    measured = []
    real = limits.json_depth
    monkeypatch.setattr(limits, "json_depth", lambda content, *a, **k: measured.append(len(content)) or real(content,
                                                                                                             *a, **k))
    content = bombs.geojson_features(3)
    assert load_file(workspace, "ok.geojson", content).rows == 3
    assert measured == [len(content)]          # by check_content; the reader was told the bytes passed it
    measured.clear()
    assert len(boundaries.read_boundaries(content, "ok.geojson")) == 3
    assert measured == [len(content)]          # read on its own, the reader measures them itself
    measured.clear()
    odd = b"\x0c" + content   # GDAL reads it, but check_content does not take it for JSON: measured even when told
    assert len(boundaries.read_boundaries(odd, "odd.geojson", content_checked=True)) == 3
    assert measured == [len(odd)]
    with pytest.raises(limits.LimitError, match="nested 100,001 levels deep"):
        boundaries.read_boundaries(bombs.nested_json(), "nested.geojson")


def test_too_many_features_are_refused_before_the_file_is_parsed(monkeypatch, workspace):
    import geopandas

    monkeypatch.setattr(geopandas, "read_file", lambda *a, **k: pytest.fail("parsed a file over the feature limit"))
    monkeypatch.setenv("CDP_MAX_FEATURES", "2")
    with pytest.raises(LoadError, match="three.geojson was refused: it has 3 features, more than the 2 allowed"):
        load_file(workspace, "three.geojson", bombs.geojson_features(3))
    with pytest.raises(LoadError, match="three.geojson was refused: it has 3 features, more than the 2 allowed"):
        boundaries.read_boundaries(bombs.geojson_features(3), "three.geojson")


def test_rows_and_cells_of_a_csv(monkeypatch, workspace):
    content = b"a,b,c\n" + b"1,2,3\n" * 50
    monkeypatch.setenv("CDP_MAX_ROWS", "20")
    with pytest.raises(LoadError, match="it has 51 lines, more than the 20 allowed"):
        load_file(workspace, "rows.csv", content)
    monkeypatch.setenv("CDP_MAX_ROWS", "100")
    monkeypatch.setenv("CDP_MAX_CELLS", "100")
    with pytest.raises(LoadError, match=r"it has 153 cells \(51 lines of 3 columns\)"):
        load_file(workspace, "cells.csv", content)


def test_cr_only_line_ends_are_lines():
    assert limits._lines_and_longest(b"a,b\r1,2\r3,4\r")[:1] == (3,)


def test_json_depth_ignores_brackets_inside_strings():
    assert limits.json_depth(b'{"a": "[[[[{{{{", "b": [[1]]}') == 3


def test_zip_members_are_counted(monkeypatch):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i in range(30):
            z.writestr(f"f{i}.txt", "x")
    monkeypatch.setenv("CDP_MAX_ZIP_MEMBERS", "20")
    with pytest.raises(limits.LimitError, match="it is a zip of 30 files, more than the 20 allowed"):
        limits.check_content("many.zip", out.getvalue())


def test_openpyxl_parses_with_defusedxml():
    """Behind the entity check in the zip pass, openpyxl's own parser refuses entities too."""
    import openpyxl.xml
    from openpyxl import load_workbook

    assert openpyxl.xml.DEFUSEDXML is True
    with pytest.raises(ValueError, match="invalid XML") as caught:
        load_workbook(io.BytesIO(bombs.billion_laughs()))
    assert type(caught.value.__cause__).__name__ == "EntitiesForbidden"
    with pytest.raises(ValueError, match="invalid XML") as caught:
        load_workbook(io.BytesIO(bombs.xxe()))
    assert type(caught.value.__cause__).__name__ == "EntitiesForbidden"


def test_requirements_pin_defusedxml():
    assert any(line.startswith("defusedxml==") for line in (REPO / "requirements.txt").read_text().splitlines())


# ---------------------------------------------------------------------------------------------- under a memory limit

def test_every_bomb_from_the_cli_under_1_gb(limited_cli):
    limited_cli.check()
    code, lines = limited_cli.commands["bombs"].code, limited_cli.commands["bombs"].lines
    files = limited_cli.files["bombs"]
    assert [path.name for path in files] == [*BOMBS, "three_gb.csv"]
    assert code == 2, lines
    assert len(lines) == len(files), lines  # one plain sentence per file
    for path, line in zip(files, lines):
        assert line.startswith(f"{path.name} was refused: "), line
    peak_kb = limited_cli.peak_kb
    assert peak_kb * 1024 < MEMORY_LIMIT, peak_kb
    print(f"peak RSS of the child after {len(files)} bombs, the wards commands and the corpus: {peak_kb / 1024:.0f} MB")
    before, after = limited_cli.summaries["bombs"]
    assert after == before


def test_wards_commands_use_the_limits_under_1_gb(limited_cli):
    limited_cli.check()  # both commands in the one child: the peak covers both
    imd, police = limited_cli.commands["wards_imd"], limited_cli.commands["wards_police"]
    assert (imd.code, imd.lines) == (2, [
        "nested.geojson was refused: its JSON is nested 100,001 levels deep, more than the 64 allowed; an "
        "administrator can change the limit with CDP_MAX_JSON_DEPTH."])
    assert police.code == 2 and len(police.lines) == 1 and police.lines[0].startswith("cell.csv was refused: one of "
                                                                                       "its lines")
    assert limited_cli.peak_kb * 1024 < MEMORY_LIMIT
