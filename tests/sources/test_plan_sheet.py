"""The steps of the plan-sheet reader, one at a time (cells built in code; no workbook needed)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from cdp_data.core.errors import PlanError
from cdp_data.sources import plan_sheet, plan_workbook


def cells(*values):
    return [SimpleNamespace(value=v) for v in values]


def test_expand_merges_points_covered_cells_at_their_top_left():
    merges = plan_sheet.expand_merges([(5, 0, 7, 0), (2, 1, 2, 2)])
    assert merges.parent == {(6, 0): (5, 0), (7, 0): (5, 0), (2, 2): (2, 1)}
    assert merges.rows == {2, 5, 6, 7}
    top = cells("Treatment", None)
    merges.remember(5, top)
    assert merges.cell(7, 0, None) is top[0]
    assert merges.cell(8, 0, "own") == "own"      # not merged: the row's own cell


def test_find_header_takes_the_row_with_most_recognised_columns():
    head = [(1, cells("Action plan", "Last updated 01/10/2024"), None), (2, cells(None, None), None),
            (3, cells("Ref", "Action", "Lead", "RAG"), None)]
    scan = plan_sheet.find_header(head, plan_sheet.expand_merges([]))
    assert scan.header.index == 2 and scan.header.fields == {"ref": 0, "action": 1, "lead": 2, "status": 3}
    assert scan.header.action_words == "action"
    assert scan.found_content and scan.first_texts[:2] == ["Action plan", "Last updated 01/10/2024"]


def test_find_header_reports_no_header_but_the_texts_it_saw():
    scan = plan_sheet.find_header([(1, cells("Notes", "Budget"), None)], plan_sheet.expand_merges([]))
    assert scan.header is None and scan.found_content and scan.first_texts == ["Notes", "Budget"]


def test_title_defaults_read_an_objective_from_a_title_row():
    rows_above = [(1, cells("Objective 2: Reduce drug-related deaths"), None), (2, cells(None), None)]
    assert plan_sheet.title_defaults(rows_above, {"action": 0, "lead": 1}) == {
        "priority": None, "objective": "Reduce drug-related deaths"}
    assert plan_sheet.title_defaults(rows_above, {"action": 0, "objective": 1})["objective"] is None


def test_split_actions_aligns_leads_line_by_line_or_warns():
    warnings: list[str] = []
    raw = {"lead": "Police\nProbation", "due": "March 2025", "status": "Green"}
    rows = plan_sheet.split_actions(["Close lines", "Meet at the gate"], raw, "Sheet 'Plan'", "D4", warnings)
    assert [(r.action, r.lead, r.due, r.status) for r in rows] == [
        ("Close lines", "Police", "March 2025", "Green"), ("Meet at the gate", "Probation", "March 2025", "Green")]
    assert warnings == []
    rows = plan_sheet.split_actions(["A", "B", "C"], raw, "Sheet 'Plan'", "D4", warnings)
    assert [r.lead for r in rows] == ["Police\nProbation"] * 3
    assert warnings == ["Sheet 'Plan' cell D4: 3 actions but 2 leads; the whole cell is kept as the lead of each."]


def test_read_due_and_read_status_warn_with_the_cell():
    warnings: list[str] = []
    assert plan_sheet.read_due("Q3 2024/25", "Sheet 'Plan' cell E5", warnings) == (dt.date(2024, 12, 31),
                                                                                   "Q3 2024/25")
    assert plan_sheet.read_due("sometime 20xx", "Sheet 'Plan' cell E6", warnings) == (None, "sometime 20xx")
    assert plan_sheet.read_status("Amber/Green", None, "Sheet 'Plan' cell F5", warnings) == "amber"
    assert plan_sheet.read_status("Purple", None, "Sheet 'Plan' cell F6", warnings) is None
    assert warnings == ["Sheet 'Plan' cell E6: “sometime 20xx”: could not read a date.",
                        "Sheet 'Plan' cell F6: status “Purple” not recognised; left blank."]


def test_is_repeated_header_only_for_the_same_action_heading():
    header = plan_sheet.Header(0, {"action": 0, "lead": 1}, "action")
    assert plan_sheet.is_repeated_header("Action", cells("Action", "Lead"), header) == {"action": 0, "lead": 1}
    assert plan_sheet.is_repeated_header("Action", cells("Action", "Budget"), header) is None
    assert plan_sheet.is_repeated_header("Open a hub", cells("Open a hub", "Lead"), header) is None


def test_plan_or_refusal_names_what_it_found():
    found = plan_workbook._Found()
    found.add("Budget", [], True, ["Line", "Amount"])
    with pytest.raises(PlanError, match=r"no recognisable header.*\(found 'Budget' \(Line, Amount\)\)\."):
        plan_workbook.plan_or_refusal("p.xlsx", found, [])
    with pytest.raises(PlanError, match="is an empty workbook"):
        plan_workbook.plan_or_refusal("p.xlsx", plan_workbook._Found(), [])
