"""The meeting's agenda on the demo workspace: which slides, pagination, recorded meetings and "since the last
meeting", the saved agenda. Expected rows are worked out by hand from the demo plan workbooks
(cdp_data/data: the earlier and the later synthetic plan for Lancashire) and the demo's figures."""

import datetime as dt

import pytest

from cdp_data.services import agenda as steps
from cdp_data.services import meeting, plan

LANCS = "E10000017"
DAY = dt.date(2026, 12, 2)


def _ids(agenda: dict) -> list[str]:
    return [s["id"] for s in agenda["slides"]]


def test_the_agenda_has_the_slides_a_meeting_needs(workspace):
    agenda = meeting.agenda(workspace, LANCS, DAY)
    # caseload per worker (70 against a target of 40 by 2024) is the only indicator off track or at risk
    assert _ids(agenda) == ["tiles", "indicator-caseload_per_worker", "exceptions", "changes", "unmet_need",
                            "ward_map", "milestones"]
    titles = [s["title"] for s in agenda["slides"]]
    assert titles[0] == "Are we on track?" and titles[1] == "Caseload per worker"
    tiles = agenda["slides"][0]["rows"]
    assert len(tiles) == 7 and {t["indicator_id"] for t in tiles} >= {"adults_in_treatment", "caseload_per_worker"}
    exceptions = {r["action"]: r for r in agenda["slides"][2]["rows"]}
    # red, due 31 Jul 2026 (124 days before 2 Dec 2026), and moved from 30 Apr 2026 in the later plan (92 days)
    prison = exceptions["Place a treatment worker in each local prison release team"]
    assert prison["why"] == "Red; overdue by 124 days; slipped 92 days"
    assert prison["lead"] == "Probation" and prison["due"] == "31 Jul 2026"
    assert exceptions["Recruit outreach workers to bring people back into treatment"]["why"] == "Overdue by 2 days"
    assert len(exceptions) == 5
    # no meeting recorded yet: "what changed" shows the plan's changes since its previous version
    assert agenda["since"] is None
    changes = agenda["slides"][3]["rows"]
    assert {"what": "Plan: status", "item": "Place a treatment worker in each local prison release team",
            "before": "Amber", "after": "Red"} in changes and len(changes) == 6
    assert agenda["milestones"] == 8 and agenda["milestones_met"] == 0


def test_a_long_list_continues_on_further_slides(workspace):
    # by the end of 2028 every open action of the later plan is overdue: 12 actions, one complete -> 11 rows
    agenda = meeting.agenda(workspace, LANCS, dt.date(2028, 12, 31))
    pages = [s for s in agenda["slides"] if s["section"] == "exceptions"]
    assert [(s["id"], s["title"], len(s["rows"])) for s in pages] == [
        ("exceptions-1", "Delivery plan exceptions (1 of 2)", 8),
        ("exceptions-2", "Delivery plan exceptions (2 of 2)", 3)]
    assert len({r["action"] for s in pages for r in s["rows"]}) == 11


def test_since_the_last_meeting_compares_with_the_recorded_meeting(workspace):
    versions = plan.versions(workspace, LANCS)
    earlier, later = sorted(versions["id"].astype(int))
    first = meeting.record_meeting(workspace, LANCS, dt.date(2024, 1, 15), plan_version_id=earlier)
    second = meeting.record_meeting(workspace, LANCS, dt.date(2026, 9, 1), plan_version_id=later)
    recorded = meeting.recorded_meetings(workspace, LANCS)
    assert [m["id"] for m in recorded] == [second, first]
    # on 15 Jan 2024 adults in treatment (6,919) had passed its target of 6,719 for 2023/24: Achieved then
    assert recorded[1]["data_as_of"]["adults_in_treatment"] == {
        "status": "Achieved", "latest_period": "12 months to Nov 2023", "latest_end": "2023-11-30"}
    assert recorded[1]["plan_version_id"] == earlier

    # the default: the last meeting before the day, 1 Sep 2026, with the same plan and statuses: nothing changed
    latest = meeting.agenda(workspace, LANCS, DAY)
    assert latest["since"]["id"] == second
    assert next(s for s in latest["slides"] if s["kind"] == "changes")["rows"] == []

    # compared with the first: two statuses changed (their 2023/24 targets passed with data to Nov 2023 only),
    # so those indicators get a slide too; the plan changes are those between the two workbooks
    agenda = meeting.agenda(workspace, LANCS, DAY, since=first)
    assert _ids(agenda)[1:4] == ["indicator-adults_in_treatment", "indicator-caseload_per_worker",
                                 "indicator-young_people_in_treatment"]
    rows = next(s for s in agenda["slides"] if s["kind"] == "changes")["rows"]
    assert {"what": "Status", "item": "Adults in treatment", "before": "Achieved", "after": "Awaiting data"} in rows
    assert {"what": "Plan: date slipped", "item": "Place a treatment worker in each local prison release team",
            "before": "30 Apr 2026", "after": "31 Jul 2026"} in rows
    assert {"what": "Plan: status", "item": "Place a treatment worker in each local prison release team",
            "before": "Amber", "after": "Red"} in rows
    assert {"what": "Plan: new action", "item": "Provide harm-reduction messaging at summer events",
            "before": "not in the plan", "after": "added, led by Community safety partnership"} in rows
    assert len(rows) == 8


def test_recording_the_same_day_again_replaces_it_and_bad_input_is_refused(workspace):
    one = meeting.record_meeting(workspace, LANCS, dt.date(2025, 3, 1))
    again = meeting.record_meeting(workspace, LANCS, dt.date(2025, 3, 1), agenda={"order": ["tiles"], "skipped": []})
    assert one == again and len(meeting.recorded_meetings(workspace, LANCS)) == 1
    with pytest.raises(meeting.MeetingError, match="not a partnership in the workspace"):
        meeting.record_meeting(workspace, "E99999999", dt.date(2025, 3, 1))
    with pytest.raises(meeting.MeetingError, match="on or before today"):
        meeting.record_meeting(workspace, LANCS, dt.date.today() + dt.timedelta(days=3))
    with pytest.raises(meeting.MeetingError, match="not one of E10000017's stored versions"):
        meeting.record_meeting(workspace, LANCS, dt.date(2025, 4, 1), plan_version_id=999)
    with pytest.raises(meeting.MeetingError, match="Keep at least one slide"):
        meeting.save_agenda(workspace, LANCS, ["tiles", "milestones"], ["tiles", "milestones"])
    assert len(meeting.recorded_meetings(workspace, LANCS)) == 1 and meeting.saved_agenda(workspace, LANCS) is None


def test_the_saved_agenda_orders_and_skips_sections(workspace):
    meeting.save_agenda(workspace, LANCS, ["milestones", "tiles", "exceptions"], ["ward_map", "unmet_need"])
    agenda = meeting.agenda(workspace, LANCS, DAY)
    # saved sections first in their order; the indicator and "what changed" keep their place after the
    # section they follow by default; skipped sections are not shown but stay in the agenda's list
    assert _ids(agenda) == ["milestones", "tiles", "indicator-caseload_per_worker", "exceptions", "changes"]
    assert [(s["section"], s["skipped"]) for s in agenda["sections"]][-2:] == [("unmet_need", True),
                                                                              ("ward_map", True)]


# ---- the pure steps ---------------------------------------------------------------------------------------
def test_pages_of_and_paged():
    assert steps.pages_of(list(range(17)), 8) == [list(range(8)), list(range(8, 16)), [16]]
    assert steps.pages_of([], 8) == [[]]
    slides = steps.paged("exceptions", "exceptions", list(range(9)))
    assert [(s.id, s.page, s.pages, len(s.rows)) for s in slides] == [("exceptions-1", 1, 2, 8),
                                                                      ("exceptions-2", 2, 2, 1)]
    first, *rest = steps.indicator_slides("x", [{"action": str(i)} for i in range(12)])
    assert len(first.rows) == 3 and [len(s.rows) for s in rest] == [8, 1] and rest[0].kind == "actions"


def test_arrange_and_moved():
    sections = ["tiles", "indicator:a", "exceptions", "changes", "milestones"]
    assert steps.arrange(sections, None) == (sections, set())
    order, skipped = steps.arrange(sections, {"order": ["exceptions", "tiles", "gone"], "skipped": ["changes", "x"]})
    assert order == ["exceptions", "changes", "milestones", "tiles", "indicator:a"] and skipped == {"changes"}
    assert steps.moved(["a", "b", "c"], "c", -1) == ["a", "c", "b"]
    assert steps.moved(["a", "b", "c"], "a", -1) == ["a", "b", "c"]


def test_what_changed_between_two_snapshots():
    before = {"a": {"status": "On track", "latest_period": "2023", "latest_end": "2023-12-31"},
              "b": {"status": "Off track", "latest_period": "2023", "latest_end": "2023-12-31"}}
    now = {"a": {"status": "At risk", "latest_period": "2024", "latest_end": "2024-12-31"},
           "b": {"status": "Off track", "latest_period": "2023", "latest_end": "2023-12-31"},
           "c": {"status": "No target", "latest_period": "Q1 2025", "latest_end": "2025-06-30"}}
    assert steps.status_changes(now, before) == [{"indicator_id": "a", "before": "On track", "after": "At risk"}]
    assert steps.new_periods(now, before) == [{"indicator_id": "a", "before": "2023", "after": "2024"},
                                              {"indicator_id": "c", "before": None, "after": "Q1 2025"}]
    assert steps.watched_indicators(now, before) == ["a", "b"]
    assert steps.watched_indicators({"c": {"status": "No target"}}, None) == []
