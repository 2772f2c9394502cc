"""The delivery-plan domain: matching versions, what is late or due soon, counts by status (codes)."""

from __future__ import annotations

import datetime as dt

from cdp_data import plan as plan_domain
from cdp_data.present import plan as plan_words
from cdp_data.services import plan
from cdp_data.sources import plan_workbook
from tests.sources.plan_books import xlsx


def test_matching_by_text_when_there_is_no_ref():
    old = plan_workbook.parse_workbook(xlsx([["Action", "Status"], ["Open a hub", "Amber"], ["Train staff", "Red"]]))
    new = plan_workbook.parse_workbook(xlsx([["Action", "Status"], ["Open a  HUB.", "Green"], ["Run a campaign", "Red"]]))
    result = plan_words.shown_comparison(plan_domain.compare_frames(old.frame(), new.frame()))
    assert result.matched_on == "action text"
    assert result.status_changes[["before", "after"]].values.tolist() == [["Amber", "Green"]]
    assert result.added["action"].tolist() == ["Run a campaign"]
    assert result.removed["action"].tolist() == ["Train staff"]

def test_overdue_and_due_soon():
    parsed = plan_workbook.parse_workbook(xlsx([["Action", "Due", "Status"],
                                       ["Late", "01/01/2025", "Amber"], ["Done late", "01/01/2025", "Complete"],
                                       ["Soon", "20/01/2025", "Green"], ["Later", "31/03/2025", "Green"],
                                       ["No date", "Ongoing", "Green"]]))
    frame = parsed.frame()
    today = dt.date(2025, 1, 10)
    assert plan_domain.overdue(frame, today)["action"].tolist() == ["Late"]
    assert plan_domain.overdue(frame, today)["days_overdue"].tolist() == [9]
    assert plan_domain.due_soon(frame, today, 30)["action"].tolist() == ["Soon"]
    summary = plan_domain.status_summary(frame, "lead")
    assert summary["actions"].sum() == 5
    assert plan_domain.filter_actions(frame, search="LATE")["action"].tolist() == ["Late", "Done late", "Later"]
    assert plan.filter_actions(frame, statuses=["Green"])["action"].tolist() == ["Soon", "Later", "No date"]

def test_linked_actions_keeps_only_actions_in_this_version():
    import pandas as pd
    frame = pd.DataFrame({"action_key": ["k1", "k2"], "action": ["Open a hub", "Train staff"]})
    links = pd.DataFrame({"action_key": ["k1", "gone"], "indicator_id": ["93517", "90244"],
                          "indicator": ["Unmet need", "Deaths"]})
    table = plan_domain.linked_actions(links, frame)
    assert table.to_dict("records") == [{"action": "Open a hub", "indicator_id": "93517", "indicator": "Unmet need"}]


def _actions(rows):
    import pandas as pd

    return pd.DataFrame(rows, columns=["action", "priority", "lead", "due", "status"])


def test_the_domain_speaks_in_status_codes():
    frame = _actions([("A", "P1", "Jo", dt.date(2025, 3, 1), "red"), ("B", "P1", "Jo", dt.date(2025, 4, 15), "amber"),
                      ("C", None, "Al", dt.date(2025, 1, 1), "complete"), ("D", "P1", "Al", None, None)])
    summary = plan_domain.status_summary(frame, "priority")
    assert summary.values.tolist()[:3] == [["Not given", "complete", 1], ["P1", "red", 1], ["P1", "amber", 1]]
    assert plan_domain.status_code(summary["status"].iloc[3]) is None and summary["actions"].iloc[3] == 1
    assert plan_domain.headline_counts(frame, dt.date(2025, 3, 31)) == [
        ("actions", 4), ("overdue", 1), ("due_soon", 1), ("red", 1), ("amber", 1), ("green", 0), ("complete", 1)]
    assert plan_domain.filter_actions(frame, statuses=[None, "red"])["action"].tolist() == ["A", "D"]


def test_comparison_gives_codes_and_raw_values():
    old = _actions([("Open a hub", "P1", "Jo", dt.date(2025, 3, 31), "amber")]).assign(
        ref=None, objective=None, due_text=None, progress=None, sheet="Plan", row=2)
    new = old.assign(status="green", due=[dt.date(2025, 6, 30)], due_text="June 2025")
    result = plan_domain.compare_frames(old, new)
    assert result.status_changes[["before", "after", "direction"]].values.tolist() == [["amber", "green", "better"]]
    assert result.changed[["field", "before", "after"]].values.tolist() == [
        ["due", dt.date(2025, 3, 31), dt.date(2025, 6, 30)], ["due_text", None, "June 2025"],
        ["status", "amber", "green"]]
    shown = plan_words.shown_comparison(result)
    assert shown.changed[["field", "before", "after"]].values.tolist() == [
        ["due", "31 Mar 2025", "30 Jun 2025"], ["due text", "", "June 2025"], ["status", "Amber", "Green"]]
