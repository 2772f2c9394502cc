"""Undo of a load (issue 13): what a load replaced stays in the workspace, and undoing the load puts the
workspace back exactly as it was before it, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from cdp_data.core.errors import WorkspaceError
from cdp_data.services import geography_loading, indicator_files, plan
from cdp_data.services.loading import load_file
from cdp_data.services.undo import undo_load
from cdp_data.sources import police
from cdp_data.store import area_register, load_log, stored_datasets
from cdp_data.store.indicator_values import read_values
from tests.services.test_no_silent_loss import extract, street
from tests.services.test_plan import V1, V2
from tests.sources.plan_books import tracker

HARM_HEAD = "Geography code,Measure,Period,Count\n"


@pytest.fixture
def ws(store_backend, empty_workspace):
    return empty_workspace


def last_load_id(ws) -> int:
    return int(ws.read(sa.select(sa.func.max(load_log.c.id))).iloc[0, 0])


def snapshot(ws) -> tuple:
    """Everything a user could see of the workspace: the summary, every value in stored order, the areas."""
    values = read_values(ws).reset_index(drop=True)
    return ws.summary(), values, ws.areas().reset_index(drop=True)


def assert_same(before: tuple, after: tuple) -> None:
    assert after[0] == before[0]
    pd.testing.assert_frame_equal(after[1], before[1])
    pd.testing.assert_frame_equal(after[2], before[2])


def test_undoing_a_latest_period_extract_brings_the_replaced_values_back(ws):
    periods = [str(y) for y in range(2011, 2024)]
    indicator_files.load_fingertips_export(ws, "full.csv", extract(periods))
    before = snapshot(ws)
    indicator_files.load_fingertips_export(ws, "latest.csv", extract(["2023"], value=lambda i: 99.0))
    latest = read_values(ws, ["period", "value"])
    assert len(latest) == 39 and (latest.loc[latest["period"] == "2023", "value"] == 99.0).all()
    done = undo_load(ws, last_load_id(ws))
    assert done.summary == ("Undid load 2 (latest.csv): the 3 rows it loaded are taken away and the 3 it replaced "
                            "are back.")
    assert_same(before, snapshot(ws))
    back = read_values(ws, ["period", "value"])
    assert back.loc[back["period"] == "2023", "value"].tolist() == [47.0, 48.0, 49.0]  # 10 + rows 37 to 39 of the first file
    log = ws.loads().set_index("id")
    assert pd.notna(log.loc[2, "undone_at"]) and pd.isna(log.loc[1, "undone_at"])
    with pytest.raises(WorkspaceError, match=r"^Load 2 \(latest.csv\) was already undone on \d+ \w+ \d{4}\.$"):
        undo_load(ws, 2)


def test_an_earlier_load_waits_until_the_later_one_built_on_it_is_undone(ws):
    empty = snapshot(ws)
    indicator_files.load_fingertips_export(ws, "full.csv", extract(["2021", "2022"]))
    indicator_files.load_fingertips_export(ws, "other.csv", extract(["2022"], indicator="90001"))
    indicator_files.load_fingertips_export(ws, "latest.csv", extract(["2022"], value=lambda i: 5.0))
    middle = snapshot(ws)
    with pytest.raises(WorkspaceError, match=r"^Load 1 \(full.csv\) cannot be undone while the later load 3 "
                                             r"\(latest.csv\) builds on what it loaded: undo load 3 first\.$"):
        undo_load(ws, 1)
    assert_same(middle, snapshot(ws))  # a refusal changes nothing
    other = undo_load(ws, 2)  # another indicator: no later load built on it
    assert "the 3 rows it loaded are taken away" in other.summary
    undo_load(ws, 3)
    undo_load(ws, 1)  # now the first load can go too, with the areas and catalogue entries it added
    after = snapshot(ws)
    assert after[0] == empty[0] and after[1].empty and after[2].empty


def test_undo_restores_what_a_load_filled_in_for_an_area_but_never_a_name(ws):
    with ws.begin() as conn:
        area_register.upsert(ws, conn, [{"code": "E08000014", "name": "Sefton"}])
    before = snapshot(ws)
    renamed = {"E08000014": "West Sussex", "E08000015": "Wirral"}
    indicator_files.load_fingertips_export(ws, "x.csv", extract(["2022"], areas=renamed))
    areas = ws.areas().set_index("code")
    assert areas.loc["E08000014", "name"] == "Sefton" and areas.loc["E08000014", "parent_code"] == "E12000002"
    done = undo_load(ws, last_load_id(ws))
    assert done.summary.endswith("; 2 areas and 1 catalogue entry it added or changed are as they were.")
    assert_same(before, snapshot(ws))


def police_totals(ws) -> dict:
    counts = stored_datasets.latest(ws, police.KIND)
    return counts.groupby(["month", "crime_type"])["count"].sum().to_dict()


def test_undoing_a_police_file_brings_back_the_crimes_it_replaced(ws):
    geography_loading.load_police(ws, "all.csv", street("2024-01", {"Drugs": 12, "Burglary": 30}))
    before = snapshot(ws)
    geography_loading.load_police(ws, "drugs.csv", street("2024-01", {"Drugs": 9, "Shoplifting": 2}))
    assert police_totals(ws) == {("2024-01", "Drugs"): 9, ("2024-01", "Burglary"): 30,
                                 ("2024-01", "Shoplifting"): 2}
    done = undo_load(ws, 2)
    assert done.summary == ("Undid load 2 (drugs.csv): the 11 rows it loaded are taken away and the 12 it replaced "
                            "are back.")
    assert police_totals(ws) == {("2024-01", "Drugs"): 12, ("2024-01", "Burglary"): 30}
    assert_same(before, snapshot(ws))
    geography_loading.load_police(ws, "feb.csv", street("2024-02", {"Drugs": 4}))
    with pytest.raises(WorkspaceError, match=r"later load 3 \(feb.csv\) builds on what it loaded"):
        undo_load(ws, 1)  # the stored table of counts is one dataset: a later police load holds load 1's rows


def test_undoing_a_harm_file_restores_the_stored_dataset(ws):
    geography_loading.load_harm(ws, "all.csv", (HARM_HEAD + "E05000001,naloxone_supplied,2024/25,10\n"
                                                "E05000002,naloxone_supplied,2024/25,20\n").encode())
    before = snapshot(ws)
    first = stored_datasets.latest(ws, "harm_counts")
    geography_loading.load_harm(ws, "one.csv", (HARM_HEAD + "E05000002,naloxone_supplied,2024/25,25\n").encode())
    undo_load(ws, 2)
    pd.testing.assert_frame_equal(stored_datasets.latest(ws, "harm_counts"), first)
    assert_same(before, snapshot(ws))
    undo_load(ws, 1)
    assert stored_datasets.catalogue(ws).empty and ws.summary()["loads"] == 0


def test_undoing_a_plan_upload_takes_its_version_away_and_keeps_the_others(ws):
    ws.upsert_areas([{"code": "E08000015", "name": "Wirral", "is_partnership": True}])
    v1 = plan.add_plan_version(ws, "E08000015", "plan.xlsx", tracker(V1), uploaded_by="Jo")
    before = snapshot(ws)
    report = load_file(ws, "plan-v2.xlsx", tracker(V2), partnership_code="E08000015")
    assert report.details["new_version"]
    done = undo_load(ws, last_load_id(ws))
    assert done.summary == ("Undid load 2 (plan-v2.xlsx): its delivery-plan version is taken away (the uploaded "
                            "file is kept).")
    assert plan.versions(ws, "E08000015")["id"].tolist() == [v1]
    assert_same(before, snapshot(ws))
    again = load_file(ws, "plan-v2.xlsx", tracker(V2), partnership_code="E08000015")
    assert again.details["new_version"]  # the same file can be uploaded again as a new version


@pytest.mark.parametrize("given, message", [
    (99, "There is no load 99 in this workspace; the load history on the Data page lists them."),
    ("abc", "'abc' is not a load number; give the number shown in the load history, such as 12."),
    ("-1", "'-1' is not a load number; give the number shown in the load history, such as 12."),
])
def test_a_bad_load_number_gets_one_sentence(ws, given, message):
    with pytest.raises(WorkspaceError, match=f"^{message.replace('(', '[(]').replace(')', '[)]')}$"):
        undo_load(ws, given)
