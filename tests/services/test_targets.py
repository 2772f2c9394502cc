"""Statuses on the demo, saving baselines and targets, importing an indicators sheet (hand-worked values)."""

import datetime as dt

import pandas as pd
import pytest

from cdp_data import targets as tg
from cdp_data.core.errors import LoadError
from cdp_data.services import targets as svc

D = dt.date


REPORT_DAY = D(2024, 1, 15)   # between the demo's data (to Nov 2023) and its 2023/24 target dates
MEETING_DAY = D(2026, 12, 2)  # the meeting of issue 15: every demo target date has passed


def by_key(ws, code, as_of=REPORT_DAY):
    return {s.indicator_id: s for s in svc.target_statuses(ws, code, as_of)}


def test_demo_statuses_are_the_defensible_ones(workspace):
    lancs = by_key(workspace, "E10000017")
    yp = lancs["young_people_in_treatment"]
    assert (yp.baseline, yp.latest, yp.target, yp.status) == (196, 301, 244, tg.ACHIEVED)
    assert yp.change == 105 and yp.change_percent == pytest.approx(53.57, abs=0.01)
    coc = lancs["continuity_of_care"]
    assert (coc.baseline, coc.latest, coc.status) == (37, 64, tg.NO_TARGET)
    assert coc.change_text == "+27.0 percentage points"
    assert lancs["adults_in_treatment"].status == tg.ACHIEVED  # 6,919 against at most 6,719
    assert lancs["caseload_per_worker"].status == tg.OFF_TRACK  # 70 in 2024 against 40 by 2024, lower is better
    wirral = by_key(workspace, "E08000015")
    assert wirral["continuity_of_care"].status == tg.NOT_ENOUGH_DATA  # target 70%, no figures yet


def test_demo_statuses_as_of_the_meeting_day_wait_for_data_covering_passed_targets(workspace):
    lancs = by_key(workspace, "E10000017", MEETING_DAY)
    # 301 against 244 by 31 Mar 2024, data to 30 Nov 2023: not Achieved by extrapolation
    yp = lancs["young_people_in_treatment"]
    assert (yp.status, yp.data_age_months, yp.data_stale, yp.as_of) == (tg.AWAITING_DATA, 36, True, MEETING_DAY)
    assert lancs["adults_in_treatment"].status == tg.AWAITING_DATA
    # caseload: 70 for calendar 2024 covers the target date (31 Dec 2024) and 70 > 40: Off track on that value
    caseload = lancs["caseload_per_worker"]
    assert (caseload.status, caseload.judged_value, caseload.judged_period) == (tg.OFF_TRACK, 70, "2024")
    # data to Dec 2024 is 23 months old; annual figures allow 15
    assert (caseload.data_age_months, caseload.stale_after_months, caseload.data_stale) == (23, 15, True)
    # Wirral's 70% by 2026/27 (31 Mar 2027) has not passed; still no figures
    assert by_key(workspace, "E08000015", MEETING_DAY)["continuity_of_care"].status == tg.NOT_ENOUGH_DATA


def test_lancashire_continuity_of_care_70_by_2024_25(workspace):
    frame = svc.targets_frame(workspace, "E10000017")
    frame.loc[len(frame)] = {"indicator_id": "continuity_of_care", "value": 70.0, "target_date": "2025-03-31",
                             "period": "2024/25", "kind": "local_ambition"}
    svc.save_targets(workspace, "E10000017", frame)
    # 2 Dec 2026: target date 31 Mar 2025 passed, data ends 30 Nov 2023 -> Awaiting data, 36 months old
    coc = by_key(workspace, "E10000017", MEETING_DAY)["continuity_of_care"]
    assert (coc.baseline, coc.latest, coc.target, coc.status) == (37, 64, 70, tg.AWAITING_DATA)
    assert coc.reason == ("The target date (31 Mar 2025) has passed and the latest data ends in Nov 2023 "
                          "(36 months old): awaiting data that covers the target date.")
    assert (coc.data_age_months, coc.stale_after_months, coc.data_stale) == (36, 4, True)  # monthly: 1 + 3
    # 15 Jan 2024, the pace rule: observed 27 points in 609 days (20.0 months) = 1.35/month; needed 6 points
    # in 487 days (16.0 months) = 0.375/month -> ratio 3.6 -> On track; data 1 month old, not stale
    coc = by_key(workspace, "E10000017", REPORT_DAY)["continuity_of_care"]
    assert (coc.status, coc.data_age_months, coc.data_stale) == (tg.ON_TRACK, 1, False)
    assert coc.required_per_month == pytest.approx(6 / (487 / 30.4375))
    assert coc.observed_per_month == pytest.approx(27 / (609 / 30.4375))


def test_small_counts_are_never_shown(workspace):
    svc.save_baselines(workspace, "E08000014", pd.DataFrame(
        [{"indicator_id": "young_people_in_treatment", "value": 3, "period": "2022", "period_end": "2022-03-31"}]))
    yp = by_key(workspace, "E08000014")["young_people_in_treatment"]
    assert yp.baseline is None and yp.latest == 74


def test_save_targets_round_trip_and_rejects_bad_kind(workspace):
    frame = svc.targets_frame(workspace, "E10000017")
    frame.loc[len(frame)] = {"indicator_id": "continuity_of_care", "value": 75.0, "target_date": "2025-03-31",
                             "period": "2024/25", "kind": "local_ambition"}
    assert svc.save_targets(workspace, "E10000017", frame) == 4
    coc = by_key(workspace, "E10000017")["continuity_of_care"]
    assert coc.target == 75
    # hand-worked (as of 15 Jan 2024): 27 points in 20 months = 1.35/month; needs 11 points in 16 months
    # = 0.69/month -> On track
    assert coc.status == tg.ON_TRACK
    assert by_key(workspace, "E10000017", MEETING_DAY)["continuity_of_care"].status == tg.AWAITING_DATA
    frame.loc[0, "kind"] = "wish"
    with pytest.raises(LoadError, match="Target kind must be one of"):
        svc.save_targets(workspace, "E10000017", frame)


def test_import_tracker_indicators_sheet(workspace, shared_data):
    content = (shared_data / "plans" / "tracker_flat.xlsx").read_bytes()
    report = svc.import_targets_workbook(workspace, "E08000015", "tracker_flat.xlsx", content)
    assert report.details["matched"] == {"Adults in treatment": "adults_in_treatment",
                                         "Young people in treatment": "young_people_in_treatment",
                                         "Continuity of care (%)": "continuity_of_care"}
    targets = svc.targets_frame(workspace, "E08000015").set_index("indicator_id")
    assert targets.loc["adults_in_treatment", "value"] == 6900
    # "Target 2024/25" -> 31 Mar 2025; the seeded 70% by 2026/27 for Wirral is replaced
    assert targets.loc["continuity_of_care", "target_date"] == D(2025, 3, 31)
    assert len(targets) == 3
    base = svc.baselines_frame(workspace, "E08000015").set_index("indicator_id")
    assert base.loc["young_people_in_treatment", "value"] == 196
    assert base.loc["young_people_in_treatment", "period"] == "Mar 2022"
    assert base.loc["young_people_in_treatment", "period_end"] == D(2022, 3, 31)


def halton_sheet() -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Performance"
    sheet.append(["Halton treatment performance framework"])
    sheet.append(["Indicator", "Target", "Reporting frequency"])
    sheet.append(["Criminal Justice", None, None])
    sheet.append(["Successful completions", "50%", "Quarterly"])
    sheet.append(["OCU in effective treatment", "400 +", "Monthly"])
    sheet.append(["Hep B vaccination offered", "Monitor", "Quarterly"])
    sheet.append(["Alcohol related admissions", "Monitor until 2014 and set base line target", "Annual"])
    sheet.append(["Clients with a care plan reviewed", "85%", "Quarterly"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_import_halton_style_rows_adds_unknown_indicators_with_a_warning(workspace):
    report = svc.import_targets_workbook(workspace, "E06000006", "halton.xlsx", halton_sheet())
    matched = report.details["matched"]
    assert matched["Successful completions"] == "successful_completions"
    assert "Criminal Justice" not in matched
    assert matched["OCU in effective treatment"] == "ocu_in_effective_treatment"  # Halton's own metric
    unknown = matched["Clients with a care plan reviewed"]
    assert unknown.startswith("local_")
    assert any("Clients with a care plan reviewed" in w and "not in the catalogue" in w for w in report.warnings)
    targets = svc.targets_frame(workspace, "E06000006").set_index("indicator_id")
    assert targets.loc[matched["OCU in effective treatment"], "value"] == 400
    assert targets.loc[unknown, "value"] == 85
    assert targets.loc[matched["Hep B vaccination offered"], "kind"] == "monitor"
    assert by_key(workspace, "E06000006")[matched["Hep B vaccination offered"]].status == tg.MONITOR
    from cdp_data.services.catalogue import get_catalogue

    cat = get_catalogue(workspace).set_index("indicator_id")
    assert bool(cat.loc[unknown, "user_defined"])
    assert not bool(cat.loc[matched["OCU in effective treatment"], "user_defined"])


def test_import_refuses_a_workbook_without_an_indicators_sheet(workspace, shared_data):
    content = (shared_data / "plans" / "ldp_merged_cells.xlsx").read_bytes()
    with pytest.raises(LoadError, match="no sheet with Indicator and Target columns"):
        svc.import_targets_workbook(workspace, "E06000006", "ldp_merged_cells.xlsx", content)
    with pytest.raises(LoadError, match="could not be opened as an Excel workbook"):
        svc.import_targets_workbook(workspace, "E06000006", "x.xlsx", b"not a workbook")


def test_statuses_carry_the_reason_in_words(workspace):
    lancs = by_key(workspace, "E10000017")
    assert lancs["young_people_in_treatment"].reason == "The latest value has reached the target."
    assert lancs["caseload_per_worker"].reason == "The target date has been reached and the target was not met."
    later = by_key(workspace, "E10000017", MEETING_DAY)
    assert later["caseload_per_worker"].reason == ("The target date has passed and the value at that date did not "
                                                   "reach the target.")
    assert later["young_people_in_treatment"].reason.startswith("The target date (31 Mar 2024) has passed and the "
                                                                "latest data ends in Nov 2023 (36 months old)")
