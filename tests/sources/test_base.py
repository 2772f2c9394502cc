"""``read_csv_frame``: the same bytes parse once (a copy of the first table each time after), a caller's
change to its table reaches no other caller, a file that cannot be parsed is refused each time under its own
name, and what is kept stays under its bound."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from cdp_data.core.errors import LoadError
from cdp_data.core.memo import BytesMemo
from cdp_data.sources import base


@pytest.fixture
def small_memo(monkeypatch):
    """Keep files from 1 KB, at most 5 KB of them in all; an empty memo before and after."""
    monkeypatch.setattr(base, "MEMO_MIN_BYTES", 1024)
    monkeypatch.setattr(base, "_parsed", BytesMemo(5 * 1024, weigh=lambda held: held[0]))
    parses = []
    original = base._parse_csv

    def counted(content, filename, what, options):
        parses.append(filename)
        return original(content, filename, what, options)

    monkeypatch.setattr(base, "_parse_csv", counted)
    return parses


def table(rows: int, salt: str = "") -> bytes:
    return ("code,name\n" + "".join(f"E0{i:07d},Area {salt}{i}\n" for i in range(rows))).encode()


def test_the_same_bytes_parse_once_and_each_caller_gets_its_own_table(small_memo):
    content = table(100)
    first = base.read_csv_frame(content, "a.csv", dtype=str)
    first.loc[0, "name"] = "changed"
    first["extra"] = 1
    second = base.read_csv_frame(content, "b.csv", dtype=str)
    assert small_memo == ["a.csv"]
    assert list(second.columns) == ["code", "name"] and second.loc[0, "name"] == "Area 0" and len(second) == 100
    pd.testing.assert_frame_equal(second, pd.read_csv(io.BytesIO(content), dtype=str))


def test_other_options_or_other_bytes_parse_again(small_memo):
    content = table(100)
    base.read_csv_frame(content, "a.csv", dtype=str)
    as_read = base.read_csv_frame(content, "a.csv")
    base.read_csv_frame(table(100, salt="x"), "c.csv", dtype=str)
    assert small_memo == ["a.csv", "a.csv", "c.csv"]
    assert as_read["code"].tolist()[:2] == ["E00000000", "E00000001"]


def test_small_files_are_not_kept(small_memo):
    content = table(3)
    assert len(content) < 1024
    base.read_csv_frame(content, "a.csv", dtype=str)
    base.read_csv_frame(content, "a.csv", dtype=str)
    assert small_memo == ["a.csv", "a.csv"] and not base._parsed


def test_a_file_that_cannot_be_parsed_is_refused_each_time_by_its_name(small_memo):
    content = table(100) + b'E1,"unbalanced\n'
    for name in ("first.csv", "second.csv"):
        with pytest.raises(LoadError, match=rf"^{name} is not a readable CSV table: "):
            base.read_csv_frame(content, name, dtype=str)
    assert small_memo == ["first.csv", "second.csv"] and not base._parsed


def test_what_is_kept_stays_under_its_bound_dropping_the_least_recently_used(small_memo):
    files = [table(100, salt=str(i)) for i in range(4)]  # about 2 KB each: two fit in 5 KB
    for i, content in enumerate(files[:3]):
        base.read_csv_frame(content, f"{i}.csv", dtype=str)
    assert base._parsed.weight() <= 5 * 1024 and len(base._parsed) == 2
    base.read_csv_frame(files[2], "2.csv", dtype=str)   # kept: no parse
    base.read_csv_frame(files[0], "0.csv", dtype=str)   # dropped first: parsed again
    assert small_memo == ["0.csv", "1.csv", "2.csv", "0.csv"]
