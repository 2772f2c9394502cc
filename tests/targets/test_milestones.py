"""The milestones checklist from stored rows, and the rows to store from an edited checklist."""

import datetime as dt

import pandas as pd
import pytest

from cdp_data.core.errors import LoadError
from cdp_data.targets import milestones as ms


def test_checklist_in_the_strategy_order_with_stored_dates():
    stored = pd.DataFrame([{"milestone": "partnership_formed", "met_on": dt.datetime(2022, 8, 1, 0, 0), "note": "ok"}])
    checklist = ms.checklist(stored)
    assert checklist["milestone"].tolist() == [key for key, _ in ms.MILESTONES]
    formed = checklist.set_index("milestone").loc["partnership_formed"]
    assert formed["met"] and formed["met_on"] == dt.date(2022, 8, 1) and formed["note"] == "ok"
    assert checklist["met"].sum() == 1 and checklist.loc[0, "note"] == ""


def test_rows_from_an_edited_checklist():
    frame = pd.DataFrame([
        {"milestone": "sro_nominated", "met": True, "met_on": None, "note": ""},
        {"milestone": "partnership_formed", "met": False, "met_on": "2022-08-01", "note": "later"},
        {"milestone": "footprint_confirmed", "met": None, "met_on": "2023-05-02", "note": None},
        {"milestone": "not_a_milestone", "met": True, "met_on": None, "note": None}])
    rows = ms.milestone_rows(frame, "E1", dt.date(2024, 1, 15))
    assert rows == [
        {"partnership_code": "E1", "milestone": "sro_nominated", "met_on": dt.date(2024, 1, 15), "note": None},
        {"partnership_code": "E1", "milestone": "partnership_formed", "met_on": None, "note": "later"},
        {"partnership_code": "E1", "milestone": "footprint_confirmed", "met_on": dt.date(2023, 5, 2), "note": None}]
    with pytest.raises(LoadError, match="is not a date"):
        ms.milestone_rows(pd.DataFrame([{"milestone": "sro_nominated", "met": True, "met_on": "soon"}]), "E1",
                          dt.date(2024, 1, 15))
