"""``Workspace.read``: a query's rows as a frame, built column by column, with what pandas' construction from the
rows gives (columns, their order and types, missing values), on SQLite and on PostgreSQL."""

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from cdp_data.store.schema import areas, catalogue, load_log

MIXED = sa.Table(
    "read_check", sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("count", sa.Integer, nullable=True),
    sa.Column("rate", sa.Float, nullable=True),
    sa.Column("name", sa.Text, nullable=True),
    sa.Column("blob", sa.LargeBinary, nullable=True),
    sa.Column("at", sa.DateTime, nullable=True),
    sa.Column("flag", sa.Boolean, nullable=True),
)
ROWS = [
    {"id": 1, "count": 7, "rate": 12.5, "name": "Wirral", "blob": b"\x00\x01", "at": dt.datetime(2024, 3, 31, 9),
     "flag": True},
    {"id": 2, "count": None, "rate": None, "name": None, "blob": None, "at": None, "flag": None},
    {"id": 3, "count": 12, "rate": 0.0, "name": "Sefton", "blob": b"", "at": dt.datetime(2025, 1, 1), "flag": False},
]


def by_rows(ws, query) -> pd.DataFrame:
    """What pandas makes of the rows themselves: the construction ``read`` replaced."""
    with ws.engine.connect() as conn:
        result = conn.execute(query)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


@pytest.fixture
def mixed(empty_workspace):
    ws = empty_workspace
    with ws.begin() as conn:
        MIXED.create(conn)
        conn.execute(MIXED.insert(), ROWS)
    return ws


def same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(got.columns) == list(expected.columns)
    assert got.dtypes.equals(expected.dtypes), (got.dtypes, expected.dtypes)
    pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize(("where", "n"), [(None, 3), (MIXED.c.id == 2, 1), (MIXED.c.id > 1, 2), (MIXED.c.id == 99, 0)],
                         ids=["all rows", "only blanks", "blanks first", "no rows"])
def test_read_gives_the_frame_of_its_rows_with_every_kind_of_column(mixed, where, n):
    query = sa.select(MIXED).order_by(MIXED.c.id)
    if where is not None:
        query = query.where(where)
    got = mixed.read(query)
    assert len(got) == n
    same(got, by_rows(mixed, query))


def test_values_and_blanks_come_back_as_written(mixed):
    got = mixed.read(sa.select(MIXED).order_by(MIXED.c.id))
    assert got["id"].tolist() == [1, 2, 3]
    assert got.loc[0, "count"] == 7 and pd.isna(got.loc[1, "count"]) and got.loc[2, "count"] == 12
    assert got.loc[0, "rate"] == 12.5 and pd.isna(got.loc[1, "rate"]) and got.loc[2, "rate"] == 0.0
    assert got.loc[0, "name"] == "Wirral" and pd.isna(got.loc[1, "name"])
    assert bytes(got.loc[0, "blob"]) == b"\x00\x01" and got.loc[1, "blob"] is None and bytes(got.loc[2, "blob"]) == b""
    assert got.loc[0, "at"] == pd.Timestamp(2024, 3, 31, 9) and pd.isna(got.loc[1, "at"])
    assert bool(got.loc[0, "flag"]) is True and bool(got.loc[2, "flag"]) is False


def test_an_empty_result_keeps_its_columns(mixed):
    got = mixed.read(sa.select(MIXED.c.id, MIXED.c.name).where(MIXED.c.id < 0))
    assert got.empty and list(got.columns) == ["id", "name"]


def test_two_columns_with_one_label_are_both_kept(mixed):
    query = sa.select(MIXED.c.name, MIXED.c.rate.label("name")).order_by(MIXED.c.id)
    got = mixed.read(query)
    assert list(got.columns) == ["name", "name"]
    same(got, by_rows(mixed, query))


def test_the_demo_tables_read_as_before(workspace):
    for table in (areas, catalogue, load_log):
        same(workspace.read(sa.select(table)), by_rows(workspace, sa.select(table)))
