"""The baselines, targets and milestones tables: replace a partnership's rows, keep the others."""

import datetime as dt

import pandas as pd

from cdp_data.store import targets_repo as repo


def test_replace_baselines_and_targets_of_one_partnership(workspace):
    others = len(repo.baseline_rows(workspace)) - len(repo.baseline_rows(workspace, "E10000017"))
    with workspace.begin() as conn:
        repo.replace_baselines(conn, "E10000017", [dict(partnership_code="E10000017", indicator_id="x", value=1.0)])
        repo.replace_targets(conn, "E10000017", [])
    assert repo.baselines_frame(workspace, "E10000017")["indicator_id"].tolist() == ["x"]
    assert repo.targets_frame(workspace, "E10000017").empty
    assert len(repo.baseline_rows(workspace)) == others + 1


def test_an_import_replaces_only_the_indicators_it_holds(workspace):
    before = repo.targets_frame(workspace, "E10000017")["indicator_id"].tolist()
    assert before == ["adults_in_treatment", "caseload_per_worker", "young_people_in_treatment"]
    row = dict(partnership_code="E10000017", indicator_id="adults_in_treatment", value=7000.0,
               target_date=dt.date(2025, 3, 31))
    with workspace.begin() as conn:
        repo.replace_for_indicators(conn, "E10000017", [], [row], ["adults_in_treatment"])
    after = repo.targets_frame(workspace, "E10000017").set_index("indicator_id")
    assert list(after.index) == before and after.loc["adults_in_treatment", "value"] == 7000
    assert after.loc["adults_in_treatment", "target_date"] == dt.date(2025, 3, 31)


def test_milestones_are_replaced_by_key(workspace):
    assert repo.milestone_rows(workspace, None).empty
    with workspace.begin() as conn:
        repo.replace_milestones(conn, "E08000014", [dict(partnership_code="E08000014", milestone="sro_nominated",
                                                         met_on=dt.date(2022, 8, 1), note=None)])
    rows = repo.milestone_rows(workspace, "E08000014").set_index("milestone")
    assert rows.loc["sro_nominated", "met_on"] == dt.date(2022, 8, 1)
    assert rows["met_on"].notna().sum() == 1 and len(rows) == 8  # the demo seeds every milestone unmet


def test_headline_values_leave_out_breakdowns(workspace):
    values = repo.headline_values(workspace, "E10000017")
    assert {"category_type", "sex", "load_id"}.isdisjoint(values.columns)
    assert not values.duplicated(["indicator_id", "area_code", "period"]).any()
    coc = values[values["indicator_id"] == "continuity_of_care"].sort_values("period_end")
    assert coc["value"].tolist() == [37, 64]


def _headline_reference(frame: pd.DataFrame) -> pd.DataFrame:
    """The rule in pandas: headline rows, "Persons" before a blank sex, then the earlier load, the first kept."""
    frame = frame[(frame["category_type"] == "") & frame["sex"].isin(["", "Persons"])].copy()
    frame["_sex"] = frame["sex"] != "Persons"
    frame = frame.sort_values(["indicator_id", "area_code", "period_end", "_sex", "load_id"], kind="stable",
                              na_position="first").drop_duplicates(["indicator_id", "area_code", "period"])
    return frame.drop(columns=["category_type", "sex", "load_id", "_sex"]).reset_index(drop=True)


def test_headline_values_order_and_choice_in_arrow_match_pandas(monkeypatch):
    """Missing period ends and loads sort first, chunks with different dictionaries, a repeated key: the rows
    headline_values keeps (ordered and chosen in Arrow) are those the pandas rule keeps, in its order."""
    import pyarrow as pa
    from cdp_data.store.segments import first_of_each, to_frame, to_table
    day, later = dt.date(2022, 3, 31), dt.date(2023, 3, 31)
    rows = [("b", "E2", "2022", day, "Persons", 2), ("b", "E2", "2022", day, "", 1), ("a", "E1", "2023", later, "", 3),
            ("a", "E1", "2023", later, "", None), ("a", "E1", None, None, "", 1), ("a", "E1", None, None, "", 2),
            ("a", None, "2022", day, "Persons", 1), ("b", "E2", "2022", day, "Male", 0), ("a", "E1", "2023", day, "", 1)]
    frame = pd.DataFrame([dict(indicator_id=i, area_code=a, period=p, period_end=e, value=float(n), count=None,
                               source="s", note=None, is_synthetic=False, sex=s, load_id=l,
                               category_type="x" if n == 8 else "")
                          for n, (i, a, p, e, s, l) in enumerate(rows)])
    table = pa.concat_tables([to_table(frame.iloc[:4]), to_table(frame.iloc[4:])])
    monkeypatch.setattr(repo, "read_table", lambda ws, columns, **_: table.select(columns))
    expected = _headline_reference(to_frame(table).reindex(columns=list(frame.columns)))
    pd.testing.assert_frame_equal(repo.headline_values(None), expected[list(repo.headline_values(None).columns)])
    assert repo.headline_values(None)["value"].tolist() == [6.0, 4.0, 3.0, 0.0]
    assert first_of_each(table, ["indicator_id", "period"]).column("value").to_pylist() == [0.0, 2.0, 4.0, 6.0]
