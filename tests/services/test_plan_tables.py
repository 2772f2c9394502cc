"""The Delivery plan page's tables and headline figures, worked out by the service in the page's words."""

from __future__ import annotations

import datetime as dt

from cdp_data.present import plan as plan_words
from cdp_data.services import plan


def _tracked(rows):
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["action", "priority", "lead", "due", "status"])
    return plan_words.with_status_words(frame)

def test_status_table_counts_each_status_with_a_total():
    frame = _tracked([("A", "P1", "Jo", None, "red"), ("B", "P1", "Jo", None, "green"),
                      ("C", "P1", "Al", None, "green"), ("D", None, "Al", None, "complete")])
    table = plan_words.status_table(plan.status_summary(frame, "priority"), "priority")
    assert table.columns.tolist() == ["Priority", "Red", "Green", "Complete", "Total"]
    p1 = table.set_index("Priority").loc["P1"]
    assert (p1["Red"], p1["Green"], p1["Complete"], p1["Total"]) == (1, 2, 0, 3)
    assert table.set_index("Priority").loc["Not given", "Total"] == 1

def test_headline_counts_hand_worked():
    today = dt.date(2025, 3, 31)
    frame = _tracked([("A", "P1", "Jo", dt.date(2025, 3, 1), "red"),         # 30 days overdue
                      ("B", "P1", "Jo", dt.date(2025, 4, 15), "amber"),      # due in 15 days
                      ("C", "P1", "Jo", dt.date(2025, 1, 1), "complete"),    # done: never overdue
                      ("D", "P1", "Jo", None, "green")])
    assert plan.headline_counts(frame, today) == [("Actions", 4), ("Overdue", 1), ("Due in 30 days", 1),
                                                  ("Red", 1), ("Amber", 1), ("Green", 1), ("Complete", 1)]
