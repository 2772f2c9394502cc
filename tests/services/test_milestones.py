"""The national milestones: saved as edited and read back."""

import datetime as dt

from cdp_data.services import milestones as ms


def test_milestones_save_and_read_back(workspace):
    checklist = ms.milestone_checklist(workspace, "E08000014")
    assert len(checklist) == 8 and not checklist["met"].any()
    checklist.loc[0, "met_on"] = dt.date(2022, 8, 1)
    checklist.loc[0, "met"] = True
    checklist.loc[1, "met"] = True  # ticked without a date: dated today
    assert ms.save_milestones(workspace, "E08000014", checklist, today=dt.date(2024, 1, 15)) == 2
    again = ms.milestone_checklist(workspace, "E08000014").set_index("milestone")
    assert again.loc["sro_nominated", "met_on"] == dt.date(2022, 8, 1)
    assert again.loc["partnership_formed", "met_on"] == dt.date(2024, 1, 15)
    assert not again.loc["delivery_plan", "met"]
    # other partnerships untouched
    assert not ms.milestone_checklist(workspace, "E10000017")["met"].any()
