"""The baselines, targets and milestones tables: replace a partnership's rows, keep the others."""

import datetime as dt

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
