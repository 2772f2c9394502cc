"""Owned indicator values (schema 8) and the migration from schema 7, on both databases.

A partnership's own figure is read in place of the national one with the same key by those who may read it;
everyone else reads the national one, and a national load never removes it. A schema-7 workspace keeps all its
values on upgrading, and its local figures get their owner: each template row its area's partnership (a segment
holding several partnerships' rows is split), each harm count the partnership of its ward through the stored
lookup; rows of no partnership stay national. Undo of an old load still takes all of it away."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from cdp_data.services import geography_loading, undo
from cdp_data.services.indicator_loading import store_values
from cdp_data.store import indicator_values as data
from cdp_data.store import stored_datasets
from cdp_data.store import workspace as store_workspace

A, B = "E10000017", "E08000015"
KEY = dict(indicator_id="kits", period="2024/25", sex="Persons")


def _values(*rows) -> pd.DataFrame:
    return pd.DataFrame([{**KEY, "area_code": area, "value": value} for area, value in rows])


def _write(ws, frame, owner=None):
    table = data.to_table(frame, source="test", loaded_from="t.csv")
    with ws.begin() as conn:
        data.remove_values(conn, table, owner)
        data.write_values(conn, table, owner)


def _read(ws, owners):
    frame = data.read_values(ws, ["area_code", "value"], indicator_id="kits", owners=owners)
    return sorted(zip(frame["area_code"], frame["value"]))


def test_a_partnerships_own_figure_is_read_in_place_of_the_national_one_by_its_members_only(empty_workspace):
    ws = empty_workspace
    _write(ws, _values((A, 100.0), (B, 50.0)))
    _write(ws, _values((A, 140.0)), owner=A)
    assert _read(ws, {A}) == [(B, 50.0), (A, 140.0)]   # sorted by area code: Wirral (E08) first
    assert _read(ws, {B}) == [(B, 50.0), (A, 100.0)]
    assert _read(ws, set()) == [(B, 50.0), (A, 100.0)]
    assert _read(ws, None) == [(B, 50.0), (A, 140.0)]
    _write(ws, _values((A, 110.0)))   # a national reload replaces the national figure only
    assert _read(ws, {A}) == [(B, 50.0), (A, 140.0)] and _read(ws, {B}) == [(B, 50.0), (A, 110.0)]
    held = data.distinct_by_indicator(ws, ["area_code"], owners=set())
    assert held["kits"]["area_code"] == {A, B}


HARM = "Geography code,Measure,Period,Count\nE05000001,people_in_treatment,2024/25,12\n" \
       "E05000002,people_in_treatment,2024/25,7\n"


def _as_schema_7(ws) -> None:
    """Back to how a schema-7 workspace was: no owner columns."""
    with ws.engine.begin() as conn:
        for table in ("value_segments", "retained_segments", "datasets", "retained_datasets"):
            conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN owner")
        conn.exec_driver_sql("UPDATE meta SET value = '7' WHERE key = 'schema_version'")


def test_a_schema_7_workspace_keeps_its_values_and_its_local_figures_get_their_owners(workspace):
    ws = workspace
    frame = pd.DataFrame({"indicator_id": "kits", "indicator_name": "Kits", "period": "2024/25", "value": [140.0, 90.0, 33.0],
                          "area_code": [A, B, "E07000117"]})
    result = store_values(ws, frame, kind="indicator_template", filename="old.csv",
                          source="Provider")   # as schema 7 stored it: one segment, no owner
    lookup = pd.DataFrame({"WD24CD": ["E05000001"], "LAD24CD": ["E07000117"], "CTYUA24CD": [A]})
    with ws.begin() as conn:
        stored_datasets.put(ws, "lookup", "test lookup", lookup, conn=conn)
    geography_loading.load_harm(ws, "harm.csv", HARM.encode())
    before = data.read_values(ws).sort_values(["indicator_id", "area_code", "period"]).reset_index(drop=True)
    _as_schema_7(ws)

    upgraded = store_workspace.Workspace.open(ws.folder)
    assert upgraded.schema_version() == 8
    after = data.read_values(upgraded).sort_values(["indicator_id", "area_code", "period"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(after, before)
    segments = data.segments(upgraded)
    kits = segments[segments["indicator_id"] == "kits"]
    assert sorted(kits["owner"].fillna("-")) == ["-", B, A] and set(kits["load_id"]) == {result["load_id"]}
    assert _owners_by_area(upgraded) == {A: A, B: B, "E07000117": None}
    harm = {r.owner if isinstance(r.owner, str) else None: stored_datasets.get(upgraded, r.id)["geography_code"].tolist()
            for r in stored_datasets.catalogue(upgraded, "harm_counts").itertuples()}
    assert harm == {A: ["E05000001"], None: ["E05000002"]}
    assert stored_datasets.catalogue(upgraded, "lookup")["owner"].isna().all()

    undo.undo_load(upgraded, result["load_id"])   # the old load, split in three, still goes as one
    assert data.read_values(upgraded, indicator_id="kits").empty
    upgraded.dispose()


def _owners_by_area(ws) -> dict:
    out = {}
    with ws.connect() as conn:
        for segment_id, digest, owner in conn.execute(sa.text(
                "SELECT id, digest, owner FROM value_segments WHERE indicator_id = 'kits'")).all():
            for code in data._decoded(conn, segment_id, digest).column("area_code").to_pylist():
                out[code] = owner
    return out
