"""The columnar store of indicator values (cdp_data.indicator_data).

Tests that touch the database run on SQLite and on PostgreSQL (``empty_workspace`` in
``tests/store/conftest.py``, ``store_backend``); those on Arrow tables alone run once.
"""

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import sqlalchemy as sa

from cdp_data.store import indicator_values as data
from cdp_data.store import Workspace, value_segments


def rows(*specs, source="Source A", loaded_from="a.csv"):
    """Frames of (indicator, area, period, value) rows as a loader would give them."""
    return pd.DataFrame([dict(indicator_id=i, area_code=a, period=p, value=v, sex="Persons", source=source,
                              loaded_from=loaded_from) for i, a, p, v in specs])


def write(ws, frame, replace=False):
    table = data.to_table(frame)
    with ws.begin() as conn:
        replaced = data.remove_values(conn, table) if replace else None
        data.write_values(conn, table)
    return replaced


def test_round_trip_keeps_types_and_blank_key_parts(empty_workspace):
    frame = pd.DataFrame({"indicator_id": [93517, 93517], "area_code": ["E08000015", "E92000001"],
                          "period": ["2019/20", "2019/20"], "period_end": ["2020-03-31", dt.date(2020, 3, 31)],
                          "value": ["41.5", None], "is_synthetic": [None, True]})
    write(empty_workspace, frame)
    out = data.read_values(empty_workspace).set_index("area_code")
    assert out.loc["E08000015", "indicator_id"] == "93517"  # an ID read as a number stays text
    assert out.loc["E08000015", "value"] == 41.5 and pd.isna(out.loc["E92000001", "value"])
    assert out.loc["E08000015", "period_end"] == dt.date(2020, 3, 31) == out.loc["E92000001", "period_end"]
    assert out.loc["E08000015", "sex"] == "" and out.loc["E08000015", "category"] == ""
    assert list(out["is_synthetic"]) == [False, True]
    assert empty_workspace.summary()["indicator_values"] == 2


def test_one_segment_per_indicator_even_when_rows_are_interleaved(empty_workspace):
    write(empty_workspace, rows(("a", "E1", "2019", 1.0), ("b", "E1", "2019", 2.0), ("a", "E2", "2019", 3.0)))
    segs = data.segments(empty_workspace)
    assert sorted(zip(segs["indicator_id"], segs["rows"])) == [("a", 2), ("b", 1)]
    assert sorted(data.read_values(empty_workspace, indicator_id="a")["value"]) == [1.0, 3.0]


def test_filters_and_columns(empty_workspace):
    write(empty_workspace, rows(("a", "E1", "2019", 1.0), ("a", "E2", "2020", 2.0), ("b", "E1", "2020", 3.0)))
    write(empty_workspace, rows(("c", "E1", "2020", 4.0), source="Source B"))
    assert data.read_values(empty_workspace, ["value"], area_code="E1")["value"].sort_values().tolist() == [1, 3, 4]
    assert data.read_values(empty_workspace, ["value"], area_code=["E2"], period="2020")["value"].tolist() == [2.0]
    assert data.read_values(empty_workspace, ["indicator_id"], source="Source B")["indicator_id"].tolist() == ["c"]
    assert sorted(data.read_values(empty_workspace, ["indicator_id"], indicator_id=["a", "b"])["indicator_id"]) == \
        ["a", "a", "b"]
    empty = data.read_values(empty_workspace, ["value", "period"], area_code="E9")
    assert empty.empty and list(empty.columns) == ["value", "period"]
    with pytest.raises(KeyError):
        data.read_values(empty_workspace, ["no_such_column"])


def test_later_duplicate_in_one_file_wins():
    table = data.to_table(rows(("a", "E1", "2019", 1.0), ("a", "E2", "2019", 2.0), ("a", "E1", "2019", 9.0)))
    kept = data.drop_duplicate_keys(table).to_pandas()
    assert sorted(zip(kept["area_code"], kept["value"])) == [("E1", 9.0), ("E2", 2.0)]


def _grid(n_areas, periods, chunks=1):
    """Every area and period once, as a table of ``chunks`` record batches (as pyarrow's CSV reader gives)."""
    frame = pd.DataFrame([dict(indicator_id="a", area_code=f"E{i:04d}", period=str(p), value=float(i))
                          for p in periods for i in range(n_areas)])
    bounds = np.linspace(0, len(frame), chunks + 1).astype(int)
    parts = [data.to_table(frame.iloc[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    return pa.concat_tables(parts)


def test_duplicate_keys_by_counting_and_by_hashing_agree():
    dense = _grid(50, range(2000, 2010), chunks=3)  # key space small against the rows: counted
    same = data.drop_duplicate_keys(dense)  # nothing to drop: every row, in order
    assert same.num_rows == dense.num_rows and same.column("value").equals(dense.column("value"))
    doubled = pa.concat_tables([dense, dense.set_column(dense.schema.get_field_index("value"), "value",
                                                        pa.array(np.arange(dense.num_rows, dtype=float)))])
    kept = data.drop_duplicate_keys(doubled).to_pandas()
    assert len(kept) == dense.num_rows and (kept["value"] == np.arange(dense.num_rows)).all()  # the later rows
    sparse = _grid(3, range(1900, 2025))  # 125 periods x 3 areas: too large a key space to count, so hashed
    sparse_doubled = pa.concat_tables([sparse, sparse])
    assert data.drop_duplicate_keys(sparse).num_rows == sparse.num_rows
    assert data.drop_duplicate_keys(sparse_doubled).num_rows == sparse.num_rows


def test_first_per_keeps_the_order_of_first_appearance():
    table = data.to_table(rows(("a", "E2", "2019", 1.0), ("a", "E1", "2019", 2.0), ("a", "E2", "2020", 3.0),
                               ("a", "E3", "2019", 4.0)))
    first = data.first_per(table, "area_code", ["period"])
    assert list(zip(first["area_code"], first["period"])) == [("E2", "2019"), ("E1", "2019"), ("E3", "2019")]


def test_a_newer_extract_replaces_exactly_the_keys_it_carries_whatever_their_source(empty_workspace):
    ws = empty_workspace
    write(ws, rows(("a", "E1", "2018", 1.0), ("a", "E1", "2019", 2.0), ("a", "E2", "2019", 3.0)), True)
    write(ws, rows(("a", "E3", "2019", 7.0), ("a", "E4", "2019", 8.0), source="Source B", loaded_from="b.csv"), True)
    # Source A again, for E1 2019 and a new period: only E1 2019 is replaced; E1 2018 and E2 are kept.
    replaced = write(ws, rows(("a", "E1", "2019", 20.0), ("a", "E1", "2020", 5.0), loaded_from="a2.csv"), True)
    assert replaced == (1, ["a.csv"])
    # A third source with exactly the key of a Source B row replaces that row, and says so.
    replaced = write(ws, rows(("a", "E3", "2019", 70.0), source="Source C", loaded_from="c.csv"), True)
    assert replaced == (1, ["b.csv"])
    out = data.read_values(ws, ["area_code", "period", "value", "source"])
    assert sorted(zip(out["area_code"], out["period"], out["value"], out["source"])) == [
        ("E1", "2018", 1.0, "Source A"), ("E1", "2019", 20.0, "Source A"), ("E1", "2020", 5.0, "Source A"),
        ("E2", "2019", 3.0, "Source A"), ("E3", "2019", 70.0, "Source C"), ("E4", "2019", 8.0, "Source B")]


def test_breakdowns_are_part_of_the_key(empty_workspace):
    frame = rows(("p", "E1", "2018/19", 1.0), ("p", "E1", "2018/19", 2.0))
    frame["sex"] = ["Male", "Female"]
    write(empty_workspace, frame, True)
    again = rows(("p", "E1", "2018/19", 3.0))
    again["sex"] = ["Male"]
    assert write(empty_workspace, again, True) == (1, ["a.csv"])
    out = data.read_values(empty_workspace, ["sex", "value"])
    assert sorted(zip(out["sex"], out["value"])) == [("Female", 2.0), ("Male", 3.0)]


def test_segments_are_immutable_so_the_cache_never_serves_old_values(empty_workspace):
    ws = empty_workspace
    write(ws, rows(("a", "E1", "2019", 1.0), ("a", "E2", "2019", 2.0)), True)
    assert sorted(data.read_values(ws, ["value"])["value"]) == [1.0, 2.0]  # now cached
    before = set(data.segments(ws)["digest"])
    write(ws, rows(("a", "E1", "2019", 10.0)), True)
    assert sorted(data.read_values(ws, ["value"])["value"]) == [2.0, 10.0]
    assert not before & set(data.segments(ws)["digest"])  # the old segment was rewritten, not edited
    with ws.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(value_segments)).scalar_one() == 2


def test_stored_segment_is_an_arrow_ipc_file_in_a_standard_lz4_frame(empty_workspace):
    write(empty_workspace, rows(("a", "E1", "2019", 1.0)))
    with empty_workspace.connect() as conn:
        blob = conn.execute(sa.select(value_segments.c.data)).scalar_one()
    assert blob[:4] == b"\x04\x22\x4d\x18"  # the LZ4 frame magic number: `lz4 -d` opens it
    ipc_file = pa.CompressedInputStream(pa.BufferReader(blob), "lz4").read()
    assert ipc_file[:6] == b"ARROW1"
    table = pa.ipc.open_file(pa.BufferReader(ipc_file)).read_all()  # readable by any Arrow tool
    assert table.column("value").to_pylist() == [1.0] and set(table.column_names) <= set(data.COLUMNS)
    assert "lower_ci998" not in table.column_names  # a column with no value at all is not stored
    assert data.read_values(empty_workspace)["lower_ci998"].isna().all()  # and reads back as missing


def test_segments_written_by_earlier_versions_are_still_read(empty_workspace):
    """Before the outer LZ4 frame, a segment was an Arrow IPC file with LZ4-compressed buffers."""
    write(empty_workspace, rows(("a", "E1", "2019", 1.0), ("a", "E2", "2019", 2.0)))
    table = data.read_table(empty_workspace)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema, options=pa.ipc.IpcWriteOptions(compression="lz4")) as writer:
        writer.write_table(table)
    with empty_workspace.begin() as conn:
        conn.execute(value_segments.update().values(data=sink.getvalue().to_pybytes(), digest="earlier-format"))
    data._cache.clear()
    assert sorted(data.read_values(empty_workspace, ["value"])["value"]) == [1.0, 2.0]


def test_distinct_by_indicator(empty_workspace):
    write(empty_workspace, rows(("a", "E1", "2019", 1.0), ("a", "E2", "2019", 2.0)))
    write(empty_workspace, rows(("a", "E2", "2020", 2.0), source="Source B"))
    held = data.distinct_by_indicator(empty_workspace, ["area_code", "period"])
    assert held == {"a": {"area_code": {"E1", "E2"}, "period": {"2019", "2020"}}}


LOAD_MANY = """
import sys
from cdp_data.services import indicator_files
from cdp_data.store import Workspace
folder, first_area = sys.argv[1], int(sys.argv[2])
ws = Workspace.open(folder)
header = "Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Sex,Age,Time period,Value"
for indicator in range(91001, 91006):
    lines = [header] + [f"{indicator},Test {indicator},E06{a:06d},Area {a},UA,Persons,18+ yrs,2022/23,{a}.5"
                        for a in range(first_area, first_area + 50)]
    indicator_files.load_fingertips_export(ws, f"{indicator}-{first_area}.csv", "\\n".join(lines).encode())
"""


@pytest.mark.usefixtures("store_backend")
def test_two_processes_loading_extracts_at_once_lose_nothing(tmp_path):
    from tests.store.together import run_together

    folder = str(tmp_path / "loads")
    Workspace.open(folder).dispose()
    run_together([LOAD_MANY, folder, "1"], [LOAD_MANY, folder, "51"])
    ws = Workspace.open(folder)
    values = data.read_values(ws, ["indicator_id", "area_code", "value"])
    assert len(values) == 500 and values.groupby("indicator_id")["area_code"].nunique().eq(100).all()
    assert ws.summary()["indicator_values"] == 500 and len(ws.loads()) == 10


def test_an_empty_table_writes_nothing(empty_workspace):
    with empty_workspace.begin() as conn:
        assert data.write_values(conn, data.to_table(pd.DataFrame(columns=["indicator_id", "area_code"]))) == 0
    assert data.segments(empty_workspace).empty and data.read_values(empty_workspace).empty
